package security

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

//go:embed known-vulnerable-action.md
var knownVulnerableActionDoc string

//go:embed impostor-commit.md
var impostorCommitDoc string

// KnownVulnerableAction reports an action used at a version that a GitHub security
// advisory says is vulnerable (online).
var KnownVulnerableAction = &analyzer.Rule{
	ID:       "known-vulnerable-action",
	Title:    "an action is used at a version with a published security advisory",
	Doc:      knownVulnerableActionDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error, // by the advisory's severity
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runKnownVulnerableAction,
	Online:   true,

	SecuritySeverity: 8.0,
}

// ImpostorCommit reports an action pinned to a commit that is not in its repository's
// branches or tags: a fork's commit, which GitHub serves under the parent's name (online).
var ImpostorCommit = &analyzer.Rule{
	ID:       "impostor-commit",
	Title:    "an action is pinned to a commit that is not in its repository",
	Doc:      impostorCommitDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Requires: []analyzer.Requirement{analyzer.UsesRefs},
	Run:      runImpostorCommit,
	Online:   true,

	SecuritySeverity: 9.0,
}

func runKnownVulnerableAction(p *analyzer.Pass) error {
	src, ok := p.Resolver.(analyzer.AdvisorySource)
	if !ok {
		return nil // offline
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote {
			continue
		}
		v, exact, ok := usedVersion(u)
		if !ok {
			continue // a branch, or a SHA with no version comment
		}
		action := u.Name()
		if u.Path != "" && !u.JobLevel {
			action += "/" + u.Path
		}
		advisories, err := src.Advisories(action)
		if err != nil {
			continue // said once on stderr by the CLI when the API cannot be reached
		}
		for _, a := range advisories {
			if !affected(v, a) {
				continue
			}
			p.Report(advisoryFinding(p, u, v, exact, a))
			break
		}
	}
	return nil
}

func advisoryFinding(p *analyzer.Pass, u *analyzer.Uses, v semver, exact bool, a analyzer.Advisory) analyzer.Diagnostic {
	d := analyzer.Diagnostic{Range: p.File.Range(u.Node), Severity: analyzer.Error}
	switch a.Severity {
	case "medium", "moderate":
		d.Severity = analyzer.Warning
	case "low":
		d.Severity = analyzer.Note
	}
	if !exact {
		d.Confidence = analyzer.Medium // a floating tag, or a version read from a comment
	}
	fix := "no patched version exists: remove the action or replace it"
	if a.Patched != "" {
		fix = "update to " + a.Patched + " or later, pinned to its commit SHA"
	}
	id := a.ID
	if a.CVE != "" {
		id += " (" + a.CVE + ")"
	}
	d.Message = fmt.Sprintf("%s %s is affected by %s, a %s-severity advisory: %s; affected versions %s; %s",
		u.Name(), v.text, id, a.Severity, strings.TrimSuffix(a.Summary, "."), a.Vulnerable, fix)
	return d
}

func runImpostorCommit(p *analyzer.Pass) error {
	cc, ok := p.Resolver.(analyzer.CommitChecker)
	if !ok {
		return nil // offline
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote || analyzer.ClassifyRef(u.Ref) != analyzer.RefSHA {
			continue
		}
		in, err := cc.InRepository(u.Owner, u.Repo, strings.ToLower(u.Ref))
		if err != nil || in {
			continue
		}
		p.Report(analyzer.Diagnostic{
			Range: p.File.Range(u.Node),
			Message: fmt.Sprintf("commit %s is in no branch or tag of %s: it comes from a fork, which GitHub serves under the repository's name, so whoever owns the fork chose this code; pin a commit of a release of %s",
				u.Ref[:12], u.Name(), u.Name()),
		})
	}
	return nil
}

// semver is a version as actions tag them; parts says how many numbers were written
// (v4 is a floating major: the latest 4.x.y).
type semver struct {
	n     [3]int
	parts int
	text  string
}

func parseSemver(s string) (semver, bool) {
	v := semver{text: s}
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	fields := strings.Split(s, ".")
	if len(fields) > 3 || s == "" {
		return v, false
	}
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return v, false
		}
		v.n[i] = n
	}
	v.parts = len(fields)
	return v, true
}

func compare(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// usedVersion is the version a uses: ref stands for: its tag, or a SHA's version
// comment; exact is false for a floating tag or a comment.
func usedVersion(u *analyzer.Uses) (semver, bool, bool) {
	ref, exact := u.Ref, true
	if analyzer.ClassifyRef(u.Ref) == analyzer.RefSHA {
		ref, exact = analyzer.VersionComment(u.Node), false
	}
	v, ok := parseSemver(ref)
	if !ok {
		return v, false, false
	}
	return v, exact && v.parts == 3, true
}

// affected reports whether version v is affected by advisory a. A floating tag (v4,
// v4.2) stands for the newest release of its line: it is affected unless the line has a
// patched release.
func affected(v semver, a analyzer.Advisory) bool {
	if v.parts < 3 {
		if p, ok := parseSemver(a.Patched); ok && p.n[0] == v.n[0] && (v.parts < 2 || p.n[1] == v.n[1]) {
			return false
		}
	}
	return inRange(v.n, a.Vulnerable)
}

// inRange reports whether version at is in an advisory's range: constraints such as
// ">= 1.0.0, < 1.2.3", all of which must hold.
func inRange(at [3]int, rng string) bool {
	ok := false
	for _, c := range strings.Split(rng, ",") {
		c = strings.TrimSpace(c)
		op := strings.TrimSpace(c[:len(c)-len(strings.TrimLeft(c, "<>=! "))])
		bound, valid := parseSemver(c[len(c)-len(strings.TrimLeft(c, "<>=! ")):])
		if !valid {
			return false
		}
		cmp := compare(at, bound.n)
		switch op {
		case "<":
			ok = cmp < 0
		case "<=":
			ok = cmp <= 0
		case ">":
			ok = cmp > 0
		case ">=":
			ok = cmp >= 0
		case "=", "==", "":
			ok = cmp == 0
		default:
			return false
		}
		if !ok {
			return false
		}
	}
	return ok
}
