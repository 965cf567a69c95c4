package security

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// Conditions that let only pull requests from this repository's own branches through:
// whoever opened one can push to the repository already, so its code and its text are
// not an outsider's. The full-name comparison is false for an event with no pull
// request (a comment, a workflow_run); the fork tests are not (!null is true), so they
// keep outsiders out only of a workflow whose sole outsider trigger is
// pull_request_target.
var (
	sameRepoName = lazyre.New(`head\.repo\.full_name\s*==\s*(?:github\.repository\b|'[^']+')|(?:github\.repository|'[^']+')\s*==\s*github\.event\.pull_request\.head\.repo\.full_name`).Needing("full_name")
	notFork      = lazyre.New(`head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork\b`).Needing("fork")
)

// insidersOnly reports whether an if: condition keeps a job or step to pull requests
// from the repository's own branches, in a workflow whose outsider triggers are
// triggers. A condition with || might let others through, and one with !( might turn
// the test around: neither is taken.
func insidersOnly(cond *yaml.Node, triggers map[string]bool) bool {
	v, ok := analyzer.ScalarValue(cond)
	if !ok || strings.Contains(v, "||") || strings.Contains(v, "!(") {
		return false
	}
	if sameRepoName.MatchString(v) {
		return true
	}
	return len(triggers) == 1 && triggers["pull_request_target"] && notFork.MatchString(v)
}

// eventsAmong are the events of wf among names.
func eventsAmong(wf *analyzer.Workflow, names ...string) map[string]bool {
	out := map[string]bool{}
	for _, name := range names {
		if hasEvent(wf, name) {
			out[name] = true
		}
	}
	return out
}
