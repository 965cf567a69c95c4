package expr

import (
	_ "embed"
	"fmt"
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

// kind says which rule of the family a finding of the shared analysis belongs to.
type kind int

const (
	kindExpressionSyntax kind = iota + 1
	kindExpressionType
	kindContextAvailability
	kindConstantCondition
	kindUndefinedEnv
	kindUndefinedInput
	kindUndefinedMatrix
	kindUndefinedStep
	kindNeedsUndeclared
	kindNeedsUnknownOutput
	kindSecretsInIf
	kindUnawaitedBackgroundStep
)

// exprRule is a rule that reports the findings of kind k of the shared expression
// analysis.
func exprRule(k kind, id, title, doc string, cat analyzer.Category, sev analyzer.Severity, kinds []analyzer.FileKind) *analyzer.Rule {
	return &analyzer.Rule{ID: id, Title: title, Doc: doc, Category: cat, Severity: sev, Kinds: kinds,
		Requires: []analyzer.Requirement{expressionAnalysis},
		Run: func(p *analyzer.Pass) error {
			for _, fd := range expressionAnalysis.Of(p).findings {
				if fd.kind == k {
					p.Report(fd.diag)
				}
			}
			return nil
		}}
}

var (
	// ExpressionSyntax reports a ${{ }} expression that does not parse.
	ExpressionSyntax = exprRule(kindExpressionSyntax, "expression-syntax", "a ${{ }} expression does not parse",
		expressionSyntaxDoc, analyzer.CategorySyntax, analyzer.Error, both)
	// ExpressionType reports an unknown context, property or function, or mixed types.
	ExpressionType = exprRule(kindExpressionType, "expression-type", "an expression uses an unknown context, property or function, or mixes types",
		expressionTypeDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	// ContextAvailability reports a context or function used where GitHub does not provide it.
	ContextAvailability = exprRule(kindContextAvailability, "context-availability", "a context or function is used where GitHub does not provide it",
		contextAvailabilityDoc, analyzer.CategoryStructure, analyzer.Error, both)
	// ConstantCondition reports an if: that is always true or always false.
	ConstantCondition = exprRule(kindConstantCondition, "constant-condition", "an if: condition is always true or always false",
		constantConditionDoc, analyzer.CategoryCorrectness, analyzer.Warning, both)
	// UndefinedEnv reports an env variable read where nothing defines it.
	UndefinedEnv = exprRule(kindUndefinedEnv, "undefined-env", "an env variable is read where nothing defines it",
		undefinedEnvDoc, analyzer.CategoryCorrectness, analyzer.Warning, nil)
	// UndefinedInput reports an input that the workflow or action does not declare.
	UndefinedInput = exprRule(kindUndefinedInput, "undefined-input", "an input is read that the workflow or action does not declare",
		undefinedInputDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	// UndefinedMatrix reports a matrix value that the job's matrix does not define.
	UndefinedMatrix = exprRule(kindUndefinedMatrix, "undefined-matrix", "a matrix value is read that the job's matrix does not define",
		undefinedMatrixDoc, analyzer.CategoryCorrectness, analyzer.Warning, nil)
	// UndefinedStep reports steps.<id> read before the step runs, or of no step.
	UndefinedStep = exprRule(kindUndefinedStep, "undefined-step", "a step's results are read before the step runs, or no step has that id",
		undefinedStepDoc, analyzer.CategoryCorrectness, analyzer.Error, both)
	// NeedsUndeclared reports needs.<job> of a job that is not in the job's needs. It
	// lives here, not in the needs family, because the expression analysis finds it.
	NeedsUndeclared = exprRule(kindNeedsUndeclared, "needs-undeclared", "needs.<job> names a job that is not in the job's needs",
		needsUndeclaredDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
	// NeedsUnknownOutput reports needs.<job>.outputs.<name> that the job does not define.
	NeedsUnknownOutput = exprRule(kindNeedsUnknownOutput, "needs-unknown-output", "needs.<job>.outputs names an output the job does not define",
		needsUnknownOutputDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
	// SecretsInIf reports secrets used in an if: condition.
	SecretsInIf = exprRule(kindSecretsInIf, "secrets-in-if", "secrets are used in an if: condition",
		secretsInIfDoc, analyzer.CategoryStructure, analyzer.Error, nil)
	// UnawaitedBackgroundStep reports results of a background step read before a wait.
	UnawaitedBackgroundStep = exprRule(kindUnawaitedBackgroundStep, "unawaited-background-step", "a step reads results of a background step that nothing has waited for",
		unawaitedBackgroundStepDoc, analyzer.CategoryCorrectness, analyzer.Error, nil)
)

var both = analyzer.WorkflowsAndActions

// UndefinedSecret reports a secret that a reusable workflow does not declare or that the
// configured list lacks.
var UndefinedSecret = &analyzer.Rule{
	Requires: []analyzer.Requirement{expressionAnalysis},
	Options:  []analyzer.Option{{Name: "names", Type: analyzer.OptionStrings, Doc: "the secrets that exist (repository, organisation and environment secrets); with a list, any other secrets.NAME is reported", Example: "[NPM_TOKEN, DEPLOY_KEY]"}},
	ID:       "undefined-secret",
	Title:    "a secret is read that the reusable workflow does not declare or the configured list lacks",
	Doc:      undefinedSecretDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run:      runUndefinedSecret,
}

func runUndefinedSecret(p *analyzer.Pass) error {
	if p.File.Workflow == nil {
		return nil
	}
	a := expressionAnalysis.Of(p)
	list, _ := p.Options.Strings("names")
	for _, r := range a.secrets {
		lname := strings.ToLower(r.name)
		if lname == "github_token" {
			continue
		}
		if a.scope.declares && !containsFold(a.scope.callSecrets, r.name) {
			close := analyzer.Closest(r.name, a.scope.callSecrets)
			p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
				"secrets.%s is not declared under on.workflow_call.secrets, so a caller cannot pass it%s", r.shown(), analyzer.Suggest(close)),
				Fixes: analyzer.RenameFix(r.rng(), close)})
			continue
		}
		if list != nil && !containsFold(list, r.name) && lname != "actions_step_debug" && lname != "actions_runner_debug" {
			close := analyzer.Closest(r.name, list)
			p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
				"secrets.%s is not in the configured list of secrets%s", r.shown(), analyzer.Suggest(close)),
				Fixes: analyzer.RenameFix(r.rng(), close)})
		}
	}
	return nil
}

// UndefinedVar reports a configuration variable that the configured list lacks.
var UndefinedVar = &analyzer.Rule{
	Requires: []analyzer.Requirement{expressionAnalysis},
	Options:  []analyzer.Option{{Name: "names", Type: analyzer.OptionStrings, Doc: "the configuration variables that exist; with a list, any other vars.NAME is reported", Example: "[DEPLOY_URL, REGION]"}},
	ID:       "undefined-var",
	Title:    "a configuration variable is read that the configured list lacks",
	Doc:      undefinedVarDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run:      runUndefinedVar,
}

func runUndefinedVar(p *analyzer.Pass) error {
	list, _ := p.Options.Strings("names")
	if p.File.Workflow == nil || list == nil {
		return nil
	}
	for _, r := range expressionAnalysis.Of(p).vars {
		if containsFold(list, r.name) {
			continue
		}
		close := analyzer.Closest(r.name, list)
		p.Report(analyzer.Diagnostic{Range: r.rng(), Message: fmt.Sprintf(
			"vars.%s is not in the configured list of variables%s", r.shown(), analyzer.Suggest(close)),
			Fixes: analyzer.RenameFix(r.rng(), close)})
	}
	return nil
}
