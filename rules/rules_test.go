package rules_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/analyzer/analyzertest"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules"
)

// Every rule that runs has a directory of test files named after it in its family's
// testdata.
func TestRules(t *testing.T) {
	for _, r := range rules.All() {
		if r.Run == nil {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			skipWithoutShellcheck(t, r)
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.ID))
			if len(dirs) != 1 {
				t.Fatalf("want one rules/<family>/testdata/%s, found %v", r.ID, dirs)
			}
			analyzertest.Run(t, dirs[0], r)
		})
	}
}

// skipWithoutShellcheck skips the shellcheck rule's tests where ShellCheck is not
// installed (.ci/run installs it, so CI always runs them).
func skipWithoutShellcheck(t *testing.T, r *analyzer.Rule) {
	if r.ID == "shellcheck" {
		if _, err := exec.LookPath("shellcheck"); err != nil {
			t.Skip("shellcheck is not installed")
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

func TestRuleValues(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All() {
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule ID %q is used twice", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || strings.HasSuffix(r.Title, ".") || strings.ToLower(r.Title[:1]) != r.Title[:1] {
			t.Errorf("%s: title %q should be one lower-case line without a final period", r.ID, r.Title)
		}
		if r.Severity < analyzer.Note || r.Severity > analyzer.Error || r.Category == "" {
			t.Errorf("%s: needs a severity and a category", r.ID)
		}
	}
}

var (
	yamlBlock    = regexp.MustCompile("(?s)```yaml\n(.*?)```")
	jsonBlock    = regexp.MustCompile("(?s)```json\n(.*?)```")
	filesBlock   = regexp.MustCompile("(?s)```files\n(.*?)```")
	resolveBlock = regexp.MustCompile("(?s)```resolve\n(.*?)```")
)

// Each doc has the sections in order; its Example triggers the rule and its "Use
// instead" does not.
func TestRuleDocs(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			skipWithoutShellcheck(t, r)
			at := -1
			for _, s := range analyzer.DocSections {
				i := strings.Index(r.Doc, "## "+s+"\n")
				if i < 0 {
					t.Fatalf("doc has no %q section", s)
				}
				if i < at {
					t.Errorf("doc section %q is out of order", s)
				}
				at = i
			}
			if r == analyzer.InternalError {
				return // no workflow should trigger it
			}
			check := func(section string, wantHit bool) {
				m := yamlBlock.FindStringSubmatch(analyzer.DocSection(r.Doc, section))
				if m == nil {
					t.Fatalf("%s has no yaml example", section)
				}
				runner := engine.NewRunner(r)
				// A rule that needs options shows them as a JSON block in its Options section.
				if o := jsonBlock.FindStringSubmatch(analyzer.DocSection(r.Doc, "Options")); o != nil {
					var opts map[string]any
					if err := json.Unmarshal([]byte(o[1]), &opts); err != nil {
						t.Fatalf("Options: %v", err)
					}
					vals, err := analyzer.ParseOptions(r, opts)
					if err != nil {
						t.Fatalf("Options: %v", err)
					}
					runner.Options = map[string]analyzer.OptionValues{r.ID: vals}
				}
				// A rule that reads the repository shows the files its examples assume.
				var repo *engine.Repo
				if fb := filesBlock.FindStringSubmatch(analyzer.DocSection(r.Doc, "Options")); fb != nil {
					repo = engine.NewRepoFiles(strings.Fields(fb[1]), nil)
					repo.Root = t.TempDir() // the files exist, empty, for the rules that read them
					for _, name := range strings.Fields(fb[1]) {
						full := filepath.Join(repo.Root, filepath.FromSlash(name))
						if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(full, nil, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				// A rule that needs the network shows what the refs of its examples resolve to.
				if rb := resolveBlock.FindStringSubmatch(analyzer.DocSection(r.Doc, "Options")); rb != nil {
					runner.Resolver = fakeResolver(t, rb[1])
				}
				_, diags := runner.Lint(engine.Input{Path: r.ID + ".yml", Fallback: analyzer.KindWorkflow, Repo: repo}, []byte(m[1]))
				hit := false
				for _, d := range diags {
					if d.Rule == r.ID {
						hit = true
					} else {
						t.Errorf("%s: unexpected %s", section, analyzertest.Describe([]analyzer.Diagnostic{d}))
					}
				}
				if hit != wantHit {
					t.Errorf("%s: rule fired = %v, want %v\n%s", section, hit, wantHit, analyzertest.Describe(diags))
				}
			}
			check("Example", true)
			check("Use instead", false)
		})
	}
}

func fakeResolver(t *testing.T, table string) analyzertest.Resolver {
	r := analyzertest.Resolver{}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			t.Fatalf("bad resolve line %q", line)
		}
		r[f[0]] = f[1]
	}
	return r
}
