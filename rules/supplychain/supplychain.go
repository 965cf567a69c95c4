package supplychain

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// The supply-chain family: what a workflow runs from outside the repository, and whether
// that can change under it.

var (
	//go:embed unpinned-uses.md
	unpinnedUsesDoc string
	//go:embed unpinned-image.md
	unpinnedImageDoc string
	//go:embed invalid-uses.md
	invalidUsesDoc string
	//go:embed outdated-action.md
	outdatedActionDoc string
	//go:embed version-comment-mismatch.md
	versionCommentMismatchDoc string
)

// UnpinnedUses reports an action or reusable workflow that is not pinned to a full commit SHA; its fixes (online) pin it, and are what wflint pin applies.
var UnpinnedUses = &analyzer.Rule{
	Options: []analyzer.Option{{Name: "policy", Type: analyzer.OptionStringMap, Values: []string{PinHash, PinRef, PinAny},
		Doc:     "how strictly to pin, per owner or owner/repo glob: hash (a full commit SHA, the default), ref (tags too) or any; the most specific pattern wins",
		Example: "\"actions/*\": ref\n\"my-org/*\": any"}},
	ID:       "unpinned-uses",
	Title:    "an action or reusable workflow is not pinned to a full commit SHA",
	Doc:      unpinnedUsesDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runUnpinnedUses,

	Precision:        "very-high",
	SecuritySeverity: 5.0,
}

// UnpinnedImage reports a container image that is not pinned to a digest.
var UnpinnedImage = &analyzer.Rule{
	ID:       "unpinned-image",
	Title:    "a container image is not pinned to a digest",
	Doc:      unpinnedImageDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runUnpinnedImage,

	Precision:        "very-high",
	SecuritySeverity: 4.0,
}

// InvalidUses reports a uses: value that GitHub cannot read.
var InvalidUses = &analyzer.Rule{
	ID:       "invalid-uses",
	Title:    "a uses: value GitHub cannot read",
	Doc:      invalidUsesDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runInvalidUses,
}

// OutdatedAction reports an action version whose runtime GitHub has retired, or which GitHub has switched off.
var OutdatedAction = &analyzer.Rule{
	ID:       "outdated-action",
	Title:    "an action version whose runtime GitHub has retired or which GitHub has switched off",
	Doc:      outdatedActionDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runOutdatedAction,
}

// VersionCommentMismatch reports the version comment of a SHA pin that names a tag pointing elsewhere (online).
var VersionCommentMismatch = &analyzer.Rule{
	ID:       "version-comment-mismatch",
	Title:    "the version comment of a SHA pin names a tag that points elsewhere",
	Doc:      versionCommentMismatchDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runVersionCommentMismatch,

	SecuritySeverity: 6.0,
}

// ---- invalid-uses ----

func runInvalidUses(p *analyzer.Pass) error {
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind == analyzer.UsesInvalid {
			p.Report(analyzer.Diagnostic{Range: p.File.Range(u.Node), Message: fmt.Sprintf("uses: %q %s", u.Node.Value, u.Problem)})
			continue
		}
		if u.JobLevel && u.Kind == analyzer.UsesRemote && !strings.HasPrefix(u.Path, ".github/workflows/") {
			p.Report(analyzer.Diagnostic{Range: p.File.Range(u.Node), Message: fmt.Sprintf(
				"a job's uses: calls a reusable workflow, which lives in .github/workflows: %q names no workflow file there", u.Node.Value)})
		}
	}
	return nil
}

// ---- unpinned-uses ----

// Pin policies, per owner or owner/repo glob.
const (
	PinHash = "hash" // only a full commit SHA (the default)
	PinRef  = "ref"  // version tags too
	PinAny  = "any"  // anything
)

// PinPolicy returns the policy for owner/repo: the most specific pattern of policies that
// matches wins ("actions/checkout" over "actions/*" over "*"); "hash" when none does.
func PinPolicy(policies map[string]string, name string) string {
	best, bestScore := PinHash, -1
	for pat, pol := range policies {
		if !strings.Contains(pat, "/") {
			pat += "/*" // an owner alone means all its repositories
		}
		if ok, _ := path.Match(strings.ToLower(pat), strings.ToLower(name)); !ok {
			continue
		}
		score := len(strings.ReplaceAll(pat, "*", ""))
		if !strings.ContainsAny(pat, "*?[") {
			score += 1000 // an exact name beats any glob
		}
		if score > bestScore {
			best, bestScore = pol, score
		}
	}
	return best
}

func runUnpinnedUses(p *analyzer.Pass) error {
	pols := p.Options.StringMap("policy")
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote {
			continue
		}
		kind := analyzer.ClassifyRef(u.Ref)
		pol := PinPolicy(pols, u.Name())
		if kind == analyzer.RefSHA || pol == PinAny || pol == PinRef && kind == analyzer.RefVersion {
			continue
		}
		what := "action"
		if u.JobLevel {
			what = "reusable workflow"
		}
		d := analyzer.Diagnostic{Range: refRange(p.File, u)}
		switch kind {
		case analyzer.RefShortSHA:
			d.Severity = analyzer.Error
			d.Message = fmt.Sprintf("%s %s is pinned to the short SHA %q, which GitHub does not accept; use the full 40-character commit SHA", what, u.Name(), u.Ref)
		case analyzer.RefBranch:
			d.Severity = analyzer.Error
			d.Message = fmt.Sprintf("%s %s follows the branch %q: every push to it changes what this workflow runs; pin a full commit SHA", what, u.Name(), u.Ref)
		case analyzer.RefVersion:
			d.Message = fmt.Sprintf("%s %s is pinned to the tag %q, which its owner can move; pin the full commit SHA (wflint pin does it)", what, u.Name(), u.Ref)
		default:
			d.Message = fmt.Sprintf("%s %s is pinned to %q, a tag or branch that can move; pin the full commit SHA", what, u.Name(), u.Ref)
		}
		if p.Resolver != nil {
			d.Fixes, d.FixError = pinFix(p, u)
		}
		p.Report(d)
	}
	return nil
}

// pinFix is the fix that pins u to the SHA its ref resolves to now, or why there is none.
func pinFix(p *analyzer.Pass, u *analyzer.Uses) ([]analyzer.Fix, error) {
	sha, err := p.Resolver.ResolveRef(u.Owner, u.Repo, u.Ref)
	if err != nil {
		return nil, err
	}
	e, ok := PinEdit(p.File, u, sha)
	if !ok {
		return nil, fmt.Errorf("line %d: %q is written in a way wflint cannot rewrite safely", u.Node.Line, u.Node.Value)
	}
	return []analyzer.Fix{{Title: fmt.Sprintf("pin %s to %s (%s today)", u.Name(), sha[:12], u.Ref), Safety: analyzer.Unsafe, Edits: e}}, nil
}

// refRange is the range of the ref of a uses: value, or of the value when it cannot be
// placed.
func refRange(f *analyzer.File, u *analyzer.Uses) analyzer.Range {
	if u.RefAt < 0 {
		return f.Range(u.Node)
	}
	return f.TextRange(u.Node, u.RefAt, len(u.Node.Value))
}

// PinEdit returns the edits that pin u to sha, keeping the ref it had as a version
// comment ("uses: actions/checkout@<sha> # v4.2.2"). Nothing else of the file changes:
// the value keeps its quoting, and a comment already on the line is kept after the
// version. When the value is not the last thing on its line (a flow mapping), only the
// ref is replaced.
func PinEdit(f *analyzer.File, u *analyzer.Uses, sha string) ([]analyzer.Edit, bool) {
	if u.RefAt < 0 || u.Node.Kind != yaml.ScalarNode {
		return nil, false
	}
	offs, ok := f.ValueOffsets(u.Node)
	if !ok || u.Node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, false
	}
	start, end := offs[u.RefAt], offs[len(u.Node.Value)-1]+1
	if string(f.Src[start:end]) != u.Ref {
		return nil, false // the ref is written with escapes or folded: leave it alone
	}
	edits := []analyzer.Edit{{Range: analyzer.Range{Start: f.OffsetPos(start), End: f.OffsetPos(end)}, NewText: sha}}
	if analyzer.ClassifyRef(u.Ref) == analyzer.RefSHA {
		return edits, true
	}
	// the rest of the line after the value: nothing, or a comment
	valueEnd := f.Range(u.Node).End
	line := f.LineText(valueEnd.Line)
	col := valueEnd.Offset - f.Pos(valueEnd.Line, 1).Offset
	if col > len(line) {
		return edits, true
	}
	rest := string(line[col:])
	trimmed := strings.TrimLeft(rest, " \t")
	switch {
	case trimmed == "":
		edits = append(edits, analyzer.Edit{Range: analyzer.Range{Start: valueEnd, End: valueEnd}, NewText: " # " + u.Ref})
	case strings.HasPrefix(trimmed, "#"):
		at := f.OffsetPos(valueEnd.Offset + len(rest) - len(trimmed) + 1)
		text := strings.TrimPrefix(trimmed, "#")
		sep := " "
		if strings.HasPrefix(text, " ") {
			sep = ""
		}
		edits = append(edits, analyzer.Edit{Range: analyzer.Range{Start: at, End: at}, NewText: " " + u.Ref + sep})
	}
	return edits, true
}

// ---- unpinned-image ----

func runUnpinnedImage(p *analyzer.Pass) error {
	f := p.File
	check := func(n *yaml.Node, image, where string) {
		if image == "" || strings.Contains(image, "${{") {
			return
		}
		if strings.Contains(image, "@sha256:") {
			return
		}
		ref := image
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			ref = ref[i+1:]
		}
		tag := ""
		if i := strings.IndexByte(ref, ':'); i >= 0 {
			tag = ref[i+1:]
		}
		var msg string
		switch tag {
		case "":
			msg = fmt.Sprintf("%s %q has no tag, so it is \"latest\": whatever was pushed last; pin it to a digest (%s@sha256:…)", where, image, image)
		case "latest":
			msg = fmt.Sprintf("%s %q uses \"latest\": whatever was pushed last; pin it to a digest (%s@sha256:…)", where, image, image)
		default:
			msg = fmt.Sprintf("%s %q is pinned to the tag %q, which can be pushed again; pin it to a digest (%s@sha256:…)", where, image, tag, image)
		}
		p.Report(analyzer.Diagnostic{Range: f.Range(n), Message: msg})
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind == analyzer.UsesDocker {
			check(u.Node, u.Image, "docker action image")
		}
	}
	wf := f.Workflow
	if wf == nil {
		return nil
	}
	imageOf := func(n *yaml.Node) *yaml.Node {
		n = analyzer.Resolve(n)
		if n == nil {
			return nil
		}
		if n.Kind == yaml.ScalarNode {
			return n
		}
		return analyzer.MappingOf(n).Get("image").Value
	}
	for _, j := range wf.Jobs {
		if img := imageOf(j.Container); img != nil && img.Kind == yaml.ScalarNode {
			check(img, img.Value, "container image")
		}
		for _, s := range j.Services {
			if img := imageOf(s.Value); img != nil && img.Kind == yaml.ScalarNode {
				check(img, img.Value, fmt.Sprintf("service %q image", s.Key.Value))
			}
		}
	}
	return nil
}

// ---- outdated-action ----

// node20Majors lists, for first-party actions, the major versions that run on Node 20,
// and the first major that runs on Node 24. Node 20 was removed from the runners on
// 2026-09-16 (../shared/github-actions-2026.md, section 5); such actions are now run on
// Node 24. Each entry was read from the action's action.yml at that tag, as recorded in
// the pull requests that moved actions to Node 24 (actions/checkout#2238 for checkout v5;
// the tables in pmcfadin/cqlite#731 and qdrant/java-client#112 for the others).
var node20Majors = map[string]struct {
	majors []string
	fixed  string
}{
	"actions/checkout":          {[]string{"v4"}, "v5"},
	"actions/cache":             {[]string{"v4"}, "v5"},
	"actions/cache/restore":     {[]string{"v4"}, "v5"},
	"actions/cache/save":        {[]string{"v4"}, "v5"},
	"actions/setup-node":        {[]string{"v4"}, "v5"},
	"actions/setup-python":      {[]string{"v5"}, "v6"},
	"actions/setup-java":        {[]string{"v4"}, "v5"},
	"actions/setup-go":          {[]string{"v5"}, "v6"},
	"actions/setup-dotnet":      {[]string{"v4"}, "v5"},
	"actions/github-script":     {[]string{"v7"}, "v8"},
	"actions/upload-artifact":   {[]string{"v4", "v5"}, "v6"},
	"actions/download-artifact": {[]string{"v4", "v5", "v6"}, "v7"},
}

// switchedOff lists versions GitHub has turned off on github.com: they fail
// (../shared/github-actions-2026.md, section 7: artifact actions below v4 fail since
// 2025-01-30, v1 and v2 since 2024-06-30).
var switchedOff = map[string][]string{
	"actions/upload-artifact":   {"v1", "v2", "v3"},
	"actions/download-artifact": {"v1", "v2", "v3"},
}

func runOutdatedAction(p *analyzer.Pass) error {
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote || u.JobLevel {
			continue
		}
		version, fromComment := u.Ref, false
		if analyzer.ClassifyRef(u.Ref) == analyzer.RefSHA {
			version, fromComment = versionComment(u.Node), true
		}
		if version == "" || analyzer.ClassifyRef(version) != analyzer.RefVersion {
			continue
		}
		name := u.Name()
		if u.Path != "" {
			name += "/" + u.Path
		}
		m := major(version)
		pinned := ""
		if fromComment {
			pinned = " (the version its comment names)"
		}
		rng := refRange(p.File, u)
		lname := strings.ToLower(name)
		switch {
		case slices.Contains(switchedOff[lname], m):
			p.Report(analyzer.Diagnostic{Range: rng, Message: fmt.Sprintf(
				"%s@%s%s has been switched off by GitHub and fails; use v4 or later (the v4 artifacts are not compatible with v3's)", name, version, pinned)})
		case isOutdatedPopular(name, u.Ref, m):
			msg := fmt.Sprintf("%s@%s%s was written for Node.js 16 or older, which the runners no longer have: GitHub runs it on Node.js 24, where it may break", name, version, pinned)
			if e, ok := node20Majors[lname]; ok {
				msg += fmt.Sprintf("; update to %s or later", e.fixed)
			} else {
				msg += "; update to its current version"
			}
			p.Report(analyzer.Diagnostic{Range: rng, Message: msg})
		default:
			if e, ok := node20Majors[lname]; ok && slices.Contains(e.majors, m) {
				p.Report(analyzer.Diagnostic{Range: rng, Severity: analyzer.Warning, Message: fmt.Sprintf(
					"%s@%s%s runs on Node.js 20, which was removed from the runners on 2026-09-16: GitHub runs it on Node.js 24 instead; update to %s, written for Node.js 24",
					name, version, pinned, e.fixed)})
			}
		}
	}
	return nil
}

func isOutdatedPopular(name, ref, m string) bool {
	for _, spec := range []string{name + "@" + ref, name + "@" + m} {
		if _, ok := actionlint.OutdatedPopularActionSpecs[spec]; ok {
			return true
		}
	}
	return false
}

// ---- version-comment-mismatch ----

func runVersionCommentMismatch(p *analyzer.Pass) error {
	if p.Resolver == nil {
		return nil // online only
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote || analyzer.ClassifyRef(u.Ref) != analyzer.RefSHA {
			continue
		}
		tag := versionComment(u.Node)
		if tag == "" {
			continue
		}
		sha, err := p.Resolver.ResolveRef(u.Owner, u.Repo, tag)
		if err != nil || strings.EqualFold(sha, u.Ref) {
			continue
		}
		d := analyzer.Diagnostic{Range: refRange(p.File, u), Message: fmt.Sprintf(
			"the comment says %s, but %s@%s points to %s, not to this commit: the comment is stale, or the pin is not what it claims",
			tag, u.Name(), tag, sha[:12])}
		p.Report(d)
	}
	return nil
}

// versionComment reads the version a SHA pin's comment names: "# v4.2.1", "# tag=v4",
// "#v4 (latest)".
func versionComment(n *yaml.Node) string {
	c := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(n.LineComment), "#"))
	c = strings.TrimPrefix(c, "tag=")
	c = strings.TrimPrefix(c, "pin@")
	if i := strings.IndexAny(c, " \t,;("); i >= 0 {
		c = c[:i]
	}
	if analyzer.IsVersion(c) {
		return c
	}
	return ""
}

// major returns "v4" for "v4.2.1", "4.2" or "v4".
func major(version string) string {
	v := strings.TrimPrefix(version, "v")
	if i := strings.IndexAny(v, ".-+"); i >= 0 {
		v = v[:i]
	}
	if v == "" {
		return ""
	}
	return "v" + v
}
