package filters

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/filterglob"
	"github.com/wflint/wflint/internal/ghexpr"
	"github.com/wflint/wflint/internal/lazyre"
)

// The filter family checks the branches, tags and paths filters of triggers. A wrong
// filter fails silently: the workflow never runs, or always does. Patterns are read with
// internal/filterglob, which follows GitHub's filter pattern cheat sheet.

var (
	//go:embed filter-conflict.md
	filterConflictDoc string
	//go:embed filter-unexpanded.md
	filterUnexpandedDoc string
	//go:embed filter-pattern.md
	filterPatternDoc string
	//go:embed filter-ignored.md
	filterIgnoredDoc string
	//go:embed filter-no-match.md
	filterNoMatchDoc string
)

// FilterConflict reports a trigger that has both a filter and its -ignore form.
var FilterConflict = &analyzer.Rule{
	ID:       "filter-conflict",
	Title:    "a trigger has both a filter and its -ignore form",
	Doc:      filterConflictDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runFilterConflict,
}

// FilterUnexpanded reports a trigger filter that holds a variable or expression, which GitHub never expands.
var FilterUnexpanded = &analyzer.Rule{
	ID:       "filter-unexpanded",
	Title:    "a trigger filter holds a variable or expression, which GitHub never expands",
	Doc:      filterUnexpandedDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Error,
	Run:      runFilterUnexpanded,
}

// FilterPattern reports a filter pattern that cannot match what it was meant to.
var FilterPattern = &analyzer.Rule{
	ID:       "filter-pattern",
	Title:    "a trigger filter pattern cannot match what it was meant to",
	Doc:      filterPatternDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Warning,
	Run:      runFilterPattern,
}

// FilterIgnored reports a trigger filter that GitHub never evaluates.
var FilterIgnored = &analyzer.Rule{
	ID:       "filter-ignored",
	Title:    "a trigger filter that GitHub never evaluates",
	Doc:      filterIgnoredDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Warning,
	Run:      runFilterIgnored,
}

// FilterNoMatch reports a paths filter pattern that matches no file of the repository.
var FilterNoMatch = &analyzer.Rule{
	ID:       "filter-no-match",
	Title:    "a paths filter pattern matches no file of the repository",
	Doc:      filterNoMatchDoc,
	Category: analyzer.CategoryCorrectness,
	Severity: analyzer.Warning,
	Run:      runFilterNoMatch,

	Confidence: analyzer.Medium, // a path may be missing on purpose, in a branch that does not have it yet
}

// filterList is one filter of one event: "paths: [...]" under push, say.
type filterList struct {
	event  string
	key    *yaml.Node
	value  *yaml.Node
	items  []*yaml.Node // the patterns, each a scalar
	paths  bool         // paths or paths-ignore (else branches or tags)
	ignore bool         // an -ignore filter
	// hasOtherRefFilter is set on a branches filter when the event also filters tags,
	// and the other way round: then the event still runs for the other kind of ref, and
	// "tags: ['!**']" just says "no tags"
	hasOtherRefFilter bool
}

func (l *filterList) name() string { return l.key.Value }

// filterLists returns the filters of every event, in file order.
func filterLists(wf *analyzer.Workflow) []*filterList {
	if wf == nil || wf.On == nil {
		return nil
	}
	var out []*filterList
	for _, ev := range wf.On.Events {
		for _, e := range analyzer.MappingOf(ev.Node) {
			if !analyzer.FilterKeys[e.Key.Value] {
				continue
			}
			l := &filterList{event: ev.Name.Value, key: e.Key, value: e.Value,
				paths: strings.HasPrefix(e.Key.Value, "paths"), ignore: strings.HasSuffix(e.Key.Value, "-ignore")}
			m := analyzer.MappingOf(ev.Node)
			switch {
			case strings.HasPrefix(l.name(), "branches"):
				l.hasOtherRefFilter = m.Get("tags").Key != nil || m.Get("tags-ignore").Key != nil
			case strings.HasPrefix(l.name(), "tags"):
				l.hasOtherRefFilter = m.Get("branches").Key != nil || m.Get("branches-ignore").Key != nil
			}
			for _, it := range analyzer.ListOf(e.Value) {
				if it.Kind == yaml.ScalarNode && !analyzer.IsNull(it) {
					l.items = append(l.items, it)
				}
			}
			out = append(out, l)
		}
	}
	return out
}

// ---- filter-conflict ----

func runFilterConflict(p *analyzer.Pass) error {
	wf := p.Workflow()
	if wf == nil || wf.On == nil {
		return nil
	}
	for _, ev := range wf.On.Events {
		m := analyzer.MappingOf(ev.Node)
		for _, base := range []string{"branches", "tags", "paths"} {
			inc, exc := m.Get(base), m.Get(base+"-ignore")
			if inc.Key == nil || exc.Key == nil {
				continue
			}
			later, earlier := exc, inc
			if exc.Key.Line < inc.Key.Line {
				later, earlier = inc, exc
			}
			p.Report(analyzer.Diagnostic{
				Range: p.File.Range(later.Key),
				Message: fmt.Sprintf("%s uses both %q and %q, which GitHub refuses; keep %q and list what to leave out as \"!pattern\" entries after the others",
					ev.Name.Value, base, base+"-ignore", base),
				Related: []analyzer.Related{{Message: fmt.Sprintf("%q is here", earlier.Key.Value), Range: p.File.Range(earlier.Key)}},
			})
		}
	}
	return nil
}

// ---- filter-unexpanded ----

var (
	shellVariable = lazyre.New(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|%([A-Za-z_][A-Za-z0-9_]*)%`)
)

// starterPlaceholder recognises the placeholders of GitHub's starter workflows
// (actions/starter-workflows) at the start of s, and says what to write instead.
func starterPlaceholder(s string) (string, string) {
	for _, p := range [][2]string{{"$default-branch", "the default branch's name"}, {"$protected-branches", "the protected branches' names"}} {
		if strings.HasPrefix(s, p[0]) {
			return p[0], p[1]
		}
	}
	return "", ""
}

func runFilterUnexpanded(p *analyzer.Pass) error {
	wf := p.Workflow()
	for _, l := range filterLists(wf) {
		for _, it := range l.items {
			v := it.Value
			if strings.Contains(v, "${{") {
				if !ghexpr.IsLiteral(v) {
					p.Report(analyzer.Diagnostic{Range: p.File.Range(it), Message: fmt.Sprintf(
						"%s filters are never expanded: \"${{ }}\" is refused here (GitHub rejects the workflow); write the %s itself",
						l.name(), noun(l))})
				}
				continue
			}
			for _, m := range shellVariable.FindAllStringSubmatchIndex(v, -1) {
				if m[0] > 0 && v[m[0]-1] == '\\' {
					continue // an escaped "$" is meant literally
				}
				var name string
				if m[2] >= 0 {
					name = v[m[2]:m[3]]
				} else {
					name = v[m[4]:m[5]]
				}
				text := v[m[0]:m[1]]
				if ph, fill := starterPlaceholder(v[m[0]:]); ph != "" {
					if !analyzer.InWorkflowsDir(p.File.Path) {
						break // a template, not a workflow GitHub runs: the placeholder is expected
					}
					p.Report(analyzer.Diagnostic{Range: p.File.TextRange(it, m[0], m[0]+len(ph)), Severity: analyzer.Warning, Message: fmt.Sprintf(
						"%q is a starter-workflow placeholder, which GitHub fills in only when a workflow is created from the template; here it matches %s literally named %q: write %s",
						ph, what(l), ph, fill)})
					break
				}
				msg := fmt.Sprintf("%s filters are never expanded: %q matches only %s literally named %q", l.name(), v, what(l), text)
				var fixes []analyzer.Fix
				if val, ok := literalEnv(wf, name); ok {
					fixed := v[:m[0]] + val + v[m[1]:]
					msg += fmt.Sprintf("; write %q (env %s is %q)", fixed, name, val)
					if e, ok := p.File.ReplaceScalar(it, fixed); ok {
						fixes = []analyzer.Fix{{Title: fmt.Sprintf("write %q", fixed), Safety: analyzer.Unsafe, Edits: []analyzer.Edit{e}}}
					}
				} else {
					msg += fmt.Sprintf("; write the %s itself", noun(l))
				}
				p.Report(analyzer.Diagnostic{Range: p.File.TextRange(it, m[0], m[1]), Message: msg, Fixes: fixes})
				break // one finding per pattern
			}
		}
	}
	return nil
}

// noun names what a filter's patterns stand for.
func noun(l *filterList) string {
	switch {
	case l.paths:
		return "path"
	case strings.HasPrefix(l.name(), "tags"):
		return "tag name"
	}
	return "branch name"
}

// what is noun with an article: "a path".
func what(l *filterList) string { return "a " + noun(l) }

// literalEnv returns the value of a workflow env variable written as plain text.
func literalEnv(wf *analyzer.Workflow, name string) (string, bool) {
	e := wf.Env.Get(name)
	if e.Value == nil || e.Value.Kind != yaml.ScalarNode || strings.Contains(e.Value.Value, "${{") || e.Value.Value == "" {
		return "", false
	}
	return e.Value.Value, true
}

// ---- filter-pattern ----

var braces = lazyre.New(`\{[^{}]*,[^{}]*\}`).Needing("{")

// looksLikeRegex reports whether a pattern has what only a regular expression would:
// a leading ^ or .*, a trailing unescaped $, \d \w \s (and capitals), (a|b), {n} or
// {n,m}. It is the expression ^\^|[^\\]\$$|\\[dDwWsS]|\([^)]*\|[^)]*\)|\{[0-9]+(,[0-9]*)?\}|^\.\*
// written out (TestLooksLikeRegex compares them): "v*.*.*", a common tag filter, made
// every run compile it.
func looksLikeRegex(s string) bool {
	n := len(s)
	if strings.HasPrefix(s, "^") || strings.HasPrefix(s, ".*") || n >= 2 && s[n-1] == '$' && s[n-2] != '\\' {
		return true
	}
	for i := 0; i < n; i++ {
		switch s[i] {
		case '\\':
			if i+1 < n && strings.IndexByte("dDwWsS", s[i+1]) >= 0 {
				return true
			}
		case '(':
			if j := strings.IndexByte(s[i+1:], ')'); j >= 0 && strings.Contains(s[i+1:i+1+j], "|") {
				return true
			}
		case '{':
			if countBraces(s[i+1:]) {
				return true
			}
		}
	}
	return false
}

// countBraces reports whether s starts with the rest of a {n} or {n,m} count: digits,
// optionally a comma and more digits, then "}".
func countBraces(s string) bool {
	digits := func(i int) int {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	k := digits(0)
	if k == 0 {
		return false
	}
	if k < len(s) && s[k] == ',' {
		k = digits(k + 1)
	}
	return k < len(s) && s[k] == '}'
}

func runFilterPattern(p *analyzer.Pass) error {
	for _, l := range filterLists(p.Workflow()) {
		checkFilterList(p, l)
	}
	return nil
}

func checkFilterList(p *analyzer.Pass, l *filterList) {
	f := p.File
	if seq := analyzer.Resolve(l.value); seq != nil && seq.Kind == yaml.SequenceNode && len(seq.Content) == 0 && !l.ignore {
		p.Report(analyzer.Diagnostic{Range: f.Range(l.value), Message: fmt.Sprintf(
			"an empty %s list selects nothing, so %s never runs; remove %q to run for every %s",
			l.name(), l.event, l.name(), noun(l))})
		return
	}
	seen := map[string]*yaml.Node{}
	seq := analyzer.Resolve(l.value)
	positives := 0
	for _, it := range l.items {
		if !strings.HasPrefix(it.Value, "!") {
			positives++
		}
	}
	seenPositive := 0
	for _, it := range l.items {
		v := it.Value
		if first, dup := seen[v]; dup {
			d := analyzer.Diagnostic{Range: f.Range(it), Message: fmt.Sprintf("%q is listed twice in %s", v, l.name()),
				Related: []analyzer.Related{{Message: "first listed here", Range: f.Range(first)}}}
			if i := slices.Index(seq.Content, it); i >= 0 && seq.Kind == yaml.SequenceNode {
				if e, ok := f.RemoveItem(seq, i); ok {
					d.Fixes = []analyzer.Fix{{Title: "remove the duplicate", Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
				}
			}
			p.Report(d)
			continue
		}
		seen[v] = it
		if strings.HasPrefix(v, "!") {
			// a negation before every positive pattern takes away from nothing, and the
			// positives after it can select what it names again
			if seenPositive == 0 && positives > 0 && !l.ignore {
				p.Report(analyzer.Diagnostic{Range: f.Range(it), Message: fmt.Sprintf(
					"%q excludes nothing: it comes before any pattern that includes something, and a later pattern can include it again; move it after the patterns it should take away from", v)})
			}
		} else {
			seenPositive++
		}
		if msg, fix := patternProblem(l, v); msg != "" {
			d := analyzer.Diagnostic{Range: f.Range(it), Message: msg}
			if fix != "" {
				if e, ok := f.ReplaceScalar(it, fix); ok {
					d.Fixes = []analyzer.Fix{{Title: fmt.Sprintf("write %q", fix), Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
				}
			}
			p.Report(d)
		}
	}
	if len(l.items) > 0 && positives == 0 && !l.ignore && !l.hasOtherRefFilter {
		p.Report(analyzer.Diagnostic{Range: f.Range(l.key), Message: fmt.Sprintf(
			"%s has only \"!\" patterns, which take away from nothing: it selects nothing, so %s never runs; add the patterns to include before them",
			l.name(), l.event)})
	}
}

// patternProblem says what is wrong with one pattern, and a corrected pattern when the
// correction is certain.
func patternProblem(l *filterList, v string) (msg, fix string) {
	body := strings.TrimPrefix(v, "!")
	neg := v[:len(v)-len(body)]
	if t := strings.TrimSpace(body); t != body {
		return fmt.Sprintf("%q has spaces around it, which are part of the pattern, so it matches nothing", v), neg + t
	}
	if _, err := filterglob.Compile(body); err != nil {
		return fmt.Sprintf("%q is not a valid filter pattern: %v", v, err), ""
	}
	if i := repeatOfRepeat(body); i >= 0 {
		fixed := body[:i] + body[i+1:]
		return fmt.Sprintf("%q has %q right after %q, which has no character to repeat: a %q repeats the character before it; write %q", v, string(body[i]), string(body[i-1]), string(body[i]), neg+fixed), neg + fixed
	}
	if m := braces.FindString(body); m != "" {
		return fmt.Sprintf("%q uses %s, but filters have no {a,b} alternatives: the braces match themselves; list one pattern per alternative", v, m), ""
	}
	if looksLikeRegex(body) {
		return fmt.Sprintf("%q looks like a regular expression, but filters are globs (*, **, ?, +, []): ^, $, \\d, (a|b) and {n} match themselves", v), ""
	}
	if l.paths {
		return pathProblem(v, neg, body)
	}
	return refProblem(l, v, body)
}

func pathProblem(v, neg, body string) (string, string) {
	switch {
	case strings.HasPrefix(body, "./"):
		return fmt.Sprintf("%q never matches: paths are matched from the repository root, without \"./\"", v), neg + strings.TrimLeft(strings.TrimPrefix(body, "./"), "/")
	case strings.HasPrefix(body, "/"):
		return fmt.Sprintf("%q never matches: paths are matched from the repository root, without a leading \"/\"", v), neg + strings.TrimLeft(body, "/")
	case strings.HasSuffix(body, "/"):
		return fmt.Sprintf("%q matches no file: a path filter matches files, not directories; write %q for everything in it", v, neg+body+"**"), neg + body + "**"
	}
	if windowsSeparators(body) {
		fixed := strings.ReplaceAll(body, `\`, "/")
		return fmt.Sprintf("%q uses \"\\\", which escapes the next character in a filter; paths are separated by \"/\"", v), neg + fixed
	}
	if i := strings.Index(body, "**"); i > 0 && isAlnum(body[i-1]) && (i+2 == len(body) || body[i+2] == '/') {
		dir := body[:i]
		return fmt.Sprintf("%q also matches paths that only start like %q (%q); write %q for the directory", v, dir, dir+"-old/x", neg+dir+"/**"), ""
	}
	return "", ""
}

// repeatOfRepeat returns the offset of a "?" or "+" that follows "*", "?" or "+" (as in
// "v*+"), or -1. A repeat needs a character to repeat; escaped characters and those inside
// [] are characters.
func repeatOfRepeat(s string) int {
	special := false // the character before is an unescaped *, ? or +
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
			special = false
		case '[':
			if j := strings.IndexByte(s[i+1:], ']'); j >= 0 {
				i += j + 1
			}
			special = false
		case '*':
			special = true
		case '?', '+':
			if special {
				return i
			}
			special = true
		default:
			special = false
		}
	}
	return -1
}

// windowsSeparators reports whether every "\" in a path pattern stands before a plain
// character, as a Windows separator would, rather than escaping a special one.
func windowsSeparators(s string) bool {
	found := false
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if i+1 >= len(s) || strings.IndexByte(`*?+[]!\`, s[i+1]) >= 0 {
			return false
		}
		found = true
	}
	return found
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// refProblem checks a branch or tag pattern against git's rules for ref names.
func refProblem(l *filterList, v, body string) (string, string) {
	kind := noun(l)
	lit := refLiteral(body)
	switch {
	case strings.ContainsAny(lit, " ~^:") || strings.Contains(lit, "..") || strings.Contains(lit, "@{") || strings.Contains(lit, "//"):
		bad := ""
		for _, b := range []string{" ", "~", "^", ":", "..", "@{", "//"} {
			if strings.Contains(lit, b) {
				bad = b
				break
			}
		}
		return fmt.Sprintf("%q never matches: a git %s cannot contain %q", v, kind, bad), ""
	case strings.HasPrefix(lit, "/") || strings.HasSuffix(lit, "/") || strings.HasSuffix(lit, ".lock") || strings.HasSuffix(lit, "."):
		return fmt.Sprintf("%q never matches: a git %s cannot start with \"/\" or end with \"/\", \".\" or \".lock\"", v, kind), ""
	}
	return "", ""
}

// refLiteral is the pattern with its glob syntax taken out, to check what is left
// against git's rules: "*" and friends are not characters of the name.
func refLiteral(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '*', '?', '+':
			b.WriteByte('x')
		case '[':
			if j := strings.IndexByte(s[i:], ']'); j > 0 {
				b.WriteByte('x')
				i += j
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ---- filter-ignored ----

func runFilterIgnored(p *analyzer.Pass) error {
	wf := p.Workflow()
	if wf == nil || wf.On == nil {
		return nil
	}
	for _, ev := range wf.On.Events {
		m := analyzer.MappingOf(ev.Node)
		name := ev.Name.Value
		if name == "push" {
			refsOnlyTags := (m.Get("tags").Key != nil || m.Get("tags-ignore").Key != nil) &&
				m.Get("branches").Key == nil && m.Get("branches-ignore").Key == nil
			for _, k := range []string{"paths", "paths-ignore"} {
				if e := m.Get(k); e.Key != nil && refsOnlyTags {
					p.Report(analyzer.Diagnostic{Range: p.File.Range(e.Key), Message: fmt.Sprintf(
						"%s is never evaluated: with tags and no branches this push trigger runs only for tag pushes, and GitHub does not apply path filters to tag pushes; add branches, or remove %s",
						k, k)})
				}
			}
		}
		for _, e := range m {
			k := e.Key.Value
			if !analyzer.FilterKeys[k] || strings.HasPrefix(k, "paths") {
				continue
			}
			for _, it := range analyzer.ListOf(e.Value) {
				v := strings.TrimPrefix(it.Value, "!")
				switch {
				case strings.HasPrefix(k, "branches") && strings.HasPrefix(v, "refs/tags/"):
					where := "tags"
					if name != "push" {
						where = "a push trigger's tags"
					}
					p.Report(analyzer.Diagnostic{Range: p.File.Range(it), Message: fmt.Sprintf(
						"%q is a tag, but %s filters branches, so it never matches; tags belong in %s", it.Value, k, where)})
				case strings.HasPrefix(k, "tags") && strings.HasPrefix(v, "refs/heads/"):
					p.Report(analyzer.Diagnostic{Range: p.File.Range(it), Message: fmt.Sprintf(
						"%q is a branch, but %s filters tags, so it never matches; branches belong in branches", it.Value, k)})
				}
			}
		}
	}
	return nil
}

// ---- filter-no-match ----

func runFilterNoMatch(p *analyzer.Pass) error {
	repo := p.File.Repo
	lists := filterLists(p.Workflow())
	if repo == nil || len(lists) == 0 {
		return nil
	}
	var pathLists []*filterList
	for _, l := range lists {
		if l.paths {
			pathLists = append(pathLists, l)
		}
	}
	if len(pathLists) == 0 {
		return nil
	}
	files, _, err := repo.Files()
	if err != nil || len(files) == 0 {
		return nil // not readable as a git repository: nothing to compare with
	}
	for _, l := range pathLists {
		for _, it := range l.items {
			v := it.Value
			if strings.HasPrefix(v, "!") {
				continue
			}
			if msg, _ := patternProblem(l, v); msg != "" || shellVariable.MatchString(v) || strings.Contains(v, "${{") {
				continue // filter-pattern and filter-unexpanded say what is wrong with it
			}
			pat, err := filterglob.Compile(v)
			if err != nil || matchesAny(pat, files) || repo.InSubmodule(pat.Prefix()+"x") {
				continue
			}
			literal := pat.Prefix() == v
			if literal && isDir(files, v) {
				p.Report(analyzer.Diagnostic{Range: p.File.Range(it), Message: fmt.Sprintf(
					"%q is a directory, and path filters match files: write %q for everything in it", v, strings.TrimSuffix(v, "/")+"/**")})
				continue
			}
			// A wildcard may be waiting for files yet to come (paths-ignore: '**.rst'); only
			// a directory that does not exist is a certain mistake.
			dir := pat.Prefix()
			if !literal {
				if i := strings.LastIndexByte(dir, '/'); i >= 0 {
					dir = dir[:i+1]
				} else {
					dir = ""
				}
				if dir == "" || isDir(files, strings.TrimSuffix(dir, "/")) {
					continue
				}
			}
			msg := fmt.Sprintf("%q matches no file tracked in this repository", v)
			if !literal {
				msg = fmt.Sprintf("%q matches nothing: no directory %q is tracked in this repository", v, strings.TrimSuffix(dir, "/"))
			}
			msg += analyzer.Suggest(closestPath(v, files))
			p.Report(analyzer.Diagnostic{Range: p.File.Range(it), Message: msg})
		}
	}
	return nil
}

// isDir reports whether some tracked file lies under dir.
func isDir(files []string, dir string) bool {
	prefix := dir + "/"
	i := sort.SearchStrings(files, prefix)
	return i < len(files) && strings.HasPrefix(files[i], prefix)
}

// matchesAny reports whether the pattern matches one of the sorted files. Only the files
// that start with the pattern's literal prefix are tried.
func matchesAny(p *filterglob.Pattern, files []string) bool {
	prefix := p.Prefix()
	i := sort.SearchStrings(files, prefix)
	for ; i < len(files) && strings.HasPrefix(files[i], prefix); i++ {
		if p.Match(files[i]) {
			return true
		}
	}
	return false
}

// closestPath suggests an existing path for a pattern that matches nothing: the closest
// name, in the closest existing directory, to the first part of the pattern that does not
// exist.
func closestPath(pattern string, files []string) string {
	lit := pattern
	if i := strings.IndexAny(lit, `*?+[\`); i >= 0 {
		lit = lit[:i]
	}
	parts := strings.Split(lit, "/")
	dir := ""
	for k, part := range parts {
		if part == "" {
			continue
		}
		children := childNames(files, dir)
		if slices.Contains(children, part) {
			dir = path.Join(dir, part)
			continue
		}
		last := k == len(parts)-1 && !strings.HasSuffix(lit, "/")
		if last && len(lit) < len(pattern) {
			return "" // a name that goes on with a wildcard: no single name to suggest
		}
		near := analyzer.Closest(part, children)
		if near == "" {
			return ""
		}
		rest := strings.TrimPrefix(pattern, strings.Join(parts[:k+1], "/"))
		return path.Join(dir, near) + rest
	}
	return ""
}

// childNames lists the names directly inside dir ("" is the root).
func childNames(files []string, dir string) []string {
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var names []string
	i := sort.SearchStrings(files, prefix)
	for ; i < len(files) && strings.HasPrefix(files[i], prefix); i++ {
		rest := files[i][len(prefix):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[:j]
		}
		if len(names) == 0 || names[len(names)-1] != rest {
			names = append(names, rest)
		}
	}
	return names
}
