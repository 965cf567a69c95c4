package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to a temporary file beside name (beside the file it points
// to, for a symbolic link) and renames it over that, keeping its permissions: a reader never sees half a file, and a failure leaves the
// old one as it was.
func WriteFileAtomic(name string, data []byte) error {
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target // a link stays a link: the file it points to is what changes
	}
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, errors.Unwrap(err))
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if info, serr := os.Stat(name); serr == nil {
			_ = os.Chmod(tmp.Name(), info.Mode().Perm())
		} else {
			_ = os.Chmod(tmp.Name(), 0o644)
		}
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %v", name, err)
	}
	return nil
}
