package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/user"
)

var (
	_ user.UserStore         = (*DB)(nil)
	_ user.SessionStore      = (*DB)(nil)
	_ user.LoginAttemptStore = (*DB)(nil)
)

// The sentinels of a missing row (see MapErr); sign-in attempts name no
// row a user asks for.
var (
	whatUser       = user.ErrNotFound
	whatMembership = user.ErrMembershipNotFound
	whatSession    = user.ErrSessionNotFound
	whatLogin      error
)

const defaultUserLimit = 50

const userCols = `id, email, name, password_hash, must_change_password, totp_secret, totp_last_step, disabled, created_at, updated_at, version`

const sessionCols = `token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent, second_factor_done`

var (
	qCreateUser = Q(`INSERT INTO users (email, name, name_lower, password_hash, must_change_password, totp_secret,
		totp_last_step, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateUser = Q(`UPDATE users SET email = ?, name = ?, name_lower = ?, password_hash = ?,
		must_change_password = ?, totp_secret = ?, disabled = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`)
	qUserByID         = Q(`SELECT ` + userCols + ` FROM users WHERE id = ?`)
	qUserByEmail      = Q(`SELECT ` + userCols + ` FROM users WHERE email = ?`)
	qUseTOTPStep      = Q(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`)
	qUserExists       = Q(`SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)`)
	qBumpUser         = Q(`UPDATE users SET version = version + 1 WHERE id = ? AND version = ?`)
	qTouchUser        = Q(`UPDATE users SET version = version + 1 WHERE id = ?`)
	qSetMembership    = Q(`INSERT INTO memberships (user_id, site_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
	qRemoveMembership = Q(`DELETE FROM memberships WHERE user_id = ? AND site_id = ? AND role = ?`)
	qMemberships      = Q(`SELECT user_id, site_id, role FROM memberships WHERE user_id = ? ORDER BY site_id, role{C}`)
	qCreateSession    = Q(`INSERT INTO sessions (` + sessionCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	qSession          = Q(`SELECT ` + sessionCols + ` FROM sessions WHERE token_hash = ?`)
	qTouchSession     = Q(`UPDATE sessions SET last_seen = ? WHERE token_hash = ?`)
	qDeleteSession    = Q(`DELETE FROM sessions WHERE token_hash = ?`)
	qDeleteSessions   = Q(`DELETE FROM sessions WHERE user_id = ?`)
	qExpireSessions   = Q(`DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?`)
	qLockedUntil      = Q(`SELECT locked_until FROM login_locks WHERE key = ?`)
	qReserveLogin     = Q(`INSERT INTO login_failures (key, at, pending)
		SELECT ?, ?, TRUE WHERE (SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?) < ? RETURNING id`)
	qFailLogin        = Q(`UPDATE login_failures SET pending = FALSE WHERE id = ?`)
	qForgetLogin      = Q(`DELETE FROM login_failures WHERE id = ? AND pending`)
	qRecordLogin      = Q(`INSERT INTO login_failures (key, at) VALUES (?, ?)`)
	qCountLogin       = Q(`SELECT count(*) FROM login_failures WHERE key = ? AND at >= ? AND NOT pending`)
	qClearLogin       = Q(`DELETE FROM login_failures WHERE key = ? AND NOT pending`)
	qOldLoginFailures = Q(`DELETE FROM login_failures WHERE at < ?`)
	qOldLoginLocks    = Q(`DELETE FROM login_locks WHERE locked_until < ?`)
	qUnlockLogin      = Q(`DELETE FROM login_locks WHERE key = ?`)
	qLockLogin        = Q(`INSERT INTO login_locks (key, locked_until) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET locked_until = excluded.locked_until`)
)

func (d *Dialect) scanUser(row scanner) (user.User, error) {
	var u user.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.MustChangePassword, &u.TOTPSecret, &u.TOTPLastStep,
		&u.Disabled, d.TimeDest(&u.CreatedAt), d.TimeDest(&u.UpdatedAt), &u.Version)
	return u, err
}

// checkEmailCase refuses an email that is not lower case: the UNIQUE
// constraint on users.email is then case-insensitive in effect. (Checked in
// Go rather than with lower() so that the rule does not depend on the
// database's locale.)
func checkEmailCase(email string) error {
	if email != strings.ToLower(email) {
		return user.ErrEmailCase
	}
	return nil
}

// userErr maps a write error on users, telling a taken email apart.
func (db *DB) userErr(err error) error {
	err = db.mapErr(err, whatUser)
	if apperr.Is(err, apperr.Conflict) && !errors.Is(err, user.ErrStale) {
		return user.ErrEmailTaken
	}
	return err
}

func (db *DB) CreateUser(ctx context.Context, u *user.User, grant *user.Membership, a *audit.Entry) error {
	if err := checkEmailCase(u.Email); err != nil {
		return err
	}
	if grant != nil {
		if err := checkMembership(*grant); err != nil {
			return err
		}
	}
	u.CreatedAt, u.UpdatedAt = UTCMicro(u.CreatedAt), UTCMicro(u.UpdatedAt)
	err := db.userErr(db.audited(ctx, whatUser, a, 0, func(tx *sql.Tx) (string, error) {
		err := tx.QueryRowContext(ctx, db.q(qCreateUser),
			u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret,
			u.TOTPLastStep, u.Disabled, db.t(u.CreatedAt), db.t(u.UpdatedAt)).Scan(&u.ID)
		if err != nil || grant == nil {
			return object("user", u.ID), err
		}
		grant.UserID = u.ID
		_, err = tx.ExecContext(ctx, db.q(qSetMembership), grant.UserID, grant.SiteID, string(grant.Role))
		return object("user", u.ID), err
	}))
	if err == nil {
		u.Version = 1 // the column's default
	}
	return err
}

func (db *DB) UpdateUser(ctx context.Context, u *user.User, a *audit.Entry) error {
	if err := checkEmailCase(u.Email); err != nil {
		return err
	}
	u.UpdatedAt = UTCMicro(u.UpdatedAt)
	err := db.userErr(db.audited(ctx, whatUser, a, 0, func(tx *sql.Tx) (string, error) {
		return object("user", u.ID), db.updateUserVersioned(ctx, tx, u.ID, qUpdateUser,
			u.Email, u.Name, strings.ToLower(u.Name), u.PasswordHash, u.MustChangePassword, u.TOTPSecret, u.Disabled,
			db.t(u.UpdatedAt), u.ID, u.Version)
	}))
	if err == nil {
		u.Version++
	}
	return err
}

// updateUserVersioned runs update, whose WHERE checks the account's
// version: no row touched is user.ErrStale when the account exists (it
// changed since it was read), NotFound otherwise.
func (db *DB) updateUserVersioned(ctx context.Context, tx *sql.Tx, id int64, update Query, args ...any) error {
	res, err := tx.ExecContext(ctx, db.q(update), args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var ok bool
	if err := tx.QueryRowContext(ctx, db.q(qUserExists), id).Scan(&ok); err != nil {
		return err
	}
	if ok {
		return user.ErrStale
	}
	return sql.ErrNoRows
}

func (db *DB) FindUserByID(ctx context.Context, id int64) (user.User, error) {
	u, err := db.d.scanUser(db.r.QueryRowContext(ctx, db.q(qUserByID), id))
	return u, db.mapErr(err, whatUser)
}

func (db *DB) FindUserByEmail(ctx context.Context, email string) (user.User, error) {
	u, err := db.d.scanUser(db.r.QueryRowContext(ctx, db.q(qUserByEmail), email))
	return u, db.mapErr(err, whatUser)
}

func (db *DB) FindUsers(ctx context.Context, f user.UserFilter) ([]user.User, error) {
	var conds []string
	a := db.args()
	if f.Query != "" {
		// instr and strpos: the position of a substring, 0 if absent.
		fn := "instr(%s, %s)"
		if db.d.Kind == Postgres {
			fn = "strpos(%s, %s)"
		}
		q := strings.ToLower(f.Query)
		conds = append(conds, "("+fmt.Sprintf(fn, "email", a.add(q))+" > 0 OR "+fmt.Sprintf(fn, "name_lower", a.add(q))+" > 0)")
	}
	if f.SiteID != 0 || f.Role != "" {
		sub := "SELECT 1 FROM memberships m WHERE m.user_id = users.id"
		if f.SiteID != 0 {
			sub += " AND m.site_id = " + a.add(f.SiteID)
		}
		if f.Role != "" {
			sub += " AND m.role = " + a.add(string(f.Role))
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
	// Names in byte order, as SQLite's BINARY and Go's < do.
	q := `SELECT ` + userCols + ` FROM users` + where + ` ORDER BY name` + db.d.collateC() + `, id LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(f.Offset, 0))
	return listSQL(db, ctx, whatUser, db.d.scanUser, q, a.v...)
}

// UseTOTPStep is one conditional UPDATE: a concurrent one for the same
// user waits for the row (or the single writer) and then sees the
// committed value, so of two calls with the same step exactly one succeeds.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	return db.writeTx(ctx, whatUser, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(qUseTOTPStep), step, userID, step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, db.q(qUserExists), userID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return sql.ErrNoRows // NotFound
		}
		return user.ErrTOTPStepUsed
	})
}

// checkMembership enforces what user.Membership documents: RoleAdmin has
// SiteID 0, every other (known) role a SiteID > 0.
func checkMembership(m user.Membership) error {
	if !m.Role.Valid() || m.Role.PlatformWide() != (m.SiteID == 0) || m.SiteID < 0 {
		return user.ErrBadMembership
	}
	return nil
}

func (db *DB) SetMembership(ctx context.Context, m user.Membership, a *audit.Entry) error {
	if err := checkMembership(m); err != nil {
		return err
	}
	return db.changeMembership(ctx, a, m, qSetMembership)
}

func (db *DB) RemoveMembership(ctx context.Context, m user.Membership, a *audit.Entry) error {
	return db.changeMembership(ctx, a, m, qRemoveMembership)
}

// changeMembership runs query on m and, when it changed a row, adds one
// to the account's edit version (a roles form shown before is then
// stale), with a, in one transaction. A role given again changes nothing,
// so a second import of the same accounts leaves them as they were.
func (db *DB) changeMembership(ctx context.Context, a *audit.Entry, m user.Membership, query Query) error {
	return db.audited(ctx, whatMembership, a, 0, func(tx *sql.Tx) (string, error) {
		res, err := tx.ExecContext(ctx, db.q(query), m.UserID, m.SiteID, string(m.Role))
		if err != nil {
			return "", err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return object("user", m.UserID), err
		}
		_, err = tx.ExecContext(ctx, db.q(qTouchUser), m.UserID)
		return object("user", m.UserID), err
	})
}

func (db *DB) ChangeMemberships(ctx context.Context, userID, version int64, add, remove []user.Membership, a *audit.Entry) error {
	for _, m := range add {
		if err := checkMembership(m); err != nil {
			return err
		}
	}
	return db.audited(ctx, whatUser, a, 0, func(tx *sql.Tx) (string, error) {
		obj := object("user", userID)
		if err := db.updateUserVersioned(ctx, tx, userID, qBumpUser, userID, version); err != nil {
			return obj, err
		}
		for _, m := range add {
			if _, err := tx.ExecContext(ctx, db.q(qSetMembership), m.UserID, m.SiteID, string(m.Role)); err != nil {
				return obj, err
			}
		}
		for _, m := range remove {
			if _, err := tx.ExecContext(ctx, db.q(qRemoveMembership), m.UserID, m.SiteID, string(m.Role)); err != nil {
				return obj, err
			}
		}
		return obj, nil
	})
}

// execAudited runs one write and appends a (naming obj) in one transaction.
func (db *DB) execAudited(ctx context.Context, what error, a *audit.Entry, obj string, query Query, args ...any) error {
	return db.audited(ctx, what, a, 0, func(tx *sql.Tx) (string, error) {
		_, err := tx.ExecContext(ctx, db.q(query), args...)
		return obj, err
	})
}

func scanMembership(row scanner) (user.Membership, error) {
	var m user.Membership
	var role string
	err := row.Scan(&m.UserID, &m.SiteID, &role)
	m.Role = user.Role(role)
	return m, err
}

func (db *DB) FindMemberships(ctx context.Context, userID int64) ([]user.Membership, error) {
	return list(db, ctx, whatMembership, scanMembership, qMemberships, userID)
}

// --- sessions ---

func (db *DB) CreateSession(ctx context.Context, s user.Session) error {
	_, err := db.w.ExecContext(ctx, db.q(qCreateSession),
		s.TokenHash, s.UserID, db.t(s.CreatedAt), db.t(s.LastSeen), db.t(s.ExpiresAt), s.IP, s.UserAgent, s.SecondFactorDone)
	return db.mapErr(err, whatSession)
}

func (db *DB) FindSessionByTokenHash(ctx context.Context, tokenHash string) (user.Session, error) {
	var s user.Session
	err := db.r.QueryRowContext(ctx, db.q(qSession), tokenHash).
		Scan(&s.TokenHash, &s.UserID, db.td(&s.CreatedAt), db.td(&s.LastSeen), db.td(&s.ExpiresAt), &s.IP, &s.UserAgent, &s.SecondFactorDone)
	if err != nil {
		return user.Session{}, db.mapErr(err, whatSession)
	}
	return s, nil
}

func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error {
	return db.execOne(ctx, db.w, whatSession, qTouchSession, db.t(lastSeen), tokenHash)
}

// exec runs a write on the writer pool, mapping its error for what.
func (db *DB) exec(ctx context.Context, what error, query Query, args ...any) error {
	_, err := db.w.ExecContext(ctx, db.q(query), args...)
	return db.mapErr(err, what)
}

func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return db.exec(ctx, whatSession, qDeleteSession, tokenHash)
}

func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return db.exec(ctx, whatSession, qDeleteSessions, userID)
}

func (db *DB) DeleteSessionsBefore(ctx context.Context, expiredAt, idleSince time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, db.q(qExpireSessions), db.t(expiredAt), db.t(idleSince))
	if err != nil {
		return 0, db.mapErr(err, whatSession)
	}
	n, err := res.RowsAffected()
	return n, db.mapErr(err, whatSession)
}

// --- sign-in throttling ---

// ReserveLoginAttempt checks and records in one short transaction that
// holds the key's lock (PostgreSQL: an advisory lock, from any node;
// SQLite: the single writer), so concurrent reservations for a key are
// serialised; the lock ends with the transaction, before any password is
// checked.
func (db *DB) ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (int64, time.Time, error) {
	var id int64
	var until time.Time
	err := db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		if err := db.d.lock(ctx, tx, LockLogin, key); err != nil {
			return err
		}
		var locked time.Time
		err := tx.QueryRowContext(ctx, db.q(qLockedUntil), key).Scan(db.td(&locked))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && at.Before(locked) {
			until = locked
			return nil
		}
		err = tx.QueryRowContext(ctx, db.q(qReserveLogin), key, db.t(at), key, db.t(since), limit).Scan(&id)
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
	return db.exec(ctx, whatLogin, qFailLogin, id)
}

func (db *DB) ForgetLoginAttempt(ctx context.Context, id int64) error {
	return db.exec(ctx, whatLogin, qForgetLogin, id)
}

func (db *DB) RecordLoginFailure(ctx context.Context, key string, at time.Time) error {
	return db.exec(ctx, whatLogin, qRecordLogin, key, db.t(at))
}

func (db *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.q(qCountLogin), key, db.t(since)).Scan(&n)
	return n, db.mapErr(err, whatLogin)
}

func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	return db.exec(ctx, whatLogin, qClearLogin, key)
}

// DeleteLoginFailuresBefore forgets every failure older than before, and
// also every lock that ended before it: such a lock no longer has any
// effect, and without this the locks of addresses that have no account
// ("email:…" keys, made by whoever types them) would pile up for ever.
func (db *DB) DeleteLoginFailuresBefore(ctx context.Context, before time.Time) error {
	return db.writeTx(ctx, whatLogin, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(qOldLoginFailures), db.t(before)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(qOldLoginLocks), db.t(before))
		return err
	})
}

func (db *DB) SetLockedUntil(ctx context.Context, key string, until time.Time, a *audit.Entry) error {
	if until.IsZero() {
		return db.execAudited(ctx, whatLogin, a, "", qUnlockLogin, key)
	}
	return db.execAudited(ctx, whatLogin, a, "", qLockLogin, key, db.t(until))
}

func (db *DB) FindLockedUntil(ctx context.Context, key string) (time.Time, error) {
	var until time.Time
	err := db.r.QueryRowContext(ctx, db.q(qLockedUntil), key).Scan(db.td(&until))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, db.mapErr(err, whatLogin)
	}
	return until, nil
}
