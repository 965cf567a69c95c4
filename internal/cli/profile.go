package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/config"
)

// profile is a bundle of settings (see config.Profiles).
type profile string

const (
	profileDefault  profile = "default"
	profileStrict   profile = "strict"
	profilePedantic profile = "pedantic"
)

// resolveProfile is the profile of the run: --profile (or --strict, --pedantic), else
// the configuration's, else default.
func (o *options) resolveProfile(c *config.Config) (profile, error) {
	named := 0
	p := profileDefault
	if c != nil && c.Profile != "" {
		p = profile(c.Profile)
	}
	if o.strict {
		p, named = profileStrict, named+1
	}
	if o.pedantic {
		p, named = profilePedantic, named+1
	}
	if o.profile != "" {
		if !slices.Contains(config.Profiles, o.profile) {
			return "", fmt.Errorf("unknown --profile %q; want %s%s", o.profile, analyzer.QuoteOrList(config.Profiles), analyzer.DidYouMean(o.profile, config.Profiles))
		}
		p, named = profile(o.profile), named+1
	}
	if named > 1 {
		return "", errors.New("give one of --profile, --strict and --pedantic")
	}
	return p, nil
}

// strictPins says whether every action must be pinned to a commit SHA.
func (p profile) strictPins() bool { return p == profileStrict || p == profilePedantic }

// minConfidence is the least sure finding shown: flag when given, else the profile's.
func (p profile) minConfidence(flag string) (analyzer.Confidence, error) {
	if flag != "" {
		return analyzer.ParseConfidence(flag)
	}
	if p == profilePedantic {
		return analyzer.Low, nil
	}
	return analyzer.Medium, nil
}

// failOn is the lowest severity that fails the run: flag when given, else the profile's.
// The default profile fails only on errors (what GitHub rejects, what certainly
// misbehaves, what is exploitable); warnings are shown and annotated but a first run
// does not fail on a likely bug or a policy it never chose. strict and pedantic fail on
// warnings too.
func (p profile) failOn(flag string) (analyzer.Severity, error) {
	if flag != "" {
		return analyzer.ParseSeverity(flag)
	}
	if p == profileDefault {
		return analyzer.Error, nil
	}
	return analyzer.Warning, nil
}

// parseRemote reads the owner and name from a git remote URL: https://HOST/OWNER/REPO(.git),
// git@HOST:OWNER/REPO.git, ssh://git@HOST/OWNER/REPO. Written out rather than as a
// regular expression, which every run in a repository compiled; TestParseRemote checks it
// against that expression.
func parseRemote(url string) (owner, name string, ok bool) {
	for _, scheme := range []string{"https://", "http://", "ssh://"} {
		if rest, found := strings.CutPrefix(url, scheme); found {
			url = rest
			break
		}
	}
	// with the user (user@host) taken apart first, then as part of the host
	if at := strings.IndexByte(url, '@'); at > 0 && !strings.Contains(url[:at], "/") {
		if owner, name, ok = remotePath(url[at+1:]); ok {
			return owner, name, true
		}
	}
	return remotePath(url)
}

// remotePath reads HOST[:/]OWNER/REPO(.git)(/).
func remotePath(s string) (owner, name string, ok bool) {
	host := strings.IndexAny(s, ":/")
	if host < 1 {
		return "", "", false
	}
	owner, name, found := strings.Cut(s[host+1:], "/")
	if !found || !isOwnerName(owner) {
		return "", "", false
	}
	name = strings.TrimSuffix(name, "/")
	if trimmed := strings.TrimSuffix(name, ".git"); trimmed != "" {
		name = trimmed
	}
	if name == "" || strings.Contains(name, "/") {
		return "", "", false
	}
	return owner, name, true
}

// isOwnerName: [A-Za-z0-9][A-Za-z0-9-]*.
func isOwnerName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return s != ""
}

// repoSlug is the owner and name of the repository wflint lints: from GITHUB_REPOSITORY
// (as Actions sets it), else from the origin remote of the repository around the current
// directory; "" when neither says.
func repoSlug(e *env) (owner, name string) {
	if owner, name, ok := strings.Cut(os.Getenv("GITHUB_REPOSITORY"), "/"); ok && owner != "" {
		return owner, name
	}
	if e.repo == "" {
		return "", ""
	}
	url, ok := originURL(e.repo)
	if !ok { // a layout originURL does not read: ask git (a process start costs milliseconds)
		out, err := exec.Command("git", "-C", e.repo, "config", "--get", "remote.origin.url").Output()
		if err != nil {
			return "", ""
		}
		url = strings.TrimSpace(string(out))
	}
	owner, name, _ = parseRemote(url)
	return owner, name
}

// originURL reads remote.origin.url from the repository's git configuration file
// (through a worktree's or submodule's "gitdir:" link); ok is false when it cannot read
// the file. It does not follow include directives.
func originURL(repo string) (url string, ok bool) {
	gitDir := filepath.Join(repo, ".git")
	if data, err := os.ReadFile(gitDir); err == nil { // a file: "gitdir: PATH"
		dir, found := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		if !found {
			return "", false
		}
		gitDir = strings.TrimSpace(dir)
		if !filepath.IsAbs(gitDir) {
			gitDir = filepath.Join(repo, gitDir)
		}
	}
	if data, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil { // a worktree
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		gitDir = common
	}
	data, err := os.ReadFile(filepath.Join(gitDir, "config"))
	if err != nil {
		return "", false
	}
	inOrigin := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "["):
			inOrigin = line == `[remote "origin"]`
		case inOrigin:
			if k, v, found := strings.Cut(line, "="); found && strings.EqualFold(strings.TrimSpace(k), "url") {
				return strings.Trim(strings.TrimSpace(v), `"`), true
			}
		}
	}
	return "", true
}
