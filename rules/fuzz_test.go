package rules_test

import (
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
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
		"on: {workflow_dispatch: {inputs: {a: {type: boolean}}}}\nenv: {E: 1}\njobs:\n  a:\n    strategy: {matrix: {x: [1], include: [{y: {z: 1}}]}}\n    outputs: {o: '${{ steps.s.outputs.v }}'}\n    runs-on: ${{ matrix.x }}\n    steps:\n      - id: s\n        run: |\n          echo \"V=1\" >> $GITHUB_ENV\n          echo ${{ env.V == 'a' && fromJSON('[1]')[0] || format('{0}', inputs.a) }}\n      - if: steps.s.outcome != 'x' && ${{ matrix.y.z }}\n        run: \"\\t${{ github.event.commits[*].id }}\"\n  b:\n    needs: a\n    if: needs.a.outputs.o === 1\n    runs-on: x\n    steps: [{run: '${{ needs.a.outputs.p }} ${{ secrets.S }} ${{ vars.V }} ${{'}]\n",
		"name: x\ndescription: y\ninputs: {i: {default: '${{ github.ref }}'}}\noutputs: {o: {value: '${{ steps.a.outputs.b }}'}}\nruns:\n  using: composite\n  steps:\n    - id: a\n      run: echo ${{ inputs.j }}\n      shell: ${{ inputs.i }}\n",
		"a: &x {b: *x}\n", "jobs: &j {a: *j}\non: push\n", "on: push\njobs:\n  a: &a\n    runs-on: x\n  b: *a\n",
		// suppression comments, in every place they can be
		"# wflint: file-ignore[schema] x\non: push # wflint: ignore[bad]\njobs:\n  a:\n    runs-on: ubuntu-lastest  # wflint: ignore[runner-label, x] y\n    steps:\n      # wflint: ignore[]\n      - run: |  # wflint: ignore[expression-syntax] z\n          echo ${{ 1 === 1 }}\n          # wflint: ignore[undefined-env] w\n      - run: \"# wflint: ignore[a] b\"\n# wflint: file-ignore[late] l\n",
	} {
		f.Add([]byte(s))
	}
	var known []string
	for _, r := range rules.All() {
		known = append(known, r.ID)
	}
	runner := &engine.Runner{Rules: rules.All(), FileSteps: []engine.FileStep{engine.Suppress(rules.All(), known), engine.Redact()}}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []analyzer.FileKind{analyzer.KindWorkflow, analyzer.KindAction} {
			// a workflow GitHub runs, so that rules that care about the place run fully
			name := ".github/workflows/fuzz.yml"
			if kind == analyzer.KindAction {
				name = "action.yml"
			}
			_, diags := runner.Lint(engine.Input{Path: name, Fallback: kind}, src)
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
