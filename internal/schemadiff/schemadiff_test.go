package schemadiff

import (
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
	for _, msg := range []string{
		"Unexpected value 'cache-mode'",
		"Unexpected value 'wait-all'",
		"Required property is missing: description",
	} {
		if documented(msg) == "" {
			t.Errorf("%q should be a documented difference", msg)
		}
	}
	for _, msg := range []string{
		"Unexpected value 'runs_on'",
		"Required property is missing: runs",
		"Unexpected value 'int'",
	} {
		if documented(msg) != "" {
			t.Errorf("%q must not be excused", msg)
		}
	}
}
