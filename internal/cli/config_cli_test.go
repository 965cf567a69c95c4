package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/testenv"
)

// transcript runs wflint and writes what a terminal would show.
func transcript(t *testing.T, stdin string, args ...string) (string, int) {
	t.Helper()
	stdout, stderr, code := run(t, stdin, args...)
	return fmt.Sprintf("$ wflint %s\n%s--- stderr\n%s--- exit %d\n", strings.Join(args, " "), stdout, stderr, code), code
}

// tempRepo makes a repository with the given files and makes it the current directory.
func tempRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := testenv.Repo(t, files)
	t.Chdir(dir)
	return dir
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every broken configuration is a usage error (exit 2) with its file, line, column and,
// where one is close, a suggestion.
func TestGoldenConfigErrors(t *testing.T) {
	t.Chdir("../..")
	files, _ := filepath.Glob("testdata/config/invalid/*.yaml")
	var out strings.Builder
	for _, f := range files {
		s, code := transcript(t, "", "--config", f, "testdata/cli/clean.yml")
		if code != ExitUsage {
			t.Errorf("%s: exit %d, want 2", f, code)
		}
		out.WriteString(s)
	}
	s, _ := transcript(t, "", "--config", "testdata/config/nope.yaml", "testdata/cli/clean.yml")
	out.WriteString(s)
	golden(t, "config-errors", out.String())
}

const configured = `version: 1
rules:
  outdated-action: note
  unpinned-uses:
    options:
      policy:
        "docker/*": ref
categories:
  correctness: note
ignore:
  - paths: [".github/workflows/legacy-*.yml"]
    rules: [filter-unexpanded]
    reason: kept as it was until it is retired
`

// The repository's configuration is found and applied: severities, options, a
// category turned off, an ignore entry; --config names another file.
func TestGoldenConfigApplied(t *testing.T) {
	seed := readTestdata(t, "e2e/docker-ci.yml")
	tempRepo(t, map[string]string{
		".github/wflint.yaml":                configured,
		".github/workflows/ci.yml":           seed,
		".github/workflows/legacy-build.yml": seed,
		"other.yaml":                         "version: 1\nrules:\n  filter-unexpanded: off\n",
	})
	var out strings.Builder
	for _, args := range [][]string{
		{"--oneline"},
		{"--oneline", "--config", "other.yaml", ".github/workflows/ci.yml"},
	} {
		s, _ := transcript(t, "", args...)
		out.WriteString(s)
	}
	os.WriteFile(".wflint.yaml", []byte("version: 1\n"), 0o644)
	s, _ := transcript(t, "", "--oneline")
	out.WriteString(s)
	golden(t, "config-applied", out.String())
}

// --enable, --disable, --severity and --min-severity, and their mistakes.
func TestGoldenRuleFlags(t *testing.T) {
	t.Chdir("../..")
	var out strings.Builder
	for _, args := range [][]string{
		{"--oneline", "--disable", "outdated-action,filter-unexpanded", "testdata/e2e/docker-ci.yml"},
		{"--oneline", "--severity", "unpinned-uses=note", "--min-severity", "warning", "testdata/e2e/docker-ci.yml"},
		{"--oneline", "--severity", "unpinned-uses=note", "--disable", "outdated-action", "--fail-on", "error", "--min-severity", "note", "testdata/cli/many.yml"},
		{"--oneline", "--enable", "undefined-var", "--vars", "REGION", "testdata/cli/refs.yml"},
		{"--disable", "unpined-uses", "x.yml"},
		{"--severity", "unpinned-uses=fatal", "x.yml"},
		{"--min-severity", "info", "x.yml"},
	} {
		s, _ := transcript(t, "", args...)
		out.WriteString(s)
	}
	golden(t, "rule-flags", out.String())
}

// Inline suppressions and what unused-ignore says about them.
func TestGoldenSuppressions(t *testing.T) {
	t.Chdir("../..")
	var out strings.Builder
	for _, args := range [][]string{
		{"--color", "never", "testdata/cli/suppress.yml"},
		{"--oneline", "--disable", "unused-ignore", "testdata/cli/suppress.yml"},
	} {
		s, _ := transcript(t, "", args...)
		out.WriteString(s)
	}
	golden(t, "suppressions", out.String())
}

// A baseline hides the findings it records, even when lines move; a new finding, or a
// second copy of a recorded one, is still reported.
func TestGoldenBaseline(t *testing.T) {
	seed := readTestdata(t, "e2e/docker-ci.yml")
	dir := tempRepo(t, map[string]string{".github/workflows/ci.yml": seed})
	var out strings.Builder
	step := func(args ...string) int {
		s, code := transcript(t, "", args...)
		out.WriteString(s)
		return code
	}
	if code := step("--oneline", "--write-baseline", "wflint-baseline.json"); code != ExitOK {
		t.Errorf("--write-baseline: exit %d, want 0", code)
	}
	data, err := os.ReadFile(filepath.Join(dir, "wflint-baseline.json"))
	if err != nil || !strings.Contains(string(data), `"fingerprint"`) {
		t.Fatalf("baseline: %v\n%s", err, data)
	}
	if code := step("--oneline", "--baseline", "wflint-baseline.json"); code != ExitOK {
		t.Errorf("nothing new: exit %d, want 0", code)
	}
	// lines added above, one finding fixed, one new one and a copy of a recorded one
	moved := "# a comment that moves every line\n" + strings.Replace(seed, "actions/setup-python@v4", "actions/setup-python@v6", 1) +
		"  extra:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - uses: someone/tool@main\n"
	os.WriteFile(filepath.Join(dir, ".github/workflows/ci.yml"), []byte(moved), 0o644)
	if code := step("--oneline", "--baseline", "wflint-baseline.json"); code != ExitFindings {
		t.Errorf("new findings: exit %d, want 1", code)
	}
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"version": 1, "findings": "all"}`), 0o644)
	step("--baseline", "broken.json")
	step("--baseline", "missing.json")
	golden(t, "baseline", out.String())
}

// wflint init writes the starter configuration, once.
func TestGoldenInit(t *testing.T) {
	dir := tempRepo(t, nil)
	var out strings.Builder
	for range 2 {
		s, _ := transcript(t, "", "init")
		out.WriteString(s)
	}
	s, _ := transcript(t, "", "init", "--force")
	out.WriteString(s)
	s, _ = transcript(t, "", "init", "a", "b")
	out.WriteString(s)
	golden(t, "init", out.String())
	data, err := os.ReadFile(filepath.Join(dir, ".github", "wflint.yaml"))
	if err != nil || string(data) != string(starterConfig) {
		t.Errorf("the file written is not the starter configuration: %v", err)
	}
	// and wflint reads it
	os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(dir, ".github", "workflows", "ci.yml"), []byte("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"), 0o644)
	if s, code := transcript(t, "", "--oneline"); code != ExitOK {
		t.Errorf("with the starter configuration:\n%s", s)
	}
}

// --fix applies safe fixes and writes the file; --unsafe-fixes applies the rest; the
// report that follows is about the fixed file.
func TestGoldenFix(t *testing.T) {
	src := `on:
  push:
    paths: ["$DIR/**"]
env:
  DIR: src
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
  test:
    runs-on: ubuntu-lastest
    needs: [build, build, biuld]
    steps:
      - run: make test  # wflint: ignore[schema] no longer needed
`
	dir := tempRepo(t, map[string]string{".github/workflows/ci.yml": src})
	var out strings.Builder
	show := func() {
		data, _ := os.ReadFile(filepath.Join(dir, ".github/workflows/ci.yml"))
		fmt.Fprintf(&out, "--- .github/workflows/ci.yml\n%s", data)
	}
	for _, args := range [][]string{
		{"--oneline", "--fix"},
		{"--oneline", "--fix"},
		{"--oneline", "--fix", "--unsafe-fixes"},
	} {
		s, _ := transcript(t, "", args...)
		out.WriteString(s)
		show()
	}
	for _, args := range [][]string{{"--unsafe-fixes", "x.yml"}, {"--fix", "-"}} {
		s, _ := transcript(t, "", args...)
		out.WriteString(s)
	}
	golden(t, "fix", out.String())
}
