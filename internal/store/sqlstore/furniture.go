package sqlstore

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

func (db *DB) SaveSetting(ctx context.Context, s *content.Setting) error {
	at := Now()
	var rev int64
	var err error
	if s.Revision == 0 {
		err = db.w.QueryRowContext(ctx, db.q(qInsertSetting), s.SiteID, s.Key, s.Value, db.t(at)).Scan(&rev)
	} else {
		err = db.w.QueryRowContext(ctx, db.q(qUpdateSetting), s.Value, db.t(at), s.SiteID, s.Key, s.Revision).Scan(&rev)
	}
	if apperr.Is(db.mapErr(err, whatSetting), apperr.NotFound) {
		return apperr.Wrap(apperr.Conflict, msgSettingStale, err)
	}
	if err != nil {
		return db.mapErr(err, whatSetting)
	}
	s.Revision, s.UpdatedAt = rev, at
	return nil
}
