package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"trangtin/internal/content"
)

var qSettingsByKey = Q(`SELECT site_id, value, revision, updated_at FROM site_settings WHERE key = ? ORDER BY site_id`)

// FindSettingsByKey returns the setting key of every site that has one.
func (db *DB) FindSettingsByKey(ctx context.Context, key string) ([]content.Setting, error) {
	return list(db, ctx, whatSetting, func(row scanner) (content.Setting, error) {
		s := content.Setting{Key: key}
		return s, row.Scan(&s.SiteID, &s.Value, &s.Revision, db.td(&s.UpdatedAt))
	}, qSettingsByKey, key)
}

// seedSite writes what a new site starts with (its categories, pages and
// settings) in the transaction that creates it.
func (db *DB) seedSite(ctx context.Context, tx *sql.Tx, n content.NewSite) error {
	s := n.Site
	ids := make([]int64, len(n.Categories))
	for i, c := range n.Categories {
		var parent int64
		if c.Parent >= 0 {
			if c.Parent >= i {
				return errors.New("sqlstore: a seed category's parent must come before it")
			}
			parent = ids[c.Parent]
		}
		if err := tx.QueryRowContext(ctx, db.q(qCreateCat), s.ID, NullID(parent), c.Name, c.Slug, i+1, false).Scan(&ids[i]); err != nil {
			return err
		}
	}
	for i := range n.Pages {
		p := &n.Pages[i]
		p.SiteID, p.UpdatedAt = s.ID, Now()
		if err := tx.QueryRowContext(ctx, db.q(qCreatePage), p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt)).Scan(&p.ID); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, pageDoc(p)); err != nil {
			return err
		}
	}
	for _, st := range n.Settings {
		var rev int64
		if err := tx.QueryRowContext(ctx, db.q(qInsertSetting), s.ID, st.Key, st.Value, db.t(Now())).Scan(&rev); err != nil {
			return err
		}
	}
	if len(n.Settings) > 0 {
		// The settings' triggers moved the version: read it back.
		return tx.QueryRowContext(ctx, db.q(qSiteVersionsOf), s.ID).Scan(&s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, &s.Versions.Questions, &s.Versions.Pages)
	}
	return nil
}

var qSiteVersionsOf = Q(`SELECT version, articles_version, documents_version, schedule_version, questions_version, article_pages_version FROM sites WHERE id = ?`)
