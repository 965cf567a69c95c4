package engine

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// Inline suppressions are YAML comments:
//
//	# wflint: ignore[rule-id, other-id] reason
//	# wflint: file-ignore[rule-id] reason
//
// An ignore comment at the end of a line covers the diagnostics that start on that line;
// on a line of its own, those that start on the next line that is not a comment. Either
// way it also covers the diagnostics whose range spans its line, and, when the line it
// covers opens a block scalar (run: |), every diagnostic inside that scalar: a "#" inside
// the scalar is part of the script, not a YAML comment. A file-ignore comment stands on
// a line of its own before the first key and covers the whole file.

// directive is one suppression comment.
type directive struct {
	file     bool             // file-ignore
	ids      []string         // the rules it names
	idRanges []analyzer.Range // where each id is written
	reason   string
	rng      analyzer.Range // the comment, from "#" to its end
	from, to int            // the lines whose diagnostics it covers (inclusive); 0 for file-ignore
	line     int            // the comment's own line
	ownLine  bool           // nothing but blanks before the "#"
	used     []bool
}

var directiveRE = lazyre.New(`#[ \t]*wflint:[ \t]*(ignore|file-ignore)\b(\[([^\]]*)\])?[ \t]*(.*)$`)

// scalarZones returns, sorted, the byte ranges that are the text of scalars: a "#" in
// them is not a comment. It also returns, for each line that opens a block scalar, the
// last line of that scalar.
func scalarZones(f *analyzer.File) (zones [][2]int, blocks map[int]int) {
	blocks = map[int]int{}
	var walk func(n *yaml.Node)
	seen := map[*yaml.Node]bool{}
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if n.Kind == yaml.AliasNode {
			return
		}
		if n.Kind == yaml.ScalarNode {
			r := f.Range(n)
			start := r.Start.Offset
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				// the header line (| or > and a comment) is not the scalar's text
				if i := bytes.IndexByte(f.Src[start:], '\n'); i >= 0 {
					start += i + 1
				} else {
					start = r.End.Offset
				}
				end := r.End
				if end.Column == 1 && end.Line > r.Start.Line {
					end = f.Pos(end.Line-1, 1)
				}
				blocks[r.Start.Line] = max(end.Line, r.Start.Line)
			}
			if start < r.End.Offset {
				zones = append(zones, [2]int{start, r.End.Offset})
			}
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(f.Root)
	slices.SortFunc(zones, func(a, b [2]int) int { return a[0] - b[0] })
	return zones, blocks
}

func inZones(zones [][2]int, off int) bool {
	i, _ := slices.BinarySearchFunc(zones, off, func(z [2]int, o int) int {
		switch {
		case z[1] <= o:
			return -1
		case z[0] > o:
			return 1
		}
		return 0
	})
	return i < len(zones) && zones[i][0] <= off && off < zones[i][1]
}

// directives finds the suppression comments of f.
func directives(f *analyzer.File) []*directive {
	if f.Root == nil || !bytes.Contains(f.Src, []byte("wflint:")) {
		return nil
	}
	zones, blocks := scalarZones(f)
	firstContent := firstContentLine(f)
	var out []*directive
	for l := 1; l <= f.Lines(); l++ {
		if !bytes.Contains(f.LineText(l), []byte("wflint:")) {
			continue
		}
		if d := lineDirective(f, zones, l); d != nil {
			d.place(f, zones, blocks, firstContent)
			out = append(out, d)
		}
	}
	return out
}

// firstContentLine is the first line of YAML content: a file-ignore must come before it.
func firstContentLine(f *analyzer.File) int {
	first := f.Lines() + 1
	if len(f.Root.Content) > 0 {
		if c := f.Root.Content[0]; c.Line > 0 {
			first = c.Line
			if len(c.Content) > 0 {
				first = c.Content[0].Line
			}
		}
	}
	return first
}

// lineDirective reads the suppression comment of line l, if it has one: a comment starts
// a line or follows a blank, outside every scalar's text.
func lineDirective(f *analyzer.File, zones [][2]int, l int) *directive {
	text := f.LineText(l)
	lineStart := f.Pos(l, 1).Offset
	for from := 0; from < len(text); {
		i := bytes.IndexByte(text[from:], '#')
		if i < 0 {
			return nil
		}
		i += from
		from = i + 1
		if i > 0 && text[i-1] != ' ' && text[i-1] != '\t' || inZones(zones, lineStart+i) {
			continue
		}
		m := directiveRE.Re().FindSubmatchIndex(text[i:])
		if m == nil || m[0] != 0 {
			return nil // an ordinary comment runs to the end of the line
		}
		return newDirective(f, l, i, m)
	}
	return nil
}

// newDirective makes the directive that directiveRE matched (submatches m) at byte i of
// line l.
func newDirective(f *analyzer.File, l, i int, m []int) *directive {
	text := f.LineText(l)
	lineStart := f.Pos(l, 1).Offset
	d := &directive{
		file:    string(text[i+m[2]:i+m[3]]) == "file-ignore",
		line:    l,
		ownLine: len(bytes.TrimLeft(text[:i], " \t")) == 0,
		rng:     analyzer.Range{Start: f.OffsetPos(lineStart + i), End: f.OffsetPos(lineStart + len(bytes.TrimRight(text, " \t\r")))},
	}
	if m[6] >= 0 {
		pos := i + m[6]
		for _, part := range strings.Split(string(text[i+m[6]:i+m[7]]), ",") {
			id := strings.TrimSpace(part)
			lead := len(part) - len(strings.TrimLeft(part, " \t"))
			if id != "" {
				d.ids = append(d.ids, id)
				s := lineStart + pos + lead
				d.idRanges = append(d.idRanges, analyzer.Range{Start: f.OffsetPos(s), End: f.OffsetPos(s + len(id))})
			}
			pos += len(part) + 1
		}
	}
	d.reason = strings.TrimSpace(string(text[i+m[8] : i+m[9]]))
	d.used = make([]bool, len(d.ids))
	return d
}

// place sets the lines d covers: the whole file, its own line, or (alone on its line)
// the next line with content; a block scalar that starts there is covered whole.
func (d *directive) place(f *analyzer.File, zones [][2]int, blocks map[int]int, firstContent int) {
	switch {
	case d.file:
	case d.ownLine:
		next := d.line + 1 // the next line that is not blank or a comment
		for next <= f.Lines() {
			t := bytes.TrimLeft(f.LineText(next), " \t")
			if len(t) > 0 && t[0] != '#' || len(t) > 0 && inZones(zones, f.Pos(next, 1).Offset+len(f.LineText(next))-len(t)) {
				break
			}
			next++
		}
		d.from, d.to = next, next
	default:
		d.from, d.to = d.line, d.line
	}
	if end, ok := blocks[d.to]; ok {
		d.to = end
	}
	if d.file && (!d.ownLine || d.line > firstContent) {
		d.from, d.to = -1, -1 // misplaced: covers nothing, and says so
	}
}

// covers reports whether d suppresses diagnostic g of rule id.
func (d *directive) covers(g analyzer.Diagnostic) bool {
	if d.from < 0 {
		return false
	}
	if d.file {
		return true
	}
	start, end := g.Range.Start.Line, max(g.Range.End.Line, g.Range.Start.Line)
	return d.from <= start && start <= d.to || start <= d.line && d.line <= end
}

// suppress drops the diagnostics that an inline comment suppresses and, when
// unused-ignore runs, reports the comments that are wrong or suppress nothing. ran says
// whether a rule ran on the file; known lists every rule id (nil: any id is taken).
func suppress(f *analyzer.File, diags []analyzer.Diagnostic, ran func(id string) bool, known []string, reportUnused bool) []analyzer.Diagnostic {
	ds := directives(f)
	if len(ds) == 0 {
		return diags
	}
	kept := diags[:0]
	for _, g := range diags {
		hidden := false
		for _, d := range ds {
			if !d.covers(g) {
				continue
			}
			for k, id := range d.ids {
				if id == g.Rule {
					d.used[k] = true
					hidden = true
				}
			}
		}
		if !hidden || g.Rule == analyzer.InternalError.ID {
			kept = append(kept, g)
		}
	}
	if !reportUnused {
		return kept
	}
	for _, d := range ds {
		kept = append(kept, d.problems(f, ran, known)...)
	}
	return kept
}

// problems are what unused-ignore says about d.
func (d *directive) problems(f *analyzer.File, ran func(string) bool, known []string) []analyzer.Diagnostic {
	kind := "ignore"
	if d.file {
		kind = "file-ignore"
	}
	report := func(r analyzer.Range, msg string, fix bool) analyzer.Diagnostic {
		g := analyzer.Diagnostic{Rule: analyzer.UnusedIgnore.ID, Severity: analyzer.UnusedIgnore.Severity, Path: f.Path, Range: r, Message: msg}
		if fix {
			g.Fixes = []analyzer.Fix{removeComment(f, d)}
		}
		return g
	}
	var out []analyzer.Diagnostic
	switch {
	case len(d.ids) == 0:
		return []analyzer.Diagnostic{report(d.rng, fmt.Sprintf("this %s names no rule; write the rules it is for: # wflint: %s[rule-id] reason", kind, kind), false)}
	case d.from < 0:
		return []analyzer.Diagnostic{report(d.rng, "a file-ignore comment must stand on its own line before the first key of the file; here it suppresses nothing", false)}
	}
	unused := 0
	for k, id := range d.ids {
		switch {
		case known != nil && !slices.Contains(known, id):
			msg := fmt.Sprintf("unknown rule %q in %s", id, kind) + analyzer.DidYouMean(id, known)
			out = append(out, report(d.idRanges[k], msg+" (see wflint --list-rules)", false))
			unused++
		case !d.used[k] && ran(id):
			where := "on the line it covers"
			if d.file {
				where = "in this file"
			}
			out = append(out, report(d.idRanges[k], fmt.Sprintf("%s[%s] suppresses nothing: %s reports nothing %s; remove it", kind, id, id, where), false))
			unused++
		}
	}
	if unused == len(d.ids) && len(out) > 0 && len(d.ids) == 1 {
		out[0].Fixes = []analyzer.Fix{removeComment(f, d)}
	}
	if d.reason == "" && unused < len(d.ids) {
		out = append(out, report(d.rng, fmt.Sprintf("this %s gives no reason; say after the brackets why the finding does not apply, so that the next reader knows", kind), false))
	}
	return out
}

// removeComment deletes d's comment: the whole line when the comment stands alone,
// else the comment and the blanks before it.
func removeComment(f *analyzer.File, d *directive) analyzer.Fix {
	var start analyzer.Pos
	end := d.rng.End
	if d.ownLine {
		start = f.Pos(d.line, 1)
		if d.line < f.Lines() {
			end = f.Pos(d.line+1, 1)
		}
	} else {
		text := f.LineText(d.line)
		col := d.rng.Start.Offset - f.Pos(d.line, 1).Offset
		lead := len(text[:col]) - len(bytes.TrimRight(text[:col], " \t"))
		start = f.OffsetPos(d.rng.Start.Offset - lead)
	}
	return analyzer.Fix{Title: "remove the suppression comment", Safety: analyzer.Safe, Edits: []analyzer.Edit{{Range: analyzer.Range{Start: start, End: end}}}}
}
