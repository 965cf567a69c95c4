package security

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

//go:embed credential-persistence.md
var credentialPersistenceDoc string

// CredentialPersistence reports a checkout that writes its credentials into .git/config
// followed by an upload of the tree with .git in it: anyone who can read the
// repository's artifacts can download the token while the job still runs, and a
// personal access token for good.
var CredentialPersistence = &analyzer.Rule{
	ID:       "credential-persistence",
	Title:    "an artifact uploads the credentials a checkout left in .git",
	Doc:      credentialPersistenceDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Run:      runCredentialPersistence,

	SecuritySeverity: 7.5,
}

// tarOfTree finds a tar command that archives the current directory and the archive's
// file name.
var tarOfTree = lazyre.New(`\btar\s+(?:-?[a-zA-Z]*c[a-zA-Z]*f|--create\b[^\n]*?--file[=\s])\s*["']?([^\s"']+)["']?((?:\s+-\S+)*)\s+\.(?:\s|$|/\s)`).Needing("tar")

// persisted is a checkout whose credentials are in .git/config.
type persisted struct {
	dir  string // "" for the workspace
	step *yaml.Node
	pat  bool // a token of the checkout's token: input, not the job's
}

func runCredentialPersistence(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	for _, j := range wf.Jobs {
		jobWrites := holdsWrite(j, wf)
		var trees []persisted
		tarballs := map[string]persisted{}
		eachStep(j.Steps, func(st *analyzer.Step) {
			if c, ok := persistingCheckout(st); ok {
				if c.pat || jobWrites {
					trees = append(trees, c)
				}
				return
			}
			if run, ok := analyzer.ScalarValue(st.Run); ok {
				if len(trees) == 0 || !strings.Contains(run, "tar") {
					return
				}
				for _, m := range tarOfTree.FindAllStringSubmatch(run, -1) {
					if c, ok := treeAt(trees, workDir(st)); ok {
						tarballs[m[1]] = c
					}
				}
				return
			}
			if c, at, ok := uploadsGit(st, trees, tarballs); ok {
				reportPersistence(p, j, c, at)
			}
		})
	}
	return nil
}

func workDir(st *analyzer.Step) string {
	wd, _ := analyzer.ScalarValue(st.WorkingDirectory)
	return cleanDir(wd)
}

// treeAt returns the persisted checkout whose tree dir is: the checkout at dir, or one
// inside it.
func treeAt(trees []persisted, dir string) (persisted, bool) {
	for _, c := range trees {
		if dir == "" || c.dir == dir || strings.HasPrefix(c.dir, dir+"/") {
			return c, true
		}
	}
	return persisted{}, false
}

// persistingCheckout says whether a step is an actions/checkout before v6 (which keeps
// the token in .git/config) that does not set persist-credentials: false.
func persistingCheckout(st *analyzer.Step) (persisted, bool) {
	if !isCheckout(st) {
		return persisted{}, false
	}
	if v, _ := analyzer.ScalarValue(st.With.Get("persist-credentials").Value); strings.TrimSpace(v) == "false" {
		return persisted{}, false
	}
	u := analyzer.ParseUses(st.Uses)
	if v, ok := actionVersion(u.Ref, st.Uses); !ok || v.major >= 6 {
		return persisted{}, false // v6 keeps credentials under $RUNNER_TEMP; an unknown version is not guessed
	}
	tok, _ := analyzer.ScalarValue(st.With.Get("token").Value)
	return persisted{
		dir:  baseCheckoutDir(st),
		step: st.Uses,
		pat:  strings.TrimSpace(tok) != "" && !mentionsJobToken(tok),
	}, true
}

// uploadsGit says whether a step uploads a persisted checkout's .git: upload-artifact
// before v4.4.0 or with include-hidden-files: true, given the checkout's folder or one
// above it, or a tarball made of it.
func uploadsGit(st *analyzer.Step, trees []persisted, tarballs map[string]persisted) (persisted, *yaml.Node, bool) {
	if st.Uses == nil || len(trees) == 0 && len(tarballs) == 0 {
		return persisted{}, nil, false
	}
	u := analyzer.ParseUses(st.Uses)
	if !strings.EqualFold(u.Name(), "actions/upload-artifact") {
		return persisted{}, nil, false
	}
	pathEntry := st.With.Get("path")
	paths, _ := analyzer.ScalarValue(pathEntry.Value)
	for _, line := range strings.Split(paths, "\n") {
		line = strings.TrimSpace(line)
		if c, ok := tarballs[strings.TrimPrefix(line, "./")]; ok {
			return c, pathEntry.Value, true
		}
	}
	hidden, _ := analyzer.ScalarValue(st.With.Get("include-hidden-files").Value)
	v, ok := actionVersion(u.Ref, st.Uses)
	if strings.TrimSpace(hidden) != "true" && (!ok || v.at(4, 4)) {
		return persisted{}, nil, false // hidden files, .git among them, are left out
	}
	for _, line := range strings.Split(paths, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "!") {
			continue
		}
		if c, ok := treeAt(trees, cleanDir(line)); ok {
			return c, pathEntry.Value, true
		}
	}
	return persisted{}, nil, false
}

func reportPersistence(p *analyzer.Pass, j *analyzer.Job, c persisted, at *yaml.Node) {
	what := "the job's token, valid until the job ends,"
	if c.pat {
		what = "the token given to checkout, which does not expire with the job,"
	}
	p.Report(analyzer.Diagnostic{
		Range:    p.File.Range(at),
		Severity: analyzer.Error,
		Related:  []analyzer.Related{{Message: "the checkout that left its credentials in .git/config", Range: p.File.Range(c.step)}},
		Message: fmt.Sprintf("job %q uploads a tree whose .git/config holds %s so anyone who can read the repository's artifacts can take it from the artifact; set persist-credentials: false on the checkout, or upload only the files you need",
			j.ID.Value, what),
	})
}
