package sqlite

import (
	"context"
	"database/sql"
	"time"

	"trangtin/internal/mail"
)

var _ mail.Store = (*DB)(nil)

func (db *DB) ClaimMail(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]mail.Pending, error) {
	var out []mail.Pending
	err := db.writeTx(ctx, "thư", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.attempts, n.site_id, s.name, s.host, n.article_id, COALESCE(a.title, ''), n.message, n.created_at,
				u.email, u.name, u.disabled
			FROM outbox o JOIN inbox n ON n.id = o.notice_id JOIN users u ON u.id = n.user_id JOIN sites s ON s.id = n.site_id
			LEFT JOIN articles a ON a.id = n.article_id
			WHERE o.sent_at = 0 AND o.gave_up_at = 0 AND o.next_at <= ? ORDER BY o.next_at, o.id LIMIT ?`, micros(at), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p mail.Pending
			var created int64
			if err := rows.Scan(&p.ID, &p.Attempts, &p.SiteID, &p.SiteName, &p.SiteHost, &p.ArticleID, &p.Title, &p.Message, &created,
				&p.To, &p.Name, &p.Disabled); err != nil {
				return err
			}
			p.CreatedAt = fromMicros(created)
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, p := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET next_at = ? WHERE id = ?`, micros(at.Add(lease)), p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) MarkMailFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, gaveUp bool) error {
	gave := int64(0)
	if gaveUp {
		gave = micros(now())
	}
	return execOne(ctx, db.w, "thư", `UPDATE outbox SET attempts = ?, next_at = ?, last_error = ?, gave_up_at = ? WHERE id = ?`,
		attempts, micros(next), lastErr, gave, id)
}

func (db *DB) PruneMail(ctx context.Context, before time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM outbox WHERE (sent_at > 0 AND sent_at < ?) OR (gave_up_at > 0 AND gave_up_at < ?)`, micros(before), micros(before))
	if err != nil {
		return 0, mapErr(err, "thư")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
