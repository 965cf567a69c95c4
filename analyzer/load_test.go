package analyzer

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

func TestLoadBadInput(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	prev := "a"
	for _, c := range "bcdefghij" {
		bomb += string(c) + ": &" + string(c) + " [" + strings.Repeat("*"+prev+",", 9) + "*" + prev + "]\n"
		prev = string(c)
	}
	tests := []struct {
		name, src string
		want      string // regexp of the message
		line, col int
	}{
		{"empty", "", `^file is empty`, 1, 1},
		{"only comments", "# nothing here\n\n", `^file is empty`, 1, 1},
		{"null document", "---\n~\n", `^file has no content`, 2, 1},
		{"top-level list", "- on: push\n", `^the top level must be a mapping .* not a list$`, 1, 1},
		{"top-level scalar", "hello\n", `not the value "hello"$`, 1, 1},
		{"not yaml", "on: push\njobs: [\n", `^invalid YAML: `, 2, 1},
		{"unterminated quote", "on: push\njobs:\n  a:\n    name: \"oops\n", `^invalid YAML: .*a quoted string is left open here`, 4, 11},
		{"unterminated quote, more after", "on: push\njobs:\n  a: \"unclosed\n    runs-on: x\n", `a quoted string is left open here`, 3, 6},
		{"tab indentation", "on: push\njobs:\n\tbuild: {}\n", `a tab indents this line`, 3, 1},
		// yaml.v3 names the line before the tab here
		{"tab in a sequence", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n\t- run: x\n", `a tab indents this line`, 7, 1},
		// and a parser error's line counts from 0
		{"unclosed flow sequence", "a: 1\nb: [1, 2\nc: 3\n", `did not find expected ',' or ']'`, 2, 1},
		{"binary", "on: push\x00\x01\x02", `NUL byte: it is binary data`, 1, 9},
		{"invalid utf-8", "on: push\nname: caf\xe9\n", `invalid UTF-8: byte 0xE9`, 2, 10},
		{"control character", "on: push\nname: a\x07b\n", `control character U\+0007`, 2, 8},
		{"control character in a quoted #", "on: push\nname: \"a #\x07b\"\n", `control character U\+0007`, 2, 11},
		{"utf-16", "\xff\xfeo\x00n\x00", `UTF-16`, 1, 1},
		{"two documents", "on: push\njobs: {}\n---\non: pull_request\n", `more than one YAML document`, 3, 1},
		{"merge key", "x: &d {runs-on: x}\njobs:\n  a:\n    <<: *d\n", `merge keys \("<<"\) are not supported`, 4, 5},
		{"mapping as key", "on: push\njobs:\n  a:\n    with:\n      group: {{ id }}\n", `a key must be a string, not a mapping; "\{\{ … \}\}" is read as nested mappings`, 5, 15},
		{"list as key", "? [a, b]\n: c\n", `a key must be a string, not a list$`, 1, 3},
		{"self alias", "a: &x [1, *x]\n", `anchor "x" contains an alias to itself`, 1, 11},
		{"alias bomb", bomb, `excessive aliasing`, 1, 1},
		{"deep nesting", "a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000), `invalid YAML: exceeded max depth`, 0, 0},
		{"undefined alias", "a: *nope\n", `invalid YAML: unknown anchor 'nope'`, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			f, diags := Load("x.yml", []byte(tt.src), KindWorkflow)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d) // a hang guard, not a speed assertion
			}
			if len(diags) == 0 {
				t.Fatalf("no diagnostic; want %q", tt.want)
			}
			d := diags[0]
			if d.Rule != "syntax-error" || d.Severity != Error {
				t.Errorf("rule %s severity %s", d.Rule, d.Severity)
			}
			if !regexp.MustCompile(tt.want).MatchString(d.Message) {
				t.Errorf("message %q does not match %q", d.Message, tt.want)
			}
			if tt.line != 0 && (d.Range.Start.Line != tt.line || d.Range.Start.Column != tt.col) {
				t.Errorf("at %v, want %d:%d", d.Range.Start, tt.line, tt.col)
			}
			if f.Root != nil || f.Workflow != nil {
				t.Error("a file with a syntax error must have no model")
			}
			if strings.Contains(d.Message, "\n") || strings.HasPrefix(d.Message, "yaml:") {
				t.Errorf("message is not one plain line: %q", d.Message)
			}
		})
	}
}

// A control character in a comment is a note: GitHub accepts the file.
func TestControlCharacterInComment(t *testing.T) {
	src := "on: push # \x01 and \u0086\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo # \x7f\n"
	f, diags := Load("x.yml", []byte(src), KindWorkflow)
	if f.Root == nil || f.Workflow == nil {
		t.Fatalf("not loaded: %v", diags)
	}
	if len(diags) != 3 {
		t.Fatalf("want 3 notes, got %v", diags)
	}
	for _, d := range diags {
		if d.Severity != Note || !strings.Contains(d.Message, "in a comment: GitHub accepts it") {
			t.Errorf("%v", d)
		}
	}
	if diags[0].Range.Start.Column != 12 || diags[2].Range.Start.Line != 6 {
		t.Errorf("at %v and %v", diags[0].Range.Start, diags[2].Range.Start)
	}
	if string(f.Src) != src {
		t.Error("the file's text was changed")
	}
}

func TestLoadAccepts(t *testing.T) {
	for name, src := range map[string]string{
		"explicit document start":  "---\non: push\njobs: {}\n",
		"document end marker":      "on: push\njobs: {}\n...\n",
		"anchors and aliases":      "x: &r ubuntu-latest\non: push\njobs:\n  a: {runs-on: *r}\n",
		"long line":                "on: push\nname: " + strings.Repeat("x", 200_000) + "\njobs: {}\n",
		"tab inside value":         "on: push\nname: \"a\tb\"\njobs: {}\n",
		"bom":                      "\xef\xbb\xbfon: push\njobs: {}\n",
		"crlf":                     "on: push\r\njobs: {}\r\n",
		"no final newline":         "on: push\njobs: {}",
		"aliases used many times":  "a: &a [1,2]\nb: [" + strings.Repeat("*a, ", 200) + "*a]\n",
		"on as a quoted key":       "\"on\": push\njobs: {}\n",
		"comment after doc marker": "--- # hi\non: push\n",
	} {
		t.Run(name, func(t *testing.T) {
			f, diags := Load(".github/workflows/x.yml", []byte(src), KindUnknown)
			if len(diags) > 0 {
				t.Fatalf("unexpected: %v", diags[0].Message)
			}
			if f.Kind != KindWorkflow || f.Workflow == nil {
				t.Fatalf("kind %v, workflow %v", f.Kind, f.Workflow)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		path, src string
		want      FileKind
	}{
		{".github/workflows/ci.yml", "name: x\n", KindWorkflow},
		{`C:\repo\.github\workflows\ci.yaml`, "runs: {}\n", KindWorkflow},
		{"action.yml", "on: push\njobs: {}\n", KindWorkflow},
		{"action.yml", "on: push\njobs: {}\nruns: {}\n", KindAction},
		{"action.yml", "name: x\n", KindAction},
		{".github/workflows/ort/action.yml", "name: x\nruns: {using: node24}\n", KindAction},
		{".github/workflows/old/ci.yml", "name: x\n", KindUnknown},
		{".github/workflows/action.yaml", "on: push\njobs: {}\n", KindWorkflow},
		{"sub/dir/action.yaml", "name: x\n", KindAction},
		{"ci/build.yml", "on: push\njobs: {}\n", KindWorkflow},
		{"ci/thing.yml", "name: x\nruns: {using: node24}\n", KindAction},
		{".circleci/config.yml", "version: 2.1\njobs: {}\nworkflows: {}\n", KindUnknown},
		{"docker-compose.yml", "services: {}\n", KindUnknown},
	} {
		f, _ := Load(tt.path, []byte(tt.src), KindUnknown)
		if f.Kind != tt.want {
			t.Errorf("%s: kind %v, want %v", tt.path, f.Kind, tt.want)
		}
	}
}

// find returns the value node at a path of mapping keys and sequence indexes.
func find(t *testing.T, root *yaml.Node, path ...any) *yaml.Node {
	t.Helper()
	n := root
	for _, p := range path {
		switch p := p.(type) {
		case string:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				t.Fatalf("no key %q", p)
			}
			n = next
		case int:
			n = n.Content[p]
		}
	}
	return n
}

func TestRanges(t *testing.T) {
	src := "\xef\xbb\xbfon: push\r\n" + // 1
		"plain: hello world  # comment\r\n" + // 2
		"double: \"a \\\" b\\\\\"\r\n" + // 3
		"single: 'it''s'\r\n" + // 4
		"literal: |\r\n" + // 5
		"  line one\r\n" + // 6
		"\r\n" + // 7
		"  line three\r\n" + // 8
		"\r\n" + // 9
		"folded: >-\r\n" + // 10
		"    folded text\r\n" + // 11
		"    more   \r\n" + // 12
		"multi: first\r\n" + // 13
		"  second\r\n" + // 14
		"flow: {a: [1, 2 ], b: x}\r\n" + // 15
		"empty:\r\n" + // 16
		"anchored: &an value\r\n" + // 17
		"alias: *an\r\n" + // 18
		"unicode: héllo wörld\r\n" + // 19
		"seq:\r\n" + // 20
		"  - one\r\n" + // 21
		"  - {x: y}\r\n" + // 22
		"emptyflow: [ ]\r\n" + // 23
		"dq_multi: \"one\r\n" + // 24
		"  two\"\r\n" + // 25
		"indicator: |2\r\n" + // 26
		"     deeper\r\n" + // 27
		"    shallower\r\n" + // 28
		"jobs: {}\r\n" // 29
	f, diags := Load("x.yml", []byte(src), KindWorkflow)
	if len(diags) > 0 {
		t.Fatal(diags[0].Message)
	}
	text := func(r Range) string { return src[r.Start.Offset:r.End.Offset] }
	for _, tt := range []struct {
		path []any
		want string
		at   string // start line:col
	}{
		{[]any{"plain"}, "hello world", "2:8"},
		{[]any{"double"}, `"a \" b\\"`, "3:9"},
		{[]any{"single"}, `'it''s'`, "4:9"},
		{[]any{"literal"}, "|\r\n  line one\r\n\r\n  line three", "5:10"},
		{[]any{"folded"}, ">-\r\n    folded text\r\n    more", "10:9"},
		{[]any{"multi"}, "first\r\n  second", "13:8"},
		{[]any{"flow"}, "{a: [1, 2 ], b: x}", "15:7"},
		{[]any{"flow", "a"}, "[1, 2 ]", "15:11"},
		{[]any{"empty"}, "", "16:7"},
		{[]any{"anchored"}, "&an value", "17:11"},
		{[]any{"unicode"}, "héllo wörld", "19:10"},
		{[]any{"seq"}, "- one\r\n  - {x: y}", "21:3"},
		{[]any{"seq", 1}, "{x: y}", "22:5"},
		{[]any{"emptyflow"}, "[ ]", "23:12"},
		{[]any{"dq_multi"}, "\"one\r\n  two\"", "24:11"},
		{[]any{"indicator"}, "|2\r\n     deeper\r\n    shallower", "26:12"},
		{[]any{"on"}, "push", "1:5"},
	} {
		n := find(t, f.Root, tt.path...)
		r := f.Range(n)
		if got := text(r); got != tt.want || r.Start.String() != tt.at {
			t.Errorf("%v: got %q at %v, want %q at %s", tt.path, got, r.Start, tt.want, tt.at)
		}
		if e := f.OffsetPos(r.End.Offset); e != r.End {
			t.Errorf("%v: end %+v disagrees with its offset %+v", tt.path, r.End, e)
		}
	}
	// an alias node spans "*an"
	alias := find(t, f.Root, "alias")
	if alias.Kind != yaml.AliasNode || text(f.Range(alias)) != "*an" {
		t.Errorf("alias range %q", text(f.Range(alias)))
	}
	// column counts characters, offset counts bytes
	p := f.Range(find(t, f.Root, "unicode")).End
	if p.Column != 21 || p.Offset != strings.Index(src, "wörld")+len("wörld") {
		t.Errorf("end of unicode value: %+v", p)
	}
}

func TestLineIndex(t *testing.T) {
	src := []byte("a\r\nb\rc\nd\xc2\x85e\xe2\x80\xa8f")
	x := newLineIndex(src, 0)
	if x.lines() != 6 {
		t.Fatalf("lines = %d, want 6", x.lines())
	}
	for l, want := range []string{"a", "b", "c", "d", "e", "f"} {
		if got := string(x.lineText(l + 1)); got != want {
			t.Errorf("line %d = %q, want %q", l+1, got, want)
		}
	}
	for l := 1; l <= x.lines(); l++ {
		for off := x.starts[l-1]; off <= x.lineEnd(l); off++ {
			if off < len(src) && !utf8.RuneStart(src[off]) {
				continue
			}
			p := x.offsetPos(off)
			if q := x.pos(p.Line, p.Column); q != p || p.Line != l {
				t.Errorf("offset %d -> %+v -> %+v", off, p, q)
			}
		}
	}
}

// FuzzLoad checks that no input makes the loader panic or hang, and that every range it
// gives lies inside the file with its start before its end.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"on: push\njobs:\n  a:\n    needs: [b]\n    steps:\n      - run: |\n          echo hi\n",
		"a: &x [1, *x]\n", "a: &a {b: *a}\n", "x: &d {a: 1}\ny:\n  <<: *d\n",
		"\xef\xbb\xbfa: 'b''c'\r\nd: \"e\\\"f\"\r\n", "a: >-\n  b\n\n  c\n", "- a\n- b\n",
		"a: |2\n   x\n  y\n", "{a: [b, {c: d}]}", "a: b\n---\nc: d\n", "\t", "a:\n\t- b",
		"? complex\n: key\n", "a: !!binary aGVsbG8=\n", "a: !custom x\n", "&a a: *a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := Load("fuzz.yml", src, KindWorkflow)
		check := func(r Range) {
			if r.Start.Offset < 0 || r.End.Offset > len(src) || r.End.Offset < r.Start.Offset {
				t.Fatalf("bad range %+v in %d bytes", r, len(src))
			}
		}
		for _, d := range diags {
			check(d.Range)
		}
		if file.Root == nil {
			return
		}
		var walk func(n *yaml.Node, depth int)
		walk = func(n *yaml.Node, depth int) {
			if depth > 200 {
				return
			}
			check(file.Range(n))
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
		walk(file.Root, 0)
	})
}
