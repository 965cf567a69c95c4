package workflow

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed env-name.md
var envNameDoc string

// EnvName reports env: names that a process environment or a shell cannot hold as written.
var EnvName = &analyzer.Rule{
	ID:       "env-name",
	Title:    "an env: name holds \"=\" or whitespace",
	Doc:      envNameDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error, // a warning for whitespace
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runEnvName,
}

func runEnvName(p *analyzer.Pass) error {
	f := p.File
	var maps []analyzer.Mapping
	if wf := f.Workflow; wf != nil {
		maps = append(maps, wf.Env)
		for _, j := range wf.Jobs {
			maps = append(maps, j.Env, containerEnv(j.Container))
			for _, svc := range j.Services {
				maps = append(maps, containerEnv(svc.Value))
			}
		}
	}
	if a := f.Action; a != nil && a.Runs != nil {
		maps = append(maps, a.Runs.Env)
	}
	f.EachStep(func(_ *analyzer.Job, st *analyzer.Step) { maps = append(maps, st.Env) })
	for _, m := range maps {
		for _, e := range m {
			checkEnvName(p, e.Key)
		}
	}
	return nil
}

// containerEnv is the env: of a container or service.
func containerEnv(n *yaml.Node) analyzer.Mapping {
	return analyzer.MappingOf(analyzer.MappingOf(analyzer.Resolve(n)).Get("env").Value)
}

func checkEnvName(p *analyzer.Pass, k *yaml.Node) {
	name := k.Value
	if k.Kind != yaml.ScalarNode || strings.Contains(name, "${{") {
		return
	}
	switch {
	case strings.Contains(name, "="):
		before, _, _ := strings.Cut(name, "=")
		p.Report(analyzer.Diagnostic{Range: p.File.Range(k), Message: fmt.Sprintf(
			"env name %q contains \"=\": a process environment ends a name at the first \"=\", so the program sees %q with the rest in its value", name, before)})
	case strings.ContainsAny(name, " \t"):
		p.Report(analyzer.Diagnostic{Range: p.File.Range(k), Severity: analyzer.Warning, Message: fmt.Sprintf(
			"env name %q contains whitespace: no shell can read it as a variable; use letters, digits and underscores", name)})
	}
}
