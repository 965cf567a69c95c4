package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
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

// remoteURL reads the owner from a GitHub remote: https://github.com/OWNER/REPO(.git),
// git@github.com:OWNER/REPO.git, ssh://git@github.com/OWNER/REPO.
var remoteURL = regexp.MustCompile(`^(?:https?://|ssh://)?(?:[^@/]+@)?[^/:]+[:/]([A-Za-z0-9][A-Za-z0-9-]*)/[^/]+?(?:\.git)?/?$`)

// repoOwner is the owner of the repository wflint lints: from GITHUB_REPOSITORY (as
// Actions sets it), else from the origin remote of the repository around the current
// directory; "" when neither says.
func repoOwner(e *env) string {
	if owner, _, ok := strings.Cut(os.Getenv("GITHUB_REPOSITORY"), "/"); ok && owner != "" {
		return owner
	}
	if e.repo == "" {
		return ""
	}
	out, err := exec.Command("git", "-C", e.repo, "config", "--get", "remote.origin.url").Output()
	if err != nil {
		return ""
	}
	if m := remoteURL.FindStringSubmatch(strings.TrimSpace(string(out))); m != nil {
		return m[1]
	}
	return ""
}
