package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
)

var _ newsroom.Store = (*DB)(nil)

// ApplyChange writes one workflow step in a single transaction.
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
				VALUES (?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, number`,
				r.ArticleID, r.SiteID, r.ArticleID, r.Draft.CategoryID, r.Draft.Title, r.Draft.Summary, r.Draft.Body, r.Draft.Author, r.Draft.Unit, r.Draft.Featured,
				r.Stage, r.SavedBy, r.Note, micros(r.CreatedAt), content.EncodePhoto(r.Draft.Photo)).Scan(&r.ID, &r.Number); err != nil {
				return err
			}
			if c.SetPending {
				a.PendingRevisionID = r.ID
				if _, err := tx.ExecContext(ctx, `UPDATE articles SET pending_revision_id = ? WHERE id = ?`, r.ID, a.ID); err != nil {
					return err
				}
			}
		}
		for i := range c.Notices {
			n := &c.Notices[i]
			n.ArticleID, n.CreatedAt = a.ID, now()
			if err := tx.QueryRowContext(ctx, `INSERT INTO inbox (site_id, user_id, article_id, message, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				n.SiteID, n.UserID, n.ArticleID, n.Message, micros(n.CreatedAt)).Scan(&n.ID); err != nil {
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
	var at int64
	var photo string
	err := row.Scan(&r.ID, &r.ArticleID, &r.SiteID, &r.Number, &r.Draft.CategoryID, &r.Draft.Title, &r.Draft.Summary, &r.Draft.Body,
		&r.Draft.Author, &r.Draft.Unit, &r.Draft.Featured, &r.Stage, &r.SavedBy, &r.Note, &at, &photo)
	r.CreatedAt = fromMicros(at)
	r.Draft.Photo = content.DecodePhoto(photo)
	return r, err
}

func (db *DB) FindRevision(ctx context.Context, siteID, id int64) (newsroom.Revision, error) {
	r, err := scanRevision(db.r.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE site_id = ? AND id = ?`, siteID, id))
	return r, mapErr(err, "phiên bản")
}

func (db *DB) FindRevisions(ctx context.Context, siteID, articleID int64) ([]newsroom.Revision, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE site_id = ? AND article_id = ? ORDER BY number DESC`, siteID, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []newsroom.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (db *DB) FindDueArticles(ctx context.Context, at time.Time, limit int) ([]content.Article, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+articleListCols+`, body FROM articles
		WHERE status = 'scheduled' AND published_at <= ? ORDER BY published_at, id LIMIT ?`, micros(at), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) FindInbox(ctx context.Context, userID int64, limit int) ([]newsroom.Notice, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, site_id, user_id, article_id, message, created_at, read_at FROM inbox
		WHERE user_id = ? ORDER BY id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []newsroom.Notice
	for rows.Next() {
		var n newsroom.Notice
		var crt, rd int64
		if err := rows.Scan(&n.ID, &n.SiteID, &n.UserID, &n.ArticleID, &n.Message, &crt, &rd); err != nil {
			return nil, err
		}
		n.CreatedAt, n.ReadAt = fromMicros(crt), fromMicros(rd)
		out = append(out, n)
	}
	return out, rows.Err()
}

func (db *DB) MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error {
	return execOne(ctx, db.w, "thông báo", `UPDATE inbox SET read_at = CASE WHEN read_at = 0 THEN ? ELSE read_at END WHERE id = ? AND user_id = ?`, micros(at), id, userID)
}

func (db *DB) DeleteWorkingRevisions(ctx context.Context, before time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM article_revisions
		WHERE created_at < ? AND stage IN ('draft', 'submitted', 'returned', 'approval')
		AND id NOT IN (SELECT pending_revision_id FROM articles WHERE pending_revision_id IS NOT NULL)
		AND id NOT IN (SELECT MAX(id) FROM article_revisions GROUP BY article_id)`, micros(before))
	if err != nil {
		return 0, mapErr(err, "phiên bản")
	}
	n, err := res.RowsAffected()
	return int(n), err
}
