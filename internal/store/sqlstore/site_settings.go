package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

var _ user.PolicyStore = (*DB)(nil)

var (
	qFindPolicy = Q(`SELECT allow_self_approval, require_second_factor FROM site_policies WHERE site_id = ?`)
	qSavePolicy = Q(`INSERT INTO site_policies (site_id, allow_self_approval, require_second_factor, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id) DO UPDATE SET allow_self_approval = excluded.allow_self_approval,
			require_second_factor = excluded.require_second_factor, updated_at = excluded.updated_at`)
	qLockCategory   = Q(`SELECT 1 FROM categories WHERE id = ? AND site_id = ?{forupdate}`)
	qCategoryUsed   = Q(`SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = ? AND category_id = ?) OR EXISTS (SELECT 1 FROM categories WHERE parent_id = ?)`)
	qDeleteCategory = Q(`DELETE FROM categories WHERE id = ? AND site_id = ?`)
)

func (db *DB) FindPolicy(ctx context.Context, siteID int64) (user.Policy, error) {
	var p user.Policy
	err := db.r.QueryRowContext(ctx, db.q(qFindPolicy), siteID).Scan(&p.AllowSelfApproval, &p.RequireSecondFactor)
	if errors.Is(err, sql.ErrNoRows) {
		return user.Policy{}, nil
	}
	return p, db.mapErr(err, user.ErrPolicyNotFound)
}

func (db *DB) SavePolicy(ctx context.Context, siteID int64, p user.Policy, a *audit.Entry) error {
	return db.audited(ctx, user.ErrPolicyNotFound, a, 0, func(tx *sql.Tx) (string, error) {
		_, err := tx.ExecContext(ctx, db.q(qSavePolicy), siteID, p.AllowSelfApproval, p.RequireSecondFactor, db.t(Now()))
		return object("site", siteID), err
	})
}

// DeleteCategory removes an empty category in one transaction. The
// category row is taken first (FOR UPDATE on PostgreSQL, where an article
// filed into it meanwhile, whose foreign key check takes a share lock on
// it, waits, then fails on the missing row; SQLite's single writer
// serialises anyway).
func (db *DB) DeleteCategory(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	return db.audited(ctx, content.ErrCategoryNotFound, a, siteID, func(tx *sql.Tx) (string, error) {
		obj := object("category", id)
		var one int
		if err := tx.QueryRowContext(ctx, db.q(qLockCategory), id, siteID).Scan(&one); err != nil {
			return obj, err
		}
		var used bool
		if err := tx.QueryRowContext(ctx, db.q(qCategoryUsed), siteID, id, id).Scan(&used); err != nil {
			return obj, err
		}
		if used {
			return obj, content.ErrCategoryInUse
		}
		return obj, db.execOne(ctx, tx, content.ErrCategoryNotFound, qDeleteCategory, id, siteID)
	})
}
