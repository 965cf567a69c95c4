package supplychain

import (
	"testing"

	"github.com/wflint/wflint/analyzer"
)

// PinEdit changes the ref and adds the version comment, and nothing else: quoting,
// comments already there, CRLF line ends and flow style are kept.
func TestPinEdit(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	for name, tc := range map[string]struct{ src, want string }{
		"plain":         {"- uses: a/b@v1\n", "- uses: a/b@" + sha + " # v1\n"},
		"single-quoted": {"- uses: 'a/b@v1'\n", "- uses: 'a/b@" + sha + "' # v1\n"},
		"double-quoted": {"- uses: \"a/b/sub@v1.2\"  \n", "- uses: \"a/b/sub@" + sha + "\" # v1.2  \n"},
		"comment":       {"- uses: a/b@main   # keep me\n", "- uses: a/b@" + sha + "   # main keep me\n"},
		"bare comment":  {"- uses: a/b@main #x\n", "- uses: a/b@" + sha + " # main x\n"},
		"crlf":          {"- uses: a/b@v1\r\n- run: x\r\n", "- uses: a/b@" + sha + " # v1\r\n- run: x\r\n"},
		"flow":          {"- {uses: a/b@v1, with: {x: 1}}\n", "- {uses: a/b@" + sha + ", with: {x: 1}}\n"},
		"no newline":    {"- uses: a/b@v1", "- uses: a/b@" + sha + " # v1"},
		"short sha":     {"- uses: a/b@abc1234\n", "- uses: a/b@" + sha + " # abc1234\n"},
	} {
		t.Run(name, func(t *testing.T) {
			src := "name: x\nruns:\n  using: composite\n  steps:\n" + indent(tc.src)
			want := "name: x\nruns:\n  using: composite\n  steps:\n" + indent(tc.want)
			f, diags := analyzer.Load("action.yml", []byte(src), analyzer.KindAction)
			if f.Root == nil {
				t.Fatalf("not loaded: %v", diags)
			}
			uses := analyzer.CollectUses(f)
			if len(uses) != 1 {
				t.Fatalf("%d uses", len(uses))
			}
			edits, ok := PinEdit(f, uses[0], sha, uses[0].Ref)
			if !ok {
				t.Fatal("no edit")
			}
			got, err := analyzer.ApplyEdits([]byte(src), edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func indent(s string) string {
	out := "    "
	for i := 0; i < len(s); i++ {
		out += string(s[i])
		if s[i] == '\n' && i+1 < len(s) {
			out += "    "
		}
	}
	return out
}

// A ref written with an escape is not rewritten: wflint would have to write the escape
// back.
func TestPinEditRefuses(t *testing.T) {
	src := "name: x\nruns:\n  using: composite\n  steps:\n    - uses: \"a/b@v\\x31\"\n"
	f, _ := analyzer.Load("action.yml", []byte(src), analyzer.KindAction)
	if _, ok := PinEdit(f, analyzer.CollectUses(f)[0], "0123456789abcdef0123456789abcdef01234567", "v1"); ok {
		t.Error("an escaped ref was rewritten")
	}
}

func TestClassifyRef(t *testing.T) {
	for ref, want := range map[string]analyzer.RefKind{
		"0123456789abcdef0123456789abcdef01234567": analyzer.RefSHA,
		"abc1234":     analyzer.RefShortSHA,
		"deadbeef":    analyzer.RefOther, // letters only: a name, not a SHA
		"v4":          analyzer.RefVersion,
		"v4.2.1":      analyzer.RefVersion,
		"1.0.0-rc.1":  analyzer.RefVersion,
		"main":        analyzer.RefBranch,
		"Master":      analyzer.RefBranch,
		"releases/v3": analyzer.RefBranch,
		"cargo-hack":  analyzer.RefOther,
	} {
		if got := analyzer.ClassifyRef(ref); got != want {
			t.Errorf("%q: %v, want %v", ref, got, want)
		}
	}
}

func TestPinPolicy(t *testing.T) {
	pols := map[string]string{"*": "ref", "actions": "any", "actions/checkout": "hash", "my-org/tool-*": "any"}
	for name, want := range map[string]string{
		"actions/checkout": "hash",
		"actions/cache":    "any",
		"Actions/Cache":    "any",
		"my-org/tool-x":    "any",
		"my-org/other":     "ref",
		"someone/else":     "ref",
	} {
		if got, ok := PinPolicy(pols, name); got != want || !ok {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if got, ok := PinPolicy(nil, "a/b"); ok {
		t.Errorf("no pattern matches, yet %q", got)
	}
}
