package security

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// jobNeeds returns what a job's steps need of its token, or the node (a step, the job's
// uses:) whose needs wflint cannot tell.
func jobNeeds(wf *analyzer.Workflow, j *analyzer.Job) (scopes, *yaml.Node) {
	if j.Uses != nil {
		return nil, j.Uses // a reusable workflow: its jobs are in another file
	}
	need := scopes{}
	if anyScalar(j.Container, mentionsJobToken) || servicesMention(j) {
		need.add(scopes{"packages": readAccess}) // pulling an image from ghcr.io with the token
	}
	envToken := anyScalar(wf.EnvNode, mentionsJobToken) || anyScalar(j.EnvNode, mentionsJobToken)
	var unknown *yaml.Node
	eachStep(j.Steps, func(st *analyzer.Step) {
		if unknown != nil {
			return
		}
		s, ok := stepNeeds(st, envToken || anyScalar(st.EnvNode, mentionsJobToken))
		if !ok {
			unknown = st.Node
			return
		}
		need.add(s)
	})
	return need, unknown
}

func servicesMention(j *analyzer.Job) bool {
	for _, e := range j.Services {
		if anyScalar(e.Value, mentionsJobToken) {
			return true
		}
	}
	return false
}

// unseenWrites are the write scopes a job's scripts may use without wflint seeing it:
// any script can ask for an OIDC token, any script run after a checkout that keeps its
// credentials can push with them, and a push that changes workflow files may need
// actions: write.
func unseenWrites(j *analyzer.Job) scopes {
	s := scopes{}
	persisted := false
	eachStep(j.Steps, func(st *analyzer.Step) {
		switch st.Kind {
		case analyzer.StepUses:
			if isCheckout(st) {
				v, _ := analyzer.ScalarValue(st.With.Get("persist-credentials").Value)
				persisted = persisted || strings.TrimSpace(v) != "false"
			}
		case analyzer.StepRun:
			s["id-token"] = writeAccess
			if persisted {
				s["contents"] = writeAccess
			}
			if run, _ := analyzer.ScalarValue(st.Run); strings.Contains(run, "push") && gitPush.MatchString(run) {
				s["actions"] = writeAccess
			}
		}
	})
	return s
}

// reportUnusedWrites reports the write scopes of an explicit permissions: mapping that
// none of the jobs it applies to needs, when wflint knows what every step of them does.
func reportUnusedWrites(p *analyzer.Pass, perms *yaml.Node, jobs []*analyzer.Job, who string) {
	if perms == nil || perms.Kind != yaml.MappingNode || len(jobs) == 0 || !grantsWrite(perms) {
		return
	}
	need, unseen := scopes{}, scopes{}
	for _, j := range jobs {
		s, unknown := jobNeeds(p.File.Workflow, j)
		if unknown != nil {
			return
		}
		need.add(s)
		unseen.add(unseenWrites(j))
	}
	// Labels, comments and assignees of a pull request go through the issues API, which
	// takes either scope: whichever is granted, the other is not called unused.
	if need["issues"] == writeAccess || need["pull-requests"] == writeAccess {
		unseen.add(scopes{"issues": writeAccess, "pull-requests": writeAccess})
	}
	for i := 0; i+1 < len(perms.Content); i += 2 {
		k, v := perms.Content[i], perms.Content[i+1]
		if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) != "write" ||
			need[k.Value] == writeAccess || unseen[k.Value] == writeAccess {
			continue
		}
		d := analyzer.Diagnostic{
			Range:      p.File.Range(v),
			Severity:   analyzer.Note,
			Confidence: analyzer.Medium,
			Message: fmt.Sprintf("%s lets the token write %s, which none of its steps needs: every step is one wflint knows (see wflint explain excessive-permissions); make it %s",
				who, k.Value, lowerLevel(need[k.Value])),
		}
		if e, ok := unusedWriteEdit(p.File, perms, i, need[k.Value]); ok {
			d.Fixes = []analyzer.Fix{{Title: "lower " + k.Value + " to " + lowerLevel(need[k.Value]), Safety: analyzer.Unsafe, Edits: []analyzer.Edit{e}}}
		}
		p.Report(d)
	}
}

// grantsWrite reports whether a permissions: mapping grants some scope write access.
func grantsWrite(perms *yaml.Node) bool {
	for i := 1; i < len(perms.Content); i += 2 {
		if strings.TrimSpace(perms.Content[i].Value) == "write" {
			return true
		}
	}
	return false
}

func lowerLevel(a access) string {
	if a == readAccess {
		return "read"
	}
	return "none"
}

// unusedWriteEdit lowers entry i of perms to what is needed. It writes none rather than
// removing the line, so that fixes of several entries of one block leave it valid.
func unusedWriteEdit(f *analyzer.File, perms *yaml.Node, i int, need access) (analyzer.Edit, bool) {
	return f.ReplaceScalar(perms.Content[i+1], lowerLevel(need))
}

// minimalPermissionsFix writes permissions: {contents: read} at the top of the workflow
// and, for each job left open that needs more, a permissions: block listing what it
// needs. It returns false when some open job's needs are unknown or the file's layout
// does not allow a clean insertion.
func minimalPermissionsFix(f *analyzer.File, wf *analyzer.Workflow, open []*analyzer.Job) (analyzer.Fix, bool) {
	top := wf.Node
	if top == nil || top.Kind != yaml.MappingNode || top.Style&yaml.FlowStyle != 0 ||
		wf.JobsNode == nil || wf.JobsNode.Kind != yaml.MappingNode || wf.JobsNode.Style&yaml.FlowStyle != 0 {
		return analyzer.Fix{}, false
	}
	var jobsKey *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "jobs" {
			jobsKey = top.Content[i]
		}
	}
	if jobsKey == nil {
		return analyzer.Fix{}, false
	}
	base, ok := ownLine(f, jobsKey)
	if !ok {
		return analyzer.Fix{}, false
	}
	unit := 2
	if len(wf.JobsNode.Content) > 0 {
		if ind, ok := ownLine(f, wf.JobsNode.Content[0]); ok && ind > base {
			unit = ind - base
		}
	}
	nl := eol(f)
	pad := strings.Repeat(" ", base)
	line := commentsAbove(f, f.Range(jobsKey).Start.Line, base)
	blank := ""
	if isBlank(f, line-1) {
		blank = nl // keep the blank line that separated the sections
	}
	edits := []analyzer.Edit{insertAt(f, line, pad+"permissions:"+nl+pad+strings.Repeat(" ", unit)+"contents: read"+nl+blank)}
	for _, j := range open {
		need, unknown := jobNeeds(wf, j)
		if unknown != nil {
			return analyzer.Fix{}, false
		}
		if len(need.names()) == 0 || need.String() == "contents: read" {
			continue // the top-level block is enough
		}
		e, ok := jobPermissionsEdit(f, j, need, unit)
		if !ok {
			return analyzer.Fix{}, false
		}
		edits = append(edits, e)
	}
	return analyzer.Fix{Title: "add the minimal permissions: blocks", Safety: analyzer.Unsafe, Edits: edits}, true
}

// jobPermissionsEdit writes a job's permissions: block before its first key.
func jobPermissionsEdit(f *analyzer.File, j *analyzer.Job, need scopes, unit int) (analyzer.Edit, bool) {
	if j.Node == nil || j.Node.Kind != yaml.MappingNode || j.Node.Style&yaml.FlowStyle != 0 || len(j.Node.Content) == 0 {
		return analyzer.Edit{}, false
	}
	first := j.Node.Content[0]
	ind, ok := ownLine(f, first)
	if !ok {
		return analyzer.Edit{}, false
	}
	nl := eol(f)
	jpad := strings.Repeat(" ", ind)
	text := jpad + "permissions:" + nl
	for _, k := range need.names() {
		text += jpad + strings.Repeat(" ", unit) + k + ": " + need[k].String() + nl
	}
	return insertAt(f, f.Range(first).Start.Line, text), true
}

// ownLine returns the indentation of the line of n when n starts it (only spaces before).
func ownLine(f *analyzer.File, n *yaml.Node) (int, bool) {
	r := f.Range(n)
	text := f.LineText(r.Start.Line)
	ind := r.Start.Column - 1
	if ind < 0 || ind > len(text) || strings.Trim(string(text[:ind]), " ") != "" {
		return 0, false
	}
	return ind, true
}

// commentsAbove returns the first line of the comment lines, indented by ind, directly
// above line, or line itself: an insertion there keeps a key's comment with it.
func commentsAbove(f *analyzer.File, line, ind int) int {
	for line > 1 {
		text := string(f.LineText(line - 1))
		trimmed := strings.TrimLeft(text, " ")
		if !strings.HasPrefix(trimmed, "#") || len(text)-len(trimmed) != ind {
			break
		}
		line--
	}
	return line
}

// isBlank reports whether line is an empty or all-blank line of the file.
func isBlank(f *analyzer.File, line int) bool {
	return line >= 1 && strings.TrimSpace(string(f.LineText(line))) == ""
}

func insertAt(f *analyzer.File, line int, text string) analyzer.Edit {
	at := f.Pos(line, 1)
	return analyzer.Edit{Range: analyzer.Range{Start: at, End: at}, NewText: text}
}
