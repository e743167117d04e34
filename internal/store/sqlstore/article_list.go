package sqlstore

import (
	"context"
	"database/sql"
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
