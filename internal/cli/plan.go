package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/ghapi"
	"github.com/wflint/wflint/rules"
	"github.com/wflint/wflint/rules/credentials"
	"github.com/wflint/wflint/rules/expr"
	"github.com/wflint/wflint/rules/security"
	"github.com/wflint/wflint/rules/shell"
	"github.com/wflint/wflint/rules/supplychain"
)

// env is where wflint runs, looked up once: the current directory and the root of the
// git repository around it (the current directory when it is in none), where wflint
// looks for files and the configuration, and what reported paths are relative to.
type env struct {
	cwd, root string
	repo      string // the repository root; "" when the current directory is in none
}

func newEnv() (*env, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	e := &env{cwd: cwd, root: cwd}
	if root, ok := engine.FindRoot(cwd); ok {
		e.root, e.repo = root, root
	}
	return e, nil
}

// uri turns a reported path into the path relative to the repository root, with forward
// slashes: what code scanning and annotations expect. A path outside the repository is
// kept as it is, cleaned.
func (e *env) uri(p string) string {
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(e.cwd, p)
	}
	if rel, err := filepath.Rel(e.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
}

// fromCwd shows path as relative to the current directory, "../" included, as a
// compiler does.
func (e *env) fromCwd(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if r, err := filepath.Rel(e.cwd, abs); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// rel shows a path relative to the current directory when it is below it.
func (e *env) rel(path string) string {
	if filepath.IsAbs(path) {
		if r, err := filepath.Rel(e.cwd, path); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return path
}

// plan is a lint run made ready: what to read, the pipeline to run, what to write.
type plan struct {
	reports  []reportSpec
	failOn   analyzer.Severity
	inputs   []engine.Input
	errs     []error // paths that could not be read
	pipeline *engine.Pipeline
	client   *ghapi.Client
	baseline bool           // --write-baseline: exit 0 whatever was found
	repos    []*engine.Repo // the repositories the workflows belong to
}

// plan checks the flags, reads the configuration and the inputs, and assembles the
// pipeline. A nil plan means the run is over with exit code code (a message was written).
func (o *options) plan(e *env, stdin io.Reader, stderr io.Writer) (*plan, int) {
	p := &plan{baseline: o.writeBaseline != ""}
	s, err := o.settings(e, p)
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return nil, ExitUsage
	}
	if o.shellcheck != "" {
		if _, err := exec.LookPath(o.shellcheck); err != nil {
			fmt.Fprintf(stderr, "wflint: --shellcheck: %v\n", err)
			return nil, ExitUsage
		}
	}
	var code int
	if p.inputs, p.errs, code = collect(e, o.args, stdin, o.stdinName, stderr); code != ExitOK {
		return nil, code
	}
	if len(o.args) == 0 && !o.rootRel {
		for i := range p.inputs {
			p.inputs[i].Path = e.fromCwd(p.inputs[i].ReadPath)
		}
	}
	if !o.noRepo {
		p.repos = attachRepos(e, p.inputs)
	}
	runner := o.runner(e, s)
	runner.DropText = !o.readsText()
	if o.online {
		p.client = ghapi.New(o.apiURL)
		runner.Resolver = p.client
	} else if names := onlineRules(runner.Rules, o); len(names) > 0 {
		fmt.Fprintf(stderr, "wflint: offline: %s need --online and were skipped\n", strings.Join(names, ", "))
	}
	p.pipeline = &engine.Pipeline{Runner: runner, Log: stderr}
	if p.pipeline.Steps, err = o.resultSteps(e, s.sel, s.minSev, s.minConf); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return nil, ExitUsage
	}
	return p, ExitOK
}

// settings are the run's settings once flags and configuration are read and checked.
type settings struct {
	sel     *selection
	prof    profile
	minSev  analyzer.Severity
	minConf analyzer.Confidence
}

// settings checks the flags, reads the configuration and settles the profile; the
// reports and the failing severity go into p. An error is a usage error.
func (o *options) settings(e *env, p *plan) (*settings, error) {
	var err error
	if p.reports, err = o.outputs.resolve(); err != nil {
		return nil, err
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return nil, fmt.Errorf("unknown --color %q; want \"auto\", \"always\" or \"never\"", o.color)
	}
	if err := checkPolicy(o.policy); err != nil {
		return nil, err
	}
	s := &settings{}
	if s.minSev, err = analyzer.ParseSeverity(o.minSeverity); err != nil {
		return nil, fmt.Errorf("--min-severity: %v", err)
	}
	if s.sel, err = o.selection(e); err != nil {
		return nil, err
	}
	if s.prof, err = o.resolveProfile(s.sel.config); err != nil {
		return nil, err
	}
	if s.minConf, err = s.prof.minConfidence(o.minConfidence); err != nil {
		return nil, fmt.Errorf("--min-confidence: %v", err)
	}
	if p.failOn, err = s.prof.failOn(o.failOn); err != nil {
		return nil, fmt.Errorf("--fail-on: %v", err)
	}
	if o.unsafeFixes && !o.fix {
		return nil, fmt.Errorf("--unsafe-fixes applies only with --fix")
	}
	if o.fix && slices.Contains(o.args, "-") {
		return nil, fmt.Errorf(`--fix rewrites files; standard input ("-") has none to rewrite (editors can apply the fixes of --format json)`)
	}
	return s, nil
}

// runner is the runner of the selected rules with their options and the file steps.
func (o *options) runner(e *env, s *settings) *engine.Runner {
	runner := &engine.Runner{Rules: s.sel.rules, Options: o.ruleOptions(s.sel, s.prof, e)}
	// Secrets are masked before any output: by leaked-token's findings, which it makes
	// even in a file that does not load, or else by its scanner alone.
	var secrets []func(*analyzer.File) []analyzer.Range
	if !slices.Contains(s.sel.rules, credentials.LeakedToken) {
		secrets = append(secrets, credentials.SecretRanges)
	}
	runner.FileSteps = []engine.FileStep{
		engine.Suppress(s.sel.rules, rules.IDs()),
		engine.OverrideSeverity(s.sel.severity),
		engine.Redact(secrets...),
	}
	return runner
}

// ruleOptions are the configuration's rule options with the profile's and the command
// line's over them; the repository's owner (when known) is trusted as GitHub's own
// actions are, and variables named after the repository configure its own software.
func (o *options) ruleOptions(sel *selection, prof profile, e *env) map[string]analyzer.OptionValues {
	out := map[string]analyzer.OptionValues{}
	if sel.config != nil {
		for id, v := range sel.config.Options {
			out[id] = v
		}
	}
	set := func(r *analyzer.Rule, name string, v any) {
		vals := out[r.ID].Clone()
		i := slices.IndexFunc(r.Options, func(opt analyzer.Option) bool { return opt.Name == name })
		if err := vals.Set(r.Options[i], v); err == nil {
			out[r.ID] = vals
		}
	}
	if prof.strictPins() {
		set(supplychain.UnpinnedUses, "strict", true)
	}
	if prof == profilePedantic {
		set(credentials.HardcodedCredential, "pedantic", true)
	}
	owner, name := repoSlug(e)
	if name != "" {
		projects, _ := out[credentials.HardcodedCredential.ID].Strings("projects")
		set(credentials.HardcodedCredential, "projects", append(slices.Clone(projects), name))
	}
	if owner != "" {
		trusted, _ := out[supplychain.UnpinnedUses.ID].Strings("trusted")
		set(supplychain.UnpinnedUses, "trusted", append(slices.Clone(trusted), owner))
		inheritTo, _ := out[security.SecretsExposure.ID].Strings("trusted")
		set(security.SecretsExposure, "trusted", append(slices.Clone(inheritTo), owner))
	}
	if o.changed("secrets") {
		set(expr.UndefinedSecret, "names", o.secrets)
	}
	if o.changed("vars") {
		set(expr.UndefinedVar, "names", o.vars)
	}
	if len(o.policy) > 0 {
		set(supplychain.UnpinnedUses, "policy", o.policy)
	}
	if o.shellcheck != "" {
		set(shell.Shellcheck, "command", []string{o.shellcheck})
	}
	return out
}

// readsText reports whether a report or a step of the run reads the linted files' text:
// the text report's snippets, SARIF's line hashes, a baseline's fingerprints, fixes.
func (o *options) readsText() bool {
	if o.fix || o.writeBaseline != "" || o.baseline != "" {
		return true
	}
	list, err := o.outputs.resolve()
	return err != nil || slices.ContainsFunc(list, func(r reportSpec) bool { return r.format == "text" || r.format == "sarif" })
}

// resultSteps are what happens to the findings once every file is linted.
func (o *options) resultSteps(e *env, sel *selection, minSev analyzer.Severity, minConf analyzer.Confidence) ([]engine.ResultStep, error) {
	var steps []engine.ResultStep
	if c := sel.config; c != nil {
		steps = append(steps, engine.Filter("ignores of "+c.Path, func(d analyzer.Diagnostic) bool { return !c.Ignored(d.Rule, e.uri(d.Path)) }))
	}
	steps = append(steps, engine.MinSeverity(minSev), engine.MinConfidence(minConf), engine.SortDedupe())
	if o.fix {
		steps = append(steps, engine.Fix(engine.FixOptions{Unsafe: o.unsafeFixes, Done: fixDone}))
	}
	if o.writeBaseline != "" {
		steps = append(steps, engine.WriteBaseline(o.writeBaseline, e.uri))
	}
	if o.baseline != "" {
		b, err := engine.LoadBaseline(o.baseline)
		if err != nil {
			return nil, err
		}
		steps = append(steps, engine.ApplyBaseline(b, e.uri))
	}
	return steps, nil
}

// fixDone says what --fix did.
func fixDone(log io.Writer, sum engine.FixSummary) {
	fixes := func(n int, more string) string {
		if n == 1 {
			return "1 " + more + "fix"
		}
		return fmt.Sprintf("%d %sfixes", n, more)
	}
	msg := fmt.Sprintf("wflint: applied %s in %s", fixes(sum.Applied, ""), analyzer.Plural(sum.Files, "file"))
	if sum.Applied == 0 {
		msg = "wflint: no fix to apply"
	}
	if sum.UnsafeLeft > 0 {
		msg += fmt.Sprintf("; %s need a person's review (--unsafe-fixes applies them)", fixes(sum.UnsafeLeft, "more "))
	}
	fmt.Fprintln(log, msg)
}

// exitCode reports the files that could not be read and says how the run ends.
func (p *plan) exitCode(st *engine.State, stderr io.Writer) int {
	for _, e := range st.Errors {
		fmt.Fprintf(stderr, "wflint: %v\n", e)
	}
	for _, r := range p.repos {
		if err := r.Err(); err != nil {
			fmt.Fprintf(stderr, "wflint: %v; filter-no-match could not check paths filters there (--no-repo turns it off)\n", err)
		}
	}
	var notFound *engine.NotFoundError
	switch {
	case slices.ContainsFunc(p.errs, func(err error) bool { return errors.As(err, &notFound) }):
		return ExitUsage // a path given that does not exist: a mistake in the arguments
	case len(st.Errors) == 0 && st.Linted == 0:
		fmt.Fprintln(stderr, "wflint: no workflow or action files found: give a workflow, an action.yml, or a folder or repository that has them")
		return ExitUsage
	case len(st.Errors) > 0 || st.HasInternalError() || st.Failed:
		return ExitError
	case p.baseline:
		return ExitOK
	case slices.ContainsFunc(st.Diagnostics, func(d analyzer.Diagnostic) bool { return d.Severity >= p.failOn }):
		return ExitFindings
	}
	return ExitOK
}

// attachRepos tells each workflow of a repository (a file directly in its
// .github/workflows) which repository that is, so that rules can compare it with the
// files it names; standard input is placed by its --stdin-filename in the repository
// around the current directory. Each repository's root is found once per directory and
// its file list read at most once, and only if a rule asks.
func attachRepos(e *env, inputs []engine.Input) []*engine.Repo {
	repos := map[string]*engine.Repo{}
	var list []*engine.Repo
	roots := map[string]string{} // directory -> repository root, "" for none
	rootOf := func(dir string) string {
		root, seen := roots[dir]
		if !seen {
			if r, ok := engine.FindRoot(dir); ok {
				root = r
			} else {
				root = e.repo
			}
			roots[dir] = root
		}
		return root
	}
	for i := range inputs {
		p := inputs[i].ReadPath
		if p == "" {
			p = inputs[i].Path
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		root := rootOf(filepath.Dir(abs))
		if root == "" {
			continue
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || filepath.ToSlash(filepath.Dir(rel)) != ".github/workflows" {
			continue // not one of the repository's workflows: its paths are not about it
		}
		if repos[root] == nil {
			repos[root] = engine.NewRepo(root)
			list = append(list, repos[root])
		}
		inputs[i].Repo = repos[root]
	}
	return list
}

// collect turns the arguments into inputs: the repository's files when there are none.
func collect(e *env, args []string, stdin io.Reader, stdinName string, stderr io.Writer) ([]engine.Input, []error, int) {
	if len(args) == 0 {
		inputs, err := engine.Discover(e.root)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			return nil, nil, ExitError
		}
		return inputs, nil, ExitOK
	}
	var paths []string
	var stdinInput *engine.Input
	for _, a := range args {
		if a != "-" {
			paths = append(paths, a)
			continue
		}
		if stdinInput != nil {
			fmt.Fprintln(stderr, `wflint: "-" (standard input) given more than once`)
			return nil, nil, ExitUsage
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: reading standard input: %v\n", err)
			return nil, nil, ExitError
		}
		stdinInput = &engine.Input{Path: stdinName, Src: src, Fallback: analyzer.KindWorkflow}
	}
	inputs, errs := engine.Expand(paths)
	if stdinInput != nil {
		inputs = append(inputs, *stdinInput)
	}
	return inputs, errs, ExitOK
}

// onlineRules names the rules of an offline run that need the GitHub API, for a note on
// stderr: all of them with -v, else those the user named in --enable or --severity (a
// plain run stays quiet about rules it was not asked for).
func onlineRules(rs []*analyzer.Rule, o *options) []string {
	var names []string
	for _, r := range rs {
		_, sev := o.severity[r.ID]
		if r.Online && (o.verbose || sev || slices.Contains(o.enable, r.ID)) {
			names = append(names, r.ID)
		}
	}
	return names
}
