package rules

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// The expression family: every "${{ }}" of a workflow or action is found, parsed and
// type-checked once per file (expr.go, expr_check.go); each rule below reports its share.

var (
	//go:embed expression-syntax.md
	expressionSyntaxDoc string
	//go:embed expression-type.md
	expressionTypeDoc string
	//go:embed context-availability.md
	contextAvailabilityDoc string
	//go:embed constant-condition.md
	constantConditionDoc string
	//go:embed undefined-env.md
	undefinedEnvDoc string
	//go:embed undefined-secret.md
	undefinedSecretDoc string
	//go:embed undefined-var.md
	undefinedVarDoc string
	//go:embed undefined-input.md
	undefinedInputDoc string
	//go:embed undefined-matrix.md
	undefinedMatrixDoc string
	//go:embed undefined-step.md
	undefinedStepDoc string
	//go:embed needs-undeclared.md
	needsUndeclaredDoc string
	//go:embed needs-unknown-output.md
	needsUnknownOutputDoc string
	//go:embed secrets-in-if.md
	secretsInIfDoc string
	//go:embed unawaited-background-step.md
	unawaitedBackgroundStepDoc string
)

var both = []analyzer.FileKind{analyzer.KindWorkflow, analyzer.KindAction}

func exprRule(id, title, doc string, cat analyzer.Category, sev analyzer.Severity, kinds []analyzer.FileKind) *analyzer.Rule {
	return &analyzer.Rule{ID: id, Title: title, Doc: doc, Category: cat, Severity: sev, Kinds: kinds, Run: reportFindings}
}

var (
	ExpressionSyntax = exprRule("expression-syntax", "a ${{ }} expression does not parse",
		expressionSyntaxDoc, analyzer.CategorySyntax, analyzer.Error, both)
	ExpressionType = exprRule("expression-type", "an expression uses an unknown context, property or function, or mixes types",
		expressionTypeDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	ContextAvailability = exprRule("context-availability", "a context or function is used where GitHub does not provide it",
		contextAvailabilityDoc, analyzer.CategoryStructure, analyzer.Error, both)
	ConstantCondition = exprRule("constant-condition", "an if: condition is always true or always false",
		constantConditionDoc, analyzer.CategoryCorrectness, analyzer.Warning, both)
	UndefinedEnv = exprRule("undefined-env", "an env variable is read where nothing defines it",
		undefinedEnvDoc, analyzer.CategoryCorrectness, analyzer.Warning, nil)
	UndefinedInput = exprRule("undefined-input", "an input is read that the workflow or action does not declare",
		undefinedInputDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	UndefinedMatrix = exprRule("undefined-matrix", "a matrix value is read that the job's matrix does not define",
		undefinedMatrixDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
	UndefinedStep = exprRule("undefined-step", "a step's results are read before the step runs, or no step has that id",
		undefinedStepDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	NeedsUndeclared = exprRule("needs-undeclared", "needs.<job> names a job that is not in the job's needs",
		needsUndeclaredDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
	NeedsUnknownOutput = exprRule("needs-unknown-output", "needs.<job>.outputs names an output the job does not define",
		needsUnknownOutputDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
	SecretsInIf = exprRule("secrets-in-if", "secrets are used in an if: condition",
		secretsInIfDoc, analyzer.CategoryStructure, analyzer.Error, nil)
	UnawaitedBackgroundStep = exprRule("unawaited-background-step", "a step reads results of a background step that nothing has waited for",
		unawaitedBackgroundStepDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
)

var UndefinedSecret = &analyzer.Rule{
	Options:  []analyzer.Option{{Name: "names", Type: analyzer.OptionStrings, Doc: "the secrets that exist (repository, organisation, environments)"}},
	ID:       "undefined-secret",
	Title:    "a secret is read that the reusable workflow does not declare or the configured list lacks",
	Doc:      undefinedSecretDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run: func(p *analyzer.Pass) {
		if p.File.Workflow == nil {
			return
		}
		a := analyzeExpressions(p.File)
		list := optionNames(p, "names")
		for _, r := range a.secrets {
			lname := strings.ToLower(r.name)
			if lname == "github_token" {
				continue
			}
			if a.scope.declares && !containsFold(a.scope.callSecrets, r.name) {
				close := analyzer.Closest(r.name, a.scope.callSecrets)
				p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
					"secrets.%s is not declared under on.workflow_call.secrets, so a caller cannot pass it%s", r.shown(), suggest(close)),
					Fixes: renameFix(r.rng(), close)})
				continue
			}
			if list != nil && !containsFold(list, r.name) && lname != "actions_step_debug" && lname != "actions_runner_debug" {
				close := analyzer.Closest(r.name, list)
				p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
					"secrets.%s is not in the configured list of secrets%s", r.shown(), suggest(close)),
					Fixes: renameFix(r.rng(), close)})
			}
		}
	},
}

var UndefinedVar = &analyzer.Rule{
	Options:  []analyzer.Option{{Name: "names", Type: analyzer.OptionStrings, Doc: "the configuration variables that exist"}},
	ID:       "undefined-var",
	Title:    "a configuration variable is read that the configured list lacks",
	Doc:      undefinedVarDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run: func(p *analyzer.Pass) {
		list := optionNames(p, "names")
		if p.File.Workflow == nil || list == nil {
			return
		}
		for _, r := range analyzeExpressions(p.File).vars {
			if containsFold(list, r.name) {
				continue
			}
			close := analyzer.Closest(r.name, list)
			p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
				"vars.%s is not in the configured list of variables%s", r.shown(), suggest(close)),
				Fixes: renameFix(r.rng(), close)})
		}
	},
}

// optionNames reads a list of names from the rule's options; nil when not given.
func optionNames(p *analyzer.Pass, key string) []string {
	v, ok := p.Options[key]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case []string:
		return slices.Clone(v)
	case []any:
		out := []string{}
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
