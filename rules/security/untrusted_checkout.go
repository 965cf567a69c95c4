package security

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed untrusted-checkout.md
var untrustedCheckoutDoc string

// UntrustedCheckout reports a privileged run that checks out a pull request's code and
// then runs it.
var UntrustedCheckout = &analyzer.Rule{
	ID:       "untrusted-checkout",
	Title:    "a privileged run checks out a pull request's code and runs it",
	Doc:      untrustedCheckoutDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error, // a warning where checkout's fork guard stops it
	Run:      runUntrustedCheckout,

	SecuritySeverity: 9.0,
}

// prRef finds a checkout ref or repository that names the pull request's head or merge.
var prRef = lazyre.New(`github\.event\.pull_request\.(head\.(sha|ref|repo\.full_name)|merge_commit_sha)|github\.head_ref|refs/pull/|github\.event\.workflow_run\.(head_sha|head_branch|head_repository\.full_name)`).Needing("pull_request", "head_ref", "refs/pull/", "workflow_run")

// prFetch finds a command that fetches a pull request's code past checkout's guard.
var prFetch = lazyre.New(`\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|pull)\b[^\n]*\b(?:refs/)?pull/|\bgit\s+(?:checkout|switch)\b[^\n]*(?:head\.sha|head\.ref|head_ref|head_sha)`).Needing("checkout", "pull/", "switch")

// runsCode finds a command that builds, installs, tests or runs what is in the tree.
var runsCode = lazyre.New(`(?m)(?:^|[;&|(]\s*|\b(?:then|do|else)\s+)\s*(?:sudo\s+)?(?:make|cmake|npm|npx|yarn|pnpm|bun|node|pip3?|python3?|pytest|tox|nox|uv|poetry|go\s+(?:build|test|run|generate|vet)|cargo|mvn|\./mvnw|gradle|\./gradlew|bundle|rake|ruby|composer|php|dotnet|docker\s+(?:buildx\s+)?build|docker\s+compose|pre-commit|bash\s+\S|sh\s+\S|\./\S+|source\s+\S)\b`)

func runUntrustedCheckout(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	var trigger string
	for _, ev := range wf.On.Events {
		switch ev.Name.Value {
		case "pull_request_target", "workflow_run", "issue_comment":
			if trigger == "" || ev.Name.Value == "pull_request_target" {
				trigger = ev.Name.Value
			}
		}
	}
	if trigger == "" {
		return nil
	}
	triggers := eventsAmong(wf, "pull_request_target", "workflow_run", "issue_comment")
	for _, j := range jobsWorthTaking(wf, func(cond *yaml.Node) bool { return insidersOnly(cond, triggers) }) {
		checkJobCheckout(p, j, trigger)
	}
	return nil
}

// jobsWorthTaking are the jobs an outsider's code could take something from: not kept
// from them by an if: that gated accepts, and holding a write token or a secret.
func jobsWorthTaking(wf *analyzer.Workflow, gated func(cond *yaml.Node) bool) []*analyzer.Job {
	var out []*analyzer.Job
	for _, j := range wf.Jobs {
		if gated(j.If) {
			continue
		}
		if !holdsWrite(j, wf) && !readsSecret(j) {
			continue // nothing to steal: a read-only token and no secrets
		}
		out = append(out, j)
	}
	return out
}

// checkJobCheckout reports the first checkout of pull request code in a job that a later
// step runs.
func checkJobCheckout(p *analyzer.Pass, j *analyzer.Job, trigger string) {
	type checkout struct {
		i          int
		at         *yaml.Node
		guard, dir string
	}
	var steps []*analyzer.Step
	var prs []checkout
	var base []string // the path: directories of the job's checkouts of the base
	eachStep(j.Steps, func(st *analyzer.Step) {
		if at, guard, dir := prCheckout(st); at != nil {
			prs = append(prs, checkout{len(steps), at, guard, dir})
		} else if d := baseCheckoutDir(st); d != "" {
			base = append(base, d+"/")
		}
		steps = append(steps, st)
	})
	for _, c := range prs {
		st, at, guard := steps[c.i], c.at, c.guard
		runner := firstRunner(steps[c.i+1:], c.dir, base)
		if runner == nil && st.Run != nil {
			runner = sameStepRunner(st)
		}
		if runner == nil {
			continue
		}
		d := analyzer.Diagnostic{
			Range:    p.File.Range(at),
			Severity: analyzer.Error,
			Related:  []analyzer.Related{{Message: "the step that runs it", Range: p.File.Range(runner)}},
		}
		if trigger == "workflow_run" {
			d.Confidence = analyzer.Medium // only when the triggering workflow runs on pull requests
		}
		switch {
		case guard == "guarded" && trigger != "issue_comment":
			d.Severity = analyzer.Warning
			d.Message = fmt.Sprintf("job %q checks out a pull request's code in a run that %s starts, and runs it; this actions/checkout refuses a fork's code since the 2026 fork guard, so the job fails for every fork pull request; check out the base, or run the pull request's code in a pull_request workflow", j.ID.Value, trigger)
		default:
			d.Message = fmt.Sprintf("job %q checks out a pull request's code in a run that %s starts, which holds the repository's token and secrets, and then runs it: a fork's build scripts run with them%s; run untrusted code in a pull_request workflow and pass its results as an artifact", j.ID.Value, trigger, guard)
		}
		p.Report(d)
		return
	}
}

// prCheckout says whether a step checks out pull request code: the node to report, the
// state of checkout's fork guard ("guarded", or a reason it does not apply) and the
// directory the code lands in ("" for the workspace).
func prCheckout(st *analyzer.Step) (*yaml.Node, string, string) {
	if v, ok := analyzer.ScalarValue(st.Run); ok && prFetch.MatchString(v) {
		return st.Run, " (a git or gh command is not stopped by checkout's fork guard)", ""
	}
	if st.Uses == nil {
		return nil, "", ""
	}
	u := analyzer.ParseUses(st.Uses)
	if u.Kind != analyzer.UsesRemote || !strings.EqualFold(u.Name(), "actions/checkout") {
		return nil, "", ""
	}
	var at *yaml.Node
	for _, key := range []string{"ref", "repository"} {
		if e := st.With.Get(key); e.Value != nil {
			if v, ok := analyzer.ScalarValue(e.Value); ok && prRef.MatchString(v) {
				at = e.Value
				break
			}
		}
	}
	if at == nil {
		return nil, "", ""
	}
	dir, _ := analyzer.ScalarValue(st.With.Get("path").Value)
	if v, ok := analyzer.ScalarValue(st.With.Get("allow-unsafe-pr-checkout").Value); ok && v == "true" {
		return at, " (allow-unsafe-pr-checkout: true turns checkout's fork guard off)", dir
	}
	return at, checkoutGuard(u.Ref, st.Uses), dir
}

// checkoutGuard says whether the checkout version has the fork guard (2026-06-18 in v7,
// backported 2026-07-16 to the floating majors, v6.1.0 and v4.4.0).
func checkoutGuard(ref string, uses *yaml.Node) string {
	v, ok := actionVersion(ref, uses)
	switch {
	case !ok && len(ref) == 40:
		return " (a commit SHA of unknown version may predate checkout's fork guard)"
	case !ok:
		return " (an unknown version of checkout may lack its fork guard)"
	case v.floating && v.at(4, 0), v.at(7, 0), v.major == 6 && v.at(6, 1), v.major == 4 && v.at(4, 4):
		return "guarded"
	}
	return fmt.Sprintf(" (checkout %s predates the fork guard of 2026)", v.text)
}

// version is an action's version as a ref or a SHA's version comment gives it.
type version struct {
	text                string
	major, minor, patch int
	floating            bool // a major alone (v4): the tag follows that major's latest release
}

// at reports whether v is major.minor or later; a floating major is its latest release.
func (v version) at(major, minor int) bool {
	if v.major != major {
		return v.major > major
	}
	return v.floating || v.minor >= minor
}

// actionVersion reads the version of a uses: ref, from its version comment when the ref
// is a commit SHA; false when there is none or it is not a version.
func actionVersion(ref string, uses *yaml.Node) (version, bool) {
	text := ref
	if len(ref) == 40 {
		text = analyzer.VersionComment(uses)
	}
	parts := strings.Split(strings.TrimPrefix(text, "v"), ".")
	nums := make([]int, 3)
	for i := 0; i < len(parts) && i < 3; i++ {
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return version{}, false
		}
		nums[i] = n
	}
	return version{text: text, major: nums[0], minor: nums[1], patch: nums[2], floating: len(parts) == 1}, true
}

// firstRunner is the first step that runs code from the tree (from dir, when the pull
// request was checked out into a directory): a local action or a build, install or test
// command.
func firstRunner(steps []*analyzer.Step, dir string, base []string) *yaml.Node {
	dir = strings.TrimSuffix(strings.TrimPrefix(dir, "./"), "/")
	for _, st := range steps {
		if v, ok := analyzer.ScalarValue(st.Run); ok && mentionsAny(v, base) {
			continue // runs a script of a checkout of the base
		}
		if st.Uses != nil {
			if u := analyzer.ParseUses(st.Uses); u.Kind == analyzer.UsesLocal && (dir == "" || strings.Contains(st.Uses.Value, dir)) {
				return st.Uses
			}
			continue
		}
		v, ok := analyzer.ScalarValue(st.Run)
		if !ok || !runsCode.MatchString(v) {
			continue
		}
		wd, _ := analyzer.ScalarValue(st.WorkingDirectory)
		if dir == "" || strings.Contains(wd, dir) || runsFrom(v, dir) {
			return st.Run
		}
	}
	return nil
}

// endsWithWord reports whether s ends with the word w.
func endsWithWord(s, w string) bool {
	if !strings.HasSuffix(s, w) {
		return false
	}
	rest := s[:len(s)-len(w)]
	if rest == "" {
		return true
	}
	c := rest[len(rest)-1]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')
}

// buildsDir finds a command that builds or installs a directory it is given, running
// the code in it (pip install ./pr, make -C pr, npm --prefix pr ci, docker build pr).
var buildsDir = lazyre.New(`\b(?:pip3?\s+install|npm|npx|yarn|pnpm|bun|make|cmake|go\s+(?:build|test|run|install|generate|vet)|cargo|docker\s+(?:buildx\s+)?build|poetry\s+(?:install|build)|uv\s+(?:pip\s+install|sync|build)|bundle|mvn|gradle|dotnet|tox|nox|pre-commit)\b|--prefix\b|--directory\b|--manifest-path\b|\s-C\s`)

// runsFrom reports whether a script that runs code runs it from dir, the directory a
// pull request's code was checked out to: it enters dir (cd, pushd), names a path
// inside it (dir/build.sh), or hands dir to a command that builds or installs it. A
// script that only passes dir to another program as data (python tools/render.py
// ./pr-docs) does not.
func runsFrom(script, dir string) bool {
	for _, line := range strings.Split(script, "\n") {
		for i := strings.Index(line, dir); i >= 0; {
			before := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line[:i]), "./"))
			after := line[i+len(dir):]
			switch {
			case strings.HasPrefix(after, "/") && len(after) > 1 && after[1] != ' ':
				return true // a path inside it
			case endsWithWord(before, "cd") || endsWithWord(before, "pushd"):
				return true
			case buildsDir.MatchString(line):
				return true
			}
			j := strings.Index(after, dir)
			if j < 0 {
				break
			}
			i += len(dir) + j
		}
	}
	return false
}

// sameStepRunner is the step itself when its script runs code after fetching it.
func sameStepRunner(st *analyzer.Step) *yaml.Node {
	v, _ := analyzer.ScalarValue(st.Run)
	loc := prFetch.FindStringIndex(v)
	if loc != nil && runsCode.MatchString(v[loc[1]:]) {
		return st.Run
	}
	return nil
}

// baseCheckoutDir is the path: directory of a checkout that is not of the pull request
// (prCheckout said so), "" for any other step or the workspace itself.
func baseCheckoutDir(st *analyzer.Step) string {
	if st.Uses == nil || !strings.EqualFold(analyzer.ParseUses(st.Uses).Name(), "actions/checkout") {
		return ""
	}
	d, _ := analyzer.ScalarValue(st.With.Get("path").Value)
	if d = strings.TrimSuffix(strings.TrimPrefix(d, "./"), "/"); d == "." {
		return ""
	}
	return d
}

func mentionsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// holdsWrite reports whether the job's token may write: permissions (the job's, else
// the workflow's) that are unset, write-all, or grant a write scope.
func holdsWrite(j *analyzer.Job, wf *analyzer.Workflow) bool {
	perms := j.Permissions
	if perms == nil {
		perms = wf.Permissions
	}
	if perms == nil {
		return true // the default, which may be read-write
	}
	if v, ok := analyzer.ScalarValue(perms); ok {
		return v == "write-all"
	}
	for _, e := range analyzer.MappingOf(perms) {
		if v, _ := analyzer.ScalarValue(e.Value); v == "write" {
			return true
		}
	}
	return false
}

// readsSecret reports whether any value of the job names a secret other than the token.
func readsSecret(j *analyzer.Job) bool {
	return anyScalar(j.Node, func(v string) bool {
		return strings.Contains(v, "secrets.") && !strings.Contains(v, "secrets.GITHUB_TOKEN")
	})
}
