package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/report"
	"github.com/wflint/wflint/rules"
)

// The Markdown report links each finding to its line at the commit being checked when
// it runs in GitHub Actions.
func TestMarkdownGolden(t *testing.T) {
	t.Chdir("../..")
	t.Setenv("GITHUB_SERVER_URL", "https://github.com")
	t.Setenv("GITHUB_REPOSITORY", "octo/repo")
	t.Setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
	args := []string{"--format", "markdown", "testdata/cli/escape.yml", "testdata/e2e/docker-ci.yml"}
	stdout, stderr, code := run(t, "", args...)
	if code != ExitFindings {
		t.Errorf("exit %d, want 1: %s", code, stderr)
	}
	golden(t, "markdown", fmt.Sprintf("$ wflint %s\n%s--- stderr\n%s--- exit %d\n", strings.Join(args, " "), stdout, stderr, code))
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version, SemanticVersion, InformationURI string
				Rules                                          []map[string]any
			}
		}
		AutomationDetails struct{ ID string }
		Results           []map[string]any
	}
}

// The SARIF results are compared with a golden file; the rule descriptors, long and
// generated from the docs, are checked field by field instead.
func TestSARIFGolden(t *testing.T) {
	t.Chdir("../..")
	args := []string{"--format", "sarif", "--category", "lint", "testdata/cli/escape.yml", "testdata/e2e/docker-ci.yml"}
	stdout, stderr, code := run(t, "", args...)
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "wflint" || r.Tool.Driver.InformationURI == "" || r.Tool.Driver.Version == "" {
		t.Errorf("driver = %+v", r.Tool.Driver)
	}
	if r.AutomationDetails.ID != "lint/" {
		t.Errorf("automationDetails.id = %q, want \"lint/\"", r.AutomationDetails.ID)
	}
	// every enabled rule is described, in order, so that ruleIndex points at it
	want := rules.Default()
	if len(r.Tool.Driver.Rules) != len(want) {
		t.Fatalf("%d rules described, want %d", len(r.Tool.Driver.Rules), len(want))
	}
	for i, rule := range want {
		d := r.Tool.Driver.Rules[i]
		if d["id"] != rule.ID {
			t.Fatalf("rules[%d].id = %v, want %s", i, d["id"], rule.ID)
		}
		help := d["help"].(map[string]any)
		if help["markdown"] != rule.Doc || help["text"] == "" {
			t.Errorf("%s: help is not the rule's doc", rule.ID)
		}
		if d["helpUri"] != rule.DocURL() {
			t.Errorf("%s: helpUri = %v", rule.ID, d["helpUri"])
		}
		for _, k := range []string{"shortDescription", "fullDescription"} {
			if m, _ := d[k].(map[string]any); m == nil || m["text"] == "" {
				t.Errorf("%s: no %s", rule.ID, k)
			}
		}
		if lvl := d["defaultConfiguration"].(map[string]any)["level"]; lvl != map[analyzer.Severity]string{analyzer.Error: "error", analyzer.Warning: "warning", analyzer.Note: "note"}[rule.Severity] {
			t.Errorf("%s: level %v for severity %s", rule.ID, lvl, rule.Severity)
		}
		props := d["properties"].(map[string]any)
		if props["precision"] == nil || props["tags"] == nil {
			t.Errorf("%s: properties = %v", rule.ID, props)
		}
		sev, isSecurity := props["security-severity"].(string)
		if isSecurity != (rule.Category == analyzer.CategorySecurity) {
			t.Errorf("%s (%s): security-severity = %v", rule.ID, rule.Category, props["security-severity"])
		}
		if isSecurity {
			var f float64
			if _, err := fmt.Sscanf(sev, "%g", &f); err != nil || f <= 0 || f > 10 {
				t.Errorf("%s: security-severity %q is not a number in (0, 10]", rule.ID, sev)
			}
		}
	}
	for _, res := range r.Results {
		if int(res["ruleIndex"].(float64)) >= len(want) || r.Tool.Driver.Rules[int(res["ruleIndex"].(float64))]["id"] != res["ruleId"] {
			t.Errorf("ruleIndex %v does not point at %v", res["ruleIndex"], res["ruleId"])
		}
	}
	results, _ := json.MarshalIndent(r.Results, "", "  ")
	golden(t, "sarif-results", fmt.Sprintf("$ wflint %s\n%s\n--- exit %d\n", strings.Join(args, " "), results, code))
}

// With no finding, the SARIF log still has its run, its rules and an empty result list.
func TestSARIFEmpty(t *testing.T) {
	t.Chdir("../..")
	stdout, _, code := run(t, "", "--format", "sarif", "testdata/cli/clean.yml")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	runs := raw["runs"].([]any)
	results, ok := runs[0].(map[string]any)["results"].([]any)
	if len(runs) != 1 || !ok || len(results) != 0 {
		t.Errorf("want one run with \"results\": [], got %s", stdout[:min(len(stdout), 300)])
	}
}

// A file that cannot be read is a failed invocation with a notification, not a result.
func TestSARIFUnreadable(t *testing.T) {
	t.Chdir("../..")
	stdout, _, code := run(t, "", "--format", "sarif", "testdata/cli/nope.yml", "testdata/cli/clean.yml")
	if code != ExitUsage { // a path that does not exist is a mistake in the arguments
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level   string
					Message struct{ Text string }
				}
			}
			Results []any
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Message.Text != "testdata/cli/nope.yml: no such file" || len(log.Runs[0].Results) != 0 {
		t.Errorf("invocations = %+v, %d results", inv, len(log.Runs[0].Results))
	}
}

// One run writes several reports: -o names the file of the --format before it.
func TestSeveralFormats(t *testing.T) {
	t.Chdir("../..")
	dir := t.TempDir()
	sarif, md := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "summary.md")
	stdout, stderr, code := run(t, "", "--format", "sarif", "-o", sarif, "--format", "github", "--format", "markdown="+md, "testdata/e2e/docker-ci.yml")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "::error file=testdata/e2e/docker-ci.yml,line=8,") {
		t.Errorf("standard output is not the annotations:\n%s", stdout)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != strings.Count(stdout, "\n") {
		t.Errorf("SARIF file: %v, %d results for %d annotations", err, len(log.Runs[0].Results), strings.Count(stdout, "\n"))
	}
	if data, _ := os.ReadFile(md); !strings.HasPrefix(string(data), "### wflint: ") {
		t.Errorf("markdown file:\n%s", data)
	}
	// -o before any --format is the file of the first one
	out := filepath.Join(dir, "first.json")
	if _, stderr, code := run(t, "", "-o", out, "--format", "json", "testdata/cli/clean.yml"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(out); !json.Valid(data) {
		t.Errorf("%s is not JSON: %s", out, data)
	}
}

// Escaping of workflow commands and Markdown cells, for characters no rule message has
// today.
func TestEscaping(t *testing.T) {
	res := &analyzer.Result{Diagnostics: []analyzer.Diagnostic{{
		Rule: "r", Severity: analyzer.Warning, Path: "dir,x/a:b%.yml",
		Message: "100% sure:\r\nline two, | <b>",
		Range:   analyzer.Range{Start: analyzer.Pos{Line: 2, Column: 3}, End: analyzer.Pos{Line: 4, Column: 1}},
	}}}
	var gh, md strings.Builder
	if err := report.WriteGitHub(&gh, res, report.GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "::warning file=dir%2Cx/a%3Ab%25.yml,line=2,endLine=4,title=r::100%25 sure:%0D%0Aline two, | <b>\n"; gh.String() != want {
		t.Errorf("github:\n got %q\nwant %q", gh.String(), want)
	}
	if err := report.WriteMarkdown(&md, res, report.MarkdownOptions{LinkBase: "https://h/o/r/blob/s"}); err != nil {
		t.Fatal(err)
	}
	if want := "| [2:3](https://h/o/r/blob/s/dir%2Cx/a%3Ab%25.yml#L2) | warning | "; !strings.Contains(md.String(), want) {
		t.Errorf("markdown has no %q:\n%s", want, md.String())
	}
	if want := "| 100% sure:<br>line two, \\| &lt;b&gt; |\n"; !strings.Contains(md.String(), want) {
		t.Errorf("markdown has no %q:\n%s", want, md.String())
	}
}

// Past ten of a level, nine annotations, one that counts the rest, and the rest as plain
// lines; files that could not be read count as errors.
func TestGitHubLimit(t *testing.T) {
	res := &analyzer.Result{}
	for i := range 12 {
		res.Errors = append(res.Errors, fmt.Errorf("f%d.yml: no such file", i))
	}
	for i := range 14 {
		sev := analyzer.Note
		if i < 3 {
			sev = analyzer.Error
		}
		res.Diagnostics = append(res.Diagnostics, analyzer.Diagnostic{Rule: "r", Severity: sev, Path: "a.yml", Message: "m",
			Range: analyzer.Range{Start: analyzer.Pos{Line: i + 1, Column: 1}, End: analyzer.Pos{Line: i + 1, Column: 2}}})
	}
	var out strings.Builder
	if err := report.WriteGitHub(&out, res, report.GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		kind, _, _ := strings.Cut(line, " ")
		if !strings.HasPrefix(kind, "::") {
			kind = "plain"
		}
		count[kind]++
	}
	// 15 errors: 9 + a count of the 6 others; 11 notes: 9 + a count of the 2 others; 8 plain lines
	if count["::error"] != 10 || count["::notice"] != 10 || count["plain"] != 8 || len(count) != 3 {
		t.Errorf("got %v\n%s", count, out.String())
	}
	for _, want := range []string{
		"::error title=wflint::6 more errors not annotated: GitHub shows 10 per step.",
		"::notice title=wflint::2 more notes not annotated: GitHub shows 10 per step.",
		"wflint: f9.yml: no such file\n", "a.yml:1:1: error: m [r]\n", "a.yml:14:1: note: m [r]\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
}
