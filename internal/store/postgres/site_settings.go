package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

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
	err := db.db.QueryRowContext(ctx, `SELECT allow_self_approval, require_second_factor FROM site_policies WHERE site_id = $1`, siteID).
		Scan(&p.AllowSelfApproval, &p.RequireSecondFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return user.Policy{}, nil
	}
	return p, mapErr(err, "chính sách tài khoản")
}

func (db *DB) SavePolicy(ctx context.Context, siteID int64, p user.Policy) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO site_policies (site_id, allow_self_approval, require_second_factor, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (site_id) DO UPDATE SET allow_self_approval = excluded.allow_self_approval,
			require_second_factor = excluded.require_second_factor, updated_at = excluded.updated_at`,
		siteID, p.AllowSelfApproval, p.RequireSecondFactor, ts(time.Now()))
	return mapErr(err, "chính sách tài khoản")
}

// DeleteCategory removes an empty category. The category row is locked
// first, so an article filed into it meanwhile (whose foreign key check
// takes a share lock on it) waits, then fails on the missing row.
func (db *DB) DeleteCategory(ctx context.Context, siteID, id int64) error {
	return db.writeTx(ctx, "chuyên mục", func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM categories WHERE id = $1 AND site_id = $2 FOR UPDATE`, id, siteID).Scan(&one); err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = $2 AND category_id = $1) OR EXISTS (SELECT 1 FROM categories WHERE parent_id = $1)`,
			id, siteID).Scan(&used); err != nil {
			return err
		}
		if used {
			return errCategoryInUse
		}
		return execOne(ctx, tx, "chuyên mục", `DELETE FROM categories WHERE id = $1 AND site_id = $2`, id, siteID)
	})
}

// likePattern is s as a case-insensitive LIKE "contains" pattern, with
// the wildcards in s escaped by a backslash.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

func auditWhere(f audit.Filter) (string, []any) {
	conds := []string{"TRUE"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.SiteID > 0 {
		conds = append(conds, "site_id = "+arg(f.SiteID))
	}
	if a, ok := strings.CutSuffix(f.Action, "."); ok && a != "" {
		conds = append(conds, "left(action, "+arg(len([]rune(f.Action)))+") = "+arg(f.Action))
	} else if f.Action != "" {
		conds = append(conds, "action = "+arg(f.Action))
	}
	if f.Actor != "" {
		conds = append(conds, `lower(actor) LIKE `+arg(likePattern(f.Actor))+` ESCAPE '\'`)
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= "+arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < "+arg(ts(f.To)))
	}
	return strings.Join(conds, " AND "), args
}

func (db *DB) FindAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	where, args := auditWhere(f)
	var total int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	n := len(args)
	rows, err := db.db.QueryContext(ctx, `SELECT id, at, site_id, actor_id, actor, ip, action, object, detail, prev_hash, hash
		FROM audit_log WHERE `+where+` ORDER BY id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var detail string
		if err := rows.Scan(&e.ID, timeDest{&e.At}, &e.SiteID, &e.ActorID, &e.Actor, &e.IP, &e.Action, &e.Object, &detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			e.Detail = map[string]string{"": detail}
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
