package analyzer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Repository is the git repository a file belongs to, for the rules that compare a
// workflow with the files it names. The engine provides it; it is safe for concurrent use.
type Repository interface {
	// Files returns the tracked files, sorted and "/"-separated, and the paths of
	// submodules (whose files git does not list), or an error when git could not list them.
	Files() (files, submodules []string, err error)
	// InSubmodule reports whether path lies in one of the submodules.
	InSubmodule(path string) bool
	// ReadFile returns the contents of a file of the working tree, by its "/"-separated
	// path from the repository's top folder, for the rules that follow a workflow into
	// the local actions and reusable workflows it calls.
	ReadFile(path string) ([]byte, error)
}

// LoadLocalAction reads and loads the metadata of the local action a uses: ./dir names,
// from action.yml or else action.yaml in the repository. The error is fs.ErrNotExist
// when neither exists, or the first other read error.
func LoadLocalAction(repo Repository, uses string) (*File, error) {
	dir := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(uses), "./"), "/")
	var first error
	for _, name := range []string{path.Join(dir, "action.yml"), path.Join(dir, "action.yaml")} {
		src, err := repo.ReadFile(name)
		if err == nil {
			f, _ := Load(name, src, KindAction)
			return f, nil
		}
		if first == nil && !errors.Is(err, fs.ErrNotExist) {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	return nil, fs.ErrNotExist
}

// File is one loaded file: its bytes, its YAML tree and, when it could be read as one,
// its workflow or action model.
type File struct {
	Path     string
	Kind     FileKind
	Src      []byte
	Root     *yaml.Node // the top-level mapping; nil when the file could not be loaded
	Workflow *Workflow  // set when Kind is KindWorkflow and Root is not nil
	Action   *Action    // set when Kind is KindAction and Root is not nil
	Repo     Repository // the git repository the file is in; nil when not known

	lines    lineIndex
	text     string // Src as a string, once asked for (see Text)
	ranges   map[*yaml.Node]Range
	analyses map[Requirement]any // results of shared analyses, by declaration
	orig     []byte              // the text as read, when Src has secrets masked
}

// Release drops the YAML tree, the model and the shared analyses, keeping the text that
// output shows: a run holds only what reports need once the rules are done.
func (f *File) Release() {
	f.Root, f.Workflow, f.Action, f.ranges, f.analyses, f.Repo = nil, nil, nil, nil, nil, nil
	f.text = ""
}

// Mask hides the text of r from every later reader of Src, keeping its first keep
// characters: each other byte becomes "*" (line breaks stay), so every position still
// holds. Original returns the text as it was read.
func (f *File) Mask(r Range, keep int) {
	if f.orig == nil {
		f.orig = f.Src
		f.Src = bytes.Clone(f.Src)
		f.lines.src = f.Src
	}
	f.text = "" // Text follows Src
	for i := r.Start.Offset + keep; i < r.End.Offset && i < len(f.Src); i++ {
		if f.Src[i] != '\n' && f.Src[i] != '\r' {
			f.Src[i] = '*'
		}
	}
}

// Text is Src as a string, made once: rules that search the whole text share it.
func (f *File) Text() string {
	if f.text == "" && len(f.Src) > 0 {
		f.text = string(f.Src)
	}
	return f.text
}

// Original is the file's text as it was read, secrets unmasked.
func (f *File) Original() []byte {
	if f.orig != nil {
		return f.orig
	}
	return f.Src
}

const (
	// MaxDepth bounds every recursive walk of a YAML tree; the YAML parser refuses deeper
	// input, so a walk that stops here has seen the whole of any file that loads.
	MaxDepth = 10000
	// Aliases may repeat a node, but not blow the tree up past this many nodes (and past
	// aliasRatio times the nodes written in the file): a "billion laughs" document is
	// refused before any rule walks it.
	maxExpandedNodes = 100_000
	aliasRatio       = 10
)

// Load reads src as a workflow or action metadata file. It never panics: anything that
// keeps the file from being read as GitHub reads it comes back as a syntax-error
// diagnostic, and then Root and the model are nil. The kind is decided by path and content
// (see Classify); fallback is the kind of a file that neither settles, and may be
// KindUnknown (a file that is neither is then left alone by the runner).
func Load(name string, src []byte, fallback FileKind) (f *File, diags []Diagnostic) {
	f = &File{Path: name, Src: src}
	bom := 0
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	f.lines = newLineIndex(src, bom)
	syntaxErr := func(r Range, format string, args ...any) {
		diags = append(diags, Diagnostic{Rule: SyntaxError.ID, Severity: Error, Path: name, Range: r, Message: fmt.Sprintf(format, args...)})
	}
	defer func() {
		if v := recover(); v != nil {
			// The parser has panicked on hostile input before; the file is still not YAML.
			p := f.lines.pos(1, 1)
			f.Root, f.Workflow, f.Action = nil, nil, nil
			syntaxErr(Range{p, p}, "invalid YAML: the parser gave up (%v)", v)
		}
	}()

	parsed, plain := src, plainText(src)
	if !plain { // text that is not printable ASCII is checked closely
		var notes []Diagnostic
		var bad *Diagnostic
		if parsed, notes, bad = f.textToParse(bom); bad != nil {
			f.Kind = f.kindFromText(fallback)
			return f, []Diagnostic{*bad}
		}
		defer func() { diags = append(diags, notes...) }()
	}

	root, text := fastParse(parsed, f.lines.lines(), plain)
	if plain {
		f.text = text // parsed is Src
	}
	if root == nil {
		var ok bool
		if root, ok = f.decode(parsed, fallback, syntaxErr); !ok {
			return f, diags
		}
	}
	if msg, r := checkTree(root, &diags, f); msg != "" {
		syntaxErr(r, "%s", msg)
	}
	if root.Kind != yaml.MappingNode {
		r := f.Range(root)
		if IsNull(root) {
			syntaxErr(r, "file has no content: a workflow needs at least \"on\" and \"jobs\"")
		} else {
			what := Describe(root)
			if root.Kind == yaml.ScalarNode {
				what = fmt.Sprintf("the value %q", truncate(root.Value, 40))
			}
			syntaxErr(r, "the top level must be a mapping of keys such as \"on\" and \"jobs\", not %s", what)
		}
	}
	if f.Kind = Classify(name, root); f.Kind == KindUnknown {
		f.Kind = fallback
	}
	if len(diags) > 0 {
		return f, diags
	}
	f.Root = root
	switch f.Kind {
	case KindWorkflow:
		f.Workflow = buildWorkflow(root)
	case KindAction:
		f.Action = buildAction(root)
	}
	return f, nil
}

// decode reads the text with yaml.v3, for the files the fast path leaves to it; false
// when it is not one YAML document (reported through syntaxErr, f.Kind then set).
func (f *File) decode(parsed []byte, fallback FileKind, syntaxErr func(Range, string, ...any)) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(parsed))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p := f.lines.pos(1, 1)
			syntaxErr(Range{p, p}, "file is empty: a workflow needs at least \"on\" and \"jobs\"")
		} else {
			r, msg := f.yamlError(err)
			syntaxErr(r, "%s", msg)
		}
		f.Kind = f.kindFromText(fallback)
		return nil, false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		r := f.secondDocument(&doc)
		syntaxErr(r, "file has more than one YAML document; GitHub reads a file as exactly one")
	}
	return Resolve(doc.Content[0]), true // a document always has one child
}

// Classify decides what a file is from its path and, failing that, its top-level keys:
// anything under .github/workflows is a workflow; action.yml and action.yaml are action
// metadata; elsewhere a file with both "on" and "jobs" is a workflow and one with "runs"
// is an action. Other YAML (CI files of other systems, compose files ...) is KindUnknown.
func Classify(name string, root *yaml.Node) FileKind {
	k := classifyPath(name)
	if k == KindWorkflow {
		return k
	}
	var on, jobs, runs bool
	for _, e := range mappingOf(root) {
		switch e.Key.Value {
		case "on":
			on = true
		case "jobs":
			jobs = true
		case "runs":
			runs = true
		}
	}
	switch {
	case k == KindAction && on && jobs && !runs:
		// A workflow saved as action.yml (a template, a copy): its content says what it is.
		return KindWorkflow
	case k != KindUnknown:
		return k
	case on && jobs:
		return KindWorkflow
	case runs && !jobs:
		return KindAction
	}
	return KindUnknown
}

// InWorkflowsDir reports whether the file at name is directly in a .github/workflows
// folder: one of the files GitHub runs.
func InWorkflowsDir(name string) bool {
	return strings.HasSuffix(path.Dir("/"+strings.ReplaceAll(name, "\\", "/")), "/.github/workflows")
}

func classifyPath(name string) FileKind {
	p := "/" + strings.ReplaceAll(name, "\\", "/")
	base := path.Base(p)
	switch {
	case InWorkflowsDir(name):
		// GitHub runs only the files directly in .github/workflows; a folder below it
		// may hold local actions (.github/workflows/x/action.yml).
		return KindWorkflow
	case base == "action.yml" || base == "action.yaml":
		return KindAction
	}
	return KindUnknown
}

// Compiled on first use (only files that do not parse need them), not at start-up.
var (
	topOnJobs = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^(?:"?on"?|jobs)\s*:`) })
	topRuns   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^runs\s*:`) })
)

// kindFromText classifies a file that could not be parsed by its path and its text.
func (f *File) kindFromText(fallback FileKind) FileKind {
	if k := classifyPath(f.Path); k != KindUnknown {
		return k
	}
	switch {
	case len(topOnJobs().FindAllIndex(f.Src, 2)) == 2:
		return KindWorkflow
	case topRuns().Match(f.Src):
		return KindAction
	}
	return fallback
}

// checkText finds what makes src unreadable as YAML text before the parser sees it, so
// that the message can name the exact place: a UTF-16 or UTF-32 byte order mark, bytes
// that are not UTF-8, and control characters (a NUL means binary data).
// textToParse is the file's text as the YAML parser should read it: with every control
// character that stands in a comment blanked out (GitHub takes those; yaml.v3 does not),
// each reported as a note. bad is the error that keeps the file from being YAML text.
func (f *File) textToParse(bom int) (parsed []byte, notes []Diagnostic, bad *Diagnostic) {
	parsed, copied := f.Src, false
	for {
		off, msg, size := checkText(parsed, bom)
		if msg == "" {
			return parsed, notes, nil
		}
		p := f.lines.offsetPos(off)
		if size == 0 || !inComment(f.lines.lineText(p.Line), off-f.lines.starts[p.Line-1]) {
			return nil, nil, &Diagnostic{Rule: SyntaxError.ID, Severity: Error, Path: f.Path, Range: Range{p, p}, Message: msg}
		}
		if !copied { // the same number of bytes, so that offsets hold
			parsed, copied = bytes.Clone(f.Src), true
		}
		for i := off; i < off+size; i++ {
			parsed[i] = ' '
		}
		notes = append(notes, Diagnostic{Rule: SyntaxError.ID, Severity: Note, Path: f.Path, Range: Range{p, f.lines.offsetPos(off + size)},
			Message: strings.TrimSuffix(msg, " is not allowed in YAML") + " in a comment: GitHub accepts it, but most YAML tools refuse the file; delete it"})
	}
}

// checkText finds the first byte of src that keeps it from being YAML text: its offset,
// the reason, and for a control character its size in bytes (0 otherwise).
func checkText(src []byte, bom int) (int, string, int) {
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0, 0}) {
		return 0, "file is encoded as UTF-16 or UTF-32; GitHub reads workflows as UTF-8", 0
	}
	for i := bom; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0:
				return i, "file contains a NUL byte: it is binary data, not YAML", 0
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F:
				return i, fmt.Sprintf("control character %U is not allowed in YAML", rune(c)), 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return i, fmt.Sprintf("invalid UTF-8: byte 0x%02X; GitHub reads workflows as UTF-8", c), 0
		case r >= 0x80 && r <= 0x9F && r != 0x85, r == 0xFFFE, r == 0xFFFF:
			return i, fmt.Sprintf("control character %U is not allowed in YAML", r), size
		}
		i += size
	}
	return 0, "", 0
}

// inComment reports whether byte col of line is inside a comment: after a "#" that
// starts the line or follows a blank, outside quotes.
func inComment(line []byte, col int) bool {
	var quote byte
	for i := 0; i < col && i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || isBlank(line[i-1]) || strings.IndexByte("[{,:", line[i-1]) >= 0 {
				quote = c
			}
		case c == '#' && (i == 0 || isBlank(line[i-1])):
			return true
		}
	}
	return false
}

var yamlErrLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// yamlError turns a parser error into a range and a plain message. yaml.v3 reports a line
// but no column, so the range covers that line's text.
func (f *File) yamlError(err error) (Range, string) {
	msg := err.Error()
	line := 0
	if m := yamlErrLine().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if parserError(msg) {
			line++ // yaml.v3 gives a parser error's 0-based line, a scanner error's 1-based
			for line > 1 && (line > f.lines.lines() || len(bytes.TrimSpace(f.lines.lineText(line))) == 0) {
				line-- // the end of the file: point at its last line with text
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if line < 1 || line > f.lines.lines() {
		p := f.lines.pos(1, 1)
		return Range{p, p}, "invalid YAML: " + msg
	}
	// yaml.v3 names the line of the construct it was reading, which may be the one
	// before the mistake: look at the next lines too for the usual causes
	for l := line; l <= min(line+2, f.lines.lines()); l++ {
		text := f.lines.lineText(l)
		indent := len(text) - len(bytes.TrimLeft(text, " \t"))
		if tab := bytes.IndexByte(text[:indent], '\t'); tab >= 0 && strings.Contains(msg, "tab") || tab >= 0 && l == line {
			// the usual cause, and the message alone does not say so
			at := f.lines.starts[l-1] + tab
			return Range{f.lines.offsetPos(at), f.lines.offsetPos(at + 1)}, "invalid YAML: " + msg + " (a tab indents this line; YAML indentation must be spaces)"
		}
	}
	if strings.Contains(msg, "end of stream") {
		for l := max(1, line-1); l <= f.lines.lines(); l++ {
			if q := openQuote(f.lines.lineText(l)); q >= 0 {
				at := f.lines.starts[l-1] + q
				return Range{f.lines.offsetPos(at), f.lines.offsetPos(f.lines.lineEnd(l))}, "invalid YAML: " + msg + " (a quoted string is left open here)"
			}
		}
	}
	text := f.lines.lineText(line)
	indent := 0
	for indent < len(text) && isBlank(text[indent]) {
		indent++
	}
	lineStart := f.lines.starts[line-1]
	start := f.lines.offsetPos(lineStart + indent)
	end := f.lines.offsetPos(f.lines.lineEnd(line))
	return Range{start, end}, "invalid YAML: " + msg
}

// parserError reports whether msg is one of the errors of yaml.v3's parser (parserc.go),
// as opposed to its scanner's, whose messages also start "did not find expected".
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected <document start>", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected key", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// openQuote returns the offset in a line of a quote that starts a scalar ("key: 'x",
// "- \"x") and is not closed on the line, or -1. A comment ends the search.
func openQuote(text []byte) int {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '#' && (i == 0 || isBlank(text[i-1])) {
			return -1
		}
		if c != '"' && c != '\'' {
			continue
		}
		if i > 0 && !isBlank(text[i-1]) && text[i-1] != '[' && text[i-1] != '{' && text[i-1] != ',' {
			continue // a quote inside plain text, as in it's
		}
		j := i + 1
		for j < len(text) {
			switch {
			case c == '"' && text[j] == '\\':
				j += 2
				continue
			case c == '\'' && text[j] == '\'' && j+1 < len(text) && text[j+1] == '\'':
				j += 2
				continue
			case text[j] == c:
			default:
				j++
				continue
			}
			break
		}
		if j >= len(text) {
			return i
		}
		i = j
	}
	return -1
}

// secondDocument returns the range of the "---" that starts the second document.
func (f *File) secondDocument(first *yaml.Node) Range {
	from := 1
	if len(first.Content) > 0 {
		from = f.Range(first.Content[0]).End.Line + 1
	}
	for l := from; l <= f.lines.lines(); l++ {
		t := f.lines.lineText(l)
		if bytes.HasPrefix(t, []byte("---")) && (len(t) == 3 || isBlank(t[3])) {
			s := f.lines.offsetPos(f.lines.starts[l-1])
			return Range{s, f.lines.offsetPos(s.Offset + 3)}
		}
	}
	p := f.lines.offsetPos(len(f.Src))
	return Range{p, p}
}

// checkTree walks the tree once, counting the nodes it would have with every alias
// expanded (memoised per anchored node, so the walk itself stays linear). It reports what
// GitHub's YAML reader refuses in valid YAML, merge keys and keys that are not scalars, as
// diagnostics, and returns a message when an anchor contains an alias to itself or the
// aliases expand the tree beyond the limits, with where to report it: the alias at fault,
// or the start of the file.
func checkTree(root *yaml.Node, diags *[]Diagnostic, f *File) (string, Range) {
	const inProgress = -1
	var memo map[*yaml.Node]int // made on the first anchor: most files have none
	written := 0
	var problem string
	var at *yaml.Node
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if n == nil || problem != "" || depth > MaxDepth {
			return 0
		}
		if n.Kind == yaml.AliasNode {
			written++
			t := n.Alias
			if t == nil {
				return 1
			}
			if v, ok := memo[t]; ok {
				if v == inProgress {
					problem = fmt.Sprintf("invalid YAML: anchor %q contains an alias to itself", t.Anchor)
					at = n
					return 0
				}
				return v
			}
			return size(t, depth+1)
		}
		if n.Anchor != "" {
			if _, ok := memo[n]; ok { // reached through an alias and already counted
				return memo[n]
			}
			if memo == nil {
				memo = map[*yaml.Node]int{}
			}
			memo[n] = inProgress
		}
		written++
		total := 1
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				if msg := keyProblem(f, c); msg != "" {
					*diags = append(*diags, Diagnostic{Rule: SyntaxError.ID, Severity: Error, Path: f.Path, Range: f.Range(c), Message: msg})
				}
			}
			total += size(c, depth+1)
			if total > maxExpandedNodes*aliasRatio {
				break
			}
		}
		if n.Anchor != "" {
			memo[n] = total
		}
		return total
	}
	total := size(root, 0)
	if problem == "" && total > maxExpandedNodes && total > aliasRatio*written {
		problem = fmt.Sprintf("invalid YAML: aliases expand this file to more than %d nodes (excessive aliasing)", maxExpandedNodes)
	}
	if at != nil {
		return problem, f.Range(at)
	}
	p := f.lines.pos(1, 1)
	return problem, Range{p, p}
}

// keyProblem says why GitHub would refuse the mapping key k, or "".
func keyProblem(f *File, k *yaml.Node) string {
	switch {
	case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
		return "merge keys (\"<<\") are not supported by GitHub Actions; repeat the keys, or alias the whole mapping"
	case k.Kind == yaml.MappingNode || k.Kind == yaml.SequenceNode:
		msg := fmt.Sprintf("a key must be a string, not %s", Describe(k))
		if off := f.Range(k).Start.Offset; off > 0 && f.Src[off-1] == '{' && f.Src[off] == '{' {
			msg += "; \"{{ … }}\" is read as nested mappings (a template placeholder? expressions are written \"${{ … }}\")"
		}
		return msg
	}
	return ""
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
