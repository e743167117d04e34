package postgres

import (
	"context"
	"strconv"

	"trangtin/internal/schedule"
)

var _ schedule.Store = (*DB)(nil)

const scheduleCols = `id, site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at`

func (db *DB) CreateScheduleEntry(ctx context.Context, e *schedule.Entry) error {
	t := now()
	e.CreatedAt, e.UpdatedAt = t, t
	return mapErr(db.db.QueryRowContext(ctx, `INSERT INTO schedule_entries (site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		e.SiteID, e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
		e.CreatedBy, ts(t), ts(t)).Scan(&e.ID), "lịch công tác")
}

func (db *DB) UpdateScheduleEntry(ctx context.Context, e *schedule.Entry) error {
	e.UpdatedAt = now()
	return execOne(ctx, db.db, "mục lịch công tác", `UPDATE schedule_entries SET day = $1, session = $2, start_time = $3, leader = $4, position = $5, content = $6,
		place = $7, participants = $8, preparer = $9, status = $10, updated_at = $11 WHERE site_id = $12 AND id = $13`,
		e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
		ts(e.UpdatedAt), e.SiteID, e.ID)
}

func (db *DB) FindScheduleEntry(ctx context.Context, siteID, id int64) (schedule.Entry, error) {
	e, err := scanScheduleEntry(db.db.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM schedule_entries WHERE site_id = $1 AND id = $2`, siteID, id))
	return e, mapErr(err, "mục lịch công tác")
}

func (db *DB) FindScheduleEntries(ctx context.Context, f schedule.Filter) ([]schedule.Entry, error) {
	q := `SELECT ` + scheduleCols + ` FROM schedule_entries WHERE site_id = $1`
	args := []any{f.SiteID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if !f.From.IsZero() {
		q += ` AND day >= ` + arg(f.From.String())
	}
	if !f.To.IsZero() {
		q += ` AND day <= ` + arg(f.To.String())
	}
	if len(f.Statuses) > 0 {
		q += ` AND status IN (`
		for i, s := range f.Statuses {
			if i > 0 {
				q += `, `
			}
			q += arg(string(s))
		}
		q += `)`
	}
	// COLLATE "C": HH:MM and ISO dates sort bytewise, whatever the database's locale.
	q += ` ORDER BY day COLLATE "C", CASE session WHEN 'sang' THEN 0 ELSE 1 END, start_time COLLATE "C", id`
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err, "lịch công tác")
	}
	defer rows.Close()
	var out []schedule.Entry
	for rows.Next() {
		e, err := scanScheduleEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanScheduleEntry(s interface{ Scan(...any) error }) (schedule.Entry, error) {
	var e schedule.Entry
	var day, session, status string
	if err := s.Scan(&e.ID, &e.SiteID, &day, &session, &e.Time, &e.Leader, &e.Position, &e.Content, &e.Place, &e.Participants, &e.Preparer,
		&status, &e.CreatedBy, timeDest{&e.CreatedAt}, timeDest{&e.UpdatedAt}); err != nil {
		return e, err
	}
	e.Day, _ = schedule.ParseDay(day)
	e.Session, e.Status = schedule.Session(session), schedule.Status(status)
	return e, nil
}
