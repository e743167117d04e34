package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"trangtin/internal/rating"
)

var _ rating.Store = (*DB)(nil)

func (db *DB) AddRating(ctx context.Context, siteID int64, kind rating.Kind, itemID int64, score int, at time.Time) error {
	if score < 1 || score > rating.MaxScore {
		return fmt.Errorf("sqlite: rating score %d out of range", score)
	}
	col := fmt.Sprintf("c%d", score) // a fixed column name, not input
	_, err := db.w.ExecContext(ctx, `INSERT INTO rating_counts (site_id, kind, item_id, `+col+`, updated_at) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (site_id, kind, item_id) DO UPDATE SET `+col+` = `+col+` + 1, updated_at = excluded.updated_at`,
		siteID, string(kind), itemID, micros(at.UTC().Truncate(time.Microsecond)))
	return mapErr(err, "đánh giá")
}

const ratingCols = `site_id, kind, item_id, c1, c2, c3, c4, c5, updated_at`

func scanTally(s interface{ Scan(...any) error }) (rating.Tally, error) {
	var t rating.Tally
	var kind string
	var at int64
	err := s.Scan(&t.SiteID, &kind, &t.ItemID, &t.Counts[0], &t.Counts[1], &t.Counts[2], &t.Counts[3], &t.Counts[4], &at)
	t.Kind, t.UpdatedAt = rating.Kind(kind), fromMicros(at)
	return t, err
}

func (db *DB) FindRating(ctx context.Context, siteID int64, kind rating.Kind, itemID int64) (rating.Tally, error) {
	t, err := scanTally(db.r.QueryRowContext(ctx, `SELECT `+ratingCols+` FROM rating_counts WHERE site_id = ? AND kind = ? AND item_id = ?`, siteID, string(kind), itemID))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return rating.Tally{SiteID: siteID, Kind: kind, ItemID: itemID}, nil
		}
		return rating.Tally{}, err
	}
	return t, nil
}

func (db *DB) FindRatings(ctx context.Context, siteID int64, kind rating.Kind, limit, offset int) ([]rating.Tally, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+ratingCols+` FROM rating_counts WHERE site_id = ? AND (? = '' OR kind = ?)
		ORDER BY updated_at DESC, kind, item_id LIMIT ? OFFSET ?`, siteID, string(kind), string(kind), limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.Tally
	for rows.Next() {
		t, err := scanTally(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (db *DB) CountRatings(ctx context.Context, siteID int64, kind rating.Kind) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM rating_counts WHERE site_id = ? AND (? = '' OR kind = ?)`, siteID, string(kind), string(kind)).Scan(&n)
	return n, err
}
