package workflow

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed shell-name.md
var shellNameDoc string

// ShellName reports a shell: the runner refuses: neither one of its built-in shells nor a
// command line with the {0} that stands for the script.
var ShellName = &analyzer.Rule{
	ID:       "shell-name",
	Title:    "shell: names no built-in shell and has no {0} for the script",
	Doc:      shellNameDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runShellName,
}

// builtinShells are the shells the runner knows by name (the runner's ScriptHandler;
// docs: workflow syntax, jobs.<job_id>.steps[*].shell).
var builtinShells = []string{"bash", "sh", "pwsh", "powershell", "cmd", "python"}

// otherPrograms are real programs a built-in's name is a letter away from: "zsh" is no
// misspelt "sh".
var otherPrograms = []string{"zsh", "ksh", "csh", "tcsh", "dash", "ash", "fish", "rsh", "ssh", "bat", "cmd.exe"}

func runShellName(p *analyzer.Pass) error {
	f := p.File
	var defaults []*yaml.Node
	if wf := f.Workflow; wf != nil {
		defaults = append(defaults, wf.Defaults)
		for _, j := range wf.Jobs {
			defaults = append(defaults, j.Defaults)
		}
	}
	for _, d := range defaults {
		run := analyzer.MappingOf(analyzer.Resolve(d)).Get("run").Value
		checkShell(p, analyzer.MappingOf(analyzer.Resolve(run)).Get("shell").Value)
	}
	f.EachStep(func(_ *analyzer.Job, st *analyzer.Step) {
		checkShell(p, st.Shell)
	})
	return nil
}

func checkShell(p *analyzer.Pass, n *yaml.Node) {
	v, ok := analyzer.ScalarValue(n)
	if !ok || v == "" || strings.Contains(v, "${{") || strings.Contains(v, "{0}") {
		return
	}
	fields := strings.Fields(v)
	if len(fields) == 1 && containsFold(builtinShells, fields[0]) {
		return
	}
	rng := p.File.Range(analyzer.Resolve(n))
	d := analyzer.Diagnostic{Range: rng}
	close := ""
	if !containsFold(otherPrograms, fields[0]) {
		close = analyzer.Closest(strings.ToLower(fields[0]), builtinShells)
	}
	switch {
	case len(fields) > 1:
		d.Message = fmt.Sprintf("shell %q has arguments but no {0}: the runner puts the script's file only where {0} stands, so the script is never given to the shell; write %q", v, v+" {0}")
		d.Fixes = []analyzer.Fix{{Title: "add {0}", Safety: analyzer.Safe, Edits: replaceShell(p, n, v+" {0}")}}
	case close != "" && close != fields[0]:
		d.Message = fmt.Sprintf("shell %q is not a built-in shell (bash, sh, pwsh, powershell, cmd, python), and the runner refuses the step; did you mean %q?", v, close)
		d.Fixes = analyzer.RenameFix(rng, close)
	default:
		d.Message = fmt.Sprintf("shell %q is not a built-in shell (bash, sh, pwsh, powershell, cmd, python), and the runner refuses the step; for another program write its command line with {0} where the script's file goes (%q)", v, v+" {0}")
	}
	p.Report(d)
}

func replaceShell(p *analyzer.Pass, n *yaml.Node, v string) []analyzer.Edit {
	if e, ok := p.File.ReplaceScalar(analyzer.Resolve(n), v); ok {
		return []analyzer.Edit{e}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
