package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The problem matcher docs/editors.md gives VS Code reads every line of --oneline output,
// and reads it right: the same places, severities and rules as the JSON output.
func TestEditorPatterns(t *testing.T) {
	t.Chdir("../..")
	doc, err := os.ReadFile("docs/editors.md")
	if err != nil {
		t.Fatal(err)
	}
	// the tasks.json block
	m := regexp.MustCompile("(?s)```json\n(\\{\n  \"version\": \"2.0.0\".*?)\n```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("no tasks.json block in docs/editors.md")
	}
	var tasks struct {
		Tasks []struct {
			Args           []string
			ProblemMatcher struct {
				Pattern struct {
					Regexp                                      string
					File, Line, Column, Severity, Message, Code int
				}
			}
		}
	}
	if err := json.Unmarshal(m[1], &tasks); err != nil {
		t.Fatalf("tasks.json in docs/editors.md: %v", err)
	}
	task := tasks.Tasks[0]
	p := task.ProblemMatcher.Pattern
	re := regexp.MustCompile(p.Regexp)

	files := []string{"rules", "testdata/cli", "testdata/e2e"}
	text, _, _ := run(t, "", append(task.Args, files...)...)
	js, _, _ := run(t, "", append([]string{"--format", "json"}, files...)...)
	var report struct {
		Diagnostics []struct {
			Rule, Severity, Message, Path string
			Range                         struct{ Start struct{ Line, Column int } }
		}
	}
	if err := json.Unmarshal([]byte(js), &report); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != len(report.Diagnostics) || len(lines) < 100 {
		t.Fatalf("%d lines of text for %d diagnostics", len(lines), len(report.Diagnostics))
	}
	for i, line := range lines {
		g := re.FindStringSubmatch(line)
		if g == nil {
			t.Errorf("the pattern does not match %q", line)
			continue
		}
		d := report.Diagnostics[i]
		got := fmt.Sprintf("%s|%s|%s|%s|%s|%s", g[p.File], g[p.Line], g[p.Column], g[p.Severity], g[p.Message], g[p.Code])
		want := fmt.Sprintf("%s|%d|%d|%s|%s|%s", d.Path, d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Message, d.Rule)
		if got != want {
			t.Errorf("line %d read as\n  %s\nwant\n  %s", i+1, got, want)
		}
	}
}
