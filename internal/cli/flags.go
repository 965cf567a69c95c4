package cli

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/wflint/wflint/internal/ghapi"
)

const usageText = `usage: wflint [flags] [path...]
       wflint explain RULE
       wflint pin [flags] [path...]
       wflint init [--force] [FILE]
       wflint help | version

Lints GitHub Actions workflows and action metadata (action.yml). With no path, lints the
repository around the current directory: .github/workflows/*.yml and every action.yml.
A path may be a file, a directory (searched for workflow and action files) or "-" for
standard input. The configuration is read from .github/wflint.yaml or .wflint.yaml at the
repository root (wflint init writes a starter one), or from --config FILE.

Flags:
`

const exitText = `
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration
error (a path that does not exist, nothing to lint), 3 a file could not be read, a rule
failed, or --online could not reach GitHub.
`

// options are the flags of the lint command.
type options struct {
	outputs    outputs
	category   string
	color      string
	oneline    bool
	listRules  bool
	version    bool
	stdinName  string
	failOn     string
	help       bool
	secrets    []string
	vars       []string
	noRepo     bool
	rootRel    bool
	online     bool
	shellcheck string
	apiURL     string
	policy     map[string]string
	pedantic   bool
	strict     bool
	profile    string
	verbose    bool

	minConfidence string

	config        string
	enable        []string
	disable       []string
	severity      map[string]string
	minSeverity   string
	baseline      string
	writeBaseline string
	fix           bool
	unsafeFixes   bool

	args    []string
	changed func(name string) bool // whether a flag was given
}

func lintFlagSet(o *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet("wflint", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Var(formatFlag{&o.outputs}, "format", "output `FORMAT`: text, json, sarif, github (workflow commands that annotate a run) or markdown (a report for $GITHUB_STEP_SUMMARY); repeat it for several reports from one run, FORMAT=FILE writes one to FILE")
	fs.VarP(outputFlag{&o.outputs}, "output", "o", "write the report of the --format before it (or of the only one) to `FILE` instead of standard output")
	fs.StringVar(&o.category, "category", "", "sarif: the `CATEGORY` code scanning files the results under (automationDetails.id); give each analysis of one repository its own")
	fs.StringVar(&o.color, "color", "auto", `colour text output: "auto" (on a terminal, unless NO_COLOR is set), "always" or "never"`)
	fs.BoolVar(&o.oneline, "oneline", false, "text output: one line per finding, no source snippet or summary")
	fs.StringVar(&o.failOn, "fail-on", "", `lowest severity that makes the exit code 1: "error", "warning" or "note" (default: the profile's, "error" for default, "warning" for strict and pedantic)`)
	fs.StringVar(&o.stdinName, "stdin-filename", "<stdin>", "the `NAME` to report for input read from \"-\"; it also decides whether the input is a workflow or an action")
	fs.StringSliceVar(&o.secrets, "secrets", nil, "the secrets that exist, as `NAME,...`; undefined-secret then reports any other")
	fs.StringSliceVar(&o.vars, "vars", nil, "the configuration variables that exist, as `NAME,...`; undefined-var then reports any other")
	fs.BoolVar(&o.noRepo, "no-repo", false, "do not read the git repository's file list (filter-no-match is then off)")
	fs.BoolVar(&o.rootRel, "root-relative", false, "with no path, show the files found relative to the repository root rather than to the current directory")
	fs.StringToStringVar(&o.policy, "pin-policy", nil, "how strictly unpinned-uses wants actions pinned, per owner or owner/repo glob (hash is the default): `PATTERN=hash|ref|any,...`")
	fs.StringVar(&o.profile, "profile", "", "a bundle of settings: \"default\" (what a maintainer should act on), \"strict\" (every action pinned to a commit SHA, whoever owns it) or \"pedantic\" (strict, and the findings wflint is least sure of); default: the configuration's, else default")
	fs.BoolVar(&o.strict, "strict", false, "the same as --profile strict")
	fs.BoolVar(&o.pedantic, "pedantic", false, "the same as --profile pedantic")
	fs.StringVar(&o.minConfidence, "min-confidence", "", "hide findings less sure than this: \"high\", \"medium\" or \"low\" (default: medium; low with the pedantic profile)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "text output: say how sure each finding is")
	fs.StringVar(&o.shellcheck, "shellcheck", "", "the ShellCheck executable that the shellcheck rule runs on run: scripts (`PATH`; default: shellcheck from the PATH, and no check when there is none)")
	fs.BoolVar(&o.online, "online", false, "let rules ask the GitHub API (known-vulnerable-action, impostor-commit, version-comment-mismatch, and pinning fixes for unpinned-uses)")
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
	return fs
}

// parseLintFlags reads the lint command's flags. done says the command is over (help,
// version, the rule list, or a usage error) with exit code code.
func parseLintFlags(args []string, stdout, stderr io.Writer) (o *options, code int, done bool) {
	o = &options{}
	fs := lintFlagSet(o)
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "wflint: %v (see wflint --help)\n", err)
		return nil, ExitUsage, true
	}
	o.args, o.changed = fs.Args(), fs.Changed
	switch {
	case o.help:
		fmt.Fprint(stdout, usageText+fs.FlagUsages()+exitText)
		return nil, ExitOK, true
	case o.version:
		fmt.Fprintf(stdout, "wflint %s\n", version())
		return nil, ExitOK, true
	}
	return o, ExitOK, false
}
