package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/rules"
	"github.com/wflint/wflint/schema"
)

var wantError = regexp.MustCompile(`^# error: (?:(\d+):(\d+): )?(.*)\n`)

// schemaErrors validates a YAML file against schema/config.schema.json.
func schemaErrors(t *testing.T, src []byte) []string {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return []string{err.Error()}
	}
	if v == nil {
		return []string{"empty"}
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(schema.Config))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(v))
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, e := range res.Errors() {
		out = append(out, e.String())
	}
	return out
}

// Each valid configuration is read without error and matches the schema; each invalid
// one gives the error its first line names, at its place, and the schema rejects it too.
func TestConfigFiles(t *testing.T) {
	valid, _ := filepath.Glob("../../testdata/config/valid/*.yaml")
	invalid, _ := filepath.Glob("../../testdata/config/invalid/*.yaml")
	if len(valid) < 2 || len(invalid) < 15 {
		t.Fatalf("%d valid and %d invalid test files", len(valid), len(invalid))
	}
	for _, name := range valid {
		src, _ := os.ReadFile(name)
		if _, err := Parse(filepath.Base(name), src, rules.All()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if errs := schemaErrors(t, src); len(errs) > 0 {
			t.Errorf("%s: the schema rejects it: %v", name, errs)
		}
	}
	for _, name := range invalid {
		src, _ := os.ReadFile(name)
		m := wantError.FindSubmatch(src)
		if m == nil {
			t.Fatalf("%s: no \"# error:\" line", name)
		}
		base := filepath.Base(name)
		_, err := Parse(base, src, rules.All())
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		want := base + ": " + string(m[3])
		if m[1] != nil {
			want = fmt.Sprintf("%s:%s:%s: %s", base, m[1], m[2], m[3])
		}
		re := "^" + strings.ReplaceAll(regexp.QuoteMeta(want), "%s", ".+") + "$"
		if !regexp.MustCompile(re).MatchString(err.Error()) {
			t.Errorf("%s:\n got %s\nwant %s", name, err, want)
		}
		// a key given twice is lost on the way to JSON, and a schema cannot parse globs
		if base != "duplicate.yaml" && base != "ignore-bad-glob.yaml" && len(schemaErrors(t, src)) == 0 {
			t.Errorf("%s: the schema accepts what the reader rejects", name)
		}
	}
}

// The schema knows every rule and every rule option, and nothing else.
func TestSchemaMatchesRules(t *testing.T) {
	var s struct {
		Properties struct {
			Rules struct {
				Properties map[string]struct {
					OneOf []struct {
						Properties struct {
							Options struct {
								Properties map[string]any
							}
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(schema.Config, &s); err != nil {
		t.Fatal(err)
	}
	var inSchema, inRules []string
	for id, r := range s.Properties.Rules.Properties {
		inSchema = append(inSchema, id)
		var names []string
		for name := range r.OneOf[1].Properties.Options.Properties {
			names = append(names, name)
		}
		var want []string
		if rule := rules.ByID(id); rule != nil {
			for _, o := range rule.Options {
				want = append(want, o.Name)
			}
		}
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("rule %s: the schema has options %v, the rule %v", id, names, want)
		}
	}
	for _, r := range rules.All() {
		inRules = append(inRules, r.ID)
	}
	slices.Sort(inSchema)
	slices.Sort(inRules)
	if !slices.Equal(inSchema, inRules) {
		t.Errorf("schema rules %v\n     rules %v", inSchema, inRules)
	}
}

func TestSelect(t *testing.T) {
	src := []byte(`version: 1
rules:
  undefined-var: on
  constant-condition: off
  unpinned-uses: note
categories:
  security: error
  style: off
`)
	c, err := Parse("c.yaml", src, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	run, sev := Select(rules.All(), c, Overrides{Disable: []string{"schema"}, Severity: map[string]analyzer.Severity{"needs-cycle": analyzer.Warning}})
	on := map[string]bool{}
	for _, r := range run {
		on[r.ID] = true
	}
	for id, want := range map[string]bool{
		"undefined-var":      true,  // off by default, on in the file
		"constant-condition": false, // on by default, off in the file
		"schema":             false, // off on the command line
		"unused-ignore":      false, // its category (style) is off
		"syntax-error":       true,  // always
		"needs-cycle":        true,
	} {
		if on[id] != want {
			t.Errorf("%s runs: %v, want %v", id, on[id], want)
		}
	}
	for id, want := range map[string]analyzer.Severity{
		"unpinned-uses": analyzer.Note,    // its own entry comes after its category's
		"leaked-token":  analyzer.Error,   // its category's
		"needs-cycle":   analyzer.Warning, // the command line's
	} {
		if sev[id] != want {
			t.Errorf("%s severity %v, want %v", id, sev[id], want)
		}
	}
	if _, ok := sev["schema"]; ok {
		t.Error("a rule nothing says anything about keeps its own severity")
	}
}

func TestIgnored(t *testing.T) {
	c, err := Parse("c.yaml", []byte(`version: 1
ignore:
  - paths: ["test/**", "*.yml"]
    rules: [schema]
    reason: fixtures
  - paths: [vendor/**, "!vendor/ours/**"]
    reason: not ours
`), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		rule, path string
		want       bool
	}{
		{"schema", "test/a/b.yml", true},
		{"schema", "top.yml", true},
		{"schema", "sub/top.yml", false},
		{"needs-cycle", "test/a/b.yml", false},
		{"needs-cycle", "vendor/x/action.yml", true},
		{"needs-cycle", "vendor/ours/action.yml", false}, // taken back by "!"
	} {
		if got := c.Ignored(tt.rule, tt.path); got != tt.want {
			t.Errorf("Ignored(%s, %s) = %v", tt.rule, tt.path, got)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	if p, err := Find(root); p != "" || err != nil {
		t.Errorf("empty repository: %q, %v", p, err)
	}
	os.WriteFile(filepath.Join(root, ".wflint.yaml"), []byte("version: 1\n"), 0o644)
	if p, err := Find(root); p != filepath.Join(root, ".wflint.yaml") || err != nil {
		t.Errorf("%q, %v", p, err)
	}
	os.MkdirAll(filepath.Join(root, ".github"), 0o755)
	os.WriteFile(filepath.Join(root, ".github", "wflint.yaml"), []byte("version: 1\n"), 0o644)
	if _, err := Find(root); err == nil || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("two files: %v", err)
	}
}
