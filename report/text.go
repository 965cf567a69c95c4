package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/wflint/wflint/analyzer"

	"github.com/mattn/go-runewidth"
)

// TextOptions controls text output.
type TextOptions struct {
	Color   bool // ANSI colours
	Oneline bool // only the "path:line:col: severity: message [rule]" line
	Verbose bool // say each finding's confidence: "[rule, high confidence]"
	// PinRule is the rule whose findings wflint pin fixes (unpinned-uses), for the
	// summary; none when empty.
	PinRule string
	// FailOn is the lowest severity that fails the run, for the summary to say which
	// findings do not; 0 says nothing.
	FailOn analyzer.Severity
}

// BaselineHint is how many findings make the summary suggest a baseline.
const BaselineHint = 20

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var severityColor = map[analyzer.Severity]string{analyzer.Error: ansiRed + ansiBold, analyzer.Warning: ansiYellow + ansiBold, analyzer.Note: ansiCyan + ansiBold}

// maxSnippetWidth is how many columns of a long line the snippet shows.
const maxSnippetWidth = 120

// WriteText writes diagnostics the way a compiler does: a location line, then the source
// line with the range underlined. A summary line follows unless Oneline is set.
func WriteText(w io.Writer, res *analyzer.Result, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	counts := map[analyzer.Severity]int{}
	files := map[string]bool{}
	for _, d := range res.Diagnostics {
		counts[d.Severity]++
		files[d.Path] = true
		sevColor := severityColor[d.Severity]
		tag := "[" + d.Rule + "]"
		if opts.Verbose && d.Confidence != 0 {
			tag = fmt.Sprintf("[%s, %s confidence]", d.Rule, d.Confidence)
		}
		fmt.Fprintf(bw, "%s: %s: %s %s\n",
			paint(ansiBold, fmt.Sprintf("%s:%d:%d", d.Path, d.Range.Start.Line, d.Range.Start.Column)),
			paint(sevColor, d.Severity.String()), Printable(d.Message), paint(ansiDim, tag))
		if opts.Oneline {
			continue
		}
		if f := res.Files[d.Path]; f != nil {
			writeSnippet(bw, f, d.Range, func(s string) string { return paint(sevColor, s) })
		}
	}
	if !opts.Oneline && len(res.Diagnostics) > 0 {
		var parts []string
		for _, s := range []analyzer.Severity{analyzer.Error, analyzer.Warning, analyzer.Note} {
			if n := counts[s]; n > 0 {
				parts = append(parts, analyzer.Plural(n, s.String()))
			}
		}
		fmt.Fprintf(bw, "\n%s in %s (%s linted)\n", strings.Join(parts, ", "), analyzer.Plural(len(files), "file"), analyzer.Plural(res.Linted, "file"))
		writeSummary(bw, res.Diagnostics, opts)
	}
	return bw.Flush()
}

// writeSummary says, after the count, which rules found the most, what the fixes and
// wflint pin can do, and, when there are many findings, how to adopt wflint without
// fixing them all first.
func writeSummary(w io.Writer, diags []analyzer.Diagnostic, opts TextOptions) {
	perRule := map[string]int{}
	safe, unsafe, pin, warnings := 0, 0, 0, 0
	for _, d := range diags {
		perRule[d.Rule]++
		if d.Severity == analyzer.Warning {
			warnings++
		}
		switch {
		case opts.PinRule != "" && d.Rule == opts.PinRule:
			pin++
		case len(d.Fixes) > 0 && d.Fixes[0].Safety == analyzer.Safe:
			safe++
		case len(d.Fixes) > 0:
			unsafe++
		}
	}
	if len(perRule) > 1 {
		ids := make([]string, 0, len(perRule))
		for id := range perRule {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if perRule[ids[i]] != perRule[ids[j]] {
				return perRule[ids[i]] > perRule[ids[j]]
			}
			return ids[i] < ids[j]
		})
		var parts []string
		for _, id := range ids {
			parts = append(parts, fmt.Sprintf("%s %d", id, perRule[id]))
		}
		fmt.Fprintf(w, "by rule: %s\n", strings.Join(parts, ", "))
	}
	switch {
	case safe > 0 && unsafe > 0:
		fmt.Fprintf(w, "wflint --fix fixes %d of them (--unsafe-fixes %d more, for a person to review)\n", safe, unsafe)
	case safe > 0:
		fmt.Fprintf(w, "wflint --fix fixes %d of them\n", safe)
	case unsafe > 0:
		fmt.Fprintf(w, "wflint --fix --unsafe-fixes fixes %d of them, for a person to review\n", unsafe)
	}
	if warnings > 0 && opts.FailOn == analyzer.Error {
		which := fmt.Sprintf("the %d warnings do", warnings)
		if warnings == 1 {
			which = "the warning does"
		}
		fmt.Fprintf(w, "%s not fail the run, only errors do (--fail-on error); --fail-on warning or --profile strict fails on warnings too\n", which)
	}
	if pin > 0 {
		fmt.Fprintf(w, "wflint pin pins %s to commit SHAs (with --upgrade, outdated ones to their current version)\n", analyzer.Plural(pin, "ref"))
	}
	if len(diags) >= BaselineHint {
		fmt.Fprintln(w, "to adopt wflint before fixing them all: wflint --write-baseline wflint-baseline.json records them, and wflint --baseline wflint-baseline.json then reports only new ones")
	}
}

// writeSnippet prints the first line of r with r underlined. Tabs are shown as four
// spaces and wide characters take two columns, so the carets line up on a terminal. A
// long line is cut to a window around the range.
func writeSnippet(w io.Writer, f *analyzer.File, r analyzer.Range, paint func(string) string) {
	if r.Start.Line < 1 || r.Start.Line > f.Lines() {
		return
	}
	line := f.LineText(r.Start.Line)
	var cells []string // what each character shows as
	var widths []int   // and how wide that is
	for _, c := range string(line) {
		switch {
		case c == '\t':
			cells, widths = append(cells, "    "), append(widths, 4)
		case unsafeRune(c):
			// never sent to the terminal as it is: it could move the cursor, hide text
			// or reorder what follows
			e := escapeRune(c)
			cells, widths = append(cells, e), append(widths, len(e))
		default:
			cells, widths = append(cells, string(c)), append(widths, runewidth.RuneWidth(c))
		}
	}
	start := min(r.Start.Column-1, len(cells))
	end := len(cells)
	if r.End.Line == r.Start.Line {
		end = min(max(r.End.Column-1, start), len(cells))
	}
	// the window of characters shown: all of a short line, else some context before start
	from, to := 0, len(cells)
	if span(widths, 0, to) > maxSnippetWidth {
		if span(widths, 0, start) > maxSnippetWidth/2 {
			from = start
			for from > 0 && span(widths, from-1, start) <= 20 {
				from--
			}
		}
		to = from
		for to < len(cells) && span(widths, from, to+1) <= maxSnippetWidth {
			to++
		}
	}
	var text strings.Builder
	if from > 0 {
		text.WriteString("…")
	}
	for _, c := range cells[from:to] {
		text.WriteString(c)
	}
	if to < len(cells) {
		text.WriteString("…")
	}
	lead := span(widths, from, start)
	if from > 0 {
		lead++ // the ellipsis
	}
	carets := max(span(widths, start, min(end, to)), 1)
	num := fmt.Sprint(r.Start.Line)
	pad := strings.Repeat(" ", len(num))
	fmt.Fprintf(w, " %s | %s\n %s | %s%s\n", num, text.String(), pad, strings.Repeat(" ", lead), paint(strings.Repeat("^", carets)))
}

func span(widths []int, from, to int) int {
	n := 0
	for _, w := range widths[from:to] {
		n += w
	}
	return n
}

// Printable escapes the characters of s that a terminal would act on rather than show:
// control characters (C0 but tab, DEL, C1), line and paragraph separators, and the
// bidirectional controls that can reorder what a reader sees (CVE-2021-42574).
func Printable(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if unsafeRune(c) {
			b.WriteString(escapeRune(c))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func unsafeRune(c rune) bool {
	switch {
	case c < 0x20 && c != '\t', c == 0x7F, c >= 0x80 && c <= 0x9F:
		return true
	case c == 0x2028, c == 0x2029, c >= 0x202A && c <= 0x202E, c >= 0x2066 && c <= 0x2069, c == 0x200E, c == 0x200F, c == 0x061C:
		return true
	}
	return false
}

func escapeRune(c rune) string {
	if c < 0x80 {
		return fmt.Sprintf("\\x%02x", c)
	}
	return fmt.Sprintf("\\u%04x", c)
}
