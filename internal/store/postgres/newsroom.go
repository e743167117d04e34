package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
)

var _ newsroom.Store = (*DB)(nil)

// ApplyChange writes one workflow step in a single transaction: the
// article, its revision, the notices and the audit entry.
//
// An existing article is written only if it is unchanged since the caller
// read it (its stored updated_at still equals c.Article.UpdatedAt); if
// another writer, on this node or another, got there first the step
// returns a Conflict and writes nothing. So two nodes publishing the same
// scheduled article at once publish (and audit) it once. The article row
// is locked first and the audit head last, as every writer does, so steps
// serialise without deadlocks.
func (db *DB) ApplyChange(ctx context.Context, c *newsroom.Change) error {
	return db.writeTx(ctx, "bài viết", func(tx *sql.Tx) error {
		a := c.Article
		var err error
		if a.ID == 0 {
			err = insertArticle(ctx, tx, a)
		} else {
			err = updateArticle(ctx, tx, a, a.UpdatedAt)
		}
		if err != nil {
			return err
		}
		if r := c.Revision; r != nil {
			r.ArticleID, r.SiteID = a.ID, a.SiteID
			r.CreatedAt = now()
			if err := tx.QueryRowContext(ctx, `INSERT INTO article_revisions (article_id, site_id, number, category_id, title, summary, body, author, unit, featured, stage, saved_by, note, created_at, photo)
				VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = $1), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id, number`,
				r.ArticleID, r.SiteID, r.Draft.CategoryID, r.Draft.Title, r.Draft.Summary, r.Draft.Body, r.Draft.Author, r.Draft.Unit, r.Draft.Featured,
				string(r.Stage), r.SavedBy, r.Note, ts(r.CreatedAt), content.EncodePhoto(r.Draft.Photo)).Scan(&r.ID, &r.Number); err != nil {
				return err
			}
			if c.SetPending {
				a.PendingRevisionID = r.ID
				if _, err := tx.ExecContext(ctx, `UPDATE articles SET pending_revision_id = $1 WHERE id = $2`, r.ID, a.ID); err != nil {
					return err
				}
			}
		}
		for i := range c.Notices {
			n := &c.Notices[i]
			n.ArticleID, n.CreatedAt = a.ID, now()
			if err := tx.QueryRowContext(ctx, `INSERT INTO inbox (site_id, user_id, article_id, message, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				n.SiteID, n.UserID, n.ArticleID, n.Message, ts(n.CreatedAt)).Scan(&n.ID); err != nil {
				return err
			}
			if c.Mail {
				if err := queueMail(ctx, tx, n.ID, n.CreatedAt); err != nil {
					return err
				}
			}
		}
		if c.Audit != nil {
			if c.Audit.Object == "" {
				c.Audit.Object = fmt.Sprintf("article:%d", a.ID)
			}
			return dialect.AppendAudit(ctx, tx, c.Audit)
		}
		return nil
	})
}

const revisionCols = `id, article_id, site_id, number, category_id, title, summary, body, author, unit, featured, stage, saved_by, note, created_at, photo`

func scanRevision(row interface{ Scan(...any) error }) (newsroom.Revision, error) {
	var r newsroom.Revision
	var photo string
	err := row.Scan(&r.ID, &r.ArticleID, &r.SiteID, &r.Number, &r.Draft.CategoryID, &r.Draft.Title, &r.Draft.Summary, &r.Draft.Body,
		&r.Draft.Author, &r.Draft.Unit, &r.Draft.Featured, &r.Stage, &r.SavedBy, &r.Note, timeDest{&r.CreatedAt}, &photo)
	r.Draft.Photo = content.DecodePhoto(photo)
	return r, err
}

func (db *DB) FindRevision(ctx context.Context, siteID, id int64) (newsroom.Revision, error) {
	r, err := scanRevision(db.db.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE site_id = $1 AND id = $2`, siteID, id))
	return r, mapErr(err, "phiên bản")
}

func (db *DB) FindRevisions(ctx context.Context, siteID, articleID int64) ([]newsroom.Revision, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE site_id = $1 AND article_id = $2 ORDER BY number DESC`, siteID, articleID)
	if err != nil {
		return nil, mapErr(err, "phiên bản")
	}
	defer rows.Close()
	var out []newsroom.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, mapErr(err, "phiên bản")
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err(), "phiên bản")
}

// FindDueArticles is a plain read: nodes may see the same due article, and
// ApplyChange lets only the first of them publish it.
func (db *DB) FindDueArticles(ctx context.Context, at time.Time, limit int) ([]content.Article, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+articleListCols+`, body FROM articles
		WHERE status = 'scheduled' AND published_at <= $1 ORDER BY published_at, id LIMIT $2`, ts(at), limit)
	if err != nil {
		return nil, mapErr(err, "bài viết")
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return nil, mapErr(err, "bài viết")
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err(), "bài viết")
}

func (db *DB) FindInbox(ctx context.Context, userID int64, limit int) ([]newsroom.Notice, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, site_id, user_id, article_id, message, created_at, read_at FROM inbox
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, mapErr(err, "thông báo")
	}
	defer rows.Close()
	var out []newsroom.Notice
	for rows.Next() {
		var n newsroom.Notice
		if err := rows.Scan(&n.ID, &n.SiteID, &n.UserID, &n.ArticleID, &n.Message, timeDest{&n.CreatedAt}, timeDest{&n.ReadAt}); err != nil {
			return nil, mapErr(err, "thông báo")
		}
		out = append(out, n)
	}
	return out, mapErr(rows.Err(), "thông báo")
}

// MarkNoticeRead records when a notice was first read; reading it again
// keeps that time. (A zero time, stored as '-infinity', counts as unread,
// as SQLite's 0 does.)
func (db *DB) MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error {
	return execOne(ctx, db.db, "thông báo", `UPDATE inbox SET read_at = COALESCE(NULLIF(read_at, '-infinity'), $1) WHERE id = $2 AND user_id = $3`,
		ts(at), id, userID)
}

func (db *DB) DeleteWorkingRevisions(ctx context.Context, before time.Time) (int, error) {
	res, err := db.db.ExecContext(ctx, `DELETE FROM article_revisions
		WHERE created_at < $1 AND stage IN ('draft', 'submitted', 'returned', 'approval')
		AND id NOT IN (SELECT pending_revision_id FROM articles WHERE pending_revision_id IS NOT NULL)
		AND id NOT IN (SELECT MAX(id) FROM article_revisions GROUP BY article_id)`, before.UTC())
	if err != nil {
		return 0, mapErr(err, "phiên bản")
	}
	n, err := res.RowsAffected()
	return int(n), err
}
