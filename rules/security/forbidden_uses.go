package security

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

//go:embed forbidden-uses.md
var forbiddenUsesDoc string

// ForbiddenUses reports a remote action or reusable workflow that the configuration's
// deny list names, or that its allow list does not.
var ForbiddenUses = &analyzer.Rule{
	ID:           "forbidden-uses",
	Title:        "an action or reusable workflow the configuration does not allow",
	Doc:          forbiddenUsesDoc,
	Category:     analyzer.CategorySecurity,
	Severity:     analyzer.Error,
	OffByDefault: true, // a policy: it needs the organisation's lists
	Kinds:        analyzer.WorkflowsAndActions,
	Requires:     []analyzer.Requirement{analyzer.UsesRefs},
	Run:          runForbiddenUses,
	Options: []analyzer.Option{
		{Name: "allow", Type: analyzer.OptionStrings,
			Doc:     "the only actions and reusable workflows that may be used (owner, owner/repo or owner/repo/path globs); with a list, any other is reported",
			Example: `[actions, github, "my-org/*"]`},
		{Name: "deny", Type: analyzer.OptionStrings,
			Doc:     "actions and reusable workflows that must not be used (owner, owner/repo or owner/repo/path globs); deny wins over allow",
			Example: `["tj-actions/changed-files"]`},
	},

	SecuritySeverity: 7.0,
}

func runForbiddenUses(p *analyzer.Pass) error {
	allow, hasAllow := p.Options.Strings("allow")
	deny, _ := p.Options.Strings("deny")
	if !hasAllow && len(deny) == 0 {
		return nil
	}
	for _, u := range analyzer.UsesRefs.Of(p) {
		if u.Kind != analyzer.UsesRemote {
			continue
		}
		full := u.Name()
		if u.Path != "" {
			full += "/" + u.Path
		}
		what := "action"
		if u.JobLevel {
			what = "reusable workflow"
		}
		if pat := matchUses(deny, full); pat != "" {
			p.Report(analyzer.Diagnostic{Range: p.File.Range(u.Node), Message: fmt.Sprintf(
				"%s %s is forbidden by the configuration (deny: %q)", what, full, pat)})
			continue
		}
		if hasAllow && matchUses(allow, full) == "" {
			p.Report(analyzer.Diagnostic{Range: p.File.Range(u.Node), Message: fmt.Sprintf(
				"%s %s is not in the configuration's allow list (%s)", what, full, strings.Join(allow, ", "))})
		}
	}
	return nil
}

// matchUses returns the first pattern that matches owner/repo[/path], or "". A pattern
// names an owner ("actions", all its repositories), a repository ("owner/repo", any path
// in it) or a glob of either ("my-org/*", "owner/repo/sub/*"); case does not count.
func matchUses(patterns []string, full string) string {
	full = strings.ToLower(full)
	parts := strings.Split(full, "/")
	for _, pat := range patterns {
		p := strings.ToLower(strings.TrimSpace(pat))
		n := strings.Count(p, "/") + 1
		if n > len(parts) {
			continue
		}
		if ok, _ := path.Match(p, strings.Join(parts[:n], "/")); ok {
			return pat
		}
	}
	return ""
}
