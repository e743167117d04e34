package sqlite_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"trangtin/internal/store/sqlite"
)

// TestOpenRefusesAMissingFolder: a database path in a folder that does not
// exist is refused, and the folder is not created.
func TestOpenRefusesAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo", "dir")
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "x.db"))
	if err == nil {
		db.Close()
		t.Fatal("Open in a missing folder succeeded")
	}
	if _, err := os.Stat(filepath.Dir(dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open created %s (%v)", filepath.Dir(dir), err)
	}
}
