package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed untrusted-publish.md
var untrustedPublishDoc string

// UntrustedPublish reports a job that publishes (pushes an image, a package, a release,
// a site) with the repository's credentials in a run that a pull request starts.
var UntrustedPublish = &analyzer.Rule{
	ID:       "untrusted-publish",
	Title:    "a job publishes with the repository's credentials when a pull request runs it",
	Doc:      untrustedPublishDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning, // an error under pull_request_target
	Run:      runUntrustedPublish,

	SecuritySeverity: 7.5,
}

// publishingActions publish whenever they run; docker/build-push-action and
// docker/bake-action only with push: true.
var publishingActions = map[string]string{
	"pypa/gh-action-pypi-publish":          "uploads a package to PyPI",
	"softprops/action-gh-release":          "creates a release",
	"ncipollo/release-action":              "creates a release",
	"actions/create-release":               "creates a release",
	"actions/deploy-pages":                 "deploys the Pages site",
	"peaceiris/actions-gh-pages":           "deploys the Pages site",
	"jamesives/github-pages-deploy-action": "deploys the Pages site",
}

// publishCommand finds a command that publishes, at the start of a shell command.
var publishCommand = lazyre.New(`(?m)(?:^|[;&|(]\s*|\b(?:then|do|else)\s+)\s*((?:sudo\s+)?(?:docker\s+push|docker\s+buildx\s+build\b[^\n]*--push|npm\s+publish|yarn\s+npm\s+publish|pnpm\s+publish|twine\s+upload|cargo\s+publish|poetry\s+publish|gem\s+push|gh\s+release\s+create))\b`).Needing("push", "publish", "upload", "release")

// statusOnly matches what is left of a condition made only of status checks, which do
// not keep a job or step from running on a pull request.
var statusOnly = lazyre.New(`^[\s()!&|]*$`)

// statusCall matches a status check function and the literal true.
var statusCall = lazyre.New(`\b(?:success|always|cancelled|failure)\(\s*\)|\btrue\b|\$\{\{|\}\}`).Needing("success", "always", "cancelled", "failure", "true", "${{", "}}")

// builds finds a command or action that builds an image from the checked-out code.
var builds = lazyre.New(`\bdocker\s+(?:buildx\s+)?build\b|\bdocker\s+compose\b[^\n]*\bbuild\b|\bbuildah\s+bud\b`).Needing("docker", "buildah")

func runUntrustedPublish(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	var trigger *analyzer.Event
	for _, ev := range wf.On.Events {
		if name := ev.Name.Value; name == "pull_request_target" || name == "pull_request" && (trigger == nil || trigger.Name.Value != "pull_request_target") {
			trigger = ev
		}
	}
	if trigger == nil {
		return nil
	}
	gatedJobs := gatedJobs(wf)
	for _, j := range wf.Jobs {
		if gatedJobs[j.ID.Value] || !usesCredentials(j) {
			continue
		}
		built := buildsImage(j)
		eachStep(j.Steps, func(st *analyzer.Step) {
			if isGated(st.If) || st.Parent != nil && isGated(st.Parent.If) {
				return
			}
			at, what := publishes(p, st)
			if at == nil || what == "runs docker push" && !built {
				return
			}
			p.Report(publishFinding(p, j, trigger, *at, what))
		})
	}
	return nil
}

// gatedJobs returns the jobs that may not run on a pull request: those with a condition
// beyond status checks, those that deploy to an environment (whose protection rules wflint
// cannot see), and those that need such a job.
func gatedJobs(wf *analyzer.Workflow) map[string]bool {
	gated := map[string]bool{}
	for _, j := range wf.Jobs {
		if isGated(j.If) || j.Environment != nil {
			gated[j.ID.Value] = true
		}
	}
	for changed := true; changed; { // needs chains are short; a cycle only stops the loop
		changed = false
		for _, j := range wf.Jobs {
			if gated[j.ID.Value] {
				continue
			}
			for _, n := range j.Needs {
				if gated[n.Value] {
					gated[j.ID.Value], changed = true, true
					break
				}
			}
		}
	}
	return gated
}

// buildsImage reports whether a job builds an image: a docker push of an image it only
// pulled and retagged publishes nothing a pull request wrote.
func buildsImage(j *analyzer.Job) bool {
	built := false
	eachStep(j.Steps, func(st *analyzer.Step) {
		if v, ok := analyzer.ScalarValue(st.Run); ok && builds.MatchString(v) {
			built = true
		}
		if st.Uses != nil {
			name := strings.ToLower(analyzer.ParseUses(st.Uses).Name())
			built = built || name == "docker/build-push-action" || name == "docker/bake-action"
		}
	})
	return built
}

func publishFinding(p *analyzer.Pass, j *analyzer.Job, trigger *analyzer.Event, at analyzer.Range, what string) analyzer.Diagnostic {
	d := analyzer.Diagnostic{Range: at, Related: []analyzer.Related{{Message: "the trigger", Range: p.File.Range(trigger.Name)}}}
	if trigger.Name.Value == "pull_request_target" {
		d.Severity = analyzer.Error
		d.Message = fmt.Sprintf("job %q %s on pull_request_target, with the repository's credentials: a run any pull request starts, a fork's included, publishes; publish only on push or release (if: github.event_name == 'push')", j.ID.Value, what)
		return d
	}
	d.Message = fmt.Sprintf("job %q %s on pull_request, with the repository's credentials: a pull request from a branch of this repository publishes its unreviewed code over what the release path publishes (from a fork the credentials are empty and the job fails); publish only on push or release (if: github.event_name == 'push')", j.ID.Value, what)
	return d
}

// isGated reports whether an if: condition may be false on a pull request: anything but
// status checks. wflint does not evaluate it; a condition on the event, the ref, an input
// or an earlier step's output most often keeps publishing to the release path.
func isGated(cond *yaml.Node) bool {
	v, ok := analyzer.ScalarValue(cond)
	return ok && !statusOnly.MatchString(statusCall.ReplaceAllString(v, ""))
}

// usesCredentials reports whether the job reads a secret or the token.
func usesCredentials(j *analyzer.Job) bool {
	return anyScalar(j.Node, func(v string) bool {
		return strings.Contains(v, "secrets.") || strings.Contains(v, "github.token") || strings.Contains(v, "GITHUB_TOKEN")
	})
}

// mayPublish is a cheap test before publishCommand: every command it matches holds one
// of these words.
func mayPublish(script string) bool {
	return strings.Contains(script, "push") || strings.Contains(script, "publish") ||
		strings.Contains(script, "upload") || strings.Contains(script, "release")
}

// publishes says where step st publishes and what it does, or nil.
func publishes(p *analyzer.Pass, st *analyzer.Step) (*analyzer.Range, string) {
	if st.Uses != nil && st.Uses.Kind == yaml.ScalarNode {
		u := analyzer.ParseUses(st.Uses)
		if u.Kind != analyzer.UsesRemote {
			return nil, ""
		}
		name := strings.ToLower(u.Name())
		if what, ok := publishingActions[name]; ok {
			r := p.File.Range(st.Uses)
			return &r, what
		}
		if name == "docker/build-push-action" || name == "docker/bake-action" {
			push := st.With.Get("push")
			if v, ok := analyzer.ScalarValue(push.Value); ok && v == "true" {
				r := p.File.Range(push.Value)
				return &r, "pushes an image"
			}
		}
		return nil, ""
	}
	if v, ok := analyzer.ScalarValue(st.Run); ok && mayPublish(v) {
		for _, m := range publishCommand.FindAllStringSubmatchIndex(v, -1) {
			end := strings.IndexByte(v[m[3]:], '\n')
			if end < 0 {
				end = len(v) - m[3]
			}
			if strings.Contains(v[m[3]:m[3]+end], "--dry-run") {
				continue // publishes nothing
			}
			r := p.File.TextRange(st.Run, m[2], m[3])
			return &r, "runs " + strings.Join(strings.Fields(v[m[2]:m[3]]), " ")
		}
	}
	return nil, ""
}
