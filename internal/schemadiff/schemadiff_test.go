package schemadiff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/testenv"
)

// TestAgainstGitHub runs GitHub's own parser and wflint over the whole corpus and fails
// on every file where one of them finds a structural error and the other does not.
// It needs the corpus and the reference validators (.ci/run installs them).
func TestAgainstGitHub(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs GitHub's parser over the corpus")
	}
	corpus := testenv.Corpus(t)
	validators := testenv.Validators(t, "gh-parse.mjs")
	files, err := Compare(validators, corpus, Rules())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if n := Print(&out, files, false); n > 0 {
		t.Errorf("wflint and GitHub's parser disagree on %d files:\n%s", n, out.String())
	}
	t.Log(strings.TrimSpace(out.String()))
	rejected := 0
	for _, f := range files {
		if len(f.GitHub) > 0 {
			rejected++
		}
	}
	if rejected == 0 {
		t.Error("GitHub's parser rejected no corpus file; the comparison is not running")
	}
}

func TestDocumented(t *testing.T) {
	for _, c := range []struct{ msg, kind, line string }{
		{"Unexpected value 'cache-mode'", "workflow", "    cache-mode: read"},
		{"Unexpected value 'wait-all'", "workflow", "      - wait-all:"},
		{"Required property is missing: description", "action", "name: x"},
		{"Invalid cron expression. Expected format: '* * * * *'", "workflow", "    - cron: |"},
		{"Invalid cron expression. Expected format: '* * * * *'", "workflow", "    - cron: ' 0 8 * * *'"},
		{"Invalid cron expression. Expected format: '* * * * *'", "workflow", `    - cron: "54 18 * * */7"`},
		{"Unexpected value 'table'", "action", "  icon: table"},
		{"Unexpected value 'github-token'", "action", "github-token:"},
	} {
		if documented(c.msg, c.kind, c.line) == "" {
			t.Errorf("%q on %q should be a documented difference", c.msg, c.line)
		}
	}
	for _, c := range []struct{ msg, kind, line string }{
		{"Unexpected value 'runs_on'", "workflow", "runs_on: x"},
		{"Unexpected value 'runs_on'", "action", "  runs_on: x"},
		{"Required property is missing: runs", "action", "name: x"},
		{"Unexpected value 'int'", "workflow", "        type: int"},
		{"Invalid cron expression. Expected format: '* * * * *'", "workflow", `    - cron: "61 0 * * *"`},
	} {
		if documented(c.msg, c.kind, c.line) != "" {
			t.Errorf("%q on %q must not be excused", c.msg, c.line)
		}
	}
}

// Keys that differ only in case and boolean defaults that are not booleans: GitHub's
// parser and wflint agree on the test files of duplicate-key and input-default, which
// hold each kind the parser rejects, and on their look-alikes.
func TestCaseAndDefaultsAgainstGitHub(t *testing.T) {
	validators := testenv.Validators(t, "gh-parse.mjs")
	corpus := t.TempDir()
	manifest := "kind\tlocal_path\trepo\tcommit\toriginal_path\tbytes\n"
	for _, f := range []string{
		"duplicate-key/fires.yml", "duplicate-key/lookalikes.yml", "duplicate-key/action.yml",
		"input-default/fires.yml", "input-default/lookalikes.yml",
	} {
		src, err := os.ReadFile(filepath.Join("..", "..", "rules", "workflow", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		local := strings.ReplaceAll(f, "/", "__")
		if err := os.WriteFile(filepath.Join(corpus, local), src, 0o644); err != nil {
			t.Fatal(err)
		}
		kind := "workflow"
		if strings.HasSuffix(f, "action.yml") {
			kind = "action"
		}
		manifest += kind + "\t" + local + "\tt/t\t0\t" + filepath.Base(f) + "\t0\n"
	}
	if err := os.WriteFile(filepath.Join(corpus, "MANIFEST.tsv"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Compare(validators, corpus, Rules())
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if n := Print(&out, files, true); n > 0 {
		t.Errorf("wflint and GitHub's parser disagree on %d files:\n%s", n, out.String())
	}
	rejected := 0
	for _, f := range files {
		if len(f.GitHub) > 0 {
			rejected++
		}
	}
	if rejected != 3 {
		t.Errorf("GitHub's parser rejected %d files, want the 3 fires files:\n%s", rejected, out.String())
	}
}
