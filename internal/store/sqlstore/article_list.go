package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// ListFold is what the admin list's text filter searches: the title, the
// byline author and unit, folded (vi.Fold) so that diacritics, old and new
// tone placement and case do not matter.
func ListFold(a *content.Article) string {
	return vi.Fold(strings.Join([]string{a.Title, a.Author, a.Unit}, " "))
}

// FoldQuery folds the typed text the same way, spaces collapsed.
func FoldQuery(s string) string { return strings.Join(strings.Fields(vi.Fold(s)), " ") }

// ListFoldTodoSQL finds the articles BackfillListFold has still to do,
// through the partial index articles_list_fold_todo (migration 0044), so
// that it reads nothing once they are done. Exported for the plan test.
const ListFoldTodoSQL = `SELECT id, title, author, unit FROM articles WHERE list_fold = '' AND title <> '' ORDER BY id LIMIT 500`

var (
	qListFoldTodo = Q(ListFoldTodoSQL)
	qListFoldSet  = Q(`UPDATE articles SET list_fold = ? WHERE id = ?`)
)

// BackfillListFold fills list_fold for the articles written before
// migration 0009 added it, in batches; it does nothing once all are done.
func (d *Dialect) BackfillListFold(ctx context.Context, db *sql.DB) error {
	for {
		rows, err := db.QueryContext(ctx, d.q(qListFoldTodo))
		if err != nil {
			return err
		}
		type row struct {
			id int64
			a  content.Article
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.a.Title, &r.a.Author, &r.a.Unit); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for _, r := range batch {
			f := ListFold(&r.a)
			if f == "" {
				f = " " // nothing foldable: mark as done
			}
			if _, err := tx.ExecContext(ctx, d.q(qListFoldSet), f, r.id); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// articleOrder is the sort column of f's list and whether the list runs
// newest first.
func articleOrder(f content.ArticleFilter) (col string, desc bool) {
	switch {
	case !f.UpdatedSince.IsZero():
		return "updated_at", false // harvesting: oldest change first
	case f.ByUpdated:
		return "updated_at", true
	}
	return "published_at", true
}

// ArticleListQuery is the query of FindArticles for f, with its
// arguments, and whether its rows come in reverse (a page read backwards
// from f.Before). Exported for the plan tests.
//
// A cursor bounds the sort column and breaks ties by id, the two last
// columns of the indexes the lists read (articles_public,
// articles_category, articles_updated): the database starts the index
// range at the cursor, so page 5,000 reads what page 1 reads.
func (db *DB) ArticleListQuery(f content.ArticleFilter) (query string, args []any, reversed bool) {
	col, desc := articleOrder(f)
	c := f.After
	if c.IsZero() && !f.Before.IsZero() {
		c, reversed = f.Before, true
	}
	// Read newest first when the list does and we walk forwards, or when
	// it runs oldest first and we walk backwards.
	dir, op := "", ">"
	if desc != reversed {
		dir, op = " DESC", "<"
	}
	// The cursor is a bound on the sort column (the index range starts
	// there) and a tie-break on id. A row comparison "(col, id) < (?, ?)"
	// would say the same, but SQLite then takes another bound on col
	// (published_at <= now) for the range and filters every row from the
	// top. So an existing bound on col in the same direction is tightened
	// instead of a second one added.
	bound := true
	if !c.IsZero() {
		switch {
		case op == "<" && col == "published_at" && !f.PublicAt.IsZero():
			if c.At.Before(f.PublicAt) {
				f.PublicAt = c.At
			}
			bound = false
		case op == ">" && col == "updated_at" && !f.UpdatedSince.IsZero():
			if c.At.After(f.UpdatedSince) {
				f.UpdatedSince = c.At
			}
			bound = false
		}
	}
	where, a := db.articleWhere(f)
	if !c.IsZero() {
		if bound {
			where += " AND " + col + " " + op + "= " + a.add(db.t(c.At))
		}
		where += " AND (" + col + " " + op + " " + a.add(db.t(c.At)) + " OR id " + op + " " + a.add(c.ID) + ")"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	query = `SELECT ` + articleListCols + ` FROM articles WHERE ` + where + ` ORDER BY ` + col + dir + `, id` + dir + ` LIMIT ` + a.add(limit)
	if c.IsZero() {
		query += ` OFFSET ` + a.add(max(f.Offset, 0))
	}
	return query, a.v, reversed
}

// FindArticles lists the articles f selects in its order: newest
// published first, by last change (f.ByUpdated), or oldest change first
// (f.UpdatedSince); a page at f.Offset or next to a cursor.
func (db *DB) FindArticles(ctx context.Context, f content.ArticleFilter) ([]content.Article, error) {
	q, args, reversed := db.ArticleListQuery(f)
	list, err := listSQL(db, ctx, content.ErrArticleNotFound, db.d.scanArticleList, q, args...)
	if reversed {
		slices.Reverse(list)
	}
	return list, err
}

var qArticleMonths = Q(`SELECT month, articles, version FROM article_months WHERE site_id = ? AND articles > 0 ORDER BY month`)

// ArticleMonths lists the site's months with published articles, from
// article_months (kept by triggers, migration 0048).
func (db *DB) ArticleMonths(ctx context.Context, siteID int64) ([]content.ArticleMonth, error) {
	return listSQL(db, ctx, content.ErrArticleNotFound, func(row scanner) (content.ArticleMonth, error) {
		var m content.ArticleMonth
		var ym int
		err := row.Scan(&ym, &m.Articles, &m.Version)
		m.Year, m.Month = ym/100, ym%100
		return m, err
	}, db.q(qArticleMonths), siteID)
}
