package analyzer

import "fmt"

// An Analysis is a result about one file that several rules share, such as every
// expression of a workflow parsed and type-checked once. It is declared once, with its
// type; a rule lists it in Rule.Requires and reads it with Of, as go/analysis rules do
// with Requires and ResultOf. It is computed the first time a rule of the file asks, and
// kept until the file is released.
type Analysis[T any] struct {
	Name string // for messages: "expressions"
	Run  func(*File) T
}

// Requirement is an Analysis of any result type, as Rule.Requires lists them.
type Requirement interface{ analysisName() string }

func (a *Analysis[T]) analysisName() string { return a.Name }

// Of returns the analysis of the pass's file, computing it on first use. It panics (an
// internal-error finding) when the pass's rule does not list a in Requires.
func (a *Analysis[T]) Of(p *Pass) T {
	if !requires(p.Rule, a) {
		panic(fmt.Sprintf("rule %q reads the analysis %q without listing it in Requires", p.Rule.ID, a.Name))
	}
	return a.of(p.File)
}

func (a *Analysis[T]) of(f *File) T {
	if v, ok := f.analyses[a]; ok {
		return v.(T)
	}
	v := a.Run(f)
	if f.analyses == nil {
		f.analyses = map[Requirement]any{}
	}
	f.analyses[a] = v
	return v
}

func requires(r *Rule, a Requirement) bool {
	for _, x := range r.Requires {
		if x == a {
			return true
		}
	}
	return false
}
