package filterglob

import (
	"regexp"
	"strings"
	"testing"
)

// The examples of GitHub's "Filter pattern cheat sheet", as test data of our own: each
// pattern with names it must match and names it must not.
func TestCheatSheet(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		match   []string
		nomatch []string
	}{
		// branches and tags
		{"feature/*", []string{"feature/my-branch", "feature/your-branch"}, []string{"feature/a/b", "feature", "features/x"}},
		{"feature/**", []string{"feature/beta-a/my-branch", "feature/your-branch", "feature/mona/the/octocat"}, []string{"feature", "my/feature/x"}},
		{"main", []string{"main"}, []string{"main2", "xmain", "Main"}},
		{"releases/mona-the-octocat", []string{"releases/mona-the-octocat"}, []string{"releases/mona"}},
		{"*", []string{"main", "releases"}, []string{"releases/v1", "a/b"}},
		{"**", []string{"all/the/branches", "every/tag", "main"}, nil},
		{"*feature", []string{"mona-feature", "feature", "ver-10-feature"}, []string{"feature-1", "a/feature"}},
		{"v2*", []string{"v2", "v2.0", "v2.9"}, []string{"v1", "v2/x"}},
		{"v[12].[0-9]+.[0-9]+", []string{"v1.10.1", "v2.0.0"}, []string{"v3.0.0", "v1.x.1", "v1.0", "v1.0.0-rc"}},
		// file paths
		{"*", []string{"README.md", "server.rb"}, []string{"docs/README.md"}},
		{"*.jsx?", []string{"page.js", "page.jsx"}, []string{"page.jsxx", "src/page.js"}},
		{"**", []string{"all/the/files.md"}, nil},
		{"*.js", []string{"app.js", "index.js"}, []string{"js/index.js", "app.jsx"}},
		{"**.js", []string{"index.js", "js/index.js", "src/js/app.js"}, []string{"index.jsx"}},
		{"docs/*", []string{"docs/README.md", "docs/file.txt"}, []string{"docs/mona/octocat.txt", "README.md"}},
		{"docs/**", []string{"docs/README.md", "docs/mona/octocat.txt"}, []string{"other/docs/x"}},
		{"docs/**/*.md", []string{"docs/README.md", "docs/mona/hello-world.md", "docs/a/markdown/file.md"}, []string{"docs/x.txt", "README.md"}},
		{"**/docs/**", []string{"docs/hello.md", "dir/docs/my-file.txt", "space/docs/plan/space.doc"}, []string{"documents/x"}},
		{"**/README.md", []string{"README.md", "js/README.md"}, []string{"README.mdx", "js/README"}},
		{"**/*src/**", []string{"a/src/app.js", "my-src/code/js/app.js"}, []string{"src", "source/x"}},
		{"**/*-post.md", []string{"my-post.md", "path/their-post.md"}, []string{"post.md"}},
		{"**/migrate-*.sql", []string{"migrate-10909.sql", "db/migrate-v1.0.sql", "db/sept/migrate-v1.sql"}, []string{"migrate.sql"}},
		// character sets and escapes
		{"[CB]at", []string{"Cat", "Bat"}, []string{"Hat", "at"}},
		{"[1-2]00", []string{"100", "200"}, []string{"300"}},
		{"[0-9a-z]", []string{"7", "k"}, []string{"K", "-"}},
		{"Octoc?t", []string{"Octoct", "Octot"}, []string{"Octocat", "Octocct"}}, // ? repeats the character before it
		{`release\+1`, []string{"release+1"}, []string{"releasee1", "release1"}},
		{`v1\.*`, []string{"v1.2", "v1."}, []string{"v12"}},
		{`a\*b`, []string{"a*b"}, []string{"axb", "ab"}},
		{"a+", []string{"a", "aaa"}, []string{"", "b"}},
		// ? and + repeat a whole character, however many bytes it takes
		{"café?", []string{"caf", "café"}, []string{"cafe", "caféé"}},
		{"ü+ber", []string{"über", "üüber"}, []string{"ber"}},
	} {
		p, err := Compile(tc.pattern)
		if err != nil {
			t.Errorf("%q: %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !p.Match(s) {
				t.Errorf("%q should match %q", tc.pattern, s)
			}
		}
		for _, s := range tc.nomatch {
			if p.Match(s) {
				t.Errorf("%q should not match %q", tc.pattern, s)
			}
		}
	}
}

// Later patterns override earlier ones; "!" excludes what came before.
func TestFilter(t *testing.T) {
	compile := func(ps ...string) Filter {
		var f Filter
		for _, s := range ps {
			p, err := Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			f = append(f, p)
		}
		return f
	}
	for _, tc := range []struct {
		filter  []string
		match   []string
		nomatch []string
	}{
		{[]string{"*.md", "!README.md"}, []string{"hello.md"}, []string{"README.md", "docs/hello.md"}},
		{[]string{"*.md", "!README.md", "README*"}, []string{"hello.md", "README.md", "README.doc"}, []string{"docs/x.md"}},
		{[]string{"sub-project/**", "!sub-project/docs/**"}, []string{"sub-project/src/a.go"}, []string{"sub-project/docs/a.md"}},
		{[]string{"!docs/**", "**"}, []string{"docs/a.md", "src/b"}, nil}, // the negation comes first and excludes nothing
		{[]string{"!docs/**"}, nil, []string{"docs/a.md", "src/b"}},       // only negations select nothing
		{[]string{"main", "releases/**", "!releases/**-alpha"}, []string{"main", "releases/10"}, []string{"releases/beta/3-alpha"}},
	} {
		f := compile(tc.filter...)
		for _, s := range tc.match {
			if !f.Match(s) {
				t.Errorf("%q should select %q", tc.filter, s)
			}
		}
		for _, s := range tc.nomatch {
			if f.Match(s) {
				t.Errorf("%q should not select %q", tc.filter, s)
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for src, want := range map[string]string{
		"[abc":   "never closed",
		"v[z-a]": "runs backwards",
		"[a-Z]":  "not within a-z",
		"[]":     "empty character set",
		"?abc":   "no character before it",
		"+x":     "no character before it",
		`trail\`: "escapes nothing",
		"!+":     "no character before it",
		"[0-9":   "never closed",
	} {
		_, err := Compile(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error containing %q", src, err, want)
		}
	}
}

func TestPrefixSuffix(t *testing.T) {
	for src, want := range map[string][2]string{
		"docs/**/*.md": {"docs/", ".md"},
		"!docs/a":      {"docs/a", "docs/a"},
		"src?/x":       {"sr", "/x"},
		`a\*b*`:        {"a*b", ""},
		"[ab]x":        {"", "x"},
		"v1+":          {"v", "1"},
		"**/README.md": {"", "README.md"},
		"a.jsx?":       {"a.js", ""},
	} {
		p, err := Compile(src)
		if err != nil {
			t.Fatal(err)
		}
		if p.prefix != want[0] || p.suffix != want[1] {
			t.Errorf("%q: prefix %q suffix %q, want %q", src, p.prefix, p.suffix, want)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, s := range []string{"**/*.md", "v[12].[0-9]+", `a\*b`, "!x?", "[a-"} {
		f.Add(s, "docs/a.md")
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		p, err := Compile(pattern)
		if err != nil {
			return
		}
		if _, err := regexp.Compile(p.expr); err != nil {
			t.Fatalf("%q: Compile accepted it, but its expression %q does not compile: %v", pattern, p.expr, err)
		}
		if p.Match(s) != p.re().MatchString(s) {
			t.Fatalf("%q on %q: Match says %v, the regexp %v (prefix %q, suffix %q)", pattern, s, p.Match(s), !p.Match(s), p.prefix, p.suffix)
		}
	})
}
