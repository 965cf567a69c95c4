package engine

import (
	"os"
	"path/filepath"
	"testing"
)

// Writing through a symbolic link changes the file it points to and keeps the link.
func TestWriteFileAtomicFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared", "ci.yml")
	os.MkdirAll(filepath.Dir(target), 0o755)
	if err := os.WriteFile(target, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "ci.yml")
	if err := os.Symlink(filepath.Join("shared", "ci.yml"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFileAtomic(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info.Mode(), err)
	}
	if data, _ := os.ReadFile(target); string(data) != "new" {
		t.Errorf("target holds %q", data)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "shared")); len(entries) != 1 {
		t.Errorf("a temporary file was left: %v", entries)
	}
}

// ReadFile reads the working tree by repository path and refuses to leave it.
func TestRepoReadFile(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(root, ".github", "workflows", "x.yml"), []byte("on: push\n"), 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(root), "outside.yml"), []byte("secret\n"), 0o644)
	r := NewRepo(root)
	if b, err := r.ReadFile(".github/workflows/x.yml"); err != nil || string(b) != "on: push\n" {
		t.Errorf("a tracked path: %q, %v", b, err)
	}
	for _, p := range []string{"../outside.yml", "/etc/passwd", ".github/../../outside.yml", ".github/workflows"} {
		if b, err := r.ReadFile(p); err == nil {
			t.Errorf("%s: read %q; want an error", p, b)
		}
	}
	if _, err := NewRepoFiles([]string{"a.yml"}, nil).ReadFile("a.yml"); err == nil {
		t.Error("a Repo with no folder read a file")
	}
}
