package supplychain

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// ---- unpinned-uses ----

// Pin policies, per owner or owner/repo glob.
const (
	PinHash = "hash" // only a full commit SHA
	PinRef  = "ref"  // version tags too
	PinAny  = "any"  // anything
)

// firstParty are the owners of GitHub's own actions, which may be used by tag by default.
var firstParty = []string{"actions", "github"}

// documentedBranches are actions whose documented usage is a branch, so that a branch
// ref is what their authors ask for, not a slip (checked 2026-11-30):
//   - dtolnay/rust-toolchain: its README writes "uses: dtolnay/rust-toolchain@stable"; every
//     toolchain (stable, nightly, 1.85, master) is a branch;
//   - google/oss-fuzz: CIFuzz's documentation writes ".../build_fuzzers@master";
//   - pypa/gh-action-pypi-publish: its README writes "@release/v1";
//   - taiki-e/install-action: its README writes "@<tool>", a branch per tool.
var documentedBranches = []string{"dtolnay/rust-toolchain", "google/oss-fuzz", "pypa/gh-action-pypi-publish", "taiki-e/install-action"}

// tagOnly are the actions whose authors require a full version tag, since they check
// their own ref (checked 2026-11-30): slsa-framework/slsa-github-generator's README says
// its builders and generators MUST be referenced by a tag of the form @vX.Y.Z, for
// slsa-verifier to verify the builder's ref; a SHA, or a shorter tag, fails the build
// (slsa-framework/slsa-github-generator#722).
var tagOnly = []string{"slsa-framework/slsa-github-generator"}

var fullVersion = lazyre.New(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// PinPolicy returns the policy for owner/repo: the most specific pattern of policies that
// matches wins ("actions/checkout" over "actions/*" over "*"); false when none does.
func PinPolicy(policies map[string]string, name string) (string, bool) {
	best, bestScore := "", -1
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
	return best, bestScore >= 0
}

// pinVerdict is what unpinned-uses says about u with options opts: the severity and
// the reason, or false when the ref is pinned well enough.
func pinVerdict(u *analyzer.Uses, opts analyzer.OptionValues) (analyzer.Severity, string, bool) {
	kind := analyzer.ClassifyRef(u.Ref)
	if kind == analyzer.RefSHA {
		return 0, "", false
	}
	what := "action"
	if u.JobLevel {
		what = "reusable workflow"
	}
	if slices.ContainsFunc(tagOnly, func(n string) bool { return strings.EqualFold(n, u.Name()) }) {
		if fullVersion.MatchString(u.Ref) {
			return 0, "", false // as its authors require
		}
		return analyzer.Error, fmt.Sprintf("%s %s must be referenced by a full version tag (@vX.Y.Z), not %q: it checks its own ref, and fails otherwise", what, u.Name(), u.Ref), true
	}
	switch kind {
	case analyzer.RefShortSHA:
		return analyzer.Error, fmt.Sprintf("%s %s is pinned to the short SHA %q, which GitHub does not accept; use the full 40-character commit SHA", what, u.Name(), u.Ref), true
	case analyzer.RefBranch:
		msg := fmt.Sprintf("%s %s follows the branch %q: every push to it changes what this workflow runs; pin a full commit SHA", what, u.Name(), u.Ref)
		return analyzer.Error, msg, true
	case analyzer.RefVersion:
		return analyzer.Warning, fmt.Sprintf("%s %s is pinned to the tag %q, which its owner can move; pin the full commit SHA (wflint pin does it)", what, u.Name(), u.Ref), true
	}
	return analyzer.Warning, fmt.Sprintf("%s %s is pinned to %q, a tag or branch that can move; pin the full commit SHA", what, u.Name(), u.Ref), true
}

// pinSeverity adjusts the severity of a pin verdict to the policy: what a configured
// pattern allows is not reported; by default the actions of trusted owners (GitHub's own,
// the repository's) may use tags and branches (a note), and an action whose documented
// usage is a branch is not a branch-ref error; strict wants a SHA from everyone.
func pinSeverity(u *analyzer.Uses, sev analyzer.Severity, opts analyzer.OptionValues) (analyzer.Severity, bool) {
	kind := analyzer.ClassifyRef(u.Ref)
	if kind == analyzer.RefShortSHA {
		return sev, true // GitHub rejects it, whoever owns the action
	}
	if pol, ok := PinPolicy(opts.StringMap("policy"), u.Name()); ok {
		return sev, pol == PinHash || pol == PinRef && kind != analyzer.RefVersion
	}
	if opts.Bool("strict") {
		return sev, true
	}
	trusted, _ := opts.Strings("trusted")
	if ownerMatches(u.Owner, append(slices.Clone(firstParty), trusted...)) {
		return analyzer.Note, true
	}
	if kind == analyzer.RefBranch && slices.ContainsFunc(documentedBranches, func(n string) bool { return strings.EqualFold(n, u.Name()) }) {
		return analyzer.Warning, true
	}
	return sev, true
}

func ownerMatches(owner string, globs []string) bool {
	for _, g := range globs {
		if ok, _ := path.Match(strings.ToLower(g), strings.ToLower(owner)); ok {
			return true
		}
	}
	return false
}

// unpinned is the finding of unpinned-uses for u with options opts, if there is one.
func unpinned(u *analyzer.Uses, opts analyzer.OptionValues) (analyzer.Severity, string, bool) {
	if u.Kind != analyzer.UsesRemote {
		return 0, "", false
	}
	sev, msg, ok := pinVerdict(u, opts)
	if !ok {
		return 0, "", false
	}
	sev, ok = pinSeverity(u, sev, opts)
	return sev, msg, ok
}

func runUnpinnedUses(p *analyzer.Pass) error {
	_, outdatedRuns := p.Peer(OutdatedAction)
	for _, u := range analyzer.UsesRefs.Of(p) {
		sev, msg, ok := unpinned(u, p.Options)
		if !ok {
			continue
		}
		d := analyzer.Diagnostic{Range: refRange(p.File, u), Severity: sev, Message: msg}
		target := u.Ref
		if o, ok := outdatedVerdict(u); ok && outdatedRuns {
			// one finding per ref: the outdated version and the pinning, said together
			d.Severity = max(d.Severity, o.severity)
			advice := o.advice
			if o.after != "" {
				advice += o.after + ","
			}
			d.Message = fmt.Sprintf("%s; %s and pin it to a full commit SHA, since %s", o.problem, advice, movable(u))
			if o.current != "" {
				d.Message += " (wflint pin --upgrade does both)"
				if p.Options.Bool("upgrade") {
					target = o.current
				}
			}
		}
		if p.Resolver != nil {
			d.Fixes, d.FixError = pinFix(p, u, target)
		}
		p.Report(d)
	}
	return nil
}

// movable says why u's ref can change under the workflow.
func movable(u *analyzer.Uses) string {
	switch analyzer.ClassifyRef(u.Ref) {
	case analyzer.RefShortSHA:
		return fmt.Sprintf("GitHub does not accept the short SHA %q", u.Ref)
	case analyzer.RefBranch:
		return fmt.Sprintf("the branch %q changes with every push", u.Ref)
	case analyzer.RefVersion:
		return fmt.Sprintf("its owner can move the tag %q", u.Ref)
	}
	return fmt.Sprintf("%q is a tag or branch that can move", u.Ref)
}

// pinFix is the fix that pins u to the SHA that ref (u's own, or the current major
// version) resolves to now, or why there is none.
func pinFix(p *analyzer.Pass, u *analyzer.Uses, ref string) ([]analyzer.Fix, error) {
	sha, err := p.Resolver.ResolveRef(u.Owner, u.Repo, ref)
	if err != nil {
		return nil, err
	}
	e, ok := PinEdit(p.File, u, sha, ref)
	if !ok {
		return nil, fmt.Errorf("line %d: %q is written in a way wflint cannot rewrite safely", u.Node.Line, u.Node.Value)
	}
	title := fmt.Sprintf("pin %s to %s (%s today)", u.Name(), sha[:12], ref)
	if ref != u.Ref {
		title = fmt.Sprintf("update %s to %s and pin it to %s", u.Name(), ref, sha[:12])
	}
	return []analyzer.Fix{{Title: title, Safety: analyzer.Unsafe, Edits: e}}, nil
}

// refRange is the range of the ref of a uses: value, or of the value when it cannot be
// placed.
func refRange(f *analyzer.File, u *analyzer.Uses) analyzer.Range {
	if u.RefAt < 0 {
		return f.Range(u.Node)
	}
	return f.TextRange(u.Node, u.RefAt, len(u.Node.Value))
}

// PinEdit returns the edits that pin u to sha, with version (the ref it had, or the one
// it is updated to) as a comment ("uses: actions/checkout@<sha> # v4.2.2"). Nothing else of the file changes:
// the value keeps its quoting, and a comment already on the line is kept after the
// version. When the value is not the last thing on its line (a flow mapping), only the
// ref is replaced.
func PinEdit(f *analyzer.File, u *analyzer.Uses, sha, version string) ([]analyzer.Edit, bool) {
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
		edits = append(edits, analyzer.Edit{Range: analyzer.Range{Start: valueEnd, End: valueEnd}, NewText: " # " + version})
	case strings.HasPrefix(trimmed, "#"):
		at := f.OffsetPos(valueEnd.Offset + len(rest) - len(trimmed) + 1)
		text := strings.TrimPrefix(trimmed, "#")
		sep := " "
		if strings.HasPrefix(text, " ") {
			sep = ""
		}
		edits = append(edits, analyzer.Edit{Range: analyzer.Range{Start: at, End: at}, NewText: " " + version + sep})
	}
	return edits, true
}
