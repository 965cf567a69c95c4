package config

import (
	"testing"

	"github.com/wflint/wflint/rules"
)

// FuzzParse reads arbitrary text as a configuration: it must be accepted or refused
// with a positioned error, never panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"version: 1\n",
		"version: 1\nrules:\n  schema: off\n  unpinned-uses: {severity: note, options: {policy: {a: ref}}}\ncategories: {style: off}\nignore: [{paths: a/**, rules: schema, reason: r}]\n",
		"version: 1\nrules: &r {schema: *r}\n", "- 1\n", "version: [1]\n", "",
		"version: 1\nignore:\n  - paths: ['[']\n    reason: x\n",
		"version: 1\nrules:\n  undefined-var:\n    options:\n      names: [a, ~, {b: c}]\n",
	} {
		f.Add([]byte(s))
	}
	all := rules.All()
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse("c.yaml", src, all)
		if err == nil && c == nil {
			t.Fatal("no configuration and no error")
		}
		if e, ok := err.(*Error); err != nil && (!ok || e.Line < 0 || e.Msg == "") {
			t.Fatalf("unpositioned error %v", err)
		}
		if c != nil {
			c.Ignored("schema", "a/b.yml")
			Select(all, c, Overrides{})
		}
	})
}
