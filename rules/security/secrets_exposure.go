package security

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
)

//go:embed secrets-exposure.md
var secretsExposureDoc string

// SecretsExposure reports a job given more secrets than it names, or a secret's value
// that the log masking does not cover.
var SecretsExposure = &analyzer.Rule{
	Options: []analyzer.Option{
		{Name: "trusted", Type: analyzer.OptionStrings,
			Doc:     "owners (globs) whose reusable workflows may receive secrets: inherit; the repository's owner always may",
			Example: "[my-org]"},
	},
	ID:       "secrets-exposure",
	Title:    "a job gets every secret, or a secret's value escapes the log masking",
	Doc:      secretsExposureDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Warning,
	Run:      runSecretsExposure,

	SecuritySeverity: 6.0,
}

func runSecretsExposure(p *analyzer.Pass) error {
	wf := p.File.Workflow
	if wf == nil {
		return nil
	}
	for _, j := range wf.Jobs {
		checkInherit(p, j)
		checkSecretFlows(p, wf, j)
	}
	walkScalars(p.File.Root, 0, func(n *yaml.Node) {
		if !strings.Contains(n.Value, "${{") || !containsFold(n.Value, "secrets") {
			return // every span judged below names secrets
		}
		for _, sp := range ghexpr.Scan(n.Value, false) {
			// Only toJSON(secrets), secrets[…] and fromJSON(secrets.X).y are judged: a plain
			// secrets.NAME, by far the most common, is not parsed.
			if sp.Close < 0 || !containsFold(sp.Text, "secrets") ||
				!containsFold(sp.Text, "json") && !strings.Contains(sp.Text, "[") {
				continue
			}
			tree, err := ghexpr.Parse(ghexpr.Source(sp.Text))
			if err != nil {
				continue
			}
			if msg, sev := secretsUse(tree); msg != "" {
				p.Report(analyzer.Diagnostic{Range: p.File.TextRange(n, sp.Open, sp.Close), Severity: sev, Message: msg})
			}
		}
	})
	return nil
}

// checkInherit reports secrets: inherit into a reusable workflow of an untrusted owner.
func checkInherit(p *analyzer.Pass, j *analyzer.Job) {
	v, ok := analyzer.ScalarValue(j.Secrets)
	if !ok || v != "inherit" || j.Uses == nil {
		return
	}
	u := analyzer.ParseUses(j.Uses)
	if u.Kind != analyzer.UsesRemote {
		return // this repository's own workflow
	}
	trusted, _ := p.Options.Strings("trusted")
	for _, t := range trusted {
		if ok, _ := path.Match(strings.ToLower(t), strings.ToLower(u.Owner)); ok {
			return
		}
	}
	p.Report(analyzer.Diagnostic{
		Range:      p.File.Range(j.Secrets),
		Severity:   analyzer.Warning,
		Confidence: analyzer.Medium, // the owner may be this repository's, when wflint cannot tell
		Message: fmt.Sprintf("job %q passes every secret of this repository to %s, a workflow %s controls: pass only the secrets it declares (secrets: {NAME: ${{ secrets.NAME }}}), or list %s in the rule's trusted option",
			j.ID.Value, u.Name(), u.Owner, u.Owner),
	})
}

// secretsUse judges one expression: every secret at once, a secret chosen at run time,
// or a field of a JSON secret.
func secretsUse(tree actionlint.ExprNode) (string, analyzer.Severity) {
	msg, sev := "", analyzer.Warning
	actionlint.VisitExprNode(tree, func(n, parent actionlint.ExprNode, entering bool) {
		if !entering || msg != "" {
			return
		}
		switch n := n.(type) {
		case *actionlint.FuncCallNode:
			if strings.EqualFold(n.Callee, "tojson") && len(n.Args) == 1 {
				if v, ok := n.Args[0].(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "secrets") {
					msg = "toJSON(secrets) hands every secret of the repository to this step, whatever it needs; pass the secrets it uses by name"
				}
			}
		case *actionlint.IndexAccessNode:
			if v, ok := n.Operand.(*actionlint.VariableNode); ok && strings.EqualFold(v.Name, "secrets") {
				if _, lit := n.Index.(*actionlint.StringNode); !lit {
					msg = "a secret chosen at run time (secrets[…]) makes GitHub send every secret of the repository to the runner; name the secrets, one expression each"
				}
			}
		case *actionlint.ObjectDerefNode:
			if call, ok := n.Receiver.(*actionlint.FuncCallNode); ok && strings.EqualFold(call.Callee, "fromjson") && len(call.Args) == 1 && mentionsSecrets(call.Args[0]) {
				msg = fmt.Sprintf("the field %q of a JSON secret is not masked in the log (GitHub masks the whole secret, not its parts); store the field as a secret of its own", n.Property)
			}
		}
	})
	return msg, sev
}

func mentionsSecrets(n actionlint.ExprNode) bool {
	p, ok := exprPath(n)
	return ok && strings.HasPrefix(p, "secrets.")
}

// walkScalars calls fn on every scalar under n, through aliases.
func walkScalars(n *yaml.Node, depth int, fn func(*yaml.Node)) {
	if n == nil || depth > analyzer.MaxDepth {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		fn(n)
	case yaml.AliasNode:
		walkScalars(n.Alias, depth+1, fn)
	default:
		for _, c := range n.Content {
			walkScalars(c, depth+1, fn)
		}
	}
}

// anyScalar reports whether the value of some scalar under n satisfies pred.
func anyScalar(n *yaml.Node, pred func(string) bool) bool {
	found := false
	walkScalars(n, 0, func(s *yaml.Node) { found = found || pred(s.Value) })
	return found
}
