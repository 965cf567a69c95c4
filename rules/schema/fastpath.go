package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
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

// fastSchema is one compiled (sub)schema. A nil *fastSchema accepts everything.
type fastSchema struct {
	unknown bool // a keyword the fast path does not evaluate: never "certainly valid"

	types      []string // "type": allowed JSON types; empty: any
	properties map[string]*fastSchema
	additional *fastSchema // additionalProperties as a schema
	noExtra    bool        // additionalProperties: false
	required   []string
	minLength  int
	pattern    *regexp.Regexp
	propNames  *fastSchema
	enum       []string // string members; enumSet says whether enum was given
	enumSet    bool
	items      *fastSchema
	ifS        *fastSchema
	thenS      *fastSchema
	elseS      *fastSchema
	anyOf      []*fastSchema
	allOf      []*fastSchema
	deps       map[string]*fastSchema // dependencies in schema form
	ref        string                 // "#/definitions/name", resolved through defs
	defs       map[string]*fastSchema // the root's definitions, shared by every node
}

// compileFast compiles the schema JSON src; an error means the fast path is off.
func compileFast(src []byte) (*fastSchema, error) {
	var raw map[string]any
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	defs := map[string]*fastSchema{}
	c := func(v any) (*fastSchema, error) { return compileNode(v, defs) }
	if d, ok := raw["definitions"].(map[string]any); ok {
		for name, v := range d {
			s, err := c(v)
			if err != nil {
				return nil, fmt.Errorf("definitions/%s: %w", name, err)
			}
			defs[name] = s
		}
	}
	return c(raw)
}

// ignoredKeywords carry no constraint.
var ignoredKeywords = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true,
	"definitions": true, "default": true, "examples": true, "x-no-config": true, "x-note": true}

func compileNode(v any, defs map[string]*fastSchema) (*fastSchema, error) {
	switch v := v.(type) {
	case bool:
		if v {
			return nil, nil
		}
		return &fastSchema{unknown: true}, nil // false: nothing is valid; let gojsonschema say so
	case map[string]any:
		s := &fastSchema{defs: defs}
		for k, kv := range v {
			if ignoredKeywords[k] {
				continue
			}
			if err := s.keyword(k, kv, defs); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
		}
		return s, nil
	}
	return nil, fmt.Errorf("a schema must be an object or a boolean, not %T", v)
}

// keyword compiles one keyword of s; one it does not know marks s unknown.
func (s *fastSchema) keyword(k string, v any, defs map[string]*fastSchema) error {
	if handled, err := s.valueKeyword(k, v); handled {
		return err
	}
	var err error
	sub := func(x any) *fastSchema {
		var c *fastSchema
		if err == nil {
			c, err = compileNode(x, defs)
		}
		return c
	}
	switch k {
	case "properties", "dependencies":
		m, _ := v.(map[string]any)
		subs := map[string]*fastSchema{}
		for name, x := range m {
			if _, ok := x.(map[string]any); !ok && k == "dependencies" {
				s.unknown = true // the list form: required keys
			}
			subs[name] = sub(x)
		}
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
func (s *fastSchema) valueKeyword(k string, v any) (handled bool, err error) {
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
		s.pattern, err = regexp.Compile(p)
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
		s.unknown = s.unknown || !strings.HasPrefix(r, "#/definitions/")
		s.ref = strings.TrimPrefix(r, "#/definitions/")
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

// valid reports whether n is certainly valid against s. false means "not sure".
func (s *fastSchema) valid(n *yaml.Node, depth int) bool {
	if s == nil {
		return true
	}
	if s.unknown || depth > analyzer.MaxDepth {
		return false
	}
	n = analyzer.Resolve(n)
	if s.ref != "" {
		d, ok := s.defs[s.ref]
		if !ok || !d.valid(n, depth+1) {
			return false
		}
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
	return s.pattern == nil || s.pattern.MatchString(str)
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
	if d, ok := s.defs[s.ref]; ok && d.certainlyInvalid(n) {
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
	for name, p := range s.properties {
		if v := mapValue(n, name); v != nil && p.certainlyInvalid(v) {
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
		if p, ok := s.properties[k.Value]; ok {
			if !p.valid(v, depth+1) {
				return false
			}
		} else if s.noExtra || !s.additional.valid(v, depth+1) {
			return false
		}
		if d, ok := s.deps[k.Value]; ok && !d.valid(n, depth+1) {
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
	if s.unknown || s.ref != "" || len(s.properties) > 0 || s.items != nil || s.ifS != nil || len(s.anyOf) > 0 || len(s.allOf) > 0 {
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
	return s.pattern == nil || s.pattern.MatchString(key)
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
