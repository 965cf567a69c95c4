package security

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// Taint passed to a local reusable workflow (uses: ./.github/workflows/x.yml) or a local
// composite action (uses: ./path) through with:, into the callee's sinks. The callee is
// read from the repository once per caller file; a callee wflint cannot read is skipped.

// calleeSink is where a callee expands one of its inputs into code.
type calleeSink struct {
	line int
	what string
}

// callees reads local callees and remembers, for each, the first sink of each input.
type callees struct {
	repo  analyzer.Repository
	sinks map[string]map[string]calleeSink // by callee path, then input name (lower case)
}

// of returns the sinks of the callee that a uses: value names, or nil.
func (c *callees) of(uses string, workflow bool) (string, map[string]calleeSink) {
	if c.repo == nil || !strings.HasPrefix(uses, "./") || strings.Contains(uses, "@") {
		return "", nil
	}
	path := strings.TrimSuffix(strings.TrimPrefix(uses, "./"), "/")
	candidates := []string{path}
	if !workflow {
		candidates = []string{path + "/action.yml", path + "/action.yaml"}
	}
	for _, c2 := range candidates {
		if s, ok := c.sinks[c2]; ok {
			return c2, s
		}
		src, err := c.repo.ReadFile(c2)
		if err != nil {
			continue
		}
		kind := analyzer.KindAction
		if workflow {
			kind = analyzer.KindWorkflow
		}
		f, _ := analyzer.Load(c2, src, kind)
		s := calleeSinks(f)
		if c.sinks == nil {
			c.sinks = map[string]map[string]calleeSink{}
		}
		c.sinks[c2] = s
		return c2, s
	}
	return "", nil
}

// calleeSinks finds, in a reusable workflow or a composite action, the first sink of
// each input: a run: script, github-script code or another action's code input that
// expands ${{ inputs.NAME }}, directly or through env:.
func calleeSinks(f *analyzer.File) map[string]calleeSink {
	out := map[string]calleeSink{}
	visit := func(steps []*analyzer.Step, envs ...analyzer.Mapping) {
		eachStep(steps, func(st *analyzer.Step) {
			scope := &taintScope{envs: append([]analyzer.Mapping{st.Env}, envs...), inputs: true}
			check := func(n *yaml.Node, js bool, what string) {
				v, ok := analyzer.ScalarValue(n)
				if !ok {
					return
				}
				scanTaint(v, js, scope, func(a, _ int, t *tainted) {
					name := strings.TrimPrefix(t.path, "inputs.")
					if _, seen := out[name]; !seen && t.source == &calleeInput {
						out[name] = calleeSink{line: f.TextRange(n, a, a+1).Start.Line, what: what}
					}
				})
			}
			check(st.Run, false, "script")
			if st.Uses != nil {
				if in, js := codeInput(st); in != nil {
					check(in, js, codeWhat(st, js))
				}
			}
		})
	}
	switch {
	case f.Workflow != nil:
		for _, j := range f.Workflow.Jobs {
			visit(j.Steps, j.Env, f.Workflow.Env)
		}
	case f.Action != nil && f.Action.Runs != nil:
		visit(f.Action.Runs.Steps)
	}
	return out
}

// checkCalleeInputs reports tainted values passed in with: to a callee that expands the
// input into code.
func checkCalleeInputs(p *analyzer.Pass, cs *callees, uses *yaml.Node, with analyzer.Mapping, workflow bool, scope *taintScope, triggers map[string]bool) {
	v, ok := analyzer.ScalarValue(uses)
	if !ok || len(with) == 0 {
		return
	}
	path, sinks := cs.of(strings.TrimSpace(v), workflow)
	if len(sinks) == 0 {
		return
	}
	for _, e := range with {
		sink, ok := sinks[strings.ToLower(e.Key.Value)]
		if !ok {
			continue
		}
		val, ok := analyzer.ScalarValue(e.Value)
		if !ok {
			continue
		}
		scanTaint(val, false, scope, func(a, b int, t *tainted) {
			event := firstTrigger(t.source.events, triggers)
			if event == "" {
				return
			}
			d := analyzer.Diagnostic{
				Range:    p.File.TextRange(e.Value, a, b),
				Severity: analyzer.Error,
				Message: fmt.Sprintf("%s (%s) is text an outsider writes, passed as input %q to %s, which expands it into a %s at line %d, in a run that %s starts with the repository's token and secrets: text such as $(curl …) runs as code; in %s, pass the input in env: and read the variable",
					val[a:b], t.path, e.Key.Value, path, sink.what, sink.line, event, path),
			}
			if t.source.merged {
				d.Confidence = analyzer.Medium
			}
			p.Report(d)
		})
	}
}
