package filters_test

import (
	"fmt"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules/filters"
)

// BenchmarkFilterNoMatch checks one workflow's path filters against a repository of
// 100,000 files: patterns that match (found quickly through their literal prefix, or by
// scanning for those that start with "**") and patterns that match nothing (a full scan
// for "**/*.md", which is not reported since a wildcard may wait for files to come, and
// two missing directories with a closest-path hint).
func BenchmarkFilterNoMatch(b *testing.B) {
	var files []string
	for i := range 100_000 {
		files = append(files, fmt.Sprintf("pkg%03d/sub%02d/file%03d.go", i/1000, i/100%10, i%100))
	}
	repo := engine.NewRepoFiles(files, nil)
	src := []byte(`on:
  push:
    paths:
      - 'pkg050/**'
      - 'pkg099/sub09/file099.go'
      - '**/*.go'
      - '**/file042.go'
      - 'pkg1000/**'
      - 'pkg050/sub5/**'
      - '**/*.md'
      - 'pkg050/sub05/*.txt'
jobs:
  a:
    runs-on: x
    steps: [{run: y}]
`)
	runner := engine.NewRunner(filters.FilterNoMatch)
	if _, diags := runner.Lint(engine.Input{Path: "ci.yml", Fallback: analyzer.KindWorkflow, Repo: repo}, src); len(diags) != 2 {
		b.Fatalf("want 2 findings, got %s", analyzertestDescribe(diags))
	}
	b.ResetTimer()
	for b.Loop() {
		runner.Lint(engine.Input{Path: "ci.yml", Fallback: analyzer.KindWorkflow, Repo: repo}, src)
	}
}

func analyzertestDescribe(diags []analyzer.Diagnostic) string {
	s := ""
	for _, d := range diags {
		s += d.Range.Start.String() + " " + d.Message + "\n"
	}
	return s
}
