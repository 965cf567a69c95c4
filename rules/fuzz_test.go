package rules_test

import (
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/rules"
)

// FuzzRules lints arbitrary input with every rule, as a workflow and as action
// metadata: no rule may fail (internal-error) and every range must lie in the file.
func FuzzRules(f *testing.F) {
	for _, s := range []string{
		"on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: y\n",
		"on: {push: {branches: [a]}}\njobs: {a: {uses: ./x.yml, secrets: inherit}}\n",
		"on: [push]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: s\n        run: y\n        background: true\n      - wait: [s, t]\n      - parallel: [{run: z}, {parallel: []}]\n",
		"on:\n  schedule:\n    - cron: '*/7 1-2 * JAN sun'\njobs: {a: {runs-on: x, steps: [{run: a}]}}\n",
		"name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: a\n",
		"a: &x {b: *x}\n", "jobs: &j {a: *j}\non: push\n", "on: push\njobs:\n  a: &a\n    runs-on: x\n  b: *a\n",
	} {
		f.Add([]byte(s))
	}
	runner := &analyzer.Runner{Rules: rules.All()}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []analyzer.FileKind{analyzer.KindWorkflow, analyzer.KindAction} {
			name := "fuzz.yml"
			if kind == analyzer.KindAction {
				name = "action.yml"
			}
			_, diags := runner.Lint(name, src, kind)
			for _, d := range diags {
				if d.Rule == analyzer.InternalError.ID {
					t.Fatalf("%s: %s", name, d.Message)
				}
				if d.Range.Start.Offset < 0 || d.Range.End.Offset > len(src) || d.Range.End.Offset < d.Range.Start.Offset {
					t.Fatalf("%s: bad range %+v in %d bytes: %s", name, d.Range, len(src), d.Message)
				}
			}
		}
	})
}
