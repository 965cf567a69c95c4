package corpustest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml4 "go.yaml.in/yaml/v4"

	"github.com/wflint/wflint/internal/cli"
	"github.com/wflint/wflint/internal/testenv"
)

// corpusDir returns the corpus folder or skips the test.
func corpusDir(tb testing.TB) string { return testenv.Corpus(tb) }

// corpusFiles lists every YAML file of the corpus.
func corpusFiles(tb testing.TB) []string {
	var files []string
	filepath.WalkDir(corpusDir(tb), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// validYAML says whether another YAML parser reads src as exactly one document whose top
// level is a mapping, with no merge key and no key that is a mapping or a list (GitHub
// refuses those): the files on which wflint must not report a syntax error.
func validYAML(src []byte) bool {
	dec := yaml4.NewDecoder(bytes.NewReader(src))
	var doc yaml4.Node
	if err := dec.Decode(&doc); err != nil {
		return false
	}
	var more yaml4.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml4.MappingNode {
		return false
	}
	return !bytes.Contains(src, []byte("<<:")) && scalarKeys(doc.Content[0])
}

func scalarKeys(n *yaml4.Node) bool {
	for i, c := range n.Content {
		if n.Kind == yaml4.MappingNode && i%2 == 0 && c.Kind != yaml4.ScalarNode && c.Kind != yaml4.AliasNode {
			return false
		}
		if !scalarKeys(c) {
			return false
		}
	}
	return true
}

type report struct {
	Diagnostics []struct {
		Rule    string
		Message string
		Path    string
		Range   struct{ Start struct{ Line, Column int } }
	}
	Errors []string
}

// Every corpus file lints with exit code 0 or 1, with no internal error, and no syntax
// error on a file that is valid YAML.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	var out, errb bytes.Buffer
	code := cli.Main(append([]string{"--format", "json"}, files...), nil, &out, &errb)
	if code != cli.ExitOK && code != cli.ExitFindings {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Errors) > 0 {
		t.Errorf("read errors: %v", r.Errors)
	}
	perRule := map[string]int{}
	for _, d := range r.Diagnostics {
		perRule[d.Rule]++
		switch d.Rule {
		case "internal-error":
			t.Errorf("%s: %s", d.Path, d.Message)
		case "syntax-error":
			src, _ := os.ReadFile(d.Path)
			if validYAML(src) {
				t.Errorf("%s:%d:%d: syntax-error on valid YAML: %s", d.Path, d.Range.Start.Line, d.Range.Start.Column, d.Message)
			} else {
				t.Logf("%s:%d: %s", d.Path, d.Range.Start.Line, d.Message)
			}
		default:
			t.Logf("%s:%d:%d: [%s] %s", d.Path, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message)
		}
	}
	t.Logf("%d files, findings per rule: %v", len(files), perRule)
}
