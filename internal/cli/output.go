package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/report"
	"github.com/wflint/wflint/rules/supplychain"
)

// formats lists the output formats --format accepts.
var formats = []string{"text", "json", "sarif", "github", "markdown"}

// reportSpec is one output of a run: a format and where it goes ("" is standard output).
type reportSpec struct {
	format string
	file   string
}

// outputs collects --format and -o in the order they were given, so that each -o names
// the file of the --format before it: --format sarif -o results.sarif --format github.
type outputs struct {
	list    []reportSpec
	pending string // an -o given before any --format
}

type formatFlag struct{ o *outputs }

func (f formatFlag) String() string { return "text" }
func (f formatFlag) Type() string   { return "string" }
func (f formatFlag) Set(v string) error {
	name, file, _ := strings.Cut(v, "=")
	if !slices.Contains(formats, name) {
		msg := fmt.Sprintf("unknown format %q; want one of %s", name, strings.Join(formats, ", "))
		if s := analyzer.Closest(name, formats); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return fmt.Errorf("%s", msg)
	}
	f.o.list = append(f.o.list, reportSpec{format: name, file: file})
	return nil
}

type outputFlag struct{ o *outputs }

func (f outputFlag) String() string { return "" }
func (f outputFlag) Type() string   { return "string" }
func (f outputFlag) Set(v string) error {
	if v == "-" {
		v = ""
	}
	if len(f.o.list) == 0 {
		if f.o.pending != "" {
			return fmt.Errorf("-o given twice before any --format")
		}
		f.o.pending = v
		return nil
	}
	last := &f.o.list[len(f.o.list)-1]
	if last.file != "" {
		return fmt.Errorf("--format %s already writes to %s", last.format, last.file)
	}
	last.file = v
	return nil
}

// resolve returns the reports to write: text to standard output when no --format is
// given. Only one report may go to standard output and no two to the same file.
func (o *outputs) resolve() ([]reportSpec, error) {
	list := slices.Clone(o.list)
	if len(list) == 0 {
		list = []reportSpec{{format: "text"}}
	}
	if o.pending != "" {
		if list[0].file != "" {
			return nil, fmt.Errorf("-o %s: --format %s already writes to %s", o.pending, list[0].format, list[0].file)
		}
		list[0].file = o.pending
	}
	stdout := ""
	files := map[string]bool{}
	for _, r := range list {
		if r.file == "" {
			if stdout != "" {
				return nil, fmt.Errorf("--format %s and --format %s would both write to standard output; give one of them a file (-o FILE or --format %s=FILE)", stdout, r.format, r.format)
			}
			stdout = r.format
			continue
		}
		abs, _ := filepath.Abs(r.file)
		if files[abs] {
			return nil, fmt.Errorf("two reports would be written to %s", r.file)
		}
		files[abs] = true
	}
	return list, nil
}

// writeReports renders every report before writing any, so that a failure leaves no
// report half-updated; files are written atomically.
func writeReports(reports []reportSpec, res *analyzer.Result, ruleSet []*analyzer.Rule, o *options, e *env, failOn analyzer.Severity, stdout io.Writer) error {
	data := make([][]byte, len(reports))
	for i, r := range reports {
		var buf bytes.Buffer
		var err error
		switch r.format {
		case "json":
			err = report.WriteJSON(&buf, res, version())
		case "sarif":
			err = report.WriteSARIF(&buf, res, report.SARIFOptions{Version: version(), Category: o.category, Rules: ruleSet, URI: e.uri})
		case "github":
			err = report.WriteGitHub(&buf, res, report.GitHubOptions{URI: e.uri})
		case "markdown":
			err = report.WriteMarkdown(&buf, res, report.MarkdownOptions{URI: e.uri, LinkBase: githubLinkBase()})
		default:
			err = report.WriteText(&buf, res, report.TextOptions{Color: useColor(o.color, r.file, stdout), Oneline: o.oneline, Verbose: o.verbose, PinRule: supplychain.UnpinnedUses.ID, FailOn: failOn})
		}
		if err != nil {
			return err
		}
		data[i] = buf.Bytes()
	}
	for i, r := range reports {
		if err := writeOutput(r.file, stdout, data[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeOutput writes the report to stdout, or atomically to a file: a reader never sees
// half a report, and a failed run leaves an earlier report as it was.
func writeOutput(name string, stdout io.Writer, data []byte) error {
	if name == "" || name == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return engine.WriteFileAtomic(name, data)
}

// githubLinkBase is where the Markdown report links lines to when it runs in GitHub
// Actions: the files at the commit being checked.
func githubLinkBase() string {
	server, repo, sha := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/blob/%s", strings.TrimSuffix(server, "/"), repo, sha)
}
