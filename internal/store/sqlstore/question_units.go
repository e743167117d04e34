package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/question"
)

var (
	_ question.UnitStore     = (*DB)(nil)
	_ question.ReminderStore = (*DB)(nil)
)

const unitCols = `id, site_id, name, archived, created_at, updated_at, version`

var (
	qCreateUnit  = Q(`INSERT INTO question_units (site_id, name, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`)
	qUpdateUnit  = Q(`UPDATE question_units SET name = ?, archived = ?, updated_at = ?, version = version + 1 WHERE site_id = ? AND id = ? AND version = ?`)
	qUnitExists  = Q(`SELECT EXISTS (SELECT 1 FROM question_units WHERE site_id = ? AND id = ?)`)
	qUnit        = Q(`SELECT ` + unitCols + ` FROM question_units WHERE site_id = ? AND id = ?`)
	qUnits       = Q(`SELECT ` + unitCols + ` FROM question_units WHERE site_id = ? ORDER BY archived, name, id`)
	qAddMember   = Q(`INSERT INTO question_unit_members (unit_id, user_id) VALUES (?, ?) ON CONFLICT (unit_id, user_id) DO NOTHING`)
	qDropMember  = Q(`DELETE FROM question_unit_members WHERE unit_id = ? AND user_id = ?`)
	qUnitMembers = Q(`SELECT m.user_id FROM question_unit_members m JOIN question_units u ON u.id = m.unit_id
		WHERE u.site_id = ? AND u.id = ? ORDER BY m.user_id`)
	qMemberUnits = Q(`SELECT ` + unitCols + ` FROM question_units WHERE site_id = ? AND archived = ?
		AND id IN (SELECT unit_id FROM question_unit_members WHERE user_id = ?) ORDER BY name, id`)
	// The questions whose smallest reminder is not yet recorded, open, of
	// an active site, due within the window and not past due.
	qQuestionsToRemind = Q(`SELECT ` + questionCols + ` FROM questions q
		WHERE status IN ('new', 'accepted') AND due_at <= ? AND due_at >= ?
		AND site_id IN (SELECT id FROM sites WHERE state = 'active')
		AND NOT EXISTS (SELECT 1 FROM question_reminders r WHERE r.question_id = q.id AND r.days = ?)
		ORDER BY due_at, id LIMIT ?`)
	qRecordReminder = Q(`INSERT INTO question_reminders (question_id, days, sent_at) VALUES (?, ?, ?) ON CONFLICT (question_id, days) DO NOTHING`)
	// Whom a question's notices go to: the active members of its unit.
	qUnitRecipients = Q(`SELECT m.user_id FROM question_unit_members m JOIN users u ON u.id = m.user_id
		JOIN question_units q ON q.id = m.unit_id WHERE q.site_id = ? AND m.unit_id = ? AND u.disabled = ? ORDER BY m.user_id`)
	// Or, for a question without a unit with members, the site's editors
	// and approvers.
	qModeratorRecipients = Q(`SELECT DISTINCT ms.user_id FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE ms.site_id = ? AND ms.role IN ('editor', 'approver') AND u.disabled = ? ORDER BY ms.user_id`)
)

func (d *Dialect) scanUnit(row scanner) (question.Unit, error) {
	var u question.Unit
	err := row.Scan(&u.ID, &u.SiteID, &u.Name, &u.Archived, d.TimeDest(&u.CreatedAt), d.TimeDest(&u.UpdatedAt), &u.Version)
	return u, err
}

// unitNameErr maps a taken name to ErrUnitNameTaken.
func unitNameErr(err error) error {
	if apperr.Is(err, apperr.Conflict) && !errors.Is(err, question.ErrUnitStale) {
		return question.ErrUnitNameTaken
	}
	return err
}

func (db *DB) CreateUnit(ctx context.Context, u *question.Unit, e *audit.Entry) error {
	err := db.writeTx(ctx, question.ErrUnitNotFound, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q(qCreateUnit), u.SiteID, u.Name, u.Archived, db.t(u.CreatedAt), db.t(u.UpdatedAt)).Scan(&u.ID); err != nil {
			return err
		}
		u.Version = 1
		return db.audit(ctx, tx, e, object("unit", u.ID), u.SiteID)
	})
	return unitNameErr(err)
}

func (db *DB) UpdateUnit(ctx context.Context, u *question.Unit, e *audit.Entry) error {
	err := db.writeTx(ctx, question.ErrUnitNotFound, func(tx *sql.Tx) error {
		if err := db.updateVersioned(ctx, tx, qUnitExists, question.ErrUnitStale, u.SiteID, u.ID, qUpdateUnit,
			u.Name, u.Archived, db.t(u.UpdatedAt), u.SiteID, u.ID, u.Version); err != nil {
			return err
		}
		return db.audit(ctx, tx, e, object("unit", u.ID), u.SiteID)
	})
	if err == nil {
		u.Version++
	}
	return unitNameErr(err)
}

func (db *DB) FindUnit(ctx context.Context, siteID, id int64) (question.Unit, error) {
	u, err := db.d.scanUnit(db.r.QueryRowContext(ctx, db.q(qUnit), siteID, id))
	return u, db.mapErr(err, question.ErrUnitNotFound)
}

func (db *DB) FindUnits(ctx context.Context, siteID int64) ([]question.Unit, error) {
	return list(db, ctx, question.ErrUnitNotFound, db.d.scanUnit, qUnits, siteID)
}

func (db *DB) SetUnitMember(ctx context.Context, siteID, unitID, userID int64, on bool, e *audit.Entry) error {
	return db.writeTx(ctx, question.ErrUnitNotFound, func(tx *sql.Tx) error {
		var ok bool
		if err := tx.QueryRowContext(ctx, db.q(qUnitExists), siteID, unitID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return question.ErrUnitNotFound
		}
		q := qAddMember
		if !on {
			q = qDropMember
		}
		if _, err := tx.ExecContext(ctx, db.q(q), unitID, userID); err != nil {
			return err
		}
		return db.audit(ctx, tx, e, object("unit", unitID), siteID)
	})
}

func scanID(row scanner) (int64, error) {
	var id int64
	err := row.Scan(&id)
	return id, err
}

func (db *DB) FindUnitMembers(ctx context.Context, siteID, unitID int64) ([]int64, error) {
	return list(db, ctx, question.ErrUnitNotFound, scanID, qUnitMembers, siteID, unitID)
}

func (db *DB) FindMemberUnits(ctx context.Context, siteID, userID int64) ([]question.Unit, error) {
	return list(db, ctx, question.ErrUnitNotFound, db.d.scanUnit, qMemberUnits, siteID, false, userID)
}

func (db *DB) FindQuestionsToRemind(ctx context.Context, now, dueBefore time.Time, limit int) ([]question.Question, error) {
	last := question.ReminderDays[len(question.ReminderDays)-1]
	return list(db, ctx, question.ErrNotFound, db.d.scanQuestion, qQuestionsToRemind, db.t(dueBefore), db.t(now), last, limit)
}

// recipients are the users a notice about q goes to: its unit's active
// members, else the site's editors and approvers.
func (db *DB) recipients(ctx context.Context, tx *sql.Tx, q *question.Question, orModerators bool) ([]int64, error) {
	var ids []int64
	read := func(query string, args ...any) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	}
	if q.UnitID > 0 {
		if err := read(db.q(qUnitRecipients), q.SiteID, q.UnitID, false); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 && orModerators {
		if err := read(db.q(qModeratorRecipients), q.SiteID, false); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// notify writes message as an inbox notice (about no article) to each of
// to, with its e-mail copy when mail (unless the recipient turned e-mail
// off), in tx.
func (db *DB) notify(ctx context.Context, tx *sql.Tx, siteID int64, to []int64, message string, at time.Time, mail bool) error {
	for _, uid := range to {
		var id int64
		if err := tx.QueryRowContext(ctx, db.q(qCreateNotice), siteID, uid, 0, message, db.t(at)).Scan(&id); err != nil {
			return err
		}
		if mail {
			if _, err := tx.ExecContext(ctx, db.q(qQueueMail), db.t(at), db.t(at), id); err != nil {
				return err
			}
		}
	}
	return nil
}

func (db *DB) RemindQuestion(ctx context.Context, q question.Question, days int, message string, at time.Time, mail bool) (bool, error) {
	sent := false
	err := db.writeTx(ctx, question.ErrNotFound, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(qRecordReminder), q.ID, days, db.t(at))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		to, err := db.recipients(ctx, tx, &q, true)
		if err != nil {
			return err
		}
		sent = true
		return db.notify(ctx, tx, q.SiteID, to, message, at, mail)
	})
	return sent && err == nil, err
}
