package workflow

import (
	_ "embed"
	"fmt"
	"slices"
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
	f.EachStep(func(j *analyzer.Job, st *analyzer.Step) {
		checkShell(p, st.Shell)
		if j != nil {
			checkWindowsShell(p, j, st.Shell)
		}
	})
	if wf := f.Workflow; wf != nil {
		for _, j := range wf.Jobs {
			run := analyzer.MappingOf(analyzer.Resolve(j.Defaults)).Get("run").Value
			checkWindowsShell(p, j, analyzer.MappingOf(analyzer.Resolve(run)).Get("shell").Value)
		}
	}
	return nil
}

// checkWindowsShell reports powershell or cmd in a job that runs only on GitHub-hosted
// Linux or macOS images, which have neither (PowerShell is there as pwsh).
func checkWindowsShell(p *analyzer.Pass, j *analyzer.Job, n *yaml.Node) {
	v, ok := analyzer.ScalarValue(n)
	shell := strings.ToLower(strings.TrimSpace(v))
	if !ok || shell != "powershell" && shell != "cmd" {
		return
	}
	system := hostedSystem(j.RunsOn)
	if system == "" {
		return
	}
	d := analyzer.Diagnostic{Range: p.File.Range(analyzer.Resolve(n)), Message: fmt.Sprintf(
		"shell %q is a Windows shell, and this job runs on %s, which does not have it: the step fails when it starts", v, system)}
	if shell == "powershell" {
		d.Message += `; PowerShell is there as "pwsh"`
		if e, ok := p.File.ReplaceScalar(analyzer.Resolve(n), "pwsh"); ok {
			d.Fixes = []analyzer.Fix{{Title: `use "pwsh"`, Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
		}
	}
	p.Report(d)
}

// hostedSystem names the system of a runs-on that asks only for GitHub-hosted Linux or
// macOS images ("ubuntu-latest", "[macos-15]"), or "".
func hostedSystem(runsOn *yaml.Node) string {
	n := analyzer.Resolve(runsOn)
	var labels []*yaml.Node
	switch {
	case n == nil:
		return ""
	case n.Kind == yaml.ScalarNode:
		labels = []*yaml.Node{n}
	case n.Kind == yaml.SequenceNode:
		labels = n.Content
	}
	system := ""
	for _, l := range labels {
		v, ok := analyzer.ScalarValue(l)
		v = strings.ToLower(v)
		switch {
		case !ok || strings.Contains(v, "${{"):
			return ""
		case strings.HasPrefix(v, "ubuntu-"):
			system = "a GitHub-hosted Ubuntu image"
		case strings.HasPrefix(v, "macos-"):
			system = "a GitHub-hosted macOS image"
		default:
			return "" // self-hosted, or a label wflint cannot place
		}
	}
	return system
}

func checkShell(p *analyzer.Pass, n *yaml.Node) {
	v, ok := analyzer.ScalarValue(n)
	if !ok || v == "" || strings.Contains(v, "${{") || strings.Contains(v, "{0}") {
		return
	}
	fields := strings.Fields(v)
	if len(fields) == 1 && slices.ContainsFunc(builtinShells, equalFold(fields[0])) {
		return
	}
	rng := p.File.Range(analyzer.Resolve(n))
	d := analyzer.Diagnostic{Range: rng}
	close := ""
	if !slices.ContainsFunc(otherPrograms, equalFold(fields[0])) {
		close = analyzer.Closest(strings.ToLower(fields[0]), builtinShells)
	}
	switch {
	case len(fields) > 1:
		d.Message = fmt.Sprintf("shell %q has arguments but no {0}: the runner puts the script's file only where {0} stands, so the script is never given to the shell; write %q", v, v+" {0}")
		if e, ok := p.File.AppendToScalar(analyzer.Resolve(n), " {0}"); ok {
			d.Fixes = []analyzer.Fix{{Title: "add {0}", Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
		}
	case close != "" && close != fields[0]:
		d.Message = fmt.Sprintf("shell %q is not a built-in shell (bash, sh, pwsh, powershell, cmd, python), and the runner refuses the step; did you mean %q?", v, close)
		d.Fixes = analyzer.RenameFix(rng, close)
	default:
		d.Message = fmt.Sprintf("shell %q is not a built-in shell (bash, sh, pwsh, powershell, cmd, python), and the runner refuses the step; for another program write its command line with {0} where the script's file goes (%q)", v, v+" {0}")
	}
	p.Report(d)
}

// equalFold matches a string equal to s without regard to case.
func equalFold(s string) func(string) bool {
	return func(x string) bool { return strings.EqualFold(x, s) }
}
