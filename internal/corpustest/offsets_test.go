package corpustest

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// TestValueOffsets maps every scalar of the corpus back to its source. Where the value
// byte is not one that folding or an escape produced, the source byte at its offset must
// be the same byte; and no more than a handful of scalars may fail to map at all.
func TestValueOffsets(t *testing.T) {
	var scalars, failed, multiline int
	for _, p := range corpusFiles(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := analyzer.Load(p, src, analyzer.KindWorkflow)
		if f.Root == nil {
			continue
		}
		seen := map[*yaml.Node]bool{}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n == nil || seen[n] {
				return
			}
			seen[n] = true
			for _, c := range n.Content {
				walk(c)
			}
			if n.Kind != yaml.ScalarNode {
				return
			}
			scalars++
			offs, ok := f.ValueOffsets(n)
			if !ok {
				failed++
				if failed <= 5 {
					t.Logf("%s:%d:%d: no offsets for %q", p, n.Line, n.Column, n.Value)
				}
				return
			}
			if len(offs) != len(n.Value)+1 {
				t.Fatalf("%s:%d:%d: %d offsets for %d bytes", p, n.Line, n.Column, len(offs), len(n.Value))
			}
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				multiline++
			}
			for i := 0; i < len(n.Value); i++ {
				c := n.Value[i]
				if c == ' ' || c == '\n' || c == '\'' || c == '"' || c == '\\' {
					continue // may come from folding or an escape
				}
				if o := offs[i]; o >= len(src) || src[o] != c && src[o] != '\\' {
					t.Fatalf("%s:%d:%d: value byte %d %q maps to offset %d", p, n.Line, n.Column, i, c, o)
				}
			}
		}
		walk(f.Root)
	}
	t.Logf("%d scalars (%d block scalars), %d without offsets", scalars, multiline, failed)
	if failed*10000 > scalars {
		t.Errorf("%d of %d scalars could not be mapped", failed, scalars)
	}
}
