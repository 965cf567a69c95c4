package analyzer

import "gopkg.in/yaml.v3"

// yaml.v3 records where a node starts but not where it ends. The end is found here by
// reading the source from the start: the scanner already accepted the text, so only the
// extent of each token is needed, not a full grammar. Ranges are computed on demand and
// cached, since only the nodes a diagnostic points at ever need one.

// Range returns the range of n in the file: from its first character (its anchor or tag,
// if it has one) to just past its last character. An empty value (`key:` with nothing
// after it) has an empty range just after the colon.
func (f *File) Range(n *yaml.Node) Range {
	if n == nil {
		return Range{}
	}
	if r, ok := f.ranges[n]; ok {
		return r
	}
	r := f.computeRange(n, 0)
	if f.ranges == nil {
		f.ranges = make(map[*yaml.Node]Range)
	}
	f.ranges[n] = r
	return r
}

// Pos returns the position of a 1-based line and column.
func (f *File) Pos(line, col int) Pos { return f.lines.pos(line, col) }

// OffsetPos returns the position of a byte offset.
func (f *File) OffsetPos(off int) Pos { return f.lines.offsetPos(off) }

// LineText returns line l without its line break.
func (f *File) LineText(l int) []byte { return f.lines.lineText(l) }

// Lines returns the number of lines in the file.
func (f *File) Lines() int { return f.lines.lines() }

func (f *File) computeRange(n *yaml.Node, depth int) Range {
	start := f.lines.pos(n.Line, n.Column)
	if depth > MaxDepth {
		return Range{start, start}
	}
	src := f.Src
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return Range{start, start}
		}
		return f.computeRange(n.Content[0], depth+1)
	case yaml.AliasNode:
		// "*name"
		return Range{start, f.lines.offsetPos(start.Offset + 1 + len(n.Value))}
	case yaml.MappingNode, yaml.SequenceNode:
		end := start.Offset
		for _, c := range n.Content {
			if e := f.Range(c).End.Offset; e > end {
				end = e
			}
		}
		if n.Style&yaml.FlowStyle != 0 {
			end = flowClose(src, skipProperties(src, start.Offset), end)
		}
		return Range{start, f.lines.offsetPos(end)}
	case yaml.ScalarNode:
		i := skipProperties(src, start.Offset)
		var end int
		switch {
		case n.Style&yaml.DoubleQuotedStyle != 0:
			end = quotedEnd(src, i, '"')
		case n.Style&yaml.SingleQuotedStyle != 0:
			end = quotedEnd(src, i, '\'')
		case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			end = f.blockEnd(i)
		default:
			end = plainEnd(src, i, n.Value)
		}
		return Range{start, f.lines.offsetPos(end)}
	}
	return Range{start, start}
}

// skipProperties skips an anchor ("&a") and a tag ("!!str", "!<...>") and the blanks
// after them, returning the offset of the node's own text.
func skipProperties(src []byte, i int) int {
	for i < len(src) && (src[i] == '&' || src[i] == '!') {
		for i < len(src) && !isBlankOrBreak(src, i) {
			i++
		}
		for i < len(src) && isBlankOrBreak(src, i) {
			i++
		}
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func isBlankOrBreak(src []byte, i int) bool { return isBlank(src[i]) || breakLen(src, i) > 0 }

// quotedEnd returns the offset just past the closing quote of a quoted scalar starting at i.
func quotedEnd(src []byte, i int, q byte) int {
	if i >= len(src) || src[i] != q {
		return i
	}
	for i++; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++ // the escaped character, an escaped line break included
			if i < len(src) && src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
		case src[i] == q:
			if q == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i++ // '' is an escaped quote
				continue
			}
			return i + 1
		}
	}
	return len(src)
}

// plainEnd returns the offset just past a plain scalar whose value is v, by walking the
// source alongside the value. A plain scalar has no escapes, so the two agree character
// for character except where a line was folded: there the value has one space (or a line
// feed per empty line) where the source has a line break and indentation.
func plainEnd(src []byte, i int, v string) int {
	end := i
	j := 0
	for j < len(v) && i < len(src) {
		if src[i] == v[j] && breakLen(src, i) == 0 {
			i++
			j++
			end = i
			continue
		}
		if (v[j] == ' ' || v[j] == '\n') && isBlankOrBreak(src, i) {
			for j < len(v) && (v[j] == ' ' || v[j] == '\n') {
				j++
			}
			for i < len(src) && isBlankOrBreak(src, i) {
				i++
			}
			continue
		}
		break
	}
	return end
}

// blockEnd returns the offset just past the last non-blank character of a literal or
// folded block scalar whose indicator ("|", ">-", "|2" ...) is at i.
func (f *File) blockEnd(i int) int {
	src := f.Src
	head := f.lines.offsetPos(i).Line
	end := f.lines.lineEnd(head)
	// An explicit indentation indicator fixes the content indentation relative to the
	// parent block; otherwise the first non-empty line sets it.
	indent := -1
	for k := i + 1; k < end && !isBlank(src[k]) && src[k] != '#'; k++ {
		if c := src[k]; c >= '1' && c <= '9' {
			indent = parentIndent(f.lines.lineText(head)) + int(c-'0')
		}
	}
	for l := head + 1; l <= f.lines.lines(); l++ {
		text := f.lines.lineText(l)
		n := 0
		for n < len(text) && text[n] == ' ' {
			n++
		}
		blank := true
		for _, c := range text[n:] {
			if !isBlank(c) {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if indent < 0 {
			indent = n
			if indent == 0 {
				break
			}
		}
		if n < indent {
			break
		}
		// trailing blanks are content in a literal scalar, but the range ends at the
		// last visible character
		e := len(text)
		for e > 0 && isBlank(text[e-1]) {
			e--
		}
		end = f.lines.starts[l-1] + e
	}
	return end
}

// parentIndent estimates the indentation of the block that holds a block scalar from the
// line of its indicator: the leading spaces, plus two for each compact "- " entry.
func parentIndent(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	for n+1 < len(line) && line[n] == '-' && line[n+1] == ' ' {
		n += 2
		for n < len(line) && line[n] == ' ' {
			n++
		}
	}
	return n
}

// flowClose returns the offset just past the bracket that closes a flow collection whose
// opening bracket is at open and whose last entry ends at last.
func flowClose(src []byte, open, last int) int {
	i := last
	if i <= open {
		i = open + 1
	}
	for i < len(src) {
		switch c := src[i]; {
		case c == ']' || c == '}':
			return i + 1
		case c == '#':
			for i < len(src) && breakLen(src, i) == 0 {
				i++
			}
		case c == ',' || isBlankOrBreak(src, i):
			i++
		default:
			// text the walk did not expect: stop at the last entry rather than guess
			return last
		}
	}
	return last
}
