package corpustest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	yaml4 "go.yaml.in/yaml/v4"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules/supplychain"
)

var fullSHARe = regexp.MustCompile(`^[0-9a-f]{40}$`)

// remoteUses lists, with a second YAML parser and none of wflint's code, the place of
// every uses: of a remote action or reusable workflow in a workflow (jobs.*.uses,
// jobs.*.steps[*].uses, parallel groups included) or an action (runs.steps[*].uses),
// split into pinned (full SHA) and not.
var slsaTag = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

func remoteUses(src []byte, action bool) (unpinned, pinned []string, ok bool) {
	var doc yaml4.Node
	if err := yaml4.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		return nil, nil, false
	}
	get := func(n *yaml4.Node, key string) *yaml4.Node {
		for n != nil && n.Kind == yaml4.AliasNode {
			n = n.Alias
		}
		if n == nil || n.Kind != yaml4.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				v := n.Content[i+1]
				for v.Kind == yaml4.AliasNode {
					v = v.Alias
				}
				return v
			}
		}
		return nil
	}
	seen := map[*yaml4.Node]bool{} // a step an alias repeats is one place in the file
	add := func(n *yaml4.Node) {
		if n == nil || n.Kind != yaml4.ScalarNode || seen[n] {
			return
		}
		seen[n] = true
		v := n.Value
		if strings.HasPrefix(v, "./") || strings.HasPrefix(v, "$/") || strings.HasPrefix(v, "docker://") || strings.Contains(v, "${{") || strings.ContainsAny(v, " \t") {
			return
		}
		at := strings.LastIndexByte(v, '@')
		if at <= 0 || at == len(v)-1 || strings.Count(v[:at], "/") < 1 || strings.HasPrefix(v, "/") || strings.Contains(v[:at], "//") {
			return // not a well-formed remote reference: invalid-uses's
		}
		place := fmt.Sprintf("%d:%s", n.Line, v)
		if strings.HasPrefix(strings.ToLower(v), "slsa-framework/slsa-github-generator/") && slsaTag.MatchString(v[at+1:]) {
			return // used by the full version tag its authors require: not a finding
		}
		if fullSHARe.MatchString(v[at+1:]) {
			pinned = append(pinned, place)
		} else {
			unpinned = append(unpinned, place)
		}
	}
	var steps func(list *yaml4.Node)
	steps = func(list *yaml4.Node) {
		if list == nil || list.Kind != yaml4.SequenceNode {
			return
		}
		for _, st := range list.Content {
			add(get(st, "uses"))
			steps(get(st, "parallel"))
		}
	}
	root := doc.Content[0]
	if action {
		steps(get(get(root, "runs"), "steps"))
		return unpinned, pinned, true
	}
	jobs := get(root, "jobs")
	if jobs == nil || jobs.Kind != yaml4.MappingNode {
		return unpinned, pinned, true
	}
	for i := 1; i < len(jobs.Content); i += 2 {
		job := jobs.Content[i]
		add(get(job, "uses"))
		steps(get(job, "steps"))
	}
	return unpinned, pinned, true
}

// With the strict profile (and outdated-action on, as by default), every remote uses:
// that is not a full SHA is reported exactly once (once per place in the file: a step
// repeated by an alias is one place), by unpinned-uses, and no pinned, local or docker
// one is.
func TestUnpinnedUsesCount(t *testing.T) {
	runner := engine.NewRunner(supplychain.UnpinnedUses, supplychain.OutdatedAction)
	strict, err := analyzer.ParseOptions(supplychain.UnpinnedUses, map[string]any{"strict": true})
	if err != nil {
		t.Fatal(err)
	}
	runner.Options = map[string]analyzer.OptionValues{supplychain.UnpinnedUses.ID: strict}
	var want, pinnedCount, got int
	var problems []string
	for _, p := range corpusFiles(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		action := strings.Contains(filepath.ToSlash(p), "/actions/")
		kind, name := analyzer.KindWorkflow, ".github/workflows/"+filepath.Base(p)
		if action {
			kind, name = analyzer.KindAction, "action.yml"
		}
		unpinned, pinned, ok := remoteUses(src, action)
		f, diags := runner.Lint(engine.Input{Path: name, Fallback: kind}, src)
		if !ok || f.Root == nil {
			continue // not YAML wflint lints; the syntax rules say so
		}
		want += len(unpinned)
		pinnedCount += len(pinned)
		reported := map[string]int{}
		outdatedAt := map[string]bool{}
		for _, d := range diags {
			if d.Rule == supplychain.OutdatedAction.ID {
				outdatedAt[fmt.Sprint(d.Range.Start.Line)] = true
				continue
			}
			got++
			reported[fmt.Sprint(d.Range.Start.Line)]++
		}
		expected := map[string]int{}
		for _, u := range unpinned {
			line, _, _ := strings.Cut(u, ":")
			expected[line]++
		}
		for _, u := range pinned {
			line, v, _ := strings.Cut(u, ":")
			if reported[line] > expected[line] {
				problems = append(problems, fmt.Sprintf("%s:%s: pinned %q reported", p, line, v))
			}
		}
		for line, n := range expected {
			if reported[line] != n {
				problems = append(problems, fmt.Sprintf("%s:%s: %d unpinned uses, %d findings", p, line, n, reported[line]))
			}
		}
		for line, n := range reported {
			if expected[line] == 0 {
				problems = append(problems, fmt.Sprintf("%s:%s: %d findings where no unpinned uses was counted", p, line, n))
			}
			if outdatedAt[line] {
				problems = append(problems, fmt.Sprintf("%s:%s: reported twice, by unpinned-uses and by outdated-action", p, line))
			}
		}
	}
	sort.Strings(problems)
	t.Logf("remote uses: %d not pinned to a full SHA (%d findings), %d pinned", want, got, pinnedCount)
	if len(problems) > 0 {
		t.Errorf("%d mismatches:\n%s", len(problems), strings.Join(problems[:min(len(problems), 40)], "\n"))
	}
	if want == 0 || got != want {
		t.Errorf("counted %d unpinned remote uses, wflint reported %d", want, got)
	}
}
