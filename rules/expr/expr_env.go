package expr

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// envWrites reads a run: script for the names it writes to $GITHUB_ENV, which later steps
// of the job see in the env context. It understands the forms people write:
//
//	echo "NAME=value" >> "$GITHUB_ENV"
//	echo NAME=value >> $GITHUB_ENV
//	echo "NAME<<EOF" >> $GITHUB_ENV           (multi-line values)
//	echo "NAME=value" | tee -a $GITHUB_ENV
//	cat >> $GITHUB_ENV <<EOF ... NAME=value ... EOF
//	"NAME=value" | Out-File -FilePath $env:GITHUB_ENV -Append   (PowerShell)
//	echo NAME=value>>%GITHUB_ENV%                                (cmd)
//
// unknown is set when a write names what cannot be read statically (a variable, a
// command's output, a loop): later steps may then see names this list lacks.
func envWrites(script string) (names []string, unknown bool) {
	return commandFileWrites(script, envFile)
}

// outputWrites reads a run: script for the step outputs it writes to $GITHUB_OUTPUT, in
// the same forms.
func outputWrites(script string) []string {
	names, _ := commandFileWrites(script, outputFile)
	return names
}

// commandFile is one of the runner's files of NAME=value lines.
type commandFile struct {
	name   string
	target *lazyre.Regexp // a line that appends to it
}

var (
	envFile    = newCommandFile("GITHUB_ENV")
	outputFile = newCommandFile("GITHUB_OUTPUT")
)

func newCommandFile(name string) commandFile {
	return commandFile{name, lazyre.New(`(>>?|tee\s+(-a\s+|--append\s+)?|-(File)?Path\s+|Add-Content\s+)\s*["']?(\$\{?` +
		name + `\}?|\$env:` + name + `|%` + name + `%)`)}
}

func commandFileWrites(script string, file commandFile) (names []string, unknown bool) {
	if !strings.Contains(script, file.name) {
		return nil, false
	}
	lines := strings.Split(script, "\n")
	pending := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.Contains(line, file.name) || !file.target.MatchString(line) {
			continue
		}
		if delim, ok := heredocDelim(line); ok {
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != delim; i++ {
				if m := envAssign.FindStringSubmatch(strings.TrimSpace(lines[i])); m != nil {
					names = append(names, m[1])
				} else if strings.TrimSpace(lines[i]) != "" && !strings.HasPrefix(strings.TrimSpace(lines[i]), "#") {
					// a value line of a NAME<<X block, or a computed line
					if !strings.Contains(lines[i], "=") {
						continue
					}
					unknown = true
				}
			}
			continue
		}
		if pending != "" { // the value lines of echo "NAME<<EOF", then echo EOF
			if strings.Contains(line, pending) {
				pending = ""
			}
			continue
		}
		found := false
		for _, m := range envAssignInline.FindAllStringSubmatch(line, -1) {
			names = append(names, m[1])
			found = true
		}
		if m := multilineStart.FindStringSubmatch(line); m != nil {
			pending = m[1]
		}
		if !found {
			unknown = true // echo "$NAME=$VALUE" >> $GITHUB_ENV, } >> $GITHUB_ENV, ...
		}
	}
	if pending != "" {
		unknown = true
	}
	return names, unknown
}

var (
	// NAME=... or NAME<<DELIM at the start of an echo/printf argument
	envAssignInline = lazyre.New(`(?:^|[\s"'({;])([A-Za-z_][A-Za-z0-9_]*)(?:=|<<)`)
	envAssign       = lazyre.New(`^([A-Za-z_][A-Za-z0-9_]*)(?:=|<<)`)
	multilineStart  = lazyre.New(`[A-Za-z_][A-Za-z0-9_]*<<\s*([A-Za-z_][A-Za-z0-9_]*)`)
	heredocStart    = lazyre.New(`<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)
)

// heredocDelim returns the delimiter of a "cat >> $GITHUB_ENV <<EOF" line.
func heredocDelim(line string) (string, bool) {
	if !strings.Contains(line, "cat") {
		return "", false
	}
	m := heredocStart.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	return m[1], true
}

var (
	shellRef    = lazyre.New(`\$\{?([A-Z][A-Z0-9_]{3,})`)
	shellAssign = lazyre.New(`(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=`)
	shellRead   = lazyre.New(`\b(?:read|mapfile|readarray)((?:\s+-\w+(?:\s+\S+)?)*(?:\s+[A-Za-z_][A-Za-z0-9_]*)+)`)
	shellFor    = lazyre.New(`\b(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b`)
	shellExport = lazyre.New(`\bexport\s+([A-Za-z_][A-Za-z0-9_ ]*)`)
	// scripts that define names wflint cannot follow
	shellOpaque = lazyre.New(`(^|[\s;&|(])(source|eval|\.|set\s+-a|set\s+-o\s+allexport|declare\s+-x|printenv|envsubst|getopts)(\s|$)|export\s+\$|\$\{!`)
	shellVars   = map[string]bool{"HOME": true, "PATH": true, "PWD": true, "OLDPWD": true, "USER": true, "SHELL": true,
		"RANDOM": true, "SECONDS": true, "LINENO": true, "HOSTNAME": true, "BASH_SOURCE": true, "BASH_VERSION": true,
		"IFS": true, "TERM": true, "LANG": true, "TMPDIR": true, "PIPESTATUS": true, "OSTYPE": true, "UID": true,
		"EUID": true, "PPID": true, "BASH_REMATCH": true, "FUNCNAME": true, "HOSTTYPE": true, "MACHTYPE": true}
)

// checkScripts reports "$NAME" in a run: script when NAME is certainly not set and is one
// typo away from an env name the step does see. Anything that could set names wflint
// cannot follow (an earlier action, a computed $GITHUB_ENV write, source, eval, set -a, a
// non-POSIX shell) turns the check off for that step.
func (a *exprAnalysis) checkScripts() {
	wf := a.scope.wf
	if wf == nil {
		return
	}
	var everywhere map[string]bool // computed for the first candidate
	for _, js := range a.scope.jobList {
		for _, st := range js.steps {
			run := st.step.Run
			if run == nil || run.Kind != yaml.ScalarNode || !strings.Contains(run.Value, "$") || !posixShell(wf, js, st) {
				continue
			}
			visible, uncertain := a.scope.envAt(js, st, true)
			if uncertain != nil || len(visible) == 0 || !a.scope.envKnown(js, st) {
				continue
			}
			a.checkScript(run, visible, func(name string) bool {
				if everywhere == nil {
					everywhere = allEnvNames(wf)
				}
				return everywhere[name]
			})
		}
	}
}

// checkScript reports each $NAME in the script run that is one edit from a visible env
// name and defined nowhere: not in the workflow (definedAnywhere), not by the script.
func (a *exprAnalysis) checkScript(run *yaml.Node, visible []string, definedAnywhere func(string) bool) {
	var local map[string]bool
	var quoted []bool
	s := &site{node: run, scope: a.scope}
	for _, m := range shellRef.FindAllStringSubmatchIndex(run.Value, -1) {
		name := run.Value[m[2]:m[3]]
		if shellVars[name] || m[0] > 0 && run.Value[m[0]-1] == '\\' || runnerSet(name) {
			continue
		}
		close := analyzer.Closest(name, visible)
		if close == "" || !sameShape(name, close) || definedAnywhere(name) {
			continue
		}
		// a candidate: now read the script closely
		if local == nil {
			if shellOpaque.MatchString(run.Value) {
				return
			}
			local, quoted = scriptNames(run.Value), singleQuoted(run.Value)
		}
		if local[name] || quoted[m[0]] {
			continue
		}
		rng := s.rangeOf(a.scope.file, m[2], m[3])
		a.add(kindUndefinedEnv, rng, analyzer.Warning,
			fmt.Sprintf("$%s is not set in this step: no env: defines it and the script does not assign it; did you mean $%s?", name, close),
			analyzer.RenameFix(rng, close)...)
	}
}

// runnerSet reports whether the runner sets the variable name in every job.
func runnerSet(name string) bool {
	if _, ok := runnerVariables[name]; ok {
		return true
	}
	for _, prefix := range []string{"GITHUB_", "RUNNER_", "ACTIONS_", "INPUT_"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// singleQuoted marks the bytes of a script that are inside single quotes, where the
// shell expands nothing.
func singleQuoted(script string) []bool {
	out := make([]bool, len(script))
	inSingle, inDouble := false, false
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '\\' && !inSingle:
			i++
			continue
		case c == '\'' && !inDouble:
			inSingle = !inSingle
		case c == '"' && !inSingle:
			inDouble = !inDouble
		case c == '\n' && !inSingle && !inDouble:
		}
		out[i] = inSingle
	}
	return out
}

// sameShape keeps the check to names that look alike: both upper-case words of similar
// length, so that $PORT and $HOST are not taken for typos of each other.
func sameShape(a, b string) bool {
	if strings.ToUpper(b) != b || len(a) < 5 {
		return false
	}
	return analyzer.EditDistance(a, b) <= 1
}

// scriptNames lists the names a script assigns, reads into or loops over.
func scriptNames(script string) map[string]bool {
	names := map[string]bool{}
	for _, m := range shellAssign.FindAllStringSubmatch(script, -1) {
		names[m[1]] = true
	}
	for _, m := range shellFor.FindAllStringSubmatch(script, -1) {
		names[m[1]] = true
	}
	for _, m := range shellRead.FindAllStringSubmatch(script, -1) {
		for _, w := range strings.Fields(m[1]) {
			names[w] = true
		}
	}
	for _, m := range shellExport.FindAllStringSubmatch(script, -1) {
		for _, w := range strings.Fields(m[1]) {
			names[w] = true
		}
	}
	return names
}

// allEnvNames lists every env name the workflow defines anywhere, and every name any run:
// step writes to $GITHUB_ENV: a name defined somewhere is not a certain typo.
func allEnvNames(wf *analyzer.Workflow) map[string]bool {
	names := map[string]bool{}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		n = analyzer.Resolve(n)
		if n == nil || depth > analyzer.MaxDepth {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "env" {
					for _, e := range analyzer.MappingOf(n.Content[i+1]) {
						names[e.Key.Value] = true
					}
				}
				if n.Content[i].Value == "run" {
					w, _ := envWrites(n.Content[i+1].Value)
					for _, x := range w {
						names[x] = true
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(wf.Node, 0)
	return names
}

// posixShell reports whether the step's run: is read by bash or sh.
func posixShell(wf *analyzer.Workflow, js *jobScope, st *stepScope) bool {
	shell := ""
	if st.step.Shell != nil {
		shell = st.step.Shell.Value
	} else if v, ok := defaultShell(js.job.Defaults); ok {
		shell = v
	} else if v, ok := defaultShell(wf.Defaults); ok {
		shell = v
	} else if js.shellWin {
		return false
	}
	if shell == "" {
		return true
	}
	f := strings.Fields(shell)
	return len(f) > 0 && (f[0] == "bash" || f[0] == "sh")
}

func defaultShell(defaults *yaml.Node) (string, bool) {
	run := analyzer.MappingOf(defaults).Get("run").Value
	return analyzer.ScalarValue(analyzer.MappingOf(run).Get("shell").Value)
}
