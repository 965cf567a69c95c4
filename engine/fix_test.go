package engine

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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
			rule := fixingRule(tt.edit)
			dir := t.TempDir()
			path := filepath.Join(dir, "ci.yml")
			src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
			os.WriteFile(path, []byte(src), 0o644)
			var log strings.Builder
			p := &Pipeline{Runner: NewRunner(rule), Steps: []ResultStep{SortDedupe(), Fix(FixOptions{})}, Log: &log}
			st, err := p.Run([]Input{{Path: "ci.yml", ReadPath: path, Fallback: analyzer.KindWorkflow}})
			if err != nil || !st.Failed || st.Fixed.Applied != 0 || !strings.Contains(log.String(), tt.want) {
				t.Errorf("err %v, state %+v, log %q", err, st.Fixed, log.String())
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

// fixingRule reports the first two bytes of a file with a safe fix made by edit, once:
// a file that already starts with "# fixed" is left alone.
func fixingRule(edit func(f *analyzer.File) analyzer.Edit) *analyzer.Rule {
	return &analyzer.Rule{ID: "bad-fix", Title: "t", Severity: analyzer.Error, Category: analyzer.CategoryStyle,
		Kinds: []analyzer.FileKind{analyzer.KindWorkflow}, Run: func(p *analyzer.Pass) error {
			if strings.HasPrefix(string(p.File.Src), "# fixed") {
				return nil
			}
			p.Report(analyzer.Diagnostic{Range: analyzer.Range{Start: p.File.Pos(1, 1), End: p.File.Pos(1, 3)}, Message: "m",
				Fixes: []analyzer.Fix{{Title: "t", Safety: analyzer.Safe, Edits: []analyzer.Edit{edit(p.File)}}}})
			return nil
		}}
}

// A plain run loads each file once; --fix loads once more each file it changed, and
// only those, and reports on the fixed text.
func TestLoadCount(t *testing.T) {
	dir := t.TempDir()
	var inputs []Input
	for _, name := range []string{"a.yml", "b.yml", "c.yml"} {
		path := filepath.Join(dir, name)
		src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
		if name == "c.yml" {
			src = "# fixed\n" + src // nothing to fix
		}
		os.WriteFile(path, []byte(src), 0o644)
		inputs = append(inputs, Input{Path: name, ReadPath: path, Fallback: analyzer.KindWorkflow})
	}
	rule := fixingRule(func(f *analyzer.File) analyzer.Edit {
		return analyzer.Edit{Range: analyzer.Range{Start: f.Pos(1, 1), End: f.Pos(1, 1)}, NewText: "# fixed\n"}
	})
	for _, tt := range []struct {
		name      string
		steps     []ResultStep
		wantLoads int64
		wantDiags int
	}{
		{"plain", []ResultStep{SortDedupe()}, 3, 2},
		{"fix", []ResultStep{SortDedupe(), Fix(FixOptions{})}, 3 + 2, 0},
		{"fix again", []ResultStep{SortDedupe(), Fix(FixOptions{})}, 3, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var loads atomic.Int64
			rn := NewRunner(rule)
			rn.load = func(name string, src []byte, fallback analyzer.FileKind) (*analyzer.File, []analyzer.Diagnostic) {
				loads.Add(1)
				return analyzer.Load(name, src, fallback)
			}
			st, err := (&Pipeline{Runner: rn, Steps: tt.steps}).Run(inputs)
			if err != nil || st.Failed {
				t.Fatalf("err %v, failed %v", err, st.Failed)
			}
			if got := loads.Load(); got != tt.wantLoads {
				t.Errorf("Load ran %d times, want %d", got, tt.wantLoads)
			}
			if len(st.Diagnostics) != tt.wantDiags {
				t.Errorf("%d findings after the run, want %d: %v", len(st.Diagnostics), tt.wantDiags, st.Diagnostics)
			}
		})
	}
}
