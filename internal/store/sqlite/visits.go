package sqlite

import (
	"context"
	"database/sql"
	"time"

	"trangtin/internal/visits"
)

var _ visits.Store = (*DB)(nil)

func (db *DB) AddVisits(ctx context.Context, siteID int64, day, month string, n int64) error {
	return db.writeTx(ctx, "lượt truy cập", func(tx *sql.Tx) error {
		for _, p := range []string{"d" + day, "m" + month, "total"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO visit_counts (site_id, period, count) VALUES (?, ?, ?)
				ON CONFLICT (site_id, period) DO UPDATE SET count = count + excluded.count`, siteID, p, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReportOnline also forgets nodes silent for a day (stopped processes).
func (db *DB) ReportOnline(ctx context.Context, siteID int64, node string, online int64, at time.Time) error {
	return db.writeTx(ctx, "lượt truy cập", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_online (site_id, node, online, seen_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (site_id, node) DO UPDATE SET online = excluded.online, seen_at = excluded.seen_at`, siteID, node, online, micros(at)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM visit_online WHERE site_id = ? AND seen_at < ?`, siteID, micros(at.Add(-24*time.Hour)))
		return err
	})
}

func (db *DB) VisitFigures(ctx context.Context, siteID int64, day, month string, onlineSince time.Time) (visits.Figures, error) {
	var f visits.Figures
	err := db.r.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT sum(online) FROM visit_online WHERE site_id = ? AND seen_at >= ?), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = ?), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = ?), 0),
		COALESCE((SELECT count FROM visit_counts WHERE site_id = ? AND period = 'total'), 0)`,
		siteID, micros(onlineSince), siteID, "d"+day, siteID, "m"+month, siteID).Scan(&f.Online, &f.Today, &f.Month, &f.Total)
	return f, err
}
