package sqlstore

import (
	"context"
	"database/sql"

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
// entry and entries in one transaction.
func (db *DB) ImportPage(ctx context.Context, p *content.Page, entries []redirect.Entry) error {
	id := p.ID
	p.UpdatedAt = Now()
	err := db.slugErr(ctx, qPageSlugUsed, p.SiteID, p.Slug, p.ID, db.writeTx(ctx, content.ErrPageNotFound, func(tx *sql.Tx) error {
		if id == 0 {
			if err := tx.QueryRowContext(ctx, db.q(qCreatePage), p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt)).Scan(&p.ID); err != nil {
				return err
			}
		} else if err := db.execOne(ctx, tx, content.ErrPageNotFound, qUpdatePage, p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt), p.ID, p.SiteID); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, pageDoc(p)); err != nil {
			return err
		}
		return db.PutRedirectsTx(ctx, tx, entries)
	}))
	if err != nil {
		p.ID = id
	}
	return err
}

// ImportMedia records a stored photo or file (as CreateMedia) with
// entries in one transaction.
func (db *DB) ImportMedia(ctx context.Context, it *media.Item, a *audit.Entry, entries []redirect.Entry) error {
	if it.Kind != media.KindImage && it.Kind != media.KindFile {
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
			variants, it.Alt, it.CreatedBy, db.t(it.CreatedAt)).Scan(&it.ID)
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
