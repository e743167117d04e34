package postgres

import (
	"context"
	"database/sql"
)

// Stats are the connection pool's figures, by pool ("main": there is one).
func (d *DB) Stats() map[string]sql.DBStats {
	return map[string]sql.DBStats{"main": d.db.Stats()}
}

// MailQueue counts the outbox: messages waiting to be sent (retrying: those
// that failed at least once) and messages given up on, still kept.
func (d *DB) MailQueue(ctx context.Context) (pending, retrying, gaveUp int64, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE sent_at IS NULL AND gave_up_at IS NULL),
		count(*) FILTER (WHERE sent_at IS NULL AND gave_up_at IS NULL AND attempts > 0),
		count(*) FILTER (WHERE gave_up_at IS NOT NULL)
		FROM outbox`).Scan(&pending, &retrying, &gaveUp)
	return pending, retrying, gaveUp, err
}
