package lazyre

import "testing"

// A Regexp compiles once, on first use, and answers as regexp does.
func TestLazy(t *testing.T) {
	r := New(`a(b+)`)
	if r.re != nil {
		t.Fatal("compiled before use")
	}
	if !r.MatchString("xabb") || r.FindStringSubmatch("abbb")[1] != "bbb" || r.String() != `a(b+)` {
		t.Error("wrong answers")
	}
	first := r.Re()
	if r.ReplaceAllString("ab ab", "x") != "x x" || r.Re() != first {
		t.Error("compiled twice, or wrong replacement")
	}
}
