package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

var qMailQueue = Q(`SELECT
		COALESCE(SUM(CASE WHEN sent_at = ? AND gave_up_at = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at = ? AND gave_up_at = ? AND attempts > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN gave_up_at <> ? THEN 1 ELSE 0 END), 0)
		FROM outbox`)

// Stats are the connection pools' figures, by pool: "write" (SQLite's
// single writer) and "read", or "main" when one pool does both
// (PostgreSQL).
func (db *DB) Stats() map[string]sql.DBStats {
	if db.w == db.r {
		return map[string]sql.DBStats{"main": db.w.Stats()}
	}
	return map[string]sql.DBStats{"write": db.w.Stats(), "read": db.r.Stats()}
}

// MailQueue counts the outbox: messages waiting to be sent (retrying: those
// that failed at least once) and messages given up on, still kept.
func (db *DB) MailQueue(ctx context.Context) (pending, retrying, gaveUp int64, err error) {
	zero := db.t(time.Time{})
	err = db.r.QueryRowContext(ctx, db.q(qMailQueue), zero, zero, zero, zero, zero).Scan(&pending, &retrying, &gaveUp)
	return pending, retrying, gaveUp, db.mapErr(err, nil)
}
