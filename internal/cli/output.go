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
)

// formats lists the output formats --format accepts.
var formats = []string{"text", "json", "sarif", "github", "markdown"}

// report is one output of a run: a format and where it goes ("" is standard output).
type report struct {
	format string
	file   string
}

// outputs collects --format and -o in the order they were given, so that each -o names
// the file of the --format before it: --format sarif -o results.sarif --format github.
type outputs struct {
	list    []report
	pending string // an -o given before any --format
	err     error
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
	f.o.list = append(f.o.list, report{format: name, file: file})
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
func (o *outputs) resolve() ([]report, error) {
	list := slices.Clone(o.list)
	if len(list) == 0 {
		list = []report{{format: "text"}}
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
func writeReports(reports []report, res *analyzer.Result, o *options, ruleSet []*analyzer.Rule, stdout io.Writer) error {
	uri := repoURI()
	data := make([][]byte, len(reports))
	for i, r := range reports {
		var buf bytes.Buffer
		var err error
		switch r.format {
		case "json":
			err = analyzer.WriteJSON(&buf, res, version())
		case "sarif":
			err = analyzer.WriteSARIF(&buf, res, analyzer.SARIFOptions{Version: version(), Category: o.category, Rules: ruleSet, URI: uri})
		case "github":
			err = analyzer.WriteGitHub(&buf, res, analyzer.GitHubOptions{URI: uri})
		case "markdown":
			err = analyzer.WriteMarkdown(&buf, res, analyzer.MarkdownOptions{URI: uri, LinkBase: githubLinkBase()})
		default:
			err = analyzer.WriteText(&buf, res, analyzer.TextOptions{Color: useColor(o.color, r.file, stdout), Oneline: o.oneline})
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

// repoURI returns the function that turns a reported path into the path relative to the
// root of the repository wflint runs in (the current directory when it is not in one),
// with forward slashes: what code scanning and annotations expect. A path outside that
// repository is kept as it is, cleaned.
func repoURI() func(string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return nil
	}
	root, err := repoRoot()
	if err != nil {
		return nil
	}
	return func(p string) string {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, p)
		}
		if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
		return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
	}
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
