package postgres

import (
	"context"
	"database/sql"
	"time"

	"trangtin/internal/mail"
)

var _ mail.Store = (*DB)(nil)

// ClaimMail locks the due rows with SKIP LOCKED, so nodes sending at the
// same time take different messages.
func (db *DB) ClaimMail(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]mail.Pending, error) {
	var out []mail.Pending
	err := db.writeTx(ctx, "thư", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET next_at = $1 WHERE id IN (
				SELECT id FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_at <= $2
				ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
			RETURNING id`, ts(at.Add(lease)), ts(at), limit)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			var p mail.Pending
			if err := tx.QueryRowContext(ctx, `SELECT o.id, o.attempts, n.site_id, s.name, s.host, n.article_id, COALESCE(a.title, ''), n.message, n.created_at,
					u.email, u.name, u.disabled
				FROM outbox o JOIN inbox n ON n.id = o.notice_id JOIN users u ON u.id = n.user_id JOIN sites s ON s.id = n.site_id
				LEFT JOIN articles a ON a.id = n.article_id WHERE o.id = $1`, id).Scan(&p.ID, &p.Attempts, &p.SiteID, &p.SiteName, &p.SiteHost,
				&p.ArticleID, &p.Title, &p.Message, timeDest{&p.CreatedAt}, &p.To, &p.Name, &p.Disabled); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) MarkMailFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, gaveUp bool) error {
	var gave any
	if gaveUp {
		gave = ts(now())
	}
	return execOne(ctx, db.db, "thư", `UPDATE outbox SET attempts = $1, next_at = $2, last_error = $3, gave_up_at = $4 WHERE id = $5`,
		attempts, ts(next), lastErr, gave, id)
}

func (db *DB) PruneMail(ctx context.Context, before time.Time) (int, error) {
	res, err := db.db.ExecContext(ctx, `DELETE FROM outbox WHERE sent_at < $1 OR gave_up_at < $1`, ts(before))
	if err != nil {
		return 0, mapErr(err, "thư")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
