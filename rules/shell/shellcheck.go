// Package shell holds the rules that read the shell scripts of run: steps. Its one rule
// runs ShellCheck, when it is installed, over every bash and sh script, and reports what
// it finds at the script's place in the YAML file.
package shell

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
)

//go:embed shellcheck.md
var shellcheckDoc string

// Shellcheck reports ShellCheck's findings in run: scripts of bash and sh.
var Shellcheck = &analyzer.Rule{
	ID:       "shellcheck",
	Title:    "shellcheck finds a problem in a run: script",
	Doc:      shellcheckDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Note, // an error when bash cannot parse the script
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runShellcheck,
	Options: []analyzer.Option{
		{Name: "command", Type: analyzer.OptionStrings,
			Doc:     "the ShellCheck command and any leading arguments (default: shellcheck from the PATH; --shellcheck sets it)",
			Example: `["/usr/local/bin/shellcheck"]`},
		{Name: "exclude", Type: analyzer.OptionStrings,
			Doc:     "more ShellCheck codes not to report, besides those that expressions and env: make meaningless",
			Example: `[SC2129]`},
	},
}

// excluded are codes that the way GitHub builds a script makes meaningless: variables
// set in env: (SC2154, SC2153), sourced files not in the file (SC1091), and tests of
// expressions, which become constant placeholders (SC2050, SC2157, SC2194).
var excluded = []string{"SC1091", "SC2153", "SC2154", "SC2050", "SC2157", "SC2194"}

// errexitOnly are codes about a failing command going unnoticed, which a shell that
// GitHub starts with -e (every default, and shell: bash or sh) stops at: cd without
// "|| exit" (SC2164).
var errexitOnly = []string{"SC2164"}

// script is one run: script to check.
type script struct {
	node    *yaml.Node
	shell   string // bash or sh
	errexit bool   // GitHub runs it with -e
	text    string // with each ${{ }} replaced by a placeholder of the same length
}

func runShellcheck(p *analyzer.Pass) error {
	command, _ := p.Options.Strings("command")
	bin := shellcheckPath(command)
	if bin == "" {
		return nil // not installed: silent, as the rule's doc says
	}
	scripts := collectScripts(p.File)
	if len(scripts) == 0 {
		return nil
	}
	results, err := check(bin, command, scripts)
	if err != nil {
		return err
	}
	skip, _ := p.Options.Strings("exclude")
	for i, s := range scripts {
		cs, fatal := oneParseError(results[i])
		for _, c := range cs {
			code := fmt.Sprintf("SC%d", c.Code)
			if slices.Contains(excluded, code) || slices.Contains(skip, code) || s.errexit && slices.Contains(errexitOnly, code) {
				continue
			}
			p.Report(diagnostic(p.File, s, c, code, fatal))
		}
	}
	return nil
}

// parseStops are the codes ShellCheck gives when it could not parse a script at all;
// bash will refuse it too.
var parseStops = []int{1070, 1072, 1073, 1088}

// oneParseError keeps, of a script that does not parse, only its first error, marked as
// fatal: ShellCheck follows it with notes about the same mistake (SC1009, SC1072, …).
func oneParseError(cs []comment) ([]comment, bool) {
	if !slices.ContainsFunc(cs, func(c comment) bool { return slices.Contains(parseStops, c.Code) }) {
		return cs, false
	}
	for _, c := range cs {
		if c.Level == "error" {
			return []comment{c}, true
		}
	}
	return cs[:1], true
}

// comment is one finding of ShellCheck's json1 output.
type comment struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	EndLine   int    `json:"endLine"`
	Column    int    `json:"column"`
	EndColumn int    `json:"endColumn"`
	Level     string `json:"level"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
}

func diagnostic(f *analyzer.File, s script, c comment, code string, fatal bool) analyzer.Diagnostic {
	d := analyzer.Diagnostic{
		Message: fmt.Sprintf("%s: %s (https://www.shellcheck.net/wiki/%s)", code, strings.TrimSuffix(c.Message, "."), code),
	}
	switch {
	case fatal:
		d.Severity = analyzer.Error // bash cannot parse the script: the step fails
	case c.Level == "error" || c.Level == "warning":
		d.Severity, d.Confidence = analyzer.Note, analyzer.Medium
	default: // info and style
		d.Severity, d.Confidence = analyzer.Note, analyzer.Low
	}
	a := offsetOf(s.text, c.Line, c.Column)
	b := offsetOf(s.text, c.EndLine, c.EndColumn)
	if b <= a {
		b = a + 1
	}
	if b > len(s.node.Value) {
		b = len(s.node.Value)
	}
	d.Range = f.TextRange(s.node, a, b)
	return d
}

// offsetOf turns ShellCheck's line and column (1-based, a tab counting up to the next
// multiple of 8) into a byte offset of text.
func offsetOf(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(text) && text[off] != '\n'; {
		r, size := utf8.DecodeRuneInString(text[off:])
		if r == '\t' {
			c += 8 - (c-1)%8
		} else {
			c++
		}
		off += size
	}
	return off
}

// collectScripts returns the run: scripts of a file whose shell is bash or sh.
func collectScripts(f *analyzer.File) []script {
	var out []script
	f.EachStep(func(j *analyzer.Job, st *analyzer.Step) {
		v, ok := analyzer.ScalarValue(st.Run)
		if !ok || strings.TrimSpace(v) == "" {
			return
		}
		var name string
		var errexit bool
		if j != nil {
			name, errexit = stepShell(f.Workflow, j, st)
		} else {
			shell, _ := analyzer.ScalarValue(st.Shell) // a composite action's step names its shell
			name, errexit = shellName(shell)
		}
		if name != "" {
			out = append(out, script{node: analyzer.Resolve(st.Run), shell: name, errexit: errexit, text: placeholders(v)})
		}
	})
	return out
}

// stepShell is the shell a workflow step's script runs in, "" unless bash or sh, and
// whether it stops at the first failing command: the step's shell:, else the job's or
// workflow's defaults, else the runner's default, which is bash -e except on Windows.
func stepShell(wf *analyzer.Workflow, j *analyzer.Job, st *analyzer.Step) (string, bool) {
	for _, n := range []*yaml.Node{st.Shell, defaultShell(j.Defaults), defaultShell(wf.Defaults)} {
		if v, ok := analyzer.ScalarValue(n); ok {
			return shellName(v)
		}
	}
	if cond, _ := analyzer.ScalarValue(st.If); strings.Contains(strings.ToLower(cond), "windows") {
		return "", false // a step meant for Windows runs in PowerShell there
	}
	runsOn, _ := analyzer.ScalarValue(j.RunsOn)
	if strings.Contains(runsOn, "${{") && !strings.Contains(runsOn, "matrix.") {
		return "", false // a runner chosen by an input or a variable: its OS is unknown
	}
	windows := false
	var look func(n *yaml.Node, depth int)
	look = func(n *yaml.Node, depth int) {
		if n == nil || depth > analyzer.MaxDepth {
			return
		}
		if n.Kind == yaml.AliasNode {
			look(n.Alias, depth+1)
			return
		}
		windows = windows || n.Kind == yaml.ScalarNode && strings.Contains(strings.ToLower(n.Value), "windows")
		for _, c := range n.Content {
			look(c, depth+1)
		}
	}
	look(j.RunsOn, 0)
	if v, ok := analyzer.ScalarValue(j.RunsOn); ok && strings.Contains(v, "${{") {
		look(j.Strategy, 0) // runs-on from the matrix: Windows if any of its values is
	}
	if windows {
		return "", false
	}
	return "bash", true
}

func defaultShell(defaults *yaml.Node) *yaml.Node {
	return analyzer.MappingOf(analyzer.MappingOf(defaults).Get("run").Value).Get("shell").Value
}

// shellName reads a shell: value ("bash", "sh", "bash -e {0}" and the like; "" for any
// other shell) and whether the shell stops at the first failing command: GitHub starts
// bash and sh with -e, and a custom command line says so itself.
func shellName(v string) (string, bool) {
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return "", false
	}
	name := filepath.Base(fields[0])
	if name != "bash" && name != "sh" {
		return "", false
	}
	if len(fields) == 1 {
		return name, true
	}
	errexit := false
	for _, f := range fields[1:] {
		errexit = errexit || strings.HasPrefix(f, "-") && !strings.HasPrefix(f, "--") && strings.Contains(f, "e")
	}
	return name, errexit
}

// placeholders replaces each ${{ }} expression of a script with underscores, keeping its
// length and line breaks, so that ShellCheck's places are the script's.
func placeholders(s string) string {
	if !strings.Contains(s, "${{") {
		return s
	}
	b := []byte(s)
	for _, sp := range ghexpr.Scan(s, false) {
		end := sp.Close
		if end < 0 {
			end = len(s)
		}
		for i := sp.Open; i < end; i++ {
			if b[i] != '\n' {
				b[i] = '_'
			}
		}
	}
	return string(b)
}

var (
	lookOnce sync.Once
	lookPath string
	cache    sync.Map // sha256 of shell and script → []comment
)

// shellcheckPath is the ShellCheck to run: the configured command, else shellcheck from
// the PATH; "" when there is none.
func shellcheckPath(command []string) string {
	if len(command) > 0 {
		return command[0]
	}
	lookOnce.Do(func() { lookPath, _ = exec.LookPath("shellcheck") })
	return lookPath
}

// check runs one ShellCheck process over the scripts that are not in the cache and
// returns each script's comments.
func check(bin string, command []string, scripts []script) ([][]comment, error) {
	out := make([][]comment, len(scripts))
	keys := make([][32]byte, len(scripts))
	var todo []int
	for i, s := range scripts {
		keys[i] = sha256.Sum256([]byte(s.shell + "\x00" + s.text))
		if v, ok := cache.Load(keys[i]); ok {
			out[i] = v.([]comment)
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	dir, err := os.MkdirTemp("", "wflint-shellcheck-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	args := append(append([]string(nil), command[min(1, len(command)):]...), "--format=json1", "--norc")
	byFile := map[string]int{}
	for _, i := range todo {
		name := filepath.Join(dir, fmt.Sprintf("%d.%s", i, scripts[i].shell))
		if err := os.WriteFile(name, []byte(scripts[i].text), 0o600); err != nil {
			return nil, err
		}
		byFile[name] = i
	}
	// one process per shell, each given all of that shell's scripts
	for _, shell := range []string{"bash", "sh"} {
		var files []string
		for name, i := range byFile {
			if scripts[i].shell == shell {
				files = append(files, name)
			}
		}
		if len(files) == 0 {
			continue
		}
		slices.Sort(files)
		comments, err := runShellcheckProcess(bin, append(append(args, "--shell="+shell), files...))
		if err != nil {
			return nil, err
		}
		for _, c := range comments {
			if i, ok := byFile[c.File]; ok {
				out[i] = append(out[i], c)
			}
		}
	}
	for _, i := range todo {
		cache.Store(keys[i], out[i])
	}
	return out, nil
}

// runShellcheckProcess runs ShellCheck and reads its json1 report. ShellCheck exits 1
// when it has findings; any other failure is an error.
func runShellcheckProcess(bin string, args []string) ([]comment, error) {
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); err != nil && !(ok && exit.ExitCode() == 1) {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("shellcheck: %s", firstLine(msg))
	}
	var report struct {
		Comments []comment `json:"comments"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		return nil, fmt.Errorf("shellcheck: unexpected output: %v", err)
	}
	return report.Comments, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
