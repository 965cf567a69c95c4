package cli

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/rules"
)

// selection is what runs: rules and their severities, and the configuration they came
// from (nil when there is none).
type selection struct {
	rules    []*analyzer.Rule
	severity map[string]analyzer.Severity
	config   *config.Config
}

// checkRuleID says what is wrong with a rule id given on the command line (after flag,
// when there is one).
func checkRuleID(flag, id string) error {
	if rules.ByID(id) != nil {
		return nil
	}
	msg := fmt.Sprintf("unknown rule %q", id)
	if flag != "" {
		msg = flag + ": " + msg
	}
	msg += analyzer.DidYouMean(id, rules.IDs())
	return errors.New(msg + " (see wflint --list-rules)")
}

// selection reads the configuration file (--config, or the repository's) and applies
// the command line's rule flags over it.
func (o *options) selection(e *env) (*selection, error) {
	var ov config.Overrides
	for _, id := range o.enable {
		if err := checkRuleID("--enable", id); err != nil {
			return nil, err
		}
		ov.Enable = append(ov.Enable, id)
	}
	for _, id := range o.disable {
		if err := checkRuleID("--disable", id); err != nil {
			return nil, err
		}
		ov.Disable = append(ov.Disable, id)
	}
	ov.Severity = map[string]analyzer.Severity{}
	for id, level := range o.severity {
		if err := checkRuleID("--severity", id); err != nil {
			return nil, err
		}
		s, err := analyzer.ParseSeverity(level)
		if err != nil {
			return nil, fmt.Errorf("--severity %s=%s: %v", id, level, err)
		}
		ov.Severity[id] = s
	}
	c, err := loadConfig(e, o.config)
	if err != nil {
		return nil, err
	}
	sel := &selection{config: c}
	sel.rules, sel.severity = config.Select(rules.All(), sel.config, ov)
	return sel, nil
}

// loadConfig reads the configuration at path, or the repository's when path is empty;
// nil when there is none.
func loadConfig(e *env, path string) (*config.Config, error) {
	if path == "" {
		var err error
		if path, err = config.Find(e.root); err != nil || path == "" {
			return nil, err
		}
	}
	return config.Load(e.rel(path), rules.All())
}

//go:embed starter.yaml
var starterConfig []byte

// initConfig writes a starter configuration that documents itself.
func initConfig(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("wflint init", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	force := fs.Bool("force", false, "replace a configuration file that exists")
	help := fs.BoolP("help", "h", false, "show this help")
	if err := fs.Parse(args); err == nil && *help {
		fmt.Fprintf(stdout, "usage: wflint init [--force] [FILE]\n\nWrites a starter configuration, every setting commented out, to .github/wflint.yaml at\nthe repository root, or to FILE (which wflint then reads only with --config FILE).\n\nFlags:\n%s", fs.FlagUsages())
		return ExitOK
	} else if err != nil || fs.NArg() > 1 {
		if err == nil {
			err = errors.New("give at most one file")
		}
		fmt.Fprintf(stderr, "wflint init: %v (usage: wflint init [--force] [FILE])\n", err)
		return ExitUsage
	}
	e, err := newEnv()
	if err != nil {
		fmt.Fprintf(stderr, "wflint init: %v\n", err)
		return ExitError
	}
	path := fs.Arg(0)
	if path == "" {
		root := e.root
		if existing, _ := config.Find(root); existing != "" && !*force {
			fmt.Fprintf(stderr, "wflint init: %s exists; edit it, or replace it with --force\n", e.rel(existing))
			return ExitUsage
		}
		path = filepath.Join(root, filepath.FromSlash(config.Names[0]))
	}
	if _, err := os.Stat(path); err == nil && !*force {
		fmt.Fprintf(stderr, "wflint init: %s exists; edit it, or replace it with --force\n", e.rel(path))
		return ExitUsage
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(stderr, "wflint init: %v\n", err)
		return ExitError
	}
	if err := engine.WriteFileAtomic(path, starterConfig); err != nil {
		fmt.Fprintf(stderr, "wflint init: %v\n", err)
		return ExitError
	}
	if found, _ := config.Find(e.root); found != "" && sameFile(found, path) {
		fmt.Fprintf(stdout, "wrote %s: every setting in it is commented out; wflint reads it from now on\n", e.rel(path))
	} else {
		fmt.Fprintf(stdout, "wrote %s: every setting in it is commented out; wflint reads it only when told, with --config %s (it reads %s by itself)\n",
			e.rel(path), e.rel(path), analyzer.JoinList(config.Names, "or"))
	}
	return ExitOK
}

// sameFile reports whether a and b name one file.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(ia, ib)
}
