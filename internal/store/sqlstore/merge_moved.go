package sqlstore

import (
	"context"
	"database/sql"

	"trangtin/internal/redirect"
	"trangtin/internal/sitemerge"
)

var (
	qMovedArticles      = Q(`SELECT id, slug, status FROM articles WHERE site_id = ? ORDER BY id`)
	qMovedCategories    = Q(`SELECT id, slug, '' FROM categories WHERE site_id = ? ORDER BY id`)
	qMovedPages         = Q(`SELECT id, slug, '' FROM pages WHERE site_id = ? ORDER BY id`)
	qMovedDocuments     = Q(`SELECT id, number, status FROM documents WHERE site_id = ? ORDER BY id`)
	qMovedQuestions     = Q(`SELECT id FROM questions WHERE site_id = ? AND status = 'published' ORDER BY id`)
	qMovedConsultations = Q(`SELECT id FROM consultations WHERE site_id = ? AND status = 'published' ORDER BY id`)
	qMovedImages        = Q(`SELECT variants FROM media WHERE site_id = ? AND kind = 'image' ORDER BY id`)
	qMovedFiles         = Q(`SELECT id, file_key, file_name FROM media WHERE site_id = ? AND kind = 'file'
		AND EXISTS (SELECT 1 FROM media_uses u WHERE u.media_id = media.id AND u.site_id = media.site_id AND u.public = TRUE) ORDER BY id`)
	qMovedRedirects = Q(`SELECT site_id, old_key, to_site_id, to_path, source FROM redirects WHERE to_site_id = ? ORDER BY site_id, old_key`)
)

// mergeMoved reads, before the move, what the source holds that has a
// public address, and the redirect entries leading to it.
func (db *DB) mergeMoved(ctx context.Context, tx *sql.Tx, from, into int64) (*sitemerge.Moved, error) {
	m := &sitemerge.Moved{}
	items := func(q Query, public func(status string) bool) ([]sitemerge.Item, error) {
		return txRows(ctx, tx, db.q(q), func(row scanner) (sitemerge.Item, error) {
			var it sitemerge.Item
			var status string
			err := row.Scan(&it.ID, &it.Slug, &status)
			it.NewSlug, it.Public = it.Slug, public(status)
			return it, err
		}, from)
	}
	isPublic := func(s string) bool { return s == "published" || s == "withdrawn" }
	always := func(string) bool { return true }
	var err error
	if m.Articles, err = items(qMovedArticles, isPublic); err != nil {
		return nil, err
	}
	if m.Categories, err = items(qMovedCategories, always); err != nil {
		return nil, err
	}
	if m.Pages, err = items(qMovedPages, always); err != nil {
		return nil, err
	}
	if m.Documents, err = txRows(ctx, tx, db.q(qMovedDocuments), func(row scanner) (sitemerge.Doc, error) {
		var d sitemerge.Doc
		var status string
		err := row.Scan(&d.ID, &d.Number, &status)
		d.Public = isPublic(status)
		return d, err
	}, from); err != nil {
		return nil, err
	}
	if m.Questions, err = txInts(ctx, tx, db.q(qMovedQuestions), from); err != nil {
		return nil, err
	}
	if m.Consultations, err = txInts(ctx, tx, db.q(qMovedConsultations), from); err != nil {
		return nil, err
	}
	if err := db.mergeMovedMedia(ctx, tx, from, m); err != nil {
		return nil, err
	}
	m.Existing, err = txRows(ctx, tx, db.q(qMovedRedirects), scanRedirect, from)
	return m, err
}

func (db *DB) mergeMovedMedia(ctx context.Context, tx *sql.Tx, from int64, m *sitemerge.Moved) error {
	variants, err := txRows(ctx, tx, db.q(qMovedImages), func(row scanner) (string, error) {
		var v string
		return v, row.Scan(&v)
	}, from)
	if err != nil {
		return err
	}
	for _, v := range variants {
		vs, err := decodeVariants(v)
		if err != nil {
			return err
		}
		for _, sv := range vs {
			m.Images = append(m.Images, sv.Key)
		}
	}
	m.Files, err = txRows(ctx, tx, db.q(qMovedFiles), func(row scanner) (sitemerge.File, error) {
		var f sitemerge.File
		return f, row.Scan(&f.ID, &f.Key, &f.Name)
	}, from)
	return err
}

// applyRenames gives the moved items their new slugs.
func applyRenames(m *sitemerge.Moved, renamed []sitemerge.Rename) {
	type ref struct {
		kind string
		id   int64
	}
	index := map[ref]*sitemerge.Item{}
	for kind, items := range map[string][]sitemerge.Item{"article": m.Articles, "category": m.Categories, "page": m.Pages} {
		for i := range items {
			index[ref{kind, items[i].ID}] = &items[i]
		}
	}
	for _, rn := range renamed {
		if it := index[ref{rn.Kind, rn.ID}]; it != nil {
			it.NewSlug = rn.New
		}
	}
}

func scanRedirect(row scanner) (redirect.Entry, error) {
	var e redirect.Entry
	return e, row.Scan(&e.SiteID, &e.From, &e.ToSiteID, &e.To, &e.Source)
}

// txRows scans every row of query inside tx.
func txRows[T any](ctx context.Context, tx *sql.Tx, query string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
