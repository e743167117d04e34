package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"trangtin/internal/audit"
	"trangtin/internal/content"
)

var _ content.FurnitureStore = (*DB)(nil)

var whatSetting = content.ErrSettingNotFound

var (
	qFindSetting   = Q(`SELECT value, revision, updated_at FROM site_settings WHERE site_id = ? AND key = ?`)
	qInsertSetting = Q(`INSERT INTO site_settings (site_id, key, value, revision, updated_at) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (site_id, key) DO NOTHING RETURNING revision`)
	qUpdateSetting = Q(`UPDATE site_settings SET value = ?, revision = revision + 1, updated_at = ?
		WHERE site_id = ? AND key = ? AND revision = ? RETURNING revision`)
)

func (db *DB) FindSetting(ctx context.Context, siteID int64, key string) (content.Setting, error) {
	s := content.Setting{SiteID: siteID, Key: key}
	err := db.r.QueryRowContext(ctx, db.q(qFindSetting), siteID, key).Scan(&s.Value, &s.Revision, db.td(&s.UpdatedAt))
	return s, db.mapErr(err, whatSetting)
}

func (db *DB) SaveSetting(ctx context.Context, s *content.Setting, a *audit.Entry) error {
	at := Now()
	var rev int64
	err := db.audited(ctx, whatSetting, a, s.SiteID, func(tx *sql.Tx) (string, error) {
		var err error
		if s.Revision == 0 {
			err = tx.QueryRowContext(ctx, db.q(qInsertSetting), s.SiteID, s.Key, s.Value, db.t(at)).Scan(&rev)
		} else {
			err = tx.QueryRowContext(ctx, db.q(qUpdateSetting), s.Value, db.t(at), s.SiteID, s.Key, s.Revision).Scan(&rev)
		}
		if errors.Is(err, sql.ErrNoRows) { // the revision moved (or the row is there already)
			err = content.ErrSettingMoved
		}
		return "setting:" + s.Key, err
	})
	if err != nil {
		return err
	}
	s.Revision, s.UpdatedAt = rev, at
	return nil
}
