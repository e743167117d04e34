package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"trangtin/internal/content"
)

// The article page's neighbours and related articles, and its view count.

var (
	// The next public article of the category, each way, by the
	// (site, category, status, published_at, id) index: one row each.
	qNewerInCategory = Q(`SELECT ` + articleListCols + ` FROM articles
		WHERE site_id = ? AND category_id = ? AND status = 'published' AND published_at <= ?
		AND (published_at > ? OR (published_at = ? AND id > ?)) ORDER BY published_at, id LIMIT 1`)
	qOlderInCategory = Q(`SELECT ` + articleListCols + ` FROM articles
		WHERE site_id = ? AND category_id = ? AND status = 'published' AND published_at <= ?
		AND (published_at < ? OR (published_at = ? AND id < ?)) ORDER BY published_at DESC, id DESC LIMIT 1`)
	// The window related articles are looked for in: the site's newest
	// public articles with key words, at most RelatedWindow of them.
	qKeywordWindow = Q(`SELECT id, keywords FROM articles
		WHERE site_id = ? AND status = 'published' AND published_at <= ? AND keywords <> '' AND id <> ?
		ORDER BY published_at DESC, id DESC LIMIT ?`)
	qArticleByIDList = Q(`SELECT ` + articleListCols + ` FROM articles WHERE site_id = ? AND id = ?`)
	qAddArticleViews = Q(`INSERT INTO article_views (article_id, views) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET views = article_views.views + excluded.views`)
	qAddMonthViews = Q(`INSERT INTO article_views_month (article_id, month, views) VALUES (?, ?, ?)
		ON CONFLICT (article_id, month) DO UPDATE SET views = article_views_month.views + excluded.views`)
	qArticleViews = Q(`SELECT COALESCE((SELECT views FROM article_views WHERE article_id = ?), 0)`)
)

// RelatedWindow bounds the related-articles lookup: it reads the key words
// of at most this many of the site's newest public articles.
const RelatedWindow = 500

// ArticleNeighbours returns the public articles of a's category just newer
// and just older than a (zero Articles where there is none).
func (db *DB) ArticleNeighbours(ctx context.Context, a content.Article, now time.Time) (newer, older content.Article, err error) {
	one := func(q Query) (content.Article, error) {
		x, err := db.d.scanArticleList(db.r.QueryRowContext(ctx, db.q(q), a.SiteID, a.CategoryID, db.t(now),
			db.t(a.PublishedAt), db.t(a.PublishedAt), a.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return content.Article{}, nil
		}
		return x, db.mapErr(err, content.ErrArticleNotFound)
	}
	if newer, err = one(qNewerInCategory); err != nil {
		return
	}
	older, err = one(qOlderInCategory)
	return
}

// Keywords splits an article's key words (comma-separated) into their
// folded forms (vi.Fold, spaces collapsed), without duplicates or blanks.
func Keywords(s string) []string {
	var out []string
	for k := range strings.SplitSeq(s, ",") {
		if f := FoldQuery(k); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// RelatedArticles returns up to limit public articles of a's site sharing
// key words with a, most shared first, then newest; none when a has none.
// Only the site's RelatedWindow newest articles with key words are read.
func (db *DB) RelatedArticles(ctx context.Context, a content.Article, now time.Time, limit int) ([]content.Article, error) {
	want := Keywords(a.Keywords)
	if len(want) == 0 || limit <= 0 {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, db.q(qKeywordWindow), a.SiteID, db.t(now), a.ID, RelatedWindow)
	if err != nil {
		return nil, db.mapErr(err, content.ErrArticleNotFound)
	}
	type hit struct {
		id     int64
		shared int
		order  int
	}
	var hits []hit
	for rows.Next() {
		var id int64
		var kw string
		if err := rows.Scan(&id, &kw); err != nil {
			rows.Close()
			return nil, db.mapErr(err, content.ErrArticleNotFound)
		}
		n := 0
		for _, k := range Keywords(kw) {
			if slices.Contains(want, k) {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, hit{id, n, len(hits)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.mapErr(err, content.ErrArticleNotFound)
	}
	slices.SortStableFunc(hits, func(x, y hit) int { return y.shared - x.shared })
	out := make([]content.Article, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		x, err := db.d.scanArticleList(db.r.QueryRowContext(ctx, db.q(qArticleByIDList), a.SiteID, h.id))
		if err != nil {
			return nil, db.mapErr(err, content.ErrArticleNotFound)
		}
		out = append(out, x)
	}
	return out, nil
}

// AddArticleViews adds each article's new views, in total and in month,
// in one transaction, in the order of the article IDs (so concurrent nodes
// lock rows alike).
func (db *DB) AddArticleViews(ctx context.Context, month string, views map[int64]int64) error {
	if len(views) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(views))
	for id := range views {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, db.q(qAddArticleViews), id, views[id]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.q(qAddMonthViews), id, month, views[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ArticleViews returns the views stored for an article (0 for none).
func (db *DB) ArticleViews(ctx context.Context, articleID int64) (int64, error) {
	var n int64
	err := db.r.QueryRowContext(ctx, db.q(qArticleViews), articleID).Scan(&n)
	return n, db.mapErr(err, nil)
}

// ArticlesViews returns the views stored for the articles ids (those
// without any are absent).
func (db *DB) ArticlesViews(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	a := db.args()
	rows, err := db.r.QueryContext(ctx, `SELECT article_id, views FROM article_views WHERE article_id IN `+in(a, ids, func(id int64) any { return id }), a.v...)
	if err != nil {
		return nil, db.mapErr(err, nil)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, db.mapErr(err, nil)
		}
		out[id] = n
	}
	return out, db.mapErr(rows.Err(), nil)
}
