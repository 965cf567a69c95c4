package calls

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed local-action.md
var localActionDoc string

// LocalAction reports a uses: ./dir step whose action is not in the repository, or whose
// JavaScript entry file is missing.
var LocalAction = &analyzer.Rule{
	ID:       "local-action",
	Title:    "a local action has no action.yml, or its JavaScript file is missing",
	Doc:      localActionDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run:      runLocalAction,
}

func runLocalAction(p *analyzer.Pass) error {
	repo := p.File.Repo
	if repo == nil {
		return nil
	}
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	for _, j := range wf.Jobs {
		for _, st := range j.Steps {
			if v, ok := analyzer.ScalarValue(st.Uses); ok && strings.HasPrefix(strings.TrimSpace(v), "./") {
				checkLocalAction(p, repo, st.Uses, strings.TrimSpace(v))
			}
			if changesTree(st) {
				break // from here on, the workspace may hold files the repository does not
			}
		}
	}
	return nil
}

// changesTree reports whether a step may change what the workspace holds beyond the
// repository's own files: a run: script, an action other than a plain checkout of this
// repository, or a checkout of another repository or into another path.
func changesTree(st *analyzer.Step) bool {
	v, _ := analyzer.ScalarValue(st.Uses)
	v = strings.TrimSpace(v)
	switch {
	case st.Run != nil:
		return true
	case v == "":
		return false // wait, cancel, a parallel group: its inner steps come later
	case strings.HasPrefix(v, "./"):
		return false // a local action is checked when it is reached
	}
	name, _, _ := strings.Cut(strings.ToLower(v), "@")
	if name != "actions/checkout" {
		return true
	}
	return st.With.Get("repository").Key != nil || st.With.Get("path").Key != nil
}

// actionDirs lists the folders of the repository's tracked files that hold an action.
func actionDirs(repo analyzer.Repository) []string {
	files, _, err := repo.Files()
	if err != nil {
		return nil
	}
	var out []string
	for _, f := range files {
		if base := path.Base(f); base == "action.yml" || base == "action.yaml" {
			out = append(out, path.Dir(f))
		}
	}
	return out
}

// nearSibling is the folder of dirs, beside dir, whose name is closest to dir's, or "".
func nearSibling(dir string, dirs []string) string {
	parent, base := path.Split(dir)
	var names []string
	for _, d := range dirs {
		if p, b := path.Split(d); p == parent {
			names = append(names, b)
		}
	}
	if close := analyzer.Closest(base, names); close != "" {
		return parent + close
	}
	return ""
}

func checkLocalAction(p *analyzer.Pass, repo analyzer.Repository, at *yaml.Node, uses string) {
	dir := strings.TrimSuffix(strings.TrimPrefix(uses, "./"), "/")
	if dir == "" {
		dir = "."
	}
	if repo.InSubmodule(dir) {
		return
	}
	f, err := analyzer.LoadLocalAction(repo, uses)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return // unreadable: skipped quietly
	}
	rng := p.File.Range(at)
	if err != nil {
		d := analyzer.Diagnostic{Range: rng, Message: uses + " has no action.yml or action.yaml in this repository, so the step fails when it starts"}
		if close := nearSibling(dir, actionDirs(repo)); close != "" {
			d.Message += fmt.Sprintf("; did you mean %q?", "./"+close)
			d.Fixes = analyzer.RenameFix(rng, "./"+close)
		}
		p.Report(d)
		return
	}
	if f.Action == nil || f.Action.Runs == nil || f.Action.Runs.Using == nil {
		return
	}
	using := strings.ToLower(strings.TrimSpace(f.Action.Runs.Using.Value))
	if !strings.HasPrefix(using, "node") {
		return
	}
	seen := map[string]bool{}
	for _, key := range []*yaml.Node{f.Action.Runs.Main, f.Action.Runs.Pre, f.Action.Runs.Post} {
		file, ok := analyzer.ScalarValue(key)
		if !ok || file == "" || strings.Contains(file, "${{") || seen[file] {
			continue
		}
		seen[file] = true
		target := path.Join(dir, file)
		if _, err := repo.ReadFile(target); errors.Is(err, fs.ErrNotExist) {
			p.Report(analyzer.Diagnostic{Range: rng, Message: fmt.Sprintf(
				"%s runs %s (line %d of %s), which is not in this repository, so the step fails when it starts; commit the built file or build it in an earlier step",
				uses, file, key.Line, f.Path)})
		}
	}
}
