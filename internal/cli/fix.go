package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/wflint/wflint/analyzer"
)

// fixSummary counts what --fix did.
type fixSummary struct {
	applied, files int
	unsafeLeft     int // unsafe fixes not applied (no --unsafe-fixes)
	failed         bool
}

// applyFixes lints each input file, applies the first fix of each finding that keep
// keeps (a safe one, or any with unsafe), and writes the file back: atomically, only
// when every chosen edit applies, only when the result still reads as YAML if the
// original did, and only when the file did not change on disk meanwhile. A fix whose
// edits overlap one already chosen waits for the next run.
func applyFixes(runner *analyzer.Runner, inputs []analyzer.Input, unsafe bool, keep func(analyzer.Diagnostic) bool, stderr io.Writer) fixSummary {
	var sum fixSummary
	for _, in := range inputs {
		if in.Src != nil || in.ReadPath == "" {
			continue // standard input is not a file to rewrite
		}
		src, err := os.ReadFile(in.ReadPath)
		if err != nil {
			continue // reported when the files are linted
		}
		f, diags := runner.LintInRepo(in.Path, src, in.Fallback, in.Repo)
		if f.Kind == analyzer.KindUnknown {
			continue
		}
		var edits []analyzer.Edit
		n := 0
		for _, d := range diags {
			if len(d.Fixes) == 0 || !keep(d) {
				continue
			}
			fix := d.Fixes[0]
			if fix.Safety != analyzer.Safe && !unsafe {
				sum.unsafeLeft++
				continue
			}
			if overlaps(edits, fix.Edits) {
				continue
			}
			edits = append(edits, fix.Edits...)
			n++
		}
		if n == 0 {
			continue
		}
		out, err := analyzer.ApplyEdits(src, edits)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %s: fixes not applied: %v\n", in.Path, err)
			sum.failed = true
			continue
		}
		if !hasSyntaxError(diags) {
			if _, after := runner.LintInRepo(in.Path, out, in.Fallback, in.Repo); hasSyntaxError(after) {
				fmt.Fprintf(stderr, "wflint: %s: fixes not applied: the result would not read as YAML (please report it)\n", in.Path)
				sum.failed = true
				continue
			}
		}
		now, err := os.ReadFile(in.ReadPath)
		if err != nil || !bytes.Equal(now, src) {
			fmt.Fprintf(stderr, "wflint: %s: fixes not applied: the file changed while wflint was fixing it\n", in.Path)
			sum.failed = true
			continue
		}
		if err := WriteFileAtomic(in.ReadPath, out); err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			sum.failed = true
			continue
		}
		sum.applied += n
		sum.files++
	}
	return sum
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
