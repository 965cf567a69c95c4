package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/internal/lsp"
	"github.com/wflint/wflint/rules"
)

// serveLSP runs `wflint lsp`: a language server on standard input and output.
func serveLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, "usage: wflint lsp\n\nRuns a Language Server on standard input and output for editors: findings in\nworkflow and action files as they are typed, their fixes as code actions, and the\nrule's documentation on hover. See docs/editors.md.\n")
		return ExitOK
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "wflint: lsp takes no arguments (see wflint lsp --help)\n")
		return ExitUsage
	}
	err := lsp.Serve(context.Background(), stdio{stdin, stdout}, &lspLinter{roots: map[string]*lspRoot{}})
	if err != nil {
		fmt.Fprintf(stderr, "wflint: lsp: %v\n", err)
		return ExitError
	}
	return ExitOK
}

type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

// lspLinter lints documents for the language server with the configuration of their
// workspace folder, read again when its file changes.
type lspLinter struct {
	mu    sync.Mutex
	roots map[string]*lspRoot
}

// lspRoot is a workspace folder's runner and the configuration file it was made from.
type lspRoot struct {
	runner  *engine.Runner
	repo    *engine.Repo
	base    string                                       // what reported paths are relative to: the repository root, else the folder
	keep    func(d analyzer.Diagnostic, rel string) bool // the run's filters: confidence, ignores
	config  string
	modTime time.Time
	err     error // the configuration does not load: reported on every document
}

func (l *lspLinter) Rule(id string) *analyzer.Rule { return rules.ByID(id) }

func (l *lspLinter) Lint(root, path string, src []byte) []analyzer.Diagnostic {
	r := l.root(root)
	rel, err := filepath.Rel(r.base, path)
	if err != nil {
		rel = path
	}
	if r.err != nil {
		return []analyzer.Diagnostic{{Rule: analyzer.InternalError.ID, Severity: analyzer.Error, Path: rel,
			Message: fmt.Sprintf("wflint's configuration does not load, so the defaults are used: %v", r.err)}}
	}
	rel = filepath.ToSlash(rel)
	_, diags := r.runner.Lint(engine.Input{Path: rel, Fallback: analyzer.KindWorkflow, Repo: r.repo}, src)
	kept := diags[:0]
	for _, d := range diags {
		if r.keep(d, rel) {
			kept = append(kept, d)
		}
	}
	return kept
}

// root returns the folder's runner, made again when its configuration file appeared,
// disappeared or changed.
func (l *lspLinter) root(dir string) *lspRoot {
	l.mu.Lock()
	defer l.mu.Unlock()
	cfg, _ := config.Find(dir)
	var mod time.Time
	if cfg != "" {
		if st, err := os.Stat(cfg); err == nil {
			mod = st.ModTime()
		}
	}
	if r := l.roots[dir]; r != nil && r.config == cfg && r.modTime.Equal(mod) {
		return r
	}
	r := &lspRoot{config: cfg, modTime: mod, base: dir}
	// the process's own folder stays the one relative paths are read from
	cwd, err := os.Getwd()
	if err != nil {
		cwd = dir
	}
	e := &env{cwd: cwd, root: dir}
	if repo, ok := engine.FindRoot(dir); ok {
		e.root, e.repo = repo, repo
		r.repo = engine.NewRepo(repo)
		r.base = repo
	}
	o := &options{}
	fs := lintFlagSet(o)
	_ = fs.Parse(nil) // the flags' defaults
	o.changed = fs.Changed
	s, err := o.settings(e, &plan{})
	if err != nil {
		r.err = err
		s = &settings{sel: &selection{rules: rules.Default()}, prof: profileDefault}
	}
	r.runner = o.runner(e, s)
	minConf, _ := s.prof.minConfidence("")
	conf := s.sel.config
	r.keep = func(d analyzer.Diagnostic, rel string) bool {
		return d.Confidence >= minConf && (conf == nil || !conf.Ignored(d.Rule, rel))
	}
	l.roots[dir] = r
	return r
}
