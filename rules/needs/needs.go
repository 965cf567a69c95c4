package needs

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"gopkg.in/yaml.v3"
)

// The needs family checks the job dependency graph. GitHub compares job ids in needs
// without regard to case, so these rules do too.

//go:embed needs-unknown-job.md
var needsUnknownJobDoc string

//go:embed needs-self.md
var needsSelfDoc string

//go:embed needs-duplicate.md
var needsDuplicateDoc string

//go:embed needs-cycle.md
var needsCycleDoc string

// NeedsUnknownJob reports a job that needs a job that does not exist.
var NeedsUnknownJob = &analyzer.Rule{
	ID:       "needs-unknown-job",
	Title:    "a job needs a job that does not exist",
	Doc:      needsUnknownJobDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runNeedsUnknownJob,
}

// NeedsSelf reports a job that needs itself.
var NeedsSelf = &analyzer.Rule{
	ID:       "needs-self",
	Title:    "a job needs itself",
	Doc:      needsSelfDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runNeedsSelf,
}

// NeedsDuplicate reports a job that lists the same dependency twice.
var NeedsDuplicate = &analyzer.Rule{
	ID:       "needs-duplicate",
	Title:    "a job lists the same dependency twice",
	Doc:      needsDuplicateDoc,
	Category: analyzer.CategoryStyle,
	Severity: analyzer.Warning,
	Run:      runNeedsDuplicate,
}

// NeedsCycle reports jobs that depend on each other in a cycle.
var NeedsCycle = &analyzer.Rule{
	ID:       "needs-cycle",
	Title:    "jobs depend on each other in a cycle",
	Doc:      needsCycleDoc,
	Category: analyzer.CategoryStructure,
	Severity: analyzer.Error,
	Run:      runNeedsCycle,
}

// needName returns the job id a needs entry names, or false for an entry that is not a
// plain job id (an expression or a non-string): the schema rules report those.
func needName(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || analyzer.IsNull(n) || strings.Contains(n.Value, "${{") {
		return "", false
	}
	return n.Value, true
}

func jobIDs(w *analyzer.Workflow) []string {
	ids := make([]string, len(w.Jobs))
	for i, j := range w.Jobs {
		ids[i] = j.ID.Value
	}
	return ids
}

func runNeedsUnknownJob(p *analyzer.Pass) error {
	w := p.Workflow()
	for _, j := range w.Jobs {
		for _, n := range j.Needs {
			name, ok := needName(n)
			if !ok || w.Job(name) != nil {
				continue
			}
			d := analyzer.Diagnostic{
				Range:   p.File.Range(n),
				Message: fmt.Sprintf("job %q needs unknown job %q", j.ID.Value, name),
			}
			var others []string
			for _, id := range jobIDs(w) {
				if !strings.EqualFold(id, j.ID.Value) {
					others = append(others, id)
				}
			}
			if s := analyzer.Closest(name, others); s != "" {
				d.Message += fmt.Sprintf("; did you mean %q?", s)
				if e, ok := p.File.ReplaceScalar(n, s); ok {
					d.Fixes = []analyzer.Fix{{Title: fmt.Sprintf("change to %q", s), Safety: analyzer.Unsafe, Edits: []analyzer.Edit{e}}}
				}
			} else if len(others) == 0 {
				d.Message += "; there is no other job in this workflow"
			} else if len(others) <= 8 {
				d.Message += "; the other jobs are " + analyzer.QuoteList(others)
			}
			p.Report(d)
		}
	}
	return nil
}

func runNeedsSelf(p *analyzer.Pass) error {
	for _, j := range p.Workflow().Jobs {
		for i, n := range j.Needs {
			if name, ok := needName(n); ok && strings.EqualFold(name, j.ID.Value) {
				d := analyzer.Diagnostic{
					Range:   p.File.Range(n),
					Message: fmt.Sprintf("job %q needs itself, so it can never start", j.ID.Value),
				}
				if e, ok := removeNeed(p.File, j, i); ok {
					d.Fixes = []analyzer.Fix{{Title: fmt.Sprintf("remove %q from needs", name), Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
				}
				p.Report(d)
			}
		}
	}
	return nil
}

// removeNeed deletes entry i of a job's needs, or the whole needs key when it is the only
// entry.
func removeNeed(f *analyzer.File, j *analyzer.Job, i int) (analyzer.Edit, bool) {
	if len(j.Needs) > 1 {
		return f.RemoveItem(j.NeedsNode, i)
	}
	for k := 0; k+1 < len(j.Node.Content); k += 2 {
		if j.Node.Content[k].Value == "needs" {
			return f.RemoveEntry(j.Node.Content[k], j.Node.Content[k+1])
		}
	}
	return analyzer.Edit{}, false
}

func runNeedsDuplicate(p *analyzer.Pass) error {
	for _, j := range p.Workflow().Jobs {
		first := map[string]*yaml.Node{}
		for i, n := range j.Needs {
			name, ok := needName(n)
			if !ok {
				continue
			}
			key := strings.ToLower(name)
			prev, dup := first[key]
			if !dup {
				first[key] = n
				continue
			}
			d := analyzer.Diagnostic{
				Range:   p.File.Range(n),
				Message: fmt.Sprintf("job %q needs %q more than once", j.ID.Value, name),
				Related: []analyzer.Related{{Message: "first listed here", Range: p.File.Range(prev)}},
			}
			if e, ok := p.File.RemoveItem(j.NeedsNode, i); ok {
				d.Fixes = []analyzer.Fix{{Title: "remove the repeated entry", Safety: analyzer.Safe, Edits: []analyzer.Edit{e}}}
			}
			p.Report(d)
		}
	}
	return nil
}

// edge is one resolved needs entry: job from needs job to, written at node.
type edge struct {
	to   int
	node *yaml.Node
}

func runNeedsCycle(p *analyzer.Pass) error {
	w := p.Workflow()
	index := map[string]int{}
	for i, j := range w.Jobs {
		if _, ok := index[strings.ToLower(j.ID.Value)]; !ok {
			index[strings.ToLower(j.ID.Value)] = i
		}
	}
	edges := make([][]edge, len(w.Jobs))
	for i, j := range w.Jobs {
		for _, n := range j.Needs {
			name, ok := needName(n)
			if !ok {
				continue
			}
			if t, ok := index[strings.ToLower(name)]; ok && t != i { // needs-self reports self edges
				edges[i] = append(edges[i], edge{t, n})
			}
		}
	}
	comp := stronglyConnected(edges)
	for i, j := range w.Jobs {
		path := shortestCycle(edges, comp, i)
		if path == nil {
			continue
		}
		names := make([]string, 0, len(path)+1)
		names = append(names, j.ID.Value)
		var related []analyzer.Related
		for k, e := range path {
			names = append(names, w.Jobs[e.to].ID.Value)
			if k > 0 {
				from := w.Jobs[path[k-1].to].ID.Value
				related = append(related, analyzer.Related{
					Message: fmt.Sprintf("%q needs %q here", from, w.Jobs[e.to].ID.Value),
					Range:   p.File.Range(e.node),
				})
			}
		}
		p.Report(analyzer.Diagnostic{
			Range:   p.File.Range(path[0].node),
			Message: fmt.Sprintf("job %q is in a dependency cycle (%s), so none of these jobs can start", j.ID.Value, strings.Join(names, " -> ")),
			Related: related,
		})
	}
	return nil
}

// stronglyConnected labels each node with its strongly connected component (Tarjan's
// algorithm, iterative so that a workflow with thousands of jobs cannot exhaust the
// stack).
func stronglyConnected(edges [][]edge) []int {
	n := len(edges)
	index := make([]int, n)
	low := make([]int, n)
	comp := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i], comp[i] = -1, -1
	}
	var stack []int
	next, ncomp := 0, 0
	type frame struct{ v, e int }
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		calls := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			if f.e < len(edges[f.v]) {
				w := edges[f.v][f.e].to
				f.e++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}

// shortestCycle returns the edges of a shortest cycle from start back to itself, staying
// inside start's component, or nil when start is in no cycle.
func shortestCycle(edges [][]edge, comp []int, start int) []edge {
	prev := make([]int, len(edges)) // edge index into edges[from] that reached a node
	from := make([]int, len(edges))
	for i := range from {
		from[i] = -1
	}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for k, e := range edges[v] {
			if comp[e.to] != comp[start] {
				continue
			}
			if e.to == start {
				// walk back from v to start
				path := []edge{e}
				for u := v; u != start; u = from[u] {
					path = append(path, edges[from[u]][prev[u]])
				}
				for a, b := 0, len(path)-1; a < b; a, b = a+1, b-1 {
					path[a], path[b] = path[b], path[a]
				}
				return path
			}
			if from[e.to] < 0 {
				from[e.to], prev[e.to] = v, k
				queue = append(queue, e.to)
			}
		}
	}
	return nil
}
