// Package workflow holds small checks of a workflow's own definitions that GitHub
// refuses or that cannot work: keys that differ only in case, input defaults of the
// wrong kind, workflow commands GitHub disabled, and matrix entries that match nothing.
package workflow

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed duplicate-key.md
var duplicateKeyDoc string

//go:embed input-default.md
var inputDefaultDoc string

//go:embed workflow-command.md
var workflowCommandDoc string

//go:embed matrix-entry.md
var matrixEntryDoc string

// DuplicateKey reports keys of one mapping that differ only in case where GitHub
// compares them without case: env, with, inputs, outputs, secrets, services, matrix.
var DuplicateKey = &analyzer.Rule{
	ID:       "duplicate-key",
	Title:    "two keys of one mapping differ only in case, which GitHub reads as the same",
	Doc:      duplicateKeyDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runDuplicateKey,
}

// InputDefault reports a workflow_dispatch or workflow_call input whose default does not
// fit its type.
var InputDefault = &analyzer.Rule{
	ID:       "input-default",
	Title:    "an input's default does not fit its type",
	Doc:      inputDefaultDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runInputDefault,
}

// WorkflowCommand reports the workflow commands GitHub disabled (::set-env, ::add-path)
// or deprecated (::set-output, ::save-state) written by a run: script.
var WorkflowCommand = &analyzer.Rule{
	ID:       "workflow-command",
	Title:    "a script writes a workflow command that GitHub disabled or deprecated",
	Doc:      workflowCommandDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error, // a warning for the deprecated ones
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runWorkflowCommand,
}

// MatrixEntry reports matrix exclude entries that match no combination, and values
// listed twice.
var MatrixEntry = &analyzer.Rule{
	ID:       "matrix-entry",
	Title:    "a matrix exclude matches nothing, or a matrix lists a value twice",
	Doc:      matrixEntryDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error, // a warning for a duplicate value
	Run:      runMatrixEntry,
}

// ---- duplicate-key ----

// caseless are the mappings whose keys GitHub compares without case.
var caseless = map[string]bool{"env": true, "with": true, "inputs": true, "outputs": true, "secrets": true, "services": true, "matrix": true}

func runDuplicateKey(p *analyzer.Pass) error {
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > analyzer.MaxDepth || n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
			return
		}
		for i := 0; i < len(n.Content); i++ {
			c := n.Content[i]
			if n.Kind == yaml.MappingNode && i%2 == 0 && i+1 < len(n.Content) {
				if caseless[c.Value] && n.Content[i+1].Kind == yaml.MappingNode {
					checkCaseless(p, c.Value, n.Content[i+1])
				}
				continue
			}
			walk(c, depth+1)
		}
	}
	walk(p.File.Root, 0)
	return nil
}

func checkCaseless(p *analyzer.Pass, section string, m *yaml.Node) {
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || strings.Contains(k.Value, "${{") {
			continue
		}
		low := strings.ToLower(k.Value)
		if first, ok := seen[low]; ok && first.Value != k.Value {
			p.Report(analyzer.Diagnostic{
				Range:   p.File.Range(k),
				Related: []analyzer.Related{{Message: "the first key", Range: p.File.Range(first)}},
				Message: fmt.Sprintf("%s key %q differs from %q (line %d) only in case, and GitHub compares %s keys without case: it refuses the workflow; keep one",
					section, k.Value, first.Value, first.Line, section),
			})
			continue
		}
		if _, ok := seen[low]; !ok {
			seen[low] = k
		}
	}
}

// ---- input-default ----

func runInputDefault(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	for _, ev := range wf.On.Events {
		for _, e := range ev.Inputs {
			m := analyzer.MappingOf(e.Value)
			typ, _ := analyzer.ScalarValue(m.Get("type").Value)
			def := m.Get("default").Value
			if req, _ := analyzer.ScalarValue(m.Get("required").Value); ev.Name.Value == "workflow_call" && def != nil && strings.TrimSpace(req) == "true" {
				p.Report(analyzer.Diagnostic{
					Range:    p.File.Range(def),
					Severity: analyzer.Note,
					Message:  fmt.Sprintf("input %q is required, so every caller gives it and its default is never used; drop required: true or the default", e.Key.Value),
				})
			}
			if def == nil || def.Kind != yaml.ScalarNode || strings.Contains(def.Value, "${{") {
				continue
			}
			checkDefault(p, e.Key.Value, strings.TrimSpace(typ), def, m.Get("options").Value)
		}
	}
	return nil
}

func checkDefault(p *analyzer.Pass, name, typ string, def, options *yaml.Node) {
	switch typ {
	case "boolean":
		if def.Tag != "!!bool" || (def.Value != "true" && def.Value != "false") {
			p.Reportf(def, "input %q is a boolean, but its default %q is not true or false; GitHub refuses the workflow", name, def.Value)
		}
	case "number":
		if _, err := strconv.ParseFloat(def.Value, 64); err != nil {
			p.Report(analyzer.Diagnostic{
				Range:    p.File.Range(def),
				Severity: analyzer.Warning, // GitHub's parser lets it through; the run gets no number
				Message:  fmt.Sprintf("input %q is a number, but its default %q is not one", name, def.Value),
			})
		}
	case "choice":
		if options == nil || options.Kind != yaml.SequenceNode {
			return
		}
		var opts []string
		for _, o := range options.Content {
			if o.Value == def.Value {
				return
			}
			opts = append(opts, fmt.Sprintf("%q", o.Value))
		}
		p.Report(analyzer.Diagnostic{
			Range:    p.File.Range(def),
			Severity: analyzer.Warning, // the form starts on an option that is not there
			Message: fmt.Sprintf("input %q is a choice of %s, but its default %q is not one of them%s",
				name, strings.Join(opts, ", "), def.Value, analyzer.DidYouMean(def.Value, optionValues(options))),
		})
	}
}

func optionValues(options *yaml.Node) []string {
	var out []string
	for _, o := range options.Content {
		out = append(out, o.Value)
	}
	return out
}

// ---- workflow-command ----

// command finds a disabled or deprecated workflow command wherever a script can start
// a line of output with it: at the start of an argument, after a quote, a parenthesis, an
// "=" or a backquote, or after a "\n" escape (echo -e, printf). Its name may be a variable
// ("name=$KEY") and its value empty, which actionlint's pattern does not allow.
var command = lazyre.New(`(?:^|[\s"'(=\x60{]|\\n)(::(set-output|save-state|set-env|add-path))(?:\s|::)`)

func runWorkflowCommand(p *analyzer.Pass) error {
	p.File.EachStep(func(_ *analyzer.Job, st *analyzer.Step) {
		v, ok := analyzer.ScalarValue(st.Run)
		if !ok || !strings.Contains(v, "::set-") && !strings.Contains(v, "::save-state") && !strings.Contains(v, "::add-path") {
			return
		}
		for _, m := range command.FindAllStringSubmatchIndex(v, -1) {
			name := v[m[4]:m[5]]
			d := analyzer.Diagnostic{Range: p.File.TextRange(st.Run, m[2], m[3])}
			switch name {
			case "set-env", "add-path":
				file := map[string]string{"set-env": "GITHUB_ENV", "add-path": "GITHUB_PATH"}[name]
				d.Message = fmt.Sprintf("::%s has been disabled since November 2020: the step fails with an error; write to $%s instead (echo \"NAME=value\" >> \"$%s\")", name, file, file)
			default:
				file := map[string]string{"set-output": "GITHUB_OUTPUT", "save-state": "GITHUB_STATE"}[name]
				d.Severity = analyzer.Warning
				d.Message = fmt.Sprintf("::%s is deprecated and GitHub says it will be disabled: write to $%s instead (echo \"name=value\" >> \"$%s\")", name, file, file)
			}
			p.Report(d)
		}
	})
	return nil
}

// ---- matrix-entry ----

func runMatrixEntry(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	for _, j := range wf.Jobs {
		m := j.Matrix
		if m == nil || m.Kind != yaml.MappingNode {
			continue
		}
		axes := map[string][]*yaml.Node{}
		dynamic := false
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			switch k.Value {
			case "include", "exclude":
				continue
			}
			if v.Kind != yaml.SequenceNode {
				dynamic = true // an expression: its values are not known here
				continue
			}
			axes[strings.ToLower(k.Value)] = v.Content // GitHub compares matrix keys without case
			checkDuplicates(p, k.Value, v)
		}
		if !dynamic {
			checkExcludes(p, analyzer.MappingOf(m).Get("exclude").Value, axes)
		}
	}
	return nil
}

func checkDuplicates(p *analyzer.Pass, axis string, seq *yaml.Node) {
	seen := map[string]*yaml.Node{}
	for _, v := range seq.Content {
		if v.Kind != yaml.ScalarNode || strings.Contains(v.Value, "${{") {
			continue
		}
		if first, ok := seen[v.Value]; ok {
			p.Report(analyzer.Diagnostic{
				Range:    p.File.Range(v),
				Severity: analyzer.Warning,
				Related:  []analyzer.Related{{Message: "the first", Range: p.File.Range(first)}},
				Message:  fmt.Sprintf("matrix %s lists %q twice (line %d): every combination with it runs twice", axis, v.Value, first.Line),
			})
			continue
		}
		seen[v.Value] = v
	}
}

// checkExcludes reports an exclude entry naming a key the matrix does not have, or a
// value no axis lists: GitHub refuses the first and the second excludes nothing.
func checkExcludes(p *analyzer.Pass, excl *yaml.Node, axes map[string][]*yaml.Node) {
	if excl == nil || excl.Kind != yaml.SequenceNode {
		return
	}
	for _, entry := range excl.Content {
		for _, e := range analyzer.MappingOf(entry) {
			vals, ok := axes[strings.ToLower(e.Key.Value)]
			if !ok {
				p.Reportf(e.Key, "matrix exclude names %q, which is not a key of the matrix; GitHub refuses the workflow%s", e.Key.Value, analyzer.DidYouMean(e.Key.Value, keys(axes)))
				continue
			}
			if e.Value.Kind != yaml.ScalarNode || strings.Contains(e.Value.Value, "${{") {
				continue
			}
			found := false
			for _, v := range vals {
				// a value given by an expression may be anything
				found = found || v.Kind != yaml.ScalarNode || v.Value == e.Value.Value || strings.Contains(v.Value, "${{")
			}
			if !found {
				p.Report(analyzer.Diagnostic{
					Range:    p.File.Range(e.Value),
					Severity: analyzer.Warning,
					Message:  fmt.Sprintf("matrix exclude names %s: %q, which matrix %s does not list, so it excludes nothing", e.Key.Value, e.Value.Value, e.Key.Value),
				})
			}
		}
	}
}

func keys(m map[string][]*yaml.Node) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
