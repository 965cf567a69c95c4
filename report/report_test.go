package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const sample = "on: push\njobs:\n  build:\n    runs-on: ubuntu-lastest\n    steps:\n      - run: echo \"ünïcode\" ${{ github.event.issue.title }}\n      - uses: actions/checkout@v4\n"

// sampleResult is a run with findings of each severity in two files, related
// locations, a fix, a message that needs escaping, and a file that could not be read.
func sampleResult(t *testing.T) *analyzer.Result {
	t.Helper()
	f, diags := analyzer.Load(".github/workflows/ci.yml", []byte(sample), analyzer.KindWorkflow)
	if len(diags) > 0 || f.Root == nil {
		t.Fatalf("sample does not load: %v", diags)
	}
	at := func(line, col, endCol int) analyzer.Range {
		return analyzer.Range{Start: f.Pos(line, col), End: f.Pos(line, endCol)}
	}
	g, _ := analyzer.Load("action.yml", []byte("name: a\ndescription: b\nruns:\n  using: node12\n  main: x.js\n"), analyzer.KindAction)
	return &analyzer.Result{
		Diagnostics: []analyzer.Diagnostic{
			{Rule: "runner-label", Severity: analyzer.Error, Path: f.Path, Range: at(4, 14, 28),
				Message: `no runner has the label "ubuntu-lastest"; did you mean "ubuntu-latest"?`,
				Fixes:   []analyzer.Fix{{Title: `use "ubuntu-latest"`, Safety: analyzer.Unsafe, Edits: []analyzer.Edit{{Range: at(4, 14, 28), NewText: "ubuntu-latest"}}}}},
			{Rule: "template-check", Severity: analyzer.Warning, Path: f.Path, Range: at(6, 38, 73),
				Message: "a title goes into a shell: 50% of *markdown* | pipes, `ticks` and <tags>\nsecond line",
				Related: []analyzer.Related{{Message: "the trigger", Range: at(1, 5, 9)}}},
			{Rule: "unpinned-uses", Severity: analyzer.Note, Path: f.Path, Range: at(7, 33, 35),
				Message: `action actions/checkout is pinned to the tag "v4"`},
			{Rule: "outdated-action", Severity: analyzer.Warning, Path: g.Path, Range: analyzer.Range{Start: g.Pos(4, 10), End: g.Pos(4, 16)},
				Message: "node12 is no longer run by GitHub"},
		},
		Files:  map[string]*analyzer.File{f.Path: f, g.Path: g},
		Errors: []error{errors.New("missing.yml: no such file")},
		Linted: 3,
		Paths:  []string{f.Path, g.Path, "other.yml"},
	}
}

var testRules = []*analyzer.Rule{
	{ID: "runner-label", Title: "runs-on names a label no runner has", Severity: analyzer.Error, Category: analyzer.CategoryCorrectness, Doc: "## What it does\n\nChecks labels.\n"},
	{ID: "template-check", Title: "a test security rule", Severity: analyzer.Warning, Category: analyzer.CategorySecurity, SecuritySeverity: 8.1, Precision: "medium"},
	{ID: "unpinned-uses", Title: "a uses: that can move", Severity: analyzer.Warning, Category: analyzer.CategorySecurity},
	{ID: "outdated-action", Title: "an old action", Severity: analyzer.Error, Category: analyzer.CategoryCorrectness},
}

// Each format renders the same run; the golden files show every format's handling of
// severities, escaping, related locations, fixes and unreadable files.
func TestFormatsGolden(t *testing.T) {
	uri := func(p string) string { return p }
	for _, tt := range []struct {
		name  string
		write func(*bytes.Buffer, *analyzer.Result) error
	}{
		{"text", func(b *bytes.Buffer, r *analyzer.Result) error { return WriteText(b, r, TextOptions{}) }},
		{"text-color", func(b *bytes.Buffer, r *analyzer.Result) error { return WriteText(b, r, TextOptions{Color: true}) }},
		{"text-oneline", func(b *bytes.Buffer, r *analyzer.Result) error { return WriteText(b, r, TextOptions{Oneline: true}) }},
		{"json", func(b *bytes.Buffer, r *analyzer.Result) error { return WriteJSON(b, r, "1.2.3") }},
		{"sarif", func(b *bytes.Buffer, r *analyzer.Result) error {
			return WriteSARIF(b, r, SARIFOptions{Version: "v1.2.3", Category: "lint", Rules: testRules, URI: uri})
		}},
		{"github", func(b *bytes.Buffer, r *analyzer.Result) error { return WriteGitHub(b, r, GitHubOptions{URI: uri}) }},
		{"markdown", func(b *bytes.Buffer, r *analyzer.Result) error {
			return WriteMarkdown(b, r, MarkdownOptions{URI: uri, LinkBase: "https://github.com/o/r/blob/0123abc"})
		}},
		{"markdown-capped", func(b *bytes.Buffer, r *analyzer.Result) error {
			return WriteMarkdown(b, r, MarkdownOptions{URI: uri, MaxRows: 2})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b, sampleResult(t)); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s:\n%s", tt.name, golden, b.String())
			}
		})
	}
}

// With no findings each format says so plainly.
func TestFormatsEmpty(t *testing.T) {
	res := &analyzer.Result{Linted: 2}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return WriteText(b, res, TextOptions{}) },
		"markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, res, MarkdownOptions{}) },
		"github":   func(b *bytes.Buffer) error { return WriteGitHub(b, res, GitHubOptions{}) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if name == "markdown" && b.String() != "### wflint: no findings\n\n2 files linted.\n" {
			t.Errorf("markdown: %q", b.String())
		}
		if name == "github" && b.String() != "" {
			t.Errorf("github: %q", b.String())
		}
	}
}

// Text from a file never reaches a terminal raw: a snippet and a message with escape
// sequences, other control characters and bidirectional controls show them escaped.
func TestTextEscapesControlCharacters(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    runs-on: \"x\x1b[2J\u202ey\"\n"
	f, _ := analyzer.Load("ci.yml", []byte(src), analyzer.KindWorkflow)
	res := &analyzer.Result{
		Diagnostics: []analyzer.Diagnostic{{Rule: "r", Severity: analyzer.Error, Path: "ci.yml", Message: "label x\x1b[31m\u202e and\x07 more",
			Range: analyzer.Range{Start: f.Pos(4, 14), End: f.Pos(4, 21)}}},
		Files: map[string]*analyzer.File{"ci.yml": f}, Linted: 1,
	}
	for _, opts := range []TextOptions{{}, {Color: true}, {Oneline: true}} {
		var b bytes.Buffer
		if err := WriteText(&b, res, opts); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if opts.Color {
			out = strings.NewReplacer(ansiReset, "", ansiBold, "", ansiDim, "", ansiRed, "").Replace(out)
		}
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%+v: raw control characters in %q", opts, out)
		}
		if !strings.Contains(out, `label x\x1b[31m\u202e and\x07 more`) {
			t.Errorf("%+v: the message is not shown escaped: %q", opts, out)
		}
		if !opts.Oneline && !strings.Contains(out, `runs-on: "x\x1b[2J\u202ey"`) {
			t.Errorf("%+v: the snippet is not shown escaped: %q", opts, out)
		}
	}
}
