// Package schemadiff compares wflint's structural findings (syntax-error, schema,
// action-schema) with those of GitHub's own workflow parser (@actions/workflow-parser,
// run through gh-parse.mjs from ../shared/tools) over a corpus of real files, and lists
// the files on which the two disagree.
//
// Some differences are deliberate: GitHub's parser package lags behind features GitHub
// has shipped and documented, or its converter refuses values its own schema allows and
// real repositories use. Each such difference is named in Documented with the reason,
// and is not counted as a disagreement.
package schemadiff

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules/expr"
	"github.com/wflint/wflint/rules/schema"
	"github.com/wflint/wflint/rules/workflow"
)

// Documented lists GitHub-parser errors wflint does not report on purpose.
var Documented = []struct {
	Pattern *regexp.Regexp
	Reason  string
	// Where, when set, says whether the error's line (and the file's kind) is one the
	// reason is about.
	Where func(kind, line string) bool
}{
	{regexp.MustCompile(`^Invalid cron expression`),
		"the server trims a cron expression (apache/arrow's \"cron: |\" schedules run) and takes a step larger than its field (*/7 in the day of the week); wflint reports surrounding whitespace as a note (../shared/github-actions-2026.md, section 8)",
		func(_, line string) bool { return serverCron.MatchString(line) }},
	{regexp.MustCompile(`^Unexpected value '`),
		"the runner reads neither branding (GitHub Marketplace shows any Feather icon) nor top-level keys of action metadata it does not know; wflint reports both as warnings",
		func(kind, line string) bool {
			return kind == "action" && (strings.HasPrefix(strings.TrimSpace(line), "icon:") || len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '#')
		}},
	{regexp.MustCompile(`^Unexpected value 'cache-mode'$`),
		"cache-mode shipped 2026-09-10 (github.blog changelog), after the parser package was published", nil},
	{regexp.MustCompile(`^Unexpected value '(background|wait|wait-all|cancel|parallel)'$|^Expected one of uses or run to be defined$`),
		"parallel steps shipped 2026-06-25 (github.blog changelog); the parser package keeps them behind its allowBackgroundSteps flag", nil},
	{regexp.MustCompile(`^Required property is missing: (name|description)$`),
		"the runner loads an action without a name or description; wflint reports the missing key as a warning, not an error", nil},
	{regexp.MustCompile(`^Missing closing 'quote|^Implicit keys need to be on a single line|^All mapping items must start at the same column`),
		"the YAML reader of GitHub's parser package refuses a quoted string continued on a line indented less than its key; the runner reads such files (r-lib/actions/setup-r, used by thousands of workflows, has them)", nil},
	{regexp.MustCompile(`^Unexpected value 'black'$`),
		"docs.github.com lists black among the branding colours of action metadata", nil},
	{regexp.MustCompile(`^Unexpected type 'BasicExpressionToken' encountered while reading 'job env'`),
		"the parser's own schema gives jobs.<id>.env an expression context; only its converter refuses a whole-mapping expression", nil},
	{regexp.MustCompile(`^Unexpected type '(NumberToken|BooleanToken)' encountered while reading 'input default'`),
		"the parser's own schema allows a number or boolean as a workflow_dispatch input default; only its converter refuses it", nil},
}

// serverCron matches a cron line the server runs and GitHub's parser refuses: a block
// scalar (its line break), whitespace inside the quotes, or a step in the last field.
var serverCron = regexp.MustCompile(`cron:\s*([|>]|["']\s|.*\s["']\s*$|.*/[0-9]+["']?\s*(#.*)?$)`)

// templatePlaceholder is the reason for templateError.
const templatePlaceholder = "a workflow template's placeholder ($cron-weekly, $codeql-languages-matrix), which GitHub fills in when a workflow is created from the template; wflint reports it only in a file GitHub runs (directly in .github/workflows)"

var templateLine = regexp.MustCompile(`(^|:)\s*['"]?\$[a-z]+(-[a-z]+)+['"]?\s*$`)

// templateError reports whether g is GitHub's parser refusing a template's placeholder
// (a whole value such as $cron-weekly) in a file that is not one GitHub runs.
func templateError(e Entry, g Finding, lines []string) bool {
	return !analyzer.InWorkflowsDir(e.Original) && g.Line >= 1 && g.Line <= len(lines) &&
		templateLine.MatchString(strings.TrimRight(lines[g.Line-1], "\r"))
}

// documented returns the reason a GitHub error (message msg, on line of a file of kind
// kind) is not expected from wflint, or "".
func documented(msg, kind, line string) string {
	for _, d := range Documented {
		if d.Pattern.MatchString(msg) && (d.Where == nil || d.Where(kind, line)) {
			return d.Reason
		}
	}
	return ""
}

// Finding is one error from either side.
type Finding struct {
	Line    int
	Message string
	Reason  string // why wflint leaves a documented GitHub error out
}

// File is the comparison for one corpus file.
type File struct {
	Path       string // corpus-relative
	Kind       string // "workflow" or "action"
	GitHub     []Finding
	Documented []Finding // GitHub errors wflint leaves out on purpose
	Wflint     []Finding
}

// Disagrees reports whether exactly one side finds the file broken.
func (f *File) Disagrees() bool { return (len(f.GitHub) == 0) != (len(f.Wflint) == 0) }

// Entry is one line of the corpus MANIFEST.tsv.
type Entry struct {
	Kind, Local, Original string
}

// ReadManifest reads corpus/MANIFEST.tsv.
func ReadManifest(corpus string) ([]Entry, error) {
	f, err := os.Open(filepath.Join(corpus, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 5 {
			continue
		}
		kind := "workflow"
		if cols[0] == "action" {
			kind = "action"
		}
		out = append(out, Entry{Kind: kind, Local: cols[1], Original: cols[4]})
	}
	return out, sc.Err()
}

type ghLine struct {
	File   string
	Errors []struct {
		Message string
		Line    int
	}
}

// misnamed reports a workflow whose file name gh-parse.mjs would take for action
// metadata (.github/workflows/action.yaml).
func misnamed(e Entry) bool {
	base := filepath.Base(e.Local)
	return e.Kind == "workflow" && (base == "action.yml" || base == "action.yaml")
}

// GitHub runs gh-parse.mjs over the entries (one node process per kind) and returns
// the errors by corpus-relative path.
func GitHub(validators, corpus string, entries []Entry) (map[string][]Finding, error) {
	out := map[string][]Finding{}
	for _, kind := range []string{"workflow", "action"} {
		args := []string{filepath.Join(validators, "gh-parse.mjs")}
		if kind == "action" {
			args = append(args, "--action")
		}
		n := 0
		for _, e := range entries {
			if e.Kind == kind && !misnamed(e) {
				args = append(args, e.Local)
				n++
			}
		}
		if n == 0 {
			continue
		}
		cmd := exec.Command("node", args...)
		cmd.Dir = corpus
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil && stdout.Len() == 0 {
			return nil, fmt.Errorf("gh-parse.mjs: %v: %s", err, firstLine(stderr.String()))
		}
		dec := json.NewDecoder(&stdout)
		for {
			var l ghLine
			if err := dec.Decode(&l); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("reading gh-parse.mjs output: %v", err)
			}
			fs := []Finding{}
			for _, e := range l.Errors {
				fs = append(fs, Finding{Line: e.Line, Message: firstLine(e.Message)})
			}
			out[l.File] = fs
		}
	}
	for _, e := range entries {
		if !misnamed(e) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(corpus, e.Local))
		if err != nil {
			return nil, err
		}
		cmd := exec.Command("node", filepath.Join(validators, "gh-parse.mjs"), "--stdin-filename", "workflow.yml", "-")
		cmd.Stdin = bytes.NewReader(src)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		_ = cmd.Run()
		var l ghLine
		if err := json.Unmarshal(stdout.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("gh-parse.mjs on %s: %v", e.Local, err)
		}
		fs := []Finding{}
		for _, x := range l.Errors {
			fs = append(fs, Finding{Line: x.Line, Message: firstLine(x.Message)})
		}
		out[e.Local] = fs
	}
	return out, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// Wflint lints the entries in-process with the given rules. Each file is named by its
// path in its repository, so that it is classified as GitHub would classify it.
func Wflint(corpus string, entries []Entry, rules []*analyzer.Rule) map[string][]Finding {
	byOriginal := map[string]string{}
	var inputs []engine.Input
	for i, e := range entries {
		name := fmt.Sprintf("%d/%s", i, e.Original) // unique even when two repositories share a path
		if e.Kind == "action" && !strings.HasSuffix(name, "action.yml") && !strings.HasSuffix(name, "action.yaml") {
			name += "/action.yml"
		}
		byOriginal[name] = e.Local
		inputs = append(inputs, engine.Input{Path: name, ReadPath: filepath.Join(corpus, e.Local)})
	}
	res := (&engine.Runner{Rules: rules}).Run(inputs)
	out := map[string][]Finding{}
	for _, e := range entries {
		out[e.Local] = []Finding{}
	}
	for _, d := range res.Diagnostics {
		if d.Severity != analyzer.Error {
			continue // GitHub's parser reports errors only
		}
		local := byOriginal[d.Path]
		out[local] = append(out[local], Finding{Line: d.Range.Start.Line, Message: d.Rule + ": " + d.Message})
	}
	return out
}

// Rules are the wflint rules whose every error GitHub's parser also refuses: structure,
// expression syntax and context availability.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{schema.Schema, schema.ActionSchema, expr.ExpressionSyntax, expr.ContextAvailability, expr.SecretsInIf,
		workflow.DuplicateKey, workflow.InputDefault}
}

// Compare runs both sides over the corpus and returns every file, sorted by path.
func Compare(validators, corpus string, rules []*analyzer.Rule) ([]*File, error) {
	entries, err := ReadManifest(corpus)
	if err != nil {
		return nil, err
	}
	gh, err := GitHub(validators, corpus, entries)
	if err != nil {
		return nil, err
	}
	wf := Wflint(corpus, entries, rules)
	var files []*File
	for _, e := range entries {
		f := &File{Path: e.Local, Kind: e.Kind, Wflint: wf[e.Local]}
		var lines []string
		for _, g := range gh[e.Local] {
			if lines == nil {
				src, _ := os.ReadFile(filepath.Join(corpus, e.Local))
				lines = strings.Split(string(src), "\n")
			}
			if templateError(e, g, lines) {
				g.Reason = templatePlaceholder
				f.Documented = append(f.Documented, g)
				continue
			}
			line := ""
			if g.Line >= 1 && g.Line <= len(lines) {
				line = strings.TrimRight(lines[g.Line-1], "\r")
			}
			if g.Reason = documented(g.Message, e.Kind, line); g.Reason != "" {
				f.Documented = append(f.Documented, g)
			} else {
				f.GitHub = append(f.GitHub, g)
			}
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Print writes the disagreements, then a summary.
func Print(w io.Writer, files []*File, all bool) (disagreements int) {
	var ghFiles, wfFiles, docFiles int
	for _, f := range files {
		if len(f.GitHub) > 0 {
			ghFiles++
		}
		if len(f.Wflint) > 0 {
			wfFiles++
		}
		if len(f.Documented) > 0 && len(f.GitHub) == 0 {
			docFiles++
		}
		if !f.Disagrees() && !(all && len(f.GitHub)+len(f.Wflint)+len(f.Documented) > 0) {
			continue
		}
		if f.Disagrees() {
			disagreements++
		}
		fmt.Fprintf(w, "%s (%s)\n", f.Path, f.Kind)
		for _, g := range f.GitHub {
			fmt.Fprintf(w, "  github  %4d  %s\n", g.Line, g.Message)
		}
		for _, g := range f.Documented {
			fmt.Fprintf(w, "  github  %4d  %s  [documented: %s]\n", g.Line, g.Message, g.Reason)
		}
		for _, g := range f.Wflint {
			fmt.Fprintf(w, "  wflint  %4d  %s\n", g.Line, g.Message)
		}
	}
	fmt.Fprintf(w, "\n%d files: GitHub's parser rejects %d (and %d more only for documented reasons), wflint rejects %d; they disagree on %d\n",
		len(files), ghFiles, docFiles, wfFiles, disagreements)
	return disagreements
}
