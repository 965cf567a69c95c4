// Package archtest holds the tests that keep the house in order: which package may
// import which, and how large a function may grow. See CONTRIBUTING.md.
package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fzipp/gocyclo"
)

const module = "github.com/wflint/wflint"

type pkg struct {
	ImportPath string
	Dir        string
	Imports    []string
	GoFiles    []string
}

// packages lists the module's packages with their non-test imports, as go list sees them.
func packages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// own is the module's packages among imports.
func own(imports []string) []string {
	var out []string
	for _, i := range imports {
		if i == module || strings.HasPrefix(i, module+"/") {
			out = append(out, i)
		}
	}
	return out
}

// The layering: analyzer imports nothing of wflint; a leaf library nothing either; rule
// packages import only analyzer and leaves; report and engine only analyzer and leaves;
// nothing but the main package imports the CLI.
func TestLayering(t *testing.T) {
	pkgs := packages(t)
	leaves := map[string]bool{}
	for _, p := range pkgs {
		if len(own(p.Imports)) == 0 && p.ImportPath != module+"/analyzer" {
			leaves[p.ImportPath] = true
		}
	}
	for _, want := range []string{"internal/filterglob", "internal/ghexpr", "internal/actiondata", "internal/lazyre"} {
		if !leaves[module+"/"+want] {
			t.Errorf("%s should be a leaf library, importing nothing of wflint", want)
		}
	}
	onlyAnalyzerAndLeaves := func(p pkg) []string {
		var bad []string
		for _, i := range own(p.Imports) {
			if i != module+"/analyzer" && !leaves[i] {
				bad = append(bad, i)
			}
		}
		return bad
	}
	checked := map[string]int{}
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		var bad []string
		switch {
		case rel == "analyzer":
			bad = own(p.Imports)
			checked["analyzer"]++
		case strings.HasPrefix(rel, "rules/"):
			bad = onlyAnalyzerAndLeaves(p)
			checked["rule families"]++
		case rel == "report", rel == "engine":
			bad = onlyAnalyzerAndLeaves(p)
			checked[rel]++
		}
		if len(bad) > 0 {
			t.Errorf("%s imports %v; see the layering in CONTRIBUTING.md", rel, bad)
		}
		if slices.Contains(p.Imports, module+"/internal/cli") && rel != "cmd/wflint" {
			t.Errorf("%s imports internal/cli; only cmd/wflint may", rel)
		}
	}
	for _, what := range []string{"analyzer", "rule families", "report", "engine"} {
		if checked[what] == 0 {
			t.Errorf("no package checked as %s: has the layout changed?", what)
		}
	}
	if checked["rule families"] < 7 {
		t.Errorf("only %d rule family packages found", checked["rule families"])
	}
}

const (
	maxLines      = 80
	maxComplexity = 25
)

// No function outside tests is longer than 80 lines or has a cyclomatic complexity over
// 25: past that a function does several things and should say so with names. Generated
// files (ast.IsGenerated: "Code generated ... DO NOT EDIT.") are data, not functions a
// person reads, and are left out.
func TestFunctionSize(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range packages(t) {
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if !ast.IsGenerated(f) {
				files = append(files, f)
			}
		}
	}
	var long []string
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()), fset.Position(fn.End())
			if n := end.Line - start.Line + 1; n > maxLines {
				long = append(long, fmt.Sprintf("%s:%d: %s is %d lines", rel(start.Filename), start.Line, fn.Name.Name, n))
			}
		}
	}
	var stats gocyclo.Stats
	for _, f := range files {
		stats = gocyclo.AnalyzeASTFile(f, fset, stats)
	}
	for _, s := range stats.SortAndFilter(-1, maxComplexity) {
		long = append(long, fmt.Sprintf("%s:%d: %s has complexity %d", rel(s.Pos.Filename), s.Pos.Line, s.FuncName, s.Complexity))
	}
	if len(stats) < 500 {
		t.Errorf("only %d functions measured", len(stats))
	}
	for _, l := range long {
		t.Error(l)
	}
}

func rel(path string) string {
	root, _ := filepath.Abs("../..")
	if r, err := filepath.Rel(root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// Every exported value of a rule family (the rules) has a doc comment.
func TestRuleValuesDocumented(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, p := range packages(t) {
		if !strings.HasPrefix(p.ImportPath, module+"/rules/") {
			continue
		}
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for _, id := range vs.Names {
						if !id.IsExported() {
							continue
						}
						n++
						if vs.Doc == nil && (g.Doc == nil || len(g.Specs) > 1) {
							t.Errorf("%s: %s has no doc comment", rel(fset.Position(id.Pos()).Filename), id.Name)
						}
					}
				}
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d exported values found in the rule families", n)
	}
}
