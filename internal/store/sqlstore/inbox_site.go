package sqlstore

import (
	"context"

	"trangtin/internal/newsroom"
)

// The inbox of one site, for accounts with roles on several.

var qSiteInbox = Q(`SELECT id, site_id, user_id, article_id, message, created_at, read_at FROM inbox
	WHERE user_id = ? AND site_id = ? ORDER BY id DESC LIMIT ?`)

func (db *DB) FindSiteInbox(ctx context.Context, userID, siteID int64, limit int) ([]newsroom.Notice, error) {
	return list(db, ctx, newsroom.ErrNoticeNotFound, db.d.scanNotice, qSiteInbox, userID, siteID, limit)
}
