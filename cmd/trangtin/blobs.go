package main

import (
	"context"
	"os"
	"path/filepath"

	"trangtin/internal/config"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/media/s3store"
)

// blobStore is where uploads are kept, closed with the app.
type blobStore interface {
	media.BlobStore
	Close() error
}

// openBlobs opens the store of uploads: the S3-compatible bucket of
// --media (shared by every node), else the folder media/ in --data.
func openBlobs(ctx context.Context, cfg config.Config) (blobStore, error) {
	if cfg.Media != "" {
		return s3store.Open(ctx, cfg.Media, os.Getenv)
	}
	return localfs.New(filepath.Join(cfg.DataDir, "media"))
}
