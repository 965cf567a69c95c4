package engine

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
)

// badRule reports every "BAD" in the file; badSpan reports, once, the range from the
// first "SPAN" to the last.
var badRule = &analyzer.Rule{ID: "bad", Title: "bad", Severity: analyzer.Error, Category: analyzer.CategoryStyle, Kinds: []analyzer.FileKind{analyzer.KindWorkflow}, Run: func(p *analyzer.Pass) error {
	src := p.File.Src
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("BAD"))
		if j < 0 {
			break
		}
		i += j
		p.Report(analyzer.Diagnostic{Range: analyzer.Range{Start: p.File.OffsetPos(i), End: p.File.OffsetPos(i + 3)}, Message: "bad"})
		i += 3
	}
	return nil
}}

var spanRule = &analyzer.Rule{ID: "span", Title: "span", Severity: analyzer.Error, Category: analyzer.CategoryStyle, Kinds: []analyzer.FileKind{analyzer.KindWorkflow}, Run: func(p *analyzer.Pass) error {
	src := p.File.Src
	i, j := bytes.Index(src, []byte("SPAN")), bytes.LastIndex(src, []byte("SPAN"))
	if i >= 0 {
		p.Report(analyzer.Diagnostic{Range: analyzer.Range{Start: p.File.OffsetPos(i), End: p.File.OffsetPos(j + 4)}, Message: "span"})
	}
	return nil
}}

func lintSuppressed(t *testing.T, src string) []string {
	t.Helper()
	rules := []*analyzer.Rule{badRule, spanRule, analyzer.UnusedIgnore}
	rn := &Runner{Rules: rules, FileSteps: []FileStep{Suppress(rules, []string{"bad", "span", "off", "unused-ignore"})}}
	_, diags := rn.Lint(Input{Path: "w.yml", Fallback: analyzer.KindWorkflow}, []byte(src))
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message))
	}
	return out
}

func TestSuppress(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"no comment", "a: BAD\n", []string{"1:4 bad bad"}},
		{"end of line", "a: BAD  # wflint: ignore[bad] known\nb: BAD\n", []string{"2:4 bad bad"}},
		{"line above", "# wflint: ignore[bad] known\na: BAD\nb: BAD\n", []string{"3:4 bad bad"}},
		{"line above, past other comments", "# wflint: ignore[bad] known\n# more words\n\na: BAD\n", nil},
		{"two ids", "a: BAD SPAN  # wflint: ignore[span, bad] known\n", nil},
		{"no space before #", "a: BAD#wflint:ignore[bad]\n", []string{"1:4 bad bad"}},
		{"inside a quoted string", "a: \"BAD # wflint: ignore[bad] known\"\n", []string{"1:5 bad bad"}},
		{"inside a block scalar: script text", "a: |\n  BAD\n  # wflint: ignore[bad] known\n", []string{"2:3 bad bad"}},
		{"on the block scalar's header", "a: |  # wflint: ignore[bad] known\n  BAD\n  x\n  BAD\nb: BAD\n", []string{"5:4 bad bad"}},
		{"above the block scalar's key", "# wflint: ignore[bad] known\na: |\n  BAD\nb: BAD\n", []string{"4:4 bad bad"}},
		{"within a multi-line range", "a:\n  - SPAN  # wflint: ignore[span] known\n  - SPAN\n", nil},
		{"file-ignore", "# wflint: file-ignore[bad] fixtures\na: BAD\nb: BAD\n", nil},

		// what unused-ignore says
		{"nothing to suppress", "a: 1  # wflint: ignore[bad] known\n", []string{`1:24 unused-ignore ignore[bad] suppresses nothing: bad reports nothing on the line it covers; remove it`}},
		{"unknown rule", "a: BAD  # wflint: ignore[bda] known\n", []string{"1:4 bad bad", `1:26 unused-ignore unknown rule "bda" in ignore; did you mean "bad"? (see wflint --list-rules)`}},
		{"no reason", "a: BAD  # wflint: ignore[bad]\n", []string{"1:9 unused-ignore this ignore gives no reason; say after the brackets why the finding does not apply, so that the next reader knows"}},
		{"no rule", "a: BAD  # wflint: ignore reason\n", []string{"1:4 bad bad", "1:9 unused-ignore this ignore names no rule; write the rules it is for: # wflint: ignore[rule-id] reason"}},
		{"a rule that did not run", "a: 1  # wflint: ignore[off] known\n", nil},
		{"file-ignore after the first key", "a: BAD\n# wflint: file-ignore[bad] late\nb: BAD\n", []string{"1:4 bad bad", "2:1 unused-ignore a file-ignore comment must stand on its own line before the first key of the file; here it suppresses nothing", "3:4 bad bad"}},
		{"one used, one not", "a: BAD  # wflint: ignore[bad, span] known\n", []string{"1:31 unused-ignore ignore[span] suppresses nothing: span reports nothing on the line it covers; remove it"}},
		{"an ordinary comment first", "a: BAD  # note # wflint: ignore[bad] known\n", []string{"1:4 bad bad"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := lintSuppressed(t, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// The fix of an unused single-rule comment removes it and leaves valid YAML.
func TestSuppressFix(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"a: 1  # wflint: ignore[bad] known\nb: 2\n", "a: 1\nb: 2\n"},
		{"# wflint: ignore[bad] known\na: 1\n", "a: 1\n"},
	} {
		rn := NewRunner(badRule, analyzer.UnusedIgnore)
		f, diags := rn.Lint(Input{Path: "w.yml", Fallback: analyzer.KindWorkflow}, []byte(tt.src))
		if len(diags) != 1 || len(diags[0].Fixes) != 1 {
			t.Fatalf("%q: %v", tt.src, diags)
		}
		got, err := analyzer.ApplyEdits(f.Src, diags[0].Fixes[0].Edits)
		if err != nil || string(got) != tt.want {
			t.Errorf("%q fixed to %q (%v), want %q", tt.src, got, err, tt.want)
		}
	}
}
