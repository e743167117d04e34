package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"trangtin/internal/visits"
)

var _ visits.Store = (*DB)(nil)

var (
	// One statement, rows in a fixed (bytewise) order: "d…" < "m…" <
	// "total", so concurrent PostgreSQL nodes lock them alike and cannot
	// deadlock.
	qAddVisits = Q(`INSERT INTO visit_counts (site_id, period, count) VALUES (?, ?, ?), (?, ?, ?), (?, 'total', ?)
		ON CONFLICT (site_id, period) DO UPDATE SET count = visit_counts.count + excluded.count`)
	qReportOnline = Q(`INSERT INTO visit_online (site_id, node, online, seen_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id, node) DO UPDATE SET online = excluded.online, seen_at = excluded.seen_at`)
	qForgetOnline = Q(`DELETE FROM visit_online WHERE site_id = ? AND seen_at < ?`)
	qVisitFigures = Q(`SELECT
		CAST(COALESCE((SELECT sum(online) FROM visit_online WHERE site_id = ? AND seen_at >= ?), 0) AS BIGINT),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = ?), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = ?), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = 'total'), 0)`)
)

func (db *DB) AddVisits(ctx context.Context, siteID int64, day, month string, n int64) error {
	_, err := db.w.ExecContext(ctx, db.q(qAddVisits), siteID, "d"+day, n, siteID, "m"+month, n, siteID, n)
	return db.mapErr(err, nil)
}

// ReportOnline also forgets nodes silent for a day (stopped processes).
func (db *DB) ReportOnline(ctx context.Context, siteID int64, node string, online int64, at time.Time) error {
	return db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(qReportOnline), siteID, node, online, db.t(at)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(qForgetOnline), siteID, db.t(at.Add(-24*time.Hour)))
		return err
	})
}

func (db *DB) VisitFigures(ctx context.Context, siteID int64, day, month string, onlineSince time.Time) (visits.Figures, error) {
	var f visits.Figures
	err := db.r.QueryRowContext(ctx, db.q(qVisitFigures), siteID, db.t(onlineSince), siteID, "d"+day, siteID, "m"+month, siteID).
		Scan(&f.Online, &f.Today, &f.Month, &f.Total)
	return f, db.mapErr(err, nil)
}
