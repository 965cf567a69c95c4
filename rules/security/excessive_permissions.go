package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed excessive-permissions.md
var excessivePermissionsDoc string

// ExcessivePermissions reports write-all token permissions, and a workflow that an
// outsider can start and that leaves some job's token permissions to the repository's
// default.
var ExcessivePermissions = &analyzer.Rule{
	ID:       "excessive-permissions",
	Title:    "the token of a job may write more than the job needs",
	Doc:      excessivePermissionsDoc, // with the permission table, which TestPermissionTableDoc keeps current
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning, // a note when an outsider cannot start a run with a write token
	Run:      runExcessivePermissions,

	SecuritySeverity: 5.0,
}

// outsiderTriggers start a run from what someone without write access does: open a pull
// request from a fork or a branch, an issue, a comment, a review, a discussion, a star.
var outsiderTriggers = map[string]bool{
	"pull_request": true, "pull_request_target": true, "pull_request_review": true,
	"pull_request_review_comment": true, "issues": true, "issue_comment": true,
	"discussion": true, "discussion_comment": true, "workflow_run": true, "gollum": true,
	"fork": true, "watch": true,
}

// forkReadOnly are the outsider triggers whose runs from a fork get a read-only token
// whatever the default: only a branch of the repository, whose author can push, gets more.
var forkReadOnly = map[string]bool{
	"pull_request": true, "pull_request_review": true, "pull_request_review_comment": true,
}

// outsiderTrigger picks the trigger an outsider starts runs with: one whose fork runs get
// a write token (pull_request_target, issues, …), which writeToken reports, before one
// whose fork runs get a read-only token (pull_request, reviews); nil when there is none.
func outsiderTrigger(wf *analyzer.Workflow) (trigger *analyzer.Event, writeToken bool) {
	if wf.On == nil {
		return nil, false
	}
	for _, ev := range wf.On.Events {
		if outsiderTriggers[ev.Name.Value] && !forkReadOnly[ev.Name.Value] {
			return ev, true
		}
		if forkReadOnly[ev.Name.Value] && trigger == nil {
			trigger = ev
		}
	}
	return trigger, false
}

func runExcessivePermissions(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	trigger, writeToken := outsiderTrigger(wf)
	// write-all is a real risk where an outsider starts runs with a write token; elsewhere
	// (writers' triggers, pull_request whose fork runs are read-only) it is hygiene.
	sev := analyzer.Note
	if writeToken {
		sev = analyzer.Warning
	}
	reportWriteAll(p, wf.Permissions, "the workflow", sev)
	var inheriting []*analyzer.Job // the jobs the workflow's block, or the default, applies to
	for _, j := range wf.Jobs {
		who := fmt.Sprintf("job %q", j.ID.Value)
		reportWriteAll(p, j.Permissions, who, sev)
		reportUnusedWrites(p, j.Permissions, []*analyzer.Job{j}, who)
		if j.Permissions == nil {
			inheriting = append(inheriting, j)
		}
	}
	reportUnusedWrites(p, wf.Permissions, inheriting, "the workflow's permissions: block")
	if wf.Permissions != nil || trigger == nil {
		return nil // push, schedule, dispatch and workflow_call runs are started by writers or callers
	}
	reportMissing(p, wf, trigger, writeToken, inheriting)
	return nil
}

// reportMissing reports the jobs of a workflow an outsider can start that get the
// repository's default token permissions, with the minimal blocks as a fix when wflint
// knows what every one of those jobs needs.
func reportMissing(p *analyzer.Pass, wf *analyzer.Workflow, trigger *analyzer.Event, writeToken bool, inheriting []*analyzer.Job) {
	if len(inheriting) == 0 {
		return
	}
	confidence := analyzer.Medium // the repository's default, invisible here, may be read-only
	if !writeToken {
		confidence = analyzer.Low
	}
	for _, j := range inheriting {
		if confidence == analyzer.Low && runsOthersCode(j) {
			// A run of one of the repository's branches hands the token to code from
			// outside it: a compromised tag of that action gets the default token.
			confidence = analyzer.Medium
		}
	}
	which, verb := fmt.Sprintf("job %q", inheriting[0].ID.Value), "gets"
	if len(inheriting) > 1 {
		which, verb = fmt.Sprintf("jobs %q and %d more", inheriting[0].ID.Value, len(inheriting)-1), "get"
	}
	d := analyzer.Diagnostic{
		Range:      p.File.Range(trigger.Name),
		Severity:   analyzer.Note,
		Confidence: confidence,
		Message: fmt.Sprintf("%s, started by %s, %s the repository's default token permissions: no permissions: block limits them, and repositories created before February 2023 default to read-write; add permissions: {contents: read} at the top and grant each job what it needs",
			which, trigger.Name.Value, verb),
	}
	if fix, ok := minimalPermissionsFix(p.File, wf, inheriting); ok {
		d.Fixes = []analyzer.Fix{fix}
	}
	p.Report(d)
}

// reportWriteAll reports permissions: write-all.
func reportWriteAll(p *analyzer.Pass, n *yaml.Node, who string, sev analyzer.Severity) {
	if v, ok := analyzer.ScalarValue(n); ok && strings.TrimSpace(v) == "write-all" {
		p.Report(analyzer.Diagnostic{
			Range:    p.File.Range(n),
			Severity: sev,
			Message: fmt.Sprintf("%s gives its token write-all: every scope, contents and packages included, is writable by any step and any action it runs; list only the scopes it writes (permissions: {contents: read, …})",
				who),
		})
	}
}

// runsOthersCode reports whether a job uses an action or reusable workflow of another
// owner than GitHub.
func runsOthersCode(j *analyzer.Job) bool {
	others := false
	check := func(n *yaml.Node) {
		if n == nil {
			return
		}
		u := analyzer.ParseUses(n)
		if u.Kind == analyzer.UsesRemote {
			owner := strings.ToLower(u.Owner)
			others = others || owner != "actions" && owner != "github"
		}
	}
	check(j.Uses)
	eachStep(j.Steps, func(st *analyzer.Step) { check(st.Uses) })
	return others
}
