package report

import (
	"strings"
	"testing"
)

// TestLineHashes checks primaryLocationLineHash against reference values published with
// github/codeql-action's fingerprinting (the hash upload-sarif adds when a SARIF file has
// none): if ours differed, an upload from wflint and one re-fingerprinted by GitHub would
// disagree and alerts would be closed and reopened.
func TestLineHashes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"", []string{"c129715d7a2bc9a3:1"}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", []string{
			"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"}},
		// a final newline starts an empty last line; \n, \r and \r\n end lines alike
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", endings},
		{" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", endings},
		{" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", endings},
		{" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", endings},
		// identical windows are numbered in order
		{strings.Repeat("Lorem ipsum dolor sit amet.\n", 10), []string{
			"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
			"a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
			"55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"}},
	} {
		got := LineHashes([]byte(tt.in))
		if len(got) != len(tt.want) {
			t.Errorf("LineHashes(%q): %d lines, want %d: %v", tt.in, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			if got[i+1] != w {
				t.Errorf("LineHashes(%q) line %d = %q, want %q", tt.in, i+1, got[i+1], w)
			}
		}
	}
}

var endings = []string{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
	"b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}

// A character outside the BMP counts as two UTF-16 units, as in JavaScript: the window
// of the first line below is then full before it reaches the last character.
func TestLineHashesUTF16(t *testing.T) {
	line := "😀" + strings.Repeat("a", 97) + "\n"
	if a, b := LineHashes([]byte(line+"b")), LineHashes([]byte(line+"c")); a[1] != b[1] {
		t.Errorf("the first line's hash depends on the next line (%s, %s): the emoji was counted as one unit", a[1], b[1])
	}
	if a, b := LineHashes([]byte("é"+line[4:]+"b")), LineHashes([]byte("é"+line[4:]+"c")); a[1] == b[1] {
		t.Error("with a BMP character the window should reach the next line")
	}
}
