package analyzer

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// UsesKind is what a uses: value names.
type UsesKind int

const (
	UsesInvalid UsesKind = iota
	UsesLocal            // ./path: an action or workflow of the same repository and commit
	UsesSelf             // $/path: the running repository at the running commit
	UsesDocker           // docker://image
	UsesRemote           // owner/repo[/path]@ref
)

// Uses is a uses: value taken apart.
type Uses struct {
	Node     *yaml.Node
	Kind     UsesKind
	Owner    string
	Repo     string
	Path     string // within the repository, for actions in a subdirectory and for workflows
	Ref      string
	RefAt    int    // byte offset of the ref in the value; -1 when there is none
	Image    string // for docker://
	Problem  string // why it is invalid
	JobLevel bool   // a job's uses: (a reusable workflow)
}

// Name is "owner/repo".
func (u *Uses) Name() string { return u.Owner + "/" + u.Repo }

// These three run on every uses: of every file, so they are written out by hand; the
// test compares each with the regular expression in its comment.

// isVersionRef matches ^v?[0-9]+(\.[0-9]+)*([-+.][0-9A-Za-z.-]+)?$: after the digits and
// each ".digits" group, the rest may be a "-", "+" or "." and one or more of letters,
// digits, dots and dashes.
func isVersionRef(s string) bool {
	s = strings.TrimPrefix(s, "v")
	i := digitsEnd(s, 0)
	if i == 0 {
		return false
	}
	for {
		if i == len(s) {
			return true
		}
		if c := s[i]; (c == '-' || c == '+' || c == '.') && i+1 < len(s) && onlyBytes(s[i+1:], ".-") {
			return true
		}
		j := digitsEnd(s, i+1)
		if s[i] != '.' || j == i+1 {
			return false
		}
		i = j
	}
}

func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// isOwnerName matches ^[A-Za-z0-9][A-Za-z0-9-]*$.
func isOwnerName(s string) bool { return s != "" && s[0] != '-' && onlyBytes(s, "-") }

// IsID reports whether s is a valid job or step id: ^[A-Za-z_][A-Za-z0-9_-]*$.
func IsID(s string) bool {
	return s != "" && s[0] != '-' && (s[0] < '0' || s[0] > '9') && onlyBytes(s, "_-")
}

// isRepoName matches ^[A-Za-z0-9._-]+$ (".github" is a repository name).
func isRepoName(s string) bool { return s != "" && onlyBytes(s, "._-") }

// onlyBytes reports whether s holds only ASCII letters, digits and the bytes of extra.
func onlyBytes(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// ParseUses takes a uses: value apart.
func ParseUses(n *yaml.Node) *Uses {
	v := n.Value
	u := &Uses{Node: n, RefAt: -1}
	switch {
	case strings.HasPrefix(v, "./"):
		u.Kind = UsesLocal
		return u
	case strings.HasPrefix(v, "$/"):
		u.Kind = UsesSelf
		return u
	case strings.HasPrefix(v, "docker://"):
		u.Kind = UsesDocker
		u.Image = strings.TrimPrefix(v, "docker://")
		if u.Image == "" {
			u.Kind, u.Problem = UsesInvalid, "names no image after \"docker://\""
		}
		return u
	}
	if strings.Contains(v, "${{") {
		u.Problem = "holds an expression, but GitHub reads uses: as written: name the action or workflow and its ref literally"
		return u
	}
	at := strings.LastIndexByte(v, '@')
	if at < 0 {
		if strings.HasPrefix(v, "../") || strings.HasPrefix(v, "/") || v == "." {
			u.Problem = "is a local path that does not start with \"./\"; GitHub reads local actions only as \"./path\" from the repository root"
		} else {
			u.Problem = "has no \"@ref\": a remote action or workflow needs a version, e.g. \"" + v + "@<commit SHA>\""
		}
		return u
	}
	name, ref := v[:at], v[at+1:]
	u.Ref, u.RefAt = ref, at+1
	parts := strings.Split(name, "/")
	switch {
	case ref == "":
		u.Problem = "has an empty ref after \"@\""
	case strings.ContainsAny(v, " \t"):
		u.Problem = "contains spaces"
	case len(parts) < 2 || parts[0] == "" || parts[1] == "":
		u.Problem = "does not name an owner and a repository (\"owner/repo@ref\")"
	case !isOwnerName(parts[0]) || !isRepoName(parts[1]) || parts[1] == "." || parts[1] == "..":
		u.Problem = "has an owner or repository name GitHub does not allow"
	default:
		for _, p := range parts[2:] {
			if p == ".." || p == "." || p == "" {
				u.Problem = "has an empty, \".\" or \"..\" part in its path"
				break
			}
		}
	}
	if u.Problem != "" {
		return u
	}
	u.Kind = UsesRemote
	u.Owner, u.Repo = parts[0], parts[1]
	u.Path = strings.Join(parts[2:], "/")
	return u
}

// UsesRefs lists every uses: of the file: step actions (composite action steps
// included) and the reusable workflows of jobs, each taken apart.
var UsesRefs = &Analysis[[]*Uses]{Name: "uses references", Run: CollectUses}

// CollectUses takes apart every uses: of the file; rules read it once per file through
// UsesRefs.
func CollectUses(f *File) []*Uses {
	var out []*Uses
	var addSteps func(steps []*Step)
	addSteps = func(steps []*Step) {
		for _, st := range steps {
			if st.Uses != nil && st.Uses.Kind == yaml.ScalarNode {
				out = append(out, ParseUses(st.Uses))
			}
			addSteps(st.Parallel)
		}
	}
	if wf := f.Workflow; wf != nil {
		for _, j := range wf.Jobs {
			if j.Uses != nil && j.Uses.Kind == yaml.ScalarNode {
				u := ParseUses(j.Uses)
				u.JobLevel = true
				out = append(out, u)
			}
			addSteps(j.Steps)
		}
	}
	if a := f.Action; a != nil && a.Runs != nil {
		addSteps(a.Runs.Steps)
	}
	return out
}

// IsVersion reports whether s looks like a version: v4, v4.2.1, 1.0.0-rc.1.
func IsVersion(s string) bool { return isVersionRef(s) }

// RefKind says what a ref looks like.
type RefKind int

const (
	RefSHA      RefKind = iota // a full commit SHA
	RefShortSHA                // a hex string too short to be a full SHA
	RefVersion                 // v4, v4.2.1, 1.0.0
	RefBranch                  // main, master and the like
	RefOther                   // any other tag or branch name
)

var branchNames = map[string]bool{
	"main": true, "master": true, "develop": true, "development": true, "dev": true, "trunk": true,
	"next": true, "stable": true, "edge": true, "nightly": true, "canary": true,
	"head": true, "release": true, "staging": true, "production": true, "beta": true, "alpha": true,
}

// ClassifyRef says what kind of ref r is.
func ClassifyRef(r string) RefKind {
	switch {
	case len(r) == 40 && lowerHex(r):
		return RefSHA
	case len(r) >= 7 && len(r) < 40 && lowerHex(r) && strings.ContainsAny(r, "0123456789") && strings.ContainsAny(r, "abcdef"):
		return RefShortSHA
	case isVersionRef(r):
		return RefVersion
	case branchNames[strings.ToLower(r)] || strings.HasPrefix(r, "feature/") || strings.HasPrefix(r, "releases/"):
		return RefBranch
	}
	return RefOther
}

// lowerHex reports whether s is made of lower-case hexadecimal digits only.
func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// VersionComment reads the version a SHA pin's comment names: "# v4.2.1", "# tag=v4",
// "#v4 (latest)".
func VersionComment(n *yaml.Node) string {
	c := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(n.LineComment), "#"))
	c = strings.TrimPrefix(c, "tag=")
	c = strings.TrimPrefix(c, "pin@")
	if i := strings.IndexAny(c, " \t,;("); i >= 0 {
		c = c[:i]
	}
	if IsVersion(c) {
		return c
	}
	return ""
}
