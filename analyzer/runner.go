package analyzer

import (
	"cmp"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Input is one file to lint.
type Input struct {
	Path     string   // as shown in output
	ReadPath string   // where to read it from, when Src is nil
	Src      []byte   // the content, when already in memory (stdin)
	Fallback FileKind // the kind of a file that path and content do not settle
	Repo     *Repo    // the git repository the file belongs to; nil when none (or --no-repo)
}

// Runner lints files with a set of rules.
type Runner struct {
	Rules []*Rule
	// Options holds per-rule options by rule ID.
	Options map[string]map[string]any
	// Severity overrides a rule's default severity by rule ID.
	Severity map[string]Severity
	// Jobs bounds how many files are linted at once; 0 means GOMAXPROCS.
	Jobs int
	// Resolver, when set, lets rules ask what a remote ref points to (network access).
	Resolver Resolver
	// Known lists every rule id, run or not, so that a suppression comment naming
	// another is reported as unknown; nil takes any id.
	Known []string
}

// Result is what a run found.
type Result struct {
	// Diagnostics sorted by path, line, column and rule, without duplicates.
	Diagnostics []Diagnostic
	// Files holds the text of each file that has a diagnostic, for snippets.
	Files map[string]*File
	// Errors lists files that could not be read.
	Errors []error
	// Linted counts the files that were linted.
	Linted int
	// Paths lists the files that were linted, as shown.
	Paths []string
}

// HasInternalError reports whether a rule failed during the run.
func (r *Result) HasInternalError() bool {
	for _, d := range r.Diagnostics {
		if d.Rule == InternalError.ID {
			return true
		}
	}
	return false
}

type fileResult struct {
	file  *File
	diags []Diagnostic
	err   error
}

// Run lints the inputs in parallel and returns the merged, sorted result.
func (rn *Runner) Run(inputs []Input) *Result {
	results := make([]fileResult, len(inputs))
	workers := rn.Jobs
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = rn.lintInput(inputs[i])
			}
		})
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &Result{Files: map[string]*File{}}
	for _, fr := range results {
		if fr.err != nil {
			res.Errors = append(res.Errors, fr.err)
			continue
		}
		if fr.file == nil {
			continue
		}
		res.Linted++
		res.Paths = append(res.Paths, fr.file.Path)
		if len(fr.diags) > 0 {
			res.Diagnostics = append(res.Diagnostics, fr.diags...)
			res.Files[fr.file.Path] = fr.file
		}
	}
	SortDiagnostics(res.Diagnostics)
	res.Diagnostics = slices.CompactFunc(res.Diagnostics, sameDiagnostic)
	return res
}

func (rn *Runner) lintInput(in Input) fileResult {
	src := in.Src
	if src == nil {
		b, err := os.ReadFile(in.ReadPath)
		if err != nil {
			return fileResult{err: readError(in.Path, err)}
		}
		src = b
	}
	f, diags := rn.lint(in.Path, src, in.Fallback, in.Repo)
	if f.Kind == KindUnknown {
		return fileResult{} // not a workflow or action: not ours to lint
	}
	// Keep only what output needs: the text. The tree can be large and is done with.
	f.Root, f.Workflow, f.Action, f.ranges, f.memo, f.Repo = nil, nil, nil, nil, nil, nil
	return fileResult{file: f, diags: diags}
}

// Lint loads one file and runs every rule that applies to it.
func (rn *Runner) Lint(name string, src []byte, fallback FileKind) (*File, []Diagnostic) {
	return rn.lint(name, src, fallback, nil)
}

// LintInRepo is Lint for a file of the git repository repo.
func (rn *Runner) LintInRepo(name string, src []byte, fallback FileKind, repo *Repo) (*File, []Diagnostic) {
	return rn.lint(name, src, fallback, repo)
}

func (rn *Runner) lint(name string, src []byte, fallback FileKind, repo *Repo) (*File, []Diagnostic) {
	f, diags := Load(name, src, fallback)
	f.Repo = repo
	if f.Root == nil || f.Kind == KindUnknown {
		return f, diags
	}
	for _, r := range rn.Rules {
		if r.Run == nil || !r.Applies(f.Kind) {
			continue
		}
		diags = rn.runRule(r, f, diags)
	}
	diags = suppress(f, diags, func(id string) bool {
		for _, r := range rn.Rules {
			if r.ID == id {
				return r.Run == nil || r.Applies(f.Kind)
			}
		}
		return false
	}, rn.Known, slices.Contains(rn.Rules, UnusedIgnore))
	for i := range diags {
		d := &diags[i]
		if s, ok := rn.Severity[d.Rule]; ok {
			d.Severity = s
		}
		if d.Range.Start.Line == 0 { // a rule that gave no position: point at the file
			p := f.Pos(1, 1)
			d.Range = Range{p, p}
		}
	}
	// A node that an alias repeats is checked at each use; what is said twice about the
	// same place is said once.
	SortDiagnostics(diags)
	diags = slices.CompactFunc(diags, sameDiagnostic)
	redact(f, diags)
	return f, diags
}

// redact masks, in the file's text that output reads snippets from, every range a
// diagnostic says is secret: its first characters stay (to recognise it), the rest
// become "*", byte for byte, so that every position still holds. Rules have already
// read the file.
func redact(f *File, diags []Diagnostic) {
	var masked []byte
	for _, d := range diags {
		for _, r := range d.Redact {
			if masked == nil {
				masked = slices.Clone(f.Src)
			}
			keep := min(4, (r.End.Offset-r.Start.Offset)/4)
			for i := r.Start.Offset + keep; i < r.End.Offset && i < len(masked); i++ {
				if masked[i] != '\n' && masked[i] != '\r' {
					masked[i] = '*'
				}
			}
		}
	}
	if masked != nil {
		f.Src = masked
		f.lines.src = masked
	}
}

func sameDiagnostic(a, b Diagnostic) bool {
	return a.Path == b.Path && a.Rule == b.Rule && a.Range == b.Range && a.Message == b.Message
}

func (rn *Runner) runRule(r *Rule, f *File, diags []Diagnostic) (out []Diagnostic) {
	pass := &Pass{Rule: r, File: f, Options: rn.Options[r.ID], Resolver: rn.Resolver}
	pass.report = func(d Diagnostic) {
		d.Path = f.Path
		diags = append(diags, d)
	}
	defer func() {
		out = diags
		if v := recover(); v != nil {
			p := f.Pos(1, 1)
			out = append(out, Diagnostic{
				Rule: InternalError.ID, Severity: Error, Path: f.Path, Range: Range{p, p},
				Message: fmt.Sprintf("rule %q failed on this file: %v; please report it", r.ID, firstLine(fmt.Sprint(v))),
			})
		}
	}()
	r.Run(pass)
	return diags
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// SortDiagnostics orders diagnostics by path, position, rule and message.
func SortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
			cmp.Compare(a.Range.Start.Column, b.Range.Start.Column),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Message, b.Message),
			cmp.Compare(a.Range.End.Offset, b.Range.End.Offset),
		)
	})
}

// readError turns a file-system error into one plain line.
func readError(name string, err error) error {
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("%s: no such file", name)
	case os.IsPermission(err):
		return fmt.Errorf("%s: permission denied", name)
	}
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %v", name, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}
