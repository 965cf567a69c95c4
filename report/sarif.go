package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// SARIFOptions says how to write SARIF.
type SARIFOptions struct {
	Version string // wflint's version
	// Category becomes automationDetails.id: code scanning keeps the alerts of each
	// category apart, so two analyses of one repository need two categories.
	Category string
	// Rules are the rules that ran: all of them are described, found or not, so that
	// code scanning can close the alerts of a rule that no longer fires.
	Rules []*analyzer.Rule
	// URI turns a diagnostic's path into the path relative to the repository root that
	// code scanning expects; nil keeps the path, cleaned.
	URI func(path string) string
}

// InformationURI is wflint's home.
const InformationURI = "https://github.com/wflint/wflint"

// WriteSARIF writes the result as a SARIF 2.1.0 log with one run, as GitHub code
// scanning ingests it.
func WriteSARIF(w io.Writer, res *analyzer.Result, opts SARIFOptions) error {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	// SARIF viewers compare versions that start with a number: "1.2.0", not "v1.2.0" or
	// "dev" (a build from a checkout without a tag).
	v := strings.TrimPrefix(opts.Version, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		v = "0.0.0-" + cmp.Or(v, "unknown")
	}
	rules := &sarifRules{driver: sarif.NewDriver("wflint").WithInformationURI(InformationURI).WithVersion(v).WithSemanticVersion(v), index: map[string]int{}}
	for _, r := range opts.Rules {
		rules.add(r)
	}
	run := sarif.NewRun(*sarif.NewTool(rules.driver))
	run.WithColumnKind("unicodeCodePoints")
	if opts.Category != "" {
		id := opts.Category
		if !strings.Contains(id, "/") {
			id += "/" // "category/": a category with no run id, as GitHub reads it
		}
		run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(id))
	}
	hashes := map[string]map[int]string{}
	run.Results = []*sarif.Result{}
	for _, d := range res.Diagnostics {
		result := sarifResult(d, rules.indexOf(d), opts)
		if f := res.Files[d.Path]; f != nil {
			h := hashes[d.Path]
			if h == nil {
				h = LineHashes(f.Src)
				hashes[d.Path] = h
			}
			if v, ok := h[d.Range.Start.Line]; ok {
				result.WithPartialFingerPrints(map[string]any{"primaryLocationLineHash": v})
			}
		}
		run.AddResult(result)
	}
	// files that could not be read: code scanning shows these on the tool's status page
	inv := run.AddInvocation(len(res.Errors) == 0 && !res.HasInternalError())
	for _, e := range res.Errors {
		inv.AddTToolExecutionNotification(sarif.NewNotification().WithLevel("error").WithMessage(sarif.NewTextMessage(e.Error())))
	}
	report.AddRun(run)
	var buf bytes.Buffer
	if err := report.PrettyWrite(&buf); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// sarifRules is the driver's list of rules and where each stands in it.
type sarifRules struct {
	driver *sarif.ToolComponent
	index  map[string]int
}

func (s *sarifRules) add(r *analyzer.Rule) int {
	s.index[r.ID] = len(s.driver.Rules)
	s.driver.Rules = append(s.driver.Rules, sarifRule(r))
	return s.index[r.ID]
}

// indexOf is the index of d's rule, which is added when it is not listed (an engine
// rule such as internal-error, which runs whatever is selected).
func (s *sarifRules) indexOf(d analyzer.Diagnostic) int {
	if i, ok := s.index[d.Rule]; ok {
		return i
	}
	r := &analyzer.Rule{ID: d.Rule, Title: d.Rule, Severity: d.Severity, Category: analyzer.CategorySyntax}
	for _, b := range analyzer.Builtin() {
		if b.ID == d.Rule {
			r = b
		}
	}
	return s.add(r)
}

// sarifResult is the result of one finding, without its fingerprint.
func sarifResult(d analyzer.Diagnostic, ruleIndex int, opts SARIFOptions) *sarif.Result {
	uri := cleanURI(d.Path)
	if opts.URI != nil {
		uri = opts.URI(d.Path)
	}
	region := sarif.NewRegion().WithStartLine(d.Range.Start.Line).WithStartColumn(d.Range.Start.Column)
	end := d.Range.End
	if end.Line == 0 {
		end = d.Range.Start
	}
	region.WithEndLine(end.Line).WithEndColumn(end.Column)
	result := sarif.NewRuleResult(d.Rule).
		WithRuleIndex(ruleIndex).
		WithLevel(sarifLevel(d.Severity)).
		WithMessage(sarif.NewTextMessage(d.Message)).
		WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri).WithUriBaseId("%SRCROOT%")).
				WithRegion(region))})
	if d.Confidence != 0 {
		result.Properties = sarif.Properties{"confidence": d.Confidence.String()}
	}
	return result
}

func sarifLevel(s analyzer.Severity) string {
	switch s {
	case analyzer.Error:
		return "error"
	case analyzer.Warning:
		return "warning"
	}
	return "note"
}

// sarifRule describes a rule: titles, the doc as help, level, tags, precision and, for
// security rules, the severity code scanning ranks alerts by.
func sarifRule(r *analyzer.Rule) *sarif.ReportingDescriptor {
	title := r.Title
	if title != "" {
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	full := analyzer.DocSection(r.Doc, "What it does")
	if full == "" {
		full = title
	}
	full = limit(plainText(full), 1000)
	rule := sarif.NewRule(r.ID).
		WithShortDescription(sarif.NewMultiformatMessageString(title)).
		WithFullDescription(sarif.NewMultiformatMessageString(full)).
		WithHelpURI(r.DocURL()).
		WithHelp(sarif.NewMultiformatMessageString(plainText(r.Doc)).WithMarkdown(r.Doc)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	// SARIF wants a name that differs from the id; a one-word id has none to give
	if name := ruleName(r.ID); !strings.EqualFold(name, r.ID) {
		rule.WithName(name)
	}
	// code scanning filters alerts by the tag "security"
	props := sarif.Properties{"tags": []string{"github-actions", string(r.Category)}, "precision": precision(r)}
	if r.Category == analyzer.CategorySecurity {
		props["security-severity"] = securitySeverity(r)
		props["problem.severity"] = map[analyzer.Severity]string{analyzer.Error: "error", analyzer.Warning: "warning", analyzer.Note: "recommendation"}[r.Severity]
	}
	rule.WithProperties(props)
	return rule
}

func precision(r *analyzer.Rule) string {
	if r.Precision != "" {
		return r.Precision
	}
	return r.DefaultConfidence().String()
}

func securitySeverity(r *analyzer.Rule) string {
	if r.SecuritySeverity != 0 {
		return strconv.FormatFloat(r.SecuritySeverity, 'f', 1, 64)
	}
	return map[analyzer.Severity]string{analyzer.Error: "7.0", analyzer.Warning: "5.0", analyzer.Note: "3.0"}[r.Severity]
}

// ruleName is the rule id in the PascalCase SARIF viewers show: "UnpinnedUses".
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

var (
	mdLink   = lazyre.New(`\[([^\]]+)\]\([^)]+\)`)
	mdMarks  = lazyre.New("[`*]")
	mdHeader = lazyre.New(`(?m)^#+ `)
	mdFence  = lazyre.New("(?m)^```[a-z]*\n")
)

// plainText turns a rule doc into plain text for help.text.
func plainText(md string) string {
	s := mdLink.ReplaceAllString(md, "$1")
	s = mdHeader.ReplaceAllString(s, "")
	s = mdFence.ReplaceAllString(s, "")
	return strings.TrimSpace(mdMarks.ReplaceAllString(s, ""))
}

func limit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// cleanURI makes a path the relative URI code scanning expects: forward slashes, no
// "./".
func cleanURI(p string) string {
	p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
	return strings.TrimPrefix(p, "./")
}

// LineHashes computes, for each line of src, the hash github/codeql-action's
// upload-sarif puts in partialFingerprints.primaryLocationLineHash: a rolling hash of the
// 100 characters (UTF-16 code units, spaces and tabs skipped, CR LF read as LF) that
// start at the line, with ":n" for the n-th line of the file whose hash is the same. With
// it, an alert keeps its identity when lines are added above it.
func LineHashes(src []byte) map[int]string {
	const block = 100
	const mod uint64 = 37
	firstMod := uint64(1)
	for range block {
		firstMod *= mod
	}
	var window [block]uint64
	var lineNumbers [block]int
	for i := range lineNumbers {
		lineNumbers[i] = -1
	}
	var hash uint64
	index, lineNumber := 0, 0
	lineStart, prevCR := true, false
	counts := map[string]int{}
	out := map[int]string{}
	output := func() {
		v := strconv.FormatUint(hash, 16)
		counts[v]++
		out[lineNumbers[index]] = fmt.Sprintf("%s:%d", v, counts[v])
		lineNumbers[index] = -1
	}
	update := func(c uint64) {
		begin := window[index]
		window[index] = c
		hash = mod*hash + c - firstMod*begin
		index = (index + 1) % block
	}
	process := func(c uint64) {
		if c == ' ' || c == '\t' || prevCR && c == '\n' {
			prevCR = false
			return
		}
		if c == '\r' {
			c = '\n'
			prevCR = true
		} else {
			prevCR = false
		}
		if lineNumbers[index] != -1 {
			output()
		}
		if lineStart {
			lineStart = false
			lineNumber++
			lineNumbers[index] = lineNumber
		}
		if c == '\n' {
			lineStart = true
		}
		update(c)
	}
	for _, u := range utf16.Encode([]rune(string(src))) {
		process(uint64(u))
	}
	process(65535) // the end of the input
	for range block {
		if lineNumbers[index] != -1 {
			output()
		}
		update(0)
	}
	return out
}
