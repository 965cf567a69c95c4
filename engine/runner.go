package engine

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wflint/wflint/analyzer"
)

// Input is one file to lint.
type Input struct {
	Path     string            // as shown in output
	ReadPath string            // where to read it from, when Src is nil
	Src      []byte            // the content, when already in memory (stdin)
	Fallback analyzer.FileKind // the kind of a file that path and content do not settle
	Repo     *Repo             // the git repository the file belongs to; nil when none (or --no-repo)
}

// Runner loads files, runs the rules on each and passes each file's findings through
// the per-file steps while the file is still loaded.
type Runner struct {
	Rules []*analyzer.Rule
	// Options holds per-rule option values by rule ID.
	Options map[string]analyzer.OptionValues
	// Jobs bounds how many files are linted at once; 0 means GOMAXPROCS.
	Jobs int
	// Resolver, when set, lets rules ask what a remote ref points to (network access).
	Resolver analyzer.Resolver
	// FileSteps run, in order, on the findings of each file (see Suppress, Redact).
	FileSteps []FileStep
	// DropText keeps no file in the result (Result.Files stays empty), for runs whose
	// reports and steps never read a file's text: snippets (text), line hashes (SARIF),
	// fingerprints (baselines) and fixes do. A run then holds only its findings.
	DropText bool

	// load reads a file; analyzer.Load unless a test counts the calls.
	load loadFunc
}

type loadFunc func(name string, src []byte, fallback analyzer.FileKind) (*analyzer.File, []analyzer.Diagnostic)

func (rn *Runner) loader() loadFunc {
	if rn.load != nil {
		return rn.load
	}
	return analyzer.Load
}

// NewRunner returns a runner of rules with the usual file steps: inline suppressions
// (unused-ignore among rules reports the stale ones) and redaction.
func NewRunner(rules ...*analyzer.Rule) *Runner {
	return &Runner{Rules: rules, FileSteps: []FileStep{Suppress(rules, nil), Redact()}}
}

// fileResult is what linting one input gave.
type fileResult struct {
	ok    bool // the input is a workflow or action, linted
	path  string
	file  *analyzer.File // kept for the reports that read its text (nil with DropText)
	diags []analyzer.Diagnostic
	err   error
}

// Run lints the inputs and returns what they found, sorted and without duplicates: a
// pipeline with no result steps but SortDedupe.
func (rn *Runner) Run(inputs []Input) *analyzer.Result {
	res := rn.lintAll(inputs)
	res.Diagnostics = Dedupe(res.Diagnostics)
	return res
}

// lintAll lints the inputs in parallel and merges what they found, in input order.
func (rn *Runner) lintAll(inputs []Input) *analyzer.Result {
	results := make([]fileResult, len(inputs))
	workers := rn.Jobs
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(inputs))
	// Each worker takes the next input by a counter: no channel hand-off, so no goroutine
	// waits on another between files.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(inputs); i = int(next.Add(1) - 1) {
				results[i] = rn.lintInput(inputs[i])
			}
		})
	}
	wg.Wait()

	res := &analyzer.Result{Files: map[string]*analyzer.File{}}
	for i, fr := range results {
		results[i] = fileResult{} // the result holds what it needs; let the rest go
		switch {
		case fr.err != nil:
			res.Errors = append(res.Errors, fr.err)
		case fr.ok:
			res.Linted++
			res.Paths = append(res.Paths, fr.path)
			if len(fr.diags) > 0 {
				res.Diagnostics = append(res.Diagnostics, fr.diags...)
				if fr.file != nil {
					res.Files[fr.path] = fr.file
				}
			}
		}
	}
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
	f, diags := rn.loadInput(in, src)
	if f.Kind == analyzer.KindUnknown {
		return fileResult{} // not a workflow or action: not ours to lint
	}
	fr := fileResult{ok: true, path: f.Path, diags: rn.lintLoaded(f, diags)}
	if !rn.DropText && len(fr.diags) > 0 {
		fr.file = f // while the other files are linted, only those with findings are kept
	}
	return fr
}

// loadInput loads src as the file of in.
func (rn *Runner) loadInput(in Input, src []byte) (*analyzer.File, []analyzer.Diagnostic) {
	f, diags := rn.loader()(in.Path, src, in.Fallback)
	if in.Repo != nil { // a nil *Repo is not a nil Repository
		f.Repo = in.Repo
	}
	return f, diags
}

// Lint loads one file, runs the rules that apply and the per-file steps, and returns
// the findings sorted and without duplicates. The file keeps its tree, for callers
// (editors, tests) that look at it afterwards.
func (rn *Runner) Lint(in Input, src []byte) (*analyzer.File, []analyzer.Diagnostic) {
	f, diags := rn.loadInput(in, src)
	if f.Kind == analyzer.KindUnknown {
		return f, diags
	}
	return f, Dedupe(rn.check(f, diags))
}

// lintLoaded runs the rules and the file steps on a loaded file, then releases its tree.
func (rn *Runner) lintLoaded(f *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic {
	diags = rn.check(f, diags)
	f.Release()
	return diags
}

func (rn *Runner) check(f *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic {
	peers := func(peer *analyzer.Rule) (analyzer.OptionValues, bool) {
		return rn.Options[peer.ID], peer.Applies(f.Kind) && slices.Contains(rn.Rules, peer)
	}
	// one collector and one pass serve every rule of the file
	col := &collector{diags: diags}
	pass := analyzer.NewPass(nil, f, analyzer.OptionValues{}, rn.Resolver, col.add).WithPeers(peers)
	for _, r := range rn.Rules {
		if r.Run != nil && r.Applies(f.Kind) && (f.Root != nil || r.TextOnly) {
			runRule(pass.ForRule(r, rn.Options[r.ID]), col)
		}
	}
	diags = col.diags
	for _, s := range rn.FileSteps {
		diags = s.Apply(f, diags)
	}
	// A finding without a position (only an inline file-ignore can suppress it) points
	// at the start of the file; one the engine made itself is certain.
	for i := range diags {
		if diags[i].Range.Start.Line == 0 {
			p := f.Pos(1, 1)
			diags[i].Range = analyzer.Range{Start: p, End: p}
		}
		if diags[i].Confidence == 0 {
			diags[i].Confidence = analyzer.High
		}
	}
	return diags
}

// collector gathers what the rules of one file report.
type collector struct{ diags []analyzer.Diagnostic }

func (c *collector) add(d analyzer.Diagnostic) { c.diags = append(c.diags, d) }

// failed records that rule r failed on f, by error or panic.
func (c *collector) failed(r *analyzer.Rule, f *analyzer.File, why string) {
	p := f.Pos(1, 1)
	c.diags = append(c.diags, analyzer.Diagnostic{
		Rule: analyzer.InternalError.ID, Severity: analyzer.Error, Path: f.Path, Range: analyzer.Range{Start: p, End: p},
		Message: fmt.Sprintf("rule %q failed on this file: %s; please report it", r.ID, firstLine(why)),
	})
}

// runRule runs the pass's rule. A rule that fails, by error or panic, leaves an
// internal-error finding that names it; what it found before that is kept.
func runRule(pass *analyzer.Pass, col *collector) {
	defer func() {
		if v := recover(); v != nil {
			col.failed(pass.Rule, pass.File, fmt.Sprint(v))
		}
	}()
	if err := pass.Rule.Run(pass); err != nil {
		col.failed(pass.Rule, pass.File, err.Error())
	}
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// NotFoundError is a path that does not exist: on the command line, a usage error.
type NotFoundError struct{ Path string }

func (e *NotFoundError) Error() string { return e.Path + ": no such file" }

// readError turns a file-system error into one plain line.
func readError(name string, err error) error {
	switch {
	case os.IsNotExist(err):
		return &NotFoundError{Path: name}
	case os.IsPermission(err):
		return fmt.Errorf("%s: permission denied", name)
	}
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %v", name, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}
