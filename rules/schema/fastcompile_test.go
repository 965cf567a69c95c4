package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer/analyzertest"
	"github.com/wflint/wflint/schema"
)

// TestFastSchemaSource compiles the embedded schemas into the fast path's form and checks
// that fastpath_data.go holds exactly that (-update rewrites it).
func TestFastSchemaSource(t *testing.T) {
	src, err := fastSource()
	if err != nil {
		t.Fatal(err)
	}
	const file = "fastpath_data.go"
	if *analyzertest.Update {
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Errorf("%s is not what the schemas compile to: run go test ./rules/schema -update", file)
	}
}

// The compiled schemas must hold what the fast path needs: a root that is not unknown
// would otherwise leave every file to gojsonschema, silently.
func TestFastSchemaBuilt(t *testing.T) {
	for name, v := range map[string]*validator{"workflow": workflowValidator, "action": actionValidator} {
		if s := v.fast; s == nil || s.unknown || len(s.properties) == 0 {
			t.Errorf("%s: the fast schema is missing, or unknown at its root", name)
		}
	}
	if len(fastDefs) == 0 {
		t.Error("no definitions")
	}
	for _, p := range fastPatterns {
		if _, err := regexp.Compile(p.String()); err != nil {
			t.Error(err)
		}
	}
}

// ---- the compiler from schema JSON ----

// fastCompiler compiles schemas into one table of definitions and one of patterns.
type fastCompiler struct {
	defs     []*fastSchema // fastDefs
	defNames []string      // "workflow: name", for comments
	patterns []string      // fastPatterns
}

// compile compiles the schema JSON src; its definitions are appended to c.defs. An error
// means the schema uses what the fast path cannot read.
func (c *fastCompiler) compile(what string, src []byte) (*fastSchema, error) {
	var raw map[string]any
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	d, _ := raw["definitions"].(map[string]any)
	names := make([]string, 0, len(d))
	for name := range d {
		names = append(names, name)
	}
	slices.Sort(names)
	sc := &schemaCompiler{c: c, refs: map[string]int{}}
	for i, name := range names {
		sc.refs[name] = len(c.defs) + i + 1
	}
	first := len(c.defs)
	c.defs = append(c.defs, make([]*fastSchema, len(names))...)
	for i, name := range names {
		s, err := sc.node(d[name])
		if err != nil {
			return nil, fmt.Errorf("definitions/%s: %w", name, err)
		}
		c.defs[first+i] = s
		c.defNames = append(c.defNames, what+": "+name)
	}
	return sc.node(raw)
}

// schemaCompiler compiles the nodes of one schema, whose $refs resolve among its own
// definitions.
type schemaCompiler struct {
	c    *fastCompiler
	refs map[string]int // definition name: 1 + index in c.defs
}

// ignoredKeywords carry no constraint.
var ignoredKeywords = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true,
	"definitions": true, "default": true, "examples": true, "x-no-config": true, "x-note": true}

func (sc *schemaCompiler) node(v any) (*fastSchema, error) {
	switch v := v.(type) {
	case bool:
		if v {
			return nil, nil
		}
		return &fastSchema{unknown: true}, nil // false: nothing is valid; let gojsonschema say so
	case map[string]any:
		s := &fastSchema{}
		for k, kv := range v {
			if ignoredKeywords[k] {
				continue
			}
			if err := sc.keyword(s, k, kv); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
		}
		return s, nil
	}
	return nil, fmt.Errorf("a schema must be an object or a boolean, not %T", v)
}

// keyword compiles one keyword of s; one it does not know marks s unknown.
func (sc *schemaCompiler) keyword(s *fastSchema, k string, v any) error {
	if handled, err := sc.valueKeyword(s, k, v); handled {
		return err
	}
	var err error
	sub := func(x any) *fastSchema {
		var c *fastSchema
		if err == nil {
			c, err = sc.node(x)
		}
		return c
	}
	switch k {
	case "properties", "dependencies":
		m, _ := v.(map[string]any)
		var subs []fastProp
		for name, x := range m {
			if _, ok := x.(map[string]any); !ok && k == "dependencies" {
				s.unknown = true // the list form: required keys
			}
			subs = append(subs, fastProp{name, sub(x)})
		}
		slices.SortFunc(subs, func(a, b fastProp) int { return strings.Compare(a.name, b.name) })
		if k == "properties" {
			s.properties = subs
		} else {
			s.deps = subs
		}
	case "additionalProperties":
		if b, ok := v.(bool); ok {
			s.noExtra = !b
		} else {
			s.additional = sub(v)
		}
	case "propertyNames":
		s.propNames = sub(v)
	case "items":
		_, ok := v.(map[string]any)
		s.unknown = s.unknown || !ok
		s.items = sub(v)
	case "if":
		s.ifS = sub(v)
	case "then":
		s.thenS = sub(v)
	case "else":
		s.elseS = sub(v)
	case "anyOf", "allOf":
		list, _ := v.([]any)
		for _, x := range list {
			if k == "anyOf" {
				s.anyOf = append(s.anyOf, sub(x))
			} else {
				s.allOf = append(s.allOf, sub(x))
			}
		}
	default:
		s.unknown = true
	}
	return err
}

// valueKeyword compiles the keywords about a value itself rather than its parts.
func (sc *schemaCompiler) valueKeyword(s *fastSchema, k string, v any) (handled bool, err error) {
	switch k {
	case "type":
		var ok bool
		s.types, ok = stringList(v)
		s.unknown = s.unknown || !ok
	case "required":
		var ok bool
		s.required, ok = stringList(v)
		s.unknown = s.unknown || !ok
	case "minLength":
		f, ok := v.(float64)
		s.minLength = int(f)
		s.unknown = s.unknown || !ok
	case "pattern":
		p, _ := v.(string)
		if _, err = regexp.Compile(p); err == nil {
			i := slices.Index(sc.c.patterns, p)
			if i < 0 {
				i = len(sc.c.patterns)
				sc.c.patterns = append(sc.c.patterns, p)
			}
			s.pattern = i + 1
		}
	case "enum", "const":
		list := []any{v}
		if k == "enum" {
			list, _ = v.([]any)
		}
		for _, m := range list {
			str, ok := m.(string)
			s.unknown = s.unknown || !ok
			s.enum = append(s.enum, str)
		}
		s.enumSet = true
	case "$ref":
		r, _ := v.(string)
		name, local := strings.CutPrefix(r, "#/definitions/")
		s.ref = sc.refs[name]
		s.unknown = s.unknown || !local || s.ref == 0
	default:
		return false, nil
	}
	return true, err
}

func stringList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			str, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, str)
		}
		return out, true
	}
	return nil, false
}

// ---- the writer of fastpath_data.go ----

// fastSource is the Go source of fastpath_data.go: package-level composite literals,
// which the compiler lays out as static data, so a run builds nothing.
func fastSource() ([]byte, error) {
	c := &fastCompiler{}
	wf, err := c.compile("workflow", schema.Workflow)
	if err != nil {
		return nil, fmt.Errorf("schema/workflow.schema.json: %v", err)
	}
	act, err := c.compile("action", schema.Action)
	if err != nil {
		return nil, fmt.Errorf("schema/action.schema.json: %v", err)
	}
	var out bytes.Buffer
	out.WriteString("// Code generated by go test ./rules/schema -update (fastcompile_test.go); DO NOT EDIT.\n\npackage schema\n\n")
	out.WriteString("import \"github.com/wflint/wflint/internal/lazyre\"\n\n")
	out.WriteString("// fastPatterns are the schemas' patterns, each compiled the first time a value reaches it.\nvar fastPatterns = [...]*lazyre.Regexp{\n")
	for _, p := range c.patterns {
		fmt.Fprintf(&out, "\tlazyre.New(%s),\n", goString(p))
	}
	out.WriteString("}\n\n// fastDefs are the definitions of both schemas; a fastSchema.ref is the number in a\n// comment here (1 + the index).\nvar fastDefs = [...]*fastSchema{\n")
	for i, d := range c.defs {
		fmt.Fprintf(&out, "\t// %d: %s\n\t%s,\n", i+1, c.defNames[i], literal(d))
	}
	fmt.Fprintf(&out, "}\n\n// fastWorkflow is the fast path of schema/workflow.schema.json.\nvar fastWorkflow = &fastSchema%s\n", literal(wf))
	fmt.Fprintf(&out, "\n// fastAction is the fast path of schema/action.schema.json.\nvar fastAction = &fastSchema%s\n", literal(act))
	return format.Source(out.Bytes())
}

// goString quotes s as a raw string when it can, for patterns a person can read.
func goString(s string) string {
	if !strings.Contains(s, "`") && !strings.ContainsAny(s, "\r\n") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// literal writes s as a composite literal without its type, as an element of a list of
// *fastSchema is written; a nil schema is nil.
func literal(s *fastSchema) string {
	if s == nil {
		return "nil"
	}
	var f []string
	add := func(format string, args ...any) { f = append(f, fmt.Sprintf(format, args...)) }
	if s.unknown {
		add("unknown: true")
	}
	if len(s.types) > 0 {
		add("types: %#v", s.types)
	}
	if s.properties != nil {
		add("properties: %s", props(s.properties))
	}
	if s.additional != nil {
		add("additional: &fastSchema%s", literal(s.additional))
	}
	if s.noExtra {
		add("noExtra: true")
	}
	if len(s.required) > 0 {
		add("required: %#v", s.required)
	}
	if s.minLength != 0 {
		add("minLength: %d", s.minLength)
	}
	if s.pattern != 0 {
		add("pattern: %d", s.pattern)
	}
	if s.propNames != nil {
		add("propNames: &fastSchema%s", literal(s.propNames))
	}
	if s.enumSet {
		add("enum: %#v, enumSet: true", s.enum)
	}
	for _, sub := range []struct {
		name string
		s    *fastSchema
	}{{"items", s.items}, {"ifS", s.ifS}, {"thenS", s.thenS}, {"elseS", s.elseS}} {
		if sub.s != nil {
			add("%s: &fastSchema%s", sub.name, literal(sub.s))
		}
	}
	for _, list := range []struct {
		name string
		l    []*fastSchema
	}{{"anyOf", s.anyOf}, {"allOf", s.allOf}} {
		if len(list.l) > 0 {
			var items []string
			for _, x := range list.l {
				items = append(items, literal(x))
			}
			add("%s: []*fastSchema{\n%s,\n}", list.name, strings.Join(items, ",\n"))
		}
	}
	if s.deps != nil {
		add("deps: %s", props(s.deps))
	}
	if s.ref != 0 {
		add("ref: %d", s.ref)
	}
	if len(f) == 0 {
		return "{}"
	}
	return "{\n" + strings.Join(f, ",\n") + ",\n}"
}

func props(list []fastProp) string {
	var b strings.Builder
	b.WriteString("[]fastProp{")
	for _, p := range list {
		fmt.Fprintf(&b, "\n{%q, ", p.name)
		if p.schema == nil {
			b.WriteString("nil},")
		} else {
			fmt.Fprintf(&b, "&fastSchema%s},", literal(p.schema))
		}
	}
	b.WriteString("\n}")
	return b.String()
}
