package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"trangtin/internal/mail"
)

var (
	_ mail.Store = (*DB)(nil)
	_ mail.Queue = (*DB)(nil)
)

var (
	// Lease the due messages; PostgreSQL skips the rows another node is
	// claiming, so nodes sending at the same time take different messages.
	qClaimMail = Q(`UPDATE outbox SET next_at = ? WHERE id IN (
			SELECT id FROM outbox WHERE sent_at = ? AND gave_up_at = ? AND next_at <= ?
			ORDER BY next_at, id LIMIT ?{skiplocked})
		RETURNING id`)
	// A notice's copy (and a letter) names its user; a direct message (no
	// notice) its recipient, subject and body.
	qPendingMail = Q(`SELECT o.id, o.attempts, s.id, s.name, s.host, COALESCE(n.article_id, 0), COALESCE(a.title, ''), COALESCE(n.message, ''), COALESCE(n.created_at, o.created_at),
			COALESCE(u.email, o.to_addr), COALESCE(u.name, o.to_name), COALESCE(u.disabled, ?), o.subject, o.body
		FROM outbox o LEFT JOIN inbox n ON n.id = o.notice_id LEFT JOIN users u ON u.id = n.user_id JOIN sites s ON s.id = COALESCE(n.site_id, o.site_id)
		LEFT JOIN articles a ON a.id = n.article_id WHERE o.id = ?`)
	qQueueDirect = Q(`INSERT INTO outbox (site_id, to_addr, to_name, subject, body, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	qQueueLetter = Q(`INSERT INTO outbox (notice_id, next_at, created_at, body) VALUES (?, ?, ?, ?)`)
	qMailFailed  = Q(`UPDATE outbox SET attempts = ?, next_at = ?, last_error = ?, gave_up_at = ?, body = CASE WHEN ? THEN '' ELSE body END WHERE id = ?`)
	qPruneMail   = Q(`DELETE FROM outbox WHERE (sent_at <> ? AND sent_at < ?) OR (gave_up_at <> ? AND gave_up_at < ?)`)
)

// ClaimMail leases up to limit due messages until at + lease and returns
// them in the order they were queued.
func (db *DB) ClaimMail(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]mail.Pending, error) {
	var out []mail.Pending
	zero := db.t(time.Time{})
	err := db.writeTx(ctx, mail.ErrNotFound, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, db.q(qClaimMail), db.t(at.Add(lease)), zero, zero, db.t(at), limit)
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
		slices.Sort(ids)
		for _, id := range ids {
			var p mail.Pending
			if err := tx.QueryRowContext(ctx, db.q(qPendingMail), false, id).Scan(&p.ID, &p.Attempts, &p.SiteID, &p.SiteName, &p.SiteHost,
				&p.ArticleID, &p.Title, &p.Message, db.td(&p.CreatedAt), &p.To, &p.Name, &p.Disabled, &p.Subject, &p.Body); err != nil {
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
	var gave time.Time
	if gaveUp {
		gave = Now()
	}
	return db.execOne(ctx, db.w, mail.ErrNotFound, qMailFailed, attempts, db.t(next), lastErr, db.t(gave), gaveUp, id)
}

func (db *DB) PruneMail(ctx context.Context, before time.Time) (int, error) {
	zero := db.t(time.Time{})
	res, err := db.w.ExecContext(ctx, db.q(qPruneMail), zero, db.t(before), zero, db.t(before))
	if err != nil {
		return 0, db.mapErr(err, mail.ErrNotFound)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// QueueLetter writes the letter's notice (about no article) and its
// message with its own text in one transaction.
func (db *DB) QueueLetter(ctx context.Context, l mail.Letter) error {
	return db.writeTx(ctx, mail.ErrNotFound, func(tx *sql.Tx) error {
		at := Now()
		var id int64
		if err := tx.QueryRowContext(ctx, db.q(qCreateNotice), l.SiteID, l.UserID, 0, l.Message, db.t(at)).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(qQueueLetter), id, db.t(at), db.t(at), l.Body)
		return err
	})
}

// queueDirect queues m, a message to someone without an account, in tx:
// it is sent with the change tx writes, or not at all.
func (db *DB) queueDirect(ctx context.Context, tx *sql.Tx, m *mail.Direct, at time.Time) error {
	if m == nil || m.To == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, db.q(qQueueDirect), m.SiteID, m.To, m.Name, m.Subject, m.Body, db.t(at), db.t(at))
	return err
}
