package postgres

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
	err := db.db.QueryRowContext(ctx, `SELECT value, revision, updated_at FROM site_settings WHERE site_id = $1 AND key = $2`,
		siteID, key).Scan(&s.Value, &s.Revision, timeDest{&s.UpdatedAt})
	return s, mapErr(err, whatSetting)
}

func (db *DB) SaveSetting(ctx context.Context, s *content.Setting) error {
	at := now()
	var rev int64
	var err error
	if s.Revision == 0 {
		err = db.db.QueryRowContext(ctx, `INSERT INTO site_settings (site_id, key, value, revision, updated_at) VALUES ($1, $2, $3, 1, $4)
			ON CONFLICT (site_id, key) DO NOTHING RETURNING revision`, s.SiteID, s.Key, s.Value, ts(at)).Scan(&rev)
	} else {
		err = db.db.QueryRowContext(ctx, `UPDATE site_settings SET value = $1, revision = revision + 1, updated_at = $2
			WHERE site_id = $3 AND key = $4 AND revision = $5 RETURNING revision`, s.Value, ts(at), s.SiteID, s.Key, s.Revision).Scan(&rev)
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
