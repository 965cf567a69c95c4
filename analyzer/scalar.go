package analyzer

import (
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A scalar's value is not its source text: quotes, escapes, indentation and line folding
// sit between the two. ValueOffsets undoes them, so that a place inside a value (an
// expression in a run: script, say) can be shown where it is in the file.

// ValueOffsets maps each byte of the scalar n's value to the file offset it was read
// from: offs[i] is where n.Value[i] comes from, and offs[len(n.Value)] is just past the
// last one. A byte that folding or an escape produced maps to the start of the source
// text that produced it. ok is false when the source could not be matched with the value
// the YAML parser read (the mapping is then nil and callers should point at the node).
func (f *File) ValueOffsets(n *yaml.Node) (offs []int, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil, false
	}
	r := f.Range(n)
	i := skipProperties(f.Src, r.Start.Offset)
	end := r.End.Offset
	if i > end {
		return nil, false
	}
	var val []byte
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		val, offs = decodeFlow(f.Src, i+1, end-1, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		val, offs = decodeFlow(f.Src, i+1, end-1, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		val, offs = f.decodeBlock(i, n.Style&yaml.FoldedStyle != 0)
	default:
		val, offs = decodeFlow(f.Src, i, end, 0)
	}
	return matchValue(n.Value, val, offs, end)
}

// matchValue checks the decoded text against the parser's value. Block scalars are
// decoded without chomping, so only trailing line feeds may differ.
func matchValue(want string, got []byte, offs []int, end int) ([]int, bool) {
	if len(got) >= len(want) {
		if string(got[:len(want)]) != want {
			return nil, false
		}
		for _, c := range got[len(want):] {
			if c != '\n' {
				return nil, false
			}
		}
		out := offs[:len(want)+1]
		if len(got) > len(want) {
			out[len(want)] = offs[len(want)]
		}
		return out, true
	}
	if string(got) != want[:len(got)] {
		return nil, false
	}
	for _, c := range []byte(want[len(got):]) {
		if c != '\n' {
			return nil, false
		}
	}
	out := offs[:len(got)]
	for len(out) <= len(want) {
		out = append(out, end)
	}
	return out, true
}

// decodeFlow reads a plain (quote 0), single- or double-quoted scalar whose text is
// src[i:end], quotes excluded.
func decodeFlow(src []byte, i, end int, quote byte) (val []byte, offs []int) {
	if end > len(src) {
		end = len(src)
	}
	val = make([]byte, 0, end-i)
	offs = make([]int, 0, end-i+1)
	emit := func(b []byte, at int) {
		val = append(val, b...)
		for range b {
			offs = append(offs, at)
		}
	}
	for i < end {
		c := src[i]
		if n := breakLen(src, i); n > 0 {
			// Fold: drop trailing blanks, count empty lines, skip the next indentation.
			for len(val) > 0 && isBlank(val[len(val)-1]) && !escapedBlank(offs, src) {
				val, offs = val[:len(val)-1], offs[:len(offs)-1]
			}
			at := i
			var empty int
			i, empty = skipBreaks(src, i+n, end)
			if empty == 0 {
				emit([]byte{' '}, at)
			} else {
				for range empty {
					emit([]byte{'\n'}, at)
				}
			}
			continue
		}
		switch {
		case quote == '\'' && c == '\'' && i+1 < end && src[i+1] == '\'':
			emit([]byte{'\''}, i)
			i += 2
		case quote == '"' && c == '\\' && i+1 < end:
			if n := breakLen(src, i+1); n > 0 { // an escaped line break joins the lines
				i += 1 + n
				for i < end && isBlank(src[i]) {
					i++
				}
				continue
			}
			b, n := unescape(src[i+1 : end])
			if n == 0 {
				return val, append(offs, end)
			}
			emit(b, i)
			i += 1 + n
		default:
			emit([]byte{c}, i)
			i++
		}
	}
	return val, append(offs, end)
}

// escapedBlank reports whether the last decoded byte came from an escape ("\t", "\ "),
// which folding keeps.
// skipBreaks reads from i, just past a line break, over the indentation and over any
// empty lines that follow: it returns where the next line's text starts and how many
// empty lines it passed.
func skipBreaks(src []byte, i, end int) (next, empty int) {
	for {
		for i < end && isBlank(src[i]) {
			i++
		}
		if i < end {
			if m := breakLen(src, i); m > 0 {
				empty++
				i += m
				continue
			}
		}
		return i, empty
	}
}

func escapedBlank(offs []int, src []byte) bool {
	at := offs[len(offs)-1]
	return at < len(src) && src[at] == '\\'
}

// unescape decodes one double-quoted escape from s (the text after the backslash) and
// returns its bytes and how many bytes of s it used; 0 when the escape is not valid.
func unescape(s []byte) ([]byte, int) {
	if len(s) == 0 {
		return nil, 0
	}
	simple := map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	if r, ok := simple[s[0]]; ok {
		return []byte(r), 1
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if width == 0 || len(s) < 1+width {
		return nil, 0
	}
	v, err := strconv.ParseUint(string(s[1:1+width]), 16, 32)
	if err != nil {
		return nil, 0
	}
	return utf8.AppendRune(nil, rune(v)), 1 + width
}

// decodeBlock reads a literal or folded block scalar whose indicator is at i, without
// chomping: every content line ends with a line feed.
func (f *File) decodeBlock(i int, folded bool) (val []byte, offs []int) {
	head := f.lines.offsetPos(i).Line
	indent := f.blockIndent(i, head)
	last := f.lines.offsetPos(f.blockEnd(i)).Line
	empty := 0
	first := true
	prevNormal := false
	var lineEnd int
	for l := head + 1; l <= last; l++ {
		text := f.lines.lineText(l)
		start := f.lines.starts[l-1]
		lineEnd = start + len(text)
		if blankLine(text) && (len(text) <= indent || indent < 0) {
			empty++
			continue
		}
		if indent < 0 || len(text) < indent {
			return nil, nil
		}
		content := text[indent:]
		normal := len(content) > 0 && !isBlank(content[0])
		var sep []byte
		switch {
		case first:
			sep = repeat('\n', empty)
		case folded && prevNormal && normal && empty == 0:
			sep = []byte{' '}
		case folded && prevNormal && normal:
			sep = repeat('\n', empty)
		default:
			sep = repeat('\n', empty+1)
		}
		for _, b := range sep {
			val = append(val, b)
			offs = append(offs, start-1)
		}
		val = append(val, content...)
		for k := range content {
			offs = append(offs, start+indent+k)
		}
		first, prevNormal, empty = false, normal, 0
	}
	val = append(val, '\n')
	offs = append(offs, lineEnd)
	return val, append(offs, lineEnd)
}

// blockIndent returns the content indentation of the block scalar whose indicator at i
// is on line head, or -1 when it has no content line.
func (f *File) blockIndent(i, head int) int {
	src := f.Src
	end := f.lines.lineEnd(head)
	for k := i + 1; k < end && !isBlank(src[k]) && src[k] != '#'; k++ {
		if c := src[k]; c >= '1' && c <= '9' {
			return parentIndent(f.lines.lineText(head)) + int(c-'0')
		}
	}
	for l := head + 1; l <= f.lines.lines(); l++ {
		text := f.lines.lineText(l)
		if blankLine(text) {
			continue
		}
		n := 0
		for n < len(text) && text[n] == ' ' {
			n++
		}
		return n
	}
	return -1
}

func blankLine(text []byte) bool {
	for _, c := range text {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

func repeat(c byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

// TextRange is the range of value bytes a..b of scalar n, or of n when they cannot be
// placed.
func (f *File) TextRange(n *yaml.Node, a, b int) Range {
	offs, ok := f.ValueOffsets(n)
	if !ok || b > len(n.Value) || a >= b {
		return f.Range(n)
	}
	end := offs[b-1] + 1
	for end < len(f.Src) && f.Src[end]&0xC0 == 0x80 {
		end++
	}
	return Range{Start: f.OffsetPos(offs[a]), End: f.OffsetPos(end)}
}

// ScalarValue is the value of n (through an alias) when n is a scalar that is not null.
func ScalarValue(n *yaml.Node) (string, bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || IsNull(n) {
		return "", false
	}
	return n.Value, true
}
