package security

import (
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// The table names only events a workflow can be triggered by, and only text fields:
// numbers, ids, SHAs and URLs GitHub builds are not an attacker's to write.
func TestTaintSourcesTable(t *testing.T) {
	known := map[string]bool{}
	for name := range actionlint.AllWebhookTypes {
		known[name] = true
	}
	seen := map[string]bool{}
	for _, s := range taintSources {
		if seen[s.path] {
			t.Errorf("%s is listed twice", s.path)
		}
		seen[s.path] = true
		if len(s.events) == 0 {
			t.Errorf("%s: no event", s.path)
		}
		for _, e := range s.events {
			if !known[e] {
				t.Errorf("%s: unknown event %q", s.path, e)
			}
			if e == "pull_request" || e == "workflow_dispatch" || e == "schedule" {
				t.Errorf("%s: %s runs are not both outsider-started and privileged", s.path, e)
			}
		}
		last := s.path[strings.LastIndexByte(s.path, '.')+1:]
		for _, bad := range []string{"number", "id", "sha", "url", "login"} {
			if last == bad || strings.HasSuffix(last, "_"+bad) {
				t.Errorf("%s: a %s is not attacker text", s.path, bad)
			}
		}
	}
}

func TestTaintOf(t *testing.T) {
	for src, want := range map[string]string{
		"github.event.issue.title":                   "github.event.issue.title",
		"github.event.issue['title']":                "github.event.issue.title",
		"github.event.commits[0].message":            "github.event.commits.*.message",
		"github.event.commits.*.message":             "github.event.commits.*.message",
		"format('{0}', github.head_ref)":             "github.head_ref",
		"github.event.issue.title || 'x'":            "github.event.issue.title",
		"'x' || github.event.issue.title":            "github.event.issue.title",
		"github.event.issue.title && 'x'":            "",
		"github.event.issue.title == 'x'":            "",
		"!github.event.issue.title":                  "",
		"contains(github.event.issue.title, 'x')":    "",
		"github.event.issue.number":                  "",
		"github.event.pull_request.head.sha":         "",
		"join(github.event.commits.*.message, ', ')": "github.event.commits.*.message",
		"toJSON(github.event.pull_request.title)":    "github.event.pull_request.title",
	} {
		tree, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src + "}}"))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got := ""
		if tt := taintOf(tree, false, nil); tt != nil {
			got = tt.source.path
		}
		if got != want {
			t.Errorf("taintOf(%s) = %q, want %q", src, got, want)
		}
	}
	tree, _ := actionlint.NewExprParser().Parse(actionlint.NewExprLexer("toJSON(github.event.issue.title)}}"))
	if taintOf(tree, sinkJS, nil) != nil {
		t.Error("toJSON makes a JavaScript string literal: not tainted in github-script")
	}
}
