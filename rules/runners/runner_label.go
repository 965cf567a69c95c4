package runners

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

//go:embed runner-label.md
var runnerLabelDoc string

// RunnerLabel reports a runs-on label that no runner has, or a retired GitHub-hosted image.
var RunnerLabel = &analyzer.Rule{
	ID:       "runner-label",
	Title:    "runs-on names a runner label that no runner has, or a retired GitHub-hosted image",
	Doc:      runnerLabelDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run:      runRunnerLabel,
	Options: []analyzer.Option{{Name: "labels", Type: analyzer.OptionStrings,
		Doc:     "the labels of your self-hosted runners and the names of your larger runners (globs with *); with a list, any other runs-on label is reported",
		Example: `[gpu, "build-*"]`}},
}

// GitHub-hosted runner labels, from ../shared/github-actions-2026.md section 6 (GitHub's
// language service defaults of 2026-02-24, actionlint 1.7.12 and actions/runner-images).
var hostedLabels = []string{
	"ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "ubuntu-slim",
	"ubuntu-26.04", "ubuntu-26.04-arm",
	"windows-latest", "windows-2025", "windows-2025-vs2026", "windows-2022", "windows-11-arm",
	"macos-latest", "macos-latest-large", "macos-latest-xlarge",
	"macos-15", "macos-15-intel", "macos-15-large", "macos-15-xlarge",
	"macos-26", "macos-26-intel", "macos-26-large", "macos-26-xlarge",
}

// retiredLabels are GitHub-hosted images GitHub no longer runs, with when.
var retiredLabels = map[string]string{
	"ubuntu-16.04": "in 2021", "ubuntu-18.04": "in April 2023", "ubuntu-20.04": "in April 2025",
	"windows-2016": "in 2022", "windows-2019": "on 2025-06-30",
	"macos-10.13": "in 2019", "macos-10.14": "in 2020", "macos-10.15": "in 2022", "macos-11": "in 2024", "macos-12": "in December 2024",
	"macos-13": "on 2025-12-04", "macos-13-large": "on 2025-12-04", "macos-13-xlarge": "on 2025-12-04",
	"macos-12-xl": "in December 2024", "macos-13-xl": "on 2025-12-04", "macos-latest-xl": "with the other -xl labels",
	"macos-14": "on 2026-11-02", "macos-14-large": "on 2026-11-02", "macos-14-xlarge": "on 2026-11-02",
}

// deprecatedLabels still run, for a while.
var deprecatedLabels = map[string]string{
	"ubuntu-22.04":     "is deprecated since 2026-09-17 and stops running on 2027-04-17",
	"ubuntu-22.04-arm": "is deprecated since 2026-09-17 and stops running on 2027-04-17",
}

// the labels every self-hosted runner has, depending on its system and architecture
var selfHostedLabels = []string{"self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"}

func replacementFor(label string) string {
	switch {
	case strings.HasPrefix(label, "ubuntu"):
		if strings.HasSuffix(label, "-arm") {
			return "ubuntu-24.04-arm"
		}
		return "ubuntu-24.04 or ubuntu-latest"
	case strings.HasPrefix(label, "windows"):
		return "windows-2025 or windows-latest"
	}
	if strings.HasSuffix(label, "-xlarge") || strings.HasSuffix(label, "-xl") {
		return "macos-15-xlarge (Apple silicon) or macos-latest-xlarge"
	}
	if strings.HasSuffix(label, "-large") {
		return "macos-15-large (Intel) or macos-latest-large"
	}
	return "macos-15, macos-26 or macos-latest"
}

func runRunnerLabel(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	configured, _ := p.Options.Strings("labels")
	// the same label says the same thing wherever it stands: one finding per label and
	// message, the other places related to it
	var order []string
	grouped := map[string]*analyzer.Diagnostic{}
	for _, j := range wf.Jobs {
		if j.RunsOn == nil {
			continue
		}
		for _, n := range runnerLabels(j) {
			d, ok := checkLabel(p, n, configured)
			if !ok {
				continue
			}
			first, seen := grouped[d.Message]
			if !seen {
				grouped[d.Message] = &d
				order = append(order, d.Message)
				continue
			}
			if d.Range == first.Range {
				continue // a matrix value that two jobs share
			}
			first.Related = append(first.Related, analyzer.Related{Message: "also here", Range: d.Range})
			if len(first.Fixes) > 0 && len(d.Fixes) > 0 {
				first.Fixes[0].Edits = append(first.Fixes[0].Edits, d.Fixes[0].Edits...)
			}
		}
	}
	for _, j := range wf.Jobs {
		if d, ok := twoSystems(p, j); ok {
			p.Report(d)
		}
	}
	for _, msg := range order {
		d := grouped[msg]
		if n := len(d.Related); n > 0 {
			d.Message += fmt.Sprintf(" (also at %s in this file)", analyzer.Plural(n, "other place"))
		}
		p.Report(*d)
	}
	return nil
}

// labelSystem is the operating system a known label implies: linux, windows, macos or "".
func labelSystem(label string) string {
	lower := strings.ToLower(label)
	_, retired := retiredLabels[lower]
	if !slices.Contains(hostedLabels, lower) && !slices.Contains(selfHostedLabels, lower) && !retired {
		return ""
	}
	for _, sys := range []string{"ubuntu", "linux", "windows", "macos"} {
		if strings.HasPrefix(lower, sys) {
			if sys == "ubuntu" {
				return "linux"
			}
			return sys
		}
	}
	return ""
}

// twoSystems reports a runs-on list whose labels name two operating systems: a runner
// must have every label, and none runs both.
func twoSystems(p *analyzer.Pass, j *analyzer.Job) (analyzer.Diagnostic, bool) {
	list := analyzer.Resolve(j.RunsOn)
	if list != nil && list.Kind == yaml.MappingNode {
		list = analyzer.Resolve(analyzer.MappingOf(list).Get("labels").Value)
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return analyzer.Diagnostic{}, false
	}
	var first *yaml.Node
	for _, c := range list.Content {
		c = analyzer.Resolve(c)
		if c == nil || c.Kind != yaml.ScalarNode {
			continue
		}
		sys := labelSystem(c.Value)
		switch {
		case sys == "":
		case first == nil:
			first = c
		case sys != labelSystem(first.Value):
			return analyzer.Diagnostic{Range: p.File.Range(c), Message: fmt.Sprintf(
				"runs-on asks for %q and %q, which are %s and %s: a runner must have every label in the list, and none runs both, so the job never starts; use a matrix to run on each",
				first.Value, c.Value, labelSystem(first.Value), sys),
				Related: []analyzer.Related{{Message: "the other system", Range: p.File.Range(first)}}}, true
		}
	}
	return analyzer.Diagnostic{}, false
}

// runnerLabels returns the literal labels a job asks for: runs-on as a string, a list,
// or group and labels; and, for runs-on: ${{ matrix.X }}, the literal values of X.
func runnerLabels(j *analyzer.Job) []*yaml.Node {
	var out []*yaml.Node
	var add func(n *yaml.Node)
	add = func(n *yaml.Node) {
		if n == nil {
			return
		}
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		switch n.Kind {
		case yaml.ScalarNode:
			if strings.Contains(n.Value, "${{") {
				out = append(out, matrixLabels(j, n)...)
				return
			}
			if n.Tag != "!!null" && n.Value != "" {
				out = append(out, n)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				add(c)
			}
		}
	}
	if j.RunsOn.Kind == yaml.MappingNode {
		add(analyzer.MappingOf(j.RunsOn).Get("labels").Value) // a group's own name is not a label
	} else {
		add(j.RunsOn)
	}
	return out
}

// matrixLabels: for a label that is exactly ${{ matrix.X }} or ${{ matrix.X.Y }}, the
// literal values of the matrix's X (of Y in each of X's mappings) and of the include
// rows that set it.
func matrixLabels(j *analyzer.Job, n *yaml.Node) []*yaml.Node {
	expr := strings.TrimSpace(n.Value)
	inner, ok := strings.CutPrefix(expr, "${{")
	if !ok || !strings.HasSuffix(inner, "}}") {
		return nil
	}
	key, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimSuffix(inner, "}}")), "matrix.")
	if !ok || key == "" || strings.ContainsAny(key, " [(") || j.Matrix == nil || j.Matrix.Kind != yaml.MappingNode {
		return nil
	}
	keys := strings.Split(key, ".")
	var out []*yaml.Node
	// value adds the scalar at rest below v
	var value func(v *yaml.Node, rest []string)
	value = func(v *yaml.Node, rest []string) {
		v = analyzer.Resolve(v)
		switch {
		case v == nil:
		case len(rest) > 0:
			value(analyzer.MappingOf(v).Get(rest[0]).Value, rest[1:])
		case v.Kind == yaml.ScalarNode && !strings.Contains(v.Value, "${{") && v.Value != "":
			out = append(out, v)
		}
	}
	m := analyzer.MappingOf(j.Matrix)
	if v := analyzer.Resolve(m.Get(keys[0]).Value); v != nil && v.Kind == yaml.SequenceNode {
		for _, c := range v.Content {
			value(c, keys[1:])
		}
	}
	if inc := analyzer.Resolve(m.Get("include").Value); inc != nil && inc.Kind == yaml.SequenceNode {
		for _, row := range inc.Content {
			value(row, keys)
		}
	}
	return out
}

// checkLabel says what is wrong with the label n, if anything.
func checkLabel(p *analyzer.Pass, n *yaml.Node, configured []string) (analyzer.Diagnostic, bool) {
	label := n.Value
	lower := strings.ToLower(label)
	rng := p.File.Range(n)
	if when, ok := retiredLabels[lower]; ok {
		return analyzer.Diagnostic{Range: rng, Message: fmt.Sprintf(
			"the GitHub-hosted runner image %q was retired %s: no runner takes this job any more; use %s", label, when, replacementFor(lower))}, true
	}
	if why, ok := deprecatedLabels[lower]; ok {
		// a note: it still runs, and a deadline months away should not fail a build today
		return analyzer.Diagnostic{Range: rng, Severity: analyzer.Note, Message: fmt.Sprintf(
			"the GitHub-hosted runner image %q %s; move to %s", label, why, replacementFor(lower))}, true
	}
	if slices.Contains(hostedLabels, lower) || slices.Contains(selfHostedLabels, lower) {
		return analyzer.Diagnostic{}, false
	}
	for _, c := range configured {
		if ok, _ := path.Match(strings.ToLower(c), lower); ok {
			return analyzer.Diagnostic{}, false
		}
	}
	// A label one or two edits from a GitHub-hosted one is a typo: no runner has it, and
	// the job waits for one until it is cancelled. Names that only add a suffix to a
	// hosted label (ubuntu-24.04-16core) are larger runners, named by their owners, and
	// short labels (gpu, x86) are too close to everything to guess at.
	best, bestDist := "", 3
	runes := utf8.RuneCountInString(lower)
	for _, h := range hostedLabels {
		if strings.HasPrefix(lower, h+"-") || strings.HasPrefix(lower, h+"_") {
			best = ""
			break
		}
		if diff := runes - len(h); diff >= bestDist || -diff >= bestDist {
			continue // the distance is at least the difference in length (hosted labels are ASCII)
		}
		if d := analyzer.EditDistance(lower, h); d < bestDist {
			best, bestDist = h, d
		}
	}
	if best != "" && len(lower) >= 8 {
		return analyzer.Diagnostic{Range: rng, Message: fmt.Sprintf(
			"no runner has the label %q, so the job waits until it is cancelled; did you mean %q?", label, best),
			Fixes: analyzer.RenameFix(rng, best)}, true
	}
	if len(configured) > 0 {
		return analyzer.Diagnostic{Range: rng, Message: fmt.Sprintf(
			"%q is not a GitHub-hosted runner label nor one of the labels configured for this repository's runners; add it to the rule's labels option if a runner has it", label)}, true
	}
	return analyzer.Diagnostic{}, false
}
