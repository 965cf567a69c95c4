package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/testenv"
	"github.com/wflint/wflint/report"
	"github.com/wflint/wflint/rules"
)

// TestSARIFValidates checks wflint's SARIF the way code scanning ingests it, with
// sarif-validate.sh --strict (SARIF schema, GitHub's limits, the SARIF Multitool with
// GitHub's ingestion rules): the report on a clean file, on the seed, and on the whole
// corpus. The corpus is read as one repository and cut into runs of at most 1,000
// results, packed five runs to a file: the Multitool's GH1004 warns above those (GitHub
// itself takes 25,000 results and 20 runs).
func TestSARIFValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs the SARIF Multitool")
	}
	dir := testenv.Validators(t, "sarif-validate.sh")
	corpus := testenv.Corpus(t)
	tmp := t.TempDir()
	var files []string

	// through the CLI: a clean file and the seed, with a category
	t.Chdir("../..")
	for _, c := range []struct {
		name, path string
		exit       int
	}{
		{"clean", "testdata/cli/clean.yml", ExitOK},
		{"seed", "testdata/e2e/docker-ci.yml", ExitFindings},
		{"unreadable", "testdata/cli/nope.yml", ExitUsage}, // a tool notification, no result
	} {
		out := filepath.Join(tmp, c.name+".sarif")
		var stdout, stderr bytes.Buffer
		code := Main([]string{"--format", "sarif", "-o", out, "--category", "wflint-" + c.name, c.path}, nil, &stdout, &stderr)
		if code != c.exit {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr.String())
		}
		files = append(files, out)
	}

	// the corpus
	inputs, errs := engine.Expand([]string{corpus})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := (engine.NewRunner(rules.Default()...)).Run(inputs)
	if len(res.Diagnostics) < 1000 {
		t.Fatalf("only %d findings on the corpus: the test would not exercise several runs", len(res.Diagnostics))
	}
	uri := func(p string) string {
		rel, err := filepath.Rel(corpus, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(rel)
	}
	var runs []json.RawMessage
	total := 0
	flush := func(chunk []analyzer.Diagnostic) {
		if len(chunk) == 0 {
			return
		}
		var buf bytes.Buffer
		sub := &analyzer.Result{Diagnostics: chunk, Files: res.Files, Linted: res.Linted}
		opts := report.SARIFOptions{Version: "1.0.0", Category: fmt.Sprintf("corpus-%d", len(runs)), Rules: rules.Default(), URI: uri}
		if err := report.WriteSARIF(&buf, sub, opts); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []json.RawMessage `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, log.Runs...)
		total += len(chunk)
	}
	// cut between files, before a run would pass 1,000 results
	var chunk []analyzer.Diagnostic
	for i := 0; i < len(res.Diagnostics); {
		j := i
		for j < len(res.Diagnostics) && res.Diagnostics[j].Path == res.Diagnostics[i].Path {
			j++
		}
		if len(chunk)+j-i > 1000 {
			flush(chunk)
			chunk = nil
		}
		chunk = append(chunk, res.Diagnostics[i:j]...)
		i = j
	}
	flush(chunk)
	if total != len(res.Diagnostics) {
		t.Fatalf("runs hold %d results, want %d", total, len(res.Diagnostics))
	}
	for i := 0; i < len(runs); i += 5 {
		doc, err := json.Marshal(map[string]any{
			"version": "2.1.0",
			"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
			"runs":    runs[i:min(i+5, len(runs))],
		})
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(tmp, fmt.Sprintf("corpus-%d.sarif", i/5))
		if err := os.WriteFile(name, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	cmd := exec.Command(filepath.Join(dir, "sarif-validate.sh"), append([]string{"--strict"}, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sarif-validate.sh --strict: %v\n%s", err, out)
	}
	t.Logf("%d results in %d runs, %d files: %s", total, len(runs), len(files), strings.TrimSpace(string(out)))
}
