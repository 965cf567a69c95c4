package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed insecure-commands.md
var insecureCommandsDoc string

// InsecureCommands reports ACTIONS_ALLOW_UNSECURE_COMMANDS set to a true value, which
// turns back on the ::set-env and ::add-path workflow commands.
var InsecureCommands = &analyzer.Rule{
	ID:       "insecure-commands",
	Title:    "insecure workflow commands are turned back on (ACTIONS_ALLOW_UNSECURE_COMMANDS)",
	Doc:      insecureCommandsDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runInsecureCommands,

	SecuritySeverity: 8.0,
}

const unsecureVar = "ACTIONS_ALLOW_UNSECURE_COMMANDS"

// envWrite finds the variable written to $GITHUB_ENV in a script line:
// echo "ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV.
var envWrite = lazyre.New(`(?i)\bACTIONS_ALLOW_UNSECURE_COMMANDS\s*=\s*["']?(true|1)\b[^\n]*GITHUB_ENV`)

func runInsecureCommands(p *analyzer.Pass) error {
	check := func(m analyzer.Mapping, where string) {
		e := m.Get(unsecureVar)
		if e.Key == nil {
			return
		}
		v, ok := analyzer.ScalarValue(e.Value)
		switch {
		case !ok:
		case strings.EqualFold(strings.TrimSpace(v), "true") || strings.TrimSpace(v) == "1":
			p.Report(analyzer.Diagnostic{Range: p.File.Range(e.Key), Message: fmt.Sprintf(
				"%s sets %s, which turns ::set-env and ::add-path back on: any text a step prints (a pull request title, a test's output) can then set environment variables such as NODE_OPTIONS or PATH for the steps after it; remove it and write to $GITHUB_ENV and $GITHUB_PATH", where, unsecureVar)})
		case strings.Contains(v, "${{"):
			p.Report(analyzer.Diagnostic{Range: p.File.Range(e.Key), Severity: analyzer.Warning, Confidence: analyzer.Medium, Message: fmt.Sprintf(
				"%s sets %s from an expression: when it is true, any text a step prints can set environment variables for the steps after it", where, unsecureVar)})
		}
	}
	steps := func(list []*analyzer.Step) {
		var walk func([]*analyzer.Step)
		walk = func(list []*analyzer.Step) {
			for _, st := range list {
				check(st.Env, "the step's env")
				checkScript(p, st.Run)
				walk(st.Parallel)
			}
		}
		walk(list)
	}
	if wf := p.File.Workflow; wf != nil {
		check(wf.Env, "the workflow's env")
		for _, j := range wf.Jobs {
			check(j.Env, fmt.Sprintf("the env of job %q", j.ID.Value))
			steps(j.Steps)
		}
	}
	if a := p.File.Action; a != nil && a.Runs != nil {
		check(a.Runs.Env, "the action's env")
		steps(a.Runs.Steps)
	}
	return nil
}

// checkScript reports a run: script that writes the variable to $GITHUB_ENV.
func checkScript(p *analyzer.Pass, run *yaml.Node) {
	if run == nil || run.Kind != yaml.ScalarNode || !strings.Contains(run.Value, unsecureVar) {
		return
	}
	for _, m := range envWrite.FindAllStringIndex(run.Value, -1) {
		p.Report(analyzer.Diagnostic{Range: p.File.TextRange(run, m[0], m[0]+len(unsecureVar)), Message: fmt.Sprintf(
			"this step writes %s to $GITHUB_ENV, which turns ::set-env and ::add-path back on for the steps after it: any text they print can then set their environment; remove it", unsecureVar)})
	}
}
