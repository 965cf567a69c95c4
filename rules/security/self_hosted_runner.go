package security

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed self-hosted-runner.md
var selfHostedRunnerDoc string

// SelfHostedRunner reports a job on a self-hosted runner that a fork's pull request or
// an outsider's comment can start: the fork's code, or the run an outsider steers, then
// runs on a machine that outlives the job.
var SelfHostedRunner = &analyzer.Rule{
	ID:       "self-hosted-runner",
	Title:    "an outsider can start a job on a self-hosted runner",
	Doc:      selfHostedRunnerDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning, // a note when the job runs only the base branch's code
	Run:      runSelfHostedRunner,
	Options: []analyzer.Option{
		{Name: "trusted-labels", Type: analyzer.OptionStrings,
			Doc:     "labels of runners that are ephemeral or isolated (one job per fresh machine); a job with one of them is not reported",
			Example: `[ephemeral, arc-runner-set]`},
	},

	SecuritySeverity: 6.5,
}

// forkCodeEvents run the pull request's own code when a fork opens it.
var forkCodeEvents = []string{"pull_request", "pull_request_review", "pull_request_review_comment"}

// outsiderRunEvents start a run of the base branch's code from what an outsider does.
var outsiderRunEvents = []string{"pull_request_target", "issue_comment", "issues", "discussion", "discussion_comment", "workflow_run"}

// runnerGate finds a job condition that keeps forks' pull requests off the job: a
// same-repository check, an event check, or a label a maintainer applies.
var runnerGate = lazyre.New(`event_name|head\.repo\.full_name|head\.repo\.fork|head_repository|\.labels\b|\.label\.name|author_association`).Needing("event_name", "head.repo.", "head_repository", ".label", "author_association")

func runSelfHostedRunner(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	trigger, forkCode := "", false
	for _, ev := range wf.On.Events {
		switch {
		case slices.Contains(forkCodeEvents, ev.Name.Value) && !forkCode:
			trigger, forkCode = ev.Name.Value, true
		case slices.Contains(outsiderRunEvents, ev.Name.Value) && trigger == "":
			trigger = ev.Name.Value
		}
	}
	if trigger == "" {
		return nil
	}
	trusted, _ := p.Options.Strings("trusted-labels")
	for _, j := range wf.Jobs {
		if v, ok := analyzer.ScalarValue(j.If); ok && runnerGate.MatchString(v) {
			continue
		}
		at, group := selfHosted(j, trusted)
		if at == nil {
			continue
		}
		d := analyzer.Diagnostic{
			Range:    p.File.Range(at),
			Severity: analyzer.Warning,
			Message: fmt.Sprintf("job %q runs on a self-hosted runner, and %s from a fork starts it: the fork's code runs on a machine that keeps what it leaves behind (a backdoored tool, a stolen credential) for the jobs after it; run pull requests on GitHub-hosted or ephemeral runners, or gate the job (if: github.event.pull_request.head.repo.full_name == github.repository)",
				j.ID.Value, trigger),
		}
		if !forkCode {
			d.Severity = analyzer.Note
			d.Message = fmt.Sprintf("job %q runs on a self-hosted runner in a run that an outsider starts (%s): it runs the base branch's code, but one injection in it persists on the machine; prefer GitHub-hosted or ephemeral runners for jobs outsiders start",
				j.ID.Value, trigger)
		}
		if group {
			d.Confidence = analyzer.Low // a runner group may hold GitHub's larger runners
		}
		p.Report(d)
	}
	return nil
}

// selfHosted returns the node that puts a job on a self-hosted runner: its self-hosted
// label, or (group true) its runner group. Nil when it has a trusted label, or neither.
func selfHosted(j *analyzer.Job, trusted []string) (*yaml.Node, bool) {
	if j.RunsOn == nil {
		return nil, false
	}
	labels, group := j.RunsOn, (*yaml.Node)(nil)
	if j.RunsOn.Kind == yaml.MappingNode {
		m := analyzer.MappingOf(j.RunsOn)
		labels, group = m.Get("labels").Value, m.Get("group").Value
	}
	var selfLabel *yaml.Node
	isTrusted := false
	walkScalars(labels, 0, func(n *yaml.Node) {
		v := strings.TrimSpace(n.Value)
		if strings.EqualFold(v, "self-hosted") && selfLabel == nil {
			selfLabel = n
		}
		isTrusted = isTrusted || slices.ContainsFunc(trusted, func(t string) bool { return strings.EqualFold(t, v) })
	})
	switch {
	case isTrusted:
		return nil, false
	case selfLabel != nil:
		return selfLabel, false
	case group != nil:
		if v, ok := analyzer.ScalarValue(group); ok && !strings.Contains(v, "${{") {
			return group, true
		}
	}
	return nil, false
}
