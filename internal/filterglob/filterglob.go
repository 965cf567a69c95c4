// Package filterglob implements the pattern syntax of GitHub Actions trigger filters
// (branches, tags, paths and their -ignore forms), as GitHub documents it in "Filter
// pattern cheat sheet":
//
//   - zero or more characters, but not "/"
//     **     zero or more of any character
//     ?      zero or one of the preceding character
//   - one or more of the preceding character
//     [...]  one character listed in the brackets or in a range; ranges only within
//     a-z, A-Z or 0-9
//     !      at the start of a pattern: exclude what earlier patterns included
//     \      escapes the character after it
//
// A pattern matches a whole branch name, tag name or file path. In a list, every pattern
// is tried in order and the last one that matches decides: a positive pattern includes,
// a negated one excludes.
package filterglob

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Pattern is one compiled filter pattern.
type Pattern struct {
	Source  string                // as written
	Negated bool                  // it started with "!"
	expr    string                // the regular expression it is compiled to
	re      func() *regexp.Regexp // expr compiled on first use: most patterns are only checked
	prefix  string                // the literal text every match starts with
	suffix  string                // the literal text every match ends with
}

// Error is a pattern that GitHub cannot use, with the byte offset (in Source) of the
// problem.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// cache keeps compiled patterns: the same few patterns ("**.md", "docs/**") come back in
// file after file. It stops growing at cacheSize entries.
var cache sync.Map

const cacheSize = 10000

var cached atomic.Int32

type compiled struct {
	p   *Pattern
	err error
}

// Compile reads one pattern. The Pattern returned may be shared: it must not be changed.
func Compile(src string) (*Pattern, error) {
	if c, ok := cache.Load(src); ok {
		return c.(compiled).p, c.(compiled).err
	}
	p, err := compile(src)
	if cached.Load() < cacheSize {
		if _, loaded := cache.LoadOrStore(src, compiled{p, err}); !loaded {
			cached.Add(1)
		}
	}
	return p, err
}

func compile(src string) (*Pattern, error) {
	p := &Pattern{Source: src}
	s := src
	c := &compiler{literal: true}
	if strings.HasPrefix(s, "!") {
		p.Negated = true
		s, c.off = s[1:], 1
	}
	c.re.WriteString(`\A`)
	for i := 0; i < len(s); i++ {
		var err *Error
		switch s[i] {
		case '*':
			i = c.star(s, i)
		case '?', '+':
			err = c.repeat(s[i], i)
		case '[':
			i, err = c.class(s, i)
		case '\\':
			if i+1 >= len(s) {
				return nil, &Error{c.off + i, `"\" at the end escapes nothing`}
			}
			i = c.char(s, i+1)
		default:
			i = c.char(s, i)
		}
		if err != nil {
			return nil, err
		}
		// a ? or + after a literal character makes that character optional or
		// repeated: it is not part of the fixed prefix
		if c.literal && i+1 < len(s) && (s[i+1] == '?' || s[i+1] == '+') && c.prefix.Len() > 0 {
			pr := c.prefix.String()
			c.prefix.Reset()
			c.prefix.WriteString(pr[:len(pr)-c.lastLen])
			c.literal = false
		}
	}
	c.re.WriteString(`\z`)
	// Parsing finds every error compiling would (syntax, nesting, size); the compile waits
	// for the first Match, since most patterns of a run are only checked, never matched.
	p.expr = c.re.String()
	if _, err := syntax.Parse(p.expr, syntax.Perl); err != nil {
		return nil, &Error{0, "invalid pattern: " + err.Error()}
	}
	p.re = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(p.expr) })
	p.prefix = c.prefix.String()
	p.suffix = string(c.suffix)
	return p, nil
}

// compiler is the state of compile: the regexp so far, and the literal prefix and
// suffix that let most names be rejected without running it.
type compiler struct {
	off     int // bytes of the pattern before s ("!")
	re      strings.Builder
	literal bool // still inside the literal prefix
	prefix  strings.Builder
	suffix  []byte // the literal run at the end so far
	lastLen int    // bytes of the last literal character
	// last is the regexp of the last atom, which ? and + repeat; "" when there is none.
	last string
}

// star compiles the "*" or "**" at s[i]; it returns the index of its last byte.
func (c *compiler) star(s string, i int) int {
	c.literal = false
	c.suffix = c.suffix[:0]
	switch {
	case strings.HasPrefix(s[i:], "**/"):
		// "**/" is zero or more whole directories: "**/a" matches "a" too
		c.last = `(?s:.*/)?`
		i += 2
	case strings.HasPrefix(s[i:], "**"):
		c.last = `(?s:.*)`
		i++
	default:
		c.last = `[^/]*`
	}
	c.re.WriteString(c.last)
	return i
}

// repeat compiles the "?" or "+" (ch) at offset i.
func (c *compiler) repeat(ch byte, i int) *Error {
	if c.last == "" {
		return &Error{c.off + i, fmt.Sprintf("%q has no character before it to repeat", ch)}
	}
	c.literal = false
	// what came before the repeated character is no longer next to what follows
	if ch == '+' && len(c.suffix) > 0 {
		c.suffix = append(c.suffix[:0], c.suffix[len(c.suffix)-c.lastLen:]...)
	} else {
		c.suffix = c.suffix[:0]
	}
	if isQuantified(c.last) {
		return nil // "**?" and "a++": the repeat of a repeat changes nothing
	}
	c.re.WriteByte(ch)
	c.last += string(ch)
	return nil
}

// class compiles the "[...]" at s[i]; it returns the index of its last byte.
func (c *compiler) class(s string, i int) (int, *Error) {
	end, class, err := readClass(s, i)
	if err != nil {
		err.Offset += c.off
		return i, err
	}
	c.literal = false
	c.suffix = c.suffix[:0]
	c.last = class
	c.re.WriteString(class)
	return end, nil
}

// char compiles the character at s[i], which may take several bytes (? and + repeat all
// of it); it returns the index of its last byte.
func (c *compiler) char(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	char := s[i : i+size]
	c.lastLen = len(char)
	c.last = regexp.QuoteMeta(char)
	c.re.WriteString(c.last)
	c.suffix = append(c.suffix, char...)
	if c.literal {
		c.prefix.WriteString(char)
	}
	return i + size - 1
}

func isQuantified(atom string) bool {
	return strings.HasSuffix(atom, "?") || strings.HasSuffix(atom, "+") || strings.HasSuffix(atom, "*") || strings.HasSuffix(atom, ".*)") || strings.HasSuffix(atom, "/)?")
}

// readClass reads the character set that starts at s[i] == '[' and returns the index of
// its "]" and its regexp.
func readClass(s string, i int) (int, string, *Error) {
	var cls strings.Builder
	cls.WriteByte('[')
	j := i + 1
	if j < len(s) && s[j] == ']' {
		return 0, "", &Error{i, `"[]" is an empty character set: it matches nothing`}
	}
	for ; j < len(s) && s[j] != ']'; j++ {
		c := s[j]
		if c == '\\' && j+1 < len(s) {
			j++
			cls.WriteString(regexp.QuoteMeta(s[j : j+1]))
			continue
		}
		if j+2 < len(s) && s[j+1] == '-' && s[j+2] != ']' {
			lo, hi := c, s[j+2]
			if !sameRangeClass(lo, hi) {
				return 0, "", &Error{j, fmt.Sprintf("range %q is not within a-z, A-Z or 0-9, the only ranges GitHub accepts", s[j:j+3])}
			}
			if lo > hi {
				return 0, "", &Error{j, fmt.Sprintf("range %q runs backwards: it matches nothing", s[j:j+3])}
			}
			cls.WriteString(regexp.QuoteMeta(string(lo)) + "-" + regexp.QuoteMeta(string(hi)))
			j += 2
			continue
		}
		cls.WriteString(regexp.QuoteMeta(s[j : j+1]))
	}
	if j >= len(s) {
		return 0, "", &Error{i, `"[" is never closed by "]"`}
	}
	cls.WriteByte(']')
	return j, cls.String(), nil
}

func sameRangeClass(lo, hi byte) bool {
	in := func(c, a, b byte) bool { return a <= c && c <= b }
	return in(lo, 'a', 'z') && in(hi, 'a', 'z') || in(lo, 'A', 'Z') && in(hi, 'A', 'Z') || in(lo, '0', '9') && in(hi, '0', '9')
}

// Match reports whether the pattern, its "!" aside, matches the whole of s.
func (p *Pattern) Match(s string) bool {
	if !strings.HasPrefix(s, p.prefix) || !strings.HasSuffix(s, p.suffix) {
		return false
	}
	return p.re().MatchString(s)
}

// Prefix is the literal text every match starts with ("docs/" for "docs/**/*.md").
func (p *Pattern) Prefix() string { return p.prefix }

// Filter is a list of patterns, evaluated as GitHub evaluates a filter.
type Filter []*Pattern

// Match reports whether the list selects s: the last pattern that matches decides, and
// nothing is selected when no pattern matches.
func (f Filter) Match(s string) bool {
	selected := false
	for _, p := range f {
		if p.Match(s) {
			selected = !p.Negated
		}
	}
	return selected
}
