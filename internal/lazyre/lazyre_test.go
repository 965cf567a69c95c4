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

// A Regexp with needles answers as without them, and skips text that holds none.
func TestNeeding(t *testing.T) {
	plain := New(`\bgit\s+(fetch|pull)\b`)
	needy := New(`\bgit\s+(fetch|pull)\b`).Needing("git")
	for _, s := range []string{"git fetch origin", "echo gitfetch", "make", "x; git  pull"} {
		if plain.MatchString(s) != needy.MatchString(s) || len(plain.FindStringSubmatch(s)) != len(needy.FindStringSubmatch(s)) ||
			len(plain.FindAllStringSubmatchIndex(s, -1)) != len(needy.FindAllStringSubmatchIndex(s, -1)) {
			t.Errorf("%q: the needles change the answer", s)
		}
	}
	if needy.MatchString("no needle here") || needy.FindString("no needle") != "" || needy.ReplaceAllString("x", "y") != "x" {
		t.Error("matched text without a needle")
	}
}

// In a test binary a needle that a match does not hold is caught where it is used.
func TestWrongNeedlePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a match without any needle went unnoticed")
		}
	}()
	New(`git\s+push`).Needing("pull").MatchString("git push")
}
