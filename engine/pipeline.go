package engine

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// A FileStep changes the findings of one file while the file is still loaded: inline
// suppressions, severity overrides, redaction.
type FileStep struct {
	Name  string
	Apply func(f *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic
}

// A ResultStep changes the findings of the whole run: path ignores, minimum severity,
// sorting, fixes, baselines. An error stops the pipeline.
type ResultStep struct {
	Name  string
	Apply func(s *State) error
}

// State is what the result steps work on.
type State struct {
	*analyzer.Result
	// Log receives the one-line notes of steps ("applied 2 fixes in 1 file").
	Log io.Writer
	// Failed is set by a step that could not do all it was asked (a fix not applied).
	Failed bool
	// Fixed says what the fix step did.
	Fixed FixSummary

	inputs []Input
	load   loadFunc
	// relint lints a file again, from its loaded form, through the rules, the file steps
	// and the result steps before the one running.
	relint func(in Input, f *analyzer.File, loadDiags []analyzer.Diagnostic) []analyzer.Diagnostic
}

// Pipeline is a whole run: the runner with its file steps, then the result steps in
// order. The CLI assembles it from its flags and the configuration.
type Pipeline struct {
	Runner *Runner
	Steps  []ResultStep
	Log    io.Writer
}

// Describe lists the steps in the order they run, for --help-like output and tests.
func (p *Pipeline) Describe() []string {
	var names []string
	for _, s := range p.Runner.FileSteps {
		names = append(names, "file: "+s.Name)
	}
	for _, s := range p.Steps {
		names = append(names, "result: "+s.Name)
	}
	return names
}

// Run lints the inputs and passes the result through the steps.
func (p *Pipeline) Run(inputs []Input) (*State, error) {
	log := p.Log
	if log == nil {
		log = io.Discard
	}
	st := &State{Result: p.Runner.lintAll(inputs), Log: log, inputs: inputs, load: p.Runner.loader()}
	for i, step := range p.Steps {
		st.relint = func(in Input, f *analyzer.File, loadDiags []analyzer.Diagnostic) []analyzer.Diagnostic {
			return p.relint(in, f, loadDiags, p.Steps[:i])
		}
		if err := step.Apply(st); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (p *Pipeline) relint(in Input, f *analyzer.File, loadDiags []analyzer.Diagnostic, before []ResultStep) []analyzer.Diagnostic {
	if in.Repo != nil {
		f.Repo = in.Repo
	}
	diags := p.Runner.lintLoaded(f, loadDiags)
	one := &State{Result: &analyzer.Result{Diagnostics: diags, Files: map[string]*analyzer.File{f.Path: f}, Linted: 1, Paths: []string{f.Path}}, Log: io.Discard}
	for _, s := range before {
		if err := s.Apply(one); err != nil {
			break
		}
	}
	return one.Diagnostics
}

// ---- file steps ----

// Suppress drops the findings that an inline "# wflint: ignore[...]" comment covers and,
// when unused-ignore is among rules, reports the comments that are wrong or suppress
// nothing. known lists every rule ID, run or not (nil takes any ID).
func Suppress(rules []*analyzer.Rule, known []string) FileStep {
	reportUnused := slices.Contains(rules, analyzer.UnusedIgnore)
	return FileStep{Name: "inline suppressions", Apply: func(f *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic {
		ran := func(id string) bool {
			i := slices.IndexFunc(rules, func(r *analyzer.Rule) bool { return r.ID == id })
			return i >= 0 && (rules[i].Run == nil || rules[i].Applies(f.Kind))
		}
		return suppress(f, diags, ran, known, reportUnused)
	}}
}

// OverrideSeverity reports the findings of the rules in bySeverity at that severity.
func OverrideSeverity(byRule map[string]analyzer.Severity) FileStep {
	return FileStep{Name: "severity overrides", Apply: func(_ *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic {
		for i := range diags {
			if s, ok := byRule[diags[i].Rule]; ok {
				diags[i].Severity = s
			}
		}
		return diags
	}}
}

// Redact masks, in the file's text that reports read snippets from, every range a
// finding says is secret, and every range a scanner finds, whichever rules ran and
// whether or not the file loaded: its first characters stay (to recognise it), the rest
// become "*", byte for byte, so that every position still holds.
func Redact(scanners ...func(*analyzer.File) []analyzer.Range) FileStep {
	return FileStep{Name: "redaction", Apply: func(f *analyzer.File, diags []analyzer.Diagnostic) []analyzer.Diagnostic {
		mask := func(r analyzer.Range) { f.Mask(r, min(4, (r.End.Offset-r.Start.Offset)/4)) }
		for _, d := range diags {
			for _, r := range d.Redact {
				mask(r)
			}
		}
		for _, scan := range scanners {
			for _, r := range scan(f) {
				mask(r)
			}
		}
		return diags
	}}
}

// ---- result steps ----

// Filter keeps the findings keep says to keep.
func Filter(name string, keep func(analyzer.Diagnostic) bool) ResultStep {
	return ResultStep{Name: name, Apply: func(s *State) error {
		s.Diagnostics = slices.DeleteFunc(s.Diagnostics, func(d analyzer.Diagnostic) bool { return !keep(d) })
		return nil
	}}
}

// MinSeverity drops the findings below min.
func MinSeverity(min analyzer.Severity) ResultStep {
	return Filter(fmt.Sprintf("minimum severity %s", min), func(d analyzer.Diagnostic) bool { return d.Severity >= min })
}

// MinConfidence drops the findings less sure than min.
func MinConfidence(min analyzer.Confidence) ResultStep {
	return Filter(fmt.Sprintf("minimum confidence %s", min), func(d analyzer.Diagnostic) bool { return d.Confidence >= min })
}

// SortDedupe orders the findings by path, position, rule and message, and says once what
// is said twice about the same place (a node that an alias repeats is checked at each
// use; a file named twice is linted twice).
func SortDedupe() ResultStep {
	return ResultStep{Name: "sort and de-duplicate", Apply: func(s *State) error {
		s.Diagnostics = Dedupe(s.Diagnostics)
		return nil
	}}
}

// Dedupe sorts diags (see SortDiagnostics) and drops each that repeats the one before it.
func Dedupe(diags []analyzer.Diagnostic) []analyzer.Diagnostic {
	SortDiagnostics(diags)
	return slices.CompactFunc(diags, sameDiagnostic)
}

func sameDiagnostic(a, b analyzer.Diagnostic) bool {
	return a.Path == b.Path && a.Rule == b.Rule && a.Range == b.Range && a.Message == b.Message
}

// SortDiagnostics orders diagnostics by path, position, rule and message.
func SortDiagnostics(ds []analyzer.Diagnostic) {
	slices.SortStableFunc(ds, func(a, b analyzer.Diagnostic) int {
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
