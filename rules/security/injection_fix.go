package security

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// The unsafe fix of template-injection: pass the value to the script in env: and read the
// variable, so that the shell sees it as data. It is offered for run: scripts of bash or
// sh only, where wflint knows how the variable is written and quoted.

// envName makes an environment variable name for a context path: its last two
// meaningful parts ("github.event.issue.title" → ISSUE_TITLE).
func envName(path string) string {
	var parts []string
	for _, s := range strings.Split(path, ".") {
		switch s {
		case "github", "event", "outputs", "steps", "needs", "*":
			continue
		}
		parts = append(parts, s)
	}
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	name := strings.ToUpper(strings.Join(parts, "_"))
	return nonName.ReplaceAllString(name, "_")
}

var nonName = lazyre.New(`[^A-Z0-9_]`)

// plainPath matches an expression that is only a context path.
var plainPath = lazyre.New(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// injectionFix moves the expression at v[a:b] of step st's run: script into the step's
// env:. It returns false where it cannot be sure of the result: another shell, a quoted
// context it would have to break, a name already taken, a layout it cannot edit.
func injectionFix(f *analyzer.File, wf *analyzer.Workflow, j *analyzer.Job, st *analyzer.Step, v string, a, b int, t *tainted) (analyzer.Fix, bool) {
	if st == nil || st.Run == nil || !bashStep(wf, j, st) {
		return analyzer.Fix{}, false
	}
	quote, ok := quoteState(v[:a])
	if !ok || quote == '\'' || strings.Contains(v[:a], "<<") {
		// inside single quotes, or perhaps a here-document, where quotes would be text
		return analyzer.Fix{}, false
	}
	expr := v[a:b]
	name, insert := t.via, ""
	if name == "" || !strings.EqualFold(strings.TrimSpace(strings.Trim(strings.TrimSpace(expr[3:len(expr)-2]), " ")), "env."+name) {
		// a context read directly: give it a variable of its own
		name = envName(t.path)
		if inner := strings.TrimSpace(expr[3 : len(expr)-2]); !strings.HasPrefix(t.path, "github.") && plainPath.MatchString(inner) {
			name = envName(strings.ToLower(inner)) // an action's output: name it after the output
		}
		if name == "" || strings.ContainsAny(expr, "\n'#") || strings.Contains(expr, ": ") {
			return analyzer.Fix{}, false
		}
		if e := st.Env.Get(name); e.Key != nil {
			if ev, _ := analyzer.ScalarValue(e.Value); strings.TrimSpace(ev) != expr {
				return analyzer.Fix{}, false // the name is taken
			}
		} else {
			insert = name + ": " + expr
		}
	}
	ref := "${" + name + "}"
	if quote == 0 {
		ref = `"` + ref + `"`
	}
	r := f.TextRange(st.Run, a, b)
	if r.Start.Line != r.End.Line {
		return analyzer.Fix{}, false
	}
	edits := []analyzer.Edit{{Range: r, NewText: ref}}
	if insert != "" {
		e, ok := envInsert(f, st, insert)
		if !ok {
			return analyzer.Fix{}, false
		}
		edits = append(edits, e)
	}
	return analyzer.Fix{Title: "pass it in env: as " + name + " and read the variable", Safety: analyzer.Unsafe, Edits: edits}, true
}

// bashStep reports whether a step's script runs in bash or sh: its shell:, else the
// job's or workflow's defaults, else the runner's default, which is bash except on
// Windows.
func bashStep(wf *analyzer.Workflow, j *analyzer.Job, st *analyzer.Step) bool {
	shell := ""
	for _, n := range []*yaml.Node{st.Shell, defaultShell(j.Defaults), defaultShell(wf.Defaults)} {
		if v, ok := analyzer.ScalarValue(n); ok && shell == "" {
			shell = strings.TrimSpace(v)
		}
	}
	if shell != "" {
		return shell == "bash" || shell == "sh" || strings.HasPrefix(shell, "bash ")
	}
	runsOn, ok := analyzer.ScalarValue(j.RunsOn)
	if j.RunsOn != nil && j.RunsOn.Kind == yaml.SequenceNode {
		runsOn, ok = "", true
		walkScalars(j.RunsOn, 0, func(n *yaml.Node) { runsOn += " " + n.Value })
	}
	return ok && !strings.Contains(runsOn, "${{") && !containsFold(runsOn, "windows")
}

func defaultShell(defaults *yaml.Node) *yaml.Node {
	return analyzer.MappingOf(analyzer.MappingOf(defaults).Get("run").Value).Get("shell").Value
}

// quoteState is the shell quoting in force at the end of prefix's last line: 0, '"' or
// '\”; false when the line continues a quoted string from an earlier line.
func quoteState(prefix string) (byte, bool) {
	line := prefix[strings.LastIndexByte(prefix, '\n')+1:]
	var q byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && q != '\'':
			i++
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	// a quote left open on an earlier line would make this line's state unknowable
	before := prefix[:len(prefix)-len(line)]
	if strings.Count(before, `"`)%2 != 0 || strings.Count(before, "'")%2 != 0 {
		return 0, false
	}
	return q, true
}

// envInsert adds the entry "NAME: value" to a step's env:, making the env: mapping when
// the step has none.
func envInsert(f *analyzer.File, st *analyzer.Step, entry string) (analyzer.Edit, bool) {
	if st.Node == nil || st.Node.Kind != yaml.MappingNode || st.Node.Style&yaml.FlowStyle != 0 || len(st.Node.Content) == 0 {
		return analyzer.Edit{}, false
	}
	if st.EnvNode != nil {
		if st.EnvNode.Kind != yaml.MappingNode || st.EnvNode.Style&yaml.FlowStyle != 0 || len(st.EnvNode.Content) == 0 {
			return analyzer.Edit{}, false
		}
		first := st.EnvNode.Content[0]
		ind, ok := ownLine(f, first)
		if !ok {
			return analyzer.Edit{}, false
		}
		return insertAt(f, f.Range(first).Start.Line, strings.Repeat(" ", ind)+entry+eol(f)), true
	}
	keyCol := f.Range(st.Node.Content[0]).Start.Column - 1
	pad := strings.Repeat(" ", keyCol)
	text := pad + "env:" + eol(f) + pad + "  " + entry + eol(f)
	// before a key of the step that starts its own line
	for i := 2; i < len(st.Node.Content); i += 2 {
		if ind, ok := ownLine(f, st.Node.Content[i]); ok && ind == keyCol {
			return insertAt(f, f.Range(st.Node.Content[i]).Start.Line, text), true
		}
	}
	// after the step's last value
	end := f.Range(st.Node).End
	if end.Column == 1 {
		return insertAt(f, end.Line, text), true
	}
	if end.Line >= f.Lines() {
		at := f.OffsetPos(len(f.Src))
		return analyzer.Edit{Range: analyzer.Range{Start: at, End: at}, NewText: eol(f) + strings.TrimSuffix(text, eol(f))}, true
	}
	rest := strings.TrimSpace(string(f.LineText(end.Line))[end.Column-1:])
	if rest != "" && !strings.HasPrefix(rest, "#") {
		return analyzer.Edit{}, false
	}
	return insertAt(f, end.Line+1, text), true
}

func eol(f *analyzer.File) string {
	if strings.Contains(string(f.Src[:min(len(f.Src), 4096)]), "\r\n") {
		return "\r\n"
	}
	return "\n"
}
