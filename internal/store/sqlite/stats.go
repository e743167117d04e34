package sqlite

import (
	"context"
	"database/sql"
)

// Stats are the connection pools' figures, by pool: "write" (the single
// writer) and "read".
func (d *DB) Stats() map[string]sql.DBStats {
	return map[string]sql.DBStats{"write": d.w.Stats(), "read": d.r.Stats()}
}

// MailQueue counts the outbox: messages waiting to be sent (retrying: those
// that failed at least once) and messages given up on, still kept.
func (d *DB) MailQueue(ctx context.Context) (pending, retrying, gaveUp int64, err error) {
	err = d.r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN sent_at = 0 AND gave_up_at = 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at = 0 AND gave_up_at = 0 AND attempts > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN gave_up_at <> 0 THEN 1 ELSE 0 END), 0)
		FROM outbox`).Scan(&pending, &retrying, &gaveUp)
	return pending, retrying, gaveUp, err
}
