package analyzer

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// The model is a typed view of the YAML tree. It copies nothing: every field is the
// *yaml.Node the value was read from (aliases already resolved to the anchored node), so
// File.Range gives the exact place of any part of it, and the raw node is there for
// whatever the model does not name. A field is nil when the key is absent. The model does
// not judge: a value of the wrong shape is kept as it is for the schema rules to report.

// Entry is one key/value pair of a mapping.
type Entry struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// Mapping is the entries of a YAML mapping in file order.
type Mapping []Entry

// Get returns the entry whose key is name (case-sensitive), or a zero Entry.
func (m Mapping) Get(name string) Entry {
	for _, e := range m {
		if e.Key.Value == name {
			return e
		}
	}
	return Entry{}
}

// Workflow is a workflow file.
type Workflow struct {
	Node        *yaml.Node // the top-level mapping
	Name        *yaml.Node
	RunName     *yaml.Node
	On          *On
	Env         Mapping
	EnvNode     *yaml.Node
	Permissions *yaml.Node
	Defaults    *yaml.Node
	Concurrency *yaml.Node
	CacheMode   *yaml.Node
	JobsNode    *yaml.Node
	Jobs        []*Job // in file order
}

// Job returns the job whose id is id, comparing case-insensitively as GitHub does.
func (w *Workflow) Job(id string) *Job {
	for _, j := range w.Jobs {
		if strings.EqualFold(j.ID.Value, id) {
			return j
		}
	}
	return nil
}

// On is the "on:" section: the events that trigger the workflow.
type On struct {
	Node   *yaml.Node
	Events []*Event
}

// Event is one trigger with its configuration.
type Event struct {
	Name  *yaml.Node // the event name: a mapping key or a list item
	Node  *yaml.Node // its configuration; nil in the short forms
	Types *yaml.Node
	// Filters holds branches, branches-ignore, tags, tags-ignore, paths, paths-ignore,
	// workflows, names and versions by key.
	Filters  map[string]Entry
	Inputs   Mapping // workflow_dispatch and workflow_call inputs
	Outputs  Mapping // workflow_call outputs
	Secrets  Mapping // workflow_call secrets
	Schedule []*yaml.Node
}

// Job is one entry of "jobs:".
type Job struct {
	ID              *yaml.Node // the key
	Node            *yaml.Node // the job's mapping
	Name            *yaml.Node
	NeedsNode       *yaml.Node
	Needs           []*yaml.Node // the entries of needs, a single string included
	If              *yaml.Node
	RunsOn          *yaml.Node
	Permissions     *yaml.Node
	Environment     *yaml.Node
	Concurrency     *yaml.Node
	Outputs         Mapping
	Env             Mapping
	EnvNode         *yaml.Node
	Defaults        *yaml.Node
	Strategy        *yaml.Node
	Matrix          *yaml.Node
	Container       *yaml.Node
	Services        Mapping
	TimeoutMinutes  *yaml.Node
	ContinueOnError *yaml.Node
	Snapshot        *yaml.Node
	CacheMode       *yaml.Node
	StepsNode       *yaml.Node
	Steps           []*Step
	// A job that calls a reusable workflow has Uses, With and Secrets instead of steps.
	Uses    *yaml.Node
	With    Mapping
	Secrets *yaml.Node // a mapping, or the string "inherit"
}

// StepKind is the form of a step.
type StepKind int

const (
	StepUnknown  StepKind = iota // none of the forms below, or more than one
	StepRun                      // run:
	StepUses                     // uses:
	StepWait                     // wait: (parallel steps, 2026)
	StepWaitAll                  // wait-all:
	StepCancel                   // cancel:
	StepParallel                 // parallel: a group of run and uses steps
)

// Step is one entry of a job's (or a composite action's) steps.
type Step struct {
	Node             *yaml.Node
	Kind             StepKind
	Index            int   // position in its list, from 0
	Parent           *Step // the parallel group that holds this step, if any
	ID               *yaml.Node
	Name             *yaml.Node
	If               *yaml.Node
	Uses             *yaml.Node
	Run              *yaml.Node
	Shell            *yaml.Node
	WorkingDirectory *yaml.Node
	With             Mapping
	Env              Mapping
	EnvNode          *yaml.Node
	ContinueOnError  *yaml.Node
	TimeoutMinutes   *yaml.Node
	Background       *yaml.Node
	Wait             []*yaml.Node // ids named by wait:
	WaitAll          *yaml.Node
	Cancel           *yaml.Node
	Parallel         []*Step
}

// Action is action metadata (action.yml).
type Action struct {
	Node        *yaml.Node
	Name        *yaml.Node
	Author      *yaml.Node
	Description *yaml.Node
	Inputs      Mapping
	Outputs     Mapping
	Runs        *ActionRuns
	Branding    *yaml.Node
}

// ActionRuns is the "runs:" section of action metadata.
type ActionRuns struct {
	Node  *yaml.Node
	Using *yaml.Node
	Main  *yaml.Node
	Pre   *yaml.Node
	Post  *yaml.Node
	Image *yaml.Node
	Env   Mapping
	Steps []*Step // composite actions
}

// resolve follows an alias to the node it names. Cycles were refused by the loader.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// MappingOf returns the entries of n when it is a mapping, aliases resolved; nil otherwise.
func MappingOf(n *yaml.Node) Mapping { return mappingOf(n) }

// mappingOf returns the entries of n when it is a mapping, aliases resolved.
func mappingOf(n *yaml.Node) Mapping {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := make(Mapping, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		m = append(m, Entry{Key: Resolve(n.Content[i]), Value: Resolve(n.Content[i+1])})
	}
	return m
}

// ListOf returns the items of a sequence (aliases resolved), or n itself when it is a
// single scalar that is not null.
func ListOf(n *yaml.Node) []*yaml.Node { return listOf(n) }

// listOf returns the items of a sequence, or n itself when it is a single scalar.
func listOf(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		items := make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			items[i] = Resolve(c)
		}
		return items
	case n.Kind == yaml.ScalarNode && n.Tag != "!!null":
		return []*yaml.Node{n}
	}
	return nil
}

// IsNull reports whether n is absent or an explicit or empty null.
func IsNull(n *yaml.Node) bool { return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func buildWorkflow(root *yaml.Node) *Workflow {
	w := &Workflow{Node: root}
	for _, e := range mappingOf(root) {
		switch e.Key.Value {
		case "name":
			w.Name = e.Value
		case "run-name":
			w.RunName = e.Value
		case "on":
			w.On = buildOn(e.Value)
		case "env":
			w.EnvNode, w.Env = e.Value, mappingOf(e.Value)
		case "permissions":
			w.Permissions = e.Value
		case "defaults":
			w.Defaults = e.Value
		case "concurrency":
			w.Concurrency = e.Value
		case "cache-mode":
			w.CacheMode = e.Value
		case "jobs":
			w.JobsNode = e.Value
			for _, je := range mappingOf(e.Value) {
				w.Jobs = append(w.Jobs, buildJob(je))
			}
		}
	}
	return w
}

func buildOn(n *yaml.Node) *On {
	on := &On{Node: n}
	switch n.Kind {
	case yaml.ScalarNode, yaml.SequenceNode: // on: push / on: [push, pull_request]
		for _, name := range listOf(n) {
			on.Events = append(on.Events, &Event{Name: name})
		}
	case yaml.MappingNode:
		for _, e := range mappingOf(n) {
			on.Events = append(on.Events, buildEvent(e))
		}
	}
	return on
}

func buildEvent(e Entry) *Event {
	ev := &Event{Name: e.Key}
	if IsNull(e.Value) {
		return ev
	}
	ev.Node = e.Value
	if e.Key.Value == "schedule" {
		ev.Schedule = listOf(e.Value)
		return ev
	}
	for _, f := range mappingOf(e.Value) {
		switch f.Key.Value {
		case "types":
			ev.Types = f.Value
		case "inputs":
			ev.Inputs = mappingOf(f.Value)
		case "outputs":
			ev.Outputs = mappingOf(f.Value)
		case "secrets":
			ev.Secrets = mappingOf(f.Value)
		default:
			if ev.Filters == nil {
				ev.Filters = make(map[string]Entry)
			}
			ev.Filters[f.Key.Value] = f
		}
	}
	return ev
}

func buildJob(e Entry) *Job {
	j := &Job{ID: e.Key, Node: e.Value}
	for _, f := range mappingOf(e.Value) {
		v := f.Value
		switch f.Key.Value {
		case "name":
			j.Name = v
		case "needs":
			j.NeedsNode, j.Needs = v, listOf(v)
		case "if":
			j.If = v
		case "runs-on":
			j.RunsOn = v
		case "permissions":
			j.Permissions = v
		case "environment":
			j.Environment = v
		case "concurrency":
			j.Concurrency = v
		case "outputs":
			j.Outputs = mappingOf(v)
		case "env":
			j.EnvNode, j.Env = v, mappingOf(v)
		case "defaults":
			j.Defaults = v
		case "strategy":
			j.Strategy = v
			j.Matrix = mappingOf(v).Get("matrix").Value
		case "container":
			j.Container = v
		case "services":
			j.Services = mappingOf(v)
		case "timeout-minutes":
			j.TimeoutMinutes = v
		case "continue-on-error":
			j.ContinueOnError = v
		case "snapshot":
			j.Snapshot = v
		case "cache-mode":
			j.CacheMode = v
		case "steps":
			j.StepsNode, j.Steps = v, buildSteps(v, nil)
		case "uses":
			j.Uses = v
		case "with":
			j.With = mappingOf(v)
		case "secrets":
			j.Secrets = v
		}
	}
	return j
}

func buildSteps(n *yaml.Node, parent *Step) []*Step {
	if n = Resolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	items := listOf(n)
	steps := make([]*Step, 0, len(items))
	for i, item := range items {
		steps = append(steps, buildStep(item, i, parent))
	}
	return steps
}

func buildStep(n *yaml.Node, index int, parent *Step) *Step {
	s := &Step{Node: n, Index: index, Parent: parent}
	forms := 0
	for _, e := range mappingOf(n) {
		v := e.Value
		switch e.Key.Value {
		case "id":
			s.ID = v
		case "name":
			s.Name = v
		case "if":
			s.If = v
		case "uses":
			s.Uses, s.Kind = v, StepUses
			forms++
		case "run":
			s.Run, s.Kind = v, StepRun
			forms++
		case "shell":
			s.Shell = v
		case "working-directory":
			s.WorkingDirectory = v
		case "with":
			s.With = mappingOf(v)
		case "env":
			s.EnvNode, s.Env = v, mappingOf(v)
		case "continue-on-error":
			s.ContinueOnError = v
		case "timeout-minutes":
			s.TimeoutMinutes = v
		case "background":
			s.Background = v
		case "wait":
			s.Wait, s.Kind = listOf(v), StepWait
			forms++
		case "wait-all":
			s.WaitAll, s.Kind = v, StepWaitAll
			forms++
		case "cancel":
			s.Cancel, s.Kind = v, StepCancel
			forms++
		case "parallel":
			s.Kind = StepParallel
			s.Parallel = buildSteps(v, s)
			forms++
		}
	}
	if forms != 1 {
		s.Kind = StepUnknown
	}
	return s
}

func buildAction(root *yaml.Node) *Action {
	a := &Action{Node: root}
	for _, e := range mappingOf(root) {
		switch e.Key.Value {
		case "name":
			a.Name = e.Value
		case "author":
			a.Author = e.Value
		case "description":
			a.Description = e.Value
		case "inputs":
			a.Inputs = mappingOf(e.Value)
		case "outputs":
			a.Outputs = mappingOf(e.Value)
		case "branding":
			a.Branding = e.Value
		case "runs":
			r := &ActionRuns{Node: e.Value}
			for _, f := range mappingOf(e.Value) {
				switch f.Key.Value {
				case "using":
					r.Using = f.Value
				case "main":
					r.Main = f.Value
				case "pre":
					r.Pre = f.Value
				case "post":
					r.Post = f.Value
				case "image":
					r.Image = f.Value
				case "env":
					r.Env = mappingOf(f.Value)
				case "steps":
					r.Steps = buildSteps(f.Value, nil)
				}
			}
			a.Runs = r
		}
	}
	return a
}

// FilterKeys are the keys of an event's branch, tag and path filters.
var FilterKeys = map[string]bool{
	"branches": true, "branches-ignore": true, "tags": true, "tags-ignore": true,
	"paths": true, "paths-ignore": true,
}

// EachStep calls fn on every step of the file: each job's steps and a composite
// action's, with the steps of parallel groups, in file order. job is nil for an
// action's steps.
func (f *File) EachStep(fn func(job *Job, st *Step)) {
	var walk func(j *Job, steps []*Step)
	walk = func(j *Job, steps []*Step) {
		for _, st := range steps {
			fn(j, st)
			walk(j, st.Parallel)
		}
	}
	if wf := f.Workflow; wf != nil {
		for _, j := range wf.Jobs {
			walk(j, j.Steps)
		}
	}
	if a := f.Action; a != nil && a.Runs != nil {
		walk(nil, a.Runs.Steps)
	}
}
