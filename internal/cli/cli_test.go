package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/testenv"
	"github.com/wflint/wflint/rules/credentials"
	"github.com/wflint/wflint/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/cli/golden/NAME.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenAt(t, filepath.Join(moduleRoot, "testdata", "cli", "golden", name+".golden"), got)
}

// moduleRoot is the repository's root, whatever directory a test moves to.
var moduleRoot = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(wd, "..", "..")
}()

// goldenAt compares got with the file at path, or rewrites it with -update.
func goldenAt(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	t.Chdir("../..")
	needs, _ := os.ReadFile("testdata/cli/needs.yml")
	escape, _ := os.ReadFile("testdata/cli/escape.yml")
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
		exit  int
	}{
		{"seed", "", []string{"--color", "never", "testdata/e2e/docker-ci.yml"}, 1},
		{"needs-text", "", []string{"--color", "never", "testdata/cli/needs.yml"}, 1},
		{"needs-color", "", []string{"--color", "always", "testdata/cli/needs.yml"}, 1},
		{"needs-oneline", "", []string{"--oneline", "testdata/cli/needs.yml"}, 1},
		{"needs-json", "", []string{"--format", "json", "testdata/cli/needs.yml"}, 1},
		{"stdin-json", string(needs), []string{"--format", "json", "--stdin-filename", ".github/workflows/ci.yml", "-"}, 1},
		{"directory", "", []string{"--color", "never", "--oneline", "testdata/cli"}, 1},
		{"broken", "", []string{"--color", "never", "testdata/cli/broken.yml"}, 1},
		{"tab-and-wide", "", []string{"--color", "never", "testdata/cli/tab.yml", "testdata/cli/wide.yml"}, 1},
		{"fail-on-error", "", []string{"--color", "never", "testdata/cli/warn.yml"}, 0},
		{"fail-on-warning", "", []string{"--color", "never", "--fail-on", "warning", "testdata/cli/warn.yml"}, 1},
		{"fail-on-strict", "", []string{"--color", "never", "--oneline", "--strict", "testdata/cli/warn.yml"}, 1},
		{"fail-on-strict-error", "", []string{"--color", "never", "--oneline", "--strict", "--fail-on", "error", "testdata/cli/warn.yml"}, 0},
		{"missing-file", "", []string{"--color", "never", "testdata/cli/nope.yml", "testdata/cli/warn.yml"}, 2},
		{"missing-file-json", "", []string{"--format", "json", "testdata/cli/nope.yml"}, 2},
		{"bad-flag", "", []string{"--frmat", "json"}, 2},
		{"bad-format", "", []string{"--format", "xml", "x.yml"}, 2},
		{"bad-fail-on", "", []string{"--fail-on", "fatal", "x.yml"}, 2},
		{"stdin-twice", "", []string{"-", "-"}, 2},
		{"refs-unchecked", "", []string{"--color", "never", "testdata/cli/refs.yml"}, 0},
		{"refs-lists", "", []string{"--color", "never", "--oneline", "--secrets", "DEPLOY_TOKEN", "--vars=DEPLOY_URL,REGION", "testdata/cli/refs.yml"}, 1},
		{"github-many", "", []string{"--format", "github", "testdata/cli/many.yml"}, 1},
		{"github-escape", string(escape), []string{"--format", "github", "--stdin-filename", ".github/workflows/a,b:c%d.yml", "-"}, 1},
		{"github-clean", "", []string{"--format", "github", "testdata/cli/clean.yml"}, 0},
		{"github-missing-file", "", []string{"--format", "github", "testdata/cli/nope.yml", "testdata/cli/warn.yml"}, 2},
		{"markdown-missing-file", "", []string{"--format", "markdown", "testdata/cli/nope.yml", "testdata/cli/clean.yml"}, 2},
		{"markdown-clean", "", []string{"--format", "markdown", "testdata/cli/clean.yml"}, 0},
		{"two-on-stdout", "", []string{"--format", "sarif", "--format", "github", "x.yml"}, 2},
		{"two-outputs", "", []string{"--format", "sarif", "-o", "a.sarif", "-o", "b.sarif", "x.yml"}, 2},
		{"same-file", "", []string{"--format", "sarif=r.out", "--format", "json", "-o", "r.out", "x.yml"}, 2},
		// this repository's own workflows and action lint clean
		{"self", "", []string{".github/workflows", "action.yml"}, 0},
		{"list-rules", "", []string{"--list-rules"}, 0},
		{"explain", "", []string{"explain", "needs-cycle"}, 0},
		{"explain-unknown", "", []string{"explain", "needs-cycles"}, 2},
		{"explain-usage", "", []string{"explain"}, 2},
		{"version", "", []string{"--version"}, 0},
		{"help", "", []string{"--help"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.stdin, tt.args...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.exit, stdout, stderr)
			}
			golden(t, tt.name, fmt.Sprintf("$ wflint %s\n%s--- stderr\n%s--- exit %d\n", strings.Join(tt.args, " "), stdout, stderr, code))
		})
	}
}

// The JSON output matches its published schema.
func TestJSONMatchesSchema(t *testing.T) {
	t.Chdir("../..")
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(schema.Output))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"testdata/cli"},
		{"rules"},
		{"testdata/cli/nope.yml"},
		{"testdata/e2e"},
	} {
		stdout, _, _ := run(t, "", append([]string{"--format", "json"}, args...)...)
		res, err := s.Validate(gojsonschema.NewStringLoader(stdout))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Errors() {
			t.Errorf("%v: %s", args, e)
		}
		var v struct{ Diagnostics []json.RawMessage }
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatal(err)
		}
		if args[0] == "rules" && len(v.Diagnostics) < 20 {
			t.Errorf("expected the rule test files to give many diagnostics, got %d", len(v.Diagnostics))
		}
	}
}

// With no path, wflint lints the repository around the current directory.
func TestDiscovery(t *testing.T) {
	root := t.TempDir()
	write := func(p, s string) {
		p = filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	bad := "on: push\njobs:\n  a:\n    needs: b\n    runs-on: x\n    steps: [{run: y}]\n"
	write(".github/workflows/ci.yml", bad)
	write(".github/workflows/release.yaml", bad)
	write(".github/workflows/sub/ignored.yml", bad)  // GitHub does not read subdirectories
	write(".github/workflows/notes.txt", "not yaml") // not YAML
	write(".github/actions/setup/action.yml", "name: x\ndescription: y\nruns: {using: composite, steps: [{run: echo, shell: bash}]}\n")
	write("node_modules/dep/action.yml", ": : :") // never linted
	write("docker-compose.yml", bad)              // not a workflow location
	write("src/deep/dir/x.go", "package x")
	write("testdata/fixture/action.yml", ": : :") // test fixtures and vendored code are not discovered
	write("vendor/dep/action.yml", ": : :")
	t.Chdir(filepath.Join(root, "src", "deep"))
	stdout, stderr, code := run(t, "", "--oneline")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	want := ".github/workflows/ci.yml:4:12: error: job \"a\" needs unknown job \"b\"; there is no other job in this workflow [needs-unknown-job]\n" +
		".github/workflows/release.yaml:4:12: error: job \"a\" needs unknown job \"b\"; there is no other job in this workflow [needs-unknown-job]\n"
	// paths are shown from the current directory, as a compiler does
	if fromHere := strings.ReplaceAll(want, ".github/", "../../.github/"); stdout != fromHere {
		t.Errorf("got\n%s\nwant\n%s", stdout, fromHere)
	}
	if stdout, _, _ = run(t, "", "--oneline", "--root-relative"); stdout != want {
		t.Errorf("--root-relative: got\n%s\nwant\n%s", stdout, want)
	}
	// naming the repository does the same, with paths under the name given
	t.Chdir(root)
	stdout, _, _ = run(t, "", "--oneline", ".")
	if stdout != want {
		t.Errorf("wflint .: got\n%s\nwant\n%s", stdout, want)
	}
	// the action was linted too: it is counted in the summary
	stdout, _, _ = run(t, "", "--color", "never")
	if !strings.Contains(stdout, "(3 files linted)") {
		t.Errorf("summary: %s", stdout)
	}
}

// Nothing to lint is a usage error, not a green run: an empty folder, a folder of other
// YAML, a repository without workflows.
func TestNothingToLint(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("compose.yml", []byte("services: {}\n"), 0o644)
	for _, args := range [][]string{nil, {"."}, {"--format", "json", "."}} {
		_, stderr, code := run(t, "", args...)
		if code != ExitUsage || !strings.HasPrefix(stderr, "wflint: no workflow or action files found") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// --online that cannot reach GitHub says so once and exits 3: it was asked for.
func TestOnlineUnreachable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v7\n      - uses: actions/cache@v6\n"
	os.WriteFile("ci.yml", []byte(src), 0o644)
	_, stderr, code := run(t, "", "--online", "--github-api-url", dead.URL, "ci.yml")
	if code != ExitError || strings.Count(stderr, "could not be reached") != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, _, code := run(t, "", "ci.yml"); code != ExitOK {
		t.Errorf("offline run: exit %d", code)
	}
}

// In a git repository, discovery takes the action metadata git tracks or would track:
// not what .gitignore leaves out.
func TestDiscoveryFollowsGit(t *testing.T) {
	action := "name: x\ndescription: y\nruns: {using: composite, steps: [{run: echo, shell: bash}]}\n"
	dir := testenv.GitRepo(t, map[string]string{
		".github/workflows/ci.yml":     "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: y}]\n",
		".github/actions/a/action.yml": action,
		".gitignore":                   "build/\n",
	})
	t.Chdir(dir)
	for name, body := range map[string]string{"build/out/action.yml": ": : :", "new/action.yaml": action, "testdata/x/action.yml": ": : :"} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte(body), 0o644)
	}
	stdout, stderr, code := run(t, "", "--format", "markdown")
	if code != 0 || !strings.Contains(stdout, "3 files linted") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
}

// -o writes the report atomically and leaves no temporary file behind.
func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "--format", "json", "--fail-on", "warning", "-o", out, "../../testdata/cli/warn.yml")
	if code != 1 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte(`"rule": "needs-duplicate"`)) {
		t.Errorf("report: %s", b)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// a report that cannot be written is an error, exit 3
	_, stderr, code = run(t, "", "-o", filepath.Join(dir, "missing", "r.txt"), "../../testdata/cli/warn.yml")
	if code != 3 || !strings.HasPrefix(stderr, "wflint: writing ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d stderr %q", code, stderr)
	}
}

// The README shows real output.
func TestReadmeExample(t *testing.T) {
	t.Chdir("../..")
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, file := range []string{"testdata/cli/needs.yml", "testdata/cli/schema.yml", "testdata/cli/expr.yml", "testdata/e2e/docker-ci.yml"} {
		stdout, _, code := run(t, "", "--color", "never", file)
		want := "$ wflint " + file + "\n" + stdout
		if file == "testdata/e2e/docker-ci.yml" {
			want += fmt.Sprintf("$ echo $?\n%d\n", code)
		}
		i := strings.Index(readme, "$ wflint "+file+"\n")
		if i < 0 {
			t.Fatalf("README.md has no example of %s", file)
		}
		j := strings.Index(readme[i:], "```")
		if *update {
			readme = readme[:i] + want + readme[i+j:]
			continue
		}
		if readme[i:i+j] != want {
			t.Errorf("README.md's example of %s is not what wflint prints now (exit %d; go test ./internal/cli -update rewrites it):\n%s", file, code, stdout)
		}
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// filter-no-match reads the file list of a real git repository, once, and is off with
// --no-repo. Files only staged count; untracked ones do not; submodules are not looked
// into.
func TestFilterNoMatchInGitRepo(t *testing.T) {
	root, write, git := gitRepo(t)
	git("init", "-q")
	write("src/main.go", "package main\n")
	write("docs/guide.md", "# guide\n")
	write(".github/workflows/ci.yml", `on:
  push:
    paths:
      - 'src/**'
      - 'scr/**'
      - 'docs/*.md'
      - 'staged/**'
      - 'untracked/**'
      - 'vendor/lib/**'
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: make
`)
	git("add", ".")
	git("commit", "-q", "-m", "first")
	write("staged/new.txt", "x")
	git("add", "staged/new.txt")
	write("untracked/file.txt", "x")
	// a submodule entry, without fetching anything
	git("update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,vendor/lib")

	t.Chdir(filepath.Join(root, "src"))
	stdout, stderr, code := run(t, "", "--oneline", "--fail-on", "warning")
	want := "../.github/workflows/ci.yml:5:9: warning: \"scr/**\" matches nothing: no directory \"scr\" is tracked in this repository; did you mean \"src/**\"? [filter-no-match]\n" +
		"../.github/workflows/ci.yml:8:9: warning: \"untracked/**\" matches nothing: no directory \"untracked\" is tracked in this repository [filter-no-match]\n"
	if stdout != want || code != 1 {
		t.Errorf("exit %d, got\n%s%s\nwant\n%s", code, stdout, stderr, want)
	}
	stdout, _, code = run(t, "", "--oneline", "--fail-on", "warning", "--no-repo")
	if stdout != "" || code != 0 {
		t.Errorf("--no-repo: exit %d\n%s", code, stdout)
	}
	// a file named on the command line is matched against its own repository
	t.Chdir(t.TempDir())
	stdout, _, _ = run(t, "", "--oneline", filepath.Join(root, ".github", "workflows", "ci.yml"))
	if !strings.Contains(stdout, `"scr/**" matches nothing`) {
		t.Errorf("explicit path: got\n%s", stdout)
	}
}

// When git cannot list a repository's files, filter-no-match says so once, not once per
// workflow, and does not turn off in silence.
func TestFilterNoMatchWithoutGit(t *testing.T) {
	wf := "on:\n  push:\n    paths: ['src/**']\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"
	dir := testenv.FakeRepo(t, map[string]string{".github/workflows/a.yml": wf, ".github/workflows/b.yml": wf})
	t.Chdir(dir)
	_, stderr, code := run(t, "", "--oneline")
	if code != 0 || strings.Count(stderr, "git could not list the files of") != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stderr, _ := run(t, "", "--oneline", "--no-repo"); stderr != "" {
		t.Errorf("--no-repo: %q", stderr)
	}
}

// No output format ever shows a planted secret: not in messages, snippets, JSON or
// one-line text, with and without --pedantic.
func TestSecretsAreRedacted(t *testing.T) {
	t.Chdir("../..")
	files := []string{"rules/credentials/testdata/leaked-token/fire.yml", "rules/credentials/testdata/hardcoded-credential/fire.yml", "rules/credentials/testdata/hardcoded-credential/pedantic.yml"}
	secrets := plantedSecrets(t, files)
	if len(secrets) < 40 {
		t.Fatalf("only %d planted secrets found", len(secrets))
	}
	for _, args := range [][]string{
		{"--color", "never"},
		{"--color", "always"},
		{"--oneline"},
		{"--format", "json"},
		{"--format", "json", "--pedantic"},
		{"--color", "never", "--pedantic"},
		{"--format", "sarif", "--pedantic"},
		{"--format", "github", "--pedantic"},
		{"--format", "markdown", "--pedantic"},
	} {
		stdout, stderr, _ := run(t, "", append(args, files...)...)
		for _, s := range secrets {
			if strings.Contains(stdout, s) || strings.Contains(stderr, s) {
				t.Errorf("%v: output shows the secret %q", args, s)
			}
		}
		if !strings.Contains(stdout, "hardcoded-credential") || !strings.Contains(stdout, "leaked-token") {
			t.Errorf("%v: the findings are missing", args)
		}
	}
}

// plantedSecrets returns the secrets planted in the test files, as the credential rules
// find them (the text of each finding's range in the file), without their first four
// characters: the recognisable prefix the output may show.
func plantedSecrets(t *testing.T, files []string) []string {
	t.Helper()
	runner := engine.NewRunner(credentials.HardcodedCredential, credentials.LeakedToken)
	opts, err := analyzer.ParseOptions(credentials.HardcodedCredential, map[string]any{"pedantic": true})
	if err != nil {
		t.Fatal(err)
	}
	runner.Options = map[string]analyzer.OptionValues{credentials.HardcodedCredential.ID: opts}
	var out []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, diags := runner.Lint(engine.Input{Path: f, Fallback: analyzer.KindWorkflow}, src)
		for _, d := range diags {
			if d.Severity == analyzer.Note {
				continue // a throwaway test password ("postgres"), which other text has too
			}
			secret := string(src[d.Range.Start.Offset:d.Range.End.Offset])
			if len(secret) < 8 {
				t.Fatalf("%s: finding %q covers too little to test", f, secret)
			}
			out = append(out, secret[4:])
		}
	}
	return out
}

// A token is never printed back, in any format, even when the file is not valid YAML and
// even with leaked-token off: it is masked before any output.
func TestSecretsInBrokenFiles(t *testing.T) {
	const token = "ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"
	dir := t.TempDir()
	t.Chdir(dir)
	for name, src := range map[string]string{
		"quote.yml":    "on: push\njobs:\n  a:\n    runs-on: \"" + token + "\n",
		"tab.yml":      "on: push\njobs:\n\ta: " + token + "\n",
		"flow.yml":     "on: push\njobs: [" + token + ",\n",
		"control.yml":  "on: push\nname: \x01" + token + "\n",
		"two-docs.yml": "on: push\n---\nenv: {T: " + token + "}\n",
		"valid.yml":    "on: push\nenv:\n  T: " + token + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
	} {
		os.WriteFile(name, []byte(src), 0o644)
	}
	for _, extra := range [][]string{nil, {"--disable", "leaked-token"}} {
		for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
			args := append([]string{"--format", format, "."}, extra...)
			stdout, stderr, _ := run(t, "", args...)
			if strings.Contains(stdout+stderr, token[8:]) {
				t.Errorf("%v: the token is printed:\n%s%s", args, stdout, stderr)
			}
			if format == "text" && !strings.Contains(stdout, "ghp_****") {
				t.Errorf("%v: no masked token in the snippets:\n%s", args, stdout)
			}
		}
	}
}

// The commands a new user tries first answer as they expect.
func TestFirstCommands(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "usage: wflint [flags] [path...]"},
		{[]string{"version"}, "wflint "},
		{[]string{"init", "--help"}, "usage: wflint init [--force] [FILE]"},
		{[]string{"init", "-h"}, "usage: wflint init [--force] [FILE]"},
	} {
		stdout, stderr, code := run(t, "", c.args...)
		if code != ExitOK || !strings.HasPrefix(stdout, c.want) || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, stdout, stderr)
		}
	}
	// a file outside the default places is read only when named
	stdout, _, code := run(t, "", "init", "my-wflint.yaml")
	if code != ExitOK || !strings.Contains(stdout, "wflint reads it only when told, with --config my-wflint.yaml") {
		t.Errorf("init FILE: exit %d, %q", code, stdout)
	}
	stdout, _, _ = run(t, "", "init")
	if !strings.Contains(stdout, "wrote .github/wflint.yaml") || !strings.Contains(stdout, "wflint reads it from now on") {
		t.Errorf("init: %q", stdout)
	}
}

// --list-rules shows what this run would do: the configuration's and the flags' state
// and severity, each rule's confidence and category; as JSON on request.
func TestListRules(t *testing.T) {
	tempRepo(t, map[string]string{".wflint.yaml": "version: 1\nrules:\n  schema: off\n  needs-cycle: warning\n"})
	stdout, _, code := run(t, "", "--list-rules", "--enable", "undefined-var")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"RULE ", "STATE", "CONFIDENCE", "CATEGORY",
		"\nschema                     off    error     high        structure",
		"\nneeds-cycle                on     warning   high        structure",
		"\nundefined-var              on     error",
		"\nfilter-no-match            on     warning   medium      correctness",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in\n%s", want, stdout)
		}
	}
	stdout, _, code = run(t, "", "--list-rules", "--format", "json")
	var listing struct {
		Rules []ruleListing `json:"rules"`
	}
	if err := json.Unmarshal([]byte(stdout), &listing); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	found := 0
	for _, r := range listing.Rules {
		if r.ID == "schema" && !r.Enabled && r.DefaultEnabled && r.Severity == "error" {
			found++
		}
		if r.ID == "needs-cycle" && r.Severity == "warning" && r.DefaultSeverity == "error" && r.Confidence == "high" {
			found++
		}
	}
	if found != 2 || len(listing.Rules) < 30 {
		t.Errorf("%d rules, %d as expected:\n%s", len(listing.Rules), found, stdout)
	}
}

// --fix through a symbolic link edits the file it points to and keeps the link.
func TestFixThroughLink(t *testing.T) {
	dir := tempRepo(t, map[string]string{"shared/ci.yml": "on: push\njobs:\n  a:\n    needs: [b, b]\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"})
	os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755)
	link := filepath.Join(dir, ".github", "workflows", "ci.yml")
	if err := os.Symlink(filepath.Join("..", "..", "shared", "ci.yml"), link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if _, stderr, _ := run(t, "", "--fix"); !strings.Contains(stderr, "applied 1 fix in 1 file") {
		t.Fatalf("stderr %q", stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "shared", "ci.yml")); !strings.Contains(string(data), "needs: [b]") {
		t.Errorf("the target was not fixed:\n%s", data)
	}
}

// The repository's owner may receive secrets: inherit, as it may be used by tag: the same
// owner comes from GITHUB_REPOSITORY for both rules.
func TestOwnerTrustedForInherit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("ci.yml", []byte("on: push\njobs:\n  a:\n    uses: octo/shared/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567\n    secrets: inherit\n"), 0o644)
	for owner, want := range map[string]int{"octo/repo": 0, "someone/repo": 1} {
		t.Setenv("GITHUB_REPOSITORY", owner)
		out, _, _ := run(t, "", "--oneline", "ci.yml")
		if got := strings.Count(out, "[secrets-exposure]"); got != want {
			t.Errorf("GITHUB_REPOSITORY=%s: %d secrets-exposure findings, want %d:\n%s", owner, got, want, out)
		}
	}
}

// Offline, the rules that need the GitHub API report nothing; wflint says so once on
// stderr when asked for them by name or with -v, and stays quiet otherwise.
func TestOfflineNote(t *testing.T) {
	const note = "wflint: offline: "
	for _, tc := range []struct {
		args []string
		want string // "" for no note
	}{
		{[]string{"--no-repo", "../../testdata/cli/warn.yml"}, ""},
		{[]string{"--no-repo", "-v", "../../testdata/cli/warn.yml"}, "impostor-commit, known-vulnerable-action, version-comment-mismatch need --online"},
		{[]string{"--no-repo", "--enable", "known-vulnerable-action", "../../testdata/cli/warn.yml"}, "known-vulnerable-action need --online"},
		{[]string{"--no-repo", "-v", "--disable", "impostor-commit,known-vulnerable-action,version-comment-mismatch", "../../testdata/cli/warn.yml"}, ""},
	} {
		_, stderr, _ := run(t, "", tc.args...)
		if got := strings.Count(stderr, note); tc.want == "" && got != 0 || tc.want != "" && (got != 1 || !strings.Contains(stderr, tc.want)) {
			t.Errorf("%v: stderr %q, want %q", tc.args, stderr, tc.want)
		}
	}
}

// gitRepo makes a throwaway folder for a git repository (skipping the test without
// git) and returns it with a function that writes a file of it and one that runs git in
// it.
func gitRepo(t *testing.T) (root string, write func(path, text string), git func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root = t.TempDir()
	write = func(p, s string) {
		p = filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git = func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.email=t@example.com", "-c", "user.name=t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return root, write, git
}
