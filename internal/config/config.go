// Package config reads wflint's configuration file (.github/wflint.yaml or .wflint.yaml,
// or the file named by --config): which rules run and at what severity, their options,
// and the paths where findings are ignored.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/filterglob"
)

// Names are where a repository's configuration is looked for, from its root, in order.
var Names = []string{".github/wflint.yaml", ".wflint.yaml"}

// Version is the configuration format this wflint reads.
const Version = 1

// Setting is what the configuration says about a rule or a category: whether it runs,
// and at what severity. The zero value says nothing.
type Setting struct {
	Enabled  *bool             // nil: as the default
	Severity analyzer.Severity // 0: as the rule says
}

// Ignore hides the findings of some rules (all when Rules is empty) in the files whose
// repository-relative path Paths selects, read as GitHub reads a paths filter: the last
// pattern that matches decides, and "!" takes away.
type Ignore struct {
	Paths  []string
	Rules  []string
	Reason string
	globs  filterglob.Filter
}

// Config is a read configuration.
type Config struct {
	Path       string // the file it was read from
	Rules      map[string]Setting
	Categories map[analyzer.Category]Setting
	Options    map[string]analyzer.OptionValues // per rule id
	Ignores    []Ignore
	Profile    string // "" when the file names none
}

// Profiles are the bundles of settings a configuration or --profile may name: default
// (what a maintainer should act on), strict (every action pinned to a SHA) and pedantic
// (strict, and the findings wflint is least sure of).
var Profiles = []string{"default", "strict", "pedantic"}

// Error is a mistake in a configuration file, at a line and column.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Find returns the configuration file of the repository at root, or "" when it has none.
// Two of them is an error: which one counts would be a guess.
func Find(root string) (string, error) {
	var found []string
	for _, n := range Names {
		if info, err := os.Stat(filepath.Join(root, filepath.FromSlash(n))); err == nil && !info.IsDir() {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return filepath.Join(root, filepath.FromSlash(found[0])), nil
	}
	return "", fmt.Errorf("both %s and %s exist at the repository root; keep one", found[0], found[1])
}

// Load reads and checks the configuration file at path. Every rule it names must be one
// of rules.
func Load(path string, rules []*analyzer.Rule) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Path: path, Msg: "no such file"}
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, src, rules)
}

// Parse checks the configuration text src, read from path.
func Parse(path string, src []byte, rules []*analyzer.Rule) (*Config, error) {
	p := &parser{path: path, rules: map[string]*analyzer.Rule{}}
	for _, r := range rules {
		p.rules[r.ID] = r
		p.ids = append(p.ids, r.ID)
	}
	c := &Config{Path: path, Rules: map[string]Setting{}, Categories: map[analyzer.Category]Setting{}, Options: map[string]analyzer.OptionValues{}}
	top, err := p.top(src)
	if err != nil {
		return nil, err
	}
	if n, ok := top["profile"]; ok {
		if n.value.Kind != yaml.ScalarNode || !slices.Contains(Profiles, n.value.Value) {
			return nil, p.at(n.value, fmt.Sprintf("profile must be %s, not %s", analyzer.QuoteOrList(Profiles), analyzer.Describe(n.value))+analyzer.DidYouMean(n.value.Value, Profiles))
		}
		c.Profile = n.value.Value
	}
	if n, ok := top["categories"]; ok {
		if err := p.categories(c, n.value); err != nil {
			return nil, err
		}
	}
	if n, ok := top["rules"]; ok {
		if err := p.ruleSettings(c, n.value); err != nil {
			return nil, err
		}
	}
	if n, ok := top["ignore"]; ok {
		if n.value.Kind != yaml.SequenceNode {
			return nil, p.at(n.value, "\"ignore\" must be a list of entries with \"paths\", \"rules\" and \"reason\"")
		}
		for _, e := range n.value.Content {
			ig, err := p.ignore(e)
			if err != nil {
				return nil, err
			}
			c.Ignores = append(c.Ignores, ig)
		}
	}
	return c, nil
}

// top reads the file's top-level mapping and checks its keys and version.
func (p *parser) top(src []byte) (mapping, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, after, ok := strings.Cut(rest, ": "); ok {
				line, _ = strconv.Atoi(n)
				msg = after
			}
		}
		return nil, &Error{Path: p.path, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Path: p.path, Msg: fmt.Sprintf("the file is empty; it needs at least \"version: %d\"", Version)}
	}
	root := doc.Content[0]
	top, err := p.mapping(root, "the configuration")
	if err != nil {
		return nil, err
	}
	if err := p.keys(top, "the configuration", "version", "profile", "rules", "categories", "ignore"); err != nil {
		return nil, err
	}
	v, ok := top["version"]
	if !ok {
		return nil, p.at(root, fmt.Sprintf("the configuration has no \"version\"; add \"version: %d\"", Version))
	}
	if v.value.Kind == yaml.ScalarNode && v.value.ShortTag() != "!!int" {
		return nil, p.at(v.value, fmt.Sprintf("version must be the number %d, not %s; write \"version: %d\"", Version, analyzer.Describe(v.value), Version))
	}
	if v.value.Kind != yaml.ScalarNode || v.value.Value != strconv.Itoa(Version) {
		return nil, p.at(v.value, fmt.Sprintf("version %s is not one this wflint reads; write \"version: %d\"", v.value.Value, Version))
	}
	return top, nil
}

// categories reads "categories": a setting per category.
func (p *parser) categories(c *Config, n *yaml.Node) error {
	cats, err := p.mapping(n, "\"categories\"")
	if err != nil {
		return err
	}
	names := []string{string(analyzer.CategorySyntax), string(analyzer.CategoryStructure), string(analyzer.CategoryCorrectness), string(analyzer.CategorySecurity), string(analyzer.CategoryStyle)}
	for _, kv := range cats.ordered() {
		if !slices.Contains(names, kv.key.Value) {
			return p.unknown(kv.key, "category", "", names)
		}
		s, err := p.setting(kv.value, fmt.Sprintf("category %q", kv.key.Value))
		if err != nil {
			return err
		}
		c.Categories[analyzer.Category(kv.key.Value)] = s
	}
	return nil
}

// ruleSettings reads "rules": a setting, or the long form with options, per rule.
func (p *parser) ruleSettings(c *Config, n *yaml.Node) error {
	rs, err := p.mapping(n, "\"rules\"")
	if err != nil {
		return err
	}
	for _, kv := range rs.ordered() {
		r := p.rules[kv.key.Value]
		if r == nil {
			return p.unknown(kv.key, "rule", "", p.ids)
		}
		if kv.value.Kind == yaml.MappingNode {
			if err := p.ruleMapping(c, r, kv.value); err != nil {
				return err
			}
			continue
		}
		s, err := p.setting(kv.value, fmt.Sprintf("rule %q", r.ID))
		if err != nil {
			return err
		}
		c.Rules[r.ID] = s
	}
	return nil
}

type parser struct {
	path  string
	rules map[string]*analyzer.Rule
	ids   []string
}

type pair struct{ key, value *yaml.Node }

type mapping map[string]pair

func (m mapping) ordered() []pair {
	out := make([]pair, 0, len(m))
	for _, kv := range m {
		out = append(out, kv)
	}
	slices.SortFunc(out, func(a, b pair) int { return a.key.Line*10000 + a.key.Column - b.key.Line*10000 - b.key.Column })
	return out
}

func (p *parser) at(n *yaml.Node, msg string) *Error {
	return &Error{Path: p.path, Line: n.Line, Col: n.Column, Msg: msg}
}

// unknown reports a name that is not one of known: `unknown WHAT "name" WHERE`.
func (p *parser) unknown(key *yaml.Node, what, where string, known []string) *Error {
	msg := fmt.Sprintf("unknown %s %q", what, key.Value)
	if where != "" {
		msg += " " + where
	}
	msg += analyzer.DidYouMean(key.Value, known)
	if what == "rule" {
		msg += " (see wflint --list-rules)"
	}
	return p.at(key, msg)
}

// mapping reads n as a mapping with string keys and no key twice.
func (p *parser) mapping(n *yaml.Node, what string) (mapping, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.at(n, fmt.Sprintf("%s must be a mapping, not %s", what, analyzer.Describe(n)))
	}
	m := mapping{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, p.at(k, fmt.Sprintf("a key of %s must be a plain name", what))
		}
		if prev, ok := m[k.Value]; ok {
			return nil, p.at(k, fmt.Sprintf("%q is given twice in %s (first at line %d)", k.Value, what, prev.key.Line))
		}
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		m[k.Value] = pair{k, v}
	}
	return m, nil
}

// keys checks that m has only the keys allowed.
func (p *parser) keys(m mapping, what string, allowed ...string) error {
	for _, kv := range m.ordered() {
		if !slices.Contains(allowed, kv.key.Value) {
			return p.unknown(kv.key, "key", "in "+what, allowed)
		}
	}
	return nil
}

// setting reads the short form: off, on, or a severity.
func (p *parser) setting(n *yaml.Node, what string) (Setting, error) {
	if n.Kind == yaml.ScalarNode {
		on, off := true, false
		switch n.Value {
		case "off", "false":
			return Setting{Enabled: &off}, nil
		case "on", "true":
			return Setting{Enabled: &on}, nil
		}
		if s, err := analyzer.ParseSeverity(n.Value); err == nil {
			return Setting{Enabled: &on, Severity: s}, nil
		}
	}
	msg := fmt.Sprintf("%s must be off, on, error, warning or note, not %s", what, analyzer.Describe(n))
	if n.Kind == yaml.ScalarNode {
		msg += analyzer.DidYouMean(n.Value, []string{"off", "on", "error", "warning", "note"})
	}
	return Setting{}, p.at(n, msg)
}

// ruleMapping reads the long form of a rule's entry: enabled, severity, options.
func (p *parser) ruleMapping(c *Config, r *analyzer.Rule, n *yaml.Node) error {
	what := fmt.Sprintf("rule %q", r.ID)
	m, err := p.mapping(n, what)
	if err != nil {
		return err
	}
	if err := p.keys(m, what, "enabled", "severity", "options"); err != nil {
		return err
	}
	var s Setting
	if kv, ok := m["enabled"]; ok {
		var b bool
		switch kv.value.Value {
		case "true", "on":
			b = true
		case "false", "off":
		default:
			return p.at(kv.value, fmt.Sprintf("\"enabled\" of %s must be true or false, not %s", what, analyzer.Describe(kv.value)))
		}
		s.Enabled = &b
	}
	if kv, ok := m["severity"]; ok {
		sev, err := analyzer.ParseSeverity(kv.value.Value)
		if err != nil || kv.value.Kind != yaml.ScalarNode {
			return p.at(kv.value, fmt.Sprintf("\"severity\" of %s must be error, warning or note, not %s", what, analyzer.Describe(kv.value)))
		}
		s.Severity = sev
	}
	c.Rules[r.ID] = s
	kv, ok := m["options"]
	if !ok {
		return nil
	}
	opts, err := p.mapping(kv.value, "the options of "+what)
	if err != nil {
		return err
	}
	var names []string
	for _, o := range r.Options {
		names = append(names, o.Name)
	}
	var out analyzer.OptionValues
	for _, kv := range opts.ordered() {
		i := slices.IndexFunc(r.Options, func(o analyzer.Option) bool { return o.Name == kv.key.Value })
		if i < 0 {
			if len(names) == 0 {
				return p.at(kv.key, fmt.Sprintf("rule %q has no options", r.ID))
			}
			return p.unknown(kv.key, "option", "of "+what, names)
		}
		v, err := p.option(r.Options[i], kv.value, what)
		if err != nil {
			return err
		}
		if err := out.Set(r.Options[i], v); err != nil {
			return p.at(kv.value, err.Error())
		}
	}
	c.Options[r.ID] = out
	return nil
}

// option reads an option's value as its type says.
func (p *parser) option(o analyzer.Option, n *yaml.Node, what string) (any, error) {
	bad := func(n *yaml.Node) error {
		return p.at(n, fmt.Sprintf("option %q of %s must be a %s, not %s", o.Name, what, o.Type, analyzer.Describe(n)))
	}
	value := func(n *yaml.Node) (string, error) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return "", bad(n)
		}
		if len(o.Values) > 0 && !slices.Contains(o.Values, n.Value) {
			return "", p.at(n, fmt.Sprintf("%q is not a value of option %q of %s; want one of %s", n.Value, o.Name, what, strings.Join(o.Values, ", ")))
		}
		return n.Value, nil
	}
	switch o.Type {
	case analyzer.OptionBool:
		switch {
		case n.Kind == yaml.ScalarNode && n.Value == "true":
			return true, nil
		case n.Kind == yaml.ScalarNode && n.Value == "false":
			return false, nil
		}
		return nil, bad(n)
	case analyzer.OptionStrings:
		if n.Kind != yaml.SequenceNode {
			return nil, bad(n)
		}
		out := []string{}
		for _, e := range n.Content {
			s, err := value(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	case analyzer.OptionStringMap:
		m, err := p.mapping(n, fmt.Sprintf("option %q of %s", o.Name, what))
		if err != nil {
			return nil, err
		}
		out := map[string]string{}
		for _, kv := range m.ordered() {
			s, err := value(kv.value)
			if err != nil {
				return nil, err
			}
			out[kv.key.Value] = s
		}
		return out, nil
	}
	return nil, bad(n)
}

// ignore reads one entry of "ignore".
func (p *parser) ignore(n *yaml.Node) (Ignore, error) {
	const what = "an \"ignore\" entry"
	m, err := p.mapping(n, what)
	if err != nil {
		return Ignore{}, err
	}
	if err := p.keys(m, what, "paths", "rules", "reason"); err != nil {
		return Ignore{}, err
	}
	var ig Ignore
	strs := func(key string) ([]*yaml.Node, error) {
		kv, ok := m[key]
		if !ok {
			return nil, nil
		}
		if kv.value.Kind == yaml.ScalarNode && kv.value.Tag != "!!null" {
			return []*yaml.Node{kv.value}, nil // one, without the list
		}
		if kv.value.Kind != yaml.SequenceNode || len(kv.value.Content) == 0 {
			return nil, p.at(kv.value, fmt.Sprintf("%q of %s must be a list of strings, not %s", key, what, analyzer.Describe(kv.value)))
		}
		for _, e := range kv.value.Content {
			if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
				return nil, p.at(e, fmt.Sprintf("%q of %s must be a list of strings, not one holding %s", key, what, analyzer.Describe(e)))
			}
		}
		return kv.value.Content, nil
	}
	paths, err := strs("paths")
	if err != nil {
		return ig, err
	}
	if len(paths) == 0 {
		return ig, p.at(n, what+" needs \"paths\": the files it applies to, as globs relative to the repository root (\"testdata/**\")")
	}
	for _, e := range paths {
		g, err := filterglob.Compile(e.Value)
		if err != nil {
			return ig, p.at(e, fmt.Sprintf("path glob %q: %v", e.Value, err))
		}
		ig.Paths = append(ig.Paths, e.Value)
		ig.globs = append(ig.globs, g)
	}
	ids, err := strs("rules")
	if err != nil {
		return ig, err
	}
	for _, e := range ids {
		if p.rules[e.Value] == nil {
			return ig, p.unknown(e, "rule", "", p.ids)
		}
		ig.Rules = append(ig.Rules, e.Value)
	}
	kv, ok := m["reason"]
	if !ok || kv.value.Kind != yaml.ScalarNode || strings.TrimSpace(kv.value.Value) == "" {
		return ig, p.at(n, what+" needs a \"reason\": why these findings do not apply, for the next reader")
	}
	ig.Reason = kv.value.Value
	return ig, nil
}

// Ignored reports whether the configuration ignores a finding of rule in the file at
// the repository-relative path.
func (c *Config) Ignored(rule, path string) bool {
	for _, ig := range c.Ignores {
		if len(ig.Rules) > 0 && !slices.Contains(ig.Rules, rule) {
			continue
		}
		if ig.globs.Match(path) {
			return true
		}
	}
	return false
}

// Overrides are the command line's say on rules, which comes after the file's.
type Overrides struct {
	Enable, Disable []string
	Severity        map[string]analyzer.Severity
}

// Select returns the rules that run and the severities that replace a rule's own: the
// rule's default, then its category's setting, then its own, then the command line.
// c may be nil.
func Select(all []*analyzer.Rule, c *Config, o Overrides) ([]*analyzer.Rule, map[string]analyzer.Severity) {
	var run []*analyzer.Rule
	sev := map[string]analyzer.Severity{}
	for _, r := range all {
		on := !r.OffByDefault
		var s analyzer.Severity
		apply := func(st Setting) {
			if st.Enabled != nil {
				on = *st.Enabled
			}
			if st.Severity != 0 {
				s = st.Severity
			}
		}
		if c != nil {
			apply(c.Categories[r.Category])
			apply(c.Rules[r.ID])
		}
		if slices.Contains(o.Enable, r.ID) {
			on = true
		}
		if slices.Contains(o.Disable, r.ID) {
			on = false
		}
		if x, ok := o.Severity[r.ID]; ok {
			s, on = x, true
		}
		if r == analyzer.SyntaxError || r == analyzer.InternalError {
			on = true // a file wflint cannot read, or a rule that failed, is always said
		}
		if on {
			run = append(run, r)
		}
		if s != 0 {
			sev[r.ID] = s
		}
	}
	return run, sev
}
