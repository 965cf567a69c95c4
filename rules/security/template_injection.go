package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed template-injection.md
var templateInjectionDoc string

// TemplateInjection reports attacker-written text expanded with ${{ }} into a script, in
// a run that the attacker starts and that holds the repository's token and secrets.
var TemplateInjection = &analyzer.Rule{
	ID:       "template-injection",
	Title:    "text an attacker writes is expanded into a script of a privileged run",
	Doc:      templateInjectionDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Run:      runTemplateInjection,

	SecuritySeverity: 9.0,
}

func runTemplateInjection(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	triggers := taintTriggers(wf)
	if len(triggers) == 0 {
		return nil // no trigger lets an outsider's text into a privileged run
	}
	flow := newWorkflowTaint(wf)
	cs := &callees{repo: p.File.Repo}
	for _, j := range wf.Jobs {
		if insidersOnly(j.If, triggers) {
			continue // only people who can push to the repository start it
		}
		if j.Uses != nil {
			scope := &taintScope{outputs: flow.steps[j], pinned: newPins(j.If)}
			checkCalleeInputs(p, cs, j.Uses, j.With, true, scope, triggers)
		}
		eachStep(j.Steps, func(st *analyzer.Step) {
			if insidersOnly(st.If, triggers) {
				return
			}
			var scope *taintScope // made only for a step with an expression to judge
			scopeOf := func() *taintScope {
				if scope == nil {
					scope = flow.scope(j, st, nil)
				}
				return scope
			}
			if v, ok := analyzer.ScalarValue(st.Run); ok && strings.Contains(v, "${{") {
				fix := func(a, b int, t *tainted) (analyzer.Fix, bool) {
					return injectionFix(p.File, wf, j, st, v, a, b, t)
				}
				checkSink(p, st.Run, v, false, scopeOf(), triggers, "script", fix)
			}
			if st.Uses == nil {
				return
			}
			if strings.HasPrefix(strings.TrimSpace(st.Uses.Value), "./") {
				checkCalleeInputs(p, cs, st.Uses, st.With, false, scopeOf(), triggers)
			}
			if in, js := codeInput(st); in != nil {
				if v, ok := analyzer.ScalarValue(in); ok && strings.Contains(v, "${{") {
					checkSink(p, in, v, js, scopeOf(), triggers, codeWhat(st, js), nil)
				}
			}
		})
	}
	return nil
}

// codeInputs are inputs of popular actions that run their value as code: JavaScript for
// github-script, a shell or PowerShell script for the others.
var codeInputs = map[string]string{
	"actions/github-script":             "script",
	"azure/cli":                         "inlinescript",
	"azure/powershell":                  "inlinescript",
	"appleboy/ssh-action":               "script",
	"nick-fields/retry":                 "command",
	"nick-invision/retry":               "command",
	"addnab/docker-run-action":          "run",
	"jannekem/run-python-script-action": "script",
	"mathiasvr/command-output":          "run",
	"cardinalby/js-eval-action":         "expression",
}

// codeWhat names the code an action's input holds, for messages.
func codeWhat(st *analyzer.Step, js bool) string {
	name := analyzer.ParseUses(st.Uses).Name()
	if strings.EqualFold(name, "actions/github-script") {
		return "github-script code"
	}
	if js {
		return "JavaScript code of " + name
	}
	return "script of " + name
}

// codeInput returns the input of a step that an action runs as code, and whether it is
// JavaScript.
func codeInput(st *analyzer.Step) (*yaml.Node, bool) {
	name := strings.ToLower(analyzer.ParseUses(st.Uses).Name())
	key, ok := codeInputs[name]
	if !ok {
		return nil, false
	}
	for _, e := range st.With {
		if strings.EqualFold(e.Key.Value, key) {
			return e.Value, name == "actions/github-script" || name == "cardinalby/js-eval-action"
		}
	}
	return nil, false
}

func checkSink(p *analyzer.Pass, n *yaml.Node, v string, js bool, scope *taintScope, triggers map[string]bool, what string,
	fix func(a, b int, t *tainted) (analyzer.Fix, bool)) {
	scanTaint(v, js, scope, func(a, b int, t *tainted) {
		var event string
		for _, e := range t.source.events {
			if triggers[e] {
				event = e
				break
			}
		}
		if event == "" {
			return // no trigger of this workflow lets an outsider write it into a privileged run
		}
		label := v[a:b]
		if t.via != "" || t.through != "" {
			label += " (" + t.path
			if t.through != "" {
				label += ", through " + t.through
			}
			if t.via != "" {
				label += ", set in env: " + t.via
			}
			label += ")"
		}
		d := analyzer.Diagnostic{
			Range:    p.File.TextRange(n, a, b),
			Severity: analyzer.Error,
			Message: fmt.Sprintf("%s is text an outsider writes, expanded into the %s of a run that %s starts with the repository's token and secrets: text such as $(curl …) or \"; …\" runs as code; pass it in env: and read the variable (\"$VALUE\" in the shell, process.env.VALUE in JavaScript)",
				label, what, event),
		}
		if t.source.merged {
			d.Confidence = analyzer.Medium // it reaches the run only through a maintainer's merge
		}
		if fix != nil {
			if f, ok := fix(a, b, t); ok {
				d.Fixes = []analyzer.Fix{f}
			}
		}
		p.Report(d)
	})
}

// taintTriggers are the triggers of a workflow under which some source of the taint
// table is attacker text in a privileged run.
func taintTriggers(wf *analyzer.Workflow) map[string]bool {
	triggers := map[string]bool{}
	for _, ev := range wf.On.Events {
		if taintEvents[ev.Name.Value] {
			triggers[ev.Name.Value] = true
		}
	}
	return triggers
}

// taintEvents are the events of any taint source.
var taintEvents = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range taintSources {
		for _, e := range s.events {
			m[e] = true
		}
	}
	return m
}()
