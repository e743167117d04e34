package sqlite

import (
	"context"
	"database/sql"
	"errors"
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
	var crt, upd int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.MustChangePassword, &u.TOTPSecret, &u.TOTPLastStep,
		&u.Disabled, &crt, &upd)
	u.CreatedAt, u.UpdatedAt = fromMicros(crt), fromMicros(upd)
	return u, err
}

func utcMicro(t time.Time) time.Time { return sqlstore.UTCMicro(t) }

// checkEmailCase refuses an email that is not lower case: the UNIQUE
// constraint on users.email is then case-insensitive in effect.
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
	err := db.w.QueryRowContext(ctx, `INSERT INTO users (email, name, name_lower, password_hash, must_change_password, totp_secret,
		totp_last_step, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret,
		u.TOTPLastStep, u.Disabled, micros(u.CreatedAt), micros(u.UpdatedAt)).Scan(&u.ID)
	return userErr(err)
}

func (db *DB) UpdateUser(ctx context.Context, u *user.User) error {
	if err := checkEmailCase(u.Email); err != nil {
		return err
	}
	u.UpdatedAt = utcMicro(u.UpdatedAt)
	return userErr(execOne(ctx, db.w, whatUser, `UPDATE users SET email = ?, name = ?, name_lower = ?, password_hash = ?,
		must_change_password = ?, totp_secret = ?, disabled = ?, updated_at = ? WHERE id = ?`,
		u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret, u.Disabled,
		micros(u.UpdatedAt), u.ID))
}

func (db *DB) FindUserByID(ctx context.Context, id int64) (user.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	return u, mapErr(err, whatUser)
}

func (db *DB) FindUserByEmail(ctx context.Context, email string) (user.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, email))
	return u, mapErr(err, whatUser)
}

func (db *DB) FindUsers(ctx context.Context, f user.UserFilter) ([]user.User, error) {
	var conds []string
	var args []any
	if f.Query != "" {
		q := strings.ToLower(f.Query)
		conds = append(conds, "(instr(email, ?) > 0 OR instr(name_lower, ?) > 0)")
		args = append(args, q, q)
	}
	if f.SiteID != 0 || f.Role != "" {
		sub := "SELECT 1 FROM memberships m WHERE m.user_id = users.id"
		if f.SiteID != 0 {
			sub += " AND m.site_id = ?"
			args = append(args, f.SiteID)
		}
		if f.Role != "" {
			sub += " AND m.role = ?"
			args = append(args, string(f.Role))
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
	args = append(args, limit, max(f.Offset, 0))
	rows, err := db.r.QueryContext(ctx, `SELECT `+userCols+` FROM users`+where+` ORDER BY name, id LIMIT ? OFFSET ?`, args...)
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

func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	return db.writeTx(ctx, whatUser, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one); err != nil {
			return err // sql.ErrNoRows: NotFound
		}
		return apperr.New(apperr.Conflict, msgTOTPStepUsed)
	})
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
	_, err := db.w.ExecContext(ctx, `INSERT INTO memberships (user_id, site_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		m.UserID, m.SiteID, string(m.Role))
	return mapErr(err, whatMembership)
}

func (db *DB) RemoveMembership(ctx context.Context, m user.Membership) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = ? AND site_id = ? AND role = ?`,
		m.UserID, m.SiteID, string(m.Role))
	return mapErr(err, whatMembership)
}

func (db *DB) FindMemberships(ctx context.Context, userID int64) ([]user.Membership, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT user_id, site_id, role FROM memberships WHERE user_id = ? ORDER BY site_id, role`, userID)
	if err != nil {
		return nil, mapErr(err, whatMembership)
	}
	defer rows.Close()
	var out []user.Membership
	for rows.Next() {
		var m user.Membership
		if err := rows.Scan(&m.UserID, &m.SiteID, &m.Role); err != nil {
			return nil, mapErr(err, whatMembership)
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err(), whatMembership)
}

// --- sessions ---

func (db *DB) CreateSession(ctx context.Context, s user.Session) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent, second_factor_done)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.UserID, micros(s.CreatedAt), micros(s.LastSeen), micros(s.ExpiresAt), s.IP, s.UserAgent, s.SecondFactorDone)
	return mapErr(err, whatSession)
}

func (db *DB) FindSessionByTokenHash(ctx context.Context, tokenHash string) (user.Session, error) {
	var s user.Session
	var crt, seen, exp int64
	err := db.r.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent, second_factor_done
		FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&s.TokenHash, &s.UserID, &crt, &seen, &exp, &s.IP, &s.UserAgent, &s.SecondFactorDone)
	if err != nil {
		return user.Session{}, mapErr(err, whatSession)
	}
	s.CreatedAt, s.LastSeen, s.ExpiresAt = fromMicros(crt), fromMicros(seen), fromMicros(exp)
	return s, nil
}

func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error {
	return execOne(ctx, db.w, whatSession, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, micros(lastSeen), tokenHash)
}

func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return mapErr(err, whatSession)
}

func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return mapErr(err, whatSession)
}

func (db *DB) DeleteSessionsBefore(ctx context.Context, expiredAt, idleSince time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?`, micros(expiredAt), micros(idleSince))
	if err != nil {
		return 0, mapErr(err, whatSession)
	}
	n, err := res.RowsAffected()
	return n, mapErr(err, whatSession)
}

// --- sign-in throttling ---

// ReserveLoginAttempt checks and records in one write transaction: SQLite
// has one writer, so concurrent reservations are serialised.
func (db *DB) ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (int64, time.Time, error) {
	var id int64
	var until time.Time
	err := db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		var us int64
		err := tx.QueryRowContext(ctx, `SELECT locked_until FROM login_locks WHERE key = ?`, key).Scan(&us)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && at.Before(fromMicros(us)) {
			until = fromMicros(us)
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?`, key, micros(since)).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return nil
		}
		return tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, at, pending) VALUES (?, ?, 1) RETURNING id`, key, micros(at)).Scan(&id)
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	return id, until, nil
}

func (db *DB) FailLoginAttempt(ctx context.Context, id int64) error {
	_, err := db.w.ExecContext(ctx, `UPDATE login_failures SET pending = 0 WHERE id = ?`, id)
	return mapErr(err, whatLogin)
}

func (db *DB) ForgetLoginAttempt(ctx context.Context, id int64) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM login_failures WHERE id = ? AND pending = 1`, id)
	return mapErr(err, whatLogin)
}

func (db *DB) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, micros(at))
	return mapErr(err, whatLogin)
}

func (db *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE key = ? AND at >= ? AND pending = 0`, key, micros(since)).Scan(&n)
	return n, mapErr(err, whatLogin)
}

func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? AND pending = 0`, key)
	return mapErr(err, whatLogin)
}

// DeleteLoginFailuresBefore forgets every failure older than before, and
// also every lock that ended before it: such a lock no longer has any
// effect, and without this the locks of addresses that have no account
// ("email:…" keys, made by whoever types them) would pile up for ever.
func (db *DB) DeleteLoginFailuresBefore(ctx context.Context, before time.Time) error {
	return db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, micros(before)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_locks WHERE locked_until < ?`, micros(before))
		return err
	})
}

func (db *DB) SetLockedUntil(ctx context.Context, key string, until time.Time) error {
	var err error
	if until.IsZero() {
		_, err = db.w.ExecContext(ctx, `DELETE FROM login_locks WHERE key = ?`, key)
	} else {
		_, err = db.w.ExecContext(ctx, `INSERT INTO login_locks (key, locked_until) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET locked_until = excluded.locked_until`, key, micros(until))
	}
	return mapErr(err, whatLogin)
}

func (db *DB) FindLockedUntil(ctx context.Context, key string) (time.Time, error) {
	var us int64
	err := db.r.QueryRowContext(ctx, `SELECT locked_until FROM login_locks WHERE key = ?`, key).Scan(&us)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, mapErr(err, whatLogin)
	}
	return fromMicros(us), nil
}
