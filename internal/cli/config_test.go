package cli

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/rules"
)

// The starter configuration is valid as written, and still valid with every example
// uncommented: what it documents is what wflint reads.
func TestStarterConfig(t *testing.T) {
	if _, err := config.Parse("starter.yaml", starterConfig, rules.All()); err != nil {
		t.Fatalf("as written: %v", err)
	}
	var out []string
	examples := 0
	in := false
	for _, line := range strings.Split(string(starterConfig), "\n") {
		switch {
		case line == "# rules:" || line == "# categories:" || line == "# ignore:":
			in = true
			examples++
		case line == "":
			in = false
		}
		if in {
			line = strings.TrimPrefix(line, "# ")
		}
		out = append(out, line)
	}
	if examples != 3 {
		t.Fatalf("found %d example blocks, want 3", examples)
	}
	c, err := config.Parse("starter.yaml", []byte(strings.Join(out, "\n")), rules.All())
	if err != nil {
		t.Fatalf("uncommented: %v\n%s", err, strings.Join(out, "\n"))
	}
	if len(c.Rules) < 5 || len(c.Ignores) != 1 || len(c.Categories) != 1 || len(c.Options) < 3 {
		t.Errorf("uncommented, it says less than it shows: %+v", c)
	}
}

// originURL reads remote.origin.url from .git/config, through a worktree's gitdir link,
// without running git.
func TestOriginURL(t *testing.T) {
	repo := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(repo, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main/.git/config", "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://github.com/other/x\n[remote \"origin\"]\n\turl = git@github.com:acme/tool.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n")
	if url, ok := originURL(filepath.Join(repo, "main")); !ok || url != "git@github.com:acme/tool.git" {
		t.Errorf("main: %q %v", url, ok)
	}
	write("main/.git/worktrees/wt/commondir", "../..\n")
	write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n")
	if url, ok := originURL(filepath.Join(repo, "wt")); !ok || url != "git@github.com:acme/tool.git" {
		t.Errorf("worktree: %q %v", url, ok)
	}
	write("none/.git/config", "[core]\n\tbare = false\n")
	if url, ok := originURL(filepath.Join(repo, "none")); !ok || url != "" {
		t.Errorf("no origin: %q %v", url, ok)
	}
	if _, ok := originURL(filepath.Join(repo, "missing")); ok {
		t.Error("no .git: want not ok, to fall back to git")
	}
	t.Setenv("GITHUB_REPOSITORY", "")
	if owner, name := repoSlug(&env{repo: filepath.Join(repo, "main")}); owner != "acme" || name != "tool" {
		t.Errorf("repoSlug = %q, %q; want the origin remote's acme, tool", owner, name)
	}
	t.Setenv("GITHUB_REPOSITORY", "minio/minio")
	if owner, name := repoSlug(&env{repo: filepath.Join(repo, "main")}); owner != "minio" || name != "minio" {
		t.Errorf("repoSlug = %q, %q; want GITHUB_REPOSITORY's minio, minio", owner, name)
	}
}

// parseRemote is the regular expression it replaced, written out: both agree on the
// usual forms, on odd ones and on random strings made of the characters that matter.
func TestParseRemote(t *testing.T) {
	re := regexp.MustCompile(`^(?:https?://|ssh://)?(?:[^@/]+@)?[^/:]+[:/]([A-Za-z0-9][A-Za-z0-9-]*)/([^/]+?)(?:\.git)?/?$`)
	check := func(url string) {
		owner, name, ok := parseRemote(url)
		m := re.FindStringSubmatch(url)
		if ok != (m != nil) || ok && (owner != m[1] || name != m[2]) {
			t.Errorf("parseRemote(%q) = %q, %q, %v; the expression says %q", url, owner, name, ok, m)
		}
	}
	for _, url := range []string{
		"https://github.com/acme/tool", "https://github.com/acme/tool.git", "https://github.com/acme/tool/",
		"git@github.com:acme/tool.git", "ssh://git@github.com/acme/tool", "ssh://git@github.com:22/acme/tool",
		"https://user:pass@github.com/acme/tool.git", "http://ghe.example.com/acme/tool.git/", "github.com:acme/.git",
		"https://github.com/acme/tool.git.git", "https://github.com/-acme/tool", "https://github.com/acme/tool//",
		"https://github.com/acme", "/local/path/repo", "", "@:a/b", "a@b@c:d/e", "https://a/b/c/d", "x:/a/b",
	} {
		check(url)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	parts := []string{"https://", "ssh://", "http://", "git@", "@", ":", "/", "a", "B9", "-", ".git", ".", "x_y", "host.com", "o", "r"}
	for range 200000 {
		var b strings.Builder
		for n := rng.IntN(9); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		check(b.String())
	}
}
