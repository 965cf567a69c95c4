package corpustest

import (
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
)

// BenchmarkExpressions measures the expression analysis alone (one of its rules runs it;
// the others only read the result), on top of loading.
func BenchmarkExpressions(b *testing.B) {
	runner := engine.NewRunner(expressionRules...)
	perFile(b, func(f corpusFile) { runner.Lint(engine.Input{Path: f.path, Fallback: analyzer.KindWorkflow}, f.src) })
}

// BenchmarkLoad measures loading alone: the YAML tree, the checks on it and the model.
func BenchmarkLoad(b *testing.B) {
	perFile(b, func(f corpusFile) { analyzer.Load(f.path, f.src, analyzer.KindWorkflow) })
}
