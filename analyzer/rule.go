package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Severity says how serious a diagnostic is. The zero value is not a valid severity.
type Severity int

const (
	Note Severity = iota + 1
	Warning
	Error
)

var severityNames = [...]string{Note: "note", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s >= Note && s <= Error {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity parses "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) {
	for i, name := range severityNames {
		if name != "" && name == s {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q; want one of \"error\", \"warning\", \"note\"", s)
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Confidence says how sure a finding is: that the maintainer, shown it, will agree it is
// a mistake or a real risk. The zero value means "as the rule says".
type Confidence int

const (
	Low Confidence = iota + 1
	Medium
	High
)

var confidenceNames = [...]string{Low: "low", Medium: "medium", High: "high"}

func (c Confidence) String() string {
	if c >= Low && c <= High {
		return confidenceNames[c]
	}
	return fmt.Sprintf("Confidence(%d)", int(c))
}

// MarshalText writes the confidence as its name.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ParseConfidence parses "high", "medium" or "low".
func ParseConfidence(s string) (Confidence, error) {
	for i, name := range confidenceNames {
		if name != "" && name == s {
			return Confidence(i), nil
		}
	}
	return 0, fmt.Errorf("unknown confidence %q; want one of \"high\", \"medium\", \"low\"", s)
}

// Category groups rules by what they protect against.
type Category string

const (
	CategorySyntax      Category = "syntax"      // the file cannot be read as GitHub reads it
	CategoryStructure   Category = "structure"   // structure GitHub rejects
	CategoryCorrectness Category = "correctness" // valid structure that does not do what was meant
	CategorySecurity    Category = "security"    // supply chain, credentials, injection
	CategoryStyle       Category = "style"
)

// FileKind says what a file is to GitHub.
type FileKind int

const (
	KindUnknown  FileKind = iota
	KindWorkflow          // .github/workflows/*.yml
	KindAction            // action.yml metadata
)

// WorkflowsAndActions is Rule.Kinds for a rule that reads both kinds of file.
var WorkflowsAndActions = []FileKind{KindWorkflow, KindAction}

func (k FileKind) String() string {
	switch k {
	case KindWorkflow:
		return "workflow"
	case KindAction:
		return "action"
	}
	return "unknown"
}

// Rule is one check. Rules are plain values; a rule keeps no state between files and
// gets everything it needs through the Pass.
type Rule struct {
	ID       string   // stable kebab-case name of the bad pattern, e.g. "needs-unknown-job"
	Title    string   // one line, lower-case, no trailing period
	Doc      string   // Markdown: What it does / Why is this bad? / Example / Use instead / Options / Fix safety / References
	Category Category // what the rule protects against
	Severity Severity // default severity
	// OffByDefault marks a rule that runs only when enabled explicitly.
	OffByDefault bool
	// Kinds lists the kinds of file the rule reads; empty means workflows only.
	Kinds []FileKind
	// TextOnly marks a rule that reads only the file's text, not its YAML tree: it runs
	// on a file that does not load too (so that a secret in it is still found).
	TextOnly bool
	// Run checks one file. An error (or a panic) becomes an internal-error finding that
	// names the rule; the rule's other findings on the file are kept.
	Run func(*Pass) error
	// Requires lists the shared analyses the rule reads (see Analysis); reading one that
	// is not listed is a programming error.
	Requires []Requirement
	// Confidence is how sure the rule's findings are (High when unset); a finding may
	// say it is less sure.
	Confidence Confidence
	// Precision overrides what code scanning shows as the rule's precision, which is
	// otherwise its confidence: "very-high" for a rule that reads only facts.
	Precision string
	// SecuritySeverity ranks the alerts of a security rule in code scanning, from 0.1 to
	// 10 (9.0 and above is critical); 0 derives it from Severity.
	SecuritySeverity float64
	// Options are the options the rule reads, which configuration files are checked
	// against.
	Options []Option
	// Online marks a rule that asks the GitHub API (Pass.Resolver) and reports nothing
	// without network access; the CLI says once when it skipped such rules.
	Online bool
}

// OptionType is the type of a rule option's value.
type OptionType string

const (
	OptionBool      OptionType = "boolean"
	OptionStrings   OptionType = "list of strings"
	OptionStringMap OptionType = "mapping of strings to strings"
)

// Option declares a rule option: its name, type and doc. Configuration files, the
// configuration schema and the starter configuration are checked against (or generated
// from) these declarations.
type Option struct {
	Name string
	Type OptionType
	Doc  string
	// Values, when set, lists what each string (or mapping value) may be.
	Values []string
	// Example is a value for the starter configuration, as YAML flow text.
	Example string
}

// DefaultState is "on" for a rule that runs by default and "off" for one that does not.
func (r *Rule) DefaultState() string {
	if r.OffByDefault {
		return "off"
	}
	return "on"
}

// DefaultConfidence is the confidence of the rule's findings unless one says otherwise.
func (r *Rule) DefaultConfidence() Confidence {
	if r.Confidence == 0 {
		return High
	}
	return r.Confidence
}

// Applies reports whether r reads files of kind k.
func (r *Rule) Applies(k FileKind) bool {
	if len(r.Kinds) == 0 {
		return k == KindWorkflow
	}
	for _, x := range r.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// DocURL is the stable address of the rule's documentation, used as SARIF helpUri and in
// messages that point at the docs.
func (r *Rule) DocURL() string { return DocBaseURL + r.ID + ".md" }

// DocBaseURL is where rule documentation pages are published.
const DocBaseURL = "https://github.com/wflint/wflint/blob/main/docs/rules/"

// Diagnostic is one finding. Range is required; Path and Rule are filled in by the
// runner when a rule leaves them empty.
type Diagnostic struct {
	Rule       string     `json:"rule"`
	Severity   Severity   `json:"severity"`
	Confidence Confidence `json:"confidence"`
	Message    string     `json:"message"`
	Path       string     `json:"path"`
	Range      Range      `json:"range"`
	Related    []Related  `json:"related"`
	Fixes      []Fix      `json:"fixes"`
	// Redact lists text of the file that must never be shown: a credential. The runner
	// masks it in the copy of the file that output formats read snippets from, keeping a
	// short prefix; the message must not contain it either (see Redacted).
	Redact []Range `json:"-"`
	// FixError says why a rule that offers a fix when it can (a ref resolved online)
	// could offer none here; wflint pin reports it.
	FixError error `json:"-"`
}

// Redacted shows a secret as its first characters and its length: "ghp_…(40 chars)".
func Redacted(secret string, keep int) string {
	r := []rune(secret)
	if keep > len(r)/4 {
		keep = len(r) / 4
	}
	return fmt.Sprintf("%s…(%d chars)", string(r[:keep]), len(r))
}

// Related points at another place that explains a diagnostic, such as the first of two
// duplicates.
type Related struct {
	Message string `json:"message"`
	Range   Range  `json:"range"`
}

// Safety says whether a fix may be applied without a person looking at it.
type Safety string

const (
	// Safe fixes keep the workflow's meaning apart from the mistake they repair.
	Safe Safety = "safe"
	// Unsafe fixes may change behaviour (a guessed name, a value that needs the network).
	Unsafe Safety = "unsafe"
)

// Fix is a set of non-overlapping edits that together repair a diagnostic.
type Fix struct {
	Title  string `json:"title"`
	Safety Safety `json:"safety"`
	Edits  []Edit `json:"edits"`
}

// Edit replaces the text in Range with NewText.
type Edit struct {
	Range   Range  `json:"range"`
	NewText string `json:"new_text"`
}

// Pass is what a rule sees while it checks one file.
type Pass struct {
	Rule    *Rule
	File    *File
	Options OptionValues // the rule's options from configuration and flags
	// Resolver answers what a remote git ref points to now. It is nil unless the user
	// allowed network access (wflint --online); rules that need it do nothing without it.
	Resolver Resolver
	report   func(Diagnostic)
	peers    func(*Rule) (OptionValues, bool)
}

// NewPass returns the pass of rule r over file f; report receives each diagnostic, with
// its rule, severity and path filled in.
func NewPass(r *Rule, f *File, opts OptionValues, res Resolver, report func(Diagnostic)) *Pass {
	return &Pass{Rule: r, File: f, Options: opts, Resolver: res, report: report}
}

// ForRule turns the pass to rule r with its options, for a runner that runs the rules
// of one file in turn with one pass. A rule must not keep its pass after Run returns.
func (p *Pass) ForRule(r *Rule, opts OptionValues) *Pass {
	p.Rule, p.Options = r, opts
	return p
}

// WithPeers tells the pass which other rules run on the file, and with what options:
// peers(r) returns r's options and whether r runs.
func (p *Pass) WithPeers(peers func(*Rule) (OptionValues, bool)) *Pass {
	p.peers = peers
	return p
}

// Peer returns the options of rule r and whether r runs on this file too. Two rules that
// could say the same thing about one place use it to say it once.
func (p *Pass) Peer(r *Rule) (OptionValues, bool) {
	if p.peers == nil || r == nil {
		return OptionValues{}, false
	}
	return p.peers(r)
}

// Resolver resolves a git ref (tag, branch or SHA) of a GitHub repository to the commit
// SHA it points to.
type Resolver interface {
	ResolveRef(owner, repo, ref string) (string, error)
}

// Advisory is a published security advisory about an action, from GitHub's advisory
// database.
type Advisory struct {
	ID         string // GHSA-xxxx-xxxx-xxxx
	CVE        string // may be empty
	Summary    string
	Severity   string // low, medium, high or critical
	Vulnerable string // the affected versions as GitHub writes them: ">= 1.0.0, < 1.2.3"
	Patched    string // the first patched version; empty when there is none
}

// AdvisorySource lists the advisories about an action repository (owner/repo, or
// owner/repo/path for an action in a subfolder). A Resolver may implement it.
type AdvisorySource interface {
	Advisories(action string) ([]Advisory, error)
}

// CommitChecker says whether a commit belongs to a repository's own history (a branch
// or a tag of it), rather than to a fork's, which GitHub also serves under the
// repository's name. A Resolver may implement it.
type CommitChecker interface {
	InRepository(owner, repo, sha string) (bool, error)
}

// Report records a diagnostic. The rule's ID and default severity are filled in when the
// diagnostic leaves them empty.
func (p *Pass) Report(d Diagnostic) {
	if d.Rule == "" {
		d.Rule = p.Rule.ID
	}
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	if d.Confidence == 0 {
		d.Confidence = p.Rule.DefaultConfidence()
	}
	d.Path = p.File.Path
	p.report(d)
}

// Reportf reports a diagnostic at node n.
func (p *Pass) Reportf(n *yaml.Node, format string, args ...any) {
	p.Report(Diagnostic{Range: p.File.Range(n), Message: fmt.Sprintf(format, args...)})
}

// Workflow is the file's workflow model, or nil when the file is not a workflow.
func (p *Pass) Workflow() *Workflow { return p.File.Workflow }

// Action is the file's action metadata model, or nil when the file is not an action.
func (p *Pass) Action() *Action { return p.File.Action }

// DocSections are the sections every rule doc has, in this order.
var DocSections = []string{"What it does", "Why is this bad?", "Example", "Use instead", "Options", "Fix safety", "References"}

// DocSection returns the body of the "## name" section of a rule doc.
func DocSection(doc, name string) string {
	head := "## " + name + "\n"
	i := strings.Index(doc, head)
	if i < 0 {
		return ""
	}
	body := doc[i+len(head):]
	if j := strings.Index(body, "\n## "); j >= 0 {
		body = body[:j+1]
	}
	return strings.TrimSpace(body)
}

// SortRules orders rules by ID.
func SortRules(rs []*Rule) {
	slices.SortFunc(rs, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
}
