// Package rules is the registry of wflint's rules. Each family of rules is a package
// below this one (rules/<family>) that holds the rules' code, their docs (<rule-id>.md)
// and their test files (testdata/<rule-id>/); a rule is added to wflint by one line here.
package rules

import (
	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/rules/calls"
	"github.com/wflint/wflint/rules/credentials"
	"github.com/wflint/wflint/rules/expr"
	"github.com/wflint/wflint/rules/filters"
	"github.com/wflint/wflint/rules/needs"
	"github.com/wflint/wflint/rules/runners"
	"github.com/wflint/wflint/rules/schema"
	"github.com/wflint/wflint/rules/security"
	"github.com/wflint/wflint/rules/shell"
	"github.com/wflint/wflint/rules/supplychain"
	"github.com/wflint/wflint/rules/workflow"
)

// registry lists every rule of the families. The engine's own rules (syntax-error,
// internal-error, unused-ignore) come from analyzer.Builtin.
var registry = []*analyzer.Rule{
	// credentials
	credentials.HardcodedCredential,
	credentials.LeakedToken,
	// expr: what the shared expression analysis finds
	expr.ConstantCondition,
	expr.ContextAvailability,
	expr.ExpressionSyntax,
	expr.ExpressionType,
	expr.NeedsUndeclared,
	expr.NeedsUnknownOutput,
	expr.SecretsInIf,
	expr.UnawaitedBackgroundStep,
	expr.UndefinedEnv,
	expr.UndefinedInput,
	expr.UndefinedMatrix,
	expr.UndefinedSecret,
	expr.UndefinedStep,
	expr.UndefinedVar,
	// calls
	calls.ActionInputs,
	calls.LocalAction,
	calls.WorkflowCall,
	// filters
	filters.FilterConflict,
	filters.FilterIgnored,
	filters.FilterNoMatch,
	filters.FilterPattern,
	filters.FilterUnexpanded,
	// needs
	needs.NeedsCycle,
	needs.NeedsDuplicate,
	needs.NeedsSelf,
	needs.NeedsUnknownJob,
	// runners
	runners.RunnerLabel,
	// schema
	schema.ActionSchema,
	schema.Schema,
	// security
	security.ArtifactPoisoning,
	security.CachePoisoning,
	security.CredentialPersistence,
	security.ExcessivePermissions,
	security.ForbiddenUses,
	security.ImpostorCommit,
	security.InsecureCommands,
	security.KnownVulnerableAction,
	security.SecretsExposure,
	security.SelfHostedRunner,
	security.SpoofableBotCheck,
	security.TemplateInjection,
	security.UntrustedCheckout,
	security.UntrustedEnvWrite,
	security.UntrustedPublish,
	// shell
	shell.Shellcheck,
	// supplychain
	supplychain.InvalidUses,
	supplychain.OutdatedAction,
	supplychain.UnpinnedImage,
	supplychain.UnpinnedUses,
	supplychain.VersionCommentMismatch,
	// workflow
	workflow.DuplicateKey,
	workflow.EnvName,
	workflow.InputDefault,
	workflow.MatrixEntry,
	workflow.ShellName,
	workflow.WorkflowCommand,
}

// All returns every rule, the engine's own included, ordered by ID.
func All() []*analyzer.Rule {
	all := append(analyzer.Builtin(), registry...)
	analyzer.SortRules(all)
	return all
}

// Default returns the rules that run when configuration enables or disables none.
func Default() []*analyzer.Rule {
	var rs []*analyzer.Rule
	for _, r := range All() {
		if !r.OffByDefault {
			rs = append(rs, r)
		}
	}
	return rs
}

// ByID returns the rule with the given ID, or nil.
func ByID(id string) *analyzer.Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// IDs lists the ID of every rule, in order.
func IDs() []string {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
	}
	return ids
}
