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
