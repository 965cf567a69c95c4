package expr

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
	"github.com/wflint/wflint/internal/lazyre"
)

// exprAnalysis is the shared result of checking every expression of a file. Each
// expression rule reports the findings tagged with its ID; the reference rules that need
// configuration (secrets, vars) read the recorded references instead.
type exprAnalysis struct {
	scope    *fileScope
	findings []finding
	secrets  []nameRef
	vars     []nameRef
	count    int // expressions parsed
	seen     map[findingKey]bool
	semas    map[semaKey]*semaState
}

type findingKey struct {
	rule kind
	rng  analyzer.Range
	msg  string
}

type finding struct {
	kind kind
	diag analyzer.Diagnostic
}

// nameRef is one use of secrets.X or vars.X.
type nameRef struct {
	name string
	expr *expression
	node actionlint.ExprNode
}

// rng is the range of the name.
func (r nameRef) rng() analyzer.Range { return r.expr.propRange(r.node) }

// shown is the name as written.
func (r nameRef) shown() string { return r.expr.shown(r.node) }

// expressionAnalysis is every expression of a file found, parsed and checked once, with the
// findings of each rule of the family.
var expressionAnalysis = &analyzer.Analysis[*exprAnalysis]{Name: "expressions", Run: analyzeExpressions}

func analyzeExpressions(f *analyzer.File) *exprAnalysis {
	if f.Workflow == nil && f.Action == nil {
		return &exprAnalysis{}
	}
	a := &exprAnalysis{scope: buildScope(f)}
	a.scope.collectSites()
	for _, s := range a.scope.sites {
		a.checkSite(s)
	}
	a.checkScripts()
	return a
}

func (a *exprAnalysis) add(rule kind, rng analyzer.Range, sev analyzer.Severity, msg string, fixes ...analyzer.Fix) {
	// a node an alias repeats is checked once per use; say the same thing once
	k := findingKey{rule, rng, msg}
	if a.seen[k] {
		return
	}
	if a.seen == nil {
		a.seen = map[findingKey]bool{}
	}
	a.seen[k] = true
	a.findings = append(a.findings, finding{rule, analyzer.Diagnostic{Range: rng, Severity: sev, Message: msg, Fixes: fixes}})
}

// nearName is the defined name a misspelt one most likely meant: the closest by edit
// distance, or else the one name that extends it by a word (IMAGE for IMAGE_NAME).
func nearName(name string, candidates []string) string {
	candidates = slices.DeleteFunc(slices.Clone(candidates), func(c string) bool { return strings.HasSuffix(c, "*") })
	if c := analyzer.Closest(name, candidates); c != "" {
		return c
	}
	found := ""
	u := strings.ToUpper(name)
	for _, c := range candidates {
		uc := strings.ToUpper(c)
		if wordPrefix(uc, u) || wordPrefix(u, uc) || strings.HasSuffix(uc, "_"+u) {
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}

// wordPrefix reports whether long is short followed by more words ("_" or "-").
func wordPrefix(long, short string) bool {
	return len(long) > len(short)+1 && strings.HasPrefix(long, short) && (long[len(short)] == '_' || long[len(short)] == '-')
}

func (a *exprAnalysis) checkSite(s *site) {
	f := a.scope.file
	v := s.value()
	bare := s.cond && !strings.Contains(v, "${{")
	if bare && strings.TrimSpace(v) == "" {
		return
	}
	if s.key == "runs.if" && !bare {
		// the runner evaluates pre-if and post-if as they are written
		if i := strings.Index(v, "${{"); i >= 0 {
			a.add(kindExpressionSyntax, s.rangeOf(f, i, i+3), 0,
				"pre-if and post-if take a bare expression: remove \"${{\" and \"}}\"")
		}
		return
	}
	exprs := scanExpressions(v, bare)
	if s.cond && !bare {
		a.checkTextAround(s, exprs)
	}
	for _, e := range exprs {
		e.site = s
		a.count++
		if e.close < 0 {
			a.add(kindExpressionSyntax, s.rangeOf(f, e.open, e.open+3), 0,
				"\"${{\" is never closed: add \"}}\" after the expression")
			continue
		}
		if strings.TrimSpace(e.text) == "" {
			a.add(kindExpressionSyntax, s.rangeOf(f, e.open, e.close), 0, "empty expression: write one between \"${{\" and \"}}\", or remove it")
			continue
		}
		if err := e.parse(); err != nil {
			a.syntaxError(e, err)
			continue
		}
		a.checkPaths(e)
		a.checkFuncs(e)
		a.checkTypes(e)
		if s.cond && len(exprs) == 1 {
			a.checkConstant(e)
		}
	}
}

// syntaxError reports a lexer or parser error in our words.
func (a *exprAnalysis) syntaxError(e *expression, err *actionlint.ExprError) {
	at := e.start + err.Offset
	end := min(at+1, e.end)
	msg, opStart, opEnd, isOp := operatorMistake(e.text, err)
	if isOp {
		at, end = e.start+opStart, e.start+opEnd
	} else {
		msg, at, end = describeSyntaxError(e, err, at, end)
	}
	a.add(kindExpressionSyntax, e.site.rangeOf(a.scope.file, at, max(end, at)), 0, msg)
}

// operatorMistake explains a lexing error at a run of operator characters ("===", "&"):
// the message and the run's offsets in text.
func operatorMistake(text string, err *actionlint.ExprError) (msg string, from, to int, ok bool) {
	msg = err.Message
	if !strings.Contains(msg, "while lexing") {
		return "", 0, 0, false
	}
	from, to = min(err.Offset, len(text)), min(err.Offset, len(text))
	for from > 0 && strings.IndexByte("=!<>&|", text[from-1]) >= 0 {
		from--
	}
	for to < len(text) && strings.IndexByte("=!<>&|", text[to]) >= 0 {
		to++
	}
	op := text[from:to]
	switch {
	case op == "===" || op == "!==":
		msg = fmt.Sprintf("%q is not an operator in GitHub expressions; use %q (it already compares loosely)", op, op[:2])
	case strings.Contains(msg, "while lexing && operator") && op == "&":
		msg = "\"&\" is not an operator; use \"&&\" for a logical and"
	case strings.Contains(msg, "while lexing || operator") && op == "|":
		msg = "\"|\" is not an operator; use \"||\" for a logical or"
	case strings.Contains(msg, "while lexing == operator") && op == "=":
		msg = "\"=\" is not an operator; use \"==\" to compare"
	case op != "":
		msg = fmt.Sprintf("%q is not an operator in GitHub expressions", op)
	default:
		return "", 0, 0, false
	}
	return msg, from, to, true
}

// describeSyntaxError turns any other error of actionlint's lexer or parser into a
// message, and the range [at, end) it is about.
func describeSyntaxError(e *expression, err *actionlint.ExprError, at, end int) (string, int, int) {
	rest := e.text[min(err.Offset, len(e.text)):]
	msg := err.Message
	switch {
	case strings.HasPrefix(rest, "\""):
		end = at + 1
		if j := strings.IndexByte(rest[1:], '"'); j >= 0 {
			end = at + j + 2
		}
		msg = "strings in expressions take single quotes: write 'text', not \"text\""
	case strings.Contains(msg, "end of string literal"):
		msg = "string literal is not closed: add a ' (write '' for a quote inside it)"
	case strings.Contains(msg, "while lexing") && strings.Contains(msg, "number"):
		msg = "invalid number literal" + lexWhat(msg)
	case strings.Contains(msg, "while lexing expression"):
		msg = "unexpected character" + lexWhat(msg) + " in expression"
	case strings.Contains(msg, "while lexing end marker"):
		msg = "\"}\" must be doubled to end the expression"
	case strings.HasPrefix(msg, "unexpected end of input"):
		at, end = e.end, e.end
		msg = "expression ends too early: " + expecting(msg)
	case strings.HasPrefix(msg, "unexpected token"):
		if t, ok := e.byOff[err.Offset]; ok {
			end = at + len(e.tokens[t].Value)
		}
		msg = fmt.Sprintf("unexpected %q %s", strings.TrimSpace(sub(e.text, err.Offset, end-e.start)), whileParsing(msg))
	case strings.HasPrefix(msg, "parser did not reach end of input"):
		end = e.start + len(strings.TrimRight(e.text, " \t\r\n"))
		msg = fmt.Sprintf("unexpected %q after the end of the expression; join the parts with an operator", strings.TrimSpace(sub(e.text, err.Offset, len(e.text))))
	case strings.HasPrefix(msg, "parsing invalid"):
		if t, ok := e.byOff[err.Offset]; ok {
			end = at + len(e.tokens[t].Value)
		}
		msg = "invalid number literal " + strings.TrimSpace(sub(e.text, err.Offset, end-e.start))
	}
	return msg, at, end
}

// sub is s[a:b] with both ends clamped to s.
func sub(s string, a, b int) string {
	a, b = max(0, min(a, len(s))), max(0, min(b, len(s)))
	if a > b {
		return ""
	}
	return s[a:b]
}

var (
	lexChar    = lazyre.New(`got unexpected (character '(?:[^']|\\')+'|EOF)`)
	parseWhere = lazyre.New(`while parsing (.*)\. expecting (.*)$`)
)

func lexWhat(msg string) string {
	if m := lexChar.FindStringSubmatch(msg); m != nil {
		return " (" + m[1] + ")"
	}
	return ""
}

func whileParsing(msg string) string {
	if m := parseWhere.FindStringSubmatch(msg); m != nil {
		return "in " + m[1] + "; expected " + m[2]
	}
	return ""
}

func expecting(msg string) string {
	if m := parseWhere.FindStringSubmatch(msg); m != nil {
		return m[1] + " is not finished"
	}
	return "it is not finished"
}

// ---- contexts, references and properties ----

var knownContexts = []string{"env", "github", "inputs", "job", "jobs", "matrix", "needs", "runner", "secrets", "steps", "strategy", "vars"}

var statusFuncs = []string{"always", "cancelled", "failure", "success"}

// chainTop reports whether n is the outermost node of a property chain (a.b['c'].d).
func chainTop(n, parent actionlint.ExprNode) bool {
	switch n.(type) {
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode, *actionlint.ArrayDerefNode, *actionlint.IndexAccessNode:
	default:
		return false
	}
	switch p := parent.(type) {
	case *actionlint.ObjectDerefNode:
		return p.Receiver != n
	case *actionlint.ArrayDerefNode:
		return p.Receiver != n
	case *actionlint.IndexAccessNode:
		return p.Operand != n
	}
	return true
}

func flatten(n actionlint.ExprNode) []actionlint.ExprNode {
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode:
		return append(flatten(n.Receiver), n)
	case *actionlint.ArrayDerefNode:
		return append(flatten(n.Receiver), n)
	case *actionlint.IndexAccessNode:
		return append(flatten(n.Operand), n)
	}
	return []actionlint.ExprNode{n}
}

// propName returns the property a chain element reads, when it is static: lower-cased
// for a.b (lookups ignore case; shown gives it as written), as written for a['b'].
func (e *expression) propName(n actionlint.ExprNode) (string, bool) {
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode:
		return n.Property, true
	case *actionlint.IndexAccessNode:
		if s, ok := n.Index.(*actionlint.StringNode); ok {
			return s.Value, true
		}
	}
	return "", false
}

// shown is the property of a chain element as written, for messages. It needs the
// expression's tokens, so it is only called when something is reported.
func (e *expression) shown(n actionlint.ExprNode) string {
	if d, ok := n.(*actionlint.ObjectDerefNode); ok {
		return e.propertyText(d)
	}
	p, _ := e.propName(n)
	return p
}

// propRange is the file range of the property a chain element reads.
func (e *expression) propRange(n actionlint.ExprNode) analyzer.Range {
	a, b := e.propertySpan(n)
	return e.site.rangeOf(e.site.scope.file, a, b)
}

func (a *exprAnalysis) checkPaths(e *expression) {
	actionlint.VisitExprNode(e.tree, func(n, parent actionlint.ExprNode, entering bool) {
		if !entering || !chainTop(n, parent) {
			return
		}
		chain := flatten(n)
		if root, ok := chain[0].(*actionlint.VariableNode); ok {
			a.checkChain(e, root, chain[1:])
		}
	})
}

func (s *site) allows(ctx string) bool {
	return slices.Contains(s.contexts, ctx)
}

func (s *site) where() string {
	if strings.HasPrefix(s.key, "-") {
		return fmt.Sprintf("%q", s.key[1:])
	}
	return s.key
}

// checkChain checks a property chain that starts at a context: that the context exists
// and is available here, then what each context knows of its properties.
func (a *exprAnalysis) checkChain(e *expression, root *actionlint.VariableNode, rest []actionlint.ExprNode) {
	written := root.Token().Value
	name := strings.ToLower(written)
	if !a.contextAllowed(e, root, name) {
		return
	}
	prop := func(i int) (string, bool) {
		if i >= len(rest) {
			return "", false
		}
		return e.propName(rest[i])
	}
	switch name {
	case "env":
		if p, ok := prop(0); ok {
			a.checkEnv(e, p, rest[0])
		}
	case "secrets":
		if p, ok := prop(0); ok {
			a.secrets = append(a.secrets, nameRef{name: p, expr: e, node: rest[0]})
		}
	case "vars":
		if p, ok := prop(0); ok {
			a.vars = append(a.vars, nameRef{name: p, expr: e, node: rest[0]})
		}
	case "inputs":
		a.checkInputs(e, rest)
	case "matrix":
		a.checkMatrix(e, rest)
	case "steps":
		a.checkSteps(e, rest)
	case "needs", "jobs":
		a.checkNeeds(e, name, rest)
	case "github":
		a.checkGithub(e, root, rest, prop)
	case "runner":
		a.walkType(e, runnerType, rest, fixed("runner"))
	case "job":
		a.walkType(e, jobType, rest, fixed("job"))
	case "strategy":
		a.walkType(e, actionlint.BuiltinGlobalVariableTypes["strategy"], rest, fixed("strategy"))
	}
}

// contextAllowed reports whether the context name (the root of a chain) exists and may be
// used at e's place, and reports it when not.
func (a *exprAnalysis) contextAllowed(e *expression, root *actionlint.VariableNode, name string) bool {
	s := e.site
	written := root.Token().Value
	rootRange := func() analyzer.Range {
		return s.rangeOf(a.scope.file, e.start+root.Token().Offset, e.start+root.Token().Offset+len(written))
	}
	if !slices.Contains(knownContexts, name) {
		hint := analyzer.Suggest(analyzer.Closest(name, knownContexts))
		if slices.Contains(statusFuncs, name) {
			hint = fmt.Sprintf("; did you mean the function %s()?", name)
		}
		a.add(kindExpressionType, rootRange(), analyzer.Error, fmt.Sprintf("unknown context %q%s", written, hint))
		return false
	}
	if s.allows(name) {
		return true
	}
	switch {
	case name == "secrets" && s.cond && a.scope.wf != nil:
		a.add(kindSecretsInIf, rootRange(), 0,
			"secrets cannot be used in if: conditions; set the secret as an env variable of the job or step and test env.NAME instead")
	case len(s.contexts) == 0:
		a.add(kindContextAvailability, rootRange(), 0, fmt.Sprintf("context %q cannot be used in %s: GitHub reads this value as written and allows no context in it", written, s.where()))
	default:
		a.add(kindContextAvailability, rootRange(), 0, fmt.Sprintf("context %q is not available in %s; available: %s", written, s.where(), strings.Join(s.contexts, ", ")))
	}
	return false
}

// checkGithub checks a chain of the github context: the never-set job_workflow_sha, the
// inputs of github.event.inputs, and the types of the rest.
func (a *exprAnalysis) checkGithub(e *expression, root *actionlint.VariableNode, rest []actionlint.ExprNode, prop func(int) (string, bool)) {
	if p, ok := prop(0); ok && strings.EqualFold(p, "job_workflow_sha") {
		a.add(kindExpressionType, e.propRange(rest[0]), analyzer.Error,
			"github.job_workflow_sha is never set; use job.workflow_sha for the commit of the running reusable workflow",
			renameFixText(e.site, rest[0], e, "job.workflow_sha", root)...)
		return
	}
	if p, ok := prop(0); ok && strings.EqualFold(p, "event") {
		if q, ok := prop(1); ok && strings.EqualFold(q, "inputs") && a.scope.dispatch != nil {
			if in, ok := prop(2); ok {
				if _, defined := a.scope.dispatch.Props[strings.ToLower(in)]; !defined {
					a.undefinedInput(e, rest[2], "github.event.inputs")
				}
			}
			return
		}
	}
	a.walkType(e, githubType, rest, fixed("github"))
}

// renameFixText replaces the whole chain github.job_workflow_sha.
func renameFixText(s *site, last actionlint.ExprNode, e *expression, to string, root *actionlint.VariableNode) []analyzer.Fix {
	_, b := e.propertySpan(last)
	return analyzer.RenameFix(s.rangeOf(s.scope.file, e.start+root.Token().Offset, b), to)
}

var githubType, jobType, runnerType = func() (actionlint.ExprType, actionlint.ExprType, actionlint.ExprType) {
	gh := actionlint.BuiltinGlobalVariableTypes["github"].DeepCopy()
	runner := actionlint.BuiltinGlobalVariableTypes["runner"].DeepCopy().(*actionlint.ObjectType)
	runner.Props["workspace"] = actionlint.StringType{} // in GitHub's parser since 2026
	job := actionlint.BuiltinGlobalVariableTypes["job"].DeepCopy().(*actionlint.ObjectType)
	// Added to GitHub's parser in 2026 (../shared/github-actions-2026.md, "Contexts").
	for _, p := range []string{"workflow_ref", "workflow_sha", "workflow_repository", "workflow_file_path"} {
		job.Props[p] = actionlint.StringType{}
	}
	return gh, job, runner
}()

// walkType follows the static properties of a chain through t and reports the first one
// a strict object does not have.
func (a *exprAnalysis) walkType(e *expression, t actionlint.ExprType, rest []actionlint.ExprNode, base func() string) {
	a.walkTypeAs(kindExpressionType, e, t, rest, base)
}

// walkTypeAs is walkType reporting under the given rule. base gives the start of the
// chain as written, for the message.
func (a *exprAnalysis) walkTypeAs(rule kind, e *expression, t actionlint.ExprType, rest []actionlint.ExprNode, base func() string) {
	for i, n := range rest {
		obj, ok := t.(*actionlint.ObjectType)
		if !ok {
			return
		}
		p, ok := e.propName(n)
		if !ok {
			return
		}
		if pt, ok := obj.Props[strings.ToLower(p)]; ok {
			t = pt
			continue
		}
		if obj.Mapped != nil {
			return
		}
		path := base()
		for _, m := range rest[:i] {
			path += "." + e.shown(m)
		}
		p = e.shown(n)
		keys := make([]string, 0, len(obj.Props))
		for k := range obj.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		close := analyzer.Closest(p, keys)
		sev := analyzer.Error
		if rule != kindExpressionType {
			sev = 0 // the rule's own
		}
		a.add(rule, e.propRange(n), sev,
			fmt.Sprintf("%s has no property %q%s", path, p, analyzer.Suggest(close)), analyzer.RenameFix(e.propRange(n), close)...)
		return
	}
}

func fixed(s string) func() string { return func() string { return s } }

// runnerVariables maps the runner's default variables to the context that holds the same
// value in an expression.
var runnerVariables = map[string]string{
	"CI": "", "GITHUB_ACTION": "github.action", "GITHUB_ACTION_PATH": "github.action_path",
	"GITHUB_ACTION_REPOSITORY": "github.action_repository", "GITHUB_ACTIONS": "", "GITHUB_ACTOR": "github.actor",
	"GITHUB_ACTOR_ID": "github.actor_id", "GITHUB_API_URL": "github.api_url", "GITHUB_BASE_REF": "github.base_ref",
	"GITHUB_ENV": "", "GITHUB_EVENT_NAME": "github.event_name", "GITHUB_EVENT_PATH": "github.event_path",
	"GITHUB_GRAPHQL_URL": "github.graphql_url", "GITHUB_HEAD_REF": "github.head_ref", "GITHUB_JOB": "github.job",
	"GITHUB_OUTPUT": "", "GITHUB_PATH": "", "GITHUB_REF": "github.ref", "GITHUB_REF_NAME": "github.ref_name",
	"GITHUB_REF_PROTECTED": "github.ref_protected", "GITHUB_REF_TYPE": "github.ref_type",
	"GITHUB_REPOSITORY": "github.repository", "GITHUB_REPOSITORY_ID": "github.repository_id",
	"GITHUB_REPOSITORY_OWNER": "github.repository_owner", "GITHUB_REPOSITORY_OWNER_ID": "github.repository_owner_id",
	"GITHUB_RETENTION_DAYS": "github.retention_days", "GITHUB_RUN_ATTEMPT": "github.run_attempt",
	"GITHUB_RUN_ID": "github.run_id", "GITHUB_RUN_NUMBER": "github.run_number", "GITHUB_SERVER_URL": "github.server_url",
	"GITHUB_SHA": "github.sha", "GITHUB_STEP_SUMMARY": "", "GITHUB_TRIGGERING_ACTOR": "github.triggering_actor",
	"GITHUB_WORKFLOW": "github.workflow", "GITHUB_WORKFLOW_REF": "github.workflow_ref",
	"GITHUB_WORKFLOW_SHA": "github.workflow_sha", "GITHUB_WORKSPACE": "github.workspace",
	"GITHUB_TOKEN": "secrets.GITHUB_TOKEN", "RUNNER_ARCH": "runner.arch", "RUNNER_DEBUG": "runner.debug",
	"RUNNER_ENVIRONMENT": "runner.environment", "RUNNER_NAME": "runner.name", "RUNNER_OS": "runner.os",
	"RUNNER_TEMP": "runner.temp", "RUNNER_TOOL_CACHE": "runner.tool_cache", "HOME": "", "PATH": "",
}

func (a *exprAnalysis) checkEnv(e *expression, name string, n actionlint.ExprNode) {
	s := e.site
	if a.scope.action != nil || !a.scope.envKnown(s.job, s.step) {
		return // an action sees its caller's env; a computed env: holds any names
	}
	names, uncertain := a.scope.envAt(s.job, s.step, true)
	if s.job != nil && s.step == nil && s.key == "jobs.<job_id>.outputs.<output_id>" {
		// job outputs are read when the job ends: every step has run
		for _, st := range s.job.steps {
			names = append(names, st.writes...)
			if st.mayWriteUnknown() && uncertain == nil {
				uncertain = st
			}
		}
	}
	if containsFold(names, name) {
		a.checkEnvBackground(e, name, n)
		return
	}
	name = e.shown(n)
	rng := e.propRange(n)
	if ctx, ok := runnerVariables[strings.ToUpper(name)]; ok {
		msg := fmt.Sprintf("env.%s is empty: the runner sets %s in the shell, but not in the env context", name, strings.ToUpper(name))
		if ctx != "" {
			msg += fmt.Sprintf("; use ${{ %s }}", ctx)
		}
		a.add(kindUndefinedEnv, rng, analyzer.Warning, msg)
		return
	}
	close := nearName(name, names)
	msg, fix, certain := a.envReason(s, name, uncertain)
	if msg == "" {
		msg = fmt.Sprintf("env.%s is not defined here: no env: of the workflow, job or step sets it", name)
		if s.step != nil {
			msg += " and no earlier step writes it to $GITHUB_ENV"
		}
		if a.scope.called {
			msg += " (the env: of a calling workflow does not reach a reusable workflow: pass it as an input)"
		}
		msg += analyzer.Suggest(close)
		fix = close
	}
	if uncertain != nil && !certain && (close == "" || analyzer.EditDistance(strings.ToUpper(name), strings.ToUpper(close)) > 1) {
		// An earlier step may have set it; only a near miss of a defined name is still
		// worth a word.
		return
	}
	sev := analyzer.Warning
	if uncertain != nil && !certain {
		sev = analyzer.Note
		what := "a step"
		if uncertain.uses != "" {
			what = fmt.Sprintf("action %q", uncertain.uses)
		}
		msg += fmt.Sprintf(" (unless %s on line %d sets it: wflint cannot see what it writes to $GITHUB_ENV)", what, uncertain.step.Node.Line)
	}
	fixRange := rng
	if strings.Contains(fix, ".") { // steps.<id>.outputs.NAME replaces all of env.NAME
		start, end := e.span(n)
		fixRange = s.rangeOf(s.scope.file, start, end)
	}
	a.add(kindUndefinedEnv, rng, sev, msg, analyzer.RenameFix(fixRange, fix)...)
}

// envReason explains an undefined env name by where it is defined instead: in this
// step's or a later step's $GITHUB_ENV writes, another step's or job's env:, or a step's
// outputs. Most such reasons hold whatever an unreadable earlier step did, so they are
// certain. Another job's env: is not: a script may well set the same name in this job.
// Another step's env: is, unless the unreadable step is a script. fix is the replacement
// text for env.NAME, if one is sure enough to offer.
func (a *exprAnalysis) envReason(s *site, name string, uncertain *stepScope) (msg, fix string, certain bool) {
	if s.step != nil && containsFold(s.step.writes, name) {
		return fmt.Sprintf("env.%s is written to $GITHUB_ENV by this step, which makes it visible only to later steps; here it is empty", name), "", true
	}
	if later := a.laterWriter(s, name); later != nil {
		return fmt.Sprintf("env.%s is written to $GITHUB_ENV only by a later step (line %d), so it is empty here", name, later.step.Node.Line), "", true
	}
	if out := a.outputWriter(s, name); out != nil {
		if out.id == "" {
			return fmt.Sprintf("env.%s is written to $GITHUB_OUTPUT by the step on line %d, which sets a step output, not an env variable; give that step an id and read steps.<id>.outputs.%s", name, out.step.Node.Line, name), "", true
		}
		return fmt.Sprintf("env.%s is written to $GITHUB_OUTPUT by step %q, which sets a step output, not an env variable; read it as steps.%s.outputs.%s", name, out.id, out.id, name),
			fmt.Sprintf("steps.%s.outputs.%s", out.id, name), true
	}
	if other := a.otherStepEnv(s, name); other != nil {
		return fmt.Sprintf("env.%s is defined in the env: of step %q (line %d), which this step does not see: a step's env: is its own; move it to the job's env:", name, other.display(), other.step.Node.Line),
			"", uncertain == nil || uncertain.uses != ""
	}
	if other := a.otherJobEnv(s, name); other != "" {
		return fmt.Sprintf("env.%s is defined in the env: of job %q, which this job does not see", name, other), "", false
	}
	return "", "", false
}

// outputWriter finds a step of the reader's job that writes name to $GITHUB_OUTPUT.
func (a *exprAnalysis) outputWriter(s *site, name string) *stepScope {
	if s.job == nil {
		return nil
	}
	for _, p := range s.job.steps {
		if containsFold(outputWrites(p.run), name) {
			return p
		}
	}
	return nil
}

// otherStepEnv finds another step of the reader's job whose own env: defines name.
func (a *exprAnalysis) otherStepEnv(s *site, name string) *stepScope {
	if s.job == nil {
		return nil
	}
	for _, p := range s.job.steps {
		if p != s.step && containsFold(p.env, name) {
			return p
		}
	}
	return nil
}

func (a *exprAnalysis) laterWriter(s *site, name string) *stepScope {
	if s.job == nil || s.step == nil {
		return nil
	}
	for _, p := range s.job.steps {
		if !before(p, s.step) && p != s.step && containsFold(p.writes, name) {
			return p
		}
	}
	return nil
}

func (a *exprAnalysis) otherJobEnv(s *site, name string) string {
	for _, js := range a.scope.jobList {
		if js != s.job && containsFold(js.env, name) {
			return js.id
		}
	}
	return ""
}

// checkEnvBackground reports env.X when only background steps not yet waited for wrote it.
func (a *exprAnalysis) checkEnvBackground(e *expression, name string, n actionlint.ExprNode) {
	s := e.site
	if s.job == nil || s.step == nil {
		return
	}
	if containsFold(a.scope.env, name) || containsFold(s.job.env, name) || containsFold(s.step.env, name) {
		return
	}
	var bg *stepScope
	for _, p := range s.job.steps {
		if !before(p, s.step) || !containsFold(p.writes, name) {
			continue
		}
		if !p.bg || s.job.awaited(p, s.step.top) {
			return // a step that finished (or was waited for) wrote it
		}
		bg = p
	}
	if bg != nil {
		a.add(kindUnawaitedBackgroundStep, e.propRange(n), 0, fmt.Sprintf(
			"env.%s is written by background step %q (line %d), whose $GITHUB_ENV changes are held back until a wait, wait-all or cancel covers it; add \"- wait: %s\" before this step",
			e.shown(n), bg.label(), bg.step.Node.Line, bg.label()))
	}
}

// display names a step for a message: by its name, else its id, else its position.
func (st *stepScope) display() string {
	if n := st.step.Name; n != nil && n.Value != "" && !strings.Contains(n.Value, "${{") {
		return n.Value
	}
	return st.label()
}

func (st *stepScope) label() string {
	if st.id != "" {
		return st.id
	}
	return fmt.Sprintf("#%d", st.step.Index+1)
}

func (a *exprAnalysis) undefinedInput(e *expression, n actionlint.ExprNode, ctx string) {
	name := e.shown(n)
	rng := e.propRange(n)
	var msg string
	switch {
	case a.scope.action != nil:
		msg = fmt.Sprintf("%s.%s is not an input of this action", ctx, name)
	case !a.scope.hasInputs:
		msg = fmt.Sprintf("%s.%s is always empty: the workflow is not triggered by workflow_dispatch or workflow_call, which define inputs", ctx, name)
	case ctx == "github.event.inputs":
		msg = fmt.Sprintf("%s.%s is not an input of workflow_dispatch", ctx, name)
	default:
		msg = fmt.Sprintf("%s.%s is not declared under the inputs of workflow_dispatch or workflow_call", ctx, name)
	}
	names := a.scope.inputNames
	close := analyzer.Closest(name, names)
	var sev analyzer.Severity // the rule's: it is always empty, and nothing says that was meant
	if directFallback(e.tree, n) {
		// inputs.commit || github.sha: the run does what the fallback says, which may be
		// what the author wants; the input is a leftover or a typo, not a broken run
		sev = analyzer.Warning
		msg += ", so the expression's fallback always applies"
	}
	a.add(kindUndefinedInput, rng, sev, msg+analyzer.Suggest(close), analyzer.RenameFix(rng, close)...)
}

func (a *exprAnalysis) checkInputs(e *expression, rest []actionlint.ExprNode) {
	if len(rest) == 0 {
		return
	}
	name, ok := e.propName(rest[0])
	if !ok {
		return
	}
	t, defined := a.scope.inputs.Props[strings.ToLower(name)]
	if !defined {
		a.undefinedInput(e, rest[0], "inputs")
		return
	}
	a.walkType(e, t, rest[1:], func() string { return "inputs." + e.shown(rest[0]) })
}

func (a *exprAnalysis) checkMatrix(e *expression, rest []actionlint.ExprNode) {
	js := e.site.job
	if js == nil || js.dynamic || len(rest) == 0 {
		return
	}
	name, ok := e.propName(rest[0])
	if !ok || hasDefault(e.tree, rest[len(rest)-1]) {
		return // matrix.x || 'fallback': an optional key, read on purpose
	}
	if js.matrix == nil {
		a.add(kindUndefinedMatrix, e.propRange(rest[0]), 0, fmt.Sprintf("matrix.%s is always empty: job %q has no strategy.matrix", e.shown(rest[0]), js.id))
		return
	}
	t, defined := js.matrix.Props[strings.ToLower(name)]
	if !defined {
		name = e.shown(rest[0])
		rng := e.propRange(rest[0])
		close := nearName(name, js.mkeys)
		a.add(kindUndefinedMatrix, rng, 0, fmt.Sprintf("matrix.%s is not defined: the matrix of job %q has %s%s",
			name, js.id, analyzer.QuoteList(js.mkeys), analyzer.Suggest(close)), analyzer.RenameFix(rng, close)...)
		return
	}
	a.walkTypeAs(kindUndefinedMatrix, e, t, rest[1:], func() string { return "matrix." + e.shown(rest[0]) })
}

func (a *exprAnalysis) checkSteps(e *expression, rest []actionlint.ExprNode) {
	s := e.site
	js := s.job
	if js == nil || len(rest) == 0 {
		return
	}
	id, ok := e.propName(rest[0])
	if !ok {
		return
	}
	target := js.byID[strings.ToLower(id)]
	if !a.stepVisible(e, rest[0], target) || len(rest) < 2 {
		return
	}
	prop, ok := e.propName(rest[1])
	if !ok {
		return
	}
	lp := strings.ToLower(prop)
	if lp != "outputs" && lp != "outcome" && lp != "conclusion" {
		id, prop = e.shown(rest[0]), e.shown(rest[1])
		close := analyzer.Closest(prop, []string{"outputs", "outcome", "conclusion"})
		prng := e.propRange(rest[1])
		a.add(kindExpressionType, prng, analyzer.Error, fmt.Sprintf("steps.%s has no property %q; a step has outputs, outcome and conclusion%s", id, prop, analyzer.Suggest(close)), analyzer.RenameFix(prng, close)...)
		return
	}
	if s.step != nil && target.bg && !js.awaited(target, s.step.top) {
		id, prop = e.shown(rest[0]), e.shown(rest[1])
		a.add(kindUnawaitedBackgroundStep, e.propRange(rest[0]), 0, fmt.Sprintf(
			"step %q runs in the background and no wait, wait-all or cancel covers it before this step, so steps.%s.%s is empty here; add \"- wait: %s\" before this step",
			id, id, prop, id))
		return
	}
	if lp == "outputs" && len(rest) >= 3 {
		a.checkStepOutput(e, rest[2], target)
	}
}

// stepVisible reports whether steps.<id> (node idNode) names a step whose results are
// known where e stands, and reports it when not. target is the step with that id, or nil.
func (a *exprAnalysis) stepVisible(e *expression, idNode actionlint.ExprNode, target *stepScope) bool {
	s := e.site
	var msg string
	switch {
	case s.step == nil && target != nil:
		return true
	case target == nil:
		return a.unknownStep(e, idNode)
	case target == s.step:
		msg = "steps.%[1]s is this step itself: its outputs and outcome are set only after it finishes"
	case target.top == s.step.top:
		msg = "step %[1]q runs in parallel with this step, so its results are not known here"
	case !before(target, s.step):
		msg = "step %[1]q runs after this step (line %[2]d), so steps.%[1]s is empty here"
	default:
		return true
	}
	// positions and the name as written are worked out only for a finding
	a.add(kindUndefinedStep, e.propRange(idNode), 0, fmt.Sprintf(msg, e.shown(idNode), target.step.Node.Line))
	return false
}

// unknownStep reports steps.<id> of an id that no step has; it returns false.
func (a *exprAnalysis) unknownStep(e *expression, idNode actionlint.ExprNode) bool {
	s := e.site
	id := e.shown(idNode)
	var visible []string
	for _, p := range s.job.steps {
		if p.id != "" && (s.step == nil || before(p, s.step)) {
			visible = append(visible, p.id)
		}
	}
	close := analyzer.Closest(id, visible)
	rng := e.propRange(idNode)
	a.add(kindUndefinedStep, rng, 0, fmt.Sprintf("no step has id %q%s", id, analyzer.Suggest(close)), analyzer.RenameFix(rng, close)...)
	return false
}

// checkStepOutput checks steps.<id>.outputs.<name> (node outNode) against the outputs
// the step's action is known to have.
func (a *exprAnalysis) checkStepOutput(e *expression, outNode actionlint.ExprNode, target *stepScope) {
	outs := target.outputsType()
	out, ok := e.propName(outNode)
	if !ok || !outs.IsStrict() {
		return
	}
	if _, defined := outs.Props[strings.ToLower(out)]; defined {
		return
	}
	out = e.shown(outNode)
	keys := make([]string, 0, len(outs.Props))
	for k := range outs.Props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	close := analyzer.Closest(out, keys)
	orng := e.propRange(outNode)
	what := fmt.Sprintf("it has %s", analyzer.QuoteList(keys))
	if len(keys) == 0 {
		what = "it has no outputs"
	}
	a.add(kindExpressionType, orng, analyzer.Error, fmt.Sprintf("action %q has no output %q; %s%s", target.uses, out, what, analyzer.Suggest(close)), analyzer.RenameFix(orng, close)...)
}

func (a *exprAnalysis) checkNeeds(e *expression, ctx string, rest []actionlint.ExprNode) {
	s := e.site
	if len(rest) == 0 || a.scope.wf == nil {
		return
	}
	id, ok := e.propName(rest[0])
	if !ok {
		return
	}
	rng := func() analyzer.Range { return e.propRange(rest[0]) }
	target := a.scope.jobs[strings.ToLower(id)]
	if ctx == "needs" {
		js := s.job
		if js == nil {
			return
		}
		if _, listed := js.needs[strings.ToLower(id)]; !listed {
			a.notInNeeds(e, rest[0], js, target)
			return
		}
	} else if target == nil {
		id = e.shown(rest[0])
		var ids []string
		for _, j := range a.scope.jobList {
			ids = append(ids, j.id)
		}
		close := analyzer.Closest(id, ids)
		a.add(kindExpressionType, rng(), analyzer.Error, fmt.Sprintf("there is no job %q%s", id, analyzer.Suggest(close)), analyzer.RenameFix(rng(), close)...)
		return
	}
	if target == nil || len(rest) < 2 {
		return
	}
	prop, ok := e.propName(rest[1])
	if !ok {
		return
	}
	lp := strings.ToLower(prop)
	if lp != "outputs" && lp != "result" {
		id, prop = e.shown(rest[0]), e.shown(rest[1])
		close := analyzer.Closest(prop, []string{"outputs", "result"})
		prng := e.propRange(rest[1])
		a.add(kindExpressionType, prng, analyzer.Error, fmt.Sprintf("%s.%s has no property %q; a job has outputs and result%s", ctx, id, prop, analyzer.Suggest(close)), analyzer.RenameFix(prng, close)...)
		return
	}
	if lp != "outputs" || len(rest) < 3 || target.callsWF || target.dynamicOutputs() {
		return
	}
	out, ok := e.propName(rest[2])
	if !ok || containsFold(target.outputs, out) {
		return
	}
	out = e.shown(rest[2])
	orng := e.propRange(rest[2])
	close := analyzer.Closest(out, target.outputs)
	what := "it defines no outputs"
	if len(target.outputs) > 0 {
		what = "its outputs are " + analyzer.QuoteList(target.outputs)
	}
	a.add(kindNeedsUnknownOutput, orng, 0, fmt.Sprintf("job %q has no output %q; %s%s", target.id, out, what, analyzer.Suggest(close)), analyzer.RenameFix(orng, close)...)
}

// ---- functions ----

func (a *exprAnalysis) checkFuncs(e *expression) {
	s := e.site
	f := a.scope.file
	actionlint.VisitExprNode(e.tree, func(n, _ actionlint.ExprNode, entering bool) {
		call, ok := n.(*actionlint.FuncCallNode)
		if !entering || !ok {
			return
		}
		callee := strings.ToLower(call.Callee)
		if _, special := actionlint.SpecialFunctionNames[callee]; !special {
			return
		}
		t := call.Token()
		rng := s.rangeOf(f, e.start+t.Offset, e.start+t.Offset+len(t.Value))
		if !slices.Contains(s.funcs, callee) {
			msg := fmt.Sprintf("%s() cannot be used in %s", call.Callee, s.where())
			if callee != "hashfiles" {
				msg += "; status functions work only in if: conditions"
			}
			a.add(kindContextAvailability, rng, 0, msg)
			return
		}
		if callee == "hashfiles" {
			return
		}
		jobIf := s.key == "jobs.<job_id>.if"
		if len(call.Args) > 0 && !(jobIf && (callee == "success" || callee == "failure")) {
			a.add(kindExpressionType, rng, analyzer.Error, fmt.Sprintf("%s() takes no arguments here", call.Callee))
		}
	})
}

// ---- types, through actionlint's semantic checker ----

var semaMessages = []struct {
	re   *lazyre.Regexp
	say  func(m []string) string
	drop bool
}{
	{re: lazyre.New(`^undefined variable`), drop: true},
	{re: lazyre.New(`^property ".*" is not defined in object type`), drop: true},
	// job.services.<id>.ports[3306]: GitHub turns the number into a key
	{re: lazyre.New(`^property access of object must be type of string but got "number"`), drop: true},
	{re: lazyre.New(`^number of arguments is wrong\. function "(success|failure|always|cancelled)\(`), drop: true},
	{re: lazyre.New(`^undefined function "([^"]*)"`), say: func(m []string) string {
		names := make([]string, 0, len(actionlint.BuiltinFuncSignatures))
		for n, sigs := range actionlint.BuiltinFuncSignatures {
			names = append(names, sigs[0].Name)
			_ = n
		}
		return fmt.Sprintf("unknown function %q%s", m[1], analyzer.Suggest(analyzer.Closest(m[1], names)))
	}},
	{re: lazyre.New(`^number of arguments is wrong\. function "([A-Za-z]+)\(.*\) -> .*" takes (at least )?(\d+) parameters but (\d+) arguments are given`), say: func(m []string) string {
		return fmt.Sprintf("%s() takes %s%s, not %s", m[1], m[2], analyzer.Plural(atoi(m[3]), "argument"), m[4])
	}},
	{re: lazyre.New(`^(\w+) argument of function call is not assignable\. "(.*)" cannot be assigned to "(.*)"\. called function type is "([A-Za-z]+)\(`), say: func(m []string) string {
		return fmt.Sprintf("the %s argument of %s() must be %s, not %s", m[1], m[4], m[3], m[2])
	}},
	{re: lazyre.New(`^format string "(.*)" does not contain placeholder \{(\d+)\}`), say: func(m []string) string {
		return fmt.Sprintf("format string has no placeholder {%s}, so its argument %s is unused", m[2], m[2])
	}},
	{re: lazyre.New(`^format string "(.*)" contains placeholder \{(\d+)\} but only (\d+) arguments`), say: func(m []string) string {
		return fmt.Sprintf("format string uses {%s} but only %s follow it", m[2], analyzer.Plural(atoi(m[3]), "argument"))
	}},
	{re: lazyre.New(`^broken JSON string is passed to fromJSON\(\) at offset (\d+): (.*)`), say: func(m []string) string {
		return fmt.Sprintf("fromJSON() is given invalid JSON: %s (at byte %s)", m[2], m[1])
	}},
	{re: lazyre.New(`^case\(\) requires an odd number of arguments.* but got (\d+)`), say: func(m []string) string {
		return fmt.Sprintf("case() takes condition/value pairs and a default, an odd number of arguments, not %s", m[1])
	}},
	{re: lazyre.New(`^"(.*)" value cannot be compared to "(.*)" value with "(.*)" operator`), say: func(m []string) string {
		return fmt.Sprintf("a %s cannot be compared with a %s using %s: the result is always false", typeNoun(m[1]), typeNoun(m[2]), m[3])
	}},
	{re: lazyre.New(`^type of operand of ! operator "(.*)" is not assignable`), say: func(m []string) string {
		return fmt.Sprintf("! is applied to a %s", typeNoun(m[1]))
	}},
	{re: lazyre.New(`^receiver of object dereference "(.*)" must be type of object but got "(.*)"`), say: func(m []string) string {
		return fmt.Sprintf("property %q is read from a %s, which has no properties", m[1], typeNoun(m[2]))
	}},
}

func typeNoun(t string) string {
	switch {
	case strings.HasPrefix(t, "{"), strings.HasPrefix(t, "object"):
		return "object"
	case strings.HasPrefix(t, "array"):
		return "array"
	}
	return t
}

// stringKeys are the keys whose value is used as text: an object or array in a
// "${{ }}" there is printed as "Object" or "Array".
var stringKeys = map[string]bool{
	"run-name": true, "env": true, "jobs.<job_id>.name": true, "jobs.<job_id>.env": true,
	"jobs.<job_id>.steps.name": true, "jobs.<job_id>.steps.run": true, "jobs.<job_id>.steps.env": true,
	"jobs.<job_id>.steps.with": true, "jobs.<job_id>.steps.working-directory": true,
	"jobs.<job_id>.outputs.<output_id>": true, "runs.steps": true,
}

func (a *exprAnalysis) checkTypes(e *expression) {
	s := e.site
	f := a.scope.file
	sema := a.semaFor(s, !strings.Contains(strings.ToLower(e.text), "steps"))
	ty, errs := sema.Check(e.tree)
	for _, err := range errs {
		msg, keep := translateSema(err.Message)
		if !keep {
			continue
		}
		e.lex()
		at := e.start + err.Offset
		end := at + 1
		if t, ok := e.byOff[err.Offset]; ok {
			end = at + len(e.tokens[t].Value)
		}
		a.add(kindExpressionType, s.rangeOf(f, at, end), analyzer.Error, msg)
	}
	if s.whole && (strings.HasSuffix(s.key, "env") || strings.HasSuffix(s.key, "with")) {
		a.checkMappingType(e, ty) // env: ${{ fromJSON(...) }} gives the whole mapping
		return
	}
	if !stringKeys[s.key] {
		return
	}
	switch ty.(type) {
	case *actionlint.ObjectType, *actionlint.ArrayType:
		what := "an object, which prints as \"Object\""
		if _, ok := ty.(*actionlint.ArrayType); ok {
			what = "an array, which prints as \"Array\""
		}
		a.add(kindExpressionType, s.rangeOf(f, e.open, e.close), analyzer.Error,
			fmt.Sprintf("this expression gives %s; wrap it in toJSON() to print its content", what))
	}
}

// checkMappingType reports env: or with: given as one expression whose value cannot be a
// mapping: GitHub fails the job when it evaluates it.
func (a *exprAnalysis) checkMappingType(e *expression, ty actionlint.ExprType) {
	s := e.site
	if e.open < 0 || e.close < 0 || strings.TrimSpace(s.value()[:e.open]) != "" || strings.TrimSpace(s.value()[e.close:]) != "" {
		return // text around it: a plain string, which the schema reports
	}
	var what string
	switch ty.(type) {
	case actionlint.StringType:
		what = "a string"
	case actionlint.NumberType:
		what = "a number"
	case actionlint.BoolType:
		what = "a boolean"
	case actionlint.NullType:
		what = "null"
	case *actionlint.ArrayType:
		what = "an array"
	default:
		return
	}
	key := s.key[strings.LastIndexByte(s.key, '.')+1:]
	a.add(kindExpressionType, s.rangeOf(a.scope.file, e.open, e.close), analyzer.Error, fmt.Sprintf(
		"%s: must be a mapping, but this expression gives %s, so the job fails when GitHub evaluates it; give %s: its NAME: value pairs, or an object such as fromJSON('{\"NAME\": \"value\"}')",
		key, what, key))
}

// semaFor returns a semantic checker typed for what is defined at s. Sites in the same
// step (or job, or file level) share one; an expression that does not read steps (noSteps)
// shares the job's, since only the steps context differs from step to step.
func (a *exprAnalysis) semaFor(s *site, noSteps bool) *actionlint.ExprSemanticsChecker {
	k := semaKey{job: s.job, jobsCtx: s.key == "on.workflow_call.outputs.<output_id>.value"}
	top := -1
	if s.step != nil {
		top = s.step.top
	}
	st, ok := a.semas[k]
	if !ok {
		st = &semaState{sema: a.newSema(s.job, k.jobsCtx), top: -2}
		if a.semas == nil {
			a.semas = map[semaKey]*semaState{}
		}
		a.semas[k] = st
	}
	// The checker is the job's; only the steps before the reader's differ, and only an
	// expression that reads steps needs them right.
	if js := s.job; js != nil && st.top != top && (!noSteps || st.top == -2) {
		st.sema.UpdateSteps(js.stepsType(top))
		st.top = top
	}
	return st.sema
}

// newSema is a type checker for the expressions of job js (nil outside jobs) with every
// context but steps, which semaFor sets for each reader.
func (a *exprAnalysis) newSema(js *jobScope, jobsCtx bool) *actionlint.ExprSemanticsChecker {
	sema := actionlint.NewExprSemanticsChecker(false, nil)
	sema.SetContextAvailability(knownContexts) // availability is checked by checkPaths
	sema.SetSpecialFunctionAvailability([]string{"always", "cancelled", "failure", "hashfiles", "success"})
	sema.UpdateInputs(a.scope.inputs)
	if js != nil {
		if js.matrix != nil {
			sema.UpdateMatrix(js.matrix)
		}
		if a.scope.wf != nil {
			sema.UpdateNeeds(a.scope.needsType(js))
		}
	}
	if a.scope.wf != nil && jobsCtx {
		sema.UpdateJobs(a.scope.jobsType())
	}
	return sema
}

type semaKey struct {
	job     *jobScope
	jobsCtx bool
}

// semaState is a job's type checker and the step whose view of steps it holds (-2 none
// yet, -1 outside steps).
type semaState struct {
	sema *actionlint.ExprSemanticsChecker
	top  int
}

func translateSema(msg string) (string, bool) {
	for _, m := range semaMessages {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			if m.drop {
				return "", false
			}
			return m.say(sub), true
		}
	}
	if i := strings.Index(msg, ". see https://"); i >= 0 {
		msg = msg[:i]
	}
	return msg, true
}

// ---- conditions ----

// checkTextAround reports an if: whose text is more than one "${{ }}": GitHub then
// evaluates it as a string, and any non-empty string is true.
func (a *exprAnalysis) checkTextAround(s *site, exprs []*expression) {
	v := s.value()
	var outside strings.Builder
	pos := 0
	for _, e := range exprs {
		if e.close < 0 {
			return
		}
		outside.WriteString(v[pos:e.open])
		pos = e.close
	}
	outside.WriteString(v[pos:])
	if outside.Len() == 0 && len(exprs) <= 1 {
		return
	}
	start := len(v) - len(strings.TrimLeft(v, " \t\r\n"))
	end := len(strings.TrimRight(v, " \t\r\n"))
	msg := "this if: is always true: text outside \"${{ }}\" makes the condition a non-empty string; write the whole condition inside one \"${{ }}\", or leave the braces out"
	if strings.TrimSpace(outside.String()) == "" && len(exprs) == 1 {
		msg = "this if: is always true: the whitespace around \"${{ }}\" (such as the line break a | or > block keeps) makes the condition a non-empty string; use |- or >-, or leave the braces out"
	}
	a.add(kindConstantCondition, s.rangeOf(a.scope.file, start, end), 0, msg)
}

func (a *exprAnalysis) checkConstant(e *expression) {
	if _, ok := e.tree.(*actionlint.BoolNode); ok {
		return // if: false and if: true are written on purpose to switch a job or step off or on
	}
	dynamic := false
	actionlint.VisitExprNode(e.tree, func(n, _ actionlint.ExprNode, _ bool) {
		switch n.(type) {
		case *actionlint.VariableNode, *actionlint.FuncCallNode:
			dynamic = true
		}
	})
	if dynamic {
		return // "false && inputs.x" switches a step off on purpose, and says so
	}
	v, ok := ghexpr.ConstValue(e.tree)
	if !ok {
		return
	}
	truth := "false"
	if ghexpr.Truthy(v) {
		truth = "true"
	}
	from, to := e.span(e.tree)
	a.add(kindConstantCondition, e.site.rangeOf(a.scope.file, from, to), 0,
		fmt.Sprintf("this condition is always %s: it uses no context or status function", truth))
}

// atoi reads the digits of a regexp match.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// directFallback reports whether n, or !n, is itself the left operand of a "||" in tree:
// inputs.x || 'y', !inputs.x || ... (not inside a call or comparison there, as
// contains(inputs.x, 'a') || ... is).
func directFallback(tree, n actionlint.ExprNode) bool {
	found := false
	actionlint.VisitExprNode(tree, func(node, _ actionlint.ExprNode, entering bool) {
		or, ok := node.(*actionlint.LogicalOpNode)
		if !entering || !ok || or.Kind != actionlint.LogicalOpNodeKindOr {
			return
		}
		left := or.Left
		if not, ok := left.(*actionlint.NotOpNode); ok {
			left = not.Operand
		}
		found = found || left == n
	})
	return found
}

// hasDefault reports whether n stands, in tree, in the left operand of a "||": the
// expression gives a value of its own for when n is empty (matrix.os || 'ubuntu-latest',
// !matrix.skip || ...).
func hasDefault(tree, n actionlint.ExprNode) bool {
	_, defaulted := findDefaulted(tree, n)
	return defaulted
}

// findDefaulted reports whether n is in the subtree of node, and whether on the way a
// "||" has it in its left operand. It walks the tree without allocating: it runs for
// every matrix reference.
func findDefaulted(node, n actionlint.ExprNode) (found, defaulted bool) {
	if node == nil {
		return false, false
	}
	if node == n {
		return true, false
	}
	switch x := node.(type) {
	case *actionlint.LogicalOpNode:
		if f, d := findDefaulted(x.Left, n); f {
			return true, d || x.Kind == actionlint.LogicalOpNodeKindOr
		}
		return findDefaulted(x.Right, n)
	case *actionlint.NotOpNode:
		return findDefaulted(x.Operand, n)
	case *actionlint.CompareOpNode:
		if f, d := findDefaulted(x.Left, n); f {
			return true, d
		}
		return findDefaulted(x.Right, n)
	case *actionlint.FuncCallNode:
		for _, arg := range x.Args {
			if f, d := findDefaulted(arg, n); f {
				return true, d
			}
		}
	case *actionlint.ObjectDerefNode:
		return findDefaulted(x.Receiver, n)
	case *actionlint.ArrayDerefNode:
		return findDefaulted(x.Receiver, n)
	case *actionlint.IndexAccessNode:
		if f, d := findDefaulted(x.Operand, n); f {
			return true, d
		}
		return findDefaulted(x.Index, n)
	}
	return false, false
}

// notInNeeds reports needs.<id> (node idNode) of a job that js does not list in needs;
// target is the job with that id, or nil.
func (a *exprAnalysis) notInNeeds(e *expression, idNode actionlint.ExprNode, js, target *jobScope) {
	rng := func() analyzer.Range { return e.propRange(idNode) }
	id := e.shown(idNode)
	var listedIDs []string
	for _, n := range js.job.Needs {
		listedIDs = append(listedIDs, n.Value)
	}
	switch {
	case target == nil:
		close := analyzer.Closest(id, listedIDs)
		a.add(kindNeedsUndeclared, rng(), 0, fmt.Sprintf("there is no job %q%s", id, analyzer.Suggest(close)), analyzer.RenameFix(rng(), close)...)
	case target == js:
		a.add(kindNeedsUndeclared, rng(), 0, fmt.Sprintf("needs.%s is this job itself; needs holds only the jobs it waits for", id))
	default:
		msg := fmt.Sprintf("job %q is not in the needs: of job %q, so needs.%s is empty", id, js.id, id)
		if len(listedIDs) > 0 {
			msg += fmt.Sprintf(" (needs holds only the jobs listed there: %s)", analyzer.QuoteList(listedIDs))
		}
		if a.scope.dependsOn(target, js) {
			// adding it would make a cycle: the value has to travel the other way
			msg += fmt.Sprintf("; %q itself waits for %q, so it cannot be added to needs: pass the value the other way, or move the work that makes it into a job both need", target.id, js.id)
		} else {
			msg += fmt.Sprintf("; add %q to needs", target.id)
		}
		a.add(kindNeedsUndeclared, rng(), 0, msg)
	}
}
