package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// The parts of schema/config.schema.json and of the starter configuration that depend on
// the rules are generated from the rule values, so that they cannot drift from what
// Parse accepts; a test in package rules checks that the files are current
// (go test ./rules -update rewrites them).

// Schema returns schema (the JSON of config.schema.json) with its rule parts made anew
// from rules: the entry of each rule under "rules", and the rule names "ignore" takes.
// Everything else, and the order of keys, is kept.
func Schema(schema []byte, rules []*analyzer.Rule) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(schema))
	doc, err := decodeOrdered(dec)
	if err != nil {
		return nil, fmt.Errorf("config.schema.json: %v", err)
	}
	top, ok := doc.(object)
	if !ok {
		return nil, fmt.Errorf("config.schema.json: not an object")
	}
	var ids []string
	entries := object{}
	for _, r := range rules {
		ids = append(ids, r.ID)
		entries = append(entries, member{r.ID, ruleSchema(r)})
	}
	props := top.get("properties")
	ruleProps := props.get("rules")
	if ruleProps == nil {
		return nil, fmt.Errorf("config.schema.json has no properties.rules")
	}
	ruleProps.set("properties", entries)
	ignored := props.get("ignore").get("items").get("properties").get("rules")
	if ignored == nil {
		return nil, fmt.Errorf("config.schema.json has no properties.ignore.items.properties.rules")
	}
	ignored.set("oneOf", []any{
		object{{"enum", ids}},
		object{{"type", "array"}, {"minItems", 1}, {"items", object{{"enum", ids}}}},
	})
	out, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func ruleSchema(r *analyzer.Rule) object {
	options := object{{"type", "object"}, {"maxProperties", 0}, {"description", "this rule has no options"}}
	if len(r.Options) > 0 {
		props := object{}
		for _, o := range r.Options {
			props = append(props, member{o.Name, optionSchema(o)})
		}
		options = object{{"type", "object"}, {"additionalProperties", false}, {"properties", props}}
	}
	return object{
		{"description", r.Title},
		{"oneOf", []any{
			object{{"description", "off, on, or a severity (which also turns the rule on)"}, {"enum", []string{"off", "on", "error", "warning", "note"}}},
			object{
				{"type", "object"},
				{"additionalProperties", false},
				{"properties", object{
					{"enabled", object{{"type", "boolean"}, {"description", "whether the rule runs"}}},
					{"severity", object{{"enum", []string{"error", "warning", "note"}}, {"description", "the severity of every finding of the rule"}}},
					{"options", options},
				}},
			},
		}},
	}
}

func optionSchema(o analyzer.Option) object {
	str := object{{"type", "string"}}
	if len(o.Values) > 0 {
		str = object{{"enum", o.Values}}
	}
	var s object
	switch o.Type {
	case analyzer.OptionBool:
		s = object{{"type", "boolean"}}
	case analyzer.OptionStrings:
		s = object{{"type", "array"}, {"items", str}}
	case analyzer.OptionStringMap:
		s = object{{"type", "object"}, {"additionalProperties", str}}
	}
	return append(s, member{"description", o.Doc})
}

// StarterRules is the commented example of the long form of rule entries in the starter
// configuration: every rule that has options, with each option's doc and example.
func StarterRules(rules []*analyzer.Rule) string {
	var b strings.Builder
	b.WriteString("#   # The long form also takes the rule's options (see each rule's doc).\n")
	for _, r := range rules {
		if len(r.Options) == 0 {
			continue
		}
		fmt.Fprintf(&b, "#   %s:\n#     options:\n", r.ID)
		for _, o := range r.Options {
			for _, line := range wrap(o.Doc, 80) {
				fmt.Fprintf(&b, "#       # %s\n", line)
			}
			if !strings.Contains(o.Example, "\n") {
				fmt.Fprintf(&b, "#       %s: %s\n", o.Name, o.Example)
				continue
			}
			fmt.Fprintf(&b, "#       %s:\n", o.Name)
			for _, line := range strings.Split(o.Example, "\n") {
				fmt.Fprintf(&b, "#         %s\n", line)
			}
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width bytes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// object is a JSON object that keeps the order of its keys.
type object []member

type member struct {
	key   string
	value any
}

func (o object) get(key string) object {
	for _, m := range o {
		if m.key == key {
			v, _ := m.value.(object)
			return v
		}
	}
	return nil
}

// set replaces the value of key, which must be there.
func (o object) set(key string, v any) {
	for i := range o {
		if o[i].key == key {
			o[i].value = v
		}
	}
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// decodeOrdered reads one JSON value, objects as object.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := object{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.(string), v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}
