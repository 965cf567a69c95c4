// Package cli is wflint's command line: it wires the rules to the analyzer and turns a
// run into output and an exit code.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghapi"
	"github.com/wflint/wflint/rules"
)

// Exit codes, the same for every output format.
const (
	ExitOK       = 0 // no finding at or above the failing severity
	ExitFindings = 1 // findings at or above the failing severity
	ExitUsage    = 2 // bad flags, arguments or configuration
	ExitError    = 3 // a file could not be read, or a rule failed (internal-error)
)

// Version is set at build time with -ldflags "-X github.com/wflint/wflint/internal/cli.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const usageText = `usage: wflint [flags] [path...]
       wflint explain RULE
       wflint pin [flags] [path...]
       wflint init [--force] [FILE]

Lints GitHub Actions workflows and action metadata (action.yml). With no path, lints the
repository around the current directory: .github/workflows/*.yml and every action.yml.
A path may be a file, a directory (searched for workflow and action files) or "-" for
standard input. The configuration is read from .github/wflint.yaml or .wflint.yaml at the
repository root (wflint init writes a starter one), or from --config FILE.

Flags:
`

const exitText = `
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration
error, 3 a file could not be read or a rule failed.
`

type options struct {
	outputs   outputs
	category  string
	color     string
	oneline   bool
	listRules bool
	version   bool
	stdinName string
	failOn    string
	help      bool
	secrets   []string
	vars      []string
	noRepo    bool
	online    bool
	apiURL    string
	policy    map[string]string
	pedantic  bool

	config        string
	enable        []string
	disable       []string
	severity      map[string]string
	minSeverity   string
	baseline      string
	writeBaseline string
	fix           bool
	unsafeFixes   bool
}

// Main runs wflint with args (without the program name) and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "explain" {
		return explain(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "pin" {
		return pin(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "init" {
		return initConfig(args[1:], stdout, stderr)
	}
	var o options
	fs := pflag.NewFlagSet("wflint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Var(formatFlag{&o.outputs}, "format", "output `FORMAT`: text, json, sarif, github (workflow commands that annotate a run) or markdown (a report for $GITHUB_STEP_SUMMARY); repeat it for several reports from one run, FORMAT=FILE writes one to FILE")
	fs.VarP(outputFlag{&o.outputs}, "output", "o", "write the report of the --format before it (or of the only one) to `FILE` instead of standard output")
	fs.StringVar(&o.category, "category", "", "sarif: the `CATEGORY` code scanning files the results under (automationDetails.id); give each analysis of one repository its own")
	fs.StringVar(&o.color, "color", "auto", `colour text output: "auto" (on a terminal, unless NO_COLOR is set), "always" or "never"`)
	fs.BoolVar(&o.oneline, "oneline", false, "text output: one line per finding, no source snippet or summary")
	fs.StringVar(&o.failOn, "fail-on", "warning", `lowest severity that makes the exit code 1: "error", "warning" or "note"`)
	fs.StringVar(&o.stdinName, "stdin-filename", "<stdin>", "the `NAME` to report for input read from \"-\"; it also decides whether the input is a workflow or an action")
	fs.StringSliceVar(&o.secrets, "secrets", nil, "the secrets that exist, as `NAME,...`; undefined-secret then reports any other")
	fs.StringSliceVar(&o.vars, "vars", nil, "the configuration variables that exist, as `NAME,...`; undefined-var then reports any other")
	fs.BoolVar(&o.noRepo, "no-repo", false, "do not read the git repository's file list (filter-no-match is then off)")
	fs.StringToStringVar(&o.policy, "pin-policy", nil, "how strictly unpinned-uses wants actions pinned, per owner or owner/repo glob (hash is the default): `PATTERN=hash|ref|any,...`")
	fs.BoolVar(&o.pedantic, "pedantic", false, "also report low-confidence findings as notes (hardcoded-credential: throwaway test passwords)")
	fs.BoolVar(&o.online, "online", false, "let rules ask the GitHub API (version-comment-mismatch, and pinning fixes for unpinned-uses)")
	fs.StringVar(&o.apiURL, "github-api-url", ghapi.DefaultURL, "the `URL` of the GitHub REST API for --online (GitHub Enterprise: https://HOST/api/v3)")
	fs.StringVar(&o.config, "config", "", "read the configuration from `FILE` (default: .github/wflint.yaml or .wflint.yaml at the repository root, if there is one)")
	fs.StringSliceVar(&o.enable, "enable", nil, "run these rules, even if off by default or in the configuration: `RULE,...`")
	fs.StringSliceVar(&o.disable, "disable", nil, "do not run these rules: `RULE,...`")
	fs.StringToStringVar(&o.severity, "severity", nil, "report these rules at this severity (and run them): `RULE=error|warning|note,...`")
	fs.StringVar(&o.minSeverity, "min-severity", "note", "hide findings below this severity: \"error\", \"warning\" or \"note\"")
	fs.BoolVar(&o.fix, "fix", false, "apply the safe fixes of the findings to the files, then report what is left")
	fs.BoolVar(&o.unsafeFixes, "unsafe-fixes", false, "with --fix, also apply fixes that need a person's review (a guessed name)")
	fs.StringVar(&o.baseline, "baseline", "", "report only the findings that are not in the baseline `FILE` (see --write-baseline)")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record today's findings in `FILE` and exit 0; later runs with --baseline FILE report only new ones")
	fs.BoolVar(&o.listRules, "list-rules", false, "list the rules and exit")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.BoolVarP(&o.help, "help", "h", false, "show this help")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "wflint: %v (see wflint --help)\n", err)
		return ExitUsage
	}
	switch {
	case o.help:
		fmt.Fprint(stdout, usageText+fs.FlagUsages()+exitText)
		return ExitOK
	case o.version:
		fmt.Fprintf(stdout, "wflint %s\n", version())
		return ExitOK
	case o.listRules:
		listRules(stdout)
		return ExitOK
	}
	reports, err := o.outputs.resolve()
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		fmt.Fprintf(stderr, "wflint: unknown --color %q; want \"auto\", \"always\" or \"never\"\n", o.color)
		return ExitUsage
	}
	failOn, err := analyzer.ParseSeverity(o.failOn)
	if err != nil {
		fmt.Fprintf(stderr, "wflint: --fail-on: %v\n", err)
		return ExitUsage
	}
	if code := checkPolicy(o.policy, stderr); code != ExitOK {
		return code
	}
	minSev, err := analyzer.ParseSeverity(o.minSeverity)
	if err != nil {
		fmt.Fprintf(stderr, "wflint: --min-severity: %v\n", err)
		return ExitUsage
	}
	sel, err := o.selection()
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}

	if o.unsafeFixes && !o.fix {
		fmt.Fprintln(stderr, "wflint: --unsafe-fixes applies only with --fix")
		return ExitUsage
	}
	if o.fix && slices.Contains(fs.Args(), "-") {
		fmt.Fprintln(stderr, `wflint: --fix rewrites files; standard input ("-") has none to rewrite (editors can apply the fixes of --format json)`)
		return ExitUsage
	}
	inputs, errs, code := collect(fs.Args(), stdin, o.stdinName, stderr)
	if code != ExitOK {
		return code
	}
	if !o.noRepo {
		attachRepos(inputs)
	}
	runner := &analyzer.Runner{Rules: sel.rules, Severity: sel.severity, Options: sel.options, Known: ruleIDs()}
	// the command line's options come after the configuration's
	set := func(id, key string, v any) {
		if runner.Options[id] == nil {
			runner.Options[id] = map[string]any{}
		}
		runner.Options[id][key] = v
	}
	if fs.Changed("secrets") {
		set(rules.UndefinedSecret.ID, "names", o.secrets)
	}
	if fs.Changed("vars") {
		set(rules.UndefinedVar.ID, "names", o.vars)
	}
	if len(o.policy) > 0 {
		set(rules.UnpinnedUses.ID, "policy", o.policy)
	}
	if o.pedantic {
		set(rules.HardcodedCredential.ID, "pedantic", true)
	}
	var client *ghapi.Client
	if o.online {
		client = ghapi.New(o.apiURL)
		runner.Resolver = client
	}
	var baseline map[string]int
	if o.baseline != "" {
		if baseline, err = loadBaseline(o.baseline); err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			return ExitUsage
		}
	}
	uri := repoURI()
	keep := func(d analyzer.Diagnostic) bool {
		return d.Severity >= minSev && (sel.config == nil || !sel.config.Ignored(d.Rule, uri(d.Path)))
	}
	var fixed fixSummary
	if o.fix {
		fixed = applyFixes(runner, inputs, o.unsafeFixes, keep, stderr)
	}
	res := runner.Run(inputs)
	res.Errors = append(errs, res.Errors...)
	if client != nil {
		_ = client.Cache.Save() // a cache that cannot be written only costs the next run time
	}
	filterResult(res, keep)
	if o.fix {
		fixes := func(n int, more string) string {
			if n == 1 {
				return "1 " + more + "fix"
			}
			return fmt.Sprintf("%d %sfixes", n, more)
		}
		msg := fmt.Sprintf("wflint: applied %s in %s", fixes(fixed.applied, ""), plural(fixed.files, "file"))
		if fixed.applied == 0 {
			msg = "wflint: no fix to apply"
		}
		if fixed.unsafeLeft > 0 {
			msg += fmt.Sprintf("; %s need a person's review (--unsafe-fixes applies them)", fixes(fixed.unsafeLeft, "more "))
		}
		fmt.Fprintln(stderr, msg)
	}
	if o.writeBaseline != "" {
		n, err := writeBaseline(o.writeBaseline, res, uri)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			return ExitError
		}
		fmt.Fprintf(stderr, "wflint: recorded %s in %s\n", plural(n, "finding"), o.writeBaseline)
	}
	if baseline != nil {
		hidden, gone := applyBaseline(baseline, res, uri)
		if hidden > 0 {
			fmt.Fprintf(stderr, "wflint: %s in the baseline %s not shown\n", plural(hidden, "finding"), o.baseline)
		}
		if gone > 0 {
			fmt.Fprintf(stderr, "wflint: %s of the baseline no longer found; shrink it with --write-baseline %s\n", plural(gone, "finding"), o.baseline)
		}
	}

	if err := writeReports(reports, res, &o, runner.Rules, stdout); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitError
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "wflint: %v\n", e)
	}
	if len(res.Errors) == 0 && res.Linted == 0 {
		fmt.Fprintln(stderr, "wflint: no workflow or action files found")
	}
	switch {
	case len(res.Errors) > 0 || res.HasInternalError() || fixed.failed:
		return ExitError
	case o.writeBaseline != "":
		return ExitOK
	case slices.ContainsFunc(res.Diagnostics, func(d analyzer.Diagnostic) bool { return d.Severity >= failOn }):
		return ExitFindings
	}
	return ExitOK
}

// attachRepos tells each workflow of a repository (a file directly in its
// .github/workflows) which repository that is, so that rules can compare it with the
// files it names; standard input is placed by its --stdin-filename in the repository
// around the current directory. Each repository's file list is read at most once, and
// only if a rule asks.
func attachRepos(inputs []analyzer.Input) {
	repos := map[string]*analyzer.Repo{}
	cwd, _ := os.Getwd()
	for i := range inputs {
		p := inputs[i].ReadPath
		if p == "" {
			p = inputs[i].Path
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		root, ok := analyzer.FindRoot(filepath.Dir(abs))
		if !ok {
			if root, ok = analyzer.FindRoot(cwd); !ok {
				continue
			}
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || filepath.ToSlash(filepath.Dir(rel)) != ".github/workflows" {
			continue // not one of the repository's workflows: its paths are not about it
		}
		if repos[root] == nil {
			repos[root] = analyzer.NewRepo(root)
		}
		inputs[i].Repo = repos[root]
	}
}

// repoRoot is the root of the git repository around the current directory, or the
// current directory when it is not in one: where wflint looks for files to lint and
// for the configuration, and what reported paths are relative to.
func repoRoot() (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if root, ok := analyzer.FindRoot(cwd); ok {
		return root, nil
	}
	return cwd, nil
}

// collect turns the arguments into inputs: the repository's files when there are none.
func collect(args []string, stdin io.Reader, stdinName string, stderr io.Writer) ([]analyzer.Input, []error, int) {
	if len(args) == 0 {
		root, err := repoRoot()
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			return nil, nil, ExitError
		}
		inputs, err := analyzer.Discover(root)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			return nil, nil, ExitError
		}
		return inputs, nil, ExitOK
	}
	var paths []string
	var stdinInput *analyzer.Input
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
		stdinInput = &analyzer.Input{Path: stdinName, Src: src, Fallback: analyzer.KindWorkflow}
	}
	inputs, errs := analyzer.Expand(paths)
	if stdinInput != nil {
		inputs = append(inputs, *stdinInput)
	}
	return inputs, errs, ExitOK
}

func useColor(mode, output string, stdout io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if output != "" || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := stdout.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// writeOutput writes the report to stdout, or atomically to a file: a reader never sees
// half a report, and a failed run leaves an earlier report as it was.
func writeOutput(name string, stdout io.Writer, data []byte) error {
	if name == "" || name == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return WriteFileAtomic(name, data)
}

// WriteFileAtomic writes data to a temporary file beside name and renames it over name.
func WriteFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, errors.Unwrap(err))
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if info, serr := os.Stat(name); serr == nil {
			_ = os.Chmod(tmp.Name(), info.Mode().Perm())
		} else {
			_ = os.Chmod(tmp.Name(), 0o644)
		}
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %v", name, err)
	}
	return nil
}

func listRules(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tDEFAULT\tTITLE")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.DefaultState(), r.Title)
	}
	tw.Flush()
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "wflint: usage: wflint explain RULE (see wflint --list-rules)")
		return ExitUsage
	}
	if err := checkRuleID("", args[0]); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}
	r := rules.ByID(args[0])
	RenderDoc(stdout, r, useColor("auto", "", stdout))
	return ExitOK
}
