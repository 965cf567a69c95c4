package analyzer

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A parser for the plain block YAML that nearly every workflow and action is written in,
// building the very node tree yaml.v3 builds for it, several times faster and with a
// fraction of the allocations (nodes come from one slab, plain values are substrings of
// one copy of the text).
//
// It reads a deliberately small subset: block mappings and sequences, plain scalars (on
// one line or folded over several), single- and double-quoted scalars on one line, literal
// and folded block scalars without an indentation indicator, and flow sequences and
// mappings of scalars. Whenever the text leaves that subset — an anchor, alias or tag, a
// tab outside a block scalar, a carriage return, a second document, a multi-line quoted
// scalar, anything that could be an error — it answers "not sure" and the loader hands
// the file to yaml.v3, which stays the judge of every file and every message. So the fast
// path never has to reproduce an error, only accept less than yaml.v3 does.
//
// Comments are not kept, except the one after a scalar mapping value on its line
// (`uses: x@sha # v4`), which VersionComment reads: no other code reads comments from
// the tree. TestFastYAMLAgrees compares both trees on every corpus and test file and on
// generated mutations of them.

// notSure is the panic value that abandons the fast path.
type notSure struct{}

const fastMaxDepth = 500

type fastParser struct {
	src   []byte
	str   string // src as one string: values without escapes or folding are substrings of it
	i     int    // the offset being read
	line  int    // 0-based line of offset i
	ls    int    // offset at which that line starts
	depth int

	slab []yaml.Node  // the nodes still free in the current chunk
	ptrs []*yaml.Node // the Content slots still free in the current chunk
	kids []*yaml.Node // children of the collections being built, as a stack
}

// fastParse returns the top-level mapping of src, or nil when the fast path is not sure,
// and src as a string (the values are substrings of it); lines is the number of lines, to
// size the node slab; plain says plainText(src) holds.
func fastParse(src []byte, lines int, plain bool) (root *yaml.Node, text string) {
	if !plain && !fastText(src) {
		return nil, ""
	}
	// A workflow has about 1.4 nodes per line: one slab holds most files.
	p := &fastParser{src: src, str: string(src), slab: make([]yaml.Node, lines+lines/2+8), ptrs: make([]*yaml.Node, lines+lines/2+8)}
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(notSure); !ok {
				panic(v)
			}
			root, text = nil, p.str // the copy is made: the loader keeps it
		}
	}()
	c := p.skipTo(true)
	if c == 0 && p.docMarker("---") {
		p.i += 3
		p.endLine()
		c = p.skipBlank()
	}
	if c < 0 || !p.keyAhead() {
		p.bail()
	}
	root = p.blockMap(c)
	if p.i < len(src) {
		p.bail() // content after the top-level mapping (less indented, a second document ...)
	}
	return root, p.str
}

// plainBytes marks the bytes of plain text: printable ASCII, tab and line feed.
var plainBytes = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = true
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// plainText reports whether src is plain text: nothing in it needs a closer look,
// neither by the loader's character checks nor by the fast path's.
func plainText(src []byte) bool {
	for _, c := range src {
		if !plainBytes[c] {
			return false
		}
	}
	return true
}

// fastText reports whether src has only characters the fast path reads: printable text
// with "\n" line breaks (no "\r", no Unicode line separators, no byte order mark).
func fastText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 || r < 0xA0 || r >= 0xD800 && r < 0xE000 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF {
			return false // includes utf8.RuneError and NEL
		}
		i += size
	}
	return true
}

func (p *fastParser) bail() { panic(notSure{}) }

func (p *fastParser) at(k int) byte {
	if p.i+k < len(p.src) {
		return p.src[p.i+k]
	}
	return 0
}

// blankz reports whether offset j holds a space, a line break or the end of the text.
func (p *fastParser) blankz(j int) bool {
	return j >= len(p.src) || p.src[j] == ' ' || p.src[j] == '\n' || p.src[j] == '\t'
}

// col is the 0-based column of offset i, counted in characters as yaml.v3 counts it.
func (p *fastParser) col() int {
	seg := p.src[p.ls:p.i]
	for _, b := range seg {
		if b >= utf8.RuneSelf {
			return utf8.RuneCount(seg)
		}
	}
	return len(seg)
}

func (p *fastParser) newline() {
	p.i++
	p.line++
	p.ls = p.i
}

// docMarker reports whether a document marker ("---" or "...") starts at offset i.
func (p *fastParser) docMarker(m string) bool {
	return strings.HasPrefix(p.str[p.i:], m) && p.blankz(p.i+3)
}

// skipBlank moves from the start of a line (or from the first character of a line's
// content) past blank and comment lines to the next content, and returns its column; -1
// at the end of the text.
func (p *fastParser) skipBlank() int { return p.skipTo(false) }

// skipTo is skipBlank; at the start of the text (start) a "---" line may open the
// document, and its column, 0, is returned.
func (p *fastParser) skipTo(start bool) int {
	for {
		for p.i < len(p.src) && p.src[p.i] == ' ' {
			p.i++
		}
		if p.i >= len(p.src) {
			return -1
		}
		switch p.src[p.i] {
		case '\n':
			p.newline()
			continue
		case '#':
			p.toLineEnd()
			continue
		case '\t':
			p.bail()
		}
		if p.i == p.ls {
			if start && p.docMarker("---") {
				return 0
			}
			if p.docMarker("---") || p.docMarker("...") || p.src[p.i] == '%' {
				p.bail()
			}
		}
		return p.col()
	}
}

func (p *fastParser) toLineEnd() {
	for p.i < len(p.src) && p.src[p.i] != '\n' {
		p.i++
	}
}

// endLine accepts what may follow a value on its line: spaces and a comment, up to and
// including the line break.
func (p *fastParser) endLine() {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
	if p.i < len(p.src) && p.src[p.i] == '#' {
		if p.i > p.ls && p.src[p.i-1] != ' ' {
			p.bail() // "#" right after a value does not start a comment
		}
		p.toLineEnd()
	}
	if p.i < len(p.src) {
		if p.src[p.i] != '\n' {
			p.bail()
		}
		p.newline()
	}
}

// next moves past the rest of the value just read to the next content and returns its
// column (-1 at the end). A value that ended its line (a block scalar, a collection)
// leaves the position on the next content already.
func (p *fastParser) next() int {
	for j := p.ls; j < p.i; j++ {
		if p.src[j] != ' ' {
			p.endLine()
			break
		}
	}
	return p.skipBlank()
}

func (p *fastParser) node(kind yaml.Kind, tag string, style yaml.Style, value string, line, col int) *yaml.Node {
	if len(p.slab) == 0 {
		p.slab = make([]yaml.Node, 64+len(p.src)/64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind, n.Tag, n.Style, n.Value, n.Line, n.Column = kind, tag, style, value, line+1, col+1
	return n
}

// take moves the children pushed since base into the node's Content.
func (p *fastParser) take(n *yaml.Node, base int) {
	k := len(p.kids) - base
	if k == 0 {
		return
	}
	if len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, max(64+len(p.src)/64, k))
	}
	n.Content = p.ptrs[:k:k]
	p.ptrs = p.ptrs[k:]
	copy(n.Content, p.kids[base:])
	clear(p.kids[base:])
	p.kids = p.kids[:base]
}

func (p *fastParser) enter() {
	if p.depth++; p.depth > fastMaxDepth {
		p.bail()
	}
}

// more moves past an entry of a block collection at column n to the next content and
// reports whether that is at column n, where another entry may follow; deeper content
// would be an error.
func (p *fastParser) more(n int) bool {
	c := p.next()
	if c > n {
		p.bail()
	}
	return c == n
}

// leave ends collection n: its children are those pushed since base.
func (p *fastParser) leave(n *yaml.Node, base int) *yaml.Node {
	p.take(n, base)
	p.depth--
	return n
}

// isDash reports whether a block sequence entry ("- ", "-" at the end of a line) starts
// at offset i.
func (p *fastParser) isDash() bool { return p.at(0) == '-' && p.blankz(p.i+1) }

// blockMap reads a block mapping whose keys are at column n, starting at its first key.
func (p *fastParser) blockMap(n int) *yaml.Node {
	p.enter()
	m := p.node(yaml.MappingNode, "!!map", 0, "", p.line, n)
	base := len(p.kids)
	for {
		if !p.keyAhead() {
			p.bail()
		}
		key := p.key()
		colonLine, colonCol := p.line, p.col()
		p.i++ // the ":"
		p.kids = append(p.kids, key, p.mapValue(n, colonLine, colonCol+1))
		if !p.more(n) {
			break
		}
	}
	return p.leave(m, base)
}

// mapValue reads the value after a key's ":" in a mapping at column n; an empty value
// is a null at the given place, just after the colon.
func (p *fastParser) mapValue(n, line, col int) *yaml.Node {
	for p.at(0) == ' ' {
		p.i++
	}
	if c := p.at(0); p.i >= len(p.src) || c == '\n' || c == '#' {
		p.endLine()
		switch c := p.skipBlank(); {
		case c > n:
			return p.withComment(p.blockNode(n))
		case c == n && p.isDash():
			return p.blockSeq(n) // a sequence may sit at its key's column
		}
		return p.node(yaml.ScalarNode, "!!null", 0, "", line, col)
	}
	return p.withComment(p.inline(n))
}

// withComment records the comment that follows a scalar mapping value on its last line,
// as yaml.v3 does.
func (p *fastParser) withComment(v *yaml.Node) *yaml.Node {
	if v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return v
	}
	j := p.i
	for j < len(p.src) && p.src[j] == ' ' {
		j++
	}
	if j > p.i && j < len(p.src) && p.src[j] == '#' {
		e := j
		for e < len(p.src) && p.src[e] != '\n' {
			e++
		}
		v.LineComment = p.str[j:e]
	}
	return v
}

// blockNode reads the node whose first character is at the position, on a line of its
// own inside a block collection at column parent.
func (p *fastParser) blockNode(parent int) *yaml.Node {
	c := p.col()
	switch {
	case p.isDash():
		return p.blockSeq(c)
	case p.keyAhead():
		return p.blockMap(c)
	}
	return p.inline(parent)
}

// blockSeq reads a block sequence whose dashes are at column n.
func (p *fastParser) blockSeq(n int) *yaml.Node {
	p.enter()
	s := p.node(yaml.SequenceNode, "!!seq", 0, "", p.line, n)
	base := len(p.kids)
	for {
		p.i++ // the "-"
		line, col := p.line, p.col()
		for p.at(0) == ' ' {
			p.i++
		}
		var item *yaml.Node
		switch c := p.at(0); {
		case p.i >= len(p.src) || c == '\n' || c == '#':
			p.endLine()
			if c := p.skipBlank(); c > n {
				item = p.blockNode(n)
			} else {
				item = p.node(yaml.ScalarNode, "!!null", 0, "", line, col)
			}
		case p.isDash():
			p.bail() // "- - x": a sequence in a sequence on one line
		case p.keyAhead():
			item = p.blockMap(p.col())
		default:
			item = p.inline(n)
		}
		p.kids = append(p.kids, item)
		if !p.more(n) || !p.isDash() {
			break
		}
	}
	return p.leave(s, base)
}

// keyAhead reports whether the text at the position is a mapping key on this line: a
// plain or quoted scalar followed by ": " (or ":" at the end of the line).
func (p *fastParser) keyAhead() bool {
	j := p.i
	switch c := p.at(0); c {
	case '"', '\'':
		e, ok := p.quotedEnd(c)
		return ok && e < len(p.src) && p.src[e] == ':' && p.blankz(e+1)
	case '-', '?', ':':
		if p.blankz(j + 1) {
			return false
		}
	case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return false
	}
	for ; j < len(p.src) && j-p.i < 1000; j++ {
		switch p.src[j] {
		case '\n':
			return false
		case ':':
			if p.blankz(j + 1) {
				return true
			}
		case '#':
			if p.src[j-1] == ' ' {
				return false
			}
		}
	}
	return false
}

// key reads the key keyAhead found, leaving the position on its colon.
func (p *fastParser) key() *yaml.Node {
	if c := p.at(0); c == '"' || c == '\'' {
		return p.quoted(c)
	}
	line, col, start := p.line, p.col(), p.i
	for !(p.src[p.i] == ':' && p.blankz(p.i+1)) {
		if p.src[p.i] == '\t' {
			p.bail()
		}
		p.i++
	}
	end := p.i
	for end > start && p.src[end-1] == ' ' {
		end--
	}
	return p.plainNode(p.str[start:end], line, col)
}

func (p *fastParser) plainNode(v string, line, col int) *yaml.Node {
	n := p.node(yaml.ScalarNode, "", 0, v, line, col)
	if v == "<<" {
		n.Tag = "!!merge" // as yaml.v3's parser tags it, not as ShortTag resolves it
	} else {
		n.Tag = plainTag(n)
	}
	return n
}

// plainTag is the tag yaml.v3 resolves for a plain scalar. Only an empty value and those
// that start with a sign, a digit, ".", "~" or a letter of yaml.v3's resolvable words can
// be anything but a string, and of those that start with a letter only true, false and
// null (in three spellings each) are; the rest are left to yaml.v3's own resolution.
func plainTag(n *yaml.Node) string {
	v := n.Value
	switch {
	case v != "" && strings.IndexByte("+-0123456789.~yYnNtTfFoO", v[0]) < 0:
		return "!!str"
	case v != "" && strings.IndexByte("yYnNtTfFoO", v[0]) >= 0:
		// of the words that start with these letters, yaml.v3 resolves only these
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "null", "Null", "NULL":
			return "!!null"
		}
		return "!!str"
	}
	return n.ShortTag()
}

// inline reads a value that starts at the position, on a line where something may
// precede it, inside a block collection at column parent.
func (p *fastParser) inline(parent int) *yaml.Node {
	switch c := p.at(0); c {
	case '|', '>':
		return p.blockScalar(parent)
	case '[', '{':
		return p.flow()
	case '"', '\'':
		return p.quoted(c)
	case '-', '?', ':':
		if p.blankz(p.i + 1) {
			p.bail()
		}
	case ']', '}', ',', '#', '&', '*', '!', '%', '@', '`':
		p.bail()
	}
	return p.plain(parent)
}

// plain reads a plain scalar in block context, folding its continuation lines (those
// indented past the enclosing collection's column parent).
func (p *fastParser) plain(parent int) *yaml.Node {
	line, col, start := p.line, p.col(), p.i
	end := p.plainRun(p.i)
	var folded []byte
	for {
		// Look past the line break for a continuation line.
		j, breaks := end, 0
		for j < len(p.src) && p.src[j] == ' ' {
			j++
		}
		if j >= len(p.src) || p.src[j] != '\n' {
			break // a comment or ": " follows on this line
		}
		lineStart, lines := j, 0
		for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\n') {
			if p.src[j] == '\n' {
				breaks++
				lines++
				lineStart = j + 1
			}
			j++
		}
		if j >= len(p.src) || p.src[j] == '#' || j-lineStart <= parent || p.src[j] == '\t' {
			break
		}
		if j == lineStart && (strings.HasPrefix(p.str[j:], "---") || strings.HasPrefix(p.str[j:], "...")) {
			p.bail()
		}
		if folded == nil {
			folded = append(make([]byte, 0, 2*(end-start)), p.src[start:end]...)
		}
		if breaks == 1 {
			folded = append(folded, ' ')
		} else {
			folded = append(folded, strings.Repeat("\n", breaks-1)...)
		}
		e := p.plainRun(j)
		folded = append(folded, p.src[j:e]...)
		p.line += lines
		p.ls = lineStart
		end = e
	}
	p.i = end
	if p.i < len(p.src) && p.src[p.i] == ':' {
		p.bail() // "a: b: c", or a key in a continuation line
	}
	if folded != nil {
		return p.plainNode(string(folded), line, col)
	}
	return p.plainNode(p.str[start:end], line, col)
}

// plainRun returns the end of the plain text that starts at j on its line: before ": ",
// " #" or the line break, trailing spaces left out. It stops at the ":" of ": ".
func (p *fastParser) plainRun(j int) int {
	end := j
	for ; j < len(p.src); j++ {
		switch p.src[j] {
		case '\n':
			return end
		case ' ':
			continue
		case '\t':
			p.bail()
		case ':':
			if p.blankz(j + 1) {
				if end == j {
					return j // the ":" directly follows the text
				}
				p.bail()
			}
		case '#':
			if p.src[j-1] == ' ' {
				return end
			}
		}
		end = j + 1
	}
	return end
}

// quotedEnd returns the offset just past the quoted scalar at the position, and false
// when it does not close on its line.
func (p *fastParser) quotedEnd(q byte) (int, bool) {
	for j := p.i + 1; j < len(p.src); j++ {
		switch p.src[j] {
		case '\n':
			return 0, false
		case '\\':
			if q == '"' {
				if j++; j < len(p.src) && p.src[j] == '\n' {
					return 0, false
				}
			}
		case q:
			if q == '\'' && j+1 < len(p.src) && p.src[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

// quoted reads a single- or double-quoted scalar that closes on its line.
func (p *fastParser) quoted(q byte) *yaml.Node {
	line, col := p.line, p.col()
	end, ok := p.quotedEnd(q)
	if !ok {
		p.bail()
	}
	body := p.str[p.i+1 : end-1]
	style := yaml.SingleQuotedStyle
	if q == '"' {
		style = yaml.DoubleQuotedStyle
	}
	v := body
	if q == '\'' && strings.Contains(body, "''") {
		v = strings.ReplaceAll(body, "''", "'")
	} else if q == '"' && strings.IndexByte(body, '\\') >= 0 {
		v = p.unescape(body)
	}
	p.i = end
	return p.node(yaml.ScalarNode, "!!str", style, v, line, col)
}

// unescape decodes the escapes of a double-quoted scalar the fast path reads; any other
// escape is left to yaml.v3.
func (p *fastParser) unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			p.bail()
		}
		switch e := s[i]; e {
		case '\\', '"', '\'':
			b.WriteByte(e)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case ' ':
			b.WriteByte(' ')
		case '0':
			b.WriteByte(0)
		case 'e':
			b.WriteByte(0x1B)
		case 'x', 'u', 'U':
			size := 2
			if e == 'u' {
				size = 4
			} else if e == 'U' {
				size = 8
			}
			r := 0
			for k := 1; k <= size; k++ {
				if i+k >= len(s) {
					p.bail()
				}
				d := hexVal(s[i+k])
				if d < 0 {
					p.bail()
				}
				r = r<<4 | d
			}
			if r >= 0xD800 && r <= 0xDFFF || r > utf8.MaxRune {
				p.bail()
			}
			b.WriteRune(rune(r))
			i += size
		default:
			p.bail()
		}
	}
	return b.String()
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// blockScalar reads a literal (|) or folded (>) block scalar inside a block collection at
// column parent, leaving the position on the first content that is not part of it.
func (p *fastParser) blockScalar(parent int) *yaml.Node {
	line, col := p.line, p.col()
	literal, chomp := p.blockHeader()
	first, trailing, widest := p.blockBreaks(0)
	indent := max(widest, parent+1, 1)
	if first < indent && p.i < len(p.src) {
		p.bail() // blank lines wider than the text, or text not indented past its key
	}
	var s []byte
	leadingBreak, leadingBlank := false, false
	for p.i < len(p.src) && p.i-p.ls == indent {
		trailingBlank := p.src[p.i] == ' ' || p.src[p.i] == '\t'
		switch {
		case !literal && leadingBreak && !leadingBlank && !trailingBlank:
			if trailing == 0 {
				s = append(s, ' ')
			}
		case leadingBreak:
			s = append(s, '\n')
		}
		for ; trailing > 0; trailing-- {
			s = append(s, '\n')
		}
		leadingBlank = trailingBlank
		e := p.i
		for e < len(p.src) && p.src[e] != '\n' {
			e++
		}
		s = append(s, p.src[p.i:e]...)
		p.i, leadingBreak = e, false
		if p.i < len(p.src) {
			p.newline()
			leadingBreak = true
		}
		_, trailing, _ = p.blockBreaks(indent)
	}
	if chomp != -1 && leadingBreak {
		s = append(s, '\n')
	}
	if chomp == 1 {
		for ; trailing > 0; trailing-- {
			s = append(s, '\n')
		}
	}
	style := yaml.LiteralStyle
	if !literal {
		style = yaml.FoldedStyle
	}
	return p.node(yaml.ScalarNode, "!!str", style, string(s), line, col)
}

// blockHeader reads a block scalar's indicator line: literal or folded, and the chomping
// (-1 strip, 0 clip, 1 keep).
func (p *fastParser) blockHeader() (literal bool, chomp int) {
	literal = p.src[p.i] == '|'
	p.i++
	switch p.at(0) {
	case '-':
		chomp = -1
		p.i++
	case '+':
		chomp = 1
		p.i++
	}
	if c := p.at(0); p.i < len(p.src) && c != ' ' && c != '\n' {
		p.bail() // an indentation indicator, or text after the indicator
	}
	p.endLine()
	return literal, chomp
}

// blockBreaks moves past the indentation (up to indent spaces; all of them when indent is
// 0) and the empty lines before a block scalar's next line of text. It returns the column
// reached, the number of line breaks passed and the widest indentation seen.
func (p *fastParser) blockBreaks(indent int) (col, breaks, widest int) {
	for {
		for p.i < len(p.src) && p.src[p.i] == ' ' && (indent == 0 || p.i-p.ls < indent) {
			p.i++
		}
		col = p.i - p.ls // only spaces precede: bytes are characters
		widest = max(widest, col)
		if p.i < len(p.src) && p.src[p.i] == '\t' && (indent == 0 || col < indent) {
			p.bail() // a tab where indentation is expected
		}
		if p.i >= len(p.src) || p.src[p.i] != '\n' {
			return col, breaks, widest
		}
		p.newline()
		breaks++
	}
}

// flow reads a flow sequence or mapping, which may span lines.
func (p *fastParser) flow() *yaml.Node {
	p.enter()
	kind, tag, closing := yaml.SequenceNode, "!!seq", byte(']')
	if p.src[p.i] == '{' {
		kind, tag, closing = yaml.MappingNode, "!!map", '}'
	}
	n := p.node(kind, tag, yaml.FlowStyle, "", p.line, p.col())
	base := len(p.kids)
	p.i++
	p.flowSpace()
	for p.at(0) != closing {
		p.kids = append(p.kids, p.flowItem())
		p.flowSpace()
		if kind == yaml.MappingNode {
			if p.at(0) != ':' || !p.blankz(p.i+1) {
				p.bail()
			}
			p.i++
			p.flowSpace()
			if c := p.at(0); c == ',' || c == closing {
				p.bail() // an empty value
			}
			p.kids = append(p.kids, p.flowItem())
			p.flowSpace()
		}
		switch p.at(0) {
		case ',': // a trailing comma is allowed
			p.i++
			p.flowSpace()
		case closing:
		default:
			p.bail()
		}
	}
	p.i++
	return p.leave(n, base)
}

// flowSpace moves past spaces, line breaks and comments inside a flow collection.
func (p *fastParser) flowSpace() {
	crossed := false
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ':
			p.i++
		case '\n':
			p.newline()
			crossed = true
		case '#':
			if prev := p.src[p.i-1]; prev != ' ' && prev != '\n' {
				p.bail()
			}
			p.toLineEnd()
		case '\t':
			p.bail()
		default:
			// yaml.v3 reads flow lines at any indentation, but not a document marker.
			if crossed && p.i == p.ls && (p.docMarker("---") || p.docMarker("...")) {
				p.bail()
			}
			return
		}
	}
	p.bail() // the text ends inside the collection
}

// flowItem reads a scalar or a nested collection inside a flow collection.
func (p *fastParser) flowItem() *yaml.Node {
	switch c := p.at(0); c {
	case '[', '{':
		return p.flow()
	case '"', '\'':
		return p.quoted(c)
	case '-':
		if p.blankz(p.i + 1) {
			p.bail()
		}
	case ']', '}', ',', '#', '&', '*', '!', '%', '@', '`', '|', '>', '?', ':':
		p.bail()
	}
	line, col, start := p.line, p.col(), p.i
	end, j := p.i, p.i
scan:
	for ; j < len(p.src); j++ {
		switch p.src[j] {
		case ',', '[', ']', '{', '}', '\n':
			break scan
		case ':':
			if p.blankz(j + 1) {
				break scan
			}
			p.bail()
		case '#':
			if p.src[j-1] == ' ' {
				break scan
			}
		case '\t', '?':
			p.bail()
		case ' ':
			continue
		}
		end = j + 1
	}
	p.i = end
	// A plain scalar may go on on the next line; the fast path does not read that.
	for j = end; j < len(p.src) && p.src[j] == ' '; j++ {
	}
	if j < len(p.src) && p.src[j] == '\n' {
		for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\n') {
			j++
		}
		if j >= len(p.src) || strings.IndexByte(",]}", p.src[j]) < 0 {
			p.bail()
		}
	}
	return p.plainNode(p.str[start:end], line, col)
}
