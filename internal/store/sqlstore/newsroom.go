package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/newsroom"
)

var (
	_ newsroom.Store = (*DB)(nil)
	_ mail.Prefs     = (*DB)(nil)
)

const revisionCols = `id, article_id, site_id, number, category_id, title, summary, body, author, unit, featured, stage, saved_by, note, created_at, photo`

var (
	qCreateRevision = Q(`INSERT INTO article_revisions (article_id, site_id, number, category_id, title, summary, body, author, unit, featured, stage, saved_by, note, created_at, photo)
		VALUES (?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, number`)
	qSetPending   = Q(`UPDATE articles SET pending_revision_id = ? WHERE id = ?`)
	qCreateNotice = Q(`INSERT INTO inbox (site_id, user_id, article_id, message, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`)
	qQueueMail    = Q(`INSERT INTO outbox (notice_id, next_at, created_at)
		SELECT n.id, ?, ? FROM inbox n WHERE n.id = ? AND NOT EXISTS (SELECT 1 FROM mail_optout m WHERE m.user_id = n.user_id)`)
	qRevision  = Q(`SELECT ` + revisionCols + ` FROM article_revisions WHERE site_id = ? AND id = ?`)
	qRevisions = Q(`SELECT ` + revisionCols + ` FROM article_revisions WHERE site_id = ? AND article_id = ? ORDER BY number DESC`)
	// An archived site is read-only: its scheduled articles wait for it to
	// be reopened (a merged site has none left: they moved with the merge).
	qDueArticles = Q(`SELECT ` + articleListCols + `, body FROM articles
		WHERE status = 'scheduled' AND published_at <= ? AND site_id IN (SELECT id FROM sites WHERE state = 'active')
		ORDER BY published_at, id LIMIT ?`)
	qInbox         = Q(`SELECT id, site_id, user_id, article_id, message, created_at, read_at FROM inbox WHERE user_id = ? ORDER BY id DESC LIMIT ?`)
	qNoticeRead    = Q(`UPDATE inbox SET read_at = CASE WHEN read_at = ? THEN ? ELSE read_at END WHERE id = ? AND user_id = ?`)
	qDropRevisions = Q(`DELETE FROM article_revisions
		WHERE created_at < ? AND stage IN ('draft', 'submitted', 'returned', 'approval')
		AND id NOT IN (SELECT pending_revision_id FROM articles WHERE pending_revision_id IS NOT NULL)
		AND id NOT IN (SELECT MAX(id) FROM article_revisions GROUP BY article_id)`)
	qOptedOut = Q(`SELECT COUNT(*) FROM mail_optout WHERE user_id = ?`)
	qOptIn    = Q(`DELETE FROM mail_optout WHERE user_id = ?`)
	qOptOut   = Q(`INSERT INTO mail_optout (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING`)
	qMailSent = Q(`UPDATE outbox SET sent_at = ?, last_error = '', body = '' WHERE id = ?`)
)

// ApplyChange writes one workflow step in a single transaction: the
// article, its revision, the notices (and their e-mail copies) and the
// audit entry.
//
// An existing article is written only if it is unchanged since the caller
// read it; if another writer, on this node or another, got there first the
// step returns a Conflict and writes nothing. So two nodes publishing the
// same scheduled article at once publish (and audit) it once.
func (db *DB) ApplyChange(ctx context.Context, c *newsroom.Change) error {
	return db.slugErr(ctx, qArticleSlugUsed, c.Article.SiteID, c.Article.Slug, c.Article.ID, db.applyChange(ctx, c))
}

func (db *DB) applyChange(ctx context.Context, c *newsroom.Change) error {
	return db.writeTx(ctx, content.ErrArticleNotFound, func(tx *sql.Tx) error {
		a := c.Article
		before, err := db.sourceBefore(ctx, tx, a) // syndication.go
		if err != nil {
			return err
		}
		if a.ID == 0 {
			err = db.insertArticle(ctx, tx, a)
		} else {
			err = db.updateArticle(ctx, tx, a, true)
		}
		if err != nil {
			return err
		}
		if r := c.Revision; r != nil {
			r.ArticleID, r.SiteID = a.ID, a.SiteID
			r.CreatedAt = Now()
			if err := tx.QueryRowContext(ctx, db.q(qCreateRevision),
				r.ArticleID, r.SiteID, r.ArticleID, r.Draft.CategoryID, r.Draft.Title, r.Draft.Summary, r.Draft.Body, r.Draft.Author, r.Draft.Unit, r.Draft.Featured,
				string(r.Stage), r.SavedBy, r.Note, db.t(r.CreatedAt), content.EncodePhoto(r.Draft.Photo)).Scan(&r.ID, &r.Number); err != nil {
				return err
			}
			if c.SetPending {
				a.PendingRevisionID = r.ID
				if _, err := tx.ExecContext(ctx, db.q(qSetPending), r.ID, a.ID); err != nil {
					return err
				}
			}
		}
		for i := range c.Notices {
			n := &c.Notices[i]
			n.ArticleID, n.CreatedAt = a.ID, Now()
			if err := tx.QueryRowContext(ctx, db.q(qCreateNotice), n.SiteID, n.UserID, n.ArticleID, n.Message, db.t(n.CreatedAt)).Scan(&n.ID); err != nil {
				return err
			}
			if c.Mail {
				// The e-mail copy, due at once, unless its recipient turned e-mail off.
				if _, err := tx.ExecContext(ctx, db.q(qQueueMail), db.t(n.CreatedAt), db.t(n.CreatedAt), n.ID); err != nil {
					return err
				}
			}
		}
		if err := db.audit(ctx, tx, c.Audit, fmt.Sprintf("article:%d", a.ID), 0); err != nil {
			return err
		}
		// A correction or withdrawal reaches the copies on other sites in
		// this same transaction (syndication.go).
		return db.propagate(ctx, tx, *a, before, c.Revision, c.Audit, 0)
	})
}

func (d *Dialect) scanRevision(row scanner) (newsroom.Revision, error) {
	var r newsroom.Revision
	var photo string
	err := row.Scan(&r.ID, &r.ArticleID, &r.SiteID, &r.Number, &r.Draft.CategoryID, &r.Draft.Title, &r.Draft.Summary, &r.Draft.Body,
		&r.Draft.Author, &r.Draft.Unit, &r.Draft.Featured, &r.Stage, &r.SavedBy, &r.Note, d.TimeDest(&r.CreatedAt), &photo)
	r.Draft.Photo = content.DecodePhoto(photo)
	return r, err
}

func (db *DB) FindRevision(ctx context.Context, siteID, id int64) (newsroom.Revision, error) {
	r, err := db.d.scanRevision(db.r.QueryRowContext(ctx, db.q(qRevision), siteID, id))
	return r, db.mapErr(err, newsroom.ErrRevisionNotFound)
}

func (db *DB) FindRevisions(ctx context.Context, siteID, articleID int64) ([]newsroom.Revision, error) {
	return list(db, ctx, newsroom.ErrRevisionNotFound, db.d.scanRevision, qRevisions, siteID, articleID)
}

// FindDueArticles is a plain read: nodes may see the same due article, and
// ApplyChange lets only the first of them publish it.
func (db *DB) FindDueArticles(ctx context.Context, at time.Time, limit int) ([]content.Article, error) {
	return list(db, ctx, content.ErrArticleNotFound, db.d.scanArticleBody, qDueArticles, db.t(at), limit)
}

func (d *Dialect) scanNotice(row scanner) (newsroom.Notice, error) {
	var n newsroom.Notice
	err := row.Scan(&n.ID, &n.SiteID, &n.UserID, &n.ArticleID, &n.Message, d.TimeDest(&n.CreatedAt), d.TimeDest(&n.ReadAt))
	return n, err
}

func (db *DB) FindInbox(ctx context.Context, userID int64, limit int) ([]newsroom.Notice, error) {
	return list(db, ctx, newsroom.ErrNoticeNotFound, db.d.scanNotice, qInbox, userID, limit)
}

// MarkNoticeRead records when a notice was first read; reading it again
// keeps that time.
func (db *DB) MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error {
	return db.execOne(ctx, db.w, newsroom.ErrNoticeNotFound, qNoticeRead, db.t(time.Time{}), db.t(at), id, userID)
}

func (db *DB) DeleteWorkingRevisions(ctx context.Context, before time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, db.q(qDropRevisions), db.t(before))
	if err != nil {
		return 0, db.mapErr(err, newsroom.ErrRevisionNotFound)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (db *DB) MailOptedOut(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.q(qOptedOut), userID).Scan(&n)
	return n > 0, db.mapErr(err, nil)
}

func (db *DB) SetMailOptOut(ctx context.Context, userID int64, out bool, a *audit.Entry) error {
	return db.audited(ctx, nil, a, 0, func(tx *sql.Tx) (string, error) {
		var err error
		if out {
			_, err = tx.ExecContext(ctx, db.q(qOptOut), userID, db.t(Now()))
		} else {
			_, err = tx.ExecContext(ctx, db.q(qOptIn), userID)
		}
		return object("user", userID), err
	})
}

func (db *DB) MarkMailSent(ctx context.Context, id int64, at time.Time) error {
	return db.execOne(ctx, db.w, mail.ErrNotFound, qMailSent, db.t(at), id)
}
