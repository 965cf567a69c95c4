// Package rules holds wflint's rules. Each rule is a value in a file of its own (or of
// its small family) with its documentation beside it in <rule-id>.md.
package rules

import "github.com/wflint/wflint/analyzer"

// All returns every rule, the engine's own included, ordered by ID.
func All() []*analyzer.Rule {
	all := append(analyzer.Builtin(),
		ActionSchema,
		ConstantCondition,
		ContextAvailability,
		ExpressionSyntax,
		ExpressionType,
		FilterConflict,
		FilterIgnored,
		FilterNoMatch,
		FilterPattern,
		FilterUnexpanded,
		HardcodedCredential,
		InvalidUses,
		LeakedToken,
		NeedsCycle,
		NeedsDuplicate,
		NeedsSelf,
		NeedsUndeclared,
		NeedsUnknownJob,
		NeedsUnknownOutput,
		OutdatedAction,
		RunnerLabel,
		Schema,
		SecretsInIf,
		UnawaitedBackgroundStep,
		UnpinnedImage,
		UnpinnedUses,
		UndefinedEnv,
		UndefinedInput,
		UndefinedMatrix,
		UndefinedSecret,
		UndefinedStep,
		UndefinedVar,
		VersionCommentMismatch,
	)
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
