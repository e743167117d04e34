package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/user"
)

var (
	_ user.PolicyStore = (*DB)(nil)
	_ audit.Finder     = (*DB)(nil)
)

var errCategoryInUse = apperr.New(apperr.Conflict, "Chuyên mục còn bài viết hoặc chuyên mục con nên không xoá được.")

func (db *DB) FindPolicy(ctx context.Context, siteID int64) (user.Policy, error) {
	var p user.Policy
	err := db.r.QueryRowContext(ctx, `SELECT allow_self_approval, require_second_factor FROM site_policies WHERE site_id = ?`, siteID).
		Scan(&p.AllowSelfApproval, &p.RequireSecondFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return user.Policy{}, nil
	}
	return p, mapErr(err, "chính sách tài khoản")
}

func (db *DB) SavePolicy(ctx context.Context, siteID int64, p user.Policy) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO site_policies (site_id, allow_self_approval, require_second_factor, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET allow_self_approval = excluded.allow_self_approval,
			require_second_factor = excluded.require_second_factor, updated_at = excluded.updated_at`,
		siteID, p.AllowSelfApproval, p.RequireSecondFactor, micros(now()))
	return mapErr(err, "chính sách tài khoản")
}

// DeleteCategory removes an empty category in one transaction, so an
// article filed meanwhile cannot be orphaned.
func (db *DB) DeleteCategory(ctx context.Context, siteID, id int64) error {
	return db.writeTx(ctx, "chuyên mục", func(tx *sql.Tx) error {
		var used bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = ? AND category_id = ?) OR EXISTS (SELECT 1 FROM categories WHERE parent_id = ?)`,
			siteID, id, id).Scan(&used); err != nil {
			return err
		}
		if used {
			return errCategoryInUse
		}
		return execOne(ctx, tx, "chuyên mục", `DELETE FROM categories WHERE id = ? AND site_id = ?`, id, siteID)
	})
}

// likePattern is s as a case-insensitive LIKE "contains" pattern, with
// the wildcards in s escaped by a backslash.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

func auditWhere(f audit.Filter) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.SiteID > 0 {
		conds = append(conds, "site_id = ?")
		args = append(args, f.SiteID)
	}
	if a, ok := strings.CutSuffix(f.Action, "."); ok && a != "" {
		conds = append(conds, "substr(action, 1, ?) = ?")
		args = append(args, len([]rune(f.Action)), f.Action)
	} else if f.Action != "" {
		conds = append(conds, "action = ?")
		args = append(args, f.Action)
	}
	if f.Actor != "" {
		conds = append(conds, `lower(actor) LIKE ? ESCAPE '\'`)
		args = append(args, likePattern(f.Actor))
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= ?")
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < ?")
		args = append(args, micros(f.To))
	}
	return strings.Join(conds, " AND "), args
}

func (db *DB) FindAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	where, args := auditWhere(f)
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, site_id, actor_id, actor, ip, action, object, detail, prev_hash, hash
		FROM audit_log WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.SiteID, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.Object, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, 0, err
		}
		e.At = fromMicros(at)
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			e.Detail = map[string]string{"": detail}
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
