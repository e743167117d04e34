package postgres

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
		return fmt.Errorf("postgres: rating score %d out of range", score)
	}
	col := fmt.Sprintf("c%d", score) // a fixed column name, not input
	_, err := db.db.ExecContext(ctx, `INSERT INTO rating_counts (site_id, kind, item_id, `+col+`, updated_at) VALUES ($1, $2, $3, 1, $4)
		ON CONFLICT (site_id, kind, item_id) DO UPDATE SET `+col+` = rating_counts.`+col+` + 1, updated_at = excluded.updated_at`,
		siteID, string(kind), itemID, ts(at.UTC()))
	return mapErr(err, "đánh giá")
}

const ratingCols = `site_id, kind, item_id, c1, c2, c3, c4, c5, updated_at`

func scanTally(s interface{ Scan(...any) error }) (rating.Tally, error) {
	var t rating.Tally
	var kind string
	err := s.Scan(&t.SiteID, &kind, &t.ItemID, &t.Counts[0], &t.Counts[1], &t.Counts[2], &t.Counts[3], &t.Counts[4], timeDest{&t.UpdatedAt})
	t.Kind = rating.Kind(kind)
	return t, err
}

func (db *DB) FindRating(ctx context.Context, siteID int64, kind rating.Kind, itemID int64) (rating.Tally, error) {
	t, err := scanTally(db.db.QueryRowContext(ctx, `SELECT `+ratingCols+` FROM rating_counts WHERE site_id = $1 AND kind = $2 AND item_id = $3`, siteID, string(kind), itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return rating.Tally{SiteID: siteID, Kind: kind, ItemID: itemID}, nil
	}
	return t, mapErr(err, "đánh giá")
}

func (db *DB) FindRatings(ctx context.Context, siteID int64, kind rating.Kind, limit, offset int) ([]rating.Tally, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+ratingCols+` FROM rating_counts WHERE site_id = $1 AND ($2 = '' OR kind = $2)
		ORDER BY updated_at DESC, kind COLLATE "C", item_id LIMIT $3 OFFSET $4`, siteID, string(kind), limit, offset)
	if err != nil {
		return nil, mapErr(err, "đánh giá")
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
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM rating_counts WHERE site_id = $1 AND ($2 = '' OR kind = $2)`, siteID, string(kind)).Scan(&n)
	return n, mapErr(err, "đánh giá")
}
