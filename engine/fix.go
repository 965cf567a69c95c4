package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/wflint/wflint/analyzer"
)

// FixSummary counts what the fix step did.
type FixSummary struct {
	Applied, Files int
	UnsafeLeft     int // unsafe fixes not applied (no --unsafe-fixes)
}

// ErrStop, wrapped in an error of FixOptions.Check, stops the fix step: every later file
// would fail the same way (a rate limit).
var ErrStop = errors.New("stop fixing")

// FixOptions says which fixes the fix step applies and how it writes the files.
type FixOptions struct {
	// Unsafe applies unsafe fixes too.
	Unsafe bool
	// Check, when set, vets a file's findings before any of its fixes is applied; an
	// error leaves the file as it was (wflint pin: a ref that could not be resolved).
	Check func(path string, diags []analyzer.Diagnostic) error
	// Write writes the fixed text of a file; WriteFileAtomic to in.ReadPath when nil
	// (wflint pin --dry-run shows a diff instead).
	Write func(in Input, old, new []byte, fixes int) error
	// Refused reports a file left as it was; "wflint: PATH: fixes not applied: ERR"
	// on the log when nil.
	Refused func(path string, err error)
	// Done, when set, is told what the step did once it is done ("applied 2 fixes").
	Done func(log io.Writer, sum FixSummary)
}

// Fix applies the first fix of each finding (a safe one, or any with Unsafe) to the
// files, and lints each changed file again, once, so that what follows reports on the
// fixed text. A file is written atomically, only when every chosen edit applies, only
// when the result still loads if the original did, and only when it did not change on
// disk meanwhile. A fix whose edits overlap one already chosen waits for the next run.
func Fix(o FixOptions) ResultStep {
	return ResultStep{Name: "fixes", Apply: o.apply}
}

func (o FixOptions) apply(s *State) error {
	byPath := map[string][]analyzer.Diagnostic{}
	for _, d := range s.Diagnostics {
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	relinted := map[string][]analyzer.Diagnostic{}
	for _, in := range s.inputs {
		diags := byPath[in.Path]
		if _, done := relinted[in.Path]; done || in.Src != nil || in.ReadPath == "" || len(diags) == 0 {
			continue // standard input is not a file to rewrite
		}
		after, changed, err := o.fixFile(s, in, diags)
		if err != nil {
			s.Failed = true
			if o.Refused != nil {
				o.Refused(in.Path, err)
			} else {
				fmt.Fprintf(s.Log, "wflint: %s: fixes not applied: %v\n", in.Path, err)
			}
			if errors.Is(err, ErrStop) {
				break
			}
			continue
		}
		if changed {
			relinted[in.Path] = after
		}
	}
	if len(relinted) > 0 {
		s.Diagnostics = replaceFiles(s.Diagnostics, relinted)
	}
	if o.Done != nil {
		o.Done(s.Log, s.Fixed)
	}
	return nil
}

// fixFile applies the fixes of one file; it returns the file's findings after the
// change and whether it changed.
func (o FixOptions) fixFile(s *State, in Input, diags []analyzer.Diagnostic) ([]analyzer.Diagnostic, bool, error) {
	if o.Check != nil {
		if err := o.Check(in.Path, diags); err != nil {
			return nil, false, err
		}
	}
	f := s.Files[in.Path]
	edits, n, unsafeLeft := o.choose(diags)
	s.Fixed.UnsafeLeft += unsafeLeft
	if n == 0 || f == nil {
		return nil, false, nil
	}
	src := f.Original()
	out, err := analyzer.ApplyEdits(src, edits)
	if err != nil {
		return nil, false, err
	}
	loaded, loadDiags := s.load(in.Path, out, in.Fallback)
	if !hasSyntaxError(diags) && hasSyntaxError(loadDiags) {
		return nil, false, errors.New("the result would not read as YAML (please report it)")
	}
	if now, err := os.ReadFile(in.ReadPath); err != nil || !bytes.Equal(now, src) {
		return nil, false, errors.New("the file changed while wflint was fixing it")
	}
	write := o.Write
	if write == nil {
		write = func(in Input, _, new []byte, _ int) error { return WriteFileAtomic(in.ReadPath, new) }
	}
	if err := write(in, src, out, n); err != nil {
		return nil, false, err
	}
	s.Fixed.Applied += n
	s.Fixed.Files++
	after := s.relint(in, loaded, loadDiags)
	if len(after) > 0 {
		s.Files[in.Path] = loaded
	} else {
		delete(s.Files, in.Path)
	}
	return after, true, nil
}

// choose picks the first fix of each finding that may be applied and does not overlap
// one already chosen.
func (o FixOptions) choose(diags []analyzer.Diagnostic) (edits []analyzer.Edit, n, unsafeLeft int) {
	for _, d := range diags {
		if len(d.Fixes) == 0 {
			continue
		}
		fix := d.Fixes[0]
		if fix.Safety != analyzer.Safe && !o.Unsafe {
			unsafeLeft++
			continue
		}
		if overlaps(edits, fix.Edits) {
			continue
		}
		edits = append(edits, fix.Edits...)
		n++
	}
	return edits, n, unsafeLeft
}

// replaceFiles swaps the findings of each relinted file for its new ones, keeping the
// order of the sorted list (a file's findings stand together).
func replaceFiles(diags []analyzer.Diagnostic, relinted map[string][]analyzer.Diagnostic) []analyzer.Diagnostic {
	out := make([]analyzer.Diagnostic, 0, len(diags))
	for i, d := range diags {
		after, ok := relinted[d.Path]
		if !ok {
			out = append(out, d)
			continue
		}
		if i == 0 || diags[i-1].Path != d.Path {
			out = append(out, after...)
		}
	}
	return out
}

func overlaps(chosen, edits []analyzer.Edit) bool {
	for _, e := range edits {
		for _, c := range chosen {
			if e.Range.Start.Offset < c.Range.End.Offset && c.Range.Start.Offset < e.Range.End.Offset ||
				e.Range.Start.Offset == c.Range.Start.Offset { // two insertions at one place
				return true
			}
		}
	}
	return false
}

func hasSyntaxError(diags []analyzer.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d analyzer.Diagnostic) bool { return d.Rule == analyzer.SyntaxError.ID })
}
