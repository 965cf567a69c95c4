// Package lazyre compiles a regular expression the first time it is used rather than
// when the program starts: wflint has about a hundred, and compiling them all at start-up
// was a third of a one-file run's initialisation. A Regexp has the methods of
// regexp.Regexp that wflint uses, with the same meaning.
package lazyre

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// VerifyNeedles makes every prefilter check its promise: text without a needle is also
// searched, and a match panics. It is on in test binaries, where every input of every
// test then checks every prefilter it reaches; benchmarks turn it off.
var VerifyNeedles = testing.Testing()

// Regexp is a regular expression compiled on first use.
type Regexp struct {
	expr    string
	needles []string // every match holds one of them; nil: no prefilter
	once    sync.Once
	re      *regexp.Regexp
}

// New returns the regular expression expr, compiled on first use; an invalid expr
// panics then, as regexp.MustCompile would at start-up (every one is used by a test).
func New(expr string) *Regexp { return &Regexp{expr: expr} }

// Needing returns r with a prefilter: every match of r holds one of needles, so text
// that holds none is not searched (a substring search is much faster than a regular
// expression that starts with \b or an alternation). The caller must keep that true;
// the tests of the rules that use it check it on their cases.
func (r *Regexp) Needing(needles ...string) *Regexp {
	r.needles = needles
	return r
}

// mayMatch reports whether s holds one of the needles (or there are none).
func (r *Regexp) mayMatch(s string) bool {
	if r.needles == nil {
		return true
	}
	for _, n := range r.needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	if VerifyNeedles && r.Re().MatchString(s) {
		panic(fmt.Sprintf("lazyre: %q matches %q, which holds none of the needles %q", r.expr, s, r.needles))
	}
	return false
}

// Re is the compiled expression.
func (r *Regexp) Re() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}

func (r *Regexp) String() string            { return r.expr }
func (r *Regexp) MatchString(s string) bool { return r.mayMatch(s) && r.Re().MatchString(s) }
func (r *Regexp) Match(b []byte) bool       { return r.Re().Match(b) }
func (r *Regexp) FindString(s string) string {
	if !r.mayMatch(s) {
		return ""
	}
	return r.Re().FindString(s)
}
func (r *Regexp) FindStringIndex(s string) []int {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindStringIndex(s)
}
func (r *Regexp) FindStringSubmatch(s string) []string {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindAllString(s, n)
}
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !r.mayMatch(s) {
		return nil
	}
	return r.Re().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	if !r.mayMatch(src) {
		return src
	}
	return r.Re().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, f func(string) string) string {
	if !r.mayMatch(src) {
		return src
	}
	return r.Re().ReplaceAllStringFunc(src, f)
}
func (r *Regexp) Split(s string, n int) []string { return r.Re().Split(s, n) }
func (r *Regexp) SubexpIndex(name string) int    { return r.Re().SubexpIndex(name) }
