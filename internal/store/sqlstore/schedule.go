package sqlstore

import (
	"context"
	"database/sql"

	"trangtin/internal/audit"

	"trangtin/internal/schedule"
)

var _ schedule.Store = (*DB)(nil)

const scheduleCols = `id, site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at, version`

var (
	qCreateSchedule = Q(`INSERT INTO schedule_entries (site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateSchedule = Q(`UPDATE schedule_entries SET day = ?, session = ?, start_time = ?, leader = ?, position = ?, content = ?,
		place = ?, participants = ?, preparer = ?, status = ?, updated_at = ?, version = version + 1 WHERE site_id = ? AND id = ? AND version = ?`)
	qScheduleExists = Q(`SELECT EXISTS (SELECT 1 FROM schedule_entries WHERE site_id = ? AND id = ?)`)
	qFindSchedule   = Q(`SELECT ` + scheduleCols + ` FROM schedule_entries WHERE site_id = ? AND id = ?`)
)

func (db *DB) CreateScheduleEntry(ctx context.Context, e *schedule.Entry, a *audit.Entry) error {
	t := Now()
	e.CreatedAt, e.UpdatedAt, e.Version = t, t, 1
	return db.audited(ctx, schedule.ErrNotFound, a, e.SiteID, func(tx *sql.Tx) (string, error) {
		err := tx.QueryRowContext(ctx, db.q(qCreateSchedule),
			e.SiteID, e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
			e.CreatedBy, db.t(t), db.t(t)).Scan(&e.ID)
		return object("schedule", e.ID), err
	})
}

func (db *DB) UpdateScheduleEntry(ctx context.Context, e *schedule.Entry, a *audit.Entry) error {
	upd := Now()
	err := db.audited(ctx, schedule.ErrNotFound, a, e.SiteID, func(tx *sql.Tx) (string, error) {
		return object("schedule", e.ID), db.updateVersioned(ctx, tx, qScheduleExists, schedule.ErrStale, e.SiteID, e.ID, qUpdateSchedule,
			e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
			db.t(upd), e.SiteID, e.ID, e.Version)
	})
	if err == nil {
		e.UpdatedAt = upd
		e.Version++
	}
	return err
}

func (db *DB) FindScheduleEntry(ctx context.Context, siteID, id int64) (schedule.Entry, error) {
	e, err := db.scanScheduleEntry(db.r.QueryRowContext(ctx, db.q(qFindSchedule), siteID, id))
	return e, db.mapErr(err, schedule.ErrNotFound)
}

func (db *DB) FindScheduleEntries(ctx context.Context, f schedule.Filter) ([]schedule.Entry, error) {
	a := db.args()
	q := `SELECT ` + scheduleCols + ` FROM schedule_entries WHERE site_id = ` + a.add(f.SiteID)
	if !f.From.IsZero() {
		q += ` AND day >= ` + a.add(f.From.String())
	}
	if !f.To.IsZero() {
		q += ` AND day <= ` + a.add(f.To.String())
	}
	if len(f.Statuses) > 0 {
		q += ` AND status IN (`
		for i, s := range f.Statuses {
			if i > 0 {
				q += `, `
			}
			q += a.add(string(s))
		}
		q += `)`
	}
	// 'chieu' < 'sang': sort mornings first explicitly; HH:MM and ISO
	// dates sort bytewise, whatever the database's locale.
	c := db.d.collateC()
	q += ` ORDER BY day` + c + `, CASE session WHEN 'sang' THEN 0 ELSE 1 END, start_time` + c + `, id`
	rows, err := db.r.QueryContext(ctx, q, a.v...)
	if err != nil {
		return nil, db.mapErr(err, schedule.ErrNotFound)
	}
	defer rows.Close()
	var out []schedule.Entry
	for rows.Next() {
		e, err := db.scanScheduleEntry(rows)
		if err != nil {
			return nil, db.mapErr(err, schedule.ErrNotFound)
		}
		out = append(out, e)
	}
	return out, db.mapErr(rows.Err(), schedule.ErrNotFound)
}

func (db *DB) scanScheduleEntry(s scanner) (schedule.Entry, error) {
	var e schedule.Entry
	var day, session, status string
	if err := s.Scan(&e.ID, &e.SiteID, &day, &session, &e.Time, &e.Leader, &e.Position, &e.Content, &e.Place, &e.Participants, &e.Preparer,
		&status, &e.CreatedBy, db.td(&e.CreatedAt), db.td(&e.UpdatedAt), &e.Version); err != nil {
		return e, err
	}
	e.Day, _ = schedule.ParseDay(day)
	e.Session, e.Status = schedule.Session(session), schedule.Status(status)
	return e, nil
}
