package schema

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/testenv"
)

// judge is gojsonschema's verdict on root, the one the fast path must never contradict.
func judge(t *testing.T, v *validator, root *yaml.Node) bool {
	t.Helper()
	if err := v.load(); err != nil {
		t.Fatal(err)
	}
	res, err := v.schema.Validate(gojsonschema.NewRawLoader(toValue(root, 0)))
	if err != nil {
		t.Fatal(err)
	}
	return res.Valid()
}

// fastCase is one file to check: its tree and which schema judges it.
type fastCase struct {
	name string
	v    *validator
	root *yaml.Node
}

// fastCases loads every corpus file and every YAML file of the project's own test data.
func fastCases(t *testing.T) []fastCase {
	var out []fastCase
	add := func(path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := analyzer.Load(path, src, analyzer.KindWorkflow)
		if f.Root == nil {
			return
		}
		switch f.Kind {
		case analyzer.KindWorkflow:
			out = append(out, fastCase{path, workflowValidator, f.Root})
		case analyzer.KindAction:
			out = append(out, fastCase{path, actionValidator, f.Root})
		}
	}
	for _, p := range testenv.YAMLFiles(t, "rules", "testdata") {
		add(p)
	}
	return out
}

// The fast path says "certainly valid" only where gojsonschema finds the file valid: on
// every corpus and test file, and on 20,000 mutations of them (a value of another type,
// a key renamed or removed, an item repeated, a mapping made a scalar). It must also be
// worth having: most valid files take it.
func TestFastPathAgreesWithGojsonschema(t *testing.T) {
	cases := fastCases(t)
	valid, fast := 0, 0
	for _, c := range cases {
		ok := judge(t, c.v, c.root)
		if c.v.certainlyValid(c.root) {
			fast++
			if !ok {
				t.Errorf("%s: the fast path says valid, gojsonschema does not", c.name)
			}
		}
		if ok {
			valid++
		}
	}
	t.Logf("%d files, %d valid by gojsonschema, %d of them certainly valid by the fast path", len(cases), valid, fast)
	if valid > 100 && fast < valid*9/10 {
		t.Errorf("the fast path takes only %d of %d valid files", fast, valid)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	mutated, agreed := 0, 0
	for i := 0; i < 20000 && len(cases) > 0; i++ {
		c := cases[rng.IntN(len(cases))]
		root := cloneNode(c.root)
		if !mutate(rng, root) {
			continue
		}
		mutated++
		if c.v.certainlyValid(root) {
			if !judge(t, c.v, root) {
				var b strings.Builder
				enc := yaml.NewEncoder(&b)
				_ = enc.Encode(root)
				t.Fatalf("mutation %d of %s: the fast path says valid, gojsonschema does not:\n%s", i, c.name, b.String())
			}
			agreed++
		}
	}
	t.Logf("%d mutations, %d of them certainly valid by the fast path and valid by gojsonschema", mutated, agreed)
}

// cloneNode copies a tree, aliases resolved into copies.
func cloneNode(n *yaml.Node) *yaml.Node {
	n = analyzer.Resolve(n)
	if n == nil {
		return nil
	}
	c := *n
	c.Anchor = ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	return &c
}

// mutate changes one random node of root; false when it found nothing to change.
func mutate(rng *rand.Rand, root *yaml.Node) bool {
	var nodes []*yaml.Node
	var collect func(n *yaml.Node)
	collect = func(n *yaml.Node) {
		nodes = append(nodes, n)
		for _, c := range n.Content {
			collect(c)
		}
	}
	collect(root)
	if len(nodes) < 2 {
		return false
	}
	n := nodes[1+rng.IntN(len(nodes)-1)]
	scalars := []struct{ tag, value string }{
		{"!!str", "x"}, {"!!str", ""}, {"!!int", "3"}, {"!!float", "1.5"}, {"!!bool", "true"},
		{"!!null", ""}, {"!!str", "${{ x }}"}, {"!!str", "read"}, {"!!str", "push"}, {"!!str", "ubuntu-latest"},
	}
	switch rng.IntN(5) {
	case 0: // a scalar of another type
		s := scalars[rng.IntN(len(scalars))]
		*n = yaml.Node{Kind: yaml.ScalarNode, Tag: s.tag, Value: s.value}
	case 1: // a key renamed
		if n.Kind == yaml.MappingNode && len(n.Content) >= 2 {
			k := n.Content[2*rng.IntN(len(n.Content)/2)]
			k.Value += "x"
		}
	case 2: // an entry removed
		if n.Kind == yaml.MappingNode && len(n.Content) >= 2 {
			i := 2 * rng.IntN(len(n.Content)/2)
			n.Content = append(n.Content[:i:i], n.Content[i+2:]...)
		} else if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
			n.Content = n.Content[1:]
		}
	case 3: // an item repeated, or a mapping given another mapping's entry
		if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
			n.Content = append(n.Content, cloneNode(n.Content[0]))
		} else if n.Kind == yaml.MappingNode {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "with"},
				&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
		}
	case 4: // a mapping or list made a scalar, or a scalar made a list
		if n.Kind == yaml.ScalarNode {
			*n = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{cloneNode(n)}}
		} else {
			*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "x"}
		}
	}
	return true
}
