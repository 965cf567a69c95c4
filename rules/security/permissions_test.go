package security

import (
	"strings"
	"testing"
)

// validScopes are the scopes a permissions: block may name.
var validScopes = map[string]bool{
	"actions": true, "attestations": true, "checks": true, "contents": true, "deployments": true,
	"discussions": true, "id-token": true, "issues": true, "models": true, "packages": true,
	"pages": true, "pull-requests": true, "repository-projects": true, "security-events": true,
	"statuses": true,
}

// The table is well formed: lower-case action names, known scopes and levels, and no
// entry hidden behind an unconditional one of the same action.
func TestTokenUseTable(t *testing.T) {
	always := map[string]bool{}
	for _, u := range tokenUses {
		if u.action != strings.ToLower(u.action) {
			t.Errorf("%s: action names are lower case", u.action)
		}
		if always[u.action] {
			t.Errorf("%s: an entry after an unconditional one never applies", u.action)
		}
		if u.cond == nil {
			always[u.action] = true
			if u.when != "" {
				t.Errorf("%s: a condition in words but none in code", u.action)
			}
		} else if u.when == "" {
			t.Errorf("%s: a condition with no words for the table", u.action)
		}
		checkNeeds(t, u.action, u.needs)
	}
	for cmd, needs := range ghNeeds {
		checkNeeds(t, "gh "+cmd, needs)
	}
	for _, u := range tokenUses {
		if !always[u.action] {
			t.Errorf("%s: no entry applies when no condition holds", u.action)
		}
	}
}

func checkNeeds(t *testing.T, who, needs string) {
	if needs == "" || needs == "?" {
		return
	}
	s := parseScopes(needs)
	if s.String() != needs {
		t.Errorf("%s: %q is not in the form %q", who, needs, s.String())
	}
	for k := range s {
		if !validScopes[k] {
			t.Errorf("%s: unknown scope %q", who, k)
		}
	}
	if strings.Count(needs, ":") != len(s) {
		t.Errorf("%s: %q names a scope twice", who, needs)
	}
}

func TestScriptNeeds(t *testing.T) {
	for _, c := range []struct {
		run   string
		token bool
		want  string // "?" unknown
	}{
		{"make test", false, ""},
		{"make test", true, "?"}, // the token reaches make
		{"git push origin HEAD", false, "contents: write"},
		{"git -c user.name=bot push", false, "contents: write"},
		{"echo git push", false, ""},
		{`gh pr comment "$PR" --body ok`, true, "pull-requests: write"},
		{"if gh pr view 1 --json state | jq -e '.state'; then\n  gh pr merge 1 --squash\nfi", true, "contents: write, pull-requests: write"},
		{"gh api repos/o/r/issues", true, "?"},
		{"gh pr comment 1 --body x\nnpm publish", true, "?"},
		{"N=$(gh pr view 1 --json number)\ngh issue comment 2 \\\n  --body \"$N\"", true, "issues: write, pull-requests: read"},
		{"X=$(./tool)\ngh issue close 2", true, "?"},
		{"gh label create bug", true, "issues: write"},
		{"gh release create v1 dist/*", true, "contents: write"},
		{"gh repo clone o/r", true, "?"},
	} {
		got, ok := scriptNeeds(c.run, c.token)
		s := got.String()
		if !ok {
			s = "?"
		}
		if s != c.want {
			t.Errorf("scriptNeeds(%q, token=%v) = %q, want %q", c.run, c.token, s, c.want)
		}
	}
}
