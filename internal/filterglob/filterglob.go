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
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Pattern is one compiled filter pattern.
type Pattern struct {
	Source  string // as written
	Negated bool   // it started with "!"
	re      *regexp.Regexp
	prefix  string // the literal text every match starts with
	suffix  string // the literal text every match ends with
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
	off := 0
	if strings.HasPrefix(s, "!") {
		p.Negated = true
		s, off = s[1:], 1
	}
	var re strings.Builder
	re.WriteString(`\A`)
	literal := true // still inside the literal prefix
	var prefix strings.Builder
	var suffix []byte // the literal run at the end so far
	lastLen := 0      // bytes of the last literal character
	// last is the regexp of the last atom, which ? and + repeat; "" when there is none.
	last := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*':
			literal = false
			suffix = suffix[:0]
			switch {
			case strings.HasPrefix(s[i:], "**/"):
				// "**/" is zero or more whole directories: "**/a" matches "a" too
				last = `(?s:.*/)?`
				i += 2
			case strings.HasPrefix(s[i:], "**"):
				last = `(?s:.*)`
				i++
			default:
				last = `[^/]*`
			}
			re.WriteString(last)
		case '?', '+':
			if last == "" {
				return nil, &Error{off + i, fmt.Sprintf("%q has no character before it to repeat", c)}
			}
			literal = false
			// what came before the repeated character is no longer next to what follows
			if c == '+' && len(suffix) > 0 {
				suffix = append(suffix[:0], suffix[len(suffix)-lastLen:]...)
			} else {
				suffix = suffix[:0]
			}
			if isQuantified(last) {
				// "**?" and "a++": the repeat of a repeat changes nothing
				continue
			}
			re.WriteByte(c)
			last += string(c)
		case '[':
			end, class, err := readClass(s, i)
			if err != nil {
				err.Offset += off
				return nil, err
			}
			literal = false
			suffix = suffix[:0]
			last = class
			re.WriteString(class)
			i = end
		case '\\':
			if i+1 >= len(s) {
				return nil, &Error{off + i, `"\" at the end escapes nothing`}
			}
			i++
			fallthrough
		default:
			// one character, which may take several bytes: ? and + repeat all of it
			_, size := utf8.DecodeRuneInString(s[i:])
			char := s[i : i+size]
			i += size - 1
			lastLen = len(char)
			last = regexp.QuoteMeta(char)
			re.WriteString(last)
			suffix = append(suffix, char...)
			if literal {
				prefix.WriteString(char)
			}
		}
		// a ? or + after a literal character makes that character optional or
		// repeated: it is not part of the fixed prefix
		if literal && i+1 < len(s) && (s[i+1] == '?' || s[i+1] == '+') && prefix.Len() > 0 {
			pr := prefix.String()
			prefix.Reset()
			prefix.WriteString(pr[:len(pr)-lastLen])
			literal = false
		}
	}
	re.WriteString(`\z`)
	compiled, err := regexp.Compile(re.String())
	if err != nil {
		return nil, &Error{0, "invalid pattern: " + err.Error()}
	}
	p.re = compiled
	p.prefix = prefix.String()
	p.suffix = string(suffix)
	return p, nil
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
	return p.re.MatchString(s)
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
