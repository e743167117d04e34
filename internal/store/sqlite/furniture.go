package sqlite

import (
	"context"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

var _ content.FurnitureStore = (*DB)(nil)

const (
	whatSetting     = "cấu hình trang"
	msgSettingStale = "Thông tin vừa được người khác thay đổi. Vui lòng tải lại trang và thử lại."
)

func (db *DB) FindSetting(ctx context.Context, siteID int64, key string) (content.Setting, error) {
	s := content.Setting{SiteID: siteID, Key: key}
	var upd int64
	err := db.r.QueryRowContext(ctx, `SELECT value, revision, updated_at FROM site_settings WHERE site_id = ? AND key = ?`,
		siteID, key).Scan(&s.Value, &s.Revision, &upd)
	s.UpdatedAt = fromMicros(upd)
	return s, mapErr(err, whatSetting)
}

func (db *DB) SaveSetting(ctx context.Context, s *content.Setting) error {
	at := now()
	var rev int64
	var err error
	if s.Revision == 0 {
		err = db.w.QueryRowContext(ctx, `INSERT INTO site_settings (site_id, key, value, revision, updated_at) VALUES (?, ?, ?, 1, ?)
			ON CONFLICT (site_id, key) DO NOTHING RETURNING revision`, s.SiteID, s.Key, s.Value, micros(at)).Scan(&rev)
	} else {
		err = db.w.QueryRowContext(ctx, `UPDATE site_settings SET value = ?, revision = revision + 1, updated_at = ?
			WHERE site_id = ? AND key = ? AND revision = ? RETURNING revision`, s.Value, micros(at), s.SiteID, s.Key, s.Revision).Scan(&rev)
	}
	if apperr.Is(mapErr(err, whatSetting), apperr.NotFound) {
		return apperr.Wrap(apperr.Conflict, msgSettingStale, err)
	}
	if err != nil {
		return mapErr(err, whatSetting)
	}
	s.Revision, s.UpdatedAt = rev, at
	return nil
}
