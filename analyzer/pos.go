package analyzer

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Pos is a position in a file. Line and Column are 1-based; Column counts Unicode
// characters (a tab is one character). Offset is the 0-based byte offset in the file as
// it is on disk, byte order mark included.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// Range is a half-open span of a file: End is the position just past the last character.
type Range struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

func (r Range) String() string { return r.Start.String() + "-" + r.End.String() }

// Contains reports whether q lies within r (an empty r contains its own start).
func (r Range) Contains(q Range) bool {
	return r.Start.Offset <= q.Start.Offset && q.End.Offset <= r.End.Offset
}

// lineIndex maps between byte offsets and line/column positions. Line breaks are the ones
// the YAML scanner counts, so that the parser's line numbers and ours always agree:
// "\n", "\r\n", a lone "\r", and NEL, LS and PS.
type lineIndex struct {
	src    []byte
	starts []int // starts[i] is the byte offset where line i+1 begins
}

func newLineIndex(src []byte, bom int) lineIndex {
	starts := make([]int, 1, len(src)/32+1)
	starts[0] = bom
	if bytes.IndexByte(src, '\r') < 0 && bytes.IndexByte(src, 0xC2) < 0 && bytes.IndexByte(src, 0xE2) < 0 {
		// only "\n" breaks lines here: find them with the vectorised search
		for i := bom; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return lineIndex{src: src, starts: starts}
			}
			i += j + 1
			starts = append(starts, i)
		}
	}
	for i := bom; i < len(src); {
		if n := breakLen(src, i); n > 0 {
			i += n
			starts = append(starts, i)
			continue
		}
		i++
	}
	return lineIndex{src: src, starts: starts}
}

// breakLen returns the length of the line break at src[i:], or 0 when there is none.
func breakLen(src []byte, i int) int {
	switch c := src[i]; c {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2:
		if i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case 0xE2:
		if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// lines returns the number of lines.
func (x *lineIndex) lines() int { return len(x.starts) }

// lineEnd returns the offset of the line break (or end of file) that ends line l.
func (x *lineIndex) lineEnd(l int) int {
	if l < 1 || l > len(x.starts) {
		return len(x.src)
	}
	i := x.starts[l-1]
	for i < len(x.src) && breakLen(x.src, i) == 0 {
		i++
	}
	return i
}

// lineText returns line l without its line break.
func (x *lineIndex) lineText(l int) []byte {
	if l < 1 || l > len(x.starts) {
		return nil
	}
	return x.src[x.starts[l-1]:x.lineEnd(l)]
}

// pos converts a 1-based line and column to a Pos. Columns past the end of the line are
// clamped to the line end.
func (x *lineIndex) pos(line, col int) Pos {
	if line < 1 {
		line, col = 1, 1
	}
	if line > len(x.starts) {
		return x.offsetPos(len(x.src))
	}
	off := x.starts[line-1]
	end := x.lineEnd(line)
	c := 1
	for c < col && off < end {
		_, size := utf8.DecodeRune(x.src[off:end])
		off += size
		c++
	}
	return Pos{Line: line, Column: c, Offset: off}
}

// offsetPos converts a byte offset to a Pos.
func (x *lineIndex) offsetPos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	// binary search for the last line start <= off
	lo, hi := 0, len(x.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if x.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := x.starts[lo]
	if off < start { // inside the byte order mark
		return Pos{Line: 1, Column: 1, Offset: start}
	}
	return Pos{Line: lo + 1, Column: utf8.RuneCount(x.src[start:off]) + 1, Offset: off}
}
