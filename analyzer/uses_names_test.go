package analyzer

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The hand-written matchers agree with the regular expressions they replace, on every
// string of up to three characters over an alphabet of the interesting bytes and on
// 200,000 random longer ones.
func TestNameMatchersAgreeWithRegexps(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) bool
		re   *regexp.Regexp
	}{
		{"isVersionRef", isVersionRef, regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*([-+.][0-9A-Za-z.-]+)?$`)},
		{"isOwnerName", isOwnerName, regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)},
		{"isRepoName", isRepoName, regexp.MustCompile(`^[A-Za-z0-9._-]+$`)},
		{"IsID", IsID, regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)},
	}
	const alphabet = "v019.-+_aZ/ @é"
	check := func(s string) {
		for _, c := range cases {
			if got, want := c.fn(s), c.re.MatchString(s); got != want {
				t.Fatalf("%s(%q) = %v, the regexp says %v", c.name, s, got, want)
			}
		}
	}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, r := range alphabet {
			all(prefix+string(r), n-1)
		}
	}
	all("", 3)
	rng := rand.New(rand.NewPCG(3, 5))
	runes := []rune(alphabet)
	for range 200000 {
		b := make([]rune, 4+rng.IntN(10))
		for i := range b {
			b[i] = runes[rng.IntN(len(runes))]
		}
		check(string(b))
	}
}

// The stack-allocated ASCII edit distance agrees with the one counted in characters, with
// and without case folding, on random strings.
func TestASCIIDistanceAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	const alphabet = "abAB_-x"
	word := func() string {
		b := make([]byte, rng.IntN(9))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 50000 {
		a, b := word(), word()
		if d, ok := asciiDistance(a, b, false); !ok || d != runeDistance(a, b) {
			t.Fatalf("asciiDistance(%q, %q) = %d, %v; runeDistance %d", a, b, d, ok, runeDistance(a, b))
		}
		if d, _ := asciiDistance(a, b, true); d != runeDistance(strings.ToLower(a), strings.ToLower(b)) {
			t.Fatalf("folded asciiDistance(%q, %q) = %d", a, b, d)
		}
	}
	if _, ok := asciiDistance("é", "e", false); ok {
		t.Error("asciiDistance took a non-ASCII string")
	}
	if EditDistance("héllo", "hello") != 1 || EditDistance("ab", "ba") != 1 {
		t.Error("EditDistance: wrong distance")
	}
}
