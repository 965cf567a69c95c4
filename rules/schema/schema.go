package schema

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/schema"
	"gopkg.in/yaml.v3"
)

//go:embed schema.md
var schemaDoc string

//go:embed action-schema.md
var actionSchemaDoc string

// Schema checks a workflow's structure against schema/workflow.schema.json and the
// rules GitHub applies that a JSON Schema cannot say.
var Schema = &analyzer.Rule{
	ID:       "schema",
	Title:    "workflow structure that GitHub rejects",
	Doc:      schemaDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runSchema,
}

// ActionSchema checks action metadata (action.yml) against schema/action.schema.json.
var ActionSchema = &analyzer.Rule{
	ID:       "action-schema",
	Title:    "action metadata structure that GitHub rejects",
	Doc:      actionSchemaDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Kinds:    []analyzer.FileKind{analyzer.KindAction},
	Run:      runActionSchema,
}

var (
	workflowValidator = &validator{src: schema.Workflow, fast: fastWorkflow}
	actionValidator   = &validator{src: schema.Action, fast: fastAction}
)

func runSchema(p *analyzer.Pass) error {
	root := p.File.Root
	checkDuplicateKeys(p, root)
	workflowValidator.validate(p, root, describeWorkflowPath)
	checkWorkflowExtras(p, root)
	return nil
}

func runActionSchema(p *analyzer.Pass) error {
	root := p.File.Root
	checkDuplicateKeys(p, root)
	actionValidator.validate(p, root, describeActionPath)
	checkActionExtras(p, root)
	return nil
}

// describeWorkflowPath names the thing at path the way a person reading the workflow
// would: `job "build"`, `step 2 of job "build"`, `"fail-fast" in job "build"`.
func describeWorkflowPath(path []string) string {
	named, rest := namedPrefix(path)
	name := nameOf(path[:named])
	switch {
	case len(rest) == 0:
		return name
	case named == 0:
		return leafName(rest)
	}
	return leafName(rest) + " in " + name
}

// namedPrefix returns how much of path leads to the deepest thing with a name of its
// own (the workflow, an event, a job, a step, an input...) and what follows it.
func namedPrefix(path []string) (int, []string) {
	n := 0
	for i := range path {
		switch {
		case i == 1 && path[0] == "on",
			i == 1 && path[0] == "jobs",
			i == 3 && path[0] == "on" && slices.Contains([]string{"inputs", "outputs", "secrets"}, path[2]),
			i == 2 && path[0] == "on" && path[1] == "schedule",
			i == 3 && path[0] == "jobs" && (path[2] == "steps" || path[2] == "services"),
			i == 5 && path[0] == "jobs" && path[2] == "steps" && path[4] == "parallel":
			n = i + 1
		}
	}
	return n, path[n:]
}

func nameOf(path []string) string {
	switch len(path) {
	case 0:
		return "the workflow"
	case 2:
		if path[0] == "on" {
			return fmt.Sprintf("event %q", path[1])
		}
		return fmt.Sprintf("job %q", path[1])
	case 3:
		return fmt.Sprintf("schedule entry %s", ordinal(path[2]))
	case 4:
		switch path[2] {
		case "inputs":
			return fmt.Sprintf("input %q", path[3])
		case "outputs":
			return fmt.Sprintf("output %q", path[3])
		case "secrets":
			return fmt.Sprintf("secret %q", path[3])
		case "services":
			return fmt.Sprintf("service %q of job %q", path[3], path[1])
		}
		return fmt.Sprintf("step %s of job %q", ordinal(path[3]), path[1])
	case 6:
		return fmt.Sprintf("step %s of the parallel group in step %s of job %q", ordinal(path[5]), ordinal(path[3]), path[1])
	}
	return strconv.Quote(strings.Join(path, "."))
}

// leafName names a path below a named thing: `"fail-fast"`, `"cancel-in-progress" in
// "concurrency"`, `item 2 of "branches"`.
func leafName(rest []string) string {
	last := rest[len(rest)-1]
	if isIndex(last) && len(rest) > 1 {
		return fmt.Sprintf("item %s of %q", ordinal(last), rest[len(rest)-2])
	}
	if len(rest) > 1 && !isIndex(rest[len(rest)-2]) {
		return fmt.Sprintf("%q in %q", last, rest[len(rest)-2])
	}
	return strconv.Quote(last)
}

func describeActionPath(path []string) string {
	var name string
	n := 0
	switch {
	case len(path) >= 2 && (path[0] == "inputs" || path[0] == "outputs"):
		name, n = fmt.Sprintf("%s %q", strings.TrimSuffix(path[0], "s"), path[1]), 2
	case len(path) >= 3 && path[0] == "runs" && path[1] == "steps":
		name, n = fmt.Sprintf("step %s of the composite action", ordinal(path[2])), 3
	case len(path) >= 1 && (path[0] == "runs" || path[0] == "branding"):
		name, n = strconv.Quote(path[0]), 1
	default:
		name = "the action metadata"
	}
	if len(path) == n {
		return name
	}
	return leafName(path[n:]) + " in " + name
}

// stepKeys are all the keys any step form accepts, and stepForms the keys that choose
// the form.
var (
	stepForms = []string{"uses", "run", "wait", "wait-all", "cancel", "parallel"}
	stepKeys  = []string{"id", "name", "if", "uses", "run", "shell", "with", "env", "continue-on-error",
		"timeout-minutes", "working-directory", "background", "wait", "wait-all", "cancel", "parallel"}
)

func stepFormOf(n *yaml.Node) string {
	for _, f := range stepForms {
		if k, _ := childKey(n, f); k != nil {
			return f
		}
	}
	return ""
}

func stepFormMessage(composite bool) string {
	if composite {
		return `step must have exactly one of "uses" or "run"`
	}
	return `step must have exactly one of "uses" or "run" (or be a "wait", "wait-all", "cancel" or "parallel" step)`
}

// specialUnknownKey writes the message for keys that are known somewhere but not where
// they stand, which "unknown key" would describe badly.
func specialUnknownKey(path []string, n *yaml.Node, prop string, allowed []string) string {
	last := ""
	if len(path) > 0 {
		last = path[len(path)-1]
	}
	switch {
	case len(path) == 1 && path[0] == "on":
		return fmt.Sprintf("unknown event %q", prop) + analyzer.DidYouMean(prop, allowed)
	case len(path) == 2 && path[0] == "on":
		return unknownEventKey(path[1], prop, allowed)
	case last == "permissions" || len(path) == 3 && path[0] == "jobs" && path[2] == "permissions":
		return fmt.Sprintf("unknown permission scope %q", prop) + analyzer.DidYouMean(prop, allowed)
	case len(path) == 2 && path[0] == "jobs":
		if k, _ := childKey(n, "uses"); k != nil && slices.Contains([]string{"runs-on", "steps", "container", "services",
			"env", "environment", "outputs", "defaults", "timeout-minutes", "continue-on-error", "snapshot"}, prop) {
			return fmt.Sprintf("%q cannot be used in job %q, which calls a reusable workflow with \"uses\"", prop, path[1])
		}
	case isStepPath(path) || len(path) == 3 && path[0] == "runs" && path[1] == "steps":
		return unknownStepKey(path, n, prop, allowed)
	}
	return ""
}

// unknownEventKey explains a key that event does not take: often an event indented one
// level too deep.
func unknownEventKey(event, prop string, allowed []string) string {
	if slices.Contains(allEvents(), prop) {
		return fmt.Sprintf("%q is indented under event %q, so GitHub reads it as a setting of that event; to make it an event of its own, indent it like %q", prop, event, event)
	}
	msg := fmt.Sprintf("unknown key %q in event %q", prop, event)
	if hint := analyzer.DidYouMean(prop, allowed); hint != "" {
		return msg + hint
	}
	if len(allowed) == 0 {
		return msg + "; this event takes no settings"
	}
	return msg + "; it takes only " + analyzer.QuoteList(allowed)
}

// unknownStepKey explains a key that step n cannot have: a second form key (run and
// uses), or a key of another form; "-" when another key's message says it already, ""
// when the general message fits.
func unknownStepKey(path []string, n *yaml.Node, prop string, allowed []string) string {
	form := stepFormOf(n)
	if slices.Contains(stepForms, prop) {
		other := ""
		for _, f := range stepForms {
			if k, _ := childKey(n, f); k != nil && f != prop && other == "" {
				other = f
			}
		}
		if other == "" {
			return ""
		}
		if slices.Index(stepForms, other) > slices.Index(stepForms, prop) {
			return "-" // both forms' schemas fail; report once, at the later-listed form key
		}
		return fmt.Sprintf("step has both %q and %q; a step must have exactly one of them", other, prop)
	}
	if slices.Contains(stepKeys, prop) && form != "" {
		if path[0] == "runs" {
			return fmt.Sprintf("%q cannot be used on a %q step of a composite action", prop, form)
		}
		return fmt.Sprintf("%q cannot be used on a %q step; it takes only %s", prop, form, analyzer.QuoteList(allowed))
	}
	return ""
}

// allEvents lists the event names the workflow schema knows.
func allEvents() []string {
	defs, _ := workflowValidator.rawSchema()["definitions"].(map[string]any)
	ev, _ := defs["event-name"].(map[string]any)
	var out []string
	for _, e := range ev["enum"].([]any) {
		out = append(out, e.(string))
	}
	return out
}

func isStepPath(path []string) bool {
	return len(path) >= 4 && path[0] == "jobs" && path[2] == "steps" && (len(path) == 4 || len(path) == 6 && path[4] == "parallel")
}

// inputTypeAliases are names people use for input types in other systems.
var inputTypeAliases = map[string]string{
	"int": "number", "integer": "number", "float": "number", "bool": "boolean", "str": "string",
	"text": "string", "select": "choice", "enum": "choice", "list": "choice", "dropdown": "choice",
}

func specialEnum(path []string, got string, allowed []string) string {
	last := ""
	if len(path) > 0 {
		last = path[len(path)-1]
	}
	hint := analyzer.DidYouMean(got, allowed)
	switch {
	case len(path) == 2 && path[0] == "branding" && last == "icon":
		return fmt.Sprintf("branding icon %q is not one of the %d Feather icons (v4.29.0): GitHub Marketplace cannot show it", got, len(allowed)) + hint
	case len(path) >= 1 && path[0] == "on" && (len(path) == 1 || len(path) == 2 && isIndex(path[1])):
		return fmt.Sprintf("unknown event %q", got) + hint
	case len(path) >= 3 && path[0] == "on" && (last == "types" || path[len(path)-2] == "types"):
		return fmt.Sprintf("activity type %q is not one of %s for event %q", got, strings.Join(allowed, ", "), path[1]) + hint
	case len(path) == 5 && path[0] == "on" && last == "type": // on.<event>.inputs.<name>.type
		if a, ok := inputTypeAliases[strings.ToLower(got)]; ok && slices.Contains(allowed, a) {
			hint = analyzer.Suggest(a)
		}
		return fmt.Sprintf("input type %q is not one of %s", got, strings.Join(allowed, ", ")) + hint
	case last == "permissions":
		return fmt.Sprintf("\"permissions\" must be \"read-all\", \"write-all\" or a mapping of scopes, not %q", got) + hint
	case len(path) >= 2 && path[len(path)-2] == "permissions":
		return fmt.Sprintf("permission %q must be %s, not %q", last, analyzer.QuoteOrList(allowed), got) + hint
	case last == "secrets" && slices.Equal(allowed, []string{"inherit"}):
		return fmt.Sprintf("\"secrets\" must be \"inherit\" or a mapping of secret names to values, not %q", got)
	}
	return ""
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
