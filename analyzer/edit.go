package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Helpers that build edits for fixes. Each returns false when it cannot make the edit
// without risk of breaking the file; a rule then offers no fix rather than a wrong one.

// ReplaceScalar returns an edit that gives the scalar n the value v, keeping n's quoting.
func (f *File) ReplaceScalar(n *yaml.Node, v string) (Edit, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Anchor != "" || n.Style&yaml.TaggedStyle != 0 {
		return Edit{}, false
	}
	r := f.Range(n)
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		r = inner(f, r)
		v = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
	case n.Style&yaml.SingleQuotedStyle != 0:
		r = inner(f, r)
		v = strings.ReplaceAll(v, "'", "''")
	case n.Style == 0:
		if !plainSafe(v) {
			return Edit{}, false
		}
	default:
		return Edit{}, false
	}
	if r.Start.Line != r.End.Line {
		return Edit{}, false
	}
	return Edit{Range: r, NewText: v}, true
}

// AppendToScalar returns an edit that adds text at the end of the one-line scalar n,
// inside its quotes; false for a block scalar, an anchored or tagged one, or a plain one
// in a flow collection, where the text could end the scalar or start a collection.
func (f *File) AppendToScalar(n *yaml.Node, text string) (Edit, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Anchor != "" || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return Edit{}, false
	}
	r := f.Range(n)
	if r.Start.Line != r.End.Line {
		return Edit{}, false
	}
	end := r.End.Offset
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		end-- // before the closing quote
	} else if rest := strings.TrimLeft(string(f.Src[end:min(len(f.Src), end+80)]), " \t"); rest != "" && strings.IndexByte(",]}", rest[0]) >= 0 {
		return Edit{}, false
	}
	p := f.OffsetPos(end)
	return Edit{Range: Range{Start: p, End: p}, NewText: text}, true
}

func inner(f *File, r Range) Range {
	return Range{f.OffsetPos(r.Start.Offset + 1), f.OffsetPos(r.End.Offset - 1)}
}

// plainSafe reports whether v can be written as a plain scalar and read back unchanged.
func plainSafe(v string) bool {
	if v == "" {
		return false
	}
	for i, c := range v {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '/' ||
			i > 0 && (c == '-' || c == '.' || c == '*' || c == '?' || c == '+')
		if !ok {
			return false
		}
	}
	switch strings.ToLower(v) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~":
		return false
	}
	return true
}

// RemoveItem returns an edit that deletes item i of the sequence seq, which must keep at
// least one item. In a flow sequence the separating comma goes too; in a block sequence
// the item's whole lines go, and only when nothing else shares them.
func (f *File) RemoveItem(seq *yaml.Node, i int) (Edit, bool) {
	if seq == nil || seq.Kind != yaml.SequenceNode || len(seq.Content) < 2 || i < 0 || i >= len(seq.Content) {
		return Edit{}, false
	}
	item := seq.Content[i]
	if seq.Style&yaml.FlowStyle != 0 {
		if i > 0 {
			return Edit{Range: Range{f.Range(seq.Content[i-1]).End, f.Range(item).End}}, true
		}
		return Edit{Range: Range{f.Range(item).Start, f.Range(seq.Content[1]).Start}}, true
	}
	r := f.Range(item)
	// the item must be written as "- value" alone on its line(s)
	lineStart := f.lines.starts[r.Start.Line-1]
	before := strings.TrimSpace(string(f.Src[lineStart:r.Start.Offset]))
	if before != "-" {
		return Edit{}, false
	}
	return f.removeLines(r.Start.Line, r.End)
}

// RemoveEntry returns an edit that deletes a mapping entry written on lines of its own.
func (f *File) RemoveEntry(key, value *yaml.Node) (Edit, bool) {
	kr := f.Range(key)
	lineStart := f.lines.starts[kr.Start.Line-1]
	if strings.TrimSpace(string(f.Src[lineStart:kr.Start.Offset])) != "" {
		return Edit{}, false
	}
	end := kr.End
	if value != nil {
		if vr := f.Range(value); vr.End.Offset > end.Offset {
			end = vr.End
		}
	}
	return f.removeLines(kr.Start.Line, end)
}

// removeLines deletes whole lines from line first through the line of end, provided that
// only blanks or a comment follow end on its line.
func (f *File) removeLines(first int, end Pos) (Edit, bool) {
	rest := strings.TrimSpace(string(f.Src[end.Offset:f.lines.lineEnd(end.Line)]))
	if rest != "" && !strings.HasPrefix(rest, "#") {
		return Edit{}, false
	}
	from := f.lines.offsetPos(f.lines.starts[first-1])
	to := f.lines.offsetPos(len(f.Src))
	if end.Line < f.lines.lines() {
		to = f.lines.offsetPos(f.lines.starts[end.Line])
	}
	return Edit{Range: Range{from, to}}, true
}

// ApplyEdits applies edits to src. Edits must not overlap; if any two do, or one lies
// outside src, nothing is applied and an error says which.
func ApplyEdits(src []byte, edits []Edit) ([]byte, error) {
	es := slices.Clone(edits)
	slices.SortStableFunc(es, func(a, b Edit) int { return a.Range.Start.Offset - b.Range.Start.Offset })
	var out []byte
	at := 0
	for i, e := range es {
		s, t := e.Range.Start.Offset, e.Range.End.Offset
		if s < at || t < s || t > len(src) {
			if i > 0 && s < at {
				return nil, fmt.Errorf("edits at %s and %s overlap", es[i-1].Range.Start, e.Range.Start)
			}
			return nil, fmt.Errorf("edit at %s lies outside the file", e.Range.Start)
		}
		out = append(out, src[at:s]...)
		out = append(out, e.NewText...)
		at = t
	}
	return append(out, src[at:]...), nil
}

// RenameFix replaces a misspelt name at rng with the closest defined one, to; none when
// to is empty. It is unsafe: the closest name is a guess.
func RenameFix(rng Range, to string) []Fix {
	if to == "" {
		return nil
	}
	return []Fix{{Title: fmt.Sprintf("use %q", to), Safety: Unsafe, Edits: []Edit{{Range: rng, NewText: to}}}}
}
