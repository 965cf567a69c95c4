package security

import (
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// What the token of a job must allow, computed from what its steps are known to do. The
// table below is what excessive-permissions uses to write the minimal permissions: block
// and to call a granted write scope unused; `wflint explain excessive-permissions` prints
// it. Checked against each action's README and action.yml in November 2026.

// access is a token scope's level.
type access int8

const (
	noAccess access = iota
	readAccess
	writeAccess
)

func (a access) String() string {
	return [...]string{"none", "read", "write"}[a]
}

// scopes maps a permission scope (contents, pull-requests, …) to the level needed.
type scopes map[string]access

// add raises each scope of o in s to at least o's level.
func (s scopes) add(o scopes) {
	for k, v := range o {
		if v > s[k] {
			s[k] = v
		}
	}
}

// String lists the scopes in name order: "contents: read, pull-requests: write".
func (s scopes) String() string {
	var parts []string
	for _, k := range s.names() {
		parts = append(parts, k+": "+s[k].String())
	}
	return strings.Join(parts, ", ")
}

func (s scopes) names() []string {
	var names []string
	for k, v := range s {
		if v > noAccess {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

// parseScopes reads "contents: read, pull-requests: write".
func parseScopes(text string) scopes {
	s := scopes{}
	for _, part := range strings.Split(text, ",") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		lvl := readAccess
		if strings.TrimSpace(v) == "write" {
			lvl = writeAccess
		}
		s[strings.TrimSpace(k)] = lvl
	}
	return s
}

// tokenUse is what one action needs of the job's token. The first entry of an action
// whose condition holds applies; an action with no entry is unknown, and so is one whose
// entry says "?" (what it does with the token depends on a script).
type tokenUse struct {
	action string // owner/repo[/path], lower case
	needs  string // "contents: write, pull-requests: write"; "" for none; "?" unknown
	when   string // the condition, in words, for the table; "" when always
	cond   func(with analyzer.Mapping) bool
}

// tokenInputs name the inputs through which an action is handed another credential than
// the job's token (a personal access token, an app token): given one, it needs nothing
// of the job's token.
var tokenInputs = []string{"token", "github-token", "github_token", "repo-token", "repo_token", "GITHUB_TOKEN"}

// inputIs is a table condition: the step's input name satisfies pred.
func inputIs(name string, pred func(v string) bool) func(analyzer.Mapping) bool {
	return func(with analyzer.Mapping) bool {
		v, _ := analyzer.ScalarValue(with.Get(name).Value)
		return pred(strings.TrimSpace(v))
	}
}

func hasInput(name string) func(analyzer.Mapping) bool {
	return inputIs(name, func(v string) bool { return v != "" && v != "false" })
}

func inputMentionsToken(name string) func(analyzer.Mapping) bool {
	return inputIs(name, mentionsJobToken)
}

func inputContains(name, sub string) func(analyzer.Mapping) bool {
	return inputIs(name, func(v string) bool { return containsFold(v, sub) })
}

// tokenUses is the table. The setup and toolchain actions read public releases with the
// token, which any token may, so they need nothing.
var tokenUses = []tokenUse{
	{action: "actions/checkout", needs: "contents: read"},
	{action: "actions/upload-artifact"},
	{action: "actions/download-artifact", needs: "actions: read", when: "run-id is set", cond: hasInput("run-id")},
	{action: "actions/download-artifact"},
	{action: "actions/cache"},
	{action: "actions/cache/restore"},
	{action: "actions/cache/save"},
	{action: "actions/setup-node"},
	{action: "actions/setup-python"},
	{action: "actions/setup-go"},
	{action: "actions/setup-java"},
	{action: "actions/setup-dotnet"},
	{action: "actions/create-github-app-token"},
	{action: "actions/github-script", needs: "?"},
	{action: "actions/stale", needs: "actions: write, contents: write, issues: write, pull-requests: write", when: "delete-branch is set", cond: hasInput("delete-branch")},
	{action: "actions/stale", needs: "actions: write, issues: write, pull-requests: write"},
	{action: "actions/labeler", needs: "contents: read, issues: write, pull-requests: write"},
	{action: "actions/first-interaction", needs: "issues: write, pull-requests: write"},
	{action: "actions/dependency-review-action", needs: "contents: read, pull-requests: write", when: "comment-summary-in-pr is set", cond: hasInput("comment-summary-in-pr")},
	{action: "actions/dependency-review-action", needs: "contents: read"},
	{action: "actions/attest-build-provenance", needs: "attestations: write, contents: read, id-token: write"},
	{action: "actions/attest", needs: "attestations: write, contents: read, id-token: write"},
	{action: "actions/upload-pages-artifact"},
	{action: "actions/configure-pages", needs: "pages: read"},
	{action: "actions/deploy-pages", needs: "id-token: write, pages: write"},
	{action: "actions/publish-immutable-action", needs: "contents: read, id-token: write, packages: write"},
	{action: "github/codeql-action/init", needs: "contents: read"},
	{action: "github/codeql-action/autobuild"},
	{action: "github/codeql-action/analyze", needs: "actions: read, contents: read, security-events: write"},
	{action: "github/codeql-action/upload-sarif", needs: "actions: read, contents: read, security-events: write"},
	{action: "astral-sh/setup-uv"},
	{action: "docker/setup-buildx-action"},
	{action: "docker/setup-qemu-action"},
	{action: "docker/metadata-action", needs: "contents: read"},
	{action: "docker/login-action", needs: "packages: write", when: "the password is the job's token (only ghcr.io takes it)", cond: inputMentionsToken("password")},
	{action: "docker/login-action"},
	{action: "docker/build-push-action", needs: "contents: read"},
	{action: "docker/bake-action", needs: "contents: read"},
	{action: "swatinem/rust-cache"},
	{action: "dtolnay/rust-toolchain"},
	{action: "taiki-e/install-action"},
	{action: "pnpm/action-setup"},
	{action: "gradle/actions/setup-gradle", needs: "contents: write", when: "dependency-graph is set", cond: hasInput("dependency-graph")},
	{action: "gradle/actions/setup-gradle"},
	{action: "gradle/actions/dependency-submission", needs: "contents: write"},
	{action: "ruby/setup-ruby"},
	{action: "denoland/setup-deno"},
	{action: "jdx/mise-action"},
	{action: "azure/setup-helm"},
	{action: "sigstore/cosign-installer"},
	{action: "step-security/harden-runner"},
	{action: "slackapi/slack-github-action"},
	{action: "1password/load-secrets-action"},
	{action: "codecov/codecov-action", needs: "id-token: write", when: "use_oidc is set", cond: hasInput("use_oidc")},
	{action: "codecov/codecov-action"},
	{action: "azure/login", when: "creds is set", cond: hasInput("creds")},
	{action: "azure/login", needs: "id-token: write"},
	{action: "aws-actions/configure-aws-credentials", when: "aws-access-key-id is set", cond: hasInput("aws-access-key-id")},
	{action: "aws-actions/configure-aws-credentials", needs: "id-token: write"},
	{action: "google-github-actions/auth", needs: "id-token: write", when: "workload_identity_provider is set", cond: hasInput("workload_identity_provider")},
	{action: "google-github-actions/auth"},
	{action: "pypa/gh-action-pypi-publish", when: "password is set", cond: hasInput("password")},
	{action: "pypa/gh-action-pypi-publish", needs: "id-token: write"},
	{action: "ossf/scorecard-action", needs: "actions: read, contents: read, id-token: write", when: "publish_results is set", cond: hasInput("publish_results")},
	{action: "ossf/scorecard-action", needs: "actions: read, contents: read"},
	{action: "zizmorcore/zizmor-action", needs: "contents: read", when: "advanced-security is false", cond: inputContains("advanced-security", "false")},
	{action: "zizmorcore/zizmor-action", needs: "actions: read, contents: read, security-events: write"},
	{action: "golangci/golangci-lint-action", needs: "checks: write, contents: read, pull-requests: read"}, // checks: annotations
	{action: "dorny/paths-filter", needs: "contents: read, pull-requests: read"},
	{action: "amannn/action-semantic-pull-request", needs: "pull-requests: read, statuses: write", when: "wip is set", cond: hasInput("wip")},
	{action: "amannn/action-semantic-pull-request", needs: "pull-requests: read"},
	{action: "actions/add-to-project"}, // it needs a personal access token
	{action: "peter-evans/create-pull-request", needs: "contents: write, pull-requests: write"},
	{action: "peter-evans/create-or-update-comment", needs: "issues: write, pull-requests: write"},
	{action: "marocchino/sticky-pull-request-comment", needs: "pull-requests: write"},
	{action: "thollander/actions-comment-pull-request", needs: "pull-requests: write"},
	{action: "dessant/lock-threads", needs: "discussions: write, issues: write, pull-requests: write"},
	{action: "softprops/action-gh-release", needs: "contents: write"},
	{action: "ncipollo/release-action", needs: "contents: write"},
	{action: "release-drafter/release-drafter", needs: "contents: write, pull-requests: write"},
	{action: "googleapis/release-please-action", needs: "contents: write, issues: write, pull-requests: write"},
	{action: "changesets/action", needs: "contents: write, pull-requests: write"},
	{action: "stefanzweifel/git-auto-commit-action", needs: "contents: write"},
	{action: "jamesives/github-pages-deploy-action", needs: "contents: write"},
	{action: "peaceiris/actions-gh-pages", needs: "contents: write", when: "github_token is set", cond: hasInput("github_token")},
	{action: "peaceiris/actions-gh-pages"}, // deploy_key or personal_token
}

// tokenUseIndex is tokenUses by action.
var tokenUseIndex = func() map[string][]tokenUse {
	m := map[string][]tokenUse{}
	for _, u := range tokenUses {
		m[u.action] = append(m[u.action], u)
	}
	return m
}()

// ghCommand matches a gh command and its subcommand at the start of a shell command.
var ghCommand = lazyre.New(`(?m)(?:^|[;&|(]|\b(?:then|do|else)\b|\$\()\s*gh\s+([a-z-]+)(?:\s+([a-z-]+))?`).Needing("gh ", "gh\t", "gh\n", "gh\r", "gh\f", "gh\v")

// gitPush matches a git push at the start of a shell command.
var gitPush = lazyre.New(`(?m)(?:^|[;&|(]|\b(?:then|do|else)\b)\s*git\s+(?:-[cC]\s+\S+\s+)*push\b`).Needing("git ", "git\t", "git\n", "git\r", "git\f", "git\v")

// ghNeeds is what gh subcommands need; the second word is the subcommand ("*" any).
// A gh command not listed (gh api, gh repo, gh secret, …) makes the step unknown.
var ghNeeds = map[string]string{
	"pr view": "pull-requests: read", "pr list": "pull-requests: read", "pr diff": "pull-requests: read",
	"pr checks": "checks: read, pull-requests: read", "pr status": "pull-requests: read",
	"pr comment": "pull-requests: write", "pr review": "pull-requests: write", "pr edit": "pull-requests: write",
	"pr close": "pull-requests: write", "pr reopen": "pull-requests: write", "pr ready": "pull-requests: write",
	"pr create": "pull-requests: write", "pr merge": "contents: write, pull-requests: write",
	"pr checkout": "contents: read, pull-requests: read",
	"issue view":  "issues: read", "issue list": "issues: read", "issue status": "issues: read",
	"issue comment": "issues: write", "issue create": "issues: write", "issue edit": "issues: write",
	"issue close": "issues: write", "issue reopen": "issues: write", "issue lock": "issues: write",
	"issue unlock": "issues: write", "issue pin": "issues: write", "issue unpin": "issues: write",
	"label *":      "issues: write",
	"release view": "contents: read", "release list": "contents: read", "release download": "contents: read",
	"release create": "contents: write", "release upload": "contents: write", "release edit": "contents: write",
	"release delete": "contents: write", "release delete-asset": "contents: write",
	"run view": "actions: read", "run list": "actions: read", "run download": "actions: read", "run watch": "actions: read",
	"run cancel": "actions: write", "run rerun": "actions: write", "run delete": "actions: write",
	"workflow run": "actions: write", "workflow view": "actions: read", "workflow list": "actions: read",
	"workflow enable": "actions: write", "workflow disable": "actions: write",
	"cache list": "actions: read", "cache delete": "actions: write",
	"attestation verify": "attestations: read, contents: read",
}

// stepNeeds returns what one step needs of the job's token, and false when wflint cannot
// tell. tokenInEnv says whether the job's token is in the step's environment.
func stepNeeds(st *analyzer.Step, tokenInEnv bool) (scopes, bool) {
	switch st.Kind {
	case analyzer.StepUses:
		return actionNeeds(st)
	case analyzer.StepRun:
		run, ok := analyzer.ScalarValue(st.Run)
		if !ok {
			return nil, false
		}
		return scriptNeeds(run, tokenInEnv || mentionsJobToken(run))
	}
	return scopes{}, true // wait, wait-all, cancel; parallel groups are walked step by step
}

// actionNeeds looks a uses: step up in the table.
func actionNeeds(st *analyzer.Step) (scopes, bool) {
	u := analyzer.ParseUses(st.Uses)
	switch u.Kind {
	case analyzer.UsesDocker:
		// a container action sees the token only when handed it
		return scopes{}, !anyScalar(st.Node, mentionsJobToken)
	case analyzer.UsesRemote:
	default:
		return nil, false // a local action: its steps are in another file
	}
	name := strings.ToLower(u.Name())
	if u.Path != "" {
		name += "/" + strings.ToLower(u.Path)
	}
	entries := tokenUseIndex[name]
	if entries == nil {
		return nil, false
	}
	for _, e := range entries {
		if e.cond != nil && !e.cond(st.With) {
			continue
		}
		// Only for an action in the table is a token input known to be a GitHub
		// credential (another action's "token" may be a service's). Handed another one,
		// it needs of the job's token only an OIDC token, which no input replaces.
		if otherCredential(st.With) {
			if strings.Contains(e.needs, "id-token: write") {
				return scopes{"id-token": writeAccess}, true
			}
			return scopes{}, true
		}
		if e.needs == "?" {
			return nil, false
		}
		return parseScopes(e.needs), true
	}
	return nil, false
}

// otherCredential reports whether a token input is given a credential other than the
// job's token.
func otherCredential(with analyzer.Mapping) bool {
	for _, in := range tokenInputs {
		if v, ok := analyzer.ScalarValue(with.Get(in).Value); ok && strings.TrimSpace(v) != "" && !mentionsJobToken(v) {
			return true
		}
	}
	return false
}

// scriptNeeds reads the gh and git push commands of a script. With the token in its
// environment, a script that runs no command wflint knows is unknown: it may hand the
// token to any program.
func scriptNeeds(run string, token bool) (scopes, bool) {
	need := scopes{}
	known := false
	if strings.Contains(run, "push") && gitPush.MatchString(run) {
		need.add(scopes{"contents": writeAccess})
		known = true
	}
	if !strings.Contains(run, "gh ") {
		if token && !known {
			return nil, false
		}
		if token && !onlyKnownCommands(run) {
			return nil, false
		}
		return need, true
	}
	for _, m := range ghCommand.FindAllStringSubmatch(run, -1) {
		text, ok := ghNeeds[m[1]+" "+m[2]]
		if !ok {
			text, ok = ghNeeds[m[1]+" *"]
		}
		if !ok {
			return nil, false
		}
		need.add(parseScopes(text))
		known = true
	}
	if token && !(known && onlyKnownCommands(run)) {
		return nil, false
	}
	return need, true
}

// shellWords start commands that hand the token to no program but gh and git: shell
// builtins and text filters.
var shellWords = lazyre.New(`^(?:gh|git|echo|printf|export|set|cd|fi|done|case|esac|test|true|false|exit|jq|grep|sed|awk|cut|tr|head|tail|sort|uniq|wc|cat|tee|\[\[?|\]\]?|[A-Za-z_][A-Za-z0-9_]*=\S*|[{}()]|;;|#)(?:\s|$)`)

// leadWords come before a command without being one.
var leadWords = lazyre.New(`^(?:if|then|else|elif|while|until|do|!|\{)(?:\s+|$)`)

// commandBreak splits a script into commands.
var commandBreak = lazyre.New(`\n|\|\|?|&&|;`)

// substitution finds a command substitution, which must run gh or git too.
var substitution = lazyre.New("\\$\\(|`")

// onlyKnownCommands reports whether every command of a script, split at line ends, pipes
// and ;/&&/||, starts with gh, git or a shell word, so that the token in its environment
// reaches no other program.
func onlyKnownCommands(run string) bool {
	for _, cmd := range commandBreak.Split(strings.ReplaceAll(run, "\\\n", " "), -1) {
		cmd = strings.TrimSpace(cmd)
		for loc := leadWords.FindStringIndex(cmd); loc != nil; loc = leadWords.FindStringIndex(cmd) {
			cmd = cmd[loc[1]:]
		}
		if cmd == "" {
			continue
		}
		if !shellWords.MatchString(cmd) {
			return false
		}
		for _, loc := range substitution.FindAllStringIndex(cmd, -1) {
			if !shellWords.MatchString(strings.TrimSpace(cmd[loc[1]:])) {
				return false
			}
		}
	}
	return true
}

// mentionsJobToken reports whether text names the job's token.
func mentionsJobToken(text string) bool {
	return containsFold(text, "github.token") || containsFold(text, "secrets.github_token") ||
		strings.Contains(text, "GITHUB_TOKEN") || strings.Contains(text, "GH_TOKEN")
}
