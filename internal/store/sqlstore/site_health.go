package sqlstore

import (
	"context"
	"time"

	"trangtin/internal/content"
)

var _ content.HealthStore = (*DB)(nil)

// The platform area's figures: one grouped query each over every site
// (the indexes articles_public, articles_due, questions_site_status and
// media_site serve them).
var (
	qHealthPublished = Q(`SELECT site_id, MAX(published_at), SUM(CASE WHEN published_at >= ? THEN 1 ELSE 0 END)
		FROM articles WHERE status = 'published' GROUP BY site_id`)
	qHealthQuestions = Q(`SELECT site_id, COUNT(*) FROM questions
		WHERE status IN ('new', 'accepted') AND due_at < ? GROUP BY site_id`)
	qHealthScheduled = Q(`SELECT site_id, COUNT(*) FROM articles
		WHERE status = 'scheduled' AND published_at <= ? GROUP BY site_id`)
	qHealthMedia = Q(`SELECT site_id, COALESCE(SUM(size), 0) FROM media GROUP BY site_id`)
)

// SitesHealth reads the figures of every site in four queries.
func (db *DB) SitesHealth(ctx context.Context, now, since time.Time) (map[int64]content.SiteHealth, error) {
	out := map[int64]content.SiteHealth{}
	// each runs q and lets set fill the figures of the site of each row,
	// which it scans with the row's other columns after the site's ID.
	each := func(q Query, set func(h *content.SiteHealth, scan func(dest ...any) error) error, args ...any) error {
		rows, err := db.r.QueryContext(ctx, db.q(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			h := content.SiteHealth{}
			err := set(&h, func(dest ...any) error { return rows.Scan(append([]any{&id}, dest...)...) })
			if err != nil {
				return err
			}
			cur := out[id]
			addHealth(&cur, h)
			out[id] = cur
		}
		return rows.Err()
	}
	err := each(qHealthPublished, func(h *content.SiteHealth, scan func(...any) error) error {
		return scan(db.td(&h.LastPublished), &h.PublishedSince)
	}, db.t(since))
	if err == nil {
		err = each(qHealthQuestions, func(h *content.SiteHealth, scan func(...any) error) error {
			return scan(&h.OverdueQuestions)
		}, db.t(now))
	}
	if err == nil {
		err = each(qHealthScheduled, func(h *content.SiteHealth, scan func(...any) error) error {
			return scan(&h.OverdueScheduled)
		}, db.t(now))
	}
	if err == nil {
		err = each(qHealthMedia, func(h *content.SiteHealth, scan func(...any) error) error {
			return scan(&h.MediaBytes)
		})
	}
	if err != nil {
		return nil, db.mapErr(err, content.ErrSiteNotFound)
	}
	return out, nil
}

// addHealth copies the figures h has into cur (each query fills its own).
func addHealth(cur *content.SiteHealth, h content.SiteHealth) {
	if !h.LastPublished.IsZero() {
		cur.LastPublished = h.LastPublished
	}
	cur.PublishedSince += h.PublishedSince
	cur.OverdueQuestions += h.OverdueQuestions
	cur.OverdueScheduled += h.OverdueScheduled
	cur.MediaBytes += h.MediaBytes
}
