package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed untrusted-env-write.md
var untrustedEnvWriteDoc string

// UntrustedEnvWrite reports text an attacker writes, passed to a script through env:,
// and written from there to $GITHUB_ENV or $GITHUB_PATH in a privileged run: a line
// break in it sets any variable (BASH_ENV, NODE_OPTIONS, LD_PRELOAD) for every later
// step.
var UntrustedEnvWrite = &analyzer.Rule{
	ID:       "untrusted-env-write",
	Title:    "text an attacker writes sets the environment of later steps",
	Doc:      untrustedEnvWriteDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Run:      runUntrustedEnvWrite,

	SecuritySeverity: 8.1,
}

// envFileWrite finds a line that writes to the environment or path file of later steps.
var envFileWrite = lazyre.New(`(?:>>?|\btee\s+(?:-a\s+|--append\s+)?|Out-File\b[^\n]*|Add-Content\b[^\n]*)\s*["']?\$\{?(?:env:)?(GITHUB_ENV|GITHUB_PATH)\b`).Needing("GITHUB_ENV", "GITHUB_PATH")

// shellVar finds a shell or PowerShell variable reference.
var shellVar = lazyre.New(`\$\{?(?:env:)?([A-Za-z_][A-Za-z0-9_]*)`).Needing("$")

// flattens finds a command that removes line breaks from a value.
var flattens = lazyre.New(`\btr\s+-d\s+["']?\\[nr]|\btr\s+["']?\\n|//\$'\\n'|\bhead\s+-(?:n\s*)?1\b|\bjq\s+-c\b|\bsed\b[^\n]*\\n`).Needing("tr", "//$", "head", "jq", "sed")

// randomDelimiter finds a value an attacker cannot guess, made for a heredoc delimiter.
var randomDelimiter = lazyre.New(`\$\(\s*(?:uuidgen|openssl\s+rand|head\s+-c|dd\s|cat\s+/proc/sys/kernel/random/uuid)|\$RANDOM|crypto\.randomUUID|\[guid\]::NewGuid`)

func runUntrustedEnvWrite(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil {
		return nil
	}
	triggers := taintTriggers(wf)
	if len(triggers) == 0 {
		return nil
	}
	var flow *workflowTaint
	for _, j := range wf.Jobs {
		eachStep(j.Steps, func(st *analyzer.Step) {
			run, ok := analyzer.ScalarValue(st.Run)
			if !ok || !strings.Contains(run, "GITHUB_ENV") && !strings.Contains(run, "GITHUB_PATH") {
				return
			}
			if randomDelimiter.MatchString(run) {
				return // a heredoc delimiter the text cannot close
			}
			if flow == nil {
				flow = newWorkflowTaint(wf)
			}
			checkEnvWrites(p, st.Run, run, flow.scope(j, st, nil), triggers)
		})
	}
	return nil
}

// checkEnvWrites reports, in each write to GITHUB_ENV or GITHUB_PATH, the first variable
// that holds multi-line attacker text. A write is one line, or the lines of a { … }
// group whose output goes to the file.
func checkEnvWrites(p *analyzer.Pass, n *yaml.Node, run string, scope *taintScope, triggers map[string]bool) {
	lines := strings.SplitAfter(run, "\n")
	offs := make([]int, len(lines)+1)
	for i, l := range lines {
		offs[i+1] = offs[i] + len(l)
	}
	for i, line := range lines {
		m := envFileWrite.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		first := i
		if strings.HasPrefix(strings.TrimSpace(line), "}") {
			for first > 0 && strings.TrimSpace(lines[first]) != "{" {
				first--
			}
		}
		text := run[offs[first]:offs[i+1]]
		if flattens.MatchString(text) {
			continue
		}
		for _, loc := range shellVar.FindAllStringSubmatchIndex(text, -1) {
			t := scope.envVar(text[loc[2]:loc[3]])
			if t == nil || !multiline(t.path) {
				continue
			}
			event := firstTrigger(t.source.events, triggers)
			if event == "" {
				continue
			}
			d := analyzer.Diagnostic{
				Range:    p.File.TextRange(n, offs[first]+loc[0], offs[first]+loc[1]),
				Severity: analyzer.Error,
				Message: fmt.Sprintf("$%s holds %s, text an outsider writes, and is written to %s in a run that %s starts: a line break in it sets any variable for every later step (BASH_ENV, NODE_OPTIONS) and runs code with the repository's token and secrets; write it to a file or $GITHUB_OUTPUT, or use a random heredoc delimiter (NAME<<$(uuidgen))",
					t.via, t.path, m[1], event),
			}
			if t.source.merged || strings.HasSuffix(t.path, "title") {
				d.Confidence = analyzer.Medium
			}
			p.Report(d)
			break
		}
	}
}

// multiline reports whether a taint source can hold a line break: bodies, messages and
// titles can; branch names and e-mail addresses cannot.
func multiline(path string) bool {
	return strings.HasSuffix(path, ".body") || strings.HasSuffix(path, ".message") || strings.HasSuffix(path, "title")
}

func firstTrigger(events []string, triggers map[string]bool) string {
	for _, e := range events {
		if triggers[e] {
			return e
		}
	}
	return ""
}
