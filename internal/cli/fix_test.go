package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
)

// A fix that would break the file, or whose edit does not apply, leaves the file as it
// was and fails the run.
func TestFixRefusesToBreakFiles(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(f *analyzer.File) analyzer.Edit
		want string
	}{
		{"breaks YAML", func(f *analyzer.File) analyzer.Edit {
			return analyzer.Edit{Range: analyzer.Range{Start: f.Pos(1, 1), End: f.Pos(1, 1)}, NewText: "[: :\n"}
		}, "the result would not read as YAML"},
		{"outside the file", func(f *analyzer.File) analyzer.Edit {
			end := f.OffsetPos(len(f.Src))
			end.Offset += 10
			return analyzer.Edit{Range: analyzer.Range{Start: end, End: end}, NewText: "x"}
		}, "lies outside the file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rule := &analyzer.Rule{ID: "bad-fix", Title: "t", Severity: analyzer.Error, Category: analyzer.CategoryStyle,
				Kinds: []analyzer.FileKind{analyzer.KindWorkflow}, Run: func(p *analyzer.Pass) {
					p.Report(analyzer.Diagnostic{Range: analyzer.Range{Start: p.File.Pos(1, 1), End: p.File.Pos(1, 3)}, Message: "m",
						Fixes: []analyzer.Fix{{Title: "t", Safety: analyzer.Safe, Edits: []analyzer.Edit{tt.edit(p.File)}}}})
				}}
			dir := t.TempDir()
			path := filepath.Join(dir, "ci.yml")
			src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
			os.WriteFile(path, []byte(src), 0o644)
			var stderr strings.Builder
			sum := applyFixes(&analyzer.Runner{Rules: []*analyzer.Rule{rule}}, []analyzer.Input{{Path: "ci.yml", ReadPath: path, Fallback: analyzer.KindWorkflow}},
				false, func(analyzer.Diagnostic) bool { return true }, &stderr)
			if !sum.failed || sum.applied != 0 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("summary %+v, stderr %q", sum, stderr.String())
			}
			if data, _ := os.ReadFile(path); string(data) != src {
				t.Errorf("the file was changed:\n%s", data)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("a temporary file was left behind: %v", entries)
			}
		})
	}
}
