package sqlite

import (
	"context"
	"fmt"
)

// LimitPages caps the database at its current size plus extra pages
// (PRAGMA max_page_count on the single writer connection): the next
// writes that need more fail with SQLITE_FULL, as on a full disk.
func LimitPages(ctx context.Context, db *DB, extra int) error {
	var n int
	if err := db.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&n); err != nil {
		return err
	}
	_, err := db.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n+extra))
	return err
}
