package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"trangtin/internal/audit"
)

var _ audit.Store = (*DB)(nil)

// AppendAudit adds e to the chain.
func (db *DB) AppendAudit(ctx context.Context, e *audit.Entry) error {
	return db.writeTx(ctx, "nhật ký", func(tx *sql.Tx) error { return appendAudit(ctx, tx, e) })
}

// appendAudit chains e onto the log inside tx. The head row is locked
// (FOR UPDATE) until tx ends, so concurrent appends from any node
// serialise; callers take it last, after their other row locks.
func appendAudit(ctx context.Context, tx *sql.Tx, e *audit.Entry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond) // as stored
	var count int64
	if err := tx.QueryRowContext(ctx, `SELECT count, hash FROM audit_head WHERE one = 1 FOR UPDATE`).Scan(&count, &e.PrevHash); err != nil {
		return err
	}
	e.ID = count + 1
	e.Hash = audit.Hash(*e)
	detail, err := json.Marshal(e.Detail)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, site_id, actor_id, actor, ip, action, object, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, e.ID, e.At, e.SiteID, e.ActorID, e.Actor, e.IP, e.Action, e.Object, string(detail), e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_head SET count = $1, hash = $2 WHERE one = 1`, e.ID, e.Hash)
	return err
}

func (db *DB) AuditEntries(ctx context.Context, after int64, limit int) ([]audit.Entry, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, at, site_id, actor_id, actor, ip, action, object, detail, prev_hash, hash
		FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var detail string
		if err := rows.Scan(&e.ID, timeDest{&e.At}, &e.SiteID, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.Object, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			e.Detail = map[string]string{"": detail} // unreadable: the hash check will flag it
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (db *DB) AuditHead(ctx context.Context) (int64, string, error) {
	var n int64
	var h string
	err := db.db.QueryRowContext(ctx, `SELECT count, hash FROM audit_head WHERE one = 1`).Scan(&n, &h)
	return n, h, err
}
