package corpustest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules"
)

// TestActionlintParity runs actionlint's linter (as a library, without shellcheck and
// pyflakes) and wflint's rules over every corpus workflow and lists, by actionlint's
// rule kind, the findings wflint makes on no line near them.
func TestActionlintParity(t *testing.T) {
	if os.Getenv("WFLINT_PARITY") == "" {
		t.Skip("set WFLINT_PARITY=1 to list the differences")
	}
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runner := engine.NewRunner(rules.All()...)
	byKind := map[string][]string{}
	theirs := map[string]int{}
	for _, p := range corpusFiles(t) {
		if !strings.Contains(filepath.ToSlash(p), "/workflows/") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		errs, _ := linter.Lint(p, src, nil)
		_, diags := runner.Lint(engine.Input{Path: ".github/workflows/" + filepath.Base(p), Fallback: analyzer.KindWorkflow}, src)
		for _, e := range errs {
			theirs[e.Kind]++
			if matched(e, diags) {
				continue
			}
			byKind[e.Kind] = append(byKind[e.Kind], fmt.Sprintf("%s:%d:%d: %s", p, e.Line, e.Column, e.Message))
		}
	}
	kinds := make([]string, 0, len(theirs))
	for k := range theirs {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("%s: %d by actionlint, %d not by wflint", k, theirs[k], len(byKind[k]))
		for _, m := range byKind[k] {
			t.Logf("  %s", m)
		}
	}
}
