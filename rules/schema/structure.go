package schema

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // schedule time zones are checked the same way on every machine

	"github.com/wflint/wflint/analyzer"
	"gopkg.in/yaml.v3"
)

// Structural checks a JSON Schema cannot express: duplicate keys, identifiers, empty
// jobs and steps, the wiring of parallel steps, concurrency queue conflicts, cron
// expressions and time zones. They report under the schema rules.

// checkDuplicateKeys reports every mapping key that appears more than once in its
// mapping. YAML parsers disagree on which of the two wins; GitHub rejects the file.
func checkDuplicateKeys(p *analyzer.Pass, root *yaml.Node) {
	// Aliases are not followed: a mapping is checked once, where it is written. path is
	// one stack, grown and shrunk as the walk goes, read only when a finding is made.
	var path []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			var seen map[string]*yaml.Node // for a large mapping only: scans would be quadratic
			if len(n.Content) > 64 {
				seen = make(map[string]*yaml.Node, len(n.Content)/2)
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				name := keyText(k)
				if prev := earlierKey(n, i, name, seen); prev != nil {
					p.Report(analyzer.Diagnostic{
						Range:   p.File.Range(k),
						Message: fmt.Sprintf("key %q is defined twice in %s; GitHub rejects duplicate keys", name, describeFor(p, path)),
						Related: []analyzer.Related{{Message: "first defined here", Range: p.File.Range(prev)}},
					})
				}
				path = append(path, name)
				walk(n.Content[i+1])
				path = path[:len(path)-1]
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				path = append(path, index(i))
				walk(c)
				path = path[:len(path)-1]
			}
		}
	}
	walk(root)
}

// earlierKey returns the first key of mapping n before position i whose text is name:
// from seen (which it fills) for a large mapping, else by a scan, which costs less than a
// map for the small ones.
func earlierKey(n *yaml.Node, i int, name string, seen map[string]*yaml.Node) *yaml.Node {
	if seen != nil {
		if prev, ok := seen[name]; ok {
			return prev
		}
		seen[name] = n.Content[i]
		return nil
	}
	for j := 0; j < i; j += 2 {
		if keyText(n.Content[j]) == name {
			return n.Content[j]
		}
	}
	return nil
}

// index is the text of a list index, without allocating for the usual small ones.
func index(i int) string {
	if i < len(smallIndexes) {
		return smallIndexes[i]
	}
	return strconv.Itoa(i)
}

var smallIndexes = func() (out [64]string) {
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

func describeFor(p *analyzer.Pass, path []string) string {
	if p.File.Kind == analyzer.KindAction {
		return describeActionPath(path)
	}
	return describeWorkflowPath(path)
}

// checkID reports an identifier GitHub refuses. what is "job" or "step".
func checkID(p *analyzer.Pass, n *yaml.Node, what string) bool {
	id := n.Value
	switch {
	case n.Kind != yaml.ScalarNode || analyzer.IsNull(n):
		return false // the schema reports the type
	case strings.HasPrefix(id, "__"):
		p.Reportf(n, "%s id %q is reserved: ids that start with \"__\" belong to GitHub", what, id)
	case !analyzer.IsID(id):
		p.Reportf(n, "%s id %q is not a valid identifier: it must start with a letter or \"_\" and contain only letters, digits, \"-\" and \"_\"", what, clip(id))
	case len(id) >= 100:
		p.Reportf(n, "%s id is %d characters long; GitHub allows at most 99", what, len(id))
	default:
		return true
	}
	return false
}

func checkWorkflowExtras(p *analyzer.Pass, root *yaml.Node) {
	w := p.Workflow()
	if w == nil {
		return
	}
	checkConcurrency(p, mapValue(root, "concurrency"))
	checkSchedules(p, root)
	checkDispatchInputs(p, root)

	_, jobs := childKey(root, "jobs")
	jobs = analyzer.Resolve(jobs)
	if jobs != nil && jobs.Kind == yaml.MappingNode && len(jobs.Content) == 0 {
		p.Reportf(jobs, "\"jobs\" is empty; a workflow needs at least one job")
	}
	seenJob := map[string]*yaml.Node{}
	for _, j := range w.Jobs {
		lower := strings.ToLower(j.ID.Value)
		if checkID(p, j.ID, "job") {
			if prev, dup := seenJob[lower]; dup && prev.Value != j.ID.Value {
				p.Report(analyzer.Diagnostic{
					Range: p.File.Range(j.ID),
					Message: fmt.Sprintf("job id %q is the same as %q: GitHub compares job ids without regard to case",
						j.ID.Value, prev.Value),
					Related: []analyzer.Related{{Message: "first defined here", Range: p.File.Range(prev)}},
				})
			}
		}
		if _, ok := seenJob[lower]; !ok {
			seenJob[lower] = j.ID
		}
		body := analyzer.Resolve(j.Node)
		if body == nil || body.Kind != yaml.MappingNode {
			continue
		}
		checkConcurrency(p, mapValue(body, "concurrency"))
		checkMaxParallel(p, mapValue(mapValue(body, "strategy"), "max-parallel"))
		if k, _ := childKey(body, "uses"); k != nil {
			continue
		}
		stepsKey, steps := childKey(body, "steps")
		steps = analyzer.Resolve(steps)
		switch {
		case stepsKey == nil:
			p.Reportf(j.ID, "job %q has no \"steps\" and does not call a reusable workflow with \"uses\"", j.ID.Value)
		case steps != nil && steps.Kind == yaml.SequenceNode && len(steps.Content) == 0:
			p.Reportf(steps, "\"steps\" of job %q is empty; a job needs at least one step", j.ID.Value)
		case steps != nil && steps.Kind == yaml.SequenceNode:
			checkSteps(p, steps, j.ID.Value)
		}
	}
}

// checkMaxParallel reports a max-parallel that is a number but not a whole one: GitHub's
// parser takes 1.5, but a count of jobs has no halves.
func checkMaxParallel(p *analyzer.Pass, n *yaml.Node) {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!float" {
		return
	}
	if f, err := strconv.ParseFloat(n.Value, 64); err == nil && f != math.Trunc(f) {
		p.Report(analyzer.Diagnostic{Range: p.File.Range(n), Severity: analyzer.Warning, Message: fmt.Sprintf(
			"max-parallel is %s, but it counts jobs: write a whole number (%d or %d)", n.Value, int(math.Floor(f)), int(math.Ceil(f)))})
	}
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	_, v := childKey(analyzer.Resolve(m), key)
	return analyzer.Resolve(v)
}

// checkConcurrency reports `queue: max` with `cancel-in-progress: true`: a queue of
// waiting runs means nothing when each new run cancels the one in progress.
func checkConcurrency(p *analyzer.Pass, c *yaml.Node) {
	if c == nil || c.Kind != yaml.MappingNode {
		return
	}
	q, _ := analyzer.ScalarValue(mapValue(c, "queue"))
	cancelKey, cancel := childKey(c, "cancel-in-progress")
	if cv, _ := analyzer.ScalarValue(cancel); q == "max" && cv == "true" && analyzer.Resolve(cancel).ShortTag() == "!!bool" {
		p.Reportf(cancelKey, "\"queue: max\" cannot be combined with \"cancel-in-progress: true\"; GitHub rejects the workflow")
	}
}

// stepIDs are the ids declared in one job's steps.
type stepIDs struct {
	p     *analyzer.Pass
	job   string
	ids   map[string]stepDecl // lower-cased id -> first declaration
	exact map[string]stepDecl
}

type stepDecl struct {
	key      *yaml.Node
	index    int
	parallel bool // declared inside a parallel group
}

func (s *stepIDs) declare(step *yaml.Node, index int, inParallel bool) {
	idNode := mapValue(step, "id")
	if idNode == nil || !checkID(s.p, idNode, "step") {
		return
	}
	lower := strings.ToLower(idNode.Value)
	if prev, dup := s.ids[lower]; dup {
		reportDuplicateID(s.p, idNode, prev.key, fmt.Sprintf("job %q", s.job))
		return
	}
	d := stepDecl{idNode, index, inParallel}
	s.ids[lower] = d
	s.exact[idNode.Value] = d
}

// checkTarget checks the step id that a wait or cancel step (verb) at index names.
func (s *stepIDs) checkTarget(step *yaml.Node, index int, target *yaml.Node, verb string) {
	name, ok := analyzer.ScalarValue(target)
	if !ok || name == "" {
		return
	}
	own, _ := analyzer.ScalarValue(mapValue(step, "id"))
	d, found := s.exact[name]
	switch {
	case own == name:
		s.p.Reportf(target, "step %q cannot %s itself", name, verb)
	case !found:
		msg := fmt.Sprintf("%s names step %q, but no step in job %q has that id", verb, name, s.job)
		if d2, ok := s.ids[strings.ToLower(name)]; ok {
			msg += fmt.Sprintf("; ids are matched exactly here: did you mean %q?", d2.key.Value)
		} else {
			var cands []string
			for k := range s.exact {
				cands = append(cands, k)
			}
			msg += analyzer.DidYouMean(name, cands)
		}
		s.p.Reportf(target, "%s", msg)
	case d.parallel:
		s.p.Reportf(target, "%s names step %q, which is inside a \"parallel\" group; only steps outside a group can be named", verb, name)
	case d.index >= index:
		s.p.Reportf(target, "%s names step %q, which comes later in the job; only earlier steps can be named", verb, name)
	}
}

// checkSteps checks ids and the wiring of wait, wait-all, cancel and parallel steps in
// one job's steps.
func checkSteps(p *analyzer.Pass, steps *yaml.Node, job string) {
	ids := &stepIDs{p: p, job: job, ids: map[string]stepDecl{}, exact: map[string]stepDecl{}}
	// All ids first, so that a reference to a later step can be told from an unknown one.
	for i, s := range steps.Content {
		s = analyzer.Resolve(s)
		ids.declare(s, i, false)
		if group := mapValue(s, "parallel"); group != nil && group.Kind == yaml.SequenceNode {
			for _, inner := range group.Content {
				ids.declare(analyzer.Resolve(inner), i, true)
			}
		}
	}
	for i, s := range steps.Content {
		s = analyzer.Resolve(s)
		if s == nil || s.Kind != yaml.MappingNode {
			continue
		}
		checkStepForm(p, s, false)
		if w := mapValue(s, "wait"); w != nil {
			if w.Kind == yaml.SequenceNode {
				for _, t := range w.Content {
					ids.checkTarget(s, i, t, "wait")
				}
			} else {
				ids.checkTarget(s, i, w, "wait")
			}
		}
		if c := mapValue(s, "cancel"); c != nil {
			ids.checkTarget(s, i, c, "cancel")
		}
		if k, v := childKey(s, "wait-all"); k != nil {
			if val, ok := analyzer.ScalarValue(v); ok && analyzer.Resolve(v).ShortTag() == "!!bool" && val == "false" {
				p.Reportf(v, "\"wait-all\" must be true or left empty; false is not allowed")
			}
		}
		if group := mapValue(s, "parallel"); group != nil && group.Kind == yaml.SequenceNode {
			checkParallelGroup(p, group)
		}
	}
}

// checkParallelGroup checks the steps of a "parallel" group: only plain run and uses
// steps may stand there.
func checkParallelGroup(p *analyzer.Pass, group *yaml.Node) {
	if len(group.Content) == 0 {
		p.Reportf(group, "\"parallel\" group is empty; list the steps to run in parallel")
	}
	for _, inner := range group.Content {
		inner = analyzer.Resolve(inner)
		if inner != nil && inner.Kind == yaml.MappingNode {
			checkStepForm(p, inner, false)
		}
		for _, key := range []string{"background", "wait", "wait-all", "cancel", "parallel"} {
			k, _ := childKey(inner, key)
			if k == nil {
				continue
			}
			switch key {
			case "parallel":
				p.Reportf(k, "\"parallel\" groups cannot be nested")
			case "background":
				p.Reportf(k, "\"background\" cannot be used inside a \"parallel\" group; every step there already runs in the background")
			default:
				p.Reportf(k, "a %q step cannot be inside a \"parallel\" group", key)
			}
		}
	}
}

// reportDuplicateID reports a step id that repeats an earlier one in the same scope.
func reportDuplicateID(p *analyzer.Pass, id, first *yaml.Node, scope string) {
	p.Report(analyzer.Diagnostic{
		Range:   p.File.Range(id),
		Message: fmt.Sprintf("step id %q is already used in %s (ids are compared without regard to case)", id.Value, scope),
		Related: []analyzer.Related{{Message: "first used here", Range: p.File.Range(first)}},
	})
}

// checkStepForm reports a step that has none of the keys that say what it does.
func checkStepForm(p *analyzer.Pass, s *yaml.Node, composite bool) {
	forms := stepForms
	if composite {
		forms = stepForms[:2]
	}
	for _, f := range forms {
		if k, _ := childKey(s, f); k != nil {
			return
		}
	}
	at := s
	if len(s.Content) > 0 {
		at = s.Content[0]
	}
	p.Reportf(at, "%s", stepFormMessage(composite))
}

// checkSchedules validates each cron expression and time zone of on.schedule.
func checkSchedules(p *analyzer.Pass, root *yaml.Node) {
	on := mapValue(root, "on")
	sched := mapValue(on, "schedule")
	if sched == nil || sched.Kind != yaml.SequenceNode {
		return
	}
	for _, e := range sched.Content {
		e = analyzer.Resolve(e)
		if c := mapValue(e, "cron"); c != nil {
			if v, ok := analyzer.ScalarValue(c); ok && c.ShortTag() == "!!str" && v != "" {
				if templatePlaceholder.MatchString(v) {
					// a workflow template's placeholder: expected in a template, a
					// mistake in a file GitHub runs
					if analyzer.InWorkflowsDir(p.File.Path) {
						p.Reportf(c, "%q is a workflow-template placeholder, which GitHub fills in only when a workflow is created from the template; here GitHub rejects it: write a cron expression such as \"30 5 * * 1\"", v)
					}
					continue
				}
				if strings.TrimSpace(v) != v {
					// GitHub's editor refuses it, but the server trims it: apache/arrow's
					// "cron: |" schedules run (../shared/github-actions-2026.md, section 8)
					p.Report(analyzer.Diagnostic{Range: p.File.Range(c), Severity: analyzer.Note, Message: fmt.Sprintf(
						"cron expression %q has leading or trailing whitespace (a line break that \"|\" keeps, too): schedules run, but GitHub's workflow editor flags it", clip(v))})
					v = strings.TrimSpace(v)
				}
				if msg := cronProblem(v); msg != "" {
					p.Reportf(c, "%s", msg)
				} else if gap := cronShortestGap(v); gap < 5 {
					p.Report(analyzer.Diagnostic{Range: p.File.Range(c), Severity: analyzer.Warning, Message: fmt.Sprintf(
						"cron expression %q asks for runs %s apart, but GitHub runs a schedule at most once every 5 minutes (and may delay or drop runs under load): it will not run that often",
						v, analyzer.Plural(gap, "minute"))})
				}
			}
		}
		if tz := mapValue(e, "timezone"); tz != nil {
			if v, ok := analyzer.ScalarValue(tz); ok && v != "" {
				if _, err := time.LoadLocation(v); err != nil || v == "Local" {
					p.Reportf(tz, "unknown time zone %q; use an IANA name such as \"Europe/Berlin\" or \"America/New_York\"", v)
				}
			}
		}
	}
}

type cronField struct {
	name     string
	min, max int
	names    map[string]int
}

var cronFields = []cronField{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}},
	{"day of week", 0, 6, map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}},
}

// cronProblem explains why GitHub would refuse a cron expression, or returns "".
// GitHub takes five fields separated by single spaces, each "*", a value, a range
// "a-b" or a list of those, optionally with a "/step"; names are allowed for months
// and days of the week.
func cronProblem(expr string) string {
	if strings.HasPrefix(expr, "@") {
		return fmt.Sprintf("cron expression %q is not supported: GitHub does not accept @yearly, @daily and similar; write the five fields", expr)
	}
	fields := strings.Split(expr, " ")
	var nonEmpty []string
	for _, f := range fields {
		if f != "" {
			nonEmpty = append(nonEmpty, f)
		}
	}
	if len(nonEmpty) != 5 {
		return fmt.Sprintf("cron expression %q has %s; GitHub needs 5 (minute hour day-of-month month day-of-week)", clip(expr), analyzer.Plural(len(nonEmpty), "field"))
	}
	for i, f := range nonEmpty {
		if msg := cronFieldProblem(f, cronFields[i], true); msg != "" {
			return fmt.Sprintf("cron expression %q: %s", expr, msg)
		}
	}
	return ""
}

func cronFieldProblem(v string, f cronField, separators bool) string {
	if _, ok := f.names[strings.ToLower(v)]; ok || v == "*" {
		return ""
	}
	bad := fmt.Sprintf("%s field %q is not valid", f.name, v)
	switch {
	case strings.Contains(v, ","):
		return cronListProblem(v, f, separators, bad)
	case strings.Contains(v, "/"):
		return cronStepProblem(v, f, separators, bad)
	case strings.Contains(v, "-"):
		return cronRangeProblem(v, f, separators, bad)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return bad
	}
	if n < f.min || n > f.max {
		return fmt.Sprintf("%s %d is out of range %d-%d", f.name, n, f.min, f.max)
	}
	return ""
}

// cronListProblem checks a list "a,b,c" of a cron field.
func cronListProblem(v string, f cronField, separators bool, bad string) string {
	if !separators {
		return bad
	}
	for _, part := range strings.Split(v, ",") {
		if part == "" {
			return bad
		}
		if m := cronFieldProblem(part, f, true); m != "" {
			return m
		}
	}
	return ""
}

// cronStepProblem checks a step "a/n" of a cron field.
func cronStepProblem(v string, f cronField, separators bool, bad string) string {
	parts := strings.Split(v, "/")
	if !separators || len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return bad
	}
	// a step is a count, not a value of the field: "*/7" in the day of the week is every
	// seventh day from Sunday, which GitHub runs
	if step, err := strconv.Atoi(parts[1]); err != nil || step <= 0 {
		return fmt.Sprintf("%s step %q must be a positive number", f.name, parts[1])
	}
	return cronFieldProblem(parts[0], f, true)
}

// cronRangeProblem checks a range "a-b" of a cron field.
func cronRangeProblem(v string, f cronField, separators bool, bad string) string {
	parts := strings.Split(v, "-")
	if !separators || len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return bad
	}
	for _, x := range parts {
		if m := cronFieldProblem(x, f, false); m != "" {
			return m
		}
	}
	if cronNumber(parts[1], f) < cronNumber(parts[0], f) {
		return fmt.Sprintf("%s range %q runs backwards", f.name, v)
	}
	return ""
}

// cronShortestGap is the shortest time in minutes between two runs that a valid cron
// expression asks for, counting only the minute field and whether every hour is allowed;
// 60 when it asks for at most one run an hour.
func cronShortestGap(expr string) int {
	fields := strings.Fields(expr)
	var minutes []int
	for _, part := range strings.Split(fields[0], ",") {
		minutes = append(minutes, cronExpand(part, cronFields[0])...)
	}
	slices.Sort(minutes)
	minutes = slices.Compact(minutes)
	gap := 60
	for i := 1; i < len(minutes); i++ {
		gap = min(gap, minutes[i]-minutes[i-1])
	}
	if fields[1] == "*" && len(minutes) > 0 { // from the last minute of one hour to the first of the next
		gap = min(gap, 60-minutes[len(minutes)-1]+minutes[0])
	}
	return gap
}

// cronExpand lists the values of one valid list item of a cron field: "*", "a", "a-b",
// each with an optional "/step".
func cronExpand(v string, f cronField) []int {
	lo, hi, step := f.min, f.max, 1
	body, stepText, stepped := strings.Cut(v, "/")
	if stepped {
		step, _ = strconv.Atoi(stepText)
	}
	switch a, b, isRange := strings.Cut(body, "-"); {
	case body == "*":
	case isRange:
		lo, hi = cronNumber(a, f), cronNumber(b, f)
	default:
		lo = cronNumber(body, f)
		if !stepped {
			hi = lo
		}
	}
	var out []int
	for n := lo; n <= hi && step > 0; n += step {
		out = append(out, n)
	}
	return out
}

func cronNumber(v string, f cronField) int {
	if n, ok := f.names[strings.ToLower(v)]; ok {
		return n
	}
	n, _ := strconv.Atoi(v)
	return n
}

// checkDispatchInputs reports a choice input without options and more inputs than
// GitHub allows.
func checkDispatchInputs(p *analyzer.Pass, root *yaml.Node) {
	inputs := mapValue(mapValue(mapValue(root, "on"), "workflow_dispatch"), "inputs")
	if inputs == nil || inputs.Kind != yaml.MappingNode {
		return
	}
	if n := len(inputs.Content) / 2; n > 25 {
		p.Reportf(inputs.Content[50], "workflow_dispatch has %d inputs; GitHub allows at most 25", n)
	}
	for i := 0; i+1 < len(inputs.Content); i += 2 {
		in := analyzer.Resolve(inputs.Content[i+1])
		if t, _ := analyzer.ScalarValue(mapValue(in, "type")); t == "choice" {
			if opts := mapValue(in, "options"); opts == nil || opts.Kind == yaml.SequenceNode && len(opts.Content) == 0 {
				p.Reportf(inputs.Content[i], "choice input %q has no \"options\" to choose from", inputs.Content[i].Value)
			}
		}
	}
}

// nodeVersions says what GitHub does with each retired or retiring JavaScript runtime.
var nodeVersions = map[string]string{
	"node12": "Node 12 was retired in 2023; GitHub runs this action on a newer Node version it was not written for",
	"node16": "Node 16 was retired in 2024; GitHub runs this action on a newer Node version it was not written for",
	"node20": "Node 20 was removed from GitHub-hosted runners on 2026-09-16; GitHub now runs this action on Node 24",
}

var actionInputKeys = []string{"default", "deprecationMessage", "description", "required"}

func checkActionExtras(p *analyzer.Pass, root *yaml.Node) {
	// GitHub reads the four documented keys of an input and ignores the rest, so an
	// unknown key is a warning: usually a misspelling whose setting never takes effect.
	if inputs := mapValue(root, "inputs"); inputs != nil && inputs.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(inputs.Content); i += 2 {
			in := analyzer.Resolve(inputs.Content[i+1])
			if in == nil || in.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(in.Content); j += 2 {
				k := in.Content[j]
				name := keyText(k)
				switch {
				case slices.Contains(actionInputKeys, name):
				case name == "type":
					p.Report(analyzer.Diagnostic{Range: p.File.Range(k), Severity: analyzer.Note,
						Message: fmt.Sprintf("\"type\" in input %q has no effect: GitHub passes every action input as a string", inputs.Content[i].Value)})
				default:
					p.Report(analyzer.Diagnostic{Range: p.File.Range(k), Severity: analyzer.Warning,
						Message: fmt.Sprintf("unknown key %q in input %q is ignored by GitHub", name, inputs.Content[i].Value) +
							analyzer.DidYouMean(name, actionInputKeys)})
				}
			}
		}
	}
	runs := mapValue(root, "runs")
	if using := mapValue(runs, "using"); using != nil {
		if v, ok := analyzer.ScalarValue(using); ok {
			if why, old := nodeVersions[v]; old {
				p.Report(analyzer.Diagnostic{
					Range:    p.File.Range(using),
					Severity: analyzer.Warning,
					Message:  fmt.Sprintf("runs.using %q is too old: %s; use \"node24\"", v, why),
				})
			}
		}
	}
	steps := mapValue(runs, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode {
		return
	}
	if len(steps.Content) == 0 {
		p.Reportf(steps, "\"steps\" of the composite action is empty; it needs at least one step")
	}
	seen := map[string]*yaml.Node{}
	for _, s := range steps.Content {
		if st := analyzer.Resolve(s); st != nil && st.Kind == yaml.MappingNode {
			checkStepForm(p, st, true)
		}
		idNode := mapValue(analyzer.Resolve(s), "id")
		if idNode == nil || !checkID(p, idNode, "step") {
			continue
		}
		lower := strings.ToLower(idNode.Value)
		if prev, dup := seen[lower]; dup {
			reportDuplicateID(p, idNode, prev, "this action")
			continue
		}
		seen[lower] = idNode
	}
}
