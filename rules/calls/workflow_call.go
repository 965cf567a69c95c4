package calls

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

func runWorkflowCall(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	for _, j := range wf.Jobs {
		v, ok := analyzer.ScalarValue(j.Uses)
		if !ok || !strings.HasPrefix(strings.TrimSpace(v), "./") {
			continue
		}
		v = strings.TrimSpace(v)
		if at := strings.IndexByte(v, '@'); at >= 0 {
			p.Report(analyzer.Diagnostic{
				Range: p.File.Range(j.Uses),
				Message: fmt.Sprintf("a reusable workflow of this repository is called by its path alone: %q has no ref, it runs from the caller's commit; write %q",
					v, v[:at]),
			})
			continue
		}
		checkCall(p, j, v)
	}
	return nil
}

// checkCall reads the callee and compares the call with its workflow_call trigger.
func checkCall(p *analyzer.Pass, j *analyzer.Job, uses string) {
	repo := p.File.Repo
	if repo == nil {
		return
	}
	path := strings.TrimPrefix(uses, "./")
	src, err := repo.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		p.Report(analyzer.Diagnostic{Range: p.File.Range(j.Uses), Message: fmt.Sprintf("job %q calls %s, which does not exist in this repository", j.ID.Value, uses)})
		return
	}
	if err != nil {
		return // unreadable: skipped quietly
	}
	f, _ := analyzer.Load(path, src, analyzer.KindWorkflow)
	if f.Workflow == nil || f.Workflow.On == nil {
		return // the callee's own findings say why
	}
	var call *analyzer.Event
	for _, ev := range f.Workflow.On.Events {
		if ev.Name.Value == "workflow_call" {
			call = ev
		}
	}
	if call == nil {
		p.Report(analyzer.Diagnostic{Range: p.File.Range(j.Uses), Message: fmt.Sprintf("job %q calls %s, which has no workflow_call trigger, so it cannot be called", j.ID.Value, uses)})
		return
	}
	s := &spec{what: uses, inputs: declared(call.Inputs), secrets: declared(call.Secrets)}
	checkCallInputs(p, s, j)
	if inherit, _ := analyzer.ScalarValue(j.Secrets); inherit == "inherit" {
		return // every secret is passed
	}
	checkCallSecrets(p, s, j)
}

// declared reads a workflow_call inputs: or secrets: mapping.
func declared(m analyzer.Mapping) map[string]*input {
	out := map[string]*input{}
	for _, e := range m {
		mm := analyzer.MappingOf(e.Value)
		req, _ := analyzer.ScalarValue(mm.Get("required").Value)
		typ, _ := analyzer.ScalarValue(mm.Get("type").Value)
		out[strings.ToLower(e.Key.Value)] = &input{
			name:     e.Key.Value,
			required: isTrue(req) && mm.Get("default").Value == nil,
			typ:      strings.TrimSpace(typ),
		}
	}
	return out
}

func checkCallInputs(p *analyzer.Pass, s *spec, j *analyzer.Job) {
	given := map[string]bool{}
	for _, e := range j.With {
		name := strings.ToLower(e.Key.Value)
		given[name] = true
		in, ok := s.inputs[name]
		if !ok {
			p.Reportf(e.Key, "%s has no input %q; GitHub refuses the call%s", s.what, e.Key.Value, suggestion(e.Key.Value, s.names()))
			if c := analyzer.Closest(e.Key.Value, s.names()); c != "" {
				given[strings.ToLower(c)] = true // one mistake, one finding
			}
			continue
		}
		if msg := typeMismatch(in, e.Value.Value, e.Value.Tag); msg != "" {
			p.Reportf(e.Value, "input %q of %s is a %s, but %s; GitHub refuses the call", in.name, s.what, in.typ, msg)
		}
	}
	var missing []string
	for name, in := range s.inputs {
		if in.required && !given[name] {
			missing = append(missing, in.name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		p.Reportf(j.Uses, "%s requires the input%s %s, which %s no default, and job %q does not give %s; GitHub refuses the call",
			s.what, plural(len(missing)), quoteAll(missing), hasHave(len(missing)), j.ID.Value, itThem(len(missing)))
	}
}

// typeMismatch says why a literal with: value does not fit a boolean or number input;
// "" when it fits or is an expression (whose type is checked elsewhere).
func typeMismatch(in *input, v, tag string) string {
	if strings.Contains(v, "${{") {
		return ""
	}
	switch in.typ {
	case "boolean":
		if tag != "!!bool" {
			return fmt.Sprintf("%q is not true or false", v)
		}
	case "number":
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil || tag == "!!str" && strings.TrimSpace(v) == "" {
			return fmt.Sprintf("%q is not a number", v)
		}
	}
	return ""
}

func checkCallSecrets(p *analyzer.Pass, s *spec, j *analyzer.Job) {
	given := map[string]bool{}
	for _, e := range analyzer.MappingOf(j.Secrets) {
		name := strings.ToLower(e.Key.Value)
		given[name] = true
		if _, ok := s.secrets[name]; !ok {
			var names []string
			for _, in := range s.secrets {
				names = append(names, in.name)
			}
			slices.Sort(names)
			p.Reportf(e.Key, "%s declares no secret %q; GitHub refuses the call%s", s.what, e.Key.Value, suggestion(e.Key.Value, names))
		}
	}
	var missing []string
	for name, in := range s.secrets {
		if in.required && !given[name] {
			missing = append(missing, in.name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		p.Reportf(j.Uses, "%s requires the secret%s %s, and job %q does not pass %s (name %s under secrets:, or pass secrets: inherit)",
			s.what, plural(len(missing)), quoteAll(missing), j.ID.Value, itThem(len(missing)), itThem(len(missing)))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
