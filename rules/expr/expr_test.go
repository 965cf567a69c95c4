package expr

import (
	"testing"

	"github.com/rhysd/actionlint"
)

// TestPropertySpans checks the value offsets given to the last property of the outermost
// chain of an expression: the characters a diagnostic about it underlines.
func TestPropertySpans(t *testing.T) {
	for src, want := range map[string]string{
		"${{ github.event.name }}":               "name",
		"${{ (github.event).name }}":             "name",
		"${{ fromJSON(x.y)[0].name }}":           "name",
		"${{ github.event.commits[*].name }}":    "name",
		"${{ github.event.commits.*.name }}":     "name",
		"${{ github['event'].name }}":            "name",
		"${{ github.event['name'] }}":            "'name'",
		"${{ github . event . name }}":           "name",
		"${{ format('}}', a.b.name) }}":          "name",
		"${{ ((a.b)).name }}":                    "name",
		"${{ !a.name }}":                         "name",
		"${{ x == 'a' && contains(a, b).name }}": "name",
	} {
		exprs := scanExpressions(src, false)
		if len(exprs) != 1 {
			t.Fatalf("%s: %d expressions", src, len(exprs))
		}
		e := exprs[0]
		if err := e.parse(); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var last actionlint.ExprNode
		actionlint.VisitExprNode(e.tree, func(n, parent actionlint.ExprNode, entering bool) {
			if entering && last == nil && chainTop(n, parent) {
				switch n.(type) {
				case *actionlint.ObjectDerefNode, *actionlint.IndexAccessNode:
					last = n
				}
			}
		})
		if last == nil {
			t.Fatalf("%s: no property", src)
		}
		a, b := e.propertySpan(last)
		if got := src[a:b]; got != want {
			t.Errorf("%s: span %q, want %q", src, got, want)
		}
	}
}

func TestScanExpressions(t *testing.T) {
	for src, want := range map[string][]string{
		"a ${{ x }} b ${{ y }}":   {" x ", " y "},
		"${{ 'a}}b' }}":           {" 'a}}b' "},
		"${{ 'it''s }}' }} tail":  {" 'it''s }}' "},
		"${{ x":                   {" x"},
		"${{ 'open }} rest":       {" 'open "},
		"$ {{ no }} {{ ${ {no} }": nil,
	} {
		var got []string
		for _, e := range scanExpressions(src, false) {
			got = append(got, e.text)
		}
		if len(got) != len(want) {
			t.Errorf("%q: got %q, want %q", src, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: got %q, want %q", src, got, want)
			}
		}
	}
}

// runsScript finds a script file or a task runner named as a word of its own.
func TestRunsScript(t *testing.T) {
	for script, want := range map[string]bool{
		"make build":            true,
		"(make)":                true,
		"cd x && npm ci":        true,
		"./ci/setup.sh --fast":  true,
		"echo makefile":         false,
		"echo hi; remake":       false,
		"python -c 'print(1)'":  false,
		"source ./env":          true,
		"echo done.":            false,
		"gradlew\n./gradlew x":  true,
		"echo npm_config_cache": false,
	} {
		if got := runsScript(script); got != want {
			t.Errorf("runsScript(%q) = %v, want %v", script, got, want)
		}
	}
}
