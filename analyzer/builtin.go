package analyzer

import _ "embed"

// The engine's own diagnostics are rules too, so that they can be listed, explained,
// configured and described in SARIF like any other.

//go:embed docs/syntax-error.md
var syntaxErrorDoc string

//go:embed docs/internal-error.md
var internalErrorDoc string

//go:embed docs/unused-ignore.md
var unusedIgnoreDoc string

// SyntaxError is reported for a file that cannot be read as GitHub reads it.
var SyntaxError = &Rule{
	ID:       "syntax-error",
	Title:    "file is not a single valid YAML document as GitHub reads it",
	Doc:      syntaxErrorDoc,
	Category: CategorySyntax,
	Severity: Error,
	Kinds:    []FileKind{KindWorkflow, KindAction},
}

// InternalError is reported when a rule panics; the other rules still run.
var InternalError = &Rule{
	ID:       "internal-error",
	Title:    "a wflint rule failed on this file",
	Doc:      internalErrorDoc,
	Category: CategorySyntax,
	Severity: Error,
	Kinds:    []FileKind{KindWorkflow, KindAction},
}

// UnusedIgnore is reported for an inline suppression comment that is wrong or
// suppresses nothing.
var UnusedIgnore = &Rule{
	ID:       "unused-ignore",
	Title:    "a wflint: ignore comment suppresses nothing, names an unknown rule or gives no reason",
	Doc:      unusedIgnoreDoc,
	Category: CategoryStyle,
	Severity: Warning,
	Kinds:    []FileKind{KindWorkflow, KindAction},
}

// Builtin lists the engine's own rules.
func Builtin() []*Rule { return []*Rule{SyntaxError, InternalError, UnusedIgnore} }
