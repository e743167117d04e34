package sqlstore

import (
	"context"
	"database/sql"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
)

// The writes of the importers from other portals: a record and its old
// addresses (the redirect entries that point to it) in one transaction, so
// an import killed half-way leaves each record whole or absent, and a
// record found again on the next run (by its old address) is complete.

// ImportArticle creates (a.ID == 0) or updates an article, its search
// entry and entries in one transaction. On an error a new article keeps
// ID 0.
func (db *DB) ImportArticle(ctx context.Context, a *content.Article, entries []redirect.Entry) error {
	id := a.ID
	err := db.slugErr(ctx, qArticleSlugUsed, a.SiteID, a.Slug, a.ID, db.writeTx(ctx, content.ErrArticleNotFound, func(tx *sql.Tx) error {
		var err error
		if id == 0 {
			err = db.insertArticle(ctx, tx, a)
		} else {
			err = db.updateArticle(ctx, tx, a, false)
		}
		if err != nil {
			return err
		}
		return db.PutRedirectsTx(ctx, tx, entries)
	}))
	if err != nil {
		a.ID = id
	}
	return err
}

// ImportPage creates (p.ID == 0) or updates a static page, its search
// entry and entries in one transaction. An update is of the version p
// was read at (content.ErrPageStale when the page changed since).
func (db *DB) ImportPage(ctx context.Context, p *content.Page, entries []redirect.Entry) error {
	id := p.ID
	p.UpdatedAt = Now()
	err := db.slugErr(ctx, qPageSlugUsed, p.SiteID, p.Slug, p.ID, db.writeTx(ctx, content.ErrPageNotFound, func(tx *sql.Tx) error {
		if id == 0 {
			if err := tx.QueryRowContext(ctx, db.q(qCreatePage), p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt)).Scan(&p.ID); err != nil {
				return err
			}
		} else if err := db.updateVersioned(ctx, tx, qPageExists, content.ErrPageStale, p.SiteID, p.ID, qUpdatePage,
			p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt), p.SiteID, p.ID, p.Version); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, pageDoc(p)); err != nil {
			return err
		}
		return db.PutRedirectsTx(ctx, tx, entries)
	}))
	switch {
	case err != nil:
		p.ID = id
	case id != 0:
		p.Version++
	default:
		p.Version = 1 // the column's default
	}
	return err
}

// ImportMedia records a stored photo or file (as CreateMedia) with
// entries in one transaction.
func (db *DB) ImportMedia(ctx context.Context, it *media.Item, a *audit.Entry, entries []redirect.Entry) error {
	if it.Kind != media.KindImage && it.Kind != media.KindFile && it.Kind != media.KindVideo {
		return media.ErrBadKind
	}
	variants, err := encodeVariants(it.Variants)
	if err != nil {
		return err
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = Now()
	}
	it.CreatedAt = UTCMicro(it.CreatedAt)
	if it.FileKey == "" {
		it.FileKey = media.NewFileKey()
	}
	err = db.audited(ctx, whatMedia, a, it.SiteID, func(tx *sql.Tx) (string, error) {
		err := tx.QueryRowContext(ctx, db.q(qCreateMedia),
			it.SiteID, it.Kind, it.BlobKey, it.FileKey, it.FileName, it.ContentType, it.Size, it.Width, it.Height,
			variants, it.Alt, it.CreatedBy, db.t(it.CreatedAt), it.Caption).Scan(&it.ID)
		if err != nil {
			return "", err
		}
		return object("media", it.ID), db.PutRedirectsTx(ctx, tx, entries)
	})
	if err != nil {
		it.ID = 0
	}
	return err
}

// ImportArticles is ImportArticle for many articles at once: every
// article of as is created (ID 0) or updated, with its search entry, and
// every entry of entries written, all in one transaction, so a batch of
// an import is whole or absent. On an error the new articles keep ID 0
// and nothing is written; a slug another row holds is
// content.ErrSlugTaken, naming no article (the caller writes them one by
// one to find it). pre, when given, holds each article's search entry
// computed ahead (content.NewSearchEntry, outside this transaction; a nil
// entry, or one whose article has changed since, is computed here).
func (db *DB) ImportArticles(ctx context.Context, as []*content.Article, entries []redirect.Entry, pre ...*content.SearchEntry) error {
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	err := db.writeTx(ctx, content.ErrArticleNotFound, func(tx *sql.Tx) error {
		for i, a := range as {
			var e *content.SearchEntry
			if i < len(pre) {
				e = pre[i]
			}
			var err error
			if a.ID == 0 {
				err = db.insertArticleIndexed(ctx, tx, a, e)
			} else {
				err = db.updateArticleIndexed(ctx, tx, a, false, e)
			}
			if err != nil {
				return err
			}
		}
		return db.PutRedirectsTx(ctx, tx, entries)
	})
	if err != nil {
		for i, a := range as {
			a.ID = ids[i]
		}
		if apperr.Is(err, apperr.Conflict) {
			slugs := make([]string, 0, len(as))
			for _, a := range as {
				slugs = append(slugs, a.Slug)
			}
			if owners, qerr := db.ArticleSlugOwners(ctx, as[0].SiteID, slugs); qerr == nil {
				for _, a := range as {
					if id, ok := owners[a.Slug]; ok && id != a.ID {
						return content.ErrSlugTaken
					}
				}
			}
		}
	}
	return err
}

// importLookup is how many values one look-up of an import binds (well
// below both engines' limits on a statement's parameters).
const importLookup = 500

// FindArticlesBySourceURL returns the articles of siteID whose source
// address is among urls, by that address.
func (db *DB) FindArticlesBySourceURL(ctx context.Context, siteID int64, urls []string) (map[string]content.Article, error) {
	out := make(map[string]content.Article, len(urls))
	for start := 0; start < len(urls); start += importLookup {
		a := db.args()
		site := a.add(siteID)
		list := in(a, urls[start:min(len(urls), start+importLookup)], func(u string) any { return u })
		found, err := listSQL(db, ctx, content.ErrArticleNotFound, func(row scanner) (content.Article, error) { return db.d.scanArticle(row, true) },
			`SELECT `+articleListCols+`, body FROM articles WHERE site_id = `+site+` AND source_url IN `+list, a.v...)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			out[f.SourceURL] = f
		}
	}
	return out, nil
}

// ArticleSlugOwners returns which article of siteID holds each of slugs
// that one holds.
func (db *DB) ArticleSlugOwners(ctx context.Context, siteID int64, slugs []string) (map[string]int64, error) {
	out := map[string]int64{}
	for start := 0; start < len(slugs); start += importLookup {
		a := db.args()
		site := a.add(siteID)
		list := in(a, slugs[start:min(len(slugs), start+importLookup)], func(s string) any { return s })
		type owner struct {
			slug string
			id   int64
		}
		found, err := listSQL(db, ctx, content.ErrArticleNotFound, func(row scanner) (owner, error) {
			var o owner
			return o, row.Scan(&o.slug, &o.id)
		}, `SELECT slug, id FROM articles WHERE site_id = `+site+` AND slug IN `+list, a.v...)
		if err != nil {
			return nil, err
		}
		for _, o := range found {
			out[o.slug] = o.id
		}
	}
	return out, nil
}
