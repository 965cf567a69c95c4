package analyzer

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

// OptionValues are the values of one rule's options. Each is stored as its declared
// type (see Option) by Set, which is the one place where a value from a configuration
// file, a test or a flag is checked; rules read them back with the typed getters.
type OptionValues struct {
	bools map[string]bool
	lists map[string][]string
	maps  map[string]map[string]string
}

// Bool returns the value of a boolean option; false when unset.
func (o OptionValues) Bool(name string) bool { return o.bools[name] }

// Strings returns the value of a list option and whether it was set.
func (o OptionValues) Strings(name string) ([]string, bool) {
	v, ok := o.lists[name]
	return v, ok
}

// StringMap returns the value of a mapping option; nil when unset.
func (o OptionValues) StringMap(name string) map[string]string { return o.maps[name] }

// Clone returns a copy that can be changed without changing o.
func (o OptionValues) Clone() OptionValues {
	return OptionValues{bools: maps.Clone(o.bools), lists: maps.Clone(o.lists), maps: maps.Clone(o.maps)}
}

// Set checks v against the declaration opt and stores it. v is what a YAML or JSON
// decoder gives (a bool, a list of strings, a mapping of strings) or the Go type of the
// option (bool, []string, map[string]string). The error says what is wrong, without a
// position: the caller knows where v came from.
func (o *OptionValues) Set(opt Option, v any) error {
	switch opt.Type {
	case OptionBool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%s must be true or false", opt.Name)
		}
		if o.bools == nil {
			o.bools = map[string]bool{}
		}
		o.bools[opt.Name] = b
	case OptionStrings:
		list, err := stringList(opt, v)
		if err != nil {
			return err
		}
		if o.lists == nil {
			o.lists = map[string][]string{}
		}
		o.lists[opt.Name] = list
	case OptionStringMap:
		m, err := stringMap(opt, v)
		if err != nil {
			return err
		}
		if o.maps == nil {
			o.maps = map[string]map[string]string{}
		}
		o.maps[opt.Name] = m
	default:
		return fmt.Errorf("%s has no declared type", opt.Name)
	}
	return nil
}

// ParseOptions checks the options m (as decoded from JSON or YAML) against the
// declarations of rule r and returns their values.
func ParseOptions(r *Rule, m map[string]any) (OptionValues, error) {
	var o OptionValues
	for _, name := range slices.Sorted(maps.Keys(m)) {
		i := slices.IndexFunc(r.Options, func(opt Option) bool { return opt.Name == name })
		if i < 0 {
			return o, fmt.Errorf("rule %s has no option %q", r.ID, name)
		}
		if err := o.Set(r.Options[i], m[name]); err != nil {
			return o, err
		}
	}
	return o, nil
}

func stringList(opt Option, v any) ([]string, error) {
	var list []string
	switch x := v.(type) {
	case []string:
		list = slices.Clone(x)
	case []any:
		list = []string{} // set, though empty: "none exist"
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s must be a list of strings", opt.Name)
			}
			list = append(list, s)
		}
	default:
		return nil, fmt.Errorf("%s must be a list of strings", opt.Name)
	}
	for _, s := range list {
		if err := checkValue(opt, s); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func stringMap(opt Option, v any) (map[string]string, error) {
	m := map[string]string{}
	switch x := v.(type) {
	case map[string]string:
		maps.Copy(m, x)
	case map[string]any:
		for k, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s must map strings to strings", opt.Name)
			}
			m[k] = s
		}
	default:
		return nil, fmt.Errorf("%s must map strings to strings", opt.Name)
	}
	keys := slices.Collect(maps.Keys(m))
	sort.Strings(keys)
	for _, k := range keys {
		if err := checkValue(opt, m[k]); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func checkValue(opt Option, s string) error {
	if len(opt.Values) > 0 && !slices.Contains(opt.Values, s) {
		return fmt.Errorf("%s: %q is not one of %s", opt.Name, s, QuoteOrList(opt.Values))
	}
	return nil
}
