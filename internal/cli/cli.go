// Package cli is wflint's command line: it turns flags and the configuration into an
// engine pipeline, runs it, and turns the result into reports and an exit code.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/mattn/go-isatty"

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

// Main runs wflint with args (without the program name) and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "pin":
			return pin(args[1:], stdout, stderr)
		case "lsp":
			return serveLSP(args[1:], stdin, stdout, stderr)
		case "init":
			return initConfig(args[1:], stdout, stderr)
		case "help":
			return lint([]string{"--help"}, nil, stdout, stderr)
		case "version":
			return lint([]string{"--version"}, nil, stdout, stderr)
		}
	}
	return lint(args, stdin, stdout, stderr)
}

// lint is the main command: parse, plan, run, write.
func lint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, code, done := parseLintFlags(args, stdout, stderr)
	if done {
		return code
	}
	env, err := newEnv()
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitError
	}
	if o.listRules {
		return o.printRules(env, stdout, stderr)
	}
	p, code := o.plan(env, stdin, stderr)
	if p == nil {
		return code
	}
	st, err := p.pipeline.Run(p.inputs)
	offline := false
	if p.client != nil {
		_ = p.client.Cache.Save() // a cache that cannot be written only costs the next run time
		if down := p.client.Unreachable(); down != nil {
			fmt.Fprintf(stderr, "wflint: --online: GitHub's API could not be reached (%v); the findings and fixes that need it are missing\n", down)
			offline = true
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitError
	}
	st.Errors = append(p.errs, st.Errors...)
	if err := writeReports(p.reports, st.Result, p.pipeline.Runner.Rules, o, env, p.failOn, stdout); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitError
	}
	code = p.exitCode(st, stderr)
	if offline && code != ExitUsage {
		return ExitError // asked for, and not done
	}
	return code
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

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || len(args[0]) > 0 && args[0][0] == '-' {
		fmt.Fprintln(stderr, "wflint: usage: wflint explain RULE (see wflint --list-rules)")
		return ExitUsage
	}
	if err := checkRuleID("", args[0]); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}
	RenderDoc(stdout, rules.ByID(args[0]), useColor("auto", "", stdout))
	return ExitOK
}
