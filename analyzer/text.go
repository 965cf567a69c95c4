package analyzer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Helpers for the wording of messages, shared by every rule so that they read alike.

// Plural is "1 file" or "3 files".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Closest returns the candidate most like name (ignoring case), or "" when none is close
// enough to be a likely typo.
func Closest(name string, candidates []string) string {
	best, bestDist := "", 0
	lname := strings.ToLower(name)
	n := utf8.RuneCountInString(name)
	limit := max(1, (n+2)/4)
	for _, c := range candidates {
		if c == name || abs(utf8.RuneCountInString(c)-n) > limit {
			continue // the distance is at least the difference in length
		}
		d, ok := asciiDistance(lname, c, true)
		if !ok {
			d = EditDistance(lname, strings.ToLower(c))
		}
		if d <= limit && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Suggest is `; did you mean "name"?` for a closest name already found, or "" for none.
func Suggest(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", name)
}

// DidYouMean is Suggest of the candidate closest to got, or "" when got is empty or no
// candidate is close.
func DidYouMean(got string, candidates []string) string {
	if got == "" {
		return ""
	}
	return Suggest(Closest(got, candidates))
}

// EditDistance is the optimal string alignment distance between a and b: insertions,
// deletions, substitutions and transpositions of neighbours each cost one. Case counts;
// fold both strings first where it should not.
func EditDistance(a, b string) int {
	if d, ok := asciiDistance(a, b, false); ok {
		return d
	}
	return runeDistance(a, b)
}

// asciiDistance is EditDistance for two ASCII strings shorter than 64 bytes, computed on
// the stack; with fold, letters are compared without case. ok is false for other
// strings.
func asciiDistance(a, b string, fold bool) (d int, ok bool) {
	if len(a) >= 64 || len(b) >= 64 || !isASCII(a) || !isASCII(b) {
		return 0, false
	}
	var sa, sb [64]byte
	lower := func(dst []byte, s string) []byte {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst[i] = c
		}
		return dst[:len(s)]
	}
	var rows [3][64]int
	return osaDistance(lower(sa[:], a), lower(sb[:], b), rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// runeDistance is EditDistance counted in characters.
func runeDistance(a, b string) int {
	t := []rune(b)
	return osaDistance([]rune(a), t, make([]int, len(t)+1), make([]int, len(t)+1), make([]int, len(t)+1))
}

// osaDistance is the optimal string alignment distance of s and t, with three rows of
// len(t)+1 to work in.
func osaDistance[T byte | rune](s, t []T, prev2, prev, cur []int) int {
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

// QuoteList formats names as "a", "b" and "c".
func QuoteList(names []string) string { return JoinList(quoteAll(names), "and") }

// QuoteOrList formats names as "a", "b" or "c".
func QuoteOrList(names []string) string { return JoinList(quoteAll(names), "or") }

// JoinList joins items as "a, b <conj> c".
func JoinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return q
}

// Describe names what a node holds for a message: "a mapping", "a list", "empty", or the
// quoted value.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}
