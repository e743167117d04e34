package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/store/sqlstore"
	"trangtin/internal/user"
)

var (
	_ user.UserStore         = (*DB)(nil)
	_ user.SessionStore      = (*DB)(nil)
	_ user.LoginAttemptStore = (*DB)(nil)
)

const (
	whatUser       = "tài khoản"
	whatMembership = "vai trò của tài khoản"
	whatSession    = "phiên đăng nhập"
	whatLogin      = "lần đăng nhập"

	msgUserEmailTaken = "Địa chỉ email này đã được dùng cho một tài khoản khác."
	msgUserEmailCase  = "Địa chỉ email phải được lưu bằng chữ thường."
	msgBadMembership  = "Vai trò không hợp lệ: quản trị hệ thống không gắn với trang nào, các vai trò khác phải gắn với một trang."
	msgTOTPStepUsed   = "Mã xác thực đã được sử dụng."
	defaultUserLimit  = 50
)

const userCols = `id, email, name, password_hash, must_change_password, totp_secret, totp_last_step, disabled, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (user.User, error) {
	var u user.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.MustChangePassword, &u.TOTPSecret, &u.TOTPLastStep,
		&u.Disabled, timeDest{&u.CreatedAt}, timeDest{&u.UpdatedAt})
	return u, err
}

func utcMicro(t time.Time) time.Time { return sqlstore.UTCMicro(t) }

// checkEmailCase refuses an email that is not lower case: the UNIQUE
// constraint on users.email is then case-insensitive in effect. (Checked in
// Go rather than with lower() so that the rule does not depend on the
// database's locale, and is the same as SQLite's.)
func checkEmailCase(email string) error {
	if email != strings.ToLower(email) {
		return &apperr.Error{Code: apperr.Invalid, Message: msgUserEmailCase, Fields: map[string]string{"email": msgUserEmailCase}}
	}
	return nil
}

// userErr maps a write error on users, telling a taken email apart.
func userErr(err error) error {
	err = mapErr(err, whatUser)
	if apperr.Is(err, apperr.Conflict) {
		return &apperr.Error{Code: apperr.Conflict, Message: msgUserEmailTaken, Fields: map[string]string{"email": msgUserEmailTaken}, Err: err}
	}
	return err
}

func (db *DB) CreateUser(ctx context.Context, u *user.User) error {
	if err := checkEmailCase(u.Email); err != nil {
		return err
	}
	u.CreatedAt, u.UpdatedAt = utcMicro(u.CreatedAt), utcMicro(u.UpdatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO users (email, name, name_lower, password_hash, must_change_password, totp_secret,
		totp_last_step, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret,
		u.TOTPLastStep, u.Disabled, ts(u.CreatedAt), ts(u.UpdatedAt)).Scan(&u.ID)
	return userErr(err)
}

func (db *DB) UpdateUser(ctx context.Context, u *user.User) error {
	if err := checkEmailCase(u.Email); err != nil {
		return err
	}
	u.UpdatedAt = utcMicro(u.UpdatedAt)
	return userErr(execOne(ctx, db.db, whatUser, `UPDATE users SET email = $1, name = $2, name_lower = $3, password_hash = $4,
		must_change_password = $5, totp_secret = $6, disabled = $7, updated_at = $8 WHERE id = $9`,
		u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret, u.Disabled,
		ts(u.UpdatedAt), u.ID))
}

func (db *DB) FindUserByID(ctx context.Context, id int64) (user.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	return u, mapErr(err, whatUser)
}

func (db *DB) FindUserByEmail(ctx context.Context, email string) (user.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = $1`, email))
	return u, mapErr(err, whatUser)
}

func (db *DB) FindUsers(ctx context.Context, f user.UserFilter) ([]user.User, error) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Query != "" {
		q := arg(strings.ToLower(f.Query))
		conds = append(conds, "(strpos(email, "+q+") > 0 OR strpos(name_lower, "+q+") > 0)")
	}
	if f.SiteID != 0 || f.Role != "" {
		sub := "SELECT 1 FROM memberships m WHERE m.user_id = users.id"
		if f.SiteID != 0 {
			sub += " AND m.site_id = " + arg(f.SiteID)
		}
		if f.Role != "" {
			sub += " AND m.role = " + arg(string(f.Role))
		}
		conds = append(conds, "EXISTS ("+sub+")")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultUserLimit
	}
	page := " LIMIT " + arg(limit) + " OFFSET " + arg(max(f.Offset, 0))
	// COLLATE "C" orders by bytes, as SQLite's BINARY and Go's < do.
	rows, err := db.db.QueryContext(ctx, `SELECT `+userCols+` FROM users`+where+` ORDER BY name COLLATE "C", id`+page, args...)
	if err != nil {
		return nil, mapErr(err, whatUser)
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, mapErr(err, whatUser)
		}
		out = append(out, u)
	}
	return out, mapErr(rows.Err(), whatUser)
}

// UseTOTPStep is one conditional UPDATE: under READ COMMITTED a concurrent
// one for the same user waits for the row lock and then re-checks the
// condition against the committed value, so of two calls with the same
// step exactly one succeeds.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	res, err := db.db.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return mapErr(err, whatUser)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var exists bool
	if err := db.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, userID).Scan(&exists); err != nil {
		return mapErr(err, whatUser)
	}
	if !exists {
		return apperr.New(apperr.NotFound, "Không tìm thấy "+whatUser+".")
	}
	return apperr.New(apperr.Conflict, msgTOTPStepUsed)
}

// checkMembership enforces what user.Membership documents: RoleAdmin has
// SiteID 0, every other (known) role a SiteID > 0.
func checkMembership(m user.Membership) error {
	if !m.Role.Valid() || m.Role.PlatformWide() != (m.SiteID == 0) || m.SiteID < 0 {
		return apperr.New(apperr.Invalid, msgBadMembership)
	}
	return nil
}

func (db *DB) SetMembership(ctx context.Context, m user.Membership) error {
	if err := checkMembership(m); err != nil {
		return err
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO memberships (user_id, site_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		m.UserID, m.SiteID, string(m.Role))
	return mapErr(err, whatMembership)
}

func (db *DB) RemoveMembership(ctx context.Context, m user.Membership) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND site_id = $2 AND role = $3`,
		m.UserID, m.SiteID, string(m.Role))
	return mapErr(err, whatMembership)
}

func (db *DB) FindMemberships(ctx context.Context, userID int64) ([]user.Membership, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT user_id, site_id, role FROM memberships WHERE user_id = $1
		ORDER BY site_id, role COLLATE "C"`, userID)
	if err != nil {
		return nil, mapErr(err, whatMembership)
	}
	defer rows.Close()
	var out []user.Membership
	for rows.Next() {
		var m user.Membership
		var role string
		if err := rows.Scan(&m.UserID, &m.SiteID, &role); err != nil {
			return nil, mapErr(err, whatMembership)
		}
		m.Role = user.Role(role)
		out = append(out, m)
	}
	return out, mapErr(rows.Err(), whatMembership)
}

// --- sessions ---

func (db *DB) CreateSession(ctx context.Context, s user.Session) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent, second_factor_done)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.TokenHash, s.UserID, ts(s.CreatedAt), ts(s.LastSeen), ts(s.ExpiresAt), s.IP, s.UserAgent, s.SecondFactorDone)
	return mapErr(err, whatSession)
}

func (db *DB) FindSessionByTokenHash(ctx context.Context, tokenHash string) (user.Session, error) {
	var s user.Session
	err := db.db.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent, second_factor_done
		FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&s.TokenHash, &s.UserID, timeDest{&s.CreatedAt}, timeDest{&s.LastSeen}, timeDest{&s.ExpiresAt}, &s.IP, &s.UserAgent, &s.SecondFactorDone)
	if err != nil {
		return user.Session{}, mapErr(err, whatSession)
	}
	return s, nil
}

func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error {
	return execOne(ctx, db.db, whatSession, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, ts(lastSeen), tokenHash)
}

func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return mapErr(err, whatSession)
}

func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return mapErr(err, whatSession)
}

func (db *DB) DeleteSessionsBefore(ctx context.Context, expiredAt, idleSince time.Time) (int64, error) {
	res, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen <= $2`, ts(expiredAt), ts(idleSince))
	if err != nil {
		return 0, mapErr(err, whatSession)
	}
	n, err := res.RowsAffected()
	return n, mapErr(err, whatSession)
}

// --- sign-in throttling ---

// ReserveLoginAttempt checks and records in one short transaction that
// holds a per-key advisory lock, so concurrent reservations for a key, from
// any node, are serialised; the lock ends with the transaction, before any
// password is checked.
func (db *DB) ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (int64, time.Time, error) {
	var id int64
	var until time.Time
	err := db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7214103, hashtext($1))`, key); err != nil {
			return err
		}
		var locked time.Time
		err := tx.QueryRowContext(ctx, `SELECT locked_until FROM login_locks WHERE key = $1`, key).Scan(timeDest{&locked})
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && at.Before(locked) {
			until = locked
			return nil
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, at, pending)
			SELECT $1, $2, TRUE WHERE (SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $3) < $4
			RETURNING id`, key, ts(at), ts(since), limit).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the limit is reached
		}
		return err
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	return id, until, nil
}

func (db *DB) FailLoginAttempt(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, `UPDATE login_failures SET pending = FALSE WHERE id = $1`, id)
	return mapErr(err, whatLogin)
}

func (db *DB) ForgetLoginAttempt(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM login_failures WHERE id = $1 AND pending`, id)
	return mapErr(err, whatLogin)
}

func (db *DB) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, ts(at))
	return mapErr(err, whatLogin)
}

func (db *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2 AND NOT pending`, key, ts(since)).Scan(&n)
	return n, mapErr(err, whatLogin)
}

func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1 AND NOT pending`, key)
	return mapErr(err, whatLogin)
}

// DeleteLoginFailuresBefore forgets every failure older than before, and
// also every lock that ended before it: such a lock no longer has any
// effect, and without this the locks of addresses that have no account
// ("email:…" keys, made by whoever types them) would pile up for ever.
func (db *DB) DeleteLoginFailuresBefore(ctx context.Context, before time.Time) error {
	return db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, ts(before)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE locked_until < $1`, ts(before))
		return err
	})
}

func (db *DB) SetLockedUntil(ctx context.Context, key string, until time.Time) error {
	var err error
	if until.IsZero() {
		_, err = db.db.ExecContext(ctx, `DELETE FROM login_locks WHERE key = $1`, key)
	} else {
		_, err = db.db.ExecContext(ctx, `INSERT INTO login_locks (key, locked_until) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET locked_until = excluded.locked_until`, key, ts(until))
	}
	return mapErr(err, whatLogin)
}

func (db *DB) FindLockedUntil(ctx context.Context, key string) (time.Time, error) {
	var until time.Time
	err := db.db.QueryRowContext(ctx, `SELECT locked_until FROM login_locks WHERE key = $1`, key).Scan(timeDest{&until})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, mapErr(err, whatLogin)
	}
	return until, nil
}
