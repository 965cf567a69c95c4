// Package analyzertest runs rules over YAML test files that state what they expect in
// comments, in the manner of golang.org/x/tools/go/analysis/analysistest.
//
// A comment "# want RULE "regexp"" expects a diagnostic of RULE whose message matches the
// regexp. On the offending line it applies to that line; on a line of its own, to the
// next line; "# want +N ..." applies N lines further down (for lines inside a block
// scalar, where a comment would be part of the script). RULE@C pins the start column and
// RULE@C-E the start and end columns (1-based, end exclusive, on one line); RULE:note
// (or :warning, :error) pins the severity. One comment
// may list several expectations. A diagnostic that no expectation matches fails the
// test, and so does an expectation that no diagnostic matches.
//
// A line "# options: {...}" passes that JSON object as options to every rule under test,
// a line "# repo: a/b.go c.md" reads the file as part of a repository that tracks
// those files, and a line "# resolve: owner/repo@ref=sha ..." gives the rules that need
// the network a resolver that answers from that table.
//
// When FILE.fixed exists beside FILE, the first fix of every diagnostic is applied and the
// result must equal it (run the tests with -update to rewrite it).
package analyzertest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
)

// Update rewrites .fixed files from the fixes the rules offer.
var Update = flag.Bool("update", false, "rewrite golden files")

type want struct {
	line     int
	rule     string
	col, end int    // 0 when not pinned
	sev      string // "" when not pinned
	re       *regexp.Regexp
	raw      string
	matched  bool
}

// optionsComment gives the rules options for one test file: "# options: {"names": ["A"]}".
var optionsComment = regexp.MustCompile(`(?m)^#\s*options:\s*(\{.*\})\s*$`)

// repoComment gives the file list of the repository the test file is read in:
// "# repo: src/a.go docs/b.md". The repository's folder is the test file's, so that a
// rule reading a file of it (ReadFile) finds the ones beside the test.
var repoComment = regexp.MustCompile(`(?m)^#\s*repo:\s*(.*)$`)

// resolveComment turns on network rules with a fake resolver:
// "# resolve: actions/checkout@v4=<sha> ...".
var resolveComment = regexp.MustCompile(`(?m)^#\s*resolve:\s*(.*)$`)

// Resolver answers the online questions from a table, for tests: "owner/repo@ref" gives
// the SHA a ref resolves to, "advisory:owner/repo" the advisories of an action as
// "ID|severity|range|patched" entries joined by ";" (the range without spaces), and
// "commit:owner/repo@sha" "yes" or "no" for whether the commit is the repository's own.
type Resolver map[string]string

// ResolveRef implements analyzer.Resolver.
func (r Resolver) ResolveRef(owner, repo, ref string) (string, error) {
	if sha, ok := r[owner+"/"+repo+"@"+ref]; ok {
		return sha, nil
	}
	return "", fmt.Errorf("%s/%s@%s: no such ref", owner, repo, ref)
}

// Advisories implements analyzer.AdvisorySource.
func (r Resolver) Advisories(action string) ([]analyzer.Advisory, error) {
	var out []analyzer.Advisory
	for _, e := range strings.Split(r["advisory:"+strings.ToLower(action)], ";") {
		f := strings.Split(e, "|")
		if len(f) == 4 {
			out = append(out, analyzer.Advisory{ID: f[0], Severity: f[1], Vulnerable: f[2], Patched: f[3], Summary: "a test advisory"})
		}
	}
	return out, nil
}

// InRepository implements analyzer.CommitChecker.
func (r Resolver) InRepository(owner, repo, sha string) (bool, error) {
	switch r["commit:"+owner+"/"+repo+"@"+sha] {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, fmt.Errorf("%s/%s@%s: not in the test table", owner, repo, sha)
}

var wantComment = regexp.MustCompile(`(^|\s)#\s*want\s+(.*)$`)

// parseWants reads the expectations of a test file.
func parseWants(t *testing.T, name string, src []byte) []*want {
	t.Helper()
	var wants []*want
	lines := strings.Split(string(src), "\n")
	for i, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		m := wantComment.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		target := i + 1
		if strings.TrimSpace(line[:m[0]]) == "" {
			target = i + 2 // a comment on its own line: the next line
		}
		rest := strings.TrimSpace(line[m[4]:])
		if strings.HasPrefix(rest, "+") {
			f := strings.Fields(rest)
			n, err := strconv.Atoi(f[0][1:])
			if err != nil {
				t.Fatalf("%s:%d: bad offset %q in want", name, i+1, f[0])
			}
			target = i + 1 + n
			rest = strings.TrimSpace(rest[len(f[0]):])
		}
		for rest != "" {
			sp := strings.IndexAny(rest, " \t")
			if sp < 0 {
				t.Fatalf("%s:%d: want needs RULE \"regexp\" pairs, got %q", name, i+1, rest)
			}
			w := &want{line: target, rule: rest[:sp]}
			if at := strings.IndexByte(w.rule, '@'); at >= 0 {
				cols := w.rule[at+1:]
				w.rule = w.rule[:at]
				c, e, hasEnd := strings.Cut(cols, "-")
				var err error
				if w.col, err = strconv.Atoi(c); err == nil && hasEnd {
					w.end, err = strconv.Atoi(e)
				}
				if err != nil {
					t.Fatalf("%s:%d: bad columns %q in want", name, i+1, cols)
				}
			}
			if rule, sev, ok := strings.Cut(w.rule, ":"); ok {
				if _, err := analyzer.ParseSeverity(sev); err != nil {
					t.Fatalf("%s:%d: %v in want", name, i+1, err)
				}
				w.rule, w.sev = rule, sev
			}
			rest = strings.TrimSpace(rest[sp:])
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				t.Fatalf("%s:%d: want %s needs a quoted regexp: %v", name, i+1, w.rule, err)
			}
			pattern, _ := strconv.Unquote(q)
			w.raw = pattern
			if w.re, err = regexp.Compile(pattern); err != nil {
				t.Fatalf("%s:%d: bad regexp %q: %v", name, i+1, pattern, err)
			}
			wants = append(wants, w)
			rest = strings.TrimSpace(rest[len(q):])
		}
	}
	return wants
}

// Run lints every .yml and .yaml file under dir with rules and checks the expectations.
// It fails when dir has no test file.
func Run(t *testing.T, dir string, rules ...*analyzer.Rule) {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no test files in %s", dir)
	}
	for _, f := range files {
		RunFile(t, f, rules...)
	}
}

// RunFile lints one file with rules and checks its expectations. The file is read as a
// workflow unless its path or content says it is action metadata.
func RunFile(t *testing.T, name string, rules ...*analyzer.Rule) []analyzer.Diagnostic {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	runner := &engine.Runner{Rules: rules, FileSteps: []engine.FileStep{engine.Suppress(rules, nil), engine.Redact()}}
	if m := optionsComment.FindSubmatch(src); m != nil {
		var opts map[string]any
		if err := json.Unmarshal(m[1], &opts); err != nil {
			t.Fatalf("%s: bad options comment: %v", name, err)
		}
		runner.Options = map[string]analyzer.OptionValues{}
		for _, r := range rules {
			v, err := analyzer.ParseOptions(r, opts)
			if err != nil {
				t.Fatalf("%s: options comment: %v", name, err)
			}
			runner.Options[r.ID] = v
		}
	}
	in := engine.Input{Path: name, Fallback: analyzer.KindWorkflow}
	if m := repoComment.FindSubmatch(src); m != nil {
		repo := engine.NewRepoFiles(strings.Fields(string(m[1])), nil)
		repo.Root = filepath.Dir(name) // the files a test reads lie beside it
		in.Repo = repo
	}
	if m := resolveComment.FindSubmatch(src); m != nil {
		table := Resolver{}
		for _, pair := range strings.Fields(string(m[1])) {
			ref, sha, ok := strings.Cut(pair, "=")
			if !ok {
				t.Fatalf("%s: bad resolve entry %q; want owner/repo@ref=sha", name, pair)
			}
			table[ref] = sha
		}
		runner.Resolver = table
	}
	_, diags := runner.Lint(in, src)
	diags = engine.Dedupe(diags)
	Check(t, name, src, diags)
	checkFixes(t, name, src, diags)
	return diags
}

// Check compares diagnostics with the expectations written in src.
func Check(t *testing.T, name string, src []byte, diags []analyzer.Diagnostic) {
	t.Helper()
	wants := parseWants(t, name, src)
	for _, d := range diags {
		if d.Range.End.Offset < d.Range.Start.Offset || d.Range.End.Offset > len(src) {
			t.Errorf("%s:%d:%d: [%s] bad range %v", name, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Range)
		}
		if !matchWant(wants, d) {
			t.Errorf("%s:%d:%d-%d:%d: unexpected diagnostic [%s] %s", name, d.Range.Start.Line, d.Range.Start.Column,
				d.Range.End.Line, d.Range.End.Column, d.Rule, d.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no %s diagnostic matching %q", name, w.line, w.rule, w.raw)
		}
	}
}

func matchWant(wants []*want, d analyzer.Diagnostic) bool {
	for _, w := range wants {
		if w.matched || w.line != d.Range.Start.Line || w.rule != d.Rule || !w.re.MatchString(d.Message) {
			continue
		}
		if w.col != 0 && w.col != d.Range.Start.Column || w.sev != "" && w.sev != d.Severity.String() {
			continue
		}
		if w.end != 0 && (w.end != d.Range.End.Column || d.Range.End.Line != d.Range.Start.Line) {
			continue
		}
		w.matched = true
		return true
	}
	return false
}

func checkFixes(t *testing.T, name string, src []byte, diags []analyzer.Diagnostic) {
	t.Helper()
	golden := name + ".fixed"
	var edits []analyzer.Edit
	for _, d := range diags {
		if len(d.Fixes) > 0 {
			edits = append(edits, d.Fixes[0].Edits...)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil && !*Update {
		return // no golden file: fixes are not checked for this file
	}
	got, aerr := analyzer.ApplyEdits(src, edits)
	if aerr != nil {
		t.Errorf("%s: applying fixes: %v", name, aerr)
		return
	}
	if *Update {
		if len(edits) > 0 || err == nil {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: fixes give\n%s\nwant (%s)\n%s", name, got, golden, want)
	}
}

// Describe formats diagnostics one per line, for test failure messages.
func Describe(diags []analyzer.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s:%d:%d: [%s] %s\n", d.Path, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message)
	}
	return b.String()
}
