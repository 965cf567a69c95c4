// Package actiondata builds and embeds wflint's snapshot of the inputs of actions, and of
// the environment variables composite actions export, from action.yml files of a corpus
// gathered on a known date, for the rules that check with: inputs and env names.
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
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

//go:generate go run ./gen

// Current is the embedded snapshot (snapshot.json, compiled in as snapshot_data.go),
// built on first use. Rules look actions up with Lookup, which builds only what it finds.
var Current = sync.OnceValue(embedded)

// tableAction and tableInput are the compiled-in form of the snapshot (snapshot_data.go):
// no maps, so the compiler lays them out as static data.
type tableAction struct {
	name, commit, using string
	inputs              []tableInput // sorted by key
	exports             []string
	exportsRead         bool
}

type tableInput struct {
	key, name string // key: the name in lower case
	required  bool
}

// action builds the Action of t.
func (t *tableAction) action() *Action {
	a := &Action{Commit: t.commit, Using: t.using, Inputs: make(map[string]*Input, len(t.inputs)), Exports: t.exports, ExportsRead: t.exportsRead}
	for _, in := range t.inputs {
		a.Inputs[in.key] = &Input{Name: in.name, Required: in.required}
	}
	return a
}

// embedded is the whole compiled-in snapshot.
func embedded() *Snapshot {
	snap := &Snapshot{Gathered: gathered, Source: source, Actions: make(map[string]*Action, len(table))}
	for i := range table {
		snap.Actions[table[i].name] = table[i].action()
	}
	return snap
}

// lookedUp holds the actions Lookup has built, and nil for names it did not find:
// lint workers read it without a lock.
var lookedUp sync.Map // string → *Action

// Lookup returns the action of the compiled-in snapshot called name (owner/repo[/path],
// lower case), or nil. The same name gives the same *Action, which callers must not
// change.
func Lookup(name string) *Action {
	if a, ok := lookedUp.Load(name); ok {
		return a.(*Action)
	}
	var a *Action
	if i, ok := slices.BinarySearchFunc(table[:], name, func(t tableAction, name string) int { return strings.Compare(t.name, name) }); ok {
		a = table[i].action()
	}
	got, _ := lookedUp.LoadOrStore(name, a)
	return got.(*Action)
}

// Snapshot is the generated file.
type Snapshot struct {
	Gathered string             `json:"gathered"` // the corpus's date
	Source   string             `json:"source"`
	Actions  map[string]*Action `json:"actions"` // by owner/repo[/path], lower case
}

// Action is one action.yml at a commit.
type Action struct {
	Commit string            `json:"commit"`
	Using  string            `json:"using,omitempty"`
	Inputs map[string]*Input `json:"inputs"` // by lower-case name
	// Exports lists the names a composite action's scripts write to $GITHUB_ENV, when
	// ExportsRead says every such write could be read; a JavaScript or Docker action's
	// exports are in its code, and stay unknown.
	Exports     []string `json:"exports,omitempty"`
	ExportsRead bool     `json:"exports_read,omitempty"`
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
	snap := &Snapshot{Gathered: gathered, Source: "the inputs, and a composite action's $GITHUB_ENV writes, of the action.yml files of the shared corpus (MANIFEST.tsv: repository, commit, path) of the actions actionlint's table knows", Actions: map[string]*Action{}}
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
		snap.Add(name, commit, src)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(snap.Actions) == 0 {
		return nil, fmt.Errorf("%s: no action files listed", corpus)
	}
	return snap.Marshal()
}

// Add records an action's metadata read at commit; a file that is not action metadata is
// left out.
func (snap *Snapshot) Add(name, commit string, src []byte) {
	if snap.Actions == nil {
		snap.Actions = map[string]*Action{}
	}
	a, ok := parseAction(src)
	if !ok {
		return
	}
	a.Commit = commit
	snap.Actions[name] = a
}

// Marshal writes the snapshot as the generated file: indented JSON.
func (snap *Snapshot) Marshal() ([]byte, error) {
	out, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func parseAction(src []byte) (*Action, bool) {
	var md struct {
		Inputs map[string]struct {
			Required any  `yaml:"required"`
			Default  *any `yaml:"default"`
		} `yaml:"inputs"`
		Runs *struct {
			Using string `yaml:"using"`
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &md); err != nil || md.Runs == nil {
		return nil, false
	}
	a := &Action{Using: strings.ToLower(strings.TrimSpace(md.Runs.Using)), Inputs: map[string]*Input{}}
	if a.Using == "composite" {
		a.ExportsRead = true
		seen := map[string]bool{}
		for _, st := range md.Runs.Steps {
			names, ok := envWrites(st.Run)
			a.ExportsRead = a.ExportsRead && ok
			for _, n := range names {
				if !seen[n] {
					seen[n] = true
					a.Exports = append(a.Exports, n)
				}
			}
		}
		sort.Strings(a.Exports)
		if !a.ExportsRead {
			a.Exports = nil
		}
	}
	names := make([]string, 0, len(md.Inputs))
	for n := range md.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		in := md.Inputs[n]
		req := fmt.Sprint(in.Required) == "true"
		a.Inputs[strings.ToLower(n)] = &Input{Name: n, Required: req && in.Default == nil}
	}
	return a, true
}

// Compiled when the snapshot is built from action.yml files (the generator), not at
// every start-up.
var (
	envTarget = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`>>\s*["']?(\$\{?GITHUB_ENV\}?|\$env:GITHUB_ENV|%GITHUB_ENV%)`)
	})
	envName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|[\s"'])([A-Za-z_][A-Za-z0-9_]*)=`) })
)

// envWrites reads the names a script writes to $GITHUB_ENV, one "NAME=value" echo per
// line; ok is false when a write names what cannot be read that way (a variable, a
// here-document, a NAME<<EOF block).
func envWrites(script string) (names []string, ok bool) {
	if !strings.Contains(script, "GITHUB_ENV") {
		return nil, true
	}
	for _, line := range strings.Split(script, "\n") {
		if !envTarget().MatchString(line) {
			continue
		}
		m := envName().FindStringSubmatch(line)
		if m == nil || strings.Contains(line, "<<") {
			return nil, false
		}
		names = append(names, m[1])
	}
	return names, true
}

// Parse reads a snapshot file.
func Parse(data []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// TableActions lists the actions (owner/repo[/path], lower case) that actionlint's table
// knows, sorted.
func TableActions() []string {
	InActionlintTable("")
	out := make([]string, 0, len(tableNames))
	for n := range tableNames {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
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
