// Package testenv finds what some tests need outside the module: the shared corpus of
// real workflows and the reference validators. A test that needs one skips when it is
// absent, saying how to provide it.
package testenv

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the folder of go.mod above the current directory.
func moduleRoot(tb testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the current directory")
		}
		dir = parent
	}
}

// Corpus returns the absolute path of the shared corpus ($WFLINT_CORPUS, or
// ../shared/corpus beside the module), or skips the test.
func Corpus(tb testing.TB) string {
	tb.Helper()
	dir, ok := CorpusIfPresent(tb)
	if !ok {
		tb.Skipf("corpus not found at %s (set WFLINT_CORPUS)", dir)
	}
	return dir
}

// CorpusIfPresent returns the corpus folder and whether it is there, for a test that
// also has work to do without it.
func CorpusIfPresent(tb testing.TB) (string, bool) {
	dir := os.Getenv("WFLINT_CORPUS")
	if dir == "" {
		dir = filepath.Join(moduleRoot(tb), "..", "shared", "corpus")
	}
	dir, _ = filepath.Abs(dir)
	_, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv"))
	return dir, err == nil
}

// Validators returns the folder of the reference validators ($WFLINT_VALIDATORS, or
// ~/.cache/wflint-validators) when it holds file and node is installed, or skips the
// test.
func Validators(tb testing.TB, file string) string {
	tb.Helper()
	dir, err := ValidatorsIfPresent(file)
	if err != nil {
		tb.Skip(err)
	}
	return dir
}

// ValidatorsIfPresent is Validators for a test that has work to do without them: it
// says why they cannot be used instead of skipping.
func ValidatorsIfPresent(file string) (string, error) {
	dir := os.Getenv("WFLINT_VALIDATORS")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "wflint-validators")
	}
	if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
		return "", fmt.Errorf("reference validators not installed in %s (run ../shared/tools/install-validators.sh)", dir)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node is not installed")
	}
	return dir, nil
}

// Repo makes a git repository in a temporary folder with the given files (path:
// content), none of them added; without git, a .git folder alone, which is all wflint
// looks for to find a repository's root.
func Repo(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := writeFiles(tb, files)
	if _, err := exec.LookPath("git"); err != nil {
		return fakeGit(tb, dir)
	}
	if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
		tb.Fatalf("git init: %v\n%s", err, out)
	}
	return dir
}

// FakeRepo is Repo with a .git folder that is no repository: git refuses to list it.
func FakeRepo(tb testing.TB, files map[string]string) string {
	tb.Helper()
	return fakeGit(tb, writeFiles(tb, files))
}

func fakeGit(tb testing.TB, dir string) string {
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// GitRepo is Repo with its files staged; the test is skipped where git is not
// installed.
func GitRepo(tb testing.TB, files map[string]string) string {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not installed")
	}
	dir := Repo(tb, files)
	if out, err := exec.Command("git", "-C", dir, "add", "-A").CombinedOutput(); err != nil {
		tb.Fatalf("git add: %v\n%s", err, out)
	}
	return dir
}

func writeFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for p, s := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// YAMLFiles lists the .yml and .yaml files under the module's folders dirs (paths from
// the module root) and, when present, under the corpus: every file a differential test
// compares two readers on.
func YAMLFiles(tb testing.TB, dirs ...string) []string {
	root := moduleRoot(tb)
	var roots []string
	for _, d := range dirs {
		roots = append(roots, filepath.Join(root, d))
	}
	if corpus, ok := CorpusIfPresent(tb); ok {
		roots = append(roots, corpus)
	}
	var files []string
	for _, r := range roots {
		filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				files = append(files, p)
			}
			return nil
		})
	}
	return files
}
