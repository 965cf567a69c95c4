// Package analyzer is what a wflint rule is written against: the rule API (Rule, Pass,
// Diagnostic, Fix, Edit, typed option values), the model of workflows and action
// metadata built from a YAML tree whose every node has a start and an end (Load,
// Workflow, Action, Range), edit builders that keep the rest of a file byte for byte,
// shared analyses that several rules read (Analysis, Requires), and the helpers that
// make every message read alike (Plural, DidYouMean, QuoteList).
//
// It imports nothing else of wflint: the engine runs rules, the report package formats
// their findings, and the rule families live under rules/. A rule is a value; it keeps
// no state between files and gets everything through its Pass:
//
//	var NeedsSelf = &analyzer.Rule{
//		ID: "needs-self", Title: "a job needs itself", Doc: doc,
//		Category: analyzer.CategoryStructure, Severity: analyzer.Error,
//		Run: func(p *analyzer.Pass) error {
//			for _, j := range p.Workflow().Jobs { ... p.Report(...) }
//			return nil
//		},
//	}
package analyzer
