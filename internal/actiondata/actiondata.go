// Package actiondata builds wflint's snapshot of the inputs of actions, from action.yml
// files of a corpus gathered on a known date, for the rules that check with: inputs.
// actionlint's table of popular actions is kept by major version but ends where its
// release did; the snapshot records what each action's default branch declares at the
// corpus date, so that an input added by a later minor release is not called unknown.
package actiondata

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// Snapshot is the generated file.
type Snapshot struct {
	Gathered string             `json:"gathered"` // the corpus's date
	Source   string             `json:"source"`
	Actions  map[string]*Action `json:"actions"` // by owner/repo[/path], lower case
}

// Action is one action.yml at a commit.
type Action struct {
	Commit string            `json:"commit"`
	Inputs map[string]*Input `json:"inputs"` // by lower-case name
}

// Input is one declared input: its name and whether it is required without a default.
type Input struct {
	Name     string `json:"name"`
	Required bool   `json:"required,omitempty"`
}

// Build reads the action files listed in a corpus's MANIFEST.tsv and returns the
// snapshot of those that keep accepts (by owner/repo[/path], lower case) as indented
// JSON.
func Build(corpus, gathered string, keep func(action string) bool) ([]byte, error) {
	f, err := os.Open(filepath.Join(corpus, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	snap := &Snapshot{Gathered: gathered, Source: "the inputs of the action.yml files of the shared corpus (MANIFEST.tsv: repository, commit, path) of the actions actionlint's table knows", Actions: map[string]*Action{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 || cols[0] != "action" {
			continue
		}
		local, repo, commit, orig := cols[1], cols[2], cols[3], cols[4]
		src, err := os.ReadFile(filepath.Join(corpus, filepath.FromSlash(local)))
		if err != nil {
			return nil, err
		}
		name := strings.ToLower(repo)
		if dir := path.Dir(orig); dir != "." {
			name += "/" + strings.ToLower(dir)
		}
		if !keep(name) {
			continue
		}
		inputs, ok := parseInputs(src)
		if !ok {
			continue // not a readable action.yml
		}
		snap.Actions[name] = &Action{Commit: commit, Inputs: inputs}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(snap.Actions) == 0 {
		return nil, fmt.Errorf("%s: no action files listed", corpus)
	}
	out, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func parseInputs(src []byte) (map[string]*Input, bool) {
	var md struct {
		Inputs map[string]struct {
			Required any  `yaml:"required"`
			Default  *any `yaml:"default"`
		} `yaml:"inputs"`
		Runs map[string]any `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &md); err != nil || md.Runs == nil {
		return nil, false
	}
	out := map[string]*Input{}
	names := make([]string, 0, len(md.Inputs))
	for n := range md.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		in := md.Inputs[n]
		req := fmt.Sprint(in.Required) == "true"
		out[strings.ToLower(n)] = &Input{Name: n, Required: req && in.Default == nil}
	}
	return out, true
}

// Parse reads a snapshot file.
func Parse(data []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// InActionlintTable reports whether actionlint's table of popular actions knows an
// action (owner/repo[/path], lower case) at some version: the snapshot keeps only those.
func InActionlintTable(action string) bool {
	tableOnce.Do(func() {
		tableNames = map[string]bool{}
		for spec := range actionlint.PopularActions {
			name, _, _ := strings.Cut(spec, "@")
			tableNames[strings.ToLower(name)] = true
		}
	})
	return tableNames[action]
}

var (
	tableOnce  sync.Once
	tableNames map[string]bool
)
