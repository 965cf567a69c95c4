package filters

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// looksLikeRegex is the expression it replaced, written out: both agree on the cases of
// the rule's tests and on random strings of the characters that matter.
func TestLooksLikeRegex(t *testing.T) {
	re := regexp.MustCompile(`^\^|[^\\]\$$|\\[dDwWsS]|\([^)]*\|[^)]*\)|\{[0-9]+(,[0-9]*)?\}|^\.\*`)
	check := func(s string) {
		if got, want := looksLikeRegex(s), re.MatchString(s); got != want {
			t.Errorf("looksLikeRegex(%q) = %v, the expression says %v", s, got, want)
		}
	}
	for _, s := range []string{"", "^main", "main$", `main\$`, "$", "é$", `v\d+`, `\\d`, "(a|b)", "(a)|b", "(a|b", "((a)|b)",
		"v{1}", "v{1,}", "v{1,2}", "v{,2}", "v{a}", "{}", ".*", "v*.*.*", "**.md", "releases/**", "a\n$"} {
		check(s)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	const chars = `^$\dDwWsS()|{}09,.*a/é` + "\n"
	runes := []rune(chars)
	for range 300000 {
		var b strings.Builder
		for n := rng.IntN(9); n > 0; n-- {
			b.WriteRune(runes[rng.IntN(len(runes))])
		}
		check(b.String())
	}
}
