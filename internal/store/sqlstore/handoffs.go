package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"trangtin/internal/user"
)

// The one-time handoffs of the site switcher (user.HandoffStore).

var _ user.HandoffStore = (*DB)(nil)

const handoffCols = `token_hash, user_id, site_id, from_site_id, from_session, created_at, expires_at, used`

var (
	qCreateHandoff = Q(`INSERT INTO session_handoffs (` + handoffCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)`)
	// One UPDATE both checks and marks: of concurrent redemptions, on any
	// node, only one finds the row unused.
	qUseHandoff          = Q(`UPDATE session_handoffs SET used = TRUE WHERE token_hash = ? AND NOT used RETURNING ` + handoffCols)
	qHandoff             = Q(`SELECT ` + handoffCols + ` FROM session_handoffs WHERE token_hash = ?`)
	qDeleteUserHandoffs  = Q(`DELETE FROM session_handoffs WHERE user_id = ?`)
	qDeleteHandoffsUntil = Q(`DELETE FROM session_handoffs WHERE expires_at <= ?`)
)

func (db *DB) CreateHandoff(ctx context.Context, h user.Handoff) error {
	return db.exec(ctx, user.ErrHandoffNotFound, qCreateHandoff,
		h.TokenHash, h.UserID, h.SiteID, h.FromSiteID, h.FromSession, db.t(h.CreatedAt), db.t(h.ExpiresAt))
}

func (db *DB) scanHandoff(row scanner) (user.Handoff, error) {
	var h user.Handoff
	err := row.Scan(&h.TokenHash, &h.UserID, &h.SiteID, &h.FromSiteID, &h.FromSession, db.td(&h.CreatedAt), db.td(&h.ExpiresAt), &h.Used)
	return h, err
}

func (db *DB) UseHandoff(ctx context.Context, tokenHash string) (user.Handoff, error) {
	h, err := db.scanHandoff(db.w.QueryRowContext(ctx, db.q(qUseHandoff), tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		// Not there, or used already: tell which.
		h, err = db.scanHandoff(db.w.QueryRowContext(ctx, db.q(qHandoff), tokenHash))
		if err == nil {
			return h, user.ErrHandoffUsed
		}
	}
	if err != nil {
		return user.Handoff{}, db.mapErr(err, user.ErrHandoffNotFound)
	}
	return h, nil
}

func (db *DB) DeleteUserHandoffs(ctx context.Context, userID int64) error {
	return db.exec(ctx, user.ErrHandoffNotFound, qDeleteUserHandoffs, userID)
}

func (db *DB) DeleteHandoffsBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, db.q(qDeleteHandoffsUntil), db.t(before))
	if err != nil {
		return 0, db.mapErr(err, user.ErrHandoffNotFound)
	}
	n, err := res.RowsAffected()
	return n, db.mapErr(err, user.ErrHandoffNotFound)
}
