package schema

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
)

// The fast path: almost every file is valid, and gojsonschema takes most of the schema
// rule's time to say so. fastSchema is compiled from the same schema JSON and reads the
// YAML tree directly; it answers "certainly valid" or "not sure". Only "not sure" goes to
// gojsonschema, which stays the judge: every message still comes from it. A keyword the
// fast path does not know, a key written twice, a value it would type differently: all
// are "not sure". TestFastPathAgreesWithGojsonschema checks the answer against
// gojsonschema on every corpus and test file and on generated mutations of them.
//
// The compiled form is Go code (fastpath_data.go), written by the compiler in
// fastcompile_test.go from the embedded schema JSON: compiling the JSON at run time was
// about half the work of linting a run's first file. TestFastSchemaSource fails when the two differ;
// go test ./rules/schema -update rewrites the file.

// fastSchema is one compiled (sub)schema. A nil *fastSchema accepts everything.
type fastSchema struct {
	unknown bool // a keyword the fast path does not evaluate: never "certainly valid"

	types      []string    // "type": allowed JSON types; empty: any
	properties []fastProp  // sorted by name
	additional *fastSchema // additionalProperties as a schema
	noExtra    bool        // additionalProperties: false
	required   []string
	minLength  int
	pattern    int // 1 + its index in fastPatterns; 0: none
	propNames  *fastSchema
	enum       []string // string members; enumSet says whether enum was given
	enumSet    bool
	items      *fastSchema
	ifS        *fastSchema
	thenS      *fastSchema
	elseS      *fastSchema
	anyOf      []*fastSchema
	allOf      []*fastSchema
	deps       []fastProp // dependencies in schema form, sorted by name
	ref        int        // $ref: 1 + the definition's index in fastDefs; 0: none
}

// fastProp is a named subschema: a property, or a dependency.
type fastProp struct {
	name   string
	schema *fastSchema
}

// prop finds name in props, sorted by name.
func prop(props []fastProp, name string) (*fastSchema, bool) {
	i, ok := slices.BinarySearchFunc(props, name, func(p fastProp, name string) int { return strings.Compare(p.name, name) })
	if !ok {
		return nil, false
	}
	return props[i].schema, true
}

// matches reports whether str matches s's pattern, if it has one.
func (s *fastSchema) matches(str string) bool {
	return s.pattern == 0 || fastPatterns[s.pattern-1].MatchString(str)
}

// valid reports whether n is certainly valid against s. false means "not sure".
func (s *fastSchema) valid(n *yaml.Node, depth int) bool {
	if s == nil {
		return true
	}
	if s.unknown || depth > analyzer.MaxDepth {
		return false
	}
	n = analyzer.Resolve(n)
	if s.ref != 0 && !fastDefs[s.ref-1].valid(n, depth+1) {
		return false
	}
	kind, str := fastKind(n)
	if kind == "" || len(s.types) > 0 && !typeAllows(s.types, kind) {
		return false
	}
	if !s.validValue(n, kind, str) || !s.validCombinators(n, depth) {
		return false
	}
	switch kind {
	case "object":
		return s.validObject(n, depth)
	case "array":
		if s.items != nil {
			for _, c := range n.Content {
				if !s.items.valid(c, depth+1) {
					return false
				}
			}
		}
	}
	return true
}

// validValue checks enum, const, minLength and pattern.
func (s *fastSchema) validValue(n *yaml.Node, kind, str string) bool {
	if s.enumSet && (kind != "string" || !slices.Contains(s.enum, str)) {
		return false
	}
	if kind != "string" {
		return true
	}
	if s.minLength > 0 && utf8.RuneCountInString(str) < s.minLength {
		return false
	}
	return s.matches(str)
}

func (s *fastSchema) validCombinators(n *yaml.Node, depth int) bool {
	for _, a := range s.allOf {
		if !a.valid(n, depth+1) {
			return false
		}
	}
	if len(s.anyOf) > 0 {
		any := false
		for _, a := range s.anyOf {
			if a.valid(n, depth+1) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	if s.ifS != nil {
		switch {
		case s.ifS.valid(n, depth+1):
			return s.thenS.valid(n, depth+1)
		case s.ifS.certainlyInvalid(n):
			return s.elseS.valid(n, depth+1)
		default: // not sure which branch applies: both must hold
			return s.thenS.valid(n, depth+1) && s.elseS.valid(n, depth+1)
		}
	}
	return true
}

// certainlyInvalid is a cheap, sure "no" for the if: conditions the schemas use: a
// required key that is missing, or a type that does not match.
func (s *fastSchema) certainlyInvalid(n *yaml.Node) bool {
	if s == nil || s.unknown {
		return false
	}
	if s.ref != 0 && fastDefs[s.ref-1].certainlyInvalid(n) {
		return true
	}
	kind, str := fastKind(analyzer.Resolve(n))
	switch {
	case kind == "":
		return false
	case len(s.types) > 0 && !typeAllows(s.types, kind):
		return true
	case s.enumSet && (kind != "string" || !slices.Contains(s.enum, str)):
		return true
	case kind != "object":
		return false
	}
	for _, r := range s.required {
		if mapValue(n, r) == nil {
			return true
		}
	}
	for _, p := range s.properties {
		if v := mapValue(n, p.name); v != nil && p.schema.certainlyInvalid(v) {
			return true
		}
	}
	return false
}

func (s *fastSchema) validObject(n *yaml.Node, depth int) bool {
	if len(n.Content) > 512 {
		return false // a mapping of more than 256 keys: left to gojsonschema rather than a quadratic scan
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := analyzer.Resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			return false
		}
		for j := 0; j < i; j += 2 {
			if analyzer.Resolve(n.Content[j]).Value == k.Value {
				return false // a key written twice: gojsonschema sees only the last
			}
		}
		if s.propNames != nil && !s.propNames.validKey(k.Value) {
			return false
		}
		v := n.Content[i+1]
		if p, ok := prop(s.properties, k.Value); ok {
			if !p.valid(v, depth+1) {
				return false
			}
		} else if s.noExtra || !s.additional.valid(v, depth+1) {
			return false
		}
		if d, ok := prop(s.deps, k.Value); ok && !d.valid(n, depth+1) {
			return false
		}
	}
	for _, r := range s.required {
		if mapValue(n, r) == nil {
			return false
		}
	}
	return true
}

// validKey checks a mapping key, a string, against a propertyNames schema.
func (s *fastSchema) validKey(key string) bool {
	if s == nil {
		return true
	}
	if s.unknown || s.ref != 0 || len(s.properties) > 0 || s.items != nil || s.ifS != nil || len(s.anyOf) > 0 || len(s.allOf) > 0 {
		return false // not a shape propertyNames takes in these schemas
	}
	if len(s.types) > 0 && !typeAllows(s.types, "string") {
		return false
	}
	if s.enumSet && !slices.Contains(s.enum, key) {
		return false
	}
	if s.minLength > 0 && utf8.RuneCountInString(key) < s.minLength {
		return false
	}
	return s.matches(key)
}

// fastKind is the JSON type gojsonschema sees for n (as toValue converts it), with a
// string's text; "" when unsure.
func fastKind(n *yaml.Node) (kind, str string) {
	if n == nil {
		return "null", ""
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "object", ""
	case yaml.SequenceNode:
		return "array", ""
	case yaml.ScalarNode:
	default:
		return "", ""
	}
	switch n.ShortTag() {
	case "!!null":
		return "null", ""
	case "!!bool":
		if _, err := strconv.ParseBool(strings.ToLower(n.Value)); err != nil {
			return "string", n.Value
		}
		return "boolean", ""
	case "!!int":
		return "integer", ""
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ToLower(n.Value), "_", ""), 64)
		switch {
		case err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 1e15:
			return "", "" // toValue's choices there are its own: let gojsonschema judge
		case f == math.Trunc(f):
			return "integer", "" // 13.0 is written "13" for gojsonschema
		}
		return "number", ""
	}
	return "string", n.Value
}

func typeAllows(types []string, kind string) bool {
	for _, t := range types {
		if t == kind || t == "number" && kind == "integer" {
			return true
		}
	}
	return false
}
