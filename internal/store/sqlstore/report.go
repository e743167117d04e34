package sqlstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"trangtin/internal/report"
)

var _ report.Store = (*DB)(nil)

var (
	// One row per category (or byline): the articles published in the
	// month, and the month's views of all its articles (an article has at
	// most one row of views a month, so the join counts it once).
	qReportByCategory = Q(`SELECT c.name,
		count(CASE WHEN a.status = 'published' AND a.published_at >= ? AND a.published_at < ? THEN 1 END),
		CAST(COALESCE(sum(v.views), 0) AS BIGINT)
		FROM articles a JOIN categories c ON c.id = a.category_id
		LEFT JOIN article_views_month v ON v.article_id = a.id AND v.month = ?
		WHERE a.site_id = ? GROUP BY c.id, c.name ORDER BY c.name, c.id`)
	qReportByAuthor = Q(`SELECT a.author,
		count(CASE WHEN a.status = 'published' AND a.published_at >= ? AND a.published_at < ? THEN 1 END),
		CAST(COALESCE(sum(v.views), 0) AS BIGINT)
		FROM articles a LEFT JOIN article_views_month v ON v.article_id = a.id AND v.month = ?
		WHERE a.site_id = ? GROUP BY a.author ORDER BY a.author`)
	qReportQuestions = Q(`SELECT unit,
		count(CASE WHEN received_at >= ? AND received_at < ? THEN 1 END),
		count(CASE WHEN answered_at >= ? AND answered_at < ? THEN 1 END),
		count(CASE WHEN answered_at >= ? AND answered_at < ? AND answered_at <= due_at THEN 1 END)
		FROM questions WHERE site_id = ? AND (received_at >= ? AND received_at < ? OR answered_at >= ? AND answered_at < ?)
		GROUP BY unit ORDER BY unit`)
)

func scanReportArticles(row scanner) (report.Articles, error) {
	var r report.Articles
	err := row.Scan(&r.Name, &r.Published, &r.Views)
	return r, err
}

func (db *DB) ReportArticles(ctx context.Context, siteID int64, from, to time.Time, month string) (categories, authors []report.Articles, err error) {
	nonZero := func(rows []report.Articles) []report.Articles {
		out := rows[:0]
		for _, r := range rows {
			if r.Published > 0 || r.Views > 0 {
				out = append(out, r)
			}
		}
		return out
	}
	categories, err = list(db, ctx, nil, scanReportArticles, qReportByCategory, db.t(from), db.t(to), month, siteID)
	if err != nil {
		return nil, nil, err
	}
	authors, err = list(db, ctx, nil, scanReportArticles, qReportByAuthor, db.t(from), db.t(to), month, siteID)
	if err != nil {
		return nil, nil, err
	}
	byName := func(a, b report.Articles) int { return strings.Compare(a.Name, b.Name) }
	categories, authors = nonZero(categories), nonZero(authors)
	// Byte order, the same on both engines whatever the collation.
	slices.SortStableFunc(categories, byName)
	slices.SortStableFunc(authors, byName)
	return categories, authors, nil
}

func (db *DB) ReportQuestions(ctx context.Context, siteID int64, from, to time.Time) ([]report.Questions, error) {
	f, t := db.t(from), db.t(to)
	rows, err := list(db, ctx, nil, func(row scanner) (report.Questions, error) {
		var q report.Questions
		err := row.Scan(&q.Unit, &q.Received, &q.Answered, &q.OnTime)
		return q, err
	}, qReportQuestions, f, t, f, t, f, t, siteID, f, t, f, t)
	slices.SortStableFunc(rows, func(a, b report.Questions) int { return strings.Compare(a.Unit, b.Unit) })
	return rows, err
}
