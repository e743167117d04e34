// Package localfs implements media.BlobStore on a local folder.
//
// A value lives at <dir>/<key> as a plain file (so a backup or a web server
// can use the tree directly); its content type lives at <dir>/.meta/<key>.
// Keys never have segments starting with a dot (media.CheckKey), so neither
// the metadata tree nor temporary files can collide with a key. All access
// goes through an os.Root, so even a symbolic link planted in the folder
// cannot lead outside it.
package localfs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
)

const metaDir = ".meta"

const msgNotFound = "Không tìm thấy tệp."

// Store is a media.BlobStore on a local folder. It is safe for concurrent use.
type Store struct {
	root *os.Root
}

var (
	_ media.BlobStore   = (*Store)(nil)
	_ media.SyncBatcher = (*Store)(nil)
)

// New opens (creating it if needed) the folder dir as a blob store.
func New(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("localfs: create %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("localfs: open %s: %w", dir, err)
	}
	return &Store{root: root}, nil
}

// Close releases the folder.
func (s *Store) Close() error { return s.root.Close() }

// Put stores data under key: the content type, then the data, each written
// to a temporary file in the target folder, synced, renamed over the target
// and made durable by syncing the folder.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := media.CheckKey(key); err != nil {
		return err
	}
	if err := s.writeAtomic(metaDir+"/"+key, []byte(contentType), nil); err != nil {
		return fmt.Errorf("localfs: put %s: %w", key, err)
	}
	if err := s.writeAtomic(key, data, nil); err != nil {
		return fmt.Errorf("localfs: put %s: %w", key, err)
	}
	return nil
}

// NewBatch returns a batch of Puts made durable together by its Sync.
func (s *Store) NewBatch() media.BlobBatch { return &batch{s: s, dirs: map[string]bool{}} }

// batch writes values as Put does but leaves the syncing to Sync: every
// file once, and each folder once however many of its files were
// renamed into it (a photo's variants and their content types share two
// folders).
type batch struct {
	s     *Store
	files []string
	dirs  map[string]bool
}

func (b *batch) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := media.CheckKey(key); err != nil {
		return err
	}
	if err := b.s.writeAtomic(metaDir+"/"+key, []byte(contentType), b); err != nil {
		return fmt.Errorf("localfs: put %s: %w", key, err)
	}
	if err := b.s.writeAtomic(key, data, b); err != nil {
		return fmt.Errorf("localfs: put %s: %w", key, err)
	}
	return nil
}

// Sync makes every value the batch wrote durable: each file synced, then
// each folder it was renamed into.
func (b *batch) Sync() error {
	for _, name := range b.files {
		f, err := b.s.root.OpenFile(filepath.FromSlash(name), os.O_RDONLY, 0)
		if err != nil {
			return fmt.Errorf("localfs: sync %s: %w", name, err)
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("localfs: sync %s: %w", name, err)
		}
	}
	for dir := range b.dirs {
		if err := b.s.syncDir(dir); err != nil {
			return fmt.Errorf("localfs: sync %s: %w", dir, err)
		}
	}
	b.files, b.dirs = nil, map[string]bool{}
	return nil
}

// Get opens the value under key.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, media.Meta, error) {
	if err := ctx.Err(); err != nil {
		return nil, media.Meta{}, err
	}
	if err := media.CheckKey(key); err != nil {
		return nil, media.Meta{}, err
	}
	f, err := s.root.Open(filepath.FromSlash(key))
	if err != nil {
		return nil, media.Meta{}, notFoundOr(err, "get", key)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, media.Meta{}, fmt.Errorf("localfs: get %s: %w", key, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, media.Meta{}, apperr.New(apperr.NotFound, msgNotFound)
	}
	return f, media.Meta{ContentType: s.contentType(key), Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes the value under key and its metadata.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := media.CheckKey(key); err != nil {
		return err
	}
	if err := s.root.Remove(filepath.FromSlash(key)); err != nil {
		return notFoundOr(err, "delete", key)
	}
	if err := s.root.Remove(filepath.FromSlash(metaDir + "/" + key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("localfs: delete %s: %w", key, err)
	}
	if err := s.syncDir(path.Dir(key)); err != nil {
		return fmt.Errorf("localfs: delete %s: %w", key, err)
	}
	return nil
}

// contentType reads the stored content type of key, falling back on its
// extension and then on application/octet-stream.
func (s *Store) contentType(key string) string {
	if b, err := s.root.ReadFile(filepath.FromSlash(metaDir + "/" + key)); err == nil {
		if ct := strings.TrimSpace(string(b)); ct != "" {
			return ct
		}
	}
	if ct := mime.TypeByExtension(path.Ext(key)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// writeAtomic replaces the file name (slash-separated, relative to the root)
// with data, so that readers see either the old or the new content whole.
// It is durable on return, or, within batch b, once b is synced.
func (s *Store) writeAtomic(name string, data []byte, b *batch) (err error) {
	dir := path.Dir(name)
	tmp := filepath.FromSlash(path.Join(dir, ".tmp-"+randomHex()))
	// The folder is made when the file cannot be created for want of it:
	// most writes go to a folder that exists, and asking MkdirAll first
	// would cost a system call for each of its levels every time.
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) && dir != "." {
		if err := s.root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return err
		}
		f, err = s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			s.root.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return err
	}
	if b == nil {
		if err = f.Sync(); err != nil {
			f.Close()
			return err
		}
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = s.root.Rename(tmp, filepath.FromSlash(name)); err != nil {
		return err
	}
	if b != nil {
		b.files = append(b.files, name)
		b.dirs[dir] = true
		return nil
	}
	return s.syncDir(dir)
}

// syncDir makes a rename or removal in dir durable. Windows cannot sync a
// directory, and does not need to.
func (s *Store) syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := s.root.Open(filepath.FromSlash(dir))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func notFoundOr(err error, op, key string) error {
	if errors.Is(err, fs.ErrNotExist) {
		return apperr.Wrap(apperr.NotFound, msgNotFound, err)
	}
	return fmt.Errorf("localfs: %s %s: %w", op, key, err)
}

func randomHex() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
