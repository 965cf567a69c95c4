package supplychain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
)

// ---- outdated-action ----

// currentMajors is the newest major version of GitHub's own and the most used actions,
// as the public repositories of the shared corpus use them (gathered 2026-11-26; the
// highest major seen, each used by many repositories). Keep it current: a recommendation
// of an old major is worse than none.
var currentMajors = map[string]string{
	"actions/checkout":                  "v7",
	"actions/setup-python":              "v7",
	"actions/setup-node":                "v7",
	"actions/setup-go":                  "v7",
	"actions/setup-java":                "v5",
	"actions/setup-dotnet":              "v6",
	"actions/cache":                     "v6",
	"actions/cache/restore":             "v6",
	"actions/cache/save":                "v6",
	"actions/upload-artifact":           "v7",
	"actions/download-artifact":         "v8",
	"actions/github-script":             "v9",
	"actions/stale":                     "v11",
	"actions/labeler":                   "v7",
	"actions/upload-pages-artifact":     "v5",
	"actions/deploy-pages":              "v5",
	"actions/configure-pages":           "v5",
	"github/codeql-action/init":         "v4",
	"github/codeql-action/analyze":      "v4",
	"github/codeql-action/autobuild":    "v4",
	"github/codeql-action/upload-sarif": "v4",
	"docker/setup-buildx-action":        "v4",
	"docker/setup-qemu-action":          "v4",
	"docker/login-action":               "v4",
	"docker/build-push-action":          "v7",
	"docker/metadata-action":            "v6",
}

// node20Majors lists, for first-party actions, the major versions that run on Node 20.
// Node 20 was removed from the runners on 2026-09-16 (../shared/github-actions-2026.md,
// section 5); such actions are now run on Node 24. Each entry was read from the action's
// action.yml at that tag, as recorded in the pull requests that moved actions to Node 24
// (actions/checkout#2238 for checkout v5; the tables in pmcfadin/cqlite#731 and
// qdrant/java-client#112 for the others).
var node20Majors = map[string][]string{
	"actions/checkout":          {"v4"},
	"actions/cache":             {"v4"},
	"actions/cache/restore":     {"v4"},
	"actions/cache/save":        {"v4"},
	"actions/setup-node":        {"v4"},
	"actions/setup-python":      {"v5"},
	"actions/setup-java":        {"v4"},
	"actions/setup-go":          {"v5"},
	"actions/setup-dotnet":      {"v4"},
	"actions/github-script":     {"v7"},
	"actions/upload-artifact":   {"v4", "v5"},
	"actions/download-artifact": {"v4", "v5", "v6"},
}

// switchedOff lists versions GitHub has turned off on github.com: they fail
// (../shared/github-actions-2026.md, section 7: artifact actions below v4 fail since
// 2025-01-30, v1 and v2 since 2024-06-30).
var switchedOff = map[string][]string{
	"actions/upload-artifact":   {"v1", "v2", "v3"},
	"actions/download-artifact": {"v1", "v2", "v3"},
}

// outdated is what outdated-action says about a ref: the problem, what to do, and a
// remark after it.
type outdated struct {
	severity               analyzer.Severity
	problem, advice, after string
	current                string // the current major version, when known
}

func (o outdated) message() string { return o.problem + "; " + o.advice + o.after }

// outdatedVerdict says whether the version u names (its ref, or the comment of a SHA
// pin) is one GitHub switched off (error), one written for Node.js 16 or older (warning:
// it runs on Node.js 24 and may break), or one for Node.js 20 (note: it runs on Node.js
// 24, as it was tested to).
func outdatedVerdict(u *analyzer.Uses) (outdated, bool) {
	if u.Kind != analyzer.UsesRemote || u.JobLevel {
		return outdated{}, false
	}
	version, fromComment := u.Ref, false
	if analyzer.ClassifyRef(u.Ref) == analyzer.RefSHA {
		version, fromComment = analyzer.VersionComment(u.Node), true
	}
	if version == "" || analyzer.ClassifyRef(version) != analyzer.RefVersion {
		return outdated{}, false
	}
	name := u.Name()
	if u.Path != "" {
		name += "/" + u.Path
	}
	lname := strings.ToLower(name)
	m := major(version)
	pinned := ""
	if fromComment {
		pinned = " (the version its comment names)"
	}
	current := currentMajors[lname]
	update := "update to its current version"
	if current != "" {
		update = "update to " + current
	}
	switch {
	case slices.Contains(switchedOff[lname], m):
		return outdated{analyzer.Error, fmt.Sprintf("%s@%s%s has been switched off by GitHub and fails", name, version, pinned),
			update, " (artifacts of v4 and later are not compatible with v3's)", current}, true
	case isOutdatedPopular(name, u.Ref, m):
		return outdated{analyzer.Warning, fmt.Sprintf(
			"%s@%s%s was written for Node.js 16 or older, which the runners no longer have: GitHub runs it on Node.js 24, where it may break", name, version, pinned),
			update, "", current}, true
	case slices.Contains(node20Majors[lname], m):
		return outdated{analyzer.Note, fmt.Sprintf(
			"%s@%s%s was written for Node.js 20, which the runners no longer have: GitHub runs it on Node.js 24", name, version, pinned),
			update, ", made for Node.js 24", current}, true
	}
	return outdated{}, false
}

func runOutdatedAction(p *analyzer.Pass) error {
	pinOpts, pinRuns := p.Peer(UnpinnedUses)
	for _, u := range analyzer.UsesRefs.Of(p) {
		o, ok := outdatedVerdict(u)
		if !ok {
			continue
		}
		if _, _, unpinnedToo := unpinned(u, pinOpts); pinRuns && unpinnedToo {
			continue // unpinned-uses says both in one finding
		}
		p.Report(analyzer.Diagnostic{Range: refRange(p.File, u), Severity: o.severity, Message: o.message()})
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
