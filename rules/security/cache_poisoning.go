package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed cache-poisoning.md
var cachePoisoningDoc string

// CachePoisoning reports the two ways a poisoned GitHub Actions cache does harm: a
// privileged run that lets a pull request's code write the default branch's cache, and a
// release job that restores a cache into what it publishes.
var CachePoisoning = &analyzer.Rule{
	ID:       "cache-poisoning",
	Title:    "a cache that untrusted code can write, or that a release restores",
	Doc:      cachePoisoningDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error, // a warning for a release job that restores a cache
	Run:      runCachePoisoning,

	SecuritySeverity: 7.0,
}

// cacheUse is what a step does with the Actions cache.
type cacheUse struct {
	restores, saves bool
	what            string
}

// cacheOf says how a step uses the Actions cache (checked 2026-11: the inputs and
// defaults of each action's current major).
func cacheOf(st *analyzer.Step) cacheUse {
	if st.Uses == nil {
		return cacheUse{}
	}
	u := analyzer.ParseUses(st.Uses)
	if u.Kind != analyzer.UsesRemote {
		return cacheUse{}
	}
	name := strings.ToLower(u.Name())
	if u.Path != "" {
		name += "/" + strings.ToLower(u.Path)
	}
	in := func(key string) string {
		v, _ := analyzer.ScalarValue(st.With.Get(key).Value)
		return strings.TrimSpace(v)
	}
	both := func(what string) cacheUse { return cacheUse{true, true, what} }
	switch name {
	case "actions/cache":
		return both("actions/cache")
	case "actions/cache/restore":
		return cacheUse{restores: true, what: "actions/cache/restore"}
	case "actions/cache/save":
		return cacheUse{saves: true, what: "actions/cache/save"}
	case "actions/setup-go":
		if in("cache") != "false" {
			return both("setup-go's cache (on unless cache: false)")
		}
	case "actions/setup-node", "actions/setup-python", "actions/setup-java":
		if in("cache") != "" && in("cache") != "false" {
			return both(name[len("actions/"):] + "'s cache")
		}
	case "actions/setup-dotnet":
		if in("cache") == "true" {
			return both("setup-dotnet's cache")
		}
	case "astral-sh/setup-uv":
		if in("enable-cache") == "true" {
			return both("setup-uv's cache")
		}
	case "ruby/setup-ruby":
		if in("bundler-cache") == "true" {
			return both("setup-ruby's bundler cache")
		}
	case "swatinem/rust-cache":
		return cacheUse{true, in("save-if") != "false", "rust-cache"}
	case "gradle/actions/setup-gradle":
		if in("cache-disabled") != "true" {
			return cacheUse{true, in("cache-read-only") != "true", "setup-gradle's cache"}
		}
	case "docker/build-push-action":
		return cacheUse{strings.Contains(in("cache-from"), "type=gha"), strings.Contains(in("cache-to"), "type=gha"), "BuildKit's gha cache"}
	case "docker/bake-action":
		set := in("set")
		return cacheUse{strings.Contains(set, "cache-from=type=gha"), strings.Contains(set, "cache-to=type=gha"), "BuildKit's gha cache"}
	}
	return cacheUse{}
}

func runCachePoisoning(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	var privileged string
	for _, name := range []string{"pull_request_target", "issue_comment", "workflow_run"} {
		if privileged == "" && hasEvent(wf, name) {
			privileged = name
		}
	}
	triggers := eventsAmong(wf, "pull_request_target", "issue_comment", "workflow_run")
	release := releaseTrigger(wf)
	for _, j := range wf.Jobs {
		if privileged != "" && !insidersOnly(j.If, triggers) {
			checkUntrustedCache(p, j, privileged)
		}
		if release != "" {
			checkReleaseCache(p, j, release)
		}
	}
	return nil
}

// releaseTrigger names the trigger of a workflow that only releases start: release, or
// push limited to tags, with at most a manual dispatch beside them.
func releaseTrigger(wf *analyzer.Workflow) string {
	name := ""
	for _, ev := range wf.On.Events {
		switch ev.Name.Value {
		case "release":
			name = "release"
		case "push":
			_, tags := ev.Filters["tags"]
			_, branches := ev.Filters["branches"]
			_, ignore := ev.Filters["branches-ignore"]
			if !tags || branches || ignore {
				return "" // branch pushes run it too
			}
			if name == "" {
				name = "a tag push"
			}
		case "workflow_dispatch":
		default:
			return ""
		}
	}
	return name
}

// checkUntrustedCache reports a cache saved by a job that checks out a pull request's
// code in a run of the default branch: the code writes the cache every later run of the
// default branch, and every release, restores.
func checkUntrustedCache(p *analyzer.Pass, j *analyzer.Job, trigger string) {
	var checkout *yaml.Node
	eachStep(j.Steps, func(st *analyzer.Step) {
		if at, guard, _ := prCheckout(st); at != nil && checkout == nil && (guard != "guarded" || trigger == "issue_comment") {
			checkout = at
		}
	})
	if checkout == nil {
		return
	}
	eachStep(j.Steps, func(st *analyzer.Step) {
		if c := cacheOf(st); c.saves {
			p.Report(analyzer.Diagnostic{
				Range:    p.File.Range(st.Uses),
				Severity: analyzer.Error,
				Related:  []analyzer.Related{{Message: "the checkout of the pull request's code", Range: p.File.Range(checkout)}},
				Message: fmt.Sprintf("job %q saves %s in a run that %s starts, which writes the default branch's cache, after checking out a pull request's code: that code can put what it likes in the cache, which every later run of the default branch and every release restores; do not cache in this job (or set the action's read-only or save-if: false input)",
					j.ID.Value, c.what, trigger),
			})
		}
	})
}

// checkReleaseCache reports a cache restored by a job of a release run that publishes.
func checkReleaseCache(p *analyzer.Pass, j *analyzer.Job, trigger string) {
	var publish string
	eachStep(j.Steps, func(st *analyzer.Step) {
		if at, what := publishes(p, st); at != nil && publish == "" {
			publish = what
		}
	})
	if publish == "" {
		return
	}
	eachStep(j.Steps, func(st *analyzer.Step) {
		if c := cacheOf(st); c.restores {
			p.Report(analyzer.Diagnostic{
				Range:      p.File.Range(st.Uses),
				Severity:   analyzer.Warning,
				Confidence: analyzer.Medium,
				Message: fmt.Sprintf("job %q restores %s in a run that %s starts, and %s: a cache any workflow of the default branch could write ends up in what it publishes; build releases without caches (for example cache: false, or lookup-only)",
					j.ID.Value, c.what, trigger, publish),
			})
		}
	})
}
