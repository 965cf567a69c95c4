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
	triggers := map[string]bool{}
	for _, ev := range wf.On.Events {
		if taintEvents[ev.Name.Value] {
			triggers[ev.Name.Value] = true
		}
	}
	if len(triggers) == 0 {
		return nil // no trigger lets an outsider's text into a privileged run
	}
	for _, j := range wf.Jobs {
		eachStep(j.Steps, func(st *analyzer.Step) {
			env := envTaint(st.Env, j.Env, wf.Env)
			if v, ok := analyzer.ScalarValue(st.Run); ok {
				checkSink(p, st.Run, v, false, env, triggers, "script")
			}
			if st.Uses != nil && strings.EqualFold(analyzer.ParseUses(st.Uses).Name(), "actions/github-script") {
				if e := st.With.Get("script"); e.Value != nil {
					if v, ok := analyzer.ScalarValue(e.Value); ok {
						checkSink(p, e.Value, v, sinkJS, env, triggers, "github-script code")
					}
				}
			}
		})
	}
	return nil
}

// envTaint resolves ${{ env.NAME }} through the step's, the job's and the workflow's
// env:, the nearest first.
func envTaint(scopes ...analyzer.Mapping) func(string) *tainted {
	return func(name string) *tainted {
		for _, m := range scopes {
			for _, e := range m {
				if !strings.EqualFold(e.Key.Value, name) {
					continue
				}
				v, ok := analyzer.ScalarValue(e.Value)
				if !ok {
					return nil
				}
				var found *tainted
				scanTaint(v, false, nil, func(_, _ int, t *tainted) {
					if found == nil {
						found = &tainted{path: t.path, via: e.Key.Value, source: t.source}
					}
				})
				return found
			}
		}
		return nil
	}
}

func checkSink(p *analyzer.Pass, n *yaml.Node, v string, js bool, env func(string) *tainted, triggers map[string]bool, what string) {
	scanTaint(v, js, env, func(a, b int, t *tainted) {
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
		if t.via != "" {
			label += fmt.Sprintf(" (%s, set in env: %s)", t.path, t.via)
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
		p.Report(d)
	})
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
