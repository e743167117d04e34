package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"time"

	"trangtin/internal/apperr"
)

// BlobStore keeps uploaded bytes under keys the caller chooses (see NewKey).
// Implementations return apperr.NotFound for a missing key and
// apperr.Invalid for a key CheckKey refuses.
type BlobStore interface {
	// Put stores data under key, replacing any previous value atomically:
	// a concurrent Get sees the old bytes or the new, never a mix.
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Get opens the value under key; the caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, Meta, error)
	// Delete removes the value under key.
	Delete(ctx context.Context, key string) error
}

// SyncBatcher is a BlobStore that can make many values durable at once:
// the photo pipeline writes a photo's variants through one batch and
// syncs it once before the photo's record is committed (a local folder
// then syncs each of its folders once rather than once a file).
type SyncBatcher interface {
	NewBatch() BlobBatch
}

// BlobBatch writes values as BlobStore.Put does, visible at once but
// durable only after Sync returns.
type BlobBatch interface {
	Put(ctx context.Context, key string, data []byte, contentType string) error
	Sync() error
}

// Meta describes a stored value.
type Meta struct {
	ContentType string
	Size        int64
	ModTime     time.Time
}

// NewKey returns a fresh random key of 128 bits, lower-case hex, sharded in
// two directory levels: "ab/cd/abcd…" (38 characters). Callers may append a
// suffix such as "-960.jpg" that CheckKey accepts.
func NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	h := hex.EncodeToString(b[:])
	return h[:2] + "/" + h[2:4] + "/" + h
}

// MaxKeyLen is the longest key CheckKey accepts.
const MaxKeyLen = 255

// CheckKey reports whether key is a valid blob key: 1–255 characters from
// [a-z0-9/._-], slash-separated segments that are not empty and do not
// start with a dot (so no ".", "..", hidden or temporary names), and no
// leading or trailing slash.
func CheckKey(key string) error {
	bad := apperr.New(apperr.Invalid, "Mã tệp lưu trữ không hợp lệ.")
	if key == "" || len(key) > MaxKeyLen {
		return bad
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '_' || c == '-') {
			return bad
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return bad
		}
	}
	return nil
}
