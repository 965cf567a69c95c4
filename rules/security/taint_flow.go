package security

import (
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
	"github.com/wflint/wflint/internal/lazyre"
)

// Taint that reaches a sink through the workflow itself: env: variables, the outputs of
// steps (written to $GITHUB_OUTPUT, set by github-script, or of actions that pass on
// attacker text) and of jobs, and the values a condition compared with a literal.

// taintScope resolves the contexts whose taint comes from elsewhere in the workflow.
type taintScope struct {
	envs    []analyzer.Mapping  // env: of the step, the job and the workflow, nearest first
	outputs map[string]*tainted // "steps.<id>.outputs.<name>", "needs.<job>.outputs.<name>"; name "*" for all
	pinned  *pins               // paths a condition of the step or job compared with a literal
	// inputs marks every inputs.NAME as tainted: the scope of a callee whose sinks are
	// looked for.
	inputs bool
}

func (s *taintScope) hasOutputs() bool { return s != nil && len(s.outputs) > 0 }

// pinnedPath reports whether a condition of the scope pins path p.
func (s *taintScope) pinnedPath(p string) bool { return s != nil && s.pinned.has(p) }

// pins are the paths that conditions compare with a literal, worked out the first time
// a tainted path asks: most conditions are never parsed.
type pins struct {
	conds []*yaml.Node
	set   map[string]bool
	done  bool
}

func newPins(conds ...*yaml.Node) *pins { return &pins{conds: conds} }

func (p *pins) has(path string) bool {
	if p == nil {
		return false
	}
	if !p.done {
		p.set, p.done = pinnedPaths(p.conds...), true
	}
	return p.set[path]
}

// lookup resolves a path the scope decides; handled is false for one the taint table
// decides.
func (s *taintScope) lookup(p string) (t *tainted, handled bool) {
	if s == nil {
		return nil, false
	}
	switch {
	case strings.HasPrefix(p, "env."):
		return s.envVar(strings.TrimPrefix(p, "env.")), true
	case strings.HasPrefix(p, "inputs."):
		if s.inputs {
			return &tainted{path: p, source: &calleeInput}, true
		}
		return nil, false
	case strings.HasPrefix(p, "steps."), strings.HasPrefix(p, "needs."):
		if t := s.outputs[p]; t != nil {
			return t, true
		}
		if i := strings.Index(p, ".outputs."); i >= 0 {
			return s.outputs[p[:i]+".outputs.*"], true
		}
		return nil, true
	}
	return nil, false
}

// envVar is the taint of an env: variable, looked up from the step's env: outwards.
func (s *taintScope) envVar(name string) *tainted {
	if s == nil {
		return nil
	}
	for _, m := range s.envs {
		for _, e := range m {
			if !strings.EqualFold(e.Key.Value, name) {
				continue
			}
			v, ok := analyzer.ScalarValue(e.Value)
			if !ok {
				return nil
			}
			inner := &taintScope{outputs: s.outputs, pinned: s.pinned, inputs: s.inputs} // env: cannot read env
			var found *tainted
			scanTaint(v, false, inner, func(_, _ int, t *tainted) {
				if found == nil {
					c := *t
					c.via = e.Key.Value
					found = &c
				}
			})
			return found
		}
	}
	return nil
}

// calleeInput is the source of an input of a callee, tainted whatever the caller passes,
// to find where the callee expands it.
var calleeInput = taintSource{path: "inputs.*"}

// workflowTaint is the taint of the outputs of every step and job of a workflow.
type workflowTaint struct {
	wf    *analyzer.Workflow
	steps map[*analyzer.Job]map[string]*tainted // each job's step outputs (and its needs' outputs)
	jobs  map[string]*tainted                   // "needs.<job>.outputs.<name>", job ids lower-case
}

// newWorkflowTaint follows taint through the outputs of a workflow's steps and jobs. Jobs
// are visited twice so that a job's outputs reach the jobs that need it whatever their
// order in the file.
func newWorkflowTaint(wf *analyzer.Workflow) *workflowTaint {
	w := &workflowTaint{wf: wf, steps: map[*analyzer.Job]map[string]*tainted{}, jobs: map[string]*tainted{}}
	for pass := 0; pass < 2; pass++ {
		for _, j := range wf.Jobs {
			out := map[string]*tainted{}
			for _, n := range j.Needs {
				prefix := "needs." + strings.ToLower(n.Value) + ".outputs."
				for k, t := range w.jobs {
					if strings.HasPrefix(k, prefix) {
						out[k] = t
					}
				}
			}
			eachStep(j.Steps, func(st *analyzer.Step) {
				if st.ID == nil {
					return
				}
				prefix := "steps." + strings.ToLower(st.ID.Value) + ".outputs."
				for name, t := range writtenOutputs(st, func() *taintScope { return w.scope(j, st, out) }) {
					out[prefix+name] = t
				}
			})
			w.steps[j] = out
			scope := &taintScope{envs: []analyzer.Mapping{j.Env, wf.Env}, outputs: out}
			for _, e := range j.Outputs {
				v, _ := analyzer.ScalarValue(e.Value)
				scanTaint(v, false, scope, func(_, _ int, t *tainted) {
					w.jobs["needs."+strings.ToLower(j.ID.Value)+".outputs."+strings.ToLower(e.Key.Value)] = withHop(t, "needs."+j.ID.Value+".outputs."+e.Key.Value)
				})
			}
		}
	}
	return w
}

// scope is the taint scope of step st of job j.
func (w *workflowTaint) scope(j *analyzer.Job, st *analyzer.Step, outputs map[string]*tainted) *taintScope {
	if outputs == nil {
		outputs = w.steps[j]
	}
	return &taintScope{
		envs:    []analyzer.Mapping{st.Env, j.Env, w.wf.Env},
		outputs: outputs,
		pinned:  newPins(st.If, j.If),
	}
}

// withHop records that taint went through an output.
func withHop(t *tainted, hop string) *tainted {
	c := *t
	if c.through == "" {
		c.through = hop
	}
	return &c
}

// outputLine finds name=value written by echo or printf in a script.
var outputLine = lazyre.New(`(?m)\b(?:echo|printf)\s+(?:-[a-z]+\s+)*["']?([A-Za-z_][A-Za-z0-9_-]*)(=|<<)([^\n]*)`).Needing("echo", "printf")

// setOutput finds github-script's core.setOutput('name', value).
var setOutput = lazyre.New(`core\.setOutput\(\s*['"]([A-Za-z_][A-Za-z0-9_-]*)['"]\s*,([^\n;]*)`).Needing("core.setOutput")

// returnLine finds a github-script return statement, whose value is the result output.
var returnLine = lazyre.New(`(?m)^\s*return\s+([^\n;]*)`).Needing("return")

// payloadPath finds a field of github-script's event payload.
var payloadPath = lazyre.New(`context\.payload\.([A-Za-z_][A-Za-z0-9_.]*)`).Needing("context.payload.")

// taintingActions are actions whose outputs carry text an attacker writes.
var taintingActions = map[string]*taintSource{
	"tj-actions/changed-files":             {path: "the file names of the pull request", events: prEvents},
	"stefanbuck/github-issue-parser":       {path: "the fields of the issue's body", events: issueEvents},
	"zentered/issue-forms-body-parser":     {path: "the fields of the issue's body", events: issueEvents},
	"peter-murray/issue-forms-body-parser": {path: "the fields of the issue's body", events: issueEvents},
}

// writtenOutputs returns the outputs of a step that carry taint, by lower-case name.
func writtenOutputs(st *analyzer.Step, scopeOf func() *taintScope) map[string]*tainted {
	id := "steps." + st.ID.Value + ".outputs."
	var out map[string]*tainted
	set := func(name string, t *tainted) {
		if out == nil {
			out = map[string]*tainted{}
		}
		out[name] = t
	}
	if run, ok := analyzer.ScalarValue(st.Run); ok && strings.Contains(run, "GITHUB_OUTPUT") {
		scope := scopeOf()
		for _, w := range fileWriteTexts(run, "GITHUB_OUTPUT") {
			for _, m := range outputLine.FindAllStringSubmatch(w, -1) {
				text := m[3]
				if m[2] == "<<" {
					text = w // a heredoc: the value is the rest of the group
				}
				if t := textTaint(text, scope); t != nil {
					set(strings.ToLower(m[1]), withHop(t, id+m[1]))
				}
			}
		}
	}
	if st.Uses == nil {
		return out
	}
	name := strings.ToLower(analyzer.ParseUses(st.Uses).Name())
	if src := taintingActions[name]; src != nil {
		set("*", &tainted{path: src.path, source: src, through: id + "*"})
	}
	if name == "actions/github-script" {
		script, _ := analyzer.ScalarValue(st.With.Get("script").Value)
		for _, m := range setOutput.FindAllStringSubmatch(script, -1) {
			if t := jsTaint(m[2], scopeOf()); t != nil {
				set(strings.ToLower(m[1]), withHop(t, id+m[1]))
			}
		}
		if enc, _ := analyzer.ScalarValue(st.With.Get("result-encoding").Value); strings.TrimSpace(enc) == "string" {
			for _, m := range returnLine.FindAllStringSubmatch(script, -1) {
				if t := jsTaint(m[1], scopeOf()); t != nil {
					set("result", withHop(t, id+"result"))
				}
			}
		}
	}
	return out
}

// textTaint is the taint of a piece of shell script: a ${{ }} expression or a variable
// set in env:.
func textTaint(text string, scope *taintScope) *tainted {
	var found *tainted
	scanTaint(text, false, scope, func(_, _ int, t *tainted) {
		if found == nil {
			found = t
		}
	})
	if found != nil {
		return found
	}
	for _, m := range shellVar.FindAllStringSubmatch(text, -1) {
		if t := scope.envVar(m[1]); t != nil {
			return t
		}
	}
	return nil
}

// jsTaint is the taint of a piece of github-script code: a payload field of the taint
// table or a ${{ }} expression.
func jsTaint(text string, scope *taintScope) *tainted {
	for _, m := range payloadPath.FindAllStringSubmatch(text, -1) {
		p := "github.event." + strings.ToLower(m[1])
		for i := range taintSources {
			if matchPath(p, taintSources[i].path) {
				return &tainted{path: p, source: &taintSources[i]}
			}
		}
	}
	return textTaint(text, scope)
}

// fileWriteTexts returns each write of a script to the file named by the variable file:
// a line that appends to it, or the lines of a { … } group whose output it is.
func fileWriteTexts(run, file string) []string {
	lines := strings.SplitAfter(run, "\n")
	var out []string
	for i, line := range lines {
		if !strings.Contains(line, file) || !strings.Contains(line, ">") && !strings.Contains(line, "tee") && !strings.Contains(line, "Content") && !strings.Contains(line, "Out-File") {
			continue
		}
		first := i
		if strings.HasPrefix(strings.TrimSpace(line), "}") {
			for first > 0 && strings.TrimSpace(lines[first]) != "{" {
				first--
			}
		}
		out = append(out, strings.Join(lines[first:i+1], ""))
	}
	return out
}

// pinnedPaths returns the contexts that conditions compare with a literal as a whole:
// in a conjunction, path == 'text', and contains(<literal>, path). Where the condition
// holds, those contexts hold no attacker text.
func pinnedPaths(conds ...*yaml.Node) map[string]bool {
	var pinned map[string]bool
	for _, c := range conds {
		v, ok := analyzer.ScalarValue(c)
		if !ok || !containsFold(v, "==") && !containsFold(v, "contains") {
			continue
		}
		text := strings.TrimSpace(v)
		if spans := ghexpr.Scan(text, false); len(spans) == 1 && spans[0].Open == 0 && spans[0].Close == len(text) {
			text = spans[0].Text
		}
		tree, err := ghexpr.Parse(ghexpr.Source(text))
		if err != nil {
			continue
		}
		for _, p := range conjunctPins(tree) {
			if pinned == nil {
				pinned = map[string]bool{}
			}
			pinned[p] = true
		}
	}
	return pinned
}

func conjunctPins(n actionlint.ExprNode) []string {
	switch n := n.(type) {
	case *actionlint.LogicalOpNode:
		if n.Kind == actionlint.LogicalOpNodeKindAnd {
			return append(conjunctPins(n.Left), conjunctPins(n.Right)...)
		}
	case *actionlint.CompareOpNode:
		if n.Kind != actionlint.CompareOpNodeKindEq {
			return nil
		}
		if p, ok := exprPath(n.Left); ok && isLiteral(n.Right) {
			return []string{p}
		}
		if p, ok := exprPath(n.Right); ok && isLiteral(n.Left) {
			return []string{p}
		}
	case *actionlint.FuncCallNode:
		if strings.EqualFold(n.Callee, "contains") && len(n.Args) == 2 && !mentionsContext(n.Args[0]) {
			if p, ok := exprPath(n.Args[1]); ok {
				return []string{p}
			}
		}
	}
	return nil
}

func isLiteral(n actionlint.ExprNode) bool {
	switch n.(type) {
	case *actionlint.StringNode, *actionlint.IntNode, *actionlint.FloatNode, *actionlint.BoolNode, *actionlint.NullNode:
		return true
	}
	return false
}

// mentionsContext reports whether an expression reads any context.
func mentionsContext(n actionlint.ExprNode) bool {
	found := false
	actionlint.VisitExprNode(n, func(n, _ actionlint.ExprNode, _ bool) {
		if _, ok := n.(*actionlint.VariableNode); ok {
			found = true
		}
	})
	return found
}
