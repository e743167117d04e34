package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"trangtin/internal/audit"
)

var (
	_ audit.Store  = (*DB)(nil)
	_ audit.Finder = (*DB)(nil)
)

const auditCols = `id, at, site_id, actor_id, actor, ip, action, object, detail, prev_hash, hash`

var (
	// The head row is locked (FOR UPDATE on PostgreSQL; SQLite's single
	// writer serialises anyway) until the transaction ends, so concurrent
	// appends serialise; callers take it last, after their other locks.
	qAuditHeadLock = Q(`SELECT count, hash FROM audit_head WHERE one = 1{forupdate}`)
	qAuditHead     = Q(`SELECT count, hash FROM audit_head WHERE one = 1`)
	qAuditInsert   = Q(`INSERT INTO audit_log (` + auditCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	qAuditSetHead  = Q(`UPDATE audit_head SET count = ?, hash = ? WHERE one = 1`)
	qAuditEntries  = Q(`SELECT ` + auditCols + ` FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`)
)

// AppendAudit adds e to the chain.
func (db *DB) AppendAudit(ctx context.Context, e *audit.Entry) error {
	return db.writeTx(ctx, nil, func(tx *sql.Tx) error { return db.d.AppendAudit(ctx, tx, e) })
}

// AppendAudit chains e onto the log inside tx.
func (d *Dialect) AppendAudit(ctx context.Context, tx *sql.Tx, e *audit.Entry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond) // as stored
	var count int64
	if err := tx.QueryRowContext(ctx, d.q(qAuditHeadLock)).Scan(&count, &e.PrevHash); err != nil {
		return err
	}
	e.ID = count + 1
	e.Hash = audit.Hash(*e)
	detail, err := json.Marshal(e.Detail)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, d.q(qAuditInsert), e.ID, d.Time(e.At), e.SiteID, e.ActorID, e.Actor, e.IP, e.Action, e.Object, string(detail), e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, d.q(qAuditSetHead), e.ID, e.Hash)
	return err
}

func (db *DB) AuditEntries(ctx context.Context, after int64, limit int) ([]audit.Entry, error) {
	rows, err := db.r.QueryContext(ctx, db.q(qAuditEntries), after, limit)
	if err != nil {
		return nil, db.mapErr(err, nil)
	}
	out, err := db.scanAudit(rows)
	return out, db.mapErr(err, nil)
}

func (db *DB) scanAudit(rows *sql.Rows) ([]audit.Entry, error) {
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var detail string
		if err := rows.Scan(&e.ID, db.td(&e.At), &e.SiteID, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.Object, &detail, &e.PrevHash, &e.Hash); err != nil {
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
	err := db.r.QueryRowContext(ctx, db.q(qAuditHead)).Scan(&n, &h)
	return n, h, db.mapErr(err, nil)
}

// LikePattern is s as a case-insensitive LIKE "contains" pattern, with
// the wildcards in s escaped by a backslash.
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

func (db *DB) auditWhere(f audit.Filter) (string, *args) {
	conds := []string{"1 = 1"}
	a := db.args()
	if f.SiteID > 0 {
		conds = append(conds, "site_id = "+a.add(f.SiteID))
	}
	if act, ok := strings.CutSuffix(f.Action, "."); ok && act != "" {
		conds = append(conds, "substr(action, 1, "+a.add(len([]rune(f.Action)))+") = "+a.add(f.Action))
	} else if f.Action != "" {
		conds = append(conds, "action = "+a.add(f.Action))
	}
	if f.Actor != "" {
		conds = append(conds, `lower(actor) LIKE `+a.add(LikePattern(f.Actor))+` ESCAPE '\'`)
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= "+a.add(db.t(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < "+a.add(db.t(f.To)))
	}
	return strings.Join(conds, " AND "), a
}

func (db *DB) FindAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	where, a := db.auditWhere(f)
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE `+where, a.v...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err, nil)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + auditCols + ` FROM audit_log WHERE ` + where + ` ORDER BY id DESC LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(f.Offset, 0))
	rows, err := db.r.QueryContext(ctx, q, a.v...)
	if err != nil {
		return nil, 0, db.mapErr(err, nil)
	}
	out, err := db.scanAudit(rows)
	return out, total, db.mapErr(err, nil)
}
