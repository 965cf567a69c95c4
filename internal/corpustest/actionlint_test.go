package corpustest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules/expr"
)

// expressionRules are wflint's expression and reference rules.
var expressionRules = []*analyzer.Rule{
	expr.ExpressionSyntax, expr.ExpressionType, expr.ContextAvailability, expr.ConstantCondition,
	expr.UndefinedEnv, expr.UndefinedInput, expr.UndefinedMatrix, expr.UndefinedStep,
	expr.NeedsUndeclared, expr.NeedsUnknownOutput, expr.SecretsInIf, expr.UnawaitedBackgroundStep,
	expr.UndefinedSecret,
}

// actionlintKinds are actionlint's rules about expressions.
var actionlintKinds = map[string]bool{"expression": true, "if-cond": true}

// TestActionlintExpressions runs actionlint's linter (as a library) over the corpus
// workflows and checks that every expression finding it makes is also made by wflint on
// the same line, unless it is one of the differences listed in actionlintWrong, where
// actionlint is the one that is wrong.
func TestActionlintExpressions(t *testing.T) {
	runner := engine.NewRunner(expressionRules...)
	var missed []string
	theirs, explained := 0, 0
	reasons := map[string]int{}
	lintBoth(t, runner, true, func(p string, src []byte, errs []*actionlint.Error, diags []analyzer.Diagnostic) {
		for _, e := range errs {
			if !actionlintKinds[e.Kind] {
				continue
			}
			theirs++
			if matched(e, diags) {
				continue
			}
			if why := actionlintWrong(p, e.Message); why != "" || withFallback(src, e) {
				if why == "" {
					why = "a matrix key read with a fallback of its own (matrix.x || 'y'): optional, read on purpose (wflint's choice; see undefined-matrix)"
				}
				reasons[why]++
				explained++
				continue
			}
			missed = append(missed, fmt.Sprintf("%s:%d:%d: %s", p, e.Line, e.Column, e.Message))
		}
	})
	sort.Strings(missed)
	t.Logf("actionlint expression findings: %d; found by wflint: %d; not wflint's to find: %d", theirs, theirs-explained-len(missed), explained)
	whys := make([]string, 0, len(reasons))
	for why := range reasons {
		whys = append(whys, why)
	}
	sort.Strings(whys)
	for _, why := range whys {
		t.Logf("  %d: %s", reasons[why], why)
	}
	if len(missed) > 0 {
		t.Errorf("%d actionlint expression findings that wflint does not make:\n%s", len(missed), strings.Join(missed, "\n"))
	}
}

// lintBoth lints each corpus workflow (and each starter workflow, with starters) with
// actionlint's linter and with runner, and hands both results to fn.
func lintBoth(t *testing.T, runner *engine.Runner, starters bool, fn func(p string, src []byte, errs []*actionlint.Error, diags []analyzer.Diagnostic)) {
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range corpusFiles(t) {
		slash := filepath.ToSlash(p)
		if !strings.Contains(slash, "/workflows/") && !(starters && strings.Contains(slash, "starter-workflows/")) {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		errs, _ := linter.Lint(p, src, nil)
		_, diags := runner.Lint(engine.Input{Path: ".github/workflows/" + filepath.Base(p), Fallback: analyzer.KindWorkflow}, src)
		fn(p, src, errs, diags)
	}
}

var quotedName = regexp.MustCompile(`^property "([^"]+)"`)

// matched reports whether wflint reports what actionlint does: on the same line, or,
// for a property, a finding that names it a few lines further down (actionlint places
// findings inside block scalars on the line of the key).
func matched(e *actionlint.Error, diags []analyzer.Diagnostic) bool {
	name := ""
	if m := quotedName.FindStringSubmatch(e.Message); m != nil {
		name = strings.ToLower(m[1])
	}
	for _, d := range diags {
		if d.Range.Start.Line <= e.Line && e.Line <= d.Range.End.Line {
			return true
		}
		// an if: | block: actionlint points at the key, wflint at the text below it
		if e.Kind == "if-cond" && d.Range.Start.Line == e.Line+1 {
			return true
		}
		if name != "" && d.Range.Start.Line >= e.Line && d.Range.Start.Line <= e.Line+40 &&
			strings.Contains(strings.ToLower(d.Message), name) {
			return true
		}
	}
	return false
}

// withFallback reports whether the property actionlint reports is read as the left
// operand of "||".
func withFallback(src []byte, e *actionlint.Error) bool {
	m := quotedName.FindStringSubmatch(e.Message)
	lines := strings.Split(string(src), "\n")
	if m == nil || e.Line < 1 || e.Line > len(lines) || !strings.Contains(e.Message, "is not defined in object type") {
		return false
	}
	// matrix.x || y, and the ternary matrix.x && y || z; in a block scalar actionlint
	// names the line of the key, so the lines below count too
	re := regexp.MustCompile(`matrix\.[A-Za-z0-9_.-]*` + regexp.QuoteMeta(m[1]) + `[A-Za-z0-9_.-]*\s*(&&[^|]*)?\|\|`)
	block := strings.HasSuffix(strings.TrimSpace(lines[e.Line-1]), "|")
	for l := e.Line - 1; l < len(lines) && (l == e.Line-1 || block && l < e.Line+40); l++ {
		if re.MatchString(lines[l]) {
			return true
		}
	}
	return false
}

// actionlintWrong returns why an actionlint expression finding on file p is not one
// wflint should make, or "".
func actionlintWrong(p, msg string) string {
	switch {
	case strings.HasPrefix(msg, `constant expression "false" in condition`), strings.HasPrefix(msg, `constant expression "true" in condition`):
		return "a bare if: false or if: true switches a job or step off or on on purpose (wflint's choice; see constant-condition)"
	case strings.Contains(msg, "is potentially untrusted"):
		return "untrusted text where template-injection knows it is harmless: the event that starts the job lacks the field, or only the repository's own branches reach it (see template-injection)"
	case strings.HasPrefix(msg, `property "workspace" is not defined in object type {arch`):
		return "runner.workspace exists (in GitHub's parser since 2026; actionlint 1.7.12 lacks it)"
	case strings.Contains(msg, `unexpected token "*" while parsing`):
		return "x[*] is a filter GitHub's parser accepts; actionlint's parser does not"
	case strings.Contains(msg, `type of expression at "runs-on" must be string or array but found type "{group`):
		return "runs-on may be a {group, labels} object"
	case strings.HasPrefix(msg, `property access of object must be type of string but got "number"`):
		return "job.services.<id>.ports[5432] is GitHub's documented form"
	case strings.HasSuffix(p, "vuejs__core/size-report.yml") && strings.Contains(msg, `property "pr-`):
		return "steps inside a parallel: group, which actionlint 1.7.12 does not read"
	case strings.HasSuffix(p, "starter-workflows/code-scanning__codeql.yml"):
		return "a starter template whose matrix is the placeholder $codeql-languages-matrix"
	}
	return ""
}
