package corpustest

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/lazyre"
	"github.com/wflint/wflint/rules"
	"github.com/wflint/wflint/rules/schema"
	"github.com/wflint/wflint/rules/security"
)

type corpusFile struct {
	path string
	src  []byte
}

// workflowFiles reads the corpus workflows (not action metadata, which actionlint does
// not lint) into memory, so that the benchmarks measure linting and not the disk.
func workflowFiles(b *testing.B) []corpusFile {
	var files []corpusFile
	for _, p := range corpusFiles(b) {
		if strings.Contains(filepath.ToSlash(p), "/actions/") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, corpusFile{p, src})
	}
	return files
}

// perFile reports time, bytes and allocations per file, measured around the loop.
func perFile(b *testing.B, body func(corpusFile)) {
	b.Helper()
	lazyre.VerifyNeedles = false // measure the prefilters, not their test-time check
	files := workflowFiles(b)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			body(f)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	count := float64(b.N * len(files))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/count, "ns/file")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/count, "B/file")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/count, "allocs/file")
	b.ReportMetric(float64(len(files)), "files")
}

// The floor: yaml.v3 decoding each file into a node tree, which every wflint run needs.
func BenchmarkYAMLDecode(b *testing.B) {
	perFile(b, func(f corpusFile) {
		var n yaml.Node
		_ = yaml.Unmarshal(f.src, &n)
	})
}

// benchRules are the default rules but shellcheck, which runs an external program, as
// actionlint's benchmark does not run it either.
func benchRules() []*analyzer.Rule {
	return slices.DeleteFunc(rules.Default(), func(r *analyzer.Rule) bool { return r.ID == "shellcheck" })
}

// wflint with every default rule (shellcheck off), one file at a time.
func BenchmarkWflint(b *testing.B) {
	runner := engine.NewRunner(benchRules()...)
	perFile(b, func(f corpusFile) { runner.Lint(engine.Input{Path: f.path, Fallback: analyzer.KindWorkflow}, f.src) })
}

// wflint without the schema rule: the difference to BenchmarkWflint is what schema
// validation costs per file.
func BenchmarkWflintNoSchema(b *testing.B) {
	var rs []*analyzer.Rule
	for _, r := range benchRules() {
		if r != schema.Schema {
			rs = append(rs, r)
		}
	}
	runner := engine.NewRunner(rs...)
	perFile(b, func(f corpusFile) { runner.Lint(engine.Input{Path: f.path, Fallback: analyzer.KindWorkflow}, f.src) })
}

// actionlint's Linter.Lint on the same files in the same process (shellcheck and
// pyflakes off, as they run external programs).
func BenchmarkActionlint(b *testing.B) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		b.Fatal(err)
	}
	perFile(b, func(f corpusFile) { _, _ = l.Lint("<stdin>", f.src, nil) })
}

// wflint without the security family: the difference to BenchmarkWflint is what the
// security rules cost per file.
func BenchmarkWflintNoSecurity(b *testing.B) {
	family := []*analyzer.Rule{security.ExcessivePermissions, security.ForbiddenUses, security.InsecureCommands,
		security.SecretsExposure, security.TemplateInjection, security.UntrustedCheckout, security.UntrustedPublish}
	var rs []*analyzer.Rule
	for _, r := range benchRules() {
		if !slices.Contains(family, r) {
			rs = append(rs, r)
		}
	}
	runner := engine.NewRunner(rs...)
	perFile(b, func(f corpusFile) { runner.Lint(engine.Input{Path: f.path, Fallback: analyzer.KindWorkflow}, f.src) })
}
