// Package actiontest runs the repository's composite action (action.yml) the way the
// GitHub Actions runner would, without GitHub: each run step with its env evaluated from
// the inputs, in its working directory, with the runner's files for outputs and the
// step summary.
package actiontest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/testenv"
	"github.com/wflint/wflint/rules"
)

type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID               string            `yaml:"id"`
			If               string            `yaml:"if"`
			With             map[string]string `yaml:"with"`
			Uses             string            `yaml:"uses"`
			Run              string            `yaml:"run"`
			Shell            string            `yaml:"shell"`
			Env              map[string]string `yaml:"env"`
			WorkingDirectory string            `yaml:"working-directory"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// runner holds what stays the same across runs of the action in one test.
type runner struct {
	t       *testing.T
	root    string // this repository: the action's checkout
	temp    string // RUNNER_TEMP
	action  action
	builtOK bool
}

// result is what one run of the action left behind.
type result struct {
	stdout, summary string
	outputs         map[string]string
	steps           map[string]map[string]string // each step's outputs, by id
	failed          bool                         // a step exited non-zero
	uses            map[string]map[string]string // the with: of each uses: step that would run
}

// how is how the action runs beyond its inputs: the ref it is used at ("" for the
// branch "main", built from source once per test) and environment variables for the
// install step (the release server, the tool cache, a PATH without Go).
type how struct {
	ref        string
	installEnv map[string]string
}

var expr = regexp.MustCompile(`\$\{\{\s*([a-z_]+)\.([a-zA-Z0-9_.-]+)\s*\}\}`)

func newRunner(t *testing.T) *runner {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", a.Runs.Using)
	}
	return &runner{t: t, root: root, temp: t.TempDir(), action: a}
}

// run runs the action's steps in workspace with the given inputs (the others default).
func (r *runner) run(workspace string, inputs map[string]string) result {
	return r.runHow(workspace, inputs, how{})
}

func (r *runner) runHow(workspace string, inputs map[string]string, h how) result {
	t := r.t
	t.Helper()
	for k := range inputs {
		if _, ok := r.action.Inputs[k]; !ok {
			t.Fatalf("the action has no input %q", k)
		}
	}
	input := func(k string) string {
		if v, ok := inputs[k]; ok {
			return v
		}
		return r.action.Inputs[k].Default
	}
	steps := map[string]map[string]string{}
	eval := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string {
			g := expr.FindStringSubmatch(m)
			switch g[1] {
			case "inputs":
				if _, ok := r.action.Inputs[g[2]]; !ok {
					t.Fatalf("%s names an undeclared input", m)
				}
				return input(g[2])
			case "github":
				switch g[2] {
				case "action_path":
					return r.root
				case "action_ref":
					if h.ref != "" {
						return h.ref
					}
					return "main"
				}
			case "steps":
				id, out, _ := strings.Cut(g[2], ".outputs.")
				return steps[id][out]
			}
			t.Fatalf("the test does not know %s", m)
			return ""
		})
	}
	res := result{steps: steps, uses: map[string]map[string]string{}}
	var stdout bytes.Buffer
	summaryFile := filepath.Join(r.temp, "step_summary.md")
	os.WriteFile(summaryFile, nil, 0o644)
	for i, st := range r.action.Runs.Steps {
		if st.If != "" && !evalIf(t, st.If, input, steps, res.failed) {
			continue
		}
		if st.Uses != "" { // github/codeql-action/upload-sarif: recorded, not run
			with := map[string]string{}
			for k, v := range st.With {
				with[k] = eval(v)
			}
			res.uses[st.Uses] = with
			continue
		}
		if res.failed {
			break // a failed step ends the run, but for always() steps
		}
		if st.Run == "" || st.Shell != "bash" {
			t.Fatalf("step %d: want a bash run step", i)
		}
		if strings.Contains(st.Run, "${{") {
			t.Fatalf("step %d: an expression in run: would splice input text into the script", i)
		}
		if st.ID == "install" && r.builtOK && h.ref == "" {
			continue // built from source once per test
		}
		outFile := filepath.Join(r.temp, "output")
		os.WriteFile(outFile, nil, 0o644)
		script := filepath.Join(r.temp, "step.sh")
		os.WriteFile(script, []byte(st.Run), 0o644)
		// the runner runs a bash step as: bash --noprofile --norc -eo pipefail {0}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = workspace
		if wd := eval(st.WorkingDirectory); wd != "" {
			cmd.Dir = filepath.Join(workspace, wd)
		}
		cmd.Env = append(os.Environ(),
			"GITHUB_ACTIONS=true",
			"GITHUB_ACTION_PATH="+r.root,
			"GITHUB_WORKSPACE="+workspace,
			"RUNNER_TEMP="+r.temp,
			"GITHUB_OUTPUT="+outFile,
			"GITHUB_STEP_SUMMARY="+summaryFile,
		)
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+eval(v))
		}
		if st.ID == "install" {
			for k, v := range h.installEnv {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		cmd.Stdout = &stdout
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if st.ID == "install" && h.ref == "" {
			if err != nil {
				t.Fatalf("install step: %v\n%s%s", err, stdout.String(), stderr.String())
			}
			r.builtOK = true
			stdout.Reset()
			continue
		}
		if stderr.Len() > 0 {
			t.Logf("step %d stderr: %s", i, stderr.String())
		}
		outs := map[string]string{}
		data, _ := os.ReadFile(outFile)
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), "="); ok {
				outs[k] = v
			}
		}
		steps[st.ID] = outs
		if err != nil {
			res.failed = true
		}
	}
	res.outputs = map[string]string{}
	for k, o := range r.action.Outputs {
		res.outputs[k] = eval(o.Value)
	}
	res.stdout = stdout.String()
	data, _ := os.ReadFile(summaryFile)
	res.summary = string(data)
	return res
}

// evalIf evaluates the step conditions the action uses: always(), and comparisons of an
// input or a step output with a quoted string, joined by &&. Anything else fails the test.
// Without always(), a step runs only while no step before it failed.
func evalIf(t *testing.T, cond string, input func(string) string, steps map[string]map[string]string, failed bool) bool {
	t.Helper()
	always := false
	ok := true
	for _, part := range strings.Split(cond, "&&") {
		part = strings.TrimSpace(part)
		if part == "always()" {
			always = true
			continue
		}
		m := regexp.MustCompile(`^([a-z]+)\.([a-zA-Z0-9_.-]+) (==|!=) '([^']*)'$`).FindStringSubmatch(part)
		if m == nil {
			t.Fatalf("the test cannot evaluate the condition %q", part)
		}
		var v string
		switch m[1] {
		case "inputs":
			v = input(m[2])
		case "steps":
			id, out, _ := strings.Cut(m[2], ".outputs.")
			v = steps[id][out]
		default:
			t.Fatalf("the test cannot evaluate %q", part)
		}
		ok = ok && (v == m[4]) == (m[3] == "==")
	}
	return ok && (always || !failed)
}

// repo makes a repository with the given files.
func repo(t *testing.T, files map[string]string) string { return testenv.Repo(t, files) }

const bad = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    needs: [tset]
    steps:
      - uses: actions/checkout@v4
`

const warnOnly = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/setup-tool@v5
`

const clean = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
`

func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wflint")
	}
	r := newRunner(t)

	t.Run("findings", func(t *testing.T) {
		ws := repo(t, map[string]string{".github/workflows/ci.yml": bad})
		res := r.run(ws, nil)
		if !res.failed || res.outputs["exit-code"] != "1" {
			t.Errorf("exit-code = %q, failed = %v; want 1 and a failed step", res.outputs["exit-code"], res.failed)
		}
		if !strings.Contains(res.stdout, "::error file=.github/workflows/ci.yml,line=6,endLine=6,col=13,endColumn=16,title=needs-unknown-job::") {
			t.Errorf("no annotation for the unknown job:\n%s", res.stdout)
		}
		sarif := res.outputs["sarif-file"]
		if sarif != filepath.Join(r.temp, "wflint-action", "wflint.sarif") {
			t.Errorf("sarif-file = %q; want it under RUNNER_TEMP", sarif)
		}
		if _, err := os.Stat(filepath.Join(ws, "wflint.sarif")); err == nil {
			t.Error("the report was written into the workspace")
		}
		if len(res.uses) != 0 {
			t.Errorf("uploaded without upload-sarif: %v", res.uses)
		}
		var log struct{ Runs []struct{ Results []any } }
		data, err := os.ReadFile(sarif)
		if err != nil || json.Unmarshal(data, &log) != nil || len(log.Runs) != 1 {
			t.Fatalf("no SARIF report at %s: %v", sarif, err)
		}
		if n := len(log.Runs[0].Results); res.outputs["findings"] != itoa(n) || n != want(t, ws) {
			t.Errorf("findings = %q, SARIF has %d, wflint finds %d", res.outputs["findings"], n, want(t, ws))
		}
		if !strings.HasPrefix(res.summary, "### wflint: ") || !strings.Contains(res.summary, "needs-unknown-job") {
			t.Errorf("step summary:\n%s", res.summary)
		}
	})

	t.Run("warnings only: the default profile passes, fail-on warning fails", func(t *testing.T) {
		ws := repo(t, map[string]string{".github/workflows/ci.yml": warnOnly})
		res := r.run(ws, nil)
		if res.failed || res.outputs["exit-code"] != "0" || res.outputs["findings"] == "0" {
			t.Errorf("failed = %v, outputs = %v; want a passing step that still counts the warnings", res.failed, res.outputs)
		}
		if !strings.Contains(res.stdout, "::warning file=.github/workflows/ci.yml,") {
			t.Errorf("no warning annotation:\n%s", res.stdout)
		}
		res = r.run(ws, map[string]string{"fail-on": "warning"})
		if !res.failed || res.outputs["exit-code"] != "1" {
			t.Errorf("fail-on warning: failed = %v, outputs = %v; want a failed step", res.failed, res.outputs)
		}
	})

	t.Run("clean", func(t *testing.T) {
		ws := repo(t, map[string]string{".github/workflows/ci.yml": clean})
		res := r.run(ws, nil)
		if res.failed || res.outputs["exit-code"] != "0" || res.outputs["findings"] != "0" {
			t.Errorf("failed = %v, outputs = %v", res.failed, res.outputs)
		}
		if !strings.Contains(res.summary, "no findings") {
			t.Errorf("summary: %q", res.summary)
		}
	})

	t.Run("everything off, in a subdirectory, with paths", func(t *testing.T) {
		ws := repo(t, map[string]string{"sub/.github/workflows/ci.yml": bad, "sub/other.yml": clean})
		res := r.run(ws, map[string]string{
			"working-directory": "sub", "paths": ".github/workflows/ci.yml\n  other.yml",
			"annotations": "false", "step-summary": "false", "sarif-file": "none",
		})
		if res.outputs["sarif-file"] != "" || res.summary != "" {
			t.Errorf("sarif-file = %q, summary = %q; want neither", res.outputs["sarif-file"], res.summary)
		}
		// text output; paths as given, relative to the working directory
		if !strings.Contains(res.stdout, ".github/workflows/ci.yml:6:13: error: ") || strings.Contains(res.stdout, "::error") {
			t.Errorf("want text output:\n%s", res.stdout)
		}
		if !strings.Contains(res.stdout, "2 files linted") {
			t.Errorf("both paths should be linted:\n%s", res.stdout)
		}
	})

	t.Run("annotations are relative to the repository root", func(t *testing.T) {
		ws := repo(t, map[string]string{"sub/.github/workflows/ci.yml": bad})
		res := r.run(ws, map[string]string{"working-directory": "sub", "paths": ".github/workflows/ci.yml"})
		if !strings.Contains(res.stdout, "::error file=sub/.github/workflows/ci.yml,") {
			t.Errorf("annotation path:\n%s", res.stdout)
		}
	})

	t.Run("inputs are data, not code", func(t *testing.T) {
		ws := repo(t, map[string]string{".github/workflows/ci.yml": clean})
		marker := filepath.Join(ws, "pwned")
		res := r.run(ws, map[string]string{"paths": "$(touch " + marker + ")", "args": "`touch " + marker + "`"})
		if _, err := os.Stat(marker); err == nil {
			t.Fatal("an input ran as a command")
		}
		if res.outputs["exit-code"] != "2" && res.outputs["exit-code"] != "3" {
			t.Errorf("exit-code = %q; want a usage or read error for the odd arguments", res.outputs["exit-code"])
		}
	})

	t.Run("config", func(t *testing.T) {
		ws := repo(t, map[string]string{
			".github/workflows/ci.yml": warnOnly,
			"lint/wflint.yaml":         "version: 1\nrules:\n  unpinned-uses: off\n  outdated-action: off\n",
		})
		res := r.run(ws, map[string]string{"config": "lint/wflint.yaml"})
		if res.failed || res.outputs["exit-code"] != "0" || res.outputs["findings"] != "0" {
			t.Errorf("failed = %v, outputs = %v; the configuration turns off the only rules that fire", res.failed, res.outputs)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		ws := repo(t, map[string]string{".github/workflows/ci.yml": clean})
		res := r.run(ws, map[string]string{"annotations": "yes"})
		if !res.failed || !strings.Contains(res.stdout, `::error title=wflint action::input annotations must be "true" or "false", not "yes"`) {
			t.Errorf("failed = %v, stdout:\n%s", res.failed, res.stdout)
		}
	})
}

// want counts wflint's findings in ws, as the action runs it: all rules, default options.
func want(t *testing.T, ws string) int {
	inputs, err := engine.Discover(ws)
	if err != nil {
		t.Fatal(err)
	}
	return len((engine.NewRunner(rules.Default()...)).Run(inputs).Diagnostics)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
