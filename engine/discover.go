package engine

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yml" || ext == ".yaml"
}

// Discover lists what wflint lints in a repository when given no paths: the workflows in
// .github/workflows (not its subdirectories, which GitHub does not read) and every
// action.yml or action.yaml below root, outside .git and node_modules. Paths are shown
// relative to root.
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
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir // an unreadable directory is skipped, not fatal
			}
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if n := d.Name(); n == "action.yml" || n == "action.yaml" {
			rel, _ := filepath.Rel(root, p)
			inputs = append(inputs, Input{Path: filepath.ToSlash(rel), ReadPath: p, Fallback: analyzer.KindAction})
		}
		return nil
	})
	if err != nil {
		return nil, readError(root, err)
	}
	return inputs, nil
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
	inputs = slices.DeleteFunc(inputs, func(in Input) bool {
		key, err := filepath.Abs(in.ReadPath)
		if err != nil {
			key = in.ReadPath
		}
		dup := seen[key]
		seen[key] = true
		return dup
	})
	return inputs, errs
}
