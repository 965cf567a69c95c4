package supplychain

import (
	_ "embed"
	"fmt"
	"strings"

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
	Options: []analyzer.Option{
		{Name: "policy", Type: analyzer.OptionStringMap, Values: []string{PinHash, PinRef, PinAny},
			Doc:     "how strictly to pin, per owner or owner/repo glob: hash (a full commit SHA), ref (tags too) or any; the most specific pattern wins over the default policy",
			Example: "\"actions/*\": ref\n\"my-org/*\": any"},
		{Name: "trusted", Type: analyzer.OptionStrings,
			Doc:     "owners (globs) whose actions may be used by tag or branch, reported only as notes; GitHub's own (actions, github) and the repository's owner always are",
			Example: "[my-org, my-other-org]"},
		{Name: "strict", Type: analyzer.OptionBool,
			Doc:     "every remote action and reusable workflow must be pinned to a full commit SHA, whoever owns it (the strict profile)",
			Example: "true"},
		{Name: "upgrade", Type: analyzer.OptionBool,
			Doc:     "the fix of an outdated ref pins the current major version's commit SHA instead of the ref's (wflint pin --upgrade)",
			Example: "false"},
	},
	ID:       "unpinned-uses",
	Title:    "an action or reusable workflow is not pinned to a full commit SHA",
	Doc:      unpinnedUsesDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	// Run is set in init: the rule consults outdated-action, which consults it.

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
	Severity: analyzer.Warning, // error for what GitHub switched off, note for Node.js 20
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	// Run is set in init: the rule consults unpinned-uses, which consults it.
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
	Online:   true,

	SecuritySeverity: 6.0,
}

func init() {
	UnpinnedUses.Run = runUnpinnedUses
	OutdatedAction.Run = runOutdatedAction
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
		// "latest" changes with every push: a real risk; a version tag is moved only by a
		// republish, so pinning its digest is hygiene
		sev, msg := analyzer.Warning, ""
		switch tag {
		case "":
			msg = fmt.Sprintf("%s %q has no tag, so it is \"latest\": whatever was pushed last; pin it to a digest (%s@sha256:…)", where, image, image)
		case "latest":
			msg = fmt.Sprintf("%s %q uses \"latest\": whatever was pushed last; pin it to a digest (%s@sha256:…)", where, image, image)
		default:
			sev = analyzer.Note
			msg = fmt.Sprintf("%s %q is pinned to the tag %q, which can be pushed again; pin it to a digest (%s@sha256:…)", where, image, tag, image)
		}
		p.Report(analyzer.Diagnostic{Range: f.Range(n), Severity: sev, Message: msg})
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

// ---- version-comment-mismatch ----

func runVersionCommentMismatch(p *analyzer.Pass) error {
	if p.Resolver == nil {
		return nil // online only
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote || analyzer.ClassifyRef(u.Ref) != analyzer.RefSHA {
			continue
		}
		tag := analyzer.VersionComment(u.Node)
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
