package report

import (
	"bufio"
	"fmt"
	"github.com/wflint/wflint/analyzer"
	"io"
	"sort"
	"strings"
)

// MarkdownOptions says how to write the Markdown report.
type MarkdownOptions struct {
	// URI turns a diagnostic's path into the path relative to the repository root; nil
	// keeps the path, cleaned.
	URI func(path string) string
	// LinkBase, when set, makes each location a link: LinkBase + "/" + URI + "#L<line>",
	// e.g. https://github.com/OWNER/REPO/blob/SHA. Without it locations are plain text.
	LinkBase string
	// MaxRows caps the findings listed (GitHub takes at most 1 MiB of step summary); the
	// counts always cover all of them. 0 means 500.
	MaxRows int
}

// WriteMarkdown writes a report for $GITHUB_STEP_SUMMARY or a pull request comment: a
// headline, a count per rule, then a table of findings per file.
func WriteMarkdown(w io.Writer, res *analyzer.Result, opts MarkdownOptions) error {
	bw := bufio.NewWriter(w)
	if opts.URI == nil {
		opts.URI = cleanURI
	}
	if opts.MaxRows == 0 {
		opts.MaxRows = 500
	}
	if len(res.Diagnostics) == 0 && len(res.Errors) == 0 {
		fmt.Fprintf(bw, "### wflint: no findings\n\n%s linted.\n", analyzer.Plural(res.Linted, "file"))
		return bw.Flush()
	}
	if len(res.Errors) > 0 {
		fmt.Fprintf(bw, "### wflint: %s could not be read\n\n", analyzer.Plural(len(res.Errors), "file"))
		for _, e := range res.Errors {
			fmt.Fprintf(bw, "- %s\n", markdownCell(e.Error()))
		}
		bw.WriteString("\n")
		if len(res.Diagnostics) == 0 {
			fmt.Fprintf(bw, "No findings; %s linted.\n", analyzer.Plural(res.Linted, "file"))
			return bw.Flush()
		}
	}
	files := writeMarkdownSummary(bw, res)
	rows := writeMarkdownFiles(bw, res, files, opts)
	if n := len(res.Diagnostics) - rows; n > 0 {
		fmt.Fprintf(bw, "\n%s more not listed here; run wflint locally or see the SARIF report for all of them.\n", analyzer.Plural(n, "finding"))
	}
	return bw.Flush()
}

// writeMarkdownSummary writes the counts by severity and the table of rules, most
// findings first; it returns the files with findings, in order.
func writeMarkdownSummary(bw *bufio.Writer, res *analyzer.Result) []string {
	counts := map[analyzer.Severity]int{}
	perRule := map[string]int{}
	severityOf := map[string]analyzer.Severity{}
	var files []string
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		counts[d.Severity]++
		perRule[d.Rule]++
		severityOf[d.Rule] = max(severityOf[d.Rule], d.Severity)
		if !seen[d.Path] {
			seen[d.Path] = true
			files = append(files, d.Path)
		}
	}
	var parts []string
	for _, s := range []analyzer.Severity{analyzer.Error, analyzer.Warning, analyzer.Note} {
		if n := counts[s]; n > 0 {
			parts = append(parts, analyzer.Plural(n, s.String()))
		}
	}
	fmt.Fprintf(bw, "### wflint: %s in %s\n\n%s linted.\n\n", strings.Join(parts, ", "), analyzer.Plural(len(files), "file"), analyzer.Plural(res.Linted, "file"))
	ruleIDs := make([]string, 0, len(perRule))
	for id := range perRule {
		ruleIDs = append(ruleIDs, id)
	}
	sort.Slice(ruleIDs, func(i, j int) bool {
		a, b := ruleIDs[i], ruleIDs[j]
		if perRule[a] != perRule[b] {
			return perRule[a] > perRule[b]
		}
		return a < b
	})
	bw.WriteString("| Rule | Severity | Findings |\n|---|---|--:|\n")
	for _, id := range ruleIDs {
		fmt.Fprintf(bw, "| %s | %s | %d |\n", ruleLink(id), severityOf[id], perRule[id])
	}
	return files
}

// writeMarkdownFiles writes a table of findings per file, at most opts.MaxRows rows in
// all; it returns how many it wrote.
func writeMarkdownFiles(bw *bufio.Writer, res *analyzer.Result, files []string, opts MarkdownOptions) int {
	rows := 0
	byFile := map[string][]analyzer.Diagnostic{}
	for _, d := range res.Diagnostics {
		byFile[d.Path] = append(byFile[d.Path], d)
	}
	for _, p := range files {
		if rows >= opts.MaxRows {
			break
		}
		fmt.Fprintf(bw, "\n#### `%s`\n\n| Line | Severity | Rule | Message |\n|--:|---|---|---|\n", strings.ReplaceAll(opts.URI(p), "`", "'"))
		for _, d := range byFile[p] {
			if rows >= opts.MaxRows {
				break
			}
			rows++
			loc := fmt.Sprintf("%d:%d", d.Range.Start.Line, d.Range.Start.Column)
			if opts.LinkBase != "" {
				loc = fmt.Sprintf("[%s](%s/%s#L%d)", loc, strings.TrimSuffix(opts.LinkBase, "/"), escapeURLPath(opts.URI(p)), d.Range.Start.Line)
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", loc, d.Severity, ruleLink(d.Rule), markdownCell(d.Message))
		}
	}
	return rows
}

func ruleLink(id string) string {
	if id == analyzer.InternalError.ID {
		return id
	}
	return fmt.Sprintf("[`%s`](%s%s.md)", id, analyzer.DocBaseURL, id)
}

// markdownCell makes a message safe inside a table cell: no line breaks, no "|" that
// would end the cell, no HTML.
func markdownCell(s string) string {
	r := strings.NewReplacer("\r\n", "<br>", "\n", "<br>", "\r", "<br>", "|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;")
	return Printable(r.Replace(s))
}

// escapeURLPath escapes a repository path for a link, keeping its slashes.
func escapeURLPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
