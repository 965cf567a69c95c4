package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
)

const sample = `name: ci
on:
  push:
    branches: [main]
    paths: ['src/**']
  workflow_dispatch:
    inputs:
      level: {type: string}
env: {A: "1"}
jobs:
  build:
    runs-on: [self-hosted, linux]
    needs: lint
    strategy:
      matrix: {go: ["1.25", "1.26"]}
    services:
      db: {image: postgres}
    steps:
      - id: server
        run: ./serve
        background: true
      - parallel:
          - run: make a
          - uses: ./local
      - wait: [server]
      - wait-all:
      - cancel: server
      - name: neither
      - uses: a/b@v1
        run: both
  lint:
    runs-on: ubuntu-latest
    steps: [{run: make lint, shell: bash, working-directory: src}]
  call:
    uses: octo/wf/.github/workflows/x.yml@v1
    with: {a: 1}
    secrets: inherit
`

func TestModel(t *testing.T) {
	f, diags := analyzer.Load(".github/workflows/ci.yml", []byte(sample), analyzer.KindUnknown)
	if len(diags) > 0 || f.Workflow == nil {
		t.Fatalf("diags %v", diags)
	}
	w := f.Workflow
	if w.Name.Value != "ci" || len(w.On.Events) != 2 || w.Env.Get("A").Value.Value != "1" || len(w.Jobs) != 3 {
		t.Fatalf("top level: %+v", w)
	}
	push := w.On.Events[0]
	if push.Name.Value != "push" || push.Filters["paths"].Value == nil || push.Filters["branches"].Key.Value != "branches" {
		t.Errorf("push filters: %+v", push.Filters)
	}
	if in := w.On.Events[1].Inputs; len(in) != 1 || in[0].Key.Value != "level" {
		t.Errorf("dispatch inputs: %+v", in)
	}
	build := w.Job("BUILD") // case-insensitive, as GitHub
	if build == nil || len(build.Needs) != 1 || build.Needs[0].Value != "lint" || build.Matrix == nil || build.Services.Get("db").Value == nil {
		t.Fatalf("build: %+v", build)
	}
	kinds := []analyzer.StepKind{analyzer.StepRun, analyzer.StepParallel, analyzer.StepWait, analyzer.StepWaitAll, analyzer.StepCancel, analyzer.StepUnknown, analyzer.StepUnknown}
	if len(build.Steps) != len(kinds) {
		t.Fatalf("%d steps", len(build.Steps))
	}
	for i, k := range kinds {
		if build.Steps[i].Kind != k || build.Steps[i].Index != i {
			t.Errorf("step %d: kind %v index %d, want %v", i, build.Steps[i].Kind, build.Steps[i].Index, k)
		}
	}
	if s := build.Steps[0]; s.ID.Value != "server" || s.Background.Value != "true" {
		t.Errorf("background step: %+v", s)
	}
	par := build.Steps[1]
	if len(par.Parallel) != 2 || par.Parallel[1].Kind != analyzer.StepUses || par.Parallel[1].Parent != par {
		t.Errorf("parallel group: %+v", par.Parallel)
	}
	if build.Steps[2].Wait[0].Value != "server" || build.Steps[4].Cancel.Value != "server" {
		t.Error("wait/cancel targets")
	}
	lint := w.Job("lint").Steps[0]
	if lint.Shell.Value != "bash" || lint.WorkingDirectory.Value != "src" {
		t.Errorf("lint step: %+v", lint)
	}
	call := w.Job("call")
	if call.Uses == nil || call.With.Get("a").Value.Value != "1" || call.Secrets.Value != "inherit" || call.Steps != nil {
		t.Errorf("reusable call: %+v", call)
	}

	a, _ := analyzer.Load("action.yml", []byte("name: x\ninputs: {who: {required: true}}\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n"), analyzer.KindUnknown)
	if a.Kind != analyzer.KindAction || a.Action.Runs.Using.Value != "composite" || len(a.Action.Runs.Steps) != 1 || a.Action.Inputs[0].Key.Value != "who" {
		t.Errorf("action: %+v", a.Action)
	}
}

// A rule that panics becomes an internal-error naming it; the other rules still run.
func TestRulePanic(t *testing.T) {
	boom := &analyzer.Rule{ID: "boom", Severity: analyzer.Error, Run: func(*analyzer.Pass) error { panic("boom") }}
	ok := &analyzer.Rule{ID: "ok", Severity: analyzer.Warning, Run: func(p *analyzer.Pass) error {
		p.Reportf(p.Workflow().Jobs[0].ID, "job %q seen", p.Workflow().Jobs[0].ID.Value)
		return nil
	}}
	rn := &Runner{Rules: []*analyzer.Rule{boom, ok}}
	res := rn.Run([]Input{{Path: "ci.yml", Src: []byte(sample), Fallback: analyzer.KindWorkflow}})
	if len(res.Diagnostics) != 2 || !res.HasInternalError() {
		t.Fatalf("got %+v", res.Diagnostics)
	}
	ie, seen := res.Diagnostics[0], res.Diagnostics[1]
	if ie.Rule != "internal-error" || !strings.Contains(ie.Message, `rule "boom" failed`) || strings.Contains(ie.Message, "\n") {
		t.Errorf("internal error: %+v", ie)
	}
	if seen.Rule != "ok" || seen.Message != `job "build" seen` || seen.Range.Start.Line != 11 || seen.Range.End.Column != 8 {
		t.Errorf("other rule: %+v", seen)
	}
}

// Results do not depend on how many files are linted at once.
func TestRunnerDeterministic(t *testing.T) {
	rule := &analyzer.Rule{ID: "every-job", Severity: analyzer.Note, Run: func(p *analyzer.Pass) error {
		for _, j := range p.Workflow().Jobs {
			p.Reportf(j.ID, "job %s", j.ID.Value)
		}
		return nil
	}}
	var inputs []Input
	for i := range 50 {
		inputs = append(inputs, Input{Path: string(rune('a'+i%26)) + strings.Repeat("x", i) + ".yml", Src: []byte(sample), Fallback: analyzer.KindWorkflow})
	}
	one := (&Runner{Rules: []*analyzer.Rule{rule}, Jobs: 1}).Run(inputs)
	many := (&Runner{Rules: []*analyzer.Rule{rule}, Jobs: 8}).Run(inputs)
	if len(one.Diagnostics) != 150 || len(many.Diagnostics) != 150 {
		t.Fatalf("%d and %d diagnostics", len(one.Diagnostics), len(many.Diagnostics))
	}
	for i := range one.Diagnostics {
		if one.Diagnostics[i].Path != many.Diagnostics[i].Path || one.Diagnostics[i].Range != many.Diagnostics[i].Range {
			t.Fatalf("order differs at %d", i)
		}
	}
	for i := 1; i < len(one.Diagnostics); i++ {
		if one.Diagnostics[i-1].Path > one.Diagnostics[i].Path {
			t.Fatalf("not sorted by path at %d", i)
		}
	}
	// DropText: the same findings, and no file kept for them.
	dropped := (&Runner{Rules: []*analyzer.Rule{rule}, DropText: true}).Run(inputs)
	if len(one.Files) != 50 || len(dropped.Files) != 0 || len(dropped.Diagnostics) != 150 {
		t.Errorf("kept %d and %d files (want 50 and 0), %d findings", len(one.Files), len(dropped.Files), len(dropped.Diagnostics))
	}
}

// A rule that returns an error becomes an internal-error naming it, after what it found.
func TestRuleError(t *testing.T) {
	failing := &analyzer.Rule{ID: "failing", Severity: analyzer.Warning, Run: func(p *analyzer.Pass) error {
		p.Reportf(p.Workflow().Jobs[0].ID, "found before failing")
		return errors.New("cannot read the table\nsecond line")
	}}
	res := (&Runner{Rules: []*analyzer.Rule{failing}}).Run([]Input{{Path: "ci.yml", Src: []byte(sample), Fallback: analyzer.KindWorkflow}})
	if len(res.Diagnostics) != 2 || !res.HasInternalError() {
		t.Fatalf("got %+v", res.Diagnostics)
	}
	ie := res.Diagnostics[0]
	if ie.Message != `rule "failing" failed on this file: cannot read the table; please report it` || ie.Range.Start.Line != 1 {
		t.Errorf("internal error: %+v", ie)
	}
	if res.Diagnostics[1].Message != "found before failing" {
		t.Errorf("the finding before the error was lost: %+v", res.Diagnostics[1])
	}
}

// A rule that reads a shared analysis it does not list in Requires fails, so that the
// declaration cannot drift from the code.
func TestUndeclaredAnalysis(t *testing.T) {
	jobs := &analyzer.Analysis[int]{Name: "job count", Run: func(f *analyzer.File) int { return len(f.Workflow.Jobs) }}
	declared := &analyzer.Rule{ID: "declared", Severity: analyzer.Note, Requires: []analyzer.Requirement{jobs}, Run: func(p *analyzer.Pass) error {
		p.Reportf(p.Workflow().Jobs[0].ID, "%d jobs", jobs.Of(p))
		return nil
	}}
	undeclared := &analyzer.Rule{ID: "undeclared", Severity: analyzer.Note, Run: func(p *analyzer.Pass) error {
		_ = jobs.Of(p)
		return nil
	}}
	res := (&Runner{Rules: []*analyzer.Rule{declared, undeclared}}).Run([]Input{{Path: "ci.yml", Src: []byte(sample), Fallback: analyzer.KindWorkflow}})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Rule+": "+d.Message)
	}
	want := []string{
		`internal-error: rule "undeclared" failed on this file: rule "undeclared" reads the analysis "job count" without listing it in Requires; please report it`,
		"declared: 3 jobs",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
