package localfs

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
	"trangtin/internal/testenv"
)

func newStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tep")
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func get(t *testing.T, s *Store, key string) ([]byte, media.Meta) {
	t.Helper()
	rc, meta, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b, meta
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	key := media.NewKey() + "-960.jpg"
	data := []byte("\xFF\xD8\xFF pretend jpeg")
	if err := s.Put(ctx, key, data, "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	got, meta := get(t, s, key)
	if !bytes.Equal(got, data) || meta.ContentType != "image/jpeg" || meta.Size != int64(len(data)) || meta.ModTime.IsZero() {
		t.Fatalf("got %q %+v", got, meta)
	}
	// The value is a plain file at <dir>/<key>.
	if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(key))); err != nil || !bytes.Equal(b, data) {
		t.Fatalf("file on disk: %q, %v", b, err)
	}

	// Replacing keeps one whole value.
	if err := s.Put(ctx, key, []byte("v2"), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	if got, meta := get(t, s, key); string(got) != "v2" || meta.ContentType != "application/pdf" {
		t.Fatalf("after replace: %q %+v", got, meta)
	}

	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("Get after Delete: %v, want NotFound", err)
	}
	if err := s.Delete(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("second Delete: %v, want NotFound", err)
	}
	assertNoTempFiles(t, dir)
}

func TestGetMissingAndDirectories(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, _, err := s.Get(ctx, "ab/cd/missing"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("missing key: %v", err)
	}
	if err := s.Put(ctx, "ab/cd/x.pdf", []byte("x"), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(ctx, "ab/cd"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a shard directory: %v, want NotFound", err)
	}
}

func TestContentTypeFallback(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	if err := s.Put(ctx, "a/b.png", []byte("x"), ""); err != nil {
		t.Fatal(err)
	}
	if _, meta := get(t, s, "a/b.png"); meta.ContentType != "image/png" {
		t.Errorf("content type from extension = %q", meta.ContentType)
	}
	os.RemoveAll(filepath.Join(dir, metaDir))
	if err := s.Put(ctx, "a/b", []byte("x"), ""); err != nil {
		t.Fatal(err)
	}
	if _, meta := get(t, s, "a/b"); meta.ContentType != "application/octet-stream" {
		t.Errorf("content type without extension = %q", meta.ContentType)
	}
}

func TestBadKeysRefused(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	outside := filepath.Join(filepath.Dir(dir), "outside")
	for _, key := range []string{"", "../outside", "ab/../../outside", "/etc/passwd", "ab/./cd", "ab//cd",
		".meta/ab", "ab/.tmp-123", "AB/cd", `ab\cd`, "ab/cd/tệp", "ab/cd\x00", "ab/"} {
		if err := s.Put(ctx, key, []byte("x"), "text/plain"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Put(%q) = %v, want Invalid", key, err)
		}
		if _, _, err := s.Get(ctx, key); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Get(%q) = %v, want Invalid", key, err)
		}
		if err := s.Delete(ctx, key); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Delete(%q) = %v, want Invalid", key, err)
		}
	}
	if _, err := os.Stat(outside); err == nil {
		t.Error("a file was written outside the store")
	}
}

func TestSymlinkCannotEscape(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	outside := t.TempDir()
	testenv.Require(t, "symlinks", os.Symlink(outside, filepath.Join(dir, "ab")))
	if err := s.Put(ctx, "ab/x", []byte("x"), "text/plain"); err == nil {
		t.Error("Put followed a symlink out of the store")
	}
	if entries := testenv.Must(os.ReadDir(outside)).Get(t); len(entries) != 0 {
		t.Errorf("files written outside: %v", entries)
	}
}

func TestCanceledContext(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Put(ctx, "a/b", []byte("x"), ""); err == nil {
		t.Error("Put with a canceled context succeeded")
	}
}

func TestConcurrentPutsLeaveAWholeFile(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	const writers, size = 16, 1 << 20
	key := media.NewKey()
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			data := bytes.Repeat([]byte{byte('a' + i)}, size)
			if err := s.Put(ctx, key, data, "text/plain"); err != nil {
				t.Error(err)
			}
		})
		// Readers racing the writers must also see whole values only.
		wg.Go(func() {
			rc, _, err := s.Get(ctx, key)
			if apperr.Is(err, apperr.NotFound) {
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			defer rc.Close()
			checkWhole(t, rc, size)
		})
	}
	wg.Wait()
	rc, _, err := s.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	checkWhole(t, rc, size)
	assertNoTempFiles(t, dir)
}

func checkWhole(t *testing.T, r io.Reader, size int) {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Error(err)
		return
	}
	if len(b) != size {
		t.Errorf("torn value: %d bytes, want %d", len(b), size)
		return
	}
	if len(bytes.Trim(b, string(b[:1]))) != 0 {
		t.Error("torn value: bytes from different writers")
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// A batch's values are readable at once and whole, its Sync syncs them
// (every file and each folder once), and a bad key or a cancelled context
// is refused as by Put.
func TestBatch(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	b := s.NewBatch()
	base := media.NewKey()
	keys := []string{base + "-320.jpg", base + "-960.jpg", base + "-1600.jpg"}
	for i, k := range keys {
		if err := b.Put(ctx, k, []byte(strings.Repeat("x", i+1)), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
	}
	for i, k := range keys {
		if data, meta := get(t, s, k); string(data) != strings.Repeat("x", i+1) || meta.ContentType != "image/jpeg" {
			t.Errorf("before Sync, %s = %q, %+v", k, data, meta)
		}
	}
	bt := b.(*batch)
	if len(bt.files) != 6 || len(bt.dirs) != 2 {
		t.Errorf("batch holds %d files in %d folders, want 6 in 2 (data and content types)", len(bt.files), len(bt.dirs))
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if len(bt.files) != 0 || len(bt.dirs) != 0 {
		t.Errorf("Sync left %d files, %d folders pending", len(bt.files), len(bt.dirs))
	}
	if err := b.Put(ctx, "../escape", []byte("x"), "text/plain"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("batch Put of a bad key: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.Put(cctx, media.NewKey(), []byte("x"), "text/plain"); err == nil {
		t.Error("batch Put with a cancelled context succeeded")
	}
	// A folder removed by hand is made again.
	if err := os.RemoveAll(filepath.Join(dir, base[:2])); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, keys[0], []byte("again"), "image/jpeg"); err != nil {
		t.Fatalf("Put into a removed folder: %v", err)
	}
	if data, _ := get(t, s, keys[0]); string(data) != "again" {
		t.Errorf("after the folder was made again: %q", data)
	}
}
