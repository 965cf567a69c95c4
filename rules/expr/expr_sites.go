package expr

import (
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// Sites: every scalar of a file that GitHub reads, with the availability key that says
// which contexts and functions may be used in it. Keys follow actionlint's table
// (actionlint.WorkflowKeyAvailability, generated from GitHub's documentation); a key
// that is not in the table is one GitHub does not evaluate, where "${{" is refused.

// A key that starts with "-" is one where GitHub allows no context; the rest of it is the
// YAML key, for messages.

func (s *fileScope) addSite(n *yaml.Node, key string, js *jobScope, st *stepScope, cond bool) {
	n = analyzer.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || analyzer.IsNull(n) {
		return
	}
	if !cond && !strings.Contains(n.Value, "${{") {
		return
	}
	si := &site{node: n, key: key, cond: cond, job: js, step: st, scope: s}
	switch {
	case s.action != nil:
		si.contexts, si.funcs = actionAvailability(key)
	case !strings.HasPrefix(key, "-"):
		si.contexts, si.funcs = workflowAvailability(key)
	}
	s.sites = append(s.sites, si)
}

// availability is what a key allows: its contexts and special functions.
type availability struct{ contexts, funcs []string }

// availabilities caches actionlint.WorkflowKeyAvailability, which builds its lists on
// every call; the keys are the few the model knows, the lists read-only.
var availabilities sync.Map // key -> availability

func workflowAvailability(key string) (contexts, funcs []string) {
	if v, ok := availabilities.Load(key); ok {
		a := v.(availability)
		return a.contexts, a.funcs
	}
	contexts, funcs = actionlint.WorkflowKeyAvailability(key)
	availabilities.Store(key, availability{contexts, funcs})
	return contexts, funcs
}

// addTree adds every scalar under n, keys included, as sites with the same key.
func (s *fileScope) addTree(n *yaml.Node, key string, js *jobScope, st *stepScope) {
	if r := analyzer.Resolve(n); r != nil && r.Kind == yaml.ScalarNode {
		s.addSite(r, key, js, st, false)
		if last := len(s.sites) - 1; last >= 0 && s.sites[last].node == r {
			s.sites[last].whole = true
		}
		return
	}
	seen := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		n = analyzer.Resolve(n)
		if n == nil || seen > 100000 {
			return
		}
		seen++
		if n.Kind == yaml.ScalarNode {
			s.addSite(n, key, js, st, false)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
}

// actionAvailability is the table for action metadata, from GitHub's action schema.
func actionAvailability(key string) ([]string, []string) {
	steps := []string{"env", "github", "inputs", "job", "matrix", "runner", "steps", "strategy"}
	switch key {
	case "runs.steps.if":
		return steps, []string{"always", "cancelled", "failure", "hashfiles", "success"}
	case "runs.steps":
		return steps, []string{"hashfiles"}
	case "outputs.<output_id>.value":
		return steps, nil
	case "inputs.<input_id>.default":
		return []string{"github", "job", "matrix", "runner", "strategy"}, []string{"hashfiles"}
	case "runs.if":
		return []string{"env", "github", "inputs", "job", "matrix", "runner", "strategy"}, []string{"always", "cancelled", "failure", "hashfiles", "success"}
	case "runs.docker":
		return []string{"inputs"}, nil
	}
	return nil, nil
}

// collectSites enumerates the sites of the file.
func (s *fileScope) collectSites() {
	if s.action != nil {
		s.collectActionSites()
		return
	}
	wf := s.wf
	for _, e := range analyzer.MappingOf(wf.Node) {
		switch e.Key.Value {
		case "run-name", "concurrency", "env":
			s.addTree(e.Value, e.Key.Value, nil, nil)
		case "jobs", "cache-mode": // cache-mode: whether GitHub evaluates expressions there is not known
		case "on":
			s.collectOnSites(e.Value)
		default: // name, permissions, defaults, description
			s.addTree(e.Value, "-"+e.Key.Value, nil, nil)
		}
	}
	for _, js := range s.jobList {
		s.collectJobSites(js)
	}
}

func (s *fileScope) collectOnSites(on *yaml.Node) {
	for _, ev := range analyzer.MappingOf(on) {
		for _, f := range analyzer.MappingOf(ev.Value) {
			switch {
			case ev.Key.Value == "workflow_call" && f.Key.Value == "inputs":
				s.addDefinitions(f.Value, "default", "on.workflow_call.inputs.<inputs_id>.default", "-on", nil)
			case ev.Key.Value == "workflow_call" && f.Key.Value == "outputs":
				s.addDefinitions(f.Value, "value", "on.workflow_call.outputs.<output_id>.value", "-on", nil)
			case analyzer.FilterKeys[f.Key.Value]:
				// filter-unexpanded reports "${{ }}" in branch, tag and path filters
			default:
				s.addTree(f.Value, "-on", nil, nil)
			}
		}
	}
	if n := analyzer.Resolve(on); n != nil && n.Kind != yaml.MappingNode {
		s.addTree(n, "-on", nil, nil)
	}
}

// addDefinitions adds the fields of each input or output definition under defs: the
// field that GitHub evaluates (default, value) with key, the others with other (or, when
// other is empty, as keys GitHub does not evaluate, named after themselves).
func (s *fileScope) addDefinitions(defs *yaml.Node, field, key, other string, js *jobScope) {
	for _, def := range analyzer.MappingOf(defs) {
		for _, p := range analyzer.MappingOf(def.Value) {
			k := other
			if k == "" {
				k = "-" + p.Key.Value
			}
			if p.Key.Value == field {
				k = key
			}
			s.addTree(p.Value, k, js, nil)
		}
	}
}

// jobKeys names the availability key of a job key whose whole value has one.
var jobKeys = map[string]string{
	"name": "name", "runs-on": "runs-on", "concurrency": "concurrency", "strategy": "strategy",
	"timeout-minutes": "timeout-minutes", "cancel-timeout-minutes": "timeout-minutes",
	"continue-on-error": "continue-on-error", "env": "env", "defaults": "defaults.run",
	"with": "with.<with_id>", "secrets": "secrets.<secrets_id>",
}

func (s *fileScope) collectJobSites(js *jobScope) {
	const j = "jobs.<job_id>."
	for _, e := range analyzer.MappingOf(js.job.Node) {
		v := e.Value
		switch k := e.Key.Value; k {
		case "if":
			s.addSite(v, j+"if", js, nil, true)
		case "name", "runs-on", "concurrency", "strategy", "timeout-minutes", "continue-on-error",
			"cancel-timeout-minutes", "env", "defaults", "with", "secrets":
			s.addTree(v, j+jobKeys[k], js, nil)
		case "environment":
			if analyzer.Resolve(v).Kind == yaml.MappingNode {
				for _, p := range analyzer.MappingOf(v) {
					key := j + "environment"
					if p.Key.Value == "url" {
						key = j + "environment.url"
					}
					s.addTree(p.Value, key, js, nil)
				}
			} else {
				s.addTree(v, j+"environment", js, nil)
			}
		case "outputs":
			for _, o := range analyzer.MappingOf(v) {
				s.addTree(o.Value, j+"outputs.<output_id>", js, nil)
			}
			if analyzer.Resolve(v).Kind == yaml.ScalarNode {
				s.addTree(v, j+"outputs.<output_id>", js, nil)
			}
		case "container":
			s.collectContainer(v, j+"container", j+"container", js)
		case "services":
			for _, svc := range analyzer.MappingOf(v) {
				s.collectContainer(svc.Value, j+"services", j+"services.<service_id>", js)
			}
			if analyzer.Resolve(v).Kind == yaml.ScalarNode {
				s.addTree(v, j+"services", js, nil)
			}
		case "snapshot":
			for _, p := range analyzer.MappingOf(v) {
				if p.Key.Value == "if" {
					s.addTree(p.Value, j+"snapshot.if", js, nil)
				}
			}
		case "steps":
			for _, st := range js.steps {
				s.collectStepSites(js, st, j+"steps.")
			}
		case "cache-mode": // whether GitHub evaluates expressions there is not known
		case "uses": // invalid-uses reports "${{ }}" in uses
		default: // needs, permissions
			s.addTree(v, "-"+k, js, nil)
		}
	}
}

func (s *fileScope) collectContainer(c *yaml.Node, key, sub string, js *jobScope) {
	if analyzer.Resolve(c).Kind != yaml.MappingNode {
		s.addTree(c, key, js, nil)
		return
	}
	for _, p := range analyzer.MappingOf(c) {
		switch p.Key.Value {
		case "env":
			for _, e := range analyzer.MappingOf(p.Value) {
				s.addTree(e.Value, sub+".env.<env_id>", js, nil)
			}
		case "credentials":
			s.addTree(p.Value, sub+".credentials", js, nil)
		case "image":
			if key == "jobs.<job_id>.container" {
				s.addTree(p.Value, key+".image", js, nil)
				continue
			}
			s.addTree(p.Value, key, js, nil)
		default:
			s.addTree(p.Value, key, js, nil)
		}
	}
}

func (s *fileScope) collectStepSites(js *jobScope, st *stepScope, prefix string) {
	for _, e := range analyzer.MappingOf(st.step.Node) {
		v := e.Value
		switch k := e.Key.Value; k {
		case "if":
			s.addSite(v, prefix+"if", js, st, true)
		case "name", "run", "with", "env", "working-directory", "continue-on-error", "timeout-minutes":
			if s.action != nil {
				s.addTree(v, "runs.steps", js, st)
				continue
			}
			s.addTree(v, prefix+k, js, st)
		case "shell":
			if s.action != nil {
				s.addTree(v, "runs.steps", js, st)
				continue
			}
			s.addTree(v, "-shell", js, st)
		case "parallel", "uses": // invalid-uses reports "${{ }}" in uses
		default: // id, background, wait, wait-all, cancel
			s.addTree(v, "-"+k, js, st)
		}
	}
}

func (s *fileScope) collectActionSites() {
	a := s.action
	for _, e := range analyzer.MappingOf(a.Node) {
		switch e.Key.Value {
		case "inputs":
			s.addDefinitions(e.Value, "default", "inputs.<input_id>.default", "", nil)
		case "outputs":
			s.addDefinitions(e.Value, "value", "outputs.<output_id>.value", "", s.actionJob())
		case "runs":
			s.collectRunsSites(e.Value)
		default:
			s.addTree(e.Value, "-"+e.Key.Value, nil, nil)
		}
	}
}

func (s *fileScope) actionJob() *jobScope {
	if len(s.jobList) > 0 {
		return s.jobList[0]
	}
	return nil
}

func (s *fileScope) collectRunsSites(runs *yaml.Node) {
	using, _ := analyzer.ScalarValue(analyzer.MappingOf(runs).Get("using").Value)
	for _, p := range analyzer.MappingOf(runs) {
		switch k := p.Key.Value; {
		case k == "steps":
			if js := s.actionJob(); js != nil {
				for _, st := range js.steps {
					s.collectStepSites(js, st, "runs.steps.")
				}
			}
		case k == "pre-if" || k == "post-if":
			s.addSite(p.Value, "runs.if", nil, nil, true)
		case using == "docker" && (k == "env" || k == "args" || k == "entrypoint" || k == "pre-entrypoint" || k == "post-entrypoint"):
			s.addTree(p.Value, "runs.docker", nil, nil)
		default:
			s.addTree(p.Value, "-"+k, nil, nil)
		}
	}
}
