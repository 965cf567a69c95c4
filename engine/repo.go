package engine

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Repo is the git repository a file belongs to, for the rules that compare a workflow
// with the files it names. Its file list is read once, with one git call, the first time
// a rule asks for it; a Repo is safe for concurrent use.
type Repo struct {
	Root string

	once       sync.Once
	files      []string // tracked paths, sorted, "/"-separated
	submodules []string // paths of submodules, whose files git does not list
	err        error
}

// NewRepo returns the repository whose top directory is root.
func NewRepo(root string) *Repo { return &Repo{Root: root} }

// NewRepoFiles returns a repository with a given file list, for tests and editors.
func NewRepoFiles(files, submodules []string) *Repo {
	r := &Repo{}
	r.once.Do(func() {
		r.files = append([]string(nil), files...)
		sort.Strings(r.files)
		r.submodules = submodules
	})
	return r
}

// Files returns the tracked files (the index, so staged new files count), sorted, and the
// paths of submodules. It returns an error when git could not list them.
func (r *Repo) Files() ([]string, []string, error) {
	r.once.Do(func() {
		cmd := exec.Command("git", "-C", r.Root, "ls-files", "-z", "--stage")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			// git's own first line says why: "detected dubious ownership", "not a git
			// repository"; without it, the error (git not installed)
			why, _, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(stderr.String(), "fatal: ")), "\n")
			if why == "" {
				why = err.Error()
			}
			r.err = fmt.Errorf("git could not list the files of %s: %s", r.Root, why)
			return
		}
		for _, rec := range bytes.Split(out, []byte{0}) {
			// "<mode> <object> <stage>\t<path>"
			tab := bytes.IndexByte(rec, '\t')
			if tab < 0 {
				continue
			}
			path := string(rec[tab+1:])
			if bytes.HasPrefix(rec, []byte("160000 ")) {
				r.submodules = append(r.submodules, path)
				continue
			}
			r.files = append(r.files, path)
		}
		sort.Strings(r.files)
		r.files = compactStrings(r.files) // a file in conflict is listed once per stage
	})
	return r.files, r.submodules, r.err
}

// Err is the error of the one attempt to read the file list, if a rule asked for it.
func (r *Repo) Err() error {
	if r == nil {
		return nil
	}
	return r.err
}

// maxReadFile bounds the size of a file ReadFile returns.
const maxReadFile = 4 << 20

// ReadFile returns a file of the working tree by its "/"-separated path from the top
// folder. It refuses paths that leave the repository, and works only for a Repo with a
// Root.
func (r *Repo) ReadFile(path string) ([]byte, error) {
	if r.Root == "" {
		return nil, fmt.Errorf("%s: the repository's folder is not known", path)
	}
	clean := filepath.Clean(filepath.FromSlash(path))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s: outside the repository", path)
	}
	full := filepath.Join(r.Root, clean)
	if st, err := os.Stat(full); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() || st.Size() > maxReadFile {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, maxReadFile)
	}
	return os.ReadFile(full)
}

// InSubmodule reports whether path lies inside one of the repository's submodules.
func (r *Repo) InSubmodule(path string) bool {
	for _, s := range r.submodules {
		if strings.HasPrefix(path, s+"/") {
			return true
		}
	}
	return false
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
