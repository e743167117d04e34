package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"trangtin/internal/rating"
)

var _ rating.Store = (*DB)(nil)

const ratingCols = `site_id, kind, item_id, c1, c2, c3, c4, c5, updated_at`

var (
	// qAddRating[s-1] counts one score s (a fixed column name, not input).
	qAddRating = func() (qs [rating.MaxScore]Query) {
		for i := range qs {
			col := fmt.Sprintf("c%d", i+1)
			qs[i] = Q(`INSERT INTO rating_counts (site_id, kind, item_id, ` + col + `, updated_at) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (site_id, kind, item_id) DO UPDATE SET ` + col + ` = rating_counts.` + col + ` + 1, updated_at = excluded.updated_at`)
		}
		return qs
	}()
	qFindRating  = Q(`SELECT ` + ratingCols + ` FROM rating_counts WHERE site_id = ? AND kind = ? AND item_id = ?`)
	qFindRatings = Q(`SELECT ` + ratingCols + ` FROM rating_counts WHERE site_id = ? AND (? = '' OR kind = ?)
		ORDER BY updated_at DESC, kind{C}, item_id LIMIT ? OFFSET ?`)
	qCountRatings = Q(`SELECT count(*) FROM rating_counts WHERE site_id = ? AND (? = '' OR kind = ?)`)
)

func (db *DB) AddRating(ctx context.Context, siteID int64, kind rating.Kind, itemID int64, score int, at time.Time) error {
	if score < 1 || score > rating.MaxScore {
		return fmt.Errorf("store: rating score %d out of range", score)
	}
	_, err := db.w.ExecContext(ctx, db.q(qAddRating[score-1]), siteID, string(kind), itemID, db.t(at.UTC().Truncate(time.Microsecond)))
	return db.mapErr(err, nil)
}

func (db *DB) scanTally(s scanner) (rating.Tally, error) {
	var t rating.Tally
	var kind string
	err := s.Scan(&t.SiteID, &kind, &t.ItemID, &t.Counts[0], &t.Counts[1], &t.Counts[2], &t.Counts[3], &t.Counts[4], db.td(&t.UpdatedAt))
	t.Kind = rating.Kind(kind)
	return t, err
}

func (db *DB) FindRating(ctx context.Context, siteID int64, kind rating.Kind, itemID int64) (rating.Tally, error) {
	t, err := db.scanTally(db.r.QueryRowContext(ctx, db.q(qFindRating), siteID, string(kind), itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return rating.Tally{SiteID: siteID, Kind: kind, ItemID: itemID}, nil
	}
	if err != nil {
		return rating.Tally{}, db.mapErr(err, nil)
	}
	return t, nil
}

func (db *DB) FindRatings(ctx context.Context, siteID int64, kind rating.Kind, limit, offset int) ([]rating.Tally, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, db.q(qFindRatings), siteID, string(kind), string(kind), limit, offset)
	if err != nil {
		return nil, db.mapErr(err, nil)
	}
	defer rows.Close()
	var out []rating.Tally
	for rows.Next() {
		t, err := db.scanTally(rows)
		if err != nil {
			return nil, db.mapErr(err, nil)
		}
		out = append(out, t)
	}
	return out, db.mapErr(rows.Err(), nil)
}

func (db *DB) CountRatings(ctx context.Context, siteID int64, kind rating.Kind) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.q(qCountRatings), siteID, string(kind), string(kind)).Scan(&n)
	return n, db.mapErr(err, nil)
}
