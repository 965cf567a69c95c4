package analyzer

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestValueOffsets finds the marker "X" in each value and checks that it maps to the X
// in the source: the marker is placed after escapes, folds and indentation.
func TestValueOffsets(t *testing.T) {
	cases := map[string]string{
		"plain":          "k: a b X\n",
		"plain folded":   "k: a\n  b\n\n  c X\n",
		"single":         "k: 'it''s X'\n",
		"single folded":  "k: 'a\n   b X'\n",
		"double escapes": "k: \"\\t\\u00e9\\x41\\\"X\"\n",
		"double joined":  "k: \"a\\\n     bX\"\n",
		"double folded":  "k: \"a  \n\n  b X\"\n",
		"literal":        "k: |\n  a\n\n    b\n  cX\n",
		"literal keep":   "k: |+\n  aX\n\n",
		"folded":         "k: >-\n  a\n  b\n\n  cX\n",
		"folded indent":  "k: >\n  a\n    more\n  X\n",
		"explicit":       "k: |2\n    a\n  X\n",
		"in list":        "k:\n  - |\n    a\n    X\n",
		"anchor tag":     "k: &a !!str X\n",
		"crlf":           "k: |\r\n  a\r\n  X\r\n",
		"unicode":        "k: \"é ü X\"\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			f, diags := Load(".github/workflows/x.yml", []byte(src), KindWorkflow)
			if f.Root == nil {
				t.Fatalf("not loaded: %v", diags)
			}
			v := f.Root.Content[1]
			if v.Kind == yaml.SequenceNode {
				v = v.Content[0]
			}
			offs, ok := f.ValueOffsets(v)
			if !ok {
				t.Fatalf("no offsets for %q", v.Value)
			}
			i := strings.IndexByte(v.Value, 'X')
			if i < 0 {
				t.Fatalf("no marker in %q", v.Value)
			}
			if got, want := offs[i], strings.LastIndexByte(src, 'X'); got != want {
				t.Errorf("X at value byte %d maps to offset %d, want %d", i, got, want)
			}
			if end := offs[len(v.Value)]; end < offs[i] || end > len(src) {
				t.Errorf("end offset %d out of place", end)
			}
		})
	}
}
