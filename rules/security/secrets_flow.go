package security

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// The parts of secrets-exposure that follow a secret through a job: into a log line the
// masking cannot recognise, into a file an artifact uploads, into a docker build
// argument.

// secretRef finds a secret other than the job's token, named in an expression.
var secretRef = lazyre.New(`(?i)\$\{\{[^}]*\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)`).Needing("${{")

// unmaskingFilter finds a command that writes a transformed copy of its input to the
// log, as the last command of the line: the masking knows only the secret's own text.
var unmaskingFilter = lazyre.New(`\|\s*(base64|rev|xxd|od|hexdump|basenc)\b[^|>)]*$`).Needing("|")

// fileWrite finds a redirection into a file and its name.
var fileWrite = lazyre.New(`>>?\s*["']?([A-Za-z0-9_./${}-]+)["']?`).Needing(">")

// secretVars returns the env: variables of a step (and its job and workflow) that hold a
// secret, by name.
func secretVars(envs ...analyzer.Mapping) map[string]string {
	var vars map[string]string
	for _, m := range envs {
		for _, e := range m {
			v, _ := analyzer.ScalarValue(e.Value)
			if !strings.Contains(v, "secrets") {
				continue
			}
			if s := secretRef.FindStringSubmatch(v); s != nil && !strings.EqualFold(s[1], "github_token") {
				if _, seen := vars[e.Key.Value]; !seen {
					if vars == nil {
						vars = map[string]string{}
					}
					vars[e.Key.Value] = s[1]
				}
			}
		}
	}
	return vars
}

// lineSecret returns the secret a script line reads, directly or through an env:
// variable, and where the line names it.
func lineSecret(line string, vars map[string]string) (name string, at, end int) {
	if s := secretRef.FindStringSubmatchIndex(line); s != nil {
		if name := line[s[2]:s[3]]; !strings.EqualFold(name, "github_token") {
			end := strings.Index(line[s[0]:], "}}")
			if end < 0 {
				end = s[3] - s[0]
			} else {
				end += 2
			}
			return name, s[0], s[0] + end
		}
	}
	for _, m := range shellVar.FindAllStringSubmatchIndex(line, -1) {
		if name, ok := vars[line[m[2]:m[3]]]; ok {
			end := m[1]
			if strings.HasPrefix(line[m[0]:], "${") && end < len(line) && line[end] == '}' {
				end++
			}
			return name, m[0], end
		}
	}
	return "", -1, -1
}

// checkSecretFlows reports, in one job, secrets written to the log in a form the masking
// misses, secrets written to files that an artifact then uploads, and secrets given to
// docker builds as build arguments.
func checkSecretFlows(p *analyzer.Pass, wf *analyzer.Workflow, j *analyzer.Job) {
	type written struct {
		file, secret string
		at           analyzer.Range
	}
	var files []written
	jobVars := secretVars(j.Env, wf.Env)
	eachStep(j.Steps, func(st *analyzer.Step) {
		run, ok := analyzer.ScalarValue(st.Run)
		vars := jobVars
		if len(st.Env) > 0 {
			vars = secretVars(st.Env, j.Env, wf.Env)
		}
		if ok && (strings.Contains(run, "secrets.") || len(vars) > 0 && strings.Contains(run, "$")) && strings.ContainsAny(run, ">|") {
			off := 0
			for _, line := range strings.SplitAfter(run, "\n") {
				if !strings.ContainsAny(line, ">|") {
					off += len(line)
					continue
				}
				name, at, end := lineSecret(line, vars)
				if at >= 0 {
					r := p.File.TextRange(st.Run, off+at, off+end)
					if filter, piped, pat, pend := unmasked(strings.TrimRight(line, "\n"), vars); filter != "" {
						pr := p.File.TextRange(st.Run, off+pat, off+pend)
						p.Report(analyzer.Diagnostic{Range: pr, Severity: analyzer.Warning,
							Message: fmt.Sprintf("secret %s is piped through %s into the log: the masking hides only the secret's own text, so its %s form shows in clear; write the result to a file or a variable instead", piped, filter, filter)})
					}
					if m := fileWrite.FindStringSubmatch(line[at:]); m != nil && !strings.HasPrefix(m[1], "$GITHUB_") && !strings.HasPrefix(m[1], "${GITHUB_") && m[1] != "/dev/null" {
						files = append(files, written{strings.TrimPrefix(m[1], "./"), name, r})
					}
				}
				off += len(line)
			}
		}
		if st.Uses == nil {
			return
		}
		checkBuildArgs(p, st)
		if len(files) == 0 || !containsFold(st.Uses.Value, "upload-artifact") || !strings.EqualFold(analyzer.ParseUses(st.Uses).Name(), "actions/upload-artifact") {
			return
		}
		paths, _ := analyzer.ScalarValue(st.With.Get("path").Value)
		for _, f := range files {
			if uploads(paths, f.file) {
				p.Report(analyzer.Diagnostic{
					Range:      p.File.Range(st.With.Get("path").Value),
					Severity:   analyzer.Error,
					Confidence: analyzer.Medium, // only the repository's readers can download it
					Related:    []analyzer.Related{{Message: "where the secret is written to " + f.file, Range: f.at}},
					Message: fmt.Sprintf("this artifact uploads %s, which holds secret %s: artifacts are not masked, and anyone who can read the repository can download them; delete the file before the upload or upload only what you need",
						f.file, f.secret),
				})
				return
			}
		}
	})
}

// unmasked finds a line whose last command transforms a secret piped straight into it
// and prints the result: the filter, the secret and where the line names it.
func unmasked(line string, vars map[string]string) (filter, name string, at, end int) {
	m := unmaskingFilter.FindStringSubmatchIndex(line)
	if m == nil {
		return "", "", -1, -1
	}
	start := strings.LastIndexAny(line[:m[0]], "|;&(") + 1 // the command that feeds the filter
	name, at, end = lineSecret(line[start:m[0]], vars)
	if at < 0 {
		return "", "", -1, -1
	}
	return line[m[2]:m[3]], name, start + at, start + end
}

// uploads reports whether an upload-artifact path: list takes file.
func uploads(paths, file string) bool {
	if strings.Contains(file, "$") {
		return false // a path wflint cannot resolve
	}
	for _, line := range strings.Split(paths, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "./")
		if line == "" || strings.HasPrefix(line, "!") || strings.Contains(line, "*") && !strings.HasSuffix(line, "/**") {
			continue
		}
		dir := strings.TrimSuffix(strings.TrimSuffix(line, "/**"), "/")
		if line == file || dir == "." || dir == "" || strings.HasPrefix(file, dir+"/") {
			return true
		}
	}
	return false
}

// checkBuildArgs reports secrets passed to docker/build-push-action as build-args, which
// the image's history keeps.
func checkBuildArgs(p *analyzer.Pass, st *analyzer.Step) {
	if !containsFold(st.Uses.Value, "build-push-action") || !strings.EqualFold(analyzer.ParseUses(st.Uses).Name(), "docker/build-push-action") {
		return
	}
	args := st.With.Get("build-args").Value
	v, _ := analyzer.ScalarValue(args)
	var s []int
	for _, m := range secretRef.FindAllStringSubmatchIndex(v, -1) {
		if !strings.EqualFold(v[m[2]:m[3]], "github_token") {
			s = m // the job's token expires with the job; other secrets do not
			break
		}
	}
	if s == nil {
		return
	}
	push, _ := analyzer.ScalarValue(st.With.Get("push").Value)
	sev := analyzer.Warning
	if strings.TrimSpace(push) == "true" {
		sev = analyzer.Error
	}
	p.Report(analyzer.Diagnostic{
		Range:    p.File.TextRange(args, s[0], s[1]),
		Severity: sev,
		Message: fmt.Sprintf("secret %s is a docker build argument: build arguments stay in the image's metadata and history, where anyone who pulls the image reads them; pass it with secrets: and RUN --mount=type=secret",
			v[s[2]:s[3]]),
	})
}
