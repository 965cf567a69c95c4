package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/internal/testenv"
)

// slowParse is yaml.v3's answer: the top-level mapping of a file that is one document,
// or nil.
func slowParse(src []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return doc.Content[0]
}

// sameTree returns the first difference between the fast path's tree and yaml.v3's, or
// "". Comments are compared only where the fast path keeps them: after a scalar mapping
// value that is not a block scalar.
func sameTree(fast, slow *yaml.Node, where string) string {
	if fast.Kind != slow.Kind || fast.Style != slow.Style || fast.Tag != slow.Tag || fast.Value != slow.Value ||
		fast.Line != slow.Line || fast.Column != slow.Column || len(fast.Content) != len(slow.Content) {
		return fmt.Sprintf("%s: fast {%v %v %s %q %d:%d %d children}, yaml.v3 {%v %v %s %q %d:%d %d children}", where,
			fast.Kind, fast.Style, fast.Tag, fast.Value, fast.Line, fast.Column, len(fast.Content),
			slow.Kind, slow.Style, slow.Tag, slow.Value, slow.Line, slow.Column, len(slow.Content))
	}
	for i := range fast.Content {
		f, s := fast.Content[i], slow.Content[i]
		if fast.Kind == yaml.MappingNode && fast.Style&yaml.FlowStyle == 0 && i%2 == 1 && f.Kind == yaml.ScalarNode &&
			f.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && f.LineComment != s.LineComment {
			return fmt.Sprintf("%s/%d: line comment %q, yaml.v3 %q", where, i, f.LineComment, s.LineComment)
		}
		if d := sameTree(f, s, fmt.Sprintf("%s/%d", where, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast fails when the fast path reads src and yaml.v3 refuses it or reads another
// tree; it reports whether the fast path read it.
func checkFast(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast, text := fastParse(src, bytes.Count(src, []byte("\n"))+1, plainText(src))
	if fast == nil {
		return false
	}
	if text != string(src) {
		t.Errorf("%s: the fast path's text differs from the file", name)
	}
	slow := slowParse(src)
	if slow == nil {
		t.Errorf("%s: the fast path reads a file yaml.v3 refuses:\n%s", name, src)
		return true
	}
	if d := sameTree(fast, slow, ""); d != "" {
		t.Errorf("%s: %s\n%s", name, d, src)
	}
	return true
}

// fastFiles reads every corpus file and every YAML file of the project's test data.
func fastFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{}
	for _, p := range testenv.YAMLFiles(t, "rules", "testdata", "internal") {
		if src, err := os.ReadFile(p); err == nil {
			files[p] = src
		}
	}
	return files
}

// The fast path reads a file only when yaml.v3 reads the same tree from it: on every
// corpus and test file, and on 30,000 mutations of them that stress what YAML makes of
// indentation, indicators, quotes and line breaks. It must also take most files, or it
// would be no faster.
func TestFastYAMLAgrees(t *testing.T) {
	files := fastFiles(t)
	var names []string
	fast := 0
	for name, src := range files {
		names = append(names, name)
		if checkFast(t, name, src) {
			fast++
		}
	}
	t.Logf("fast path reads %d of %d files", fast, len(files))
	if len(files) > 1000 && fast < len(files)*9/10 {
		t.Errorf("fast path reads only %d of %d files", fast, len(files))
	}
	sort.Strings(names)
	// WFLINT_MUTATIONS=N,SEED runs more (or other) mutations than the default.
	rounds, seed := 30000, uint64(7)
	if v := os.Getenv("WFLINT_MUTATIONS"); v != "" {
		fmt.Sscanf(v, "%d,%d", &rounds, &seed)
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	fastMut := 0
	for range rounds {
		name := names[rng.IntN(len(names))]
		src := mutateText(rng, files[name])
		if checkFast(t, name+" (mutated)", src) {
			fastMut++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("fast path reads %d of %d mutations", fastMut, rounds)
	if fastMut < rounds/4 {
		t.Errorf("fast path reads only %d of %d mutations: the test checks too little", fastMut, rounds)
	}
}

// mutateText changes src in one place, the way a hand edit or a typo would.
func mutateText(rng *rand.Rand, src []byte) []byte {
	out := bytes.Clone(src)
	if len(out) == 0 {
		return out
	}
	lines := bytes.SplitAfter(out, []byte("\n"))
	l := rng.IntN(len(lines))
	const chars = ": -#'\"|>[]{},\n\t&*!?%@\\x+0123456789.~`"
	switch rng.IntN(7) {
	case 0: // delete a byte
		i := rng.IntN(len(out))
		return append(out[:i], out[i+1:]...)
	case 1: // insert a character YAML gives a meaning to
		i := rng.IntN(len(out) + 1)
		c := chars[rng.IntN(len(chars))]
		return append(out[:i], append([]byte{c}, out[i:]...)...)
	case 2: // repeat a line
		lines = append(lines[:l+1], lines[l:]...)
	case 3: // indent a line one or two more
		lines[l] = append(bytes.Repeat([]byte(" "), 1+rng.IntN(2)), lines[l]...)
	case 4: // indent a line one less
		lines[l] = bytes.TrimPrefix(lines[l], []byte(" "))
	case 5: // swap two lines
		if l+1 < len(lines) {
			lines[l], lines[l+1] = lines[l+1], lines[l]
		}
	case 6: // replace a value on a line with a YAML-significant word
		words := []string{"", "~", "null", "true", "0x1F", "1e3", "-", "|", ">-", "[]", "{}", "'a''b'", "\"\\u00e9\"", "- x", "a: b", "*x", "&x y", "!!str 1", "? x", "# c"}
		if i := bytes.Index(lines[l], []byte(": ")); i >= 0 {
			rest := []byte(words[rng.IntN(len(words))])
			lines[l] = append(append(append([]byte{}, lines[l][:i+2]...), rest...), '\n')
		}
	}
	return bytes.Join(lines, nil)
}

// plainTag gives the tag yaml.v3's resolution gives, for the words it resolves and their
// look-alikes.
func TestPlainTag(t *testing.T) {
	for _, v := range []string{"", "~", "true", "True", "TRUE", "tRUE", "false", "FALSE", "null", "NULL", "nil", "yes", "Yes", "no",
		"on", "off", "On", "OFF", "y", "n", "t", "f", "o", "node", "npm", "Ubuntu", "1", "-1", "+1", "0x1F", "0o17", "017", "1e3",
		".5", ".inf", ".NaN", "-.inf", "1_000", "2001-12-14", "1.2.3", "v1", "<<", "-", "--x", "~x"} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		if got, want := plainTag(n), n.ShortTag(); got != want && v != "<<" {
			t.Errorf("plainTag(%q) = %s, yaml.v3 resolves %s", v, got, want)
		}
	}
}

// Cases the fast path must read exactly as yaml.v3 does, and cases it must leave to it.
func TestFastYAMLCases(t *testing.T) {
	read := []string{
		"on: push\njobs: {}\n",
		"---\na: 1\n",
		"a:\n  b: c\n  d:\n    - e\n    -\n    - f: g\n      h: i\n",
		"a:\n- x\n- y\nb: z\n",
		"a: one\n  two\n\n  three\nb: c\n",
		"a: |\n  l1\n\n  l2\n\n\nb: >-\n  f1\n  f2\n\n  f3\n    more\n  f4\nc: |+\n  k\n\n",
		"a: |\n    x\n   \n      y\n  \nb: 1\n",
		"a: [x, 'y', \"z\", {k: v}]\nb: [\n  1,\n  2,\n]\nc: {k: v,}\n",
		"a: \"q\\t\\u00e9\\x41\\\\\" # c\nb: 'it''s'\n",
		"uses: actions/checkout@0123 # v4.2.1  \n",
		"name: \"é\"\nlabel: ünïcode no\n",
		"a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: 0x1F\ng: 2001-12-14\nh: <<\n",
		"k: v # comment\n# between\n\nk2: |-\n  x\n",
		"a:\n  - |\n    run\n  - b\n",
		"a: |\n  x\n  \ty\n",
	}
	for _, src := range read {
		if !checkFast(t, "case", []byte(src)) {
			t.Errorf("the fast path leaves %q to yaml.v3", src)
		}
	}
	// Each leaves the subset; fastParse must answer nil (and yaml.v3 decides).
	leave := []string{
		"a: &x 1\nb: *x\n",
		"a: !!str 1\n",
		"a:\tb\n",
		"a: b\r\nc: d\r\n",
		"a: \"multi\n  line\"\n",
		"a: b\n---\nc: d\n",
		"a: |2\n   x\n",
		"? a\n: b\n",
		"a: b: c\n",
		"[a, b]\n",
		"\ufeffa: b\n",
		"a: b\n  c: d\n",
		"",
		"# only a comment\n",
		"- a\n",
		"a: |\n\tx\n",
		"a: |\n  x\n\ty\n",
	}
	for _, src := range leave {
		if root, _ := fastParse([]byte(src), 10, plainText([]byte(src))); root != nil {
			t.Errorf("fast path read %q; it should leave it to yaml.v3", src)
		}
	}
}
