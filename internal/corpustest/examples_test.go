package corpustest

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules"
)

// expectation is one line of an actionlint example's .out file: a finding at a line.
type expectation struct {
	file string
	line int
	text string
	kind string
}

var expectLine = regexp.MustCompile(`^/?test\\?\.yaml:(\d+):\d+: (.*) \\?\[([a-z-]+)\\?\]/?$`)

// readExpectations reads an example's .out file.
func readExpectations(t *testing.T, path string) []expectation {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := expectLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		out = append(out, expectation{file: filepath.Base(path), line: n, text: m[2], kind: m[3]})
	}
	return out
}

// TestActionlintExamples lints the examples of actionlint's own test suite (from the
// module cache) with wflint and fails on each expectation, outside shellcheck and
// pyflakes, that wflint does not meet on the same line (or, for a block scalar, in the
// block below it) and that exampleWrong does not explain.
func TestActionlintExamples(t *testing.T) {
	dir := filepath.Join(moduleDir(t, "github.com/rhysd/actionlint"), "testdata", "examples")
	outs, _ := filepath.Glob(filepath.Join(dir, "*.out"))
	if len(outs) == 0 {
		t.Skip("actionlint's examples are not in the module cache")
	}
	runner := engine.NewRunner(slices.DeleteFunc(rules.All(), func(r *analyzer.Rule) bool { return r.ID == "shellcheck" })...)
	// the examples' folder is their repository: it holds the local actions and reusable
	// workflows they call
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	total, met, explained := 0, 0, 0
	for _, out := range outs {
		src, err := os.ReadFile(strings.TrimSuffix(out, ".out") + ".yaml")
		if err != nil {
			continue
		}
		repo := engine.NewRepoFiles(files, nil)
		repo.Root = dir
		_, diags := runner.Lint(engine.Input{Path: ".github/workflows/test.yaml", Fallback: analyzer.KindWorkflow, Repo: repo}, src)
		for _, e := range readExpectations(t, out) {
			if e.kind == "shellcheck" || e.kind == "pyflakes" {
				continue
			}
			total++
			ae := &actionlint.Error{Line: e.line, Kind: e.kind, Message: e.text}
			switch {
			case matched(ae, diags) || blockBelow(e.line, src, diags) || nextLine(e, diags):
				met++
			case exampleWrong(e) != "":
				explained++
			default:
				t.Errorf("%s:%d: %s [%s]", e.file, e.line, e.text, e.kind)
			}
		}
	}
	t.Logf("actionlint example expectations in scope: %d; met by wflint: %d (%.0f%%); explained: %d", total, met, 100*float64(met)/float64(max(total, 1)), explained)
}

// blockBelow reports whether wflint reports inside the block scalar whose key is on line.
func blockBelow(line int, src []byte, diags []analyzer.Diagnostic) bool {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return false
	}
	t := strings.TrimSpace(lines[line-1])
	if !strings.HasSuffix(t, "|") && !strings.HasSuffix(t, ">") && !strings.HasSuffix(t, "|-") && !strings.HasSuffix(t, ">-") {
		return false
	}
	for _, d := range diags {
		if d.Range.Start.Line > line && d.Range.Start.Line <= line+40 {
			return true
		}
	}
	return false
}

// nextLine reports whether wflint reports the same kind of mistake one line away
// (actionlint names a job's key for its needs:, wflint the entry), or anywhere for an
// expectation without a line (a file that does not load).
func nextLine(e expectation, diags []analyzer.Diagnostic) bool {
	for _, d := range diags {
		if e.line == 0 || d.Range.Start.Line >= e.line-1 && d.Range.Start.Line <= e.line+1 && strings.HasPrefix(d.Rule, "needs-") && e.kind == "job-needs" {
			return true
		}
	}
	return false
}

// exampleWrong says why wflint does not meet an expectation of actionlint's examples:
// actionlint is wrong there, or wflint keeps quiet on purpose (each rule's doc says what
// it does not report), or wflint does not check it yet.
func exampleWrong(e expectation) string {
	switch {
	case e.kind == "credentials":
		return "hardcoded-credential does not report values shorter than six characters (\"pass\"): placeholders"
	case e.kind == "runner-label":
		return "a label wflint cannot know is taken to be a self-hosted runner's (runner-label's labels option lists them)"
	case e.kind == "if-cond":
		return "a bare if: false switches a step off on purpose (constant-condition)"
	case strings.Contains(e.text, "potentially untrusted"):
		return "on: pull_request: a fork's run has a read-only token and no secrets (template-injection is trigger-aware)"
	case strings.Contains(e.text, `property access of object must be type of string but got "number"`):
		return "an object indexed by a number reads the key of that name (GitHub documents job.services.<id>.ports[5432])"
	}
	switch fmt.Sprintf("%s:%d", e.file, e.line) {
	case "local_action_outputs.out:15":
		return "my-action-with-output is a JavaScript action, which may set outputs its metadata does not list"
	case "shell_name_validation.out:27":
		return "sh works on GitHub's Windows images: Git's sh is on the PATH"
	case "yaml_anchor_usage.out:18":
		return "the file's recursive alias (line 22) stops GitHub from reading it; wflint reports that and nothing else in a file GitHub cannot read"
	case "builtin_func_special_checks.out:6":
		return "not checked yet: the keys of an object that fromJSON() builds from a literal"
	}
	return ""
}

// moduleDir is the folder of a module in the module cache, or "" (the test then skips).
func moduleDir(t *testing.T, path string) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		t.Skipf("go list -m %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}
