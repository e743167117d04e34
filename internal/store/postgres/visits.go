package postgres

import (
	"context"
	"database/sql"
	"time"

	"trangtin/internal/visits"
)

var _ visits.Store = (*DB)(nil)

func (db *DB) AddVisits(ctx context.Context, siteID int64, day, month string, n int64) error {
	return db.writeTx(ctx, "lượt truy cập", func(tx *sql.Tx) error {
		// One statement, rows in a fixed order: concurrent nodes lock them
		// alike and cannot deadlock.
		_, err := tx.ExecContext(ctx, `INSERT INTO visit_counts (site_id, period, count)
			SELECT $1, p, $4 FROM unnest(ARRAY[$2::text, $3::text, 'total']) AS p ORDER BY p COLLATE "C"
			ON CONFLICT (site_id, period) DO UPDATE SET count = visit_counts.count + excluded.count`, siteID, "d"+day, "m"+month, n)
		return err
	})
}

// ReportOnline also forgets nodes silent for a day (stopped processes).
func (db *DB) ReportOnline(ctx context.Context, siteID int64, node string, online int64, at time.Time) error {
	return db.writeTx(ctx, "lượt truy cập", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_online (site_id, node, online, seen_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (site_id, node) DO UPDATE SET online = excluded.online, seen_at = excluded.seen_at`, siteID, node, online, ts(at)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM visit_online WHERE site_id = $1 AND seen_at < $2`, siteID, ts(at.Add(-24*time.Hour)))
		return err
	})
}

func (db *DB) VisitFigures(ctx context.Context, siteID int64, day, month string, onlineSince time.Time) (visits.Figures, error) {
	var f visits.Figures
	err := db.db.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT sum(online) FROM visit_online WHERE site_id = $1 AND seen_at >= $2), 0)::bigint,
		COALESCE((SELECT count FROM visit_counts WHERE site_id = $1 AND period = $3), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = $1 AND period = $4), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = $1 AND period = 'total'), 0)`,
		siteID, ts(onlineSince), "d"+day, "m"+month).Scan(&f.Online, &f.Today, &f.Month, &f.Total)
	return f, mapErr(err, "lượt truy cập")
}
