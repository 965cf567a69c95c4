package expr

import (
	"slices"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/actiondata"
)

// The scope model says what each context holds at each place of a file: which env names,
// step ids, matrix keys, needs and inputs are defined there. It is built once per file.

type fileScope struct {
	file   *analyzer.File
	wf     *analyzer.Workflow
	action *analyzer.Action

	inputs      *actionlint.ObjectType // strict: every input the file declares
	inputNames  []string
	hasInputs   bool                   // an event or the action declares inputs
	dispatch    *actionlint.ObjectType // github.event.inputs when only workflow_dispatch can start a run; else nil
	callSecrets []string               // secrets declared by on.workflow_call.secrets
	declares    bool                   // on.workflow_call declares secrets
	called      bool                   // on: workflow_call: a reusable workflow
	// localActions caches the outputs of local actions by uses: (nil: unreadable)
	localActions map[string]*actionlint.ObjectType
	env          []string             // workflow env names
	envDynamic   bool                 // env: ${{ … }}: the names are known only at run time
	jobs         map[string]*jobScope // by lower-cased id
	jobList      []*jobScope
	sites        []*site
}

type jobScope struct {
	job      *analyzer.Job
	id       string
	matrix   *actionlint.ObjectType // nil: the job has no matrix
	dynamic  bool                   // the matrix keys are not all known
	mkeys    []string
	needs    map[string]string // lower-cased id -> id as written
	env      []string
	envDyn   bool         // env: ${{ … }}
	steps    []*stepScope // in order, parallel groups flattened
	byID     map[string]*stepScope
	outputs  []string
	callsWF  bool // calls a reusable workflow: outputs are not known here
	shellWin bool // runs on Windows without a default shell: run: is PowerShell
}

type stepScope struct {
	step   *analyzer.Step
	top    int // index of the top-level step that holds it
	id     string
	env    []string
	envDyn bool     // env: ${{ … }}
	writes []string // names this step writes to $GITHUB_ENV
	run    string   // its run: script, read for $GITHUB_OUTPUT writes only when a finding asks
	// unknownWrites is set when the step may define names wflint cannot read: an action,
	// or a $GITHUB_ENV write whose name is computed.
	unknownWrites bool
	scriptRead    bool // the run: script was read for script files and task runners
	bg            bool // background: true
	uses          string
	// localOuts types the outputs of a local action read from the repository; nil for
	// any other step.
	localOuts *actionlint.ObjectType
}

// outputsType types the step's outputs.
func (st *stepScope) outputsType() *actionlint.ObjectType {
	if st.localOuts != nil {
		return st.localOuts
	}
	return stepOutputs(st.uses)
}

// computedMapping reports whether a mapping is given as an expression instead.
func computedMapping(n *yaml.Node) bool {
	n = analyzer.Resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${{")
}

func keysOf(m analyzer.Mapping) []string {
	out := make([]string, 0, len(m))
	for _, e := range m {
		out = append(out, e.Key.Value)
	}
	return out
}

// typeOfYAML gives the expression type of a YAML value.
func typeOfYAML(n *yaml.Node) actionlint.ExprType {
	n = analyzer.Resolve(n)
	if n == nil {
		return actionlint.NullType{}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.Contains(n.Value, "${{") {
			return actionlint.AnyType{}
		}
		switch n.Tag {
		case "!!bool":
			return actionlint.BoolType{}
		case "!!int", "!!float":
			return actionlint.NumberType{}
		case "!!null":
			return actionlint.NullType{}
		}
		return actionlint.StringType{}
	case yaml.MappingNode:
		props := map[string]actionlint.ExprType{}
		computed := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := analyzer.Resolve(n.Content[i]).Value
			computed = computed || strings.Contains(k, "${{")
			props[strings.ToLower(k)] = typeOfYAML(n.Content[i+1])
		}
		if computed {
			return actionlint.NewObjectType(props)
		}
		// strict: the rows are literal, so a key no row has is a mistake (rows merge
		// into the union of their keys; a value that is an expression stays any)
		return actionlint.NewStrictObjectType(props)
	case yaml.SequenceNode:
		var elem actionlint.ExprType
		for _, c := range n.Content {
			t := typeOfYAML(c)
			if elem == nil {
				elem = t
			} else {
				elem = elem.Merge(t)
			}
		}
		if elem == nil {
			elem = actionlint.AnyType{}
		}
		return &actionlint.ArrayType{Elem: elem}
	}
	return actionlint.AnyType{}
}

// buildMatrix types the matrix context of a job from strategy.matrix.
func (js *jobScope) buildMatrix(m *yaml.Node) {
	m = analyzer.Resolve(m)
	if m == nil {
		return
	}
	js.matrix = actionlint.NewEmptyStrictObjectType()
	if m.Kind != yaml.MappingNode {
		js.dynamic = true // matrix: ${{ fromJSON(...) }}
		js.matrix.Loose()
		return
	}
	add := func(k string, t actionlint.ExprType) {
		lk := strings.ToLower(k)
		if old, ok := js.matrix.Props[lk]; ok {
			t = old.Merge(t)
		} else {
			js.mkeys = append(js.mkeys, k)
		}
		js.matrix.Props[lk] = t
	}
	for _, e := range analyzer.MappingOf(m) {
		switch e.Key.Value {
		case "exclude":
		case "include":
			rows := analyzer.Resolve(e.Value)
			if rows == nil || rows.Kind != yaml.SequenceNode {
				js.dynamic = true
				continue
			}
			for _, row := range rows.Content {
				row = analyzer.Resolve(row)
				if row.Kind != yaml.MappingNode {
					js.dynamic = true
					continue
				}
				for _, c := range analyzer.MappingOf(row) {
					add(c.Key.Value, typeOfYAML(c.Value))
				}
			}
		default:
			if strings.Contains(e.Key.Value, "${{") {
				js.dynamic = true
				continue
			}
			t := typeOfYAML(e.Value)
			if a, ok := t.(*actionlint.ArrayType); ok {
				t = a.Elem
			} else {
				t = actionlint.AnyType{} // ${{ fromJSON(...) }} rows
			}
			add(e.Key.Value, t)
		}
	}
	if js.dynamic {
		js.matrix.Loose()
	}
}

// buildScope reads what the file defines.
func buildScope(f *analyzer.File) *fileScope {
	s := &fileScope{file: f, wf: f.Workflow, action: f.Action, jobs: map[string]*jobScope{}}
	s.inputs = actionlint.NewEmptyStrictObjectType()
	if s.action != nil {
		for _, in := range s.action.Inputs {
			s.addInput(in.Key.Value, actionlint.StringType{})
		}
		s.hasInputs = true
		if s.action.Runs != nil {
			js := &jobScope{id: "", byID: map[string]*stepScope{}, dynamic: true}
			js.matrix = actionlint.NewEmptyObjectType()
			js.addSteps(s.action.Runs.Steps)
			s.jobList = append(s.jobList, js)
		}
		return s
	}
	wf := s.wf
	s.env = keysOf(wf.Env)
	s.envDynamic = computedMapping(wf.EnvNode)
	onlyDispatch := true
	var dispatch *analyzer.Event
	if wf.On != nil {
		for _, ev := range wf.On.Events {
			switch ev.Name.Value {
			case "workflow_dispatch":
				dispatch = ev
				s.hasInputs = true
			case "workflow_call":
				onlyDispatch = false
				s.called = true
				s.hasInputs = true
				if ev.Node != nil && analyzer.MappingOf(ev.Node).Get("secrets").Key != nil {
					s.declares = true
					s.callSecrets = keysOf(ev.Secrets)
				}
			}
			for _, in := range ev.Inputs {
				s.addInput(in.Key.Value, inputType(in.Value))
			}
		}
	}
	if dispatch != nil && onlyDispatch {
		props := map[string]actionlint.ExprType{}
		for _, in := range dispatch.Inputs {
			props[strings.ToLower(in.Key.Value)] = actionlint.StringType{}
		}
		s.dispatch = actionlint.NewStrictObjectType(props)
	}
	for _, j := range wf.Jobs {
		js := &jobScope{job: j, id: j.ID.Value, needs: map[string]string{}, byID: map[string]*stepScope{}}
		js.env = keysOf(j.Env)
		js.envDyn = computedMapping(j.EnvNode)
		js.outputs = keysOf(j.Outputs)
		js.callsWF = j.Uses != nil
		for _, n := range j.Needs {
			js.needs[strings.ToLower(n.Value)] = n.Value
		}
		if j.Matrix != nil {
			js.buildMatrix(j.Matrix)
		} else if j.Strategy != nil && analyzer.Resolve(j.Strategy).Kind == yaml.ScalarNode {
			js.matrix, js.dynamic = actionlint.NewEmptyObjectType(), true // strategy: ${{ … }}
		}
		js.shellWin = (runsOnWindows(j.RunsOn) || runsOnWindows(j.Strategy)) && !hasDefaultShell(wf.Defaults) && !hasDefaultShell(j.Defaults)
		js.addSteps(j.Steps)
		s.readLocalActions(js)
		s.jobs[strings.ToLower(js.id)] = js
		s.jobList = append(s.jobList, js)
	}
	return s
}

// readLocalActions types the outputs of the job's local actions (uses: ./dir) from their
// action.yml in the repository, unless a step checks out another repository or into
// another path, which may put other files there.
func (s *fileScope) readLocalActions(js *jobScope) {
	repo := s.file.Repo
	if repo == nil {
		return
	}
	for _, st := range js.steps {
		name, _, _ := strings.Cut(strings.ToLower(st.uses), "@")
		if name == "actions/checkout" && (st.step.With.Get("repository").Key != nil || st.step.With.Get("path").Key != nil) {
			return
		}
	}
	for _, st := range js.steps {
		if strings.HasPrefix(st.uses, "./") {
			st.localOuts = s.localActionOutputs(repo, st.uses)
		}
	}
}

// localActionOutputs reads the outputs a local composite action declares; nil when its
// metadata cannot be read or it is another kind of action (a JavaScript or Docker
// action may set outputs its metadata does not list, and the runner passes them on).
func (s *fileScope) localActionOutputs(repo analyzer.Repository, uses string) *actionlint.ObjectType {
	if t, ok := s.localActions[uses]; ok {
		return t
	}
	var t *actionlint.ObjectType
	f, err := analyzer.LoadLocalAction(repo, uses)
	if err == nil && f.Action != nil && f.Action.Node != nil && isComposite(f.Action) && !computedMapping(analyzer.MappingOf(f.Action.Node).Get("outputs").Value) {
		props := map[string]actionlint.ExprType{}
		for _, e := range f.Action.Outputs {
			props[strings.ToLower(e.Key.Value)] = actionlint.StringType{}
		}
		t = actionlint.NewStrictObjectType(props)
	}
	if s.localActions == nil {
		s.localActions = map[string]*actionlint.ObjectType{}
	}
	s.localActions[uses] = t
	return t
}

func isComposite(a *analyzer.Action) bool {
	if a.Runs == nil || a.Runs.Using == nil {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(a.Runs.Using.Value), "composite")
}

func (s *fileScope) addInput(name string, t actionlint.ExprType) {
	l := strings.ToLower(name)
	if _, ok := s.inputs.Props[l]; ok {
		s.inputs.Props[l] = s.inputs.Props[l].Merge(t)
		return
	}
	s.inputs.Props[l] = t
	s.inputNames = append(s.inputNames, name)
}

func inputType(def *yaml.Node) actionlint.ExprType {
	t, _ := analyzer.ScalarValue(analyzer.MappingOf(def).Get("type").Value)
	switch t {
	case "boolean":
		return actionlint.BoolType{}
	case "number":
		return actionlint.NumberType{}
	case "string", "choice", "environment":
		return actionlint.StringType{}
	}
	return actionlint.AnyType{}
}

func runsOnWindows(n *yaml.Node) bool {
	found := false
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		n = analyzer.Resolve(n)
		if n == nil {
			return
		}
		if n.Kind == yaml.ScalarNode && strings.Contains(strings.ToLower(n.Value), "windows") {
			found = true
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return found
}

func hasDefaultShell(defaults *yaml.Node) bool {
	run := analyzer.MappingOf(defaults).Get("run").Value
	return analyzer.MappingOf(run).Get("shell").Key != nil
}

func (js *jobScope) addSteps(steps []*analyzer.Step) {
	for top, st := range steps {
		if st.Kind == analyzer.StepParallel {
			for _, c := range st.Parallel {
				js.addStep(c, top)
			}
			continue
		}
		js.addStep(st, top)
	}
}

func (js *jobScope) addStep(st *analyzer.Step, top int) {
	ss := &stepScope{step: st, top: top, env: keysOf(st.Env), envDyn: computedMapping(st.EnvNode)}
	if st.ID != nil && st.ID.Kind == yaml.ScalarNode {
		ss.id = st.ID.Value
		if _, dup := js.byID[strings.ToLower(ss.id)]; !dup {
			js.byID[strings.ToLower(ss.id)] = ss
		}
	}
	if st.Uses != nil {
		ss.uses = st.Uses.Value
		var known bool
		ss.writes, known = knownExports(ss.uses)
		ss.unknownWrites = !known
	}
	if st.Run != nil && st.Run.Kind == yaml.ScalarNode {
		ss.writes, ss.unknownWrites = envWrites(st.Run.Value)
		ss.run = st.Run.Value
	}
	ss.bg = st.Background != nil && st.Background.Value == "true"
	js.steps = append(js.steps, ss)
}

// mayWriteUnknown reports unknownWrites, reading a run: script for the script files and
// task runners that may write to $GITHUB_ENV too only when a reader asks.
func (ss *stepScope) mayWriteUnknown() bool {
	if !ss.unknownWrites && ss.run != "" && !ss.scriptRead {
		ss.scriptRead = true
		ss.unknownWrites = runsScript(ss.run)
	}
	return ss.unknownWrites
}

// before reports whether step a runs (and finishes, unless in the background) before b
// starts: it is in an earlier top-level position.
func before(a, b *stepScope) bool { return a.top < b.top }

// awaited reports whether a wait, wait-all or cancel between background step bg and the
// reader at top-level position at covers bg.
func (js *jobScope) awaited(bg *stepScope, at int) bool {
	for _, s := range js.steps {
		if s.top <= bg.top || s.top >= at {
			continue
		}
		st := s.step
		switch st.Kind {
		case analyzer.StepWaitAll:
			return true
		case analyzer.StepWait:
			for _, w := range st.Wait {
				if w.Value == bg.id {
					return true
				}
			}
		case analyzer.StepCancel:
			if st.Cancel != nil && st.Cancel.Value == bg.id {
				return true
			}
		}
	}
	return false
}

// stepsType types the steps context for a reader at top-level position at (-1: after
// every step, as job outputs see it).
func (js *jobScope) stepsType(at int) *actionlint.ObjectType {
	props := map[string]actionlint.ExprType{}
	for _, s := range js.steps {
		if s.id == "" || at >= 0 && s.top >= at {
			continue
		}
		props[strings.ToLower(s.id)] = actionlint.NewStrictObjectType(map[string]actionlint.ExprType{
			"outputs":    s.outputsType(),
			"outcome":    actionlint.StringType{},
			"conclusion": actionlint.StringType{},
		})
	}
	return actionlint.NewStrictObjectType(props)
}

// stepOutputs types the outputs of a step: strict for a popular action whose outputs
// actionlint knows, a map of strings otherwise.
func stepOutputs(uses string) *actionlint.ObjectType {
	// actions/github-script sets whatever outputs its script sets with core.setOutput
	if md := popularAction(uses); md != nil && !md.SkipOutputs && !strings.HasPrefix(uses, "actions/github-script@") {
		props := map[string]actionlint.ExprType{}
		for k := range md.Outputs {
			props[strings.ToLower(k)] = actionlint.StringType{}
		}
		return actionlint.NewStrictObjectType(props)
	}
	return actionlint.NewMapObjectType(actionlint.StringType{})
}

// popularAction finds actionlint's metadata for owner/repo@ref, trying the major version
// of a ref like v4.2.1.
func popularAction(uses string) *actionlint.ActionMetadata {
	if uses == "" || strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "docker://") {
		return nil
	}
	if md, ok := actionlint.PopularActions[uses]; ok {
		return md
	}
	at := strings.LastIndexByte(uses, '@')
	if at < 0 {
		return nil
	}
	ref := uses[at+1:]
	if dot := strings.IndexByte(ref, '.'); dot > 0 && strings.HasPrefix(ref, "v") {
		if md, ok := actionlint.PopularActions[uses[:at+1]+ref[:dot]]; ok {
			return md
		}
	}
	return nil
}

// needsType types the needs context of a job.
func (s *fileScope) needsType(js *jobScope) *actionlint.ObjectType {
	props := map[string]actionlint.ExprType{}
	for l := range js.needs {
		props[l] = s.jobType(s.jobs[l])
	}
	return actionlint.NewStrictObjectType(props)
}

// jobType is what needs.<id> (and jobs.<id>) hold.
func (s *fileScope) jobType(js *jobScope) actionlint.ExprType {
	outs := actionlint.NewMapObjectType(actionlint.StringType{})
	if js != nil && !js.callsWF && !js.dynamicOutputs() {
		props := map[string]actionlint.ExprType{}
		for _, o := range js.outputs {
			props[strings.ToLower(o)] = actionlint.StringType{}
		}
		outs = actionlint.NewStrictObjectType(props)
	}
	return actionlint.NewStrictObjectType(map[string]actionlint.ExprType{
		"outputs": outs,
		"result":  actionlint.StringType{},
	})
}

// dynamicOutputs reports whether the job's outputs are not a plain mapping.
func (js *jobScope) dynamicOutputs() bool {
	if js.job == nil {
		return true
	}
	n := analyzer.MappingOf(js.job.Node).Get("outputs").Value
	return n != nil && analyzer.Resolve(n).Kind != yaml.MappingNode
}

func (s *fileScope) jobsType() *actionlint.ObjectType {
	props := map[string]actionlint.ExprType{}
	for l, js := range s.jobs {
		props[l] = s.jobType(js)
	}
	return actionlint.NewStrictObjectType(props)
}

// envKnown reports whether every env mapping in scope is written out: with
// env: ${{ fromJSON(...) }} anywhere in scope, no name can be said to be missing.
func (s *fileScope) envKnown(js *jobScope, st *stepScope) bool {
	return !s.envDynamic && (js == nil || !js.envDyn) && (st == nil || !st.envDyn)
}

// envAt lists the env names defined for a reader in step st of job js (st nil: at job
// level), and whether an earlier step may have defined others wflint cannot see.
func (s *fileScope) envAt(js *jobScope, st *stepScope, withStep bool) (names []string, uncertain *stepScope) {
	names = append(names, s.env...)
	if js == nil {
		return names, nil
	}
	names = append(names, js.env...)
	if st == nil {
		return names, nil
	}
	if withStep {
		names = append(names, st.env...)
	}
	for _, p := range js.steps {
		if !before(p, st) {
			continue
		}
		names = append(names, p.writes...)
		if p.mayWriteUnknown() {
			uncertain = p // the nearest one
		}
	}
	return names, uncertain
}

// containsFold reports whether list holds name, ignoring case; an entry ending in *
// matches every name it begins.
func containsFold(list []string, name string) bool {
	return slices.ContainsFunc(list, func(s string) bool {
		if prefix, ok := strings.CutSuffix(s, "*"); ok {
			return len(name) > len(prefix) && strings.EqualFold(name[:len(prefix)], prefix)
		}
		return strings.EqualFold(s, name)
	})
}

// runsScript reports whether a run: script calls a script file or a task runner, either
// of which may write to $GITHUB_ENV where wflint cannot see it.
func runsScript(script string) bool {
	for i := strings.IndexByte(script, '.'); i >= 0; {
		if i > 0 && isWordByte(script[i-1]) {
			for _, ext := range scriptExts {
				end := i + len(ext)
				if strings.HasPrefix(script[i:], ext) && (end == len(script) || !isWordByte(script[end])) {
					return true
				}
			}
		}
		j := strings.IndexByte(script[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	// a task runner's name as a word of its own: found with the fast substring search,
	// then its neighbours checked
	for name := range taskRunners {
		for from := 0; ; {
			i := strings.Index(script[from:], name)
			if i < 0 {
				break
			}
			i += from
			end := i + len(name)
			if (i == 0 || wordSep(script[i-1])) && (end == len(script) || wordSep(script[end])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// wordSep reports whether c separates the words of a command line.
func wordSep(c byte) bool { return strings.IndexByte(" \t\r\n;&|()", c) >= 0 }

var (
	scriptExts  = []string{".sh", ".bash", ".ps1", ".psm1", ".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".pl", ".cmd", ".bat"}
	taskRunners = map[string]bool{"make": true, "just": true, "task": true, "npm": true, "yarn": true, "pnpm": true,
		"npx": true, "nox": true, "tox": true, "invoke": true, "rake": true, "gradle": true, "./gradlew": true,
		"mvn": true, "./mvnw": true, "bazel": true, "source": true, ".": true}
)

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// actionExports lists what some widely used JavaScript actions write to $GITHUB_ENV, read
// from each action's source and documentation on 2026-11-27; composite actions' exports
// come from the generated snapshot (internal/actiondata). After an action whose exports
// are known, a name it does not export stays a certain finding; any other action may
// export anything (setup-go, github-script, a private action) and lowers undefined-env to
// a note. A trailing * stands for the rest of a name (setup-java's JAVA_HOME_17_X64).
var actionExports = map[string][]string{
	"actions/checkout": nil, "actions/upload-artifact": nil, "actions/download-artifact": nil,
	"actions/cache": nil, "actions/cache/save": nil, "actions/cache/restore": nil,
	"actions/labeler": nil, "actions/stale": nil, "actions/upload-pages-artifact": nil,
	"actions/deploy-pages": nil, "actions/configure-pages": nil, "actions/dependency-review-action": nil,
	"github/codeql-action/upload-sarif": nil,
	"actions/setup-java":                {"JAVA_HOME", "JAVA_HOME_*"},
	"actions/setup-node":                {"NPM_CONFIG_USERCONFIG", "NODE_AUTH_TOKEN"},
	"actions/setup-python":              {"pythonLocation", "PKG_CONFIG_PATH", "Python_ROOT_DIR", "Python2_ROOT_DIR", "Python3_ROOT_DIR", "LD_LIBRARY_PATH"},
	"aws-actions/configure-aws-credentials": {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_REGION", "AWS_DEFAULT_REGION"},
	"google-github-actions/auth": {"GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_GHA_CREDS_PATH",
		"CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", "CLOUDSDK_PROJECT", "CLOUDSDK_CORE_PROJECT", "GCP_PROJECT",
		"GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT"},
}

// knownExports returns what an action writes to $GITHUB_ENV, and whether that is known.
func knownExports(uses string) ([]string, bool) {
	name, _, _ := strings.Cut(uses, "@")
	name = strings.ToLower(name)
	if a := actiondata.Lookup(name); a != nil && a.ExportsRead {
		return a.Exports, true
	}
	names, ok := actionExports[name]
	return names, ok
}

// dependsOn reports whether job from waits, directly or through others, for job to.
func (s *fileScope) dependsOn(from, to *jobScope) bool {
	seen := map[*jobScope]bool{}
	var visit func(j *jobScope) bool
	visit = func(j *jobScope) bool {
		if j == to {
			return true
		}
		if seen[j] {
			return false
		}
		seen[j] = true
		for lower := range j.needs {
			if next := s.jobs[lower]; next != nil && visit(next) {
				return true
			}
		}
		return false
	}
	return visit(from)
}
