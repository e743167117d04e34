package content

import (
	"context"

	"trangtin/internal/apperr"
)

// ImportLedger remembers what an import from another portal made of each
// source record: source is the old portal's identity of the record
// ("nukeviet:nv4_vi_news_rows#123"), target the id of the article, page,
// document, question, media record or category it became on the site.
// The importers use it to update on a second run instead of duplicating.
type ImportLedger interface {
	// FindImported returns the target of source on siteID, or
	// ErrNotImported.
	FindImported(ctx context.Context, siteID int64, source string) (int64, error)
	// SaveImported records (or moves) the target of source on siteID.
	SaveImported(ctx context.Context, siteID int64, source string, target int64) error
}

// ErrNotImported is a source record no import has brought in yet.
var ErrNotImported = apperr.New(apperr.NotFound, "Bản ghi này chưa được nhập.")
