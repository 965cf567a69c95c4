package report

import (
	"bufio"
	"fmt"
	"github.com/wflint/wflint/analyzer"
	"io"
	"strings"
)

// GitHubOptions says how to write workflow commands.
type GitHubOptions struct {
	// URI turns a diagnostic's path into the path relative to the repository root that
	// annotations are attached to; nil keeps the path, cleaned.
	URI func(path string) string
}

// AnnotationsPerLevel is how many error, warning and notice annotations GitHub shows
// for one step; it drops the rest without a word.
const AnnotationsPerLevel = 10

// WriteGitHub writes each diagnostic as a GitHub Actions workflow command
// (::error file=…,line=…::message), which the runner turns into an annotation on the
// file's line in the run and the pull request.
//
// GitHub shows only AnnotationsPerLevel annotations of each level per step. When a level
// has more, the first AnnotationsPerLevel-1 are annotations, the last annotation says how
// many more there are, and those are printed as plain log lines so that none is lost.
func WriteGitHub(w io.Writer, res *analyzer.Result, opts GitHubOptions) error {
	bw := bufio.NewWriter(w)
	uri := opts.URI
	if uri == nil {
		uri = cleanURI
	}
	// each item is an annotation, and the plain line that replaces it past the limit
	type item struct {
		sev        analyzer.Severity
		annotation string
		plain      string
	}
	var items []item
	for _, e := range res.Errors { // a file that could not be read
		items = append(items, item{analyzer.Error, "::error title=wflint::" + escapeData(e.Error()) + "\n", "wflint: " + e.Error() + "\n"})
	}
	for _, d := range res.Diagnostics {
		file := uri(d.Path)
		items = append(items, item{d.Severity, annotation(d, file), fmt.Sprintf("%s:%d:%d: %s: %s [%s]\n",
			file, d.Range.Start.Line, d.Range.Start.Column, d.Severity, strings.ReplaceAll(d.Message, "\n", " "), d.Rule)})
	}
	total := map[analyzer.Severity]int{}
	for _, it := range items {
		total[it.sev]++
	}
	shown := map[analyzer.Severity]int{}
	var rest []item
	for _, it := range items {
		if total[it.sev] > AnnotationsPerLevel && shown[it.sev] >= AnnotationsPerLevel-1 {
			rest = append(rest, it)
			continue
		}
		shown[it.sev]++
		bw.WriteString(it.annotation)
	}
	for _, s := range []analyzer.Severity{analyzer.Error, analyzer.Warning, analyzer.Note} {
		if total[s] > AnnotationsPerLevel { // then at least two are left
			fmt.Fprintf(bw, "::%s title=wflint::%d more %ss not annotated: GitHub shows %d per step. They are listed in this step's log.\n",
				commandName(s), total[s]-shown[s], s, AnnotationsPerLevel)
		}
	}
	for _, it := range rest {
		bw.WriteString(it.plain)
	}
	return bw.Flush()
}

func commandName(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "notice"
}

// annotation is one workflow command line. Columns are given only for a range on one
// line, as GitHub requires; its endColumn is the last column, not the one after it.
func annotation(d analyzer.Diagnostic, file string) string {
	end := d.Range.End
	if end.Line == 0 {
		end = d.Range.Start
	}
	props := []string{
		"file=" + escapeProperty(file),
		fmt.Sprintf("line=%d", d.Range.Start.Line),
		fmt.Sprintf("endLine=%d", end.Line),
	}
	if end.Line == d.Range.Start.Line {
		props = append(props, fmt.Sprintf("col=%d", d.Range.Start.Column), fmt.Sprintf("endColumn=%d", max(end.Column-1, d.Range.Start.Column)))
	}
	props = append(props, "title="+escapeProperty(d.Rule))
	return fmt.Sprintf("::%s %s::%s\n", commandName(d.Severity), strings.Join(props, ","), escapeData(d.Message))
}

// escapeData escapes a workflow command's message the way @actions/core does.
func escapeData(s string) string {
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// escapeProperty escapes a workflow command's property value the way @actions/core
// does: as data, and ":" and "," too, which would end the value.
func escapeProperty(s string) string {
	s = escapeData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}
