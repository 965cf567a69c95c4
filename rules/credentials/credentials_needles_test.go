package credentials

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/testenv"
)

// Every match of a token format holds one of its needles, and its also string: the needles only decide which
// lines the expression runs on, so a match without one would be lost. Checked on the
// rule's test files and, when present, the corpus.
func TestTokenNeedles(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata/leaked-token", "testdata/hardcoded-credential"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
		files = append(files, m...)
	}
	if len(files) < 4 {
		t.Fatalf("only %d test files", len(files))
	}
	if corpus, ok := testenv.CorpusIfPresent(t); ok && !testing.Short() {
		filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
				files = append(files, p)
			}
			return nil
		})
	}
	matches := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, tf := range tokenFormats {
			for _, m := range tf.re.FindAllString(src, -1) {
				matches++
				if !containsAny(m, tf.needles) {
					t.Errorf("%s: a %s match holds none of %q: %q", name, tf.kind, tf.needles, m)
				}
				if !strings.Contains(m, tf.also) {
					t.Errorf("%s: a %s match does not hold %q: %q", name, tf.kind, tf.also, m)
				}
			}
		}
	}
	if matches < 50 {
		t.Errorf("only %d matches: the test files no longer exercise the formats", matches)
	}
}

func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}
