package corpustest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/cli"
	"github.com/wflint/wflint/internal/testenv"
	"github.com/wflint/wflint/rules"
)

// TestFixesOnCorpus runs wflint --fix --unsafe-fixes --pedantic (every fix, even of the
// findings wflint is least sure of) over a copy of the whole corpus:
// every fix it applies must leave a file that still reads as YAML with no new
// syntax error, and every safe fix must remove the finding it was for.
func TestFixesOnCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the corpus")
	}
	corpus := corpusDir(t)
	tmp := t.TempDir()
	var copied []string
	filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			return nil
		}
		rel, _ := filepath.Rel(corpus, p)
		dst := filepath.Join(tmp, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		copied = append(copied, rel)
		return nil
	})
	runner := engine.NewRunner(rules.Default()...)
	before := map[string][]analyzer.Diagnostic{}
	safe, unsafe := 0, 0
	for _, rel := range copied {
		src, _ := os.ReadFile(filepath.Join(tmp, rel))
		_, diags := runner.Lint(engine.Input{Path: rel, Fallback: analyzer.KindWorkflow}, src)
		for _, d := range diags {
			if len(d.Fixes) == 0 {
				continue
			}
			before[rel] = diags
			if d.Fixes[0].Safety == analyzer.Safe {
				safe++
			} else {
				unsafe++
			}
		}
	}
	if len(before) == 0 {
		t.Fatal("no corpus file has a fix: the test would prove nothing")
	}
	t.Chdir(tmp)
	var stdout, stderr strings.Builder
	code := cli.Main([]string{"--fix", "--unsafe-fixes", "--pedantic", "--no-repo", "--format", "json", "-o", filepath.Join(t.TempDir(), "out.json"), "."}, nil, &stdout, &stderr)
	if code == cli.ExitError || code == cli.ExitUsage {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var changed []string
	for rel, diags := range before {
		src, _ := os.ReadFile(filepath.Join(tmp, rel))
		orig, _ := os.ReadFile(filepath.Join(corpus, rel))
		if string(src) != string(orig) {
			changed = append(changed, rel)
		}
		_, after := runner.Lint(engine.Input{Path: rel, Fallback: analyzer.KindWorkflow}, src)
		hadSyntax := false
		for _, d := range diags {
			hadSyntax = hadSyntax || d.Rule == analyzer.SyntaxError.ID
		}
		for _, d := range after {
			if d.Rule == analyzer.SyntaxError.ID && !hadSyntax {
				t.Errorf("%s: the fixes broke the file: %s", rel, d.Message)
			}
		}
		// a safe fix's finding is gone: no finding of that rule with that message remains
		for _, d := range diags {
			if len(d.Fixes) == 0 || d.Fixes[0].Safety != analyzer.Safe {
				continue
			}
			for _, a := range after {
				if a.Rule == d.Rule && a.Message == d.Message {
					t.Errorf("%s: after --fix, %s is still reported: %s", rel, d.Rule, d.Message)
				}
			}
		}
	}
	t.Logf("%d findings with a safe fix and %d with an unsafe one in %d corpus files; %d files rewritten; %s",
		safe, unsafe, len(before), len(changed), strings.TrimSpace(stderr.String()))
	// GitHub's own parser must not refuse more in a fixed file than in the original
	dir, err := testenv.ValidatorsIfPresent("gh-parse.mjs")
	if err != nil {
		t.Logf("not checked with GitHub's parser: %v", err)
		return
	}
	if len(changed) == 0 {
		return
	}
	// one run of the parser over all originals and one over all fixed files
	errorsOf := func(root string) map[string]int {
		args := []string{filepath.Join(dir, "gh-parse.mjs")}
		for _, rel := range changed {
			args = append(args, filepath.Join(root, rel))
		}
		out, _ := exec.Command("node", args...).Output()
		counts := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var r struct {
				File   string
				Errors []json.RawMessage
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("gh-parse.mjs: %v: %s", err, line)
			}
			rel, _ := filepath.Rel(root, r.File)
			counts[rel] = len(r.Errors)
		}
		if len(counts) != len(changed) {
			t.Fatalf("gh-parse.mjs answered for %d of %d files", len(counts), len(changed))
		}
		return counts
	}
	was, now := errorsOf(corpus), errorsOf(tmp)
	for _, rel := range changed {
		if now[rel] > was[rel] {
			t.Errorf("%s: GitHub's parser finds %d errors after the fixes, %d before", rel, now[rel], was[rel])
		}
	}
	t.Logf("GitHub's parser read the %d rewritten files and their originals", len(changed))
}
