package security

import (
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
)

// taintSource is a context an attacker writes, with the events whose runs both carry it
// and are privileged (hold a write token or secrets) when the attacker starts them.
type taintSource struct {
	path   string   // lower-case, "*" for any index or key
	events []string // where the value is attacker text in a privileged run
	// merged is true for text an attacker gets into a privileged run only through a
	// maintainer's merge (commit messages): a finding of medium confidence.
	merged bool
}

// Events whose runs carry a pull request's own fields with a write token and secrets
// even when a fork opened it. A fork's pull_request and pull_request_review runs get a
// read-only token and no secrets, and the fork's author controls its code anyway.
var (
	prEvents      = []string{"pull_request_target"}
	issueEvents   = []string{"issues", "issue_comment"}
	commentEvents = []string{"issue_comment", "discussion_comment", "pull_request_review_comment"}
	reviewEvents  = []string{"pull_request_review"} // an outsider may review a maintainer's pull request
	discussEvents = []string{"discussion", "discussion_comment"}
	runEvents     = []string{"workflow_run"}
	pushEvents    = []string{"push"}
)

// taintSources lists the attacker-controlled contexts (GitHub's webhook payloads, read
// 2026-11). Not listed on purpose: numbers, ids, SHAs, URLs GitHub builds, the base
// repository's names, logins and repository names (their characters are restricted),
// labels (only people with triage access create or apply them), workflow_dispatch inputs
// (only writers dispatch).
var taintSources = []taintSource{
	{path: "github.head_ref", events: prEvents},
	{path: "github.event.pull_request.title", events: prEvents},
	{path: "github.event.pull_request.body", events: prEvents},
	{path: "github.event.pull_request.head.ref", events: prEvents},
	{path: "github.event.pull_request.head.label", events: prEvents},
	{path: "github.event.pull_request.head.repo.description", events: prEvents},
	{path: "github.event.pull_request.head.repo.homepage", events: prEvents},
	{path: "github.event.pull_request.head.repo.default_branch", events: prEvents},
	{path: "github.event.issue.title", events: issueEvents},
	{path: "github.event.issue.body", events: issueEvents},
	{path: "github.event.comment.body", events: commentEvents},
	{path: "github.event.review.body", events: reviewEvents},
	{path: "github.event.review_comment.body", events: commentEvents},
	{path: "github.event.discussion.title", events: discussEvents},
	{path: "github.event.discussion.body", events: discussEvents},
	{path: "github.event.pages.*.page_name", events: []string{"gollum"}},
	{path: "github.event.pages.*.title", events: []string{"gollum"}},
	{path: "github.event.workflow_run.head_branch", events: runEvents},
	{path: "github.event.workflow_run.display_title", events: runEvents},
	{path: "github.event.workflow_run.head_commit.message", events: runEvents},
	{path: "github.event.workflow_run.head_commit.author.name", events: runEvents},
	{path: "github.event.workflow_run.head_commit.author.email", events: runEvents},
	{path: "github.event.workflow_run.head_repository.description", events: runEvents},
	{path: "github.event.workflow_run.pull_requests.*.head.ref", events: runEvents},
	{path: "github.event.head_commit.message", events: pushEvents, merged: true},
	{path: "github.event.head_commit.author.name", events: pushEvents, merged: true},
	{path: "github.event.head_commit.author.email", events: pushEvents, merged: true},
	{path: "github.event.head_commit.committer.name", events: pushEvents, merged: true},
	{path: "github.event.head_commit.committer.email", events: pushEvents, merged: true},
	{path: "github.event.commits.*.message", events: pushEvents, merged: true},
	{path: "github.event.commits.*.author.name", events: pushEvents, merged: true},
	{path: "github.event.commits.*.author.email", events: pushEvents, merged: true},
}

// matchPath reports whether a written path matches a table path ("*" matches any
// index or key), segment by segment without allocating.
func matchPath(written, table string) bool {
	for {
		w, wrest, wmore := strings.Cut(written, ".")
		t, trest, tmore := strings.Cut(table, ".")
		if t != "*" && w != "*" && w != t {
			return false
		}
		if !wmore || !tmore {
			return wmore == tmore
		}
		written, table = wrest, trest
	}
}

// exprPath is the dotted path of a context access, lower-case, "*" for an index that
// is not a string literal; false for anything else.
func exprPath(n actionlint.ExprNode) (string, bool) {
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return strings.ToLower(n.Name), true
	case *actionlint.ObjectDerefNode:
		p, ok := exprPath(n.Receiver)
		return p + "." + strings.ToLower(n.Property), ok
	case *actionlint.ArrayDerefNode:
		p, ok := exprPath(n.Receiver)
		return p + ".*", ok
	case *actionlint.IndexAccessNode:
		p, ok := exprPath(n.Operand)
		if s, isStr := n.Index.(*actionlint.StringNode); isStr {
			return p + "." + strings.ToLower(s.Value), ok
		}
		return p + ".*", ok
	}
	return "", false
}

// tainted is what an expression's value may carry into its sink: the source's written
// path and its table entry; nil when the value is safe (a boolean, a number, a literal,
// a context nobody outside writes).
type tainted struct {
	path    string // the context as written
	via     string // the env: variable it went through, if any
	through string // the outputs it went through, if any ("steps.parse.outputs.title")
	source  *taintSource
}

// sinkJS is a sink that reads a value as JavaScript source (github-script's script:),
// where toJSON() makes a string literal of it.
const sinkJS = true

// taintOf follows an expression's value: a context access is looked up (in the scope
// first, for env., steps., needs. and values a condition pinned), a logical operator
// yields one of its operands, format(), join(), fromJSON() and (outside JavaScript)
// toJSON() pass their arguments on; comparisons, !, contains() and the other functions
// give booleans or numbers.
func taintOf(n actionlint.ExprNode, js bool, scope *taintScope) *tainted {
	if p, ok := exprPath(n); ok {
		t, handled := scope.lookup(p)
		if !handled {
			for i := range taintSources {
				if matchPath(p, taintSources[i].path) {
					t = &tainted{path: p, source: &taintSources[i]}
					break
				}
			}
		}
		if t != nil && scope.pinnedPath(p) {
			return nil // a condition fixed its value
		}
		return t
	}
	switch n := n.(type) {
	case *actionlint.LogicalOpNode:
		if t := taintOf(n.Right, js, scope); t != nil {
			return t
		}
		if n.Kind == actionlint.LogicalOpNodeKindOr {
			return taintOf(n.Left, js, scope)
		}
	case *actionlint.FuncCallNode:
		switch strings.ToLower(n.Callee) {
		case "tojson":
			if js {
				return nil
			}
		case "format", "join", "fromjson":
		default:
			return nil
		}
		for _, a := range n.Args {
			if t := taintOf(a, js, scope); t != nil {
				return t
			}
		}
	}
	return nil
}

// scanTaint parses each expression of a value and returns the offsets and taint of
// the first tainted one of each.
func scanTaint(value string, js bool, scope *taintScope, each func(a, b int, t *tainted)) {
	if !strings.Contains(value, "${{") {
		return
	}
	for _, sp := range ghexpr.Scan(value, false) {
		// Every source is under github. or reaches here through env., steps. or needs.;
		// most expressions (matrix., inputs., vars.) are skipped before parsing.
		if sp.Close < 0 || !containsFold(sp.Text, "github") && !containsFold(sp.Text, "env") &&
			!(scope.hasOutputs() && (containsFold(sp.Text, "steps") || containsFold(sp.Text, "needs"))) &&
			!(scope != nil && scope.inputs && containsFold(sp.Text, "inputs")) {
			continue
		}
		tree, err := ghexpr.Parse(ghexpr.Source(sp.Text))
		if err != nil {
			continue
		}
		if t := taintOf(tree, js, scope); t != nil {
			each(sp.Open, sp.Close, t)
		}
	}
}

// eachStep calls fn on every step of a list, those of parallel groups included.
func eachStep(steps []*analyzer.Step, fn func(*analyzer.Step)) {
	for _, st := range steps {
		fn(st)
		eachStep(st.Parallel, fn)
	}
}

// containsFold reports whether sub (lower-case ASCII) is in s, ignoring ASCII case,
// without allocating.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	lo, up := sub[0], sub[0]
	if lo >= 'a' && lo <= 'z' {
		up = lo - ('a' - 'A')
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if (s[i] == lo || s[i] == up) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
