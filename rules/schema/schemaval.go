package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// This file runs a file's YAML tree through one of the embedded JSON Schemas and turns
// gojsonschema's errors into wflint diagnostics: each error is mapped back to the YAML
// node it is about, errors that share one root cause are collapsed, and the message is
// written for a person (what is wrong, what would be right, and a likely typo fix).

// exprPattern is the pattern the schemas use for "one whole ${{ }} expression", which
// GitHub accepts in place of a boolean, number, list or mapping where it evaluates
// expressions.
const exprPattern = `^\s*\$\{\{[\s\S]*\}\}\s*$`

// validator is a compiled schema plus a decoded copy of it, kept for reading the
// allowed keys and values at a path when an error needs them.
type validator struct {
	once   sync.Once
	src    []byte
	schema *gojsonschema.Schema
	err    error

	rawOnce sync.Once
	raw     map[string]any // decoded only when an error needs explaining

	fast *fastSchema // the fast path's schema (fastpath_data.go)
}

// certainlyValid is the fast path: true when root is certainly valid, so gojsonschema
// need not be asked (and need not even be compiled).
func (v *validator) certainlyValid(root *yaml.Node) bool {
	return v.fast != nil && v.fast.valid(root, 0)
}

func (v *validator) load() error {
	v.once.Do(func() {
		v.schema, v.err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(v.src))
	})
	return v.err
}

func (v *validator) rawSchema() map[string]any {
	v.rawOnce.Do(func() {
		if err := json.Unmarshal(v.src, &v.raw); err != nil {
			panic(fmt.Sprintf("embedded schema is not JSON: %v", err))
		}
	})
	return v.raw
}

// schemaIssue is one translated schema error before it becomes a diagnostic.
type schemaIssue struct {
	path    []string // instance path of the value the error is about
	kind    string   // gojsonschema error type
	details gojsonschema.ErrorDetails
}

// validate checks root against the schema and reports what it finds through p.
func (v *validator) validate(p *analyzer.Pass, root *yaml.Node, describe func([]string) string) {
	if v.certainlyValid(root) {
		return
	}
	if err := v.load(); err != nil {
		panic(fmt.Sprintf("embedded schema does not compile: %v", err))
	}
	doc := toValue(root, 0)
	res, err := v.schema.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		panic(fmt.Sprintf("schema validation failed: %v", err))
	}
	if res.Valid() {
		return
	}
	var issues []schemaIssue
	for _, e := range res.Errors() {
		path := strings.Split(e.Context().String("\x00"), "\x00")[1:] // drop "(root)"
		issues = append(issues, schemaIssue{path: path, kind: e.Type(), details: e.Details()})
	}
	t := &translator{v: v, p: p, root: root, doc: doc, describe: describe}
	for _, is := range collapse(issues) {
		t.report(is)
	}
}

// collapse keeps one issue per root cause. Combinator errors (anyOf, oneOf, if/then)
// only summarise the errors of their branches, so they are dropped whenever a more
// specific error sits at or below their path; of several errors on the same value the
// most telling one is kept; a "required" error is dropped when an unknown key beside it
// is a likely misspelling of the missing one.
func collapse(in []schemaIssue) []schemaIssue {
	combinator := func(k string) bool {
		switch k {
		case "number_any_of", "number_one_of", "number_all_of", "condition_then", "condition_else":
			return true
		}
		return false
	}
	under := func(a, b []string) bool { // a at or below b
		return len(a) >= len(b) && slices.Equal(a[:len(b)], b)
	}
	var out []schemaIssue
	for i, is := range in {
		if combinator(is.kind) {
			specific := false
			for j, o := range in {
				if j != i && !combinator(o.kind) && under(o.path, is.path) {
					specific = true
					break
				}
			}
			if specific {
				continue
			}
		}
		out = append(out, is)
	}
	// One message per value: prefer the error that names what was expected.
	rank := map[string]int{"enum": 0, "const": 1, "invalid_type": 2, "pattern": 3, "string_gte": 4}
	best := map[string]int{}
	var kept []schemaIssue
	for _, is := range out {
		if r, ok := rank[is.kind]; ok {
			key := strings.Join(is.path, "\x00")
			if j, seen := best[key]; seen {
				if r < rank[kept[j].kind] {
					kept[j] = is
				}
				continue
			}
			best[key] = len(kept)
		}
		if slices.ContainsFunc(kept, func(k schemaIssue) bool {
			return k.kind == is.kind && slices.Equal(k.path, is.path) && fmt.Sprint(k.details) == fmt.Sprint(is.details)
		}) {
			continue
		}
		kept = append(kept, is)
	}
	// A missing key next to its own misspelling is one mistake.
	var final []schemaIssue
	for _, is := range kept {
		if is.kind == "required" {
			want, _ := is.details["property"].(string)
			misspelt := slices.ContainsFunc(kept, func(o schemaIssue) bool {
				got, _ := o.details["property"].(string)
				return o.kind == "additional_property_not_allowed" && slices.Equal(o.path, is.path) &&
					analyzer.Closest(got, []string{want}) == want
			})
			if misspelt {
				continue
			}
		}
		final = append(final, is)
	}
	return final
}

// toValue converts a YAML node into the plain values gojsonschema reads: maps, slices,
// strings, json.Number, bools and nil. Aliases are followed (the loader has already
// refused anchors that contain themselves and alias bombs).
func toValue(n *yaml.Node, depth int) any {
	if n == nil || depth > analyzer.MaxDepth {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return toValue(n.Content[0], depth+1)
	case yaml.AliasNode:
		return toValue(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[keyText(n.Content[i])] = toValue(n.Content[i+1], depth+1)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = toValue(c, depth+1)
		}
		return s
	}
	return scalarValue(n)
}

// keyText is the text GitHub uses for a mapping key.
func keyText(k *yaml.Node) string { return analyzer.Resolve(k).Value }

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
		if u, err := strconv.ParseUint(s, 0, 64); err == nil {
			return json.Number(strconv.FormatUint(u, 10))
		}
		return json.Number("0")
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ToLower(n.Value), "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return json.Number("0") // .inf and .nan: only the type matters here
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return n.Value
}

// nodeAt follows path from root. It returns the node the path names (or the deepest
// node it reached) and the mapping key that names it (nil for list items and the root).
func nodeAt(root *yaml.Node, path []string) (node, key *yaml.Node) {
	node = root
	for _, seg := range path {
		node = analyzer.Resolve(node)
		if node == nil {
			return nil, nil
		}
		switch node.Kind {
		case yaml.MappingNode:
			var found, fkey *yaml.Node
			for i := 0; i+1 < len(node.Content); i += 2 {
				if keyText(node.Content[i]) == seg {
					fkey, found = node.Content[i], node.Content[i+1] // the last one wins, as in the map
				}
			}
			if found == nil {
				return node, key
			}
			node, key = found, fkey
		case yaml.SequenceNode:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(node.Content) {
				return node, key
			}
			node, key = node.Content[i], nil
		default:
			return node, key
		}
	}
	return node, key
}

// templatePlaceholder matches a whole value that is a workflow template's placeholder,
// which GitHub replaces when a workflow is created from the template.
var templatePlaceholder = lazyre.New(`^\$[a-z]+(-[a-z]+)+$`)

// translator turns schema issues into diagnostics.
type translator struct {
	v        *validator
	p        *analyzer.Pass
	root     *yaml.Node
	doc      any
	describe func(path []string) string
}

func (t *translator) report(is schemaIssue) {
	node, key := nodeAt(t.root, is.path)
	if node != nil && node.Kind == yaml.ScalarNode && templatePlaceholder.MatchString(node.Value) && !analyzer.InWorkflowsDir(t.p.File.Path) {
		return // a workflow template's placeholder ($codeql-languages-matrix), filled in when it is used
	}
	msg, at := t.explain(is, node, key)
	if msg == "" || msg == "-" {
		return
	}
	if at == nil {
		at = t.root
	}
	d := analyzer.Diagnostic{Range: t.p.File.Range(at), Message: msg}
	if t.p.File.Kind == analyzer.KindAction && (len(is.path) > 0 && is.path[0] == "branding" ||
		len(is.path) == 0 && is.kind == "additional_property_not_allowed") {
		// The runner reads neither branding (only GitHub Marketplace shows it) nor keys
		// it does not know at the top level (GitHub's parser takes any there).
		d.Severity = analyzer.Warning
	}
	if prop, _ := is.details["property"].(string); t.p.File.Kind == analyzer.KindAction && is.kind == "required" &&
		len(is.path) == 0 && (prop == "name" || prop == "description") {
		// The runner loads such an action; only the documented syntax and the
		// Marketplace need the key.
		d.Severity = analyzer.Warning
		d.Message = fmt.Sprintf("action metadata has no %q; GitHub's metadata syntax requires one", prop)
	}
	t.p.Report(d)
}

// explain says what is wrong with node (under key) as a person reads it, and which node
// to point at: "" or "-" when another issue says it already.
func (t *translator) explain(is schemaIssue, node, key *yaml.Node) (string, *yaml.Node) {
	at := node
	switch is.kind {
	case "additional_property_not_allowed":
		prop, _ := is.details["property"].(string)
		if kn, _ := childKey(node, prop); kn != nil {
			at = kn
		}
		return t.unknownKey(is.path, node, prop), at
	case "required":
		prop, _ := is.details["property"].(string)
		if key != nil {
			at = key
		} else if node != nil && node.Kind == yaml.MappingNode && len(node.Content) > 0 {
			at = node.Content[0]
		}
		return t.missingKey(is.path, node, prop), at
	case "invalid_type", "pattern":
		if key != nil && node != nil && (node.Kind == yaml.MappingNode || node.Kind == yaml.SequenceNode) {
			at = key // a whole block is too wide to point at
		}
		return t.wrongType(is.path, node), at
	case "enum", "const":
		return t.notAllowed(is.path, node), at
	case "string_gte":
		return fmt.Sprintf("%s must not be empty", t.subject(is.path)), at
	}
	return fmt.Sprintf("%s is not valid here", t.subject(is.path)), at
}

func childKey(m *yaml.Node, name string) (key, value *yaml.Node) {
	m = analyzer.Resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if keyText(m.Content[i]) == name {
			key, value = m.Content[i], m.Content[i+1]
		}
	}
	return key, value
}

// subject names the value at path for a message: `"timeout-minutes" in job "build"`,
// `item 2 of "branches"`, `job "build"`.
func (t *translator) subject(path []string) string { return t.describe(path) }

func ordinal(idx string) string {
	i, _ := strconv.Atoi(idx)
	return strconv.Itoa(i + 1)
}

// schemasAt returns the schemas that apply at path, with references followed and
// conditional branches chosen the way the validator chose them.
func (t *translator) schemasAt(path []string) []map[string]any {
	cur := t.expand(t.v.rawSchema(), t.doc)
	val := t.doc
	for _, seg := range path {
		var next []map[string]any
		child := childValue(val, seg)
		for _, s := range cur {
			var sub any
			switch val.(type) {
			case map[string]any:
				if props, ok := s["properties"].(map[string]any); ok {
					sub = props[seg]
				}
				if sub == nil {
					if ap, ok := s["additionalProperties"].(map[string]any); ok {
						sub = ap
					}
				}
			case []any:
				sub = s["items"]
			}
			if m, ok := sub.(map[string]any); ok {
				next = append(next, t.expand(m, child)...)
			}
		}
		cur, val = next, child
	}
	return cur
}

func childValue(v any, seg string) any {
	switch vv := v.(type) {
	case map[string]any:
		return vv[seg]
	case []any:
		i, err := strconv.Atoi(seg)
		if err == nil && i >= 0 && i < len(vv) {
			return vv[i]
		}
	}
	return nil
}

// maxSchemaDepth bounds how deep expand follows $ref and conditionals in the schema
// itself (not the file), which nests far less.
const maxSchemaDepth = 20

// expand follows $ref and picks the if/then/else branch that applies to v; allOf and
// anyOf members are all included.
func (t *translator) expand(s map[string]any, v any) []map[string]any {
	var out []map[string]any
	var walk func(s map[string]any, depth int)
	walk = func(s map[string]any, depth int) {
		if depth > maxSchemaDepth {
			return
		}
		if r, ok := s["$ref"].(string); ok {
			if d := t.def(r); d != nil {
				walk(d, depth+1)
			}
			return
		}
		out = append(out, s)
		for _, k := range []string{"allOf", "anyOf"} {
			if list, ok := s[k].([]any); ok {
				for _, m := range list {
					if mm, ok := m.(map[string]any); ok {
						walk(mm, depth+1)
					}
				}
			}
		}
		if deps, ok := s["dependencies"].(map[string]any); ok {
			if m, isMap := v.(map[string]any); isMap {
				keys := make([]string, 0, len(deps))
				for k := range deps {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					if _, has := m[k]; has {
						if d, ok := deps[k].(map[string]any); ok {
							walk(d, depth+1)
						}
					}
				}
			}
		}
		if cond, ok := s["if"].(map[string]any); ok {
			branch := "else"
			if matches(cond, v) {
				branch = "then"
			}
			if b, ok := s[branch].(map[string]any); ok {
				walk(b, depth+1)
			}
		}
	}
	walk(s, 0)
	return out
}

func (t *translator) def(ref string) map[string]any {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok {
		return nil
	}
	defs, _ := t.v.rawSchema()["definitions"].(map[string]any)
	d, _ := defs[name].(map[string]any)
	return d
}

// matches evaluates the small subset of schema conditions the embedded schemas use in
// "if": required keys, a type, and const/enum on properties.
func matches(cond map[string]any, v any) bool {
	if req, ok := cond["required"].([]any); ok {
		m, isMap := v.(map[string]any)
		if !isMap {
			return false
		}
		for _, r := range req {
			if _, has := m[r.(string)]; !has {
				return false
			}
		}
	}
	if ty, ok := cond["type"].(string); ok && jsonType(v) != ty {
		return false
	}
	if props, ok := cond["properties"].(map[string]any); ok {
		m, isMap := v.(map[string]any)
		if !isMap {
			return true
		}
		for k, ps := range props {
			pv, has := m[k]
			if !has {
				continue
			}
			p, _ := ps.(map[string]any)
			if c, ok := p["const"]; ok && fmt.Sprint(c) != fmt.Sprint(pv) {
				return false
			}
			if e, ok := p["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(pv) }) {
				return false
			}
		}
	}
	return true
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// allowedKeys lists the keys the schemas at path accept.
func (t *translator) allowedKeys(path []string) []string {
	var keys []string
	for _, s := range t.schemasAt(path) {
		if props, ok := s["properties"].(map[string]any); ok {
			for k := range props {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// allowedValues lists the enum or const values the schemas at path accept.
func (t *translator) allowedValues(path []string) []string {
	var vals []string
	add := func(x any) {
		s := fmt.Sprint(x)
		if !slices.Contains(vals, s) {
			vals = append(vals, s)
		}
	}
	for _, s := range t.schemasAt(path) {
		if e, ok := s["enum"].([]any); ok {
			for _, x := range e {
				add(x)
			}
		}
		if c, ok := s["const"]; ok {
			add(c)
		}
	}
	return vals
}

// expectedNouns describes the types the schemas at path accept: "a number or an
// expression".
func (t *translator) expectedNouns(path []string) string {
	var types []string
	expr := false
	for _, s := range t.schemasAt(path) {
		switch ty := s["type"].(type) {
		case string:
			types = append(types, ty)
		case []any:
			for _, x := range ty {
				types = append(types, x.(string))
			}
		}
		if s["pattern"] == exprPattern {
			expr = true
		}
		if _, ok := s["enum"]; ok {
			types = append(types, "string")
		}
	}
	has := func(k string) bool { return slices.Contains(types, k) }
	var nouns []string
	scalar := has("string") && !expr
	if scalar {
		nouns = append(nouns, "a string")
	}
	if has("number") && !scalar {
		nouns = append(nouns, "a number")
	}
	if has("boolean") && !scalar {
		nouns = append(nouns, "a boolean (true or false)")
	}
	if has("array") {
		nouns = append(nouns, "a list")
	}
	if has("object") {
		nouns = append(nouns, "a mapping")
	}
	if expr {
		nouns = append(nouns, "an expression")
	}
	if has("null") && len(nouns) == 0 {
		nouns = append(nouns, "empty")
	}
	return analyzer.JoinList(nouns, "or")
}

// given describes a YAML value: `the string "ten"`, `a list`, `an empty value`.
func given(n *yaml.Node) string {
	n = analyzer.Resolve(n)
	if n == nil {
		return "an empty value"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "an empty value"
	case "!!bool":
		return "the boolean " + n.Value
	case "!!int", "!!float":
		return "the number " + n.Value
	}
	return "the string " + strconv.Quote(clip(n.Value))
}

func clip(s string) string {
	r := []rune(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 && i < 40 {
		return s[:i] + "…"
	}
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func (t *translator) wrongType(path []string, n *yaml.Node) string {
	exp := t.expectedNouns(path)
	if exp == "" {
		return fmt.Sprintf("%s is not valid here", t.subject(path))
	}
	if len(path) == 1 && path[0] == "permissions" {
		return fmt.Sprintf("\"permissions\" must be \"read-all\", \"write-all\" or a mapping of scopes, not %s", given(n))
	}
	if t.isNoConfigEvent(path) {
		return fmt.Sprintf("event %q takes no filters or activity types, so this configuration is never used", path[len(path)-1])
	}
	msg := fmt.Sprintf("%s must be %s, not %s", t.subject(path), exp, given(n))
	if v, ok := analyzer.ScalarValue(n); ok && n.ShortTag() == "!!str" && strings.Contains(v, "${{") && !strings.Contains(exp, "expression") {
		msg += "; GitHub does not evaluate expressions here"
	}
	return msg
}

func (t *translator) isNoConfigEvent(path []string) bool {
	for _, s := range t.schemasAt(path) {
		if s["x-no-config"] == true {
			return true
		}
	}
	return false
}

func (t *translator) notAllowed(path []string, n *yaml.Node) string {
	vals := t.allowedValues(path)
	got := ""
	if n != nil && n.Kind == yaml.ScalarNode {
		got = n.Value
	}
	if m := specialEnum(path, got, vals); m != "" {
		return m
	}
	if len(vals) > 12 {
		return fmt.Sprintf("%s must be one of the %d names GitHub accepts here, not %s", t.subject(path), len(vals), given(n)) +
			analyzer.DidYouMean(got, vals)
	}
	msg := fmt.Sprintf("%s must be %s, not %s", t.subject(path), analyzer.QuoteOrList(vals), given(n))
	return msg + analyzer.DidYouMean(got, vals)
}

func (t *translator) unknownKey(path []string, n *yaml.Node, prop string) string {
	keys := t.allowedKeys(path)
	if m := specialUnknownKey(path, n, prop, keys); m != "" {
		return m
	}
	return fmt.Sprintf("unknown key %q in %s", prop, t.describe(path)) + analyzer.DidYouMean(prop, keys)
}

func (t *translator) missingKey(path []string, n *yaml.Node, prop string) string {
	return fmt.Sprintf("%s is missing the required key %q", t.describe(path), prop)
}
