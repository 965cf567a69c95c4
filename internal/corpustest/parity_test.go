package corpustest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules"
)

// TestActionlintParity runs actionlint's linter (as a library, without shellcheck and
// pyflakes) and all of wflint's rules over every corpus workflow, and fails on any
// actionlint finding that wflint does not make near the same line, unless parityWrong
// explains why actionlint is the one that is wrong there (or why wflint keeps quiet on
// purpose). -v lists the counts by actionlint's kind and by reason.
func TestActionlintParity(t *testing.T) {
	// shellcheck's findings are compared by shellcheck's own tests, not here
	runner := engine.NewRunner(slices.DeleteFunc(rules.All(), func(r *analyzer.Rule) bool { return r.ID == "shellcheck" })...)
	byKind := map[string][]string{}
	theirs := map[string]int{}
	reasons := map[string]int{}
	lintBoth(t, runner, false, func(p string, src []byte, errs []*actionlint.Error, diags []analyzer.Diagnostic) {
		for _, e := range errs {
			theirs[e.Kind]++
			if matched(e, diags) || foundNear(e, diags) {
				continue
			}
			if why := parityWrong(p, src, e); why != "" {
				reasons[e.Kind+": "+why]++
				continue
			}
			byKind[e.Kind] = append(byKind[e.Kind], fmt.Sprintf("%s:%d:%d: %s", p, e.Line, e.Column, e.Message))
		}
	})
	kinds := make([]string, 0, len(theirs))
	for k := range theirs {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	missed := 0
	for _, k := range kinds {
		t.Logf("%s: %d by actionlint, %d of them not by wflint and not explained", k, theirs[k], len(byKind[k]))
		for _, m := range byKind[k] {
			t.Errorf("not found by wflint: %s", m)
		}
		missed += len(byKind[k])
	}
	whys := make([]string, 0, len(reasons))
	for why := range reasons {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	for _, why := range whys {
		t.Logf("  %4d %s", reasons[why], why)
	}
}

// nearRules are the wflint rules that report what an actionlint kind does, a few lines
// away: actionlint places a finding inside a block scalar on the line of its key, and a
// filter finding on the filter rather than on the event.
var nearRules = map[string][]string{
	"deprecated-commands": {"workflow-command"},
	"events":              {"schema", "filter-ignored"},
	"expression":          {"template-injection"},
}

func foundNear(e *actionlint.Error, diags []analyzer.Diagnostic) bool {
	for _, d := range diags {
		if slices.Contains(nearRules[e.Kind], d.Rule) && d.Range.Start.Line >= e.Line-1 && d.Range.Start.Line <= e.Line+40 {
			return true
		}
	}
	return false
}

// parityWrong says why wflint does not make an actionlint finding: actionlint does not
// know a 2025-2026 feature (../shared/github-actions-2026.md), or wflint keeps quiet on
// purpose (each rule's doc says what it does not report). "" when nothing explains it.
func parityWrong(p string, src []byte, e *actionlint.Error) string {
	msg := e.Message
	switch {
	case e.Kind == "expression" || e.Kind == "if-cond":
		if why := actionlintWrong(p, msg); why != "" {
			return why
		}
		if withFallback(src, e) {
			return "a matrix key read with a fallback of its own (matrix.x || 'y')"
		}
	case e.Kind == "runner-label" && strings.Contains(msg, "is unknown"):
		return "a label of a larger or self-hosted runner, which wflint cannot know (runner-label's labels option lists them)"
	case strings.Contains(msg, `"$/`):
		return "$/ names the repository's own path (2026)"
	case e.Kind == "permissions" && strings.Contains(msg, `"copilot-requests"`):
		return "copilot-requests is a permission scope since 2026-03-10"
	case e.Kind == "syntax-check":
		for _, feature := range []string{`"cache-mode"`, `"queue"`, `"background"`} {
			if strings.Contains(msg, feature) {
				return feature + " is a 2026 key"
			}
		}
		if strings.HasPrefix(msg, `step must run script with "run" section`) {
			return "a parallel:, wait:, wait-all: or cancel: step (2026)"
		}
	}
	return ""
}
