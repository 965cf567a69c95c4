package engine

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// FindRoot walks up from dir to the first directory that holds ".git" (a directory, or a
// file in a worktree or submodule) and returns it.
func FindRoot(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// skipDir names directories that never hold files to lint.
func skipDir(name string) bool { return name == ".git" || name == "node_modules" }

// skipDiscovered names directories whose action metadata is not the repository's own
// actions: test fixtures and vendored code. Named on the command line, they are linted.
func skipDiscovered(name string) bool {
	return skipDir(name) || name == "vendor" || name == "testdata" || name == "third_party"
}

func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yml" || ext == ".yaml"
}

// Discover lists what wflint lints in a repository when given no paths: the workflows in
// .github/workflows (not its subdirectories, which GitHub does not read) and the
// action.yml and action.yaml files of the repository: those git tracks or would track
// (.gitignore is respected), outside testdata, vendor, third_party and node_modules. Without
// git, the tree is walked with the same exclusions. Paths are relative to root.
func Discover(root string) ([]Input, error) {
	var inputs []Input
	wfDir := filepath.Join(root, ".github", "workflows")
	entries, err := os.ReadDir(wfDir)
	if err != nil && !os.IsNotExist(err) {
		return nil, readError(wfDir, err)
	}
	for _, e := range entries {
		if !e.IsDir() && isYAML(e.Name()) {
			inputs = append(inputs, Input{
				Path:     filepath.ToSlash(filepath.Join(".github", "workflows", e.Name())),
				ReadPath: filepath.Join(wfDir, e.Name()),
				Fallback: analyzer.KindWorkflow,
			})
		}
	}
	actions, err := gitActionFiles(root)
	if err != nil {
		if actions, err = walkActionFiles(root); err != nil {
			return nil, readError(root, err)
		}
	}
	for _, rel := range actions {
		inputs = append(inputs, Input{Path: rel, ReadPath: filepath.Join(root, filepath.FromSlash(rel)), Fallback: analyzer.KindAction})
	}
	return inputs, nil
}

// isActionFile reports whether a "/"-separated path names action metadata outside the
// folders discovery leaves out.
func isActionFile(rel string) bool {
	parts := strings.Split(rel, "/")
	if n := parts[len(parts)-1]; n != "action.yml" && n != "action.yaml" {
		return false
	}
	return !slices.ContainsFunc(parts[:len(parts)-1], skipDiscovered)
}

// gitActionFiles lists the action metadata git tracks, or would (untracked and not
// ignored), sorted.
func gitActionFiles(root string) ([]string, error) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
		"action.yml", "action.yaml", "**/action.yml", "**/action.yaml").Output()
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" && isActionFile(p) {
			if info, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil && info.Mode().IsRegular() {
				files = append(files, p)
			}
		}
	}
	sort.Strings(files)
	return slices.Compact(files), nil
}

// walkActionFiles lists the action metadata below root without git.
func walkActionFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir // an unreadable directory is skipped, not fatal
			}
			return err
		}
		if d.IsDir() {
			if p != root && skipDiscovered(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel = filepath.ToSlash(rel); isActionFile(rel) {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// Expand turns the paths given on the command line into inputs. A file is linted whatever
// its name (as a workflow unless its path or content says it is an action). A repository
// root (a directory holding .git) is linted as Discover finds it. Any other directory is
// searched for YAML files, and those that are neither a workflow nor action metadata (by
// path or content) are left alone. Paths are shown as given.
func Expand(paths []string) ([]Input, []error) {
	var inputs []Input
	var errs []error
	for _, arg := range paths {
		info, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, readError(arg, err))
			continue
		}
		if !info.IsDir() {
			inputs = append(inputs, Input{Path: arg, ReadPath: arg, Fallback: analyzer.KindWorkflow})
			continue
		}
		if _, err := os.Lstat(filepath.Join(arg, ".git")); err == nil {
			found, err := Discover(arg)
			if err != nil {
				errs = append(errs, err)
			}
			for _, in := range found {
				in.Path = filepath.ToSlash(filepath.Join(arg, in.Path))
				inputs = append(inputs, in)
			}
			continue
		}
		var found []Input
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, readError(p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != arg && skipDir(d.Name()) {
					return fs.SkipDir
				}
				return nil
			}
			if isYAML(d.Name()) {
				found = append(found, Input{Path: p, ReadPath: p, Fallback: analyzer.KindUnknown})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, readError(arg, err))
		}
		inputs = append(inputs, found...)
	}
	// The same file named twice (a directory and a file in it) is linted once.
	seen := map[string]bool{}
	cwd, cwdErr := os.Getwd() // once: filepath.Abs asks the system for every path
	inputs = slices.DeleteFunc(inputs, func(in Input) bool {
		key := filepath.Clean(in.ReadPath)
		if !filepath.IsAbs(key) && cwdErr == nil {
			key = filepath.Join(cwd, key)
		}
		dup := seen[key]
		seen[key] = true
		return dup
	})
	return inputs, errs
}
