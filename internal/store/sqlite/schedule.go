package sqlite

import (
	"context"
	"strings"

	"trangtin/internal/schedule"
)

var _ schedule.Store = (*DB)(nil)

const scheduleCols = `id, site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at`

func (db *DB) CreateScheduleEntry(ctx context.Context, e *schedule.Entry) error {
	t := now()
	e.CreatedAt, e.UpdatedAt = t, t
	return mapErr(db.w.QueryRowContext(ctx, `INSERT INTO schedule_entries (site_id, day, session, start_time, leader, position, content, place, participants, preparer, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.SiteID, e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
		e.CreatedBy, micros(t), micros(t)).Scan(&e.ID), "lịch công tác")
}

func (db *DB) UpdateScheduleEntry(ctx context.Context, e *schedule.Entry) error {
	e.UpdatedAt = now()
	return execOne(ctx, db.w, "mục lịch công tác", `UPDATE schedule_entries SET day = ?, session = ?, start_time = ?, leader = ?, position = ?, content = ?,
		place = ?, participants = ?, preparer = ?, status = ?, updated_at = ? WHERE site_id = ? AND id = ?`,
		e.Day.String(), string(e.Session), e.Time, e.Leader, e.Position, e.Content, e.Place, e.Participants, e.Preparer, string(e.Status),
		micros(e.UpdatedAt), e.SiteID, e.ID)
}

func (db *DB) FindScheduleEntry(ctx context.Context, siteID, id int64) (schedule.Entry, error) {
	e, err := scanScheduleEntry(db.r.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM schedule_entries WHERE site_id = ? AND id = ?`, siteID, id))
	return e, mapErr(err, "mục lịch công tác")
}

func (db *DB) FindScheduleEntries(ctx context.Context, f schedule.Filter) ([]schedule.Entry, error) {
	q := `SELECT ` + scheduleCols + ` FROM schedule_entries WHERE site_id = ?`
	args := []any{f.SiteID}
	if !f.From.IsZero() {
		q += ` AND day >= ?`
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		q += ` AND day <= ?`
		args = append(args, f.To.String())
	}
	if len(f.Statuses) > 0 {
		q += ` AND status IN (?` + strings.Repeat(", ?", len(f.Statuses)-1) + `)`
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	// 'chieu' < 'sang': sort mornings first explicitly.
	q += ` ORDER BY day, CASE session WHEN 'sang' THEN 0 ELSE 1 END, start_time, id`
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
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
	var created, updated int64
	if err := s.Scan(&e.ID, &e.SiteID, &day, &session, &e.Time, &e.Leader, &e.Position, &e.Content, &e.Place, &e.Participants, &e.Preparer,
		&status, &e.CreatedBy, &created, &updated); err != nil {
		return e, err
	}
	e.Day, _ = schedule.ParseDay(day)
	e.Session, e.Status = schedule.Session(session), schedule.Status(status)
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return e, nil
}
