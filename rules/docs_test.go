package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/analyzer/analyzertest"
	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/rules"
)

// The rule pages in docs/rules and the rule table in README.md are generated from the
// rule values; this test fails when they are stale (go test ./rules -update rewrites them).

func rulePage(r *analyzer.Rule) string {
	src := "analyzer/docs/" + r.ID + ".md" // the engine's own rules
	if !slices.Contains(analyzer.Builtin(), r) {
		if m, _ := filepath.Glob(filepath.Join("*", r.ID+".md")); len(m) == 1 {
			src = "rules/" + filepath.ToSlash(m[0])
		}
	}
	return fmt.Sprintf("<!-- generated from %s by go test ./rules -update; do not edit -->\n# %s\n\n%s.\n\n| severity | category | on by default |\n|---|---|---|\n| %s | %s | %s |\n\n%s",
		src, r.ID, strings.ToUpper(r.Title[:1])+r.Title[1:], r.Severity, r.Category, r.DefaultState(), r.Doc)
}

func ruleTable() string {
	var b strings.Builder
	b.WriteString("| rule | severity | default | what it finds |\n|---|---|---|---|\n")
	for _, r := range rules.All() {
		fmt.Fprintf(&b, "| [`%s`](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.DefaultState(), r.Title)
	}
	return b.String()
}

func checkGenerated(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if *analyzertest.Update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil || string(got) != want {
		t.Errorf("%s is stale: run go test ./rules -update", path)
	}
}

func TestGeneratedDocs(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	os.MkdirAll(dir, 0o755)
	pages := map[string]bool{}
	for _, r := range rules.All() {
		pages[r.ID+".md"] = true
		checkGenerated(t, filepath.Join(dir, r.ID+".md"), rulePage(r))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !pages[e.Name()] {
			t.Errorf("docs/rules/%s belongs to no rule", e.Name())
		}
	}

	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q ... %q section", begin, end)
	}
	checkGenerated(t, filepath.Join("..", "README.md"), s[:i+len(begin)]+ruleTable()+s[j:])
}

// The rule parts of the configuration schema and of the starter configuration are made
// from the rule values.
func TestGeneratedConfiguration(t *testing.T) {
	path := filepath.Join("..", "schema", "config.schema.json")
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := config.Schema(old, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	checkGenerated(t, path, string(schema))

	path = filepath.Join("..", "internal", "cli", "starter.yaml")
	starter, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin = "#   # The long form also takes"
	s := string(starter)
	i := strings.Index(s, begin)
	j := strings.Index(s[max(i, 0):], "\n\n")
	if i < 0 || j < 0 {
		t.Fatalf("%s has no block that starts %q", path, begin)
	}
	checkGenerated(t, path, s[:i]+config.StarterRules(rules.All())+s[i+j+1:])
}
