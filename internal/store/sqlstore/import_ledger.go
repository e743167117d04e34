package sqlstore

import (
	"context"

	"trangtin/internal/content"
)

var _ content.ImportLedger = (*DB)(nil)

var (
	qFindImported = Q(`SELECT target_id FROM import_sources WHERE site_id = ? AND source = ?`)
	qSaveImported = Q(`INSERT INTO import_sources (site_id, source, target_id, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id, source) DO UPDATE SET target_id = excluded.target_id, updated_at = excluded.updated_at`)
)

func (db *DB) FindImported(ctx context.Context, siteID int64, source string) (int64, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, db.q(qFindImported), siteID, source).Scan(&id)
	return id, db.mapErr(err, content.ErrNotImported)
}

func (db *DB) SaveImported(ctx context.Context, siteID int64, source string, target int64) error {
	_, err := db.w.ExecContext(ctx, db.q(qSaveImported), siteID, source, target, db.t(Now()))
	return db.mapErr(err, content.ErrNotImported)
}
