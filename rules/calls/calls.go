// Package calls holds the rules that check a call against what it calls: the with:
// inputs of an action (a popular action from actionlint's table, or a local action read
// from the repository), and the inputs and secrets of a local reusable workflow.
package calls

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/actiondata"
)

//go:embed action-inputs.md
var actionInputsDoc string

//go:embed workflow-call.md
var workflowCallDoc string

// ActionInputs reports with: inputs that an action does not have, required inputs left
// out, and deprecated inputs.
var ActionInputs = &analyzer.Rule{
	ID:       "action-inputs",
	Title:    "a step passes an input the action does not have, or leaves out a required one",
	Doc:      actionInputsDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error, // a warning for a missing required input, a note for a deprecated one
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runActionInputs,
}

// WorkflowCall reports a call of a local reusable workflow that the callee does not
// accept: an input or secret it does not declare, a required one left out, a value of
// the wrong type, a file that does not exist.
var WorkflowCall = &analyzer.Rule{
	ID:       "workflow-call",
	Title:    "a call of a local reusable workflow that the workflow does not accept",
	Doc:      workflowCallDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runWorkflowCall,
}

// input is what a callee says about one of its inputs.
type input struct {
	name       string // as the callee writes it
	required   bool   // required and without a default
	deprecated string // the deprecation message; "" when not deprecated
	typ        string // for reusable workflows: string, boolean or number
}

// spec is what a callee accepts.
type spec struct {
	what    string            // "actions/setup-go@v6", "./.github/actions/x"
	inputs  map[string]*input // by lower-case name
	secrets map[string]*input // reusable workflows only
	// dated is true when the inputs may be older than the action's latest release of
	// that major (an action of actionlint's table that the snapshot lacks)
	dated bool
}

func (s *spec) names() []string {
	var out []string
	for _, in := range s.inputs {
		out = append(out, in.name)
	}
	slices.Sort(out)
	return out
}

func runActionInputs(p *analyzer.Pass) error {
	refs := analyzer.UsesRefs.Of(p)
	p.File.EachStep(func(_ *analyzer.Job, st *analyzer.Step) {
		if st.Uses == nil || st.Uses.Kind != yaml.ScalarNode {
			return
		}
		i := slices.IndexFunc(refs, func(u *analyzer.Uses) bool { return u.Node == st.Uses })
		if i < 0 {
			return
		}
		s := actionSpec(p.File, refs[i])
		if s == nil {
			return
		}
		checkWith(p, s, st.With, st.Uses, "action")
	})
	return nil
}

// actionSpec is the spec of the action a uses: names: a popular action at a major
// version actionlint's table knows, or a local action of the repository; nil otherwise
// (an unknown action, a version newer than the table, a branch, a file wflint cannot
// read).
func actionSpec(f *analyzer.File, u *analyzer.Uses) *spec {
	switch u.Kind {
	case analyzer.UsesRemote:
		return popularSpec(u)
	case analyzer.UsesLocal:
		return localActionSpec(f.Repo, strings.TrimSpace(u.Node.Value))
	}
	return nil
}

// popularSpec looks an action up in actionlint's table of popular actions by its major
// version, read from the ref or from a SHA's version comment.
func popularSpec(u *analyzer.Uses) *spec {
	ref := u.Ref
	if analyzer.ClassifyRef(ref) == analyzer.RefSHA {
		ref = analyzer.VersionComment(u.Node)
	}
	if !analyzer.IsVersion(ref) {
		return nil
	}
	major := "v" + strings.TrimPrefix(ref, "v")
	if i := strings.IndexAny(major[1:], ".-+"); i >= 0 {
		major = major[:i+1]
	}
	name := u.Name()
	if u.Path != "" {
		name += "/" + u.Path
	}
	key := strings.ToLower(name) + "@" + major
	if s, ok := specCache.Load(name + "@" + major); ok {
		return s.(*spec)
	}
	s := tableSpec(name, major, key)
	specCache.Store(name+"@"+major, s)
	return s
}

// specCache holds the spec of each action@major looked up so far (nil when the table
// does not know it): the table and snapshot never change during a run.
var specCache sync.Map

// tableSpec builds the spec of name@major from actionlint's table and the snapshot.
func tableSpec(name, major, key string) *spec {
	md, ok := actionlint.PopularActions[key]
	if !ok || md.SkipInputs {
		return nil
	}
	s := &spec{what: name + "@" + major, inputs: map[string]*input{}}
	for id, in := range md.Inputs {
		dep := ""
		if in.Deprecated {
			dep = in.DeprecationMessage
			if dep == "" {
				dep = "deprecated"
			}
		}
		s.inputs[strings.ToLower(id)] = &input{name: in.Name, required: in.Required, deprecated: dep}
	}
	// A later release of the latest major may have added inputs, or made one optional:
	// what the action declares today is accepted too. An older major is what the table
	// says: the action's default branch moved on from it (setup-node@v4 never had v5's
	// package-manager-cache).
	now := actiondata.Lookup(strings.ToLower(name))
	latest := major == latestMajor(strings.ToLower(name))
	s.dated = now == nil && latest
	if now != nil && latest {
		for id, in := range now.Inputs {
			if _, ok := s.inputs[id]; !ok {
				s.inputs[id] = &input{name: in.Name}
			}
		}
		for id, in := range s.inputs {
			if cur, ok := now.Inputs[id]; in.required && (!ok || !cur.Required) {
				in.required = false
			}
		}
	}
	return s
}

// latestMajor is the newest major version of an action (owner/repo[/path], lower case)
// that actionlint's table knows, such as "v6".
func latestMajor(name string) string {
	return latestMajors()[name]
}

var latestMajors = sync.OnceValue(func() map[string]string {
	best := map[string]int{}
	out := map[string]string{}
	for key := range actionlint.PopularActions {
		n, ref, ok := strings.Cut(key, "@")
		if !ok {
			continue
		}
		n = strings.ToLower(n)
		if v, err := strconv.Atoi(strings.TrimPrefix(ref, "v")); err == nil {
			if cur, seen := best[n]; !seen || v > cur {
				best[n], out[n] = v, ref
			}
		}
	}
	return out
})

// localActionSpec reads a local action's action.yml (or action.yaml) from the
// repository.
func localActionSpec(repo analyzer.Repository, uses string) *spec {
	if repo == nil {
		return nil
	}
	f, err := analyzer.LoadLocalAction(repo, uses)
	if err != nil || f.Action == nil || f.Action.Node == nil {
		return nil
	}
	s := &spec{what: uses, inputs: map[string]*input{}}
	for _, e := range f.Action.Inputs {
		m := analyzer.MappingOf(e.Value)
		req, _ := analyzer.ScalarValue(m.Get("required").Value)
		dep, _ := analyzer.ScalarValue(m.Get("deprecationMessage").Value)
		s.inputs[strings.ToLower(e.Key.Value)] = &input{
			name:       e.Key.Value,
			required:   isTrue(req) && m.Get("default").Value == nil,
			deprecated: strings.TrimSpace(dep),
		}
	}
	return s
}

func isTrue(v string) bool {
	switch strings.TrimSpace(v) {
	case "true", "True", "TRUE":
		return true
	}
	return false
}

// checkWith compares a call's with: with what the callee accepts.
func checkWith(p *analyzer.Pass, s *spec, with analyzer.Mapping, at *yaml.Node, kind string) {
	given := map[string]bool{}
	for _, e := range with {
		name := strings.ToLower(e.Key.Value)
		given[name] = true
		in, ok := s.inputs[name]
		if !ok {
			// a misspelt required input is one mistake: the finding names the input
			if c := analyzer.Closest(e.Key.Value, s.names()); c != "" {
				given[strings.ToLower(c)] = true
			}
		}
		switch {
		case !ok:
			d := analyzer.Diagnostic{
				Range:    p.File.Range(e.Key),
				Severity: analyzer.Error,
				Message: fmt.Sprintf("%s %s has no input %q, so the value is ignored%s",
					kind, s.what, e.Key.Value, suggestion(e.Key.Value, s.names())),
			}
			if s.dated {
				d.Confidence = analyzer.Low // a later release of this major may have added it
			}
			p.Report(d)
		case in.deprecated != "":
			p.Report(analyzer.Diagnostic{
				Range:    p.File.Range(e.Key),
				Severity: analyzer.Note,
				Message:  fmt.Sprintf("input %q of %s is deprecated: %s", e.Key.Value, s.what, strings.TrimSuffix(in.deprecated, ".")),
			})
		}
	}
	var missing []string
	for name, in := range s.inputs {
		if in.required && !given[name] {
			missing = append(missing, in.name)
		}
	}
	if len(missing) == 0 || kind != "action" {
		return
	}
	slices.Sort(missing)
	msg := fmt.Sprintf("%s needs the input %s, which has no default, and this step does not give it", s.what, quoteAll(missing))
	if len(missing) > 1 {
		msg = fmt.Sprintf("%s needs the inputs %s, which have no default, and this step does not give them", s.what, quoteAll(missing))
	}
	p.Report(analyzer.Diagnostic{
		Range:    p.File.Range(at),
		Severity: analyzer.Warning, // the runner does not enforce it; the action usually fails
		Message:  msg,
	})
}

func suggestion(name string, candidates []string) string {
	if s := analyzer.Closest(name, candidates); s != "" {
		return analyzer.Suggest(s)
	}
	if len(candidates) > 0 && len(candidates) <= 12 {
		return "; its inputs are " + quoteAll(candidates)
	}
	return ""
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
