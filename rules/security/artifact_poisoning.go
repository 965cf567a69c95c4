package security

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed artifact-poisoning.md
var artifactPoisoningDoc string

// ArtifactPoisoning reports a workflow_run job that downloads the artifacts of the run
// that triggered it, which a fork's pull request filled, and then executes them, sources
// them, writes them into the environment of later steps, or extracts them over the tree
// that a later step runs.
var ArtifactPoisoning = &analyzer.Rule{
	ID:       "artifact-poisoning",
	Title:    "a privileged run executes artifacts that a pull request's run produced",
	Doc:      artifactPoisoningDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Run:      runArtifactPoisoning,

	Confidence:       analyzer.Medium, // only when the triggering workflow runs on pull requests
	SecuritySeverity: 8.8,
}

// trustedRunGate finds a job condition that admits only triggering runs of pushes or of
// this repository's branches, whose artifacts a fork cannot write.
var trustedRunGate = lazyre.New(`workflow_run\.event\s*==\s*'(?:push|schedule|release|workflow_dispatch)'|workflow_run\.head_repository\.full_name\s*==\s*github\.repository\b|github\.repository\s*==\s*github\.event\.workflow_run\.head_repository\.full_name|workflow_run\.head_repository\.fork\s*==\s*false`)

// unzipCmd finds an extraction of an archive and its target directory option.
var unzipCmd = lazyre.New(`(?m)(?:^|[;&|(]\s*|\b(?:then|do)\s+)\s*(?:unzip|tar\s+-?[a-zA-Z]*x[a-zA-Z]*f?)\b([^\n;&|]*)`).Needing("unzip", "tar")

// extractDir finds the directory option of unzip (-d) and tar (-C, --directory).
var extractDir = lazyre.New(`(?:-d|-C|--directory(?:=|\s))\s*["']?([^\s"']+)`).Needing("-d", "-C")

// fileEnvWrite finds a write to the environment or path file of later steps.
var fileEnvWrite = lazyre.New(`GITHUB_ENV|GITHUB_PATH`)

// readsFile finds a command that reads a file's contents.
var readsFile = lazyre.New(`\bcat\s|\$\(\s*<|<\s*["']?\S`)

func runArtifactPoisoning(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil || wf.On == nil || !hasEvent(wf, "workflow_run") {
		return nil
	}
	for _, j := range jobsWorthTaking(wf, func(cond *yaml.Node) bool {
		v, ok := analyzer.ScalarValue(cond)
		return ok && trustedRunGate.MatchString(v)
	}) {
		checkArtifacts(p, j)
	}
	return nil
}

func isCheckout(st *analyzer.Step) bool {
	return st.Uses != nil && containsFold(st.Uses.Value, "checkout") && strings.EqualFold(analyzer.ParseUses(st.Uses).Name(), "actions/checkout")
}

func hasEvent(wf *analyzer.Workflow, name string) bool {
	for _, ev := range wf.On.Events {
		if ev.Name.Value == name {
			return true
		}
	}
	return false
}

// landing is where the triggering run's artifact lands: a directory ("" for the
// workspace) and the step that put it there.
type landing struct {
	dir  string
	step *yaml.Node
}

// checkArtifacts follows a job's steps: where the triggering run's artifacts land, and
// the first later step that executes them.
func checkArtifacts(p *analyzer.Pass, j *analyzer.Job) {
	var landed []landing
	zips := false      // a github-script step saved an artifact archive for a later unzip
	var fresh []string // directories checked out after an artifact landed
	eachStep(j.Steps, func(st *analyzer.Step) {
		if st.Kind == analyzer.StepParallel {
			return
		}
		if isCheckout(st) && len(landed) > 0 {
			// A checkout after the artifact replaces its directory: actions/checkout
			// empties a folder that is not already the repository.
			d := baseCheckoutDir(st)
			landed = slices.DeleteFunc(landed, func(l landing) bool { return l.dir == d })
			if d != "" {
				fresh = append(fresh, d+"/")
			}
			return
		}
		if len(landed) > 0 {
			if at, from, how := executesArtifact(st, landed, fresh); at != nil {
				reportPoisoning(p, j, at, from, how)
				landed = nil // one finding per job
				return
			}
		}
		if dir, ok := downloadsTriggerArtifact(st); ok {
			if dir == "zip" {
				zips = true
			} else {
				landed = append(landed, landing{dir, st.Node})
			}
		}
		if run, ok := analyzer.ScalarValue(st.Run); ok && zips {
			for _, m := range unzipCmd.FindAllStringSubmatch(run, -1) {
				dir := ""
				if d := extractDir.FindStringSubmatch(m[1]); d != nil {
					dir = cleanDir(d[1])
				}
				landed = append(landed, landing{dir, st.Node})
			}
		}
	})
}

// downloadsTriggerArtifact says whether a step downloads an artifact of the triggering
// run, and where it lands; "zip" when a script saves the archive for a later unzip.
func downloadsTriggerArtifact(st *analyzer.Step) (string, bool) {
	if st.Uses != nil {
		u := analyzer.ParseUses(st.Uses)
		name := strings.ToLower(u.Name())
		path, _ := analyzer.ScalarValue(st.With.Get("path").Value)
		switch {
		case name == "actions/download-artifact":
			if id, _ := analyzer.ScalarValue(st.With.Get("run-id").Value); containsFold(id, "workflow_run") {
				return cleanDir(path), true
			}
		case name == "dawidd6/action-download-artifact":
			if mentionsWorkflowRun(st.With) {
				return cleanDir(path), true
			}
		case name == "actions/github-script":
			script, _ := analyzer.ScalarValue(st.With.Get("script").Value)
			if strings.Contains(script, "downloadArtifact") && containsFold(script, "workflow_run") {
				return "zip", true
			}
		}
		return "", false
	}
	run, ok := analyzer.ScalarValue(st.Run)
	if !ok || !strings.Contains(run, "gh run download") || !(containsFold(run, "workflow_run") || anyScalar(st.EnvNode, func(v string) bool { return containsFold(v, "workflow_run") })) {
		return "", false
	}
	if d := runDownloadDir.FindStringSubmatch(run); d != nil {
		return cleanDir(d[1]), true
	}
	return "", true
}

func mentionsWorkflowRun(with analyzer.Mapping) bool {
	for _, e := range with {
		if anyScalar(e.Value, func(v string) bool { return containsFold(v, "workflow_run") }) {
			return true
		}
	}
	return false
}

// cleanDir normalises a directory: "" for the workspace itself.
var runDownloadDir = lazyre.New(`(?:-D|--dir)[=\s]+["']?([^\s"']+)`)

func cleanDir(d string) string {
	d = strings.TrimSpace(d)
	d = strings.TrimPrefix(d, "${{ github.workspace }}")
	d = strings.TrimPrefix(d, "$GITHUB_WORKSPACE")
	d = strings.Trim(strings.TrimPrefix(d, "./"), "/")
	if d == "." {
		return ""
	}
	return d
}

// executesArtifact says whether a step executes what landed: a script run or sourced
// from an artifact's directory, an artifact's contents written to GITHUB_ENV or
// GITHUB_PATH, or, for an artifact extracted over the workspace, any command that runs
// code of the tree (a local action, make, npm, ./script, …).
func executesArtifact(st *analyzer.Step, landed []landing, fresh []string) (*yaml.Node, *yaml.Node, string) {
	if st.Uses != nil {
		u := analyzer.ParseUses(st.Uses)
		for _, l := range landed {
			if u.Kind == analyzer.UsesLocal && (l.dir == "" || strings.Contains(st.Uses.Value, l.dir)) {
				return st.Uses, l.step, "runs a local action from where it was extracted"
			}
		}
		return nil, nil, ""
	}
	run, ok := analyzer.ScalarValue(st.Run)
	if !ok {
		return nil, nil, ""
	}
	wd, _ := analyzer.ScalarValue(st.WorkingDirectory)
	for _, line := range strings.Split(run, "\n") {
		for _, l := range landed {
			if fileEnvWrite.MatchString(line) && readsFile.MatchString(line) && (l.dir == "" || strings.Contains(line, l.dir)) {
				return st.Run, l.step, "writes its contents into the environment of later steps"
			}
		}
	}
	for _, l := range landed {
		switch {
		case l.dir == "" && runsCode.MatchString(run) && !mentionsAny(run, fresh):
			return st.Run, l.step, "extracts it over the workspace, and this step then runs code from the tree"
		case l.dir != "" && (strings.Contains(wd, l.dir) && runsCode.MatchString(run) || runsFileIn(run, l.dir)):
			return st.Run, l.step, "runs code from it"
		}
	}
	return nil, nil, ""
}

// runsFileIn reports whether a script executes or sources a file under dir.
func runsFileIn(run, dir string) bool {
	q := regexp.QuoteMeta(dir)
	re := regexp.MustCompile(`(?m)(?:^|[;&|(]\s*|\b(?:then|do)\s+)\s*(?:sudo\s+)?(?:(?:bash|sh|zsh|source|\.|python3?|node|perl|ruby|pwsh|chmod\s+\+x)\s+["']?(?:\./)?` + q + `/|["']?\./` + q + `/)`)
	return re.MatchString(run)
}

func reportPoisoning(p *analyzer.Pass, j *analyzer.Job, at, from *yaml.Node, how string) {
	p.Report(analyzer.Diagnostic{
		Range:      p.File.Range(at),
		Severity:   analyzer.Error,
		Confidence: analyzer.Medium,
		Related:    []analyzer.Related{{Message: "where the artifact lands", Range: p.File.Range(from)}},
		Message: fmt.Sprintf("job %q downloads an artifact of the run that triggered this workflow_run, which a fork's pull request can fill, and %s, with the repository's token and secrets; treat artifacts as data: extract them under $RUNNER_TEMP and read only values you check (a number, a known file name)",
			j.ID.Value, how),
	})
}
