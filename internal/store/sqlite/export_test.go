package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"trangtin/internal/store/sqlstore"
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

// BusyReader replaces db's reader pool with one whose every statement
// fails with err, as a locked database answers.
func BusyReader(db *DB, err error) {
	r := sql.OpenDB(failing{err})
	db.r.Close()
	db.r = r
	db.DB = sqlstore.New(db.w, r, dialect)
}

// failing is a driver connector whose connections fail every statement.
type failing struct{ err error }

func (f failing) Connect(context.Context) (driver.Conn, error) { return failingConn(f), nil }
func (f failing) Driver() driver.Driver                        { return nil }

type failingConn struct{ err error }

func (c failingConn) Prepare(string) (driver.Stmt, error) { return nil, c.err }
func (c failingConn) Close() error                        { return nil }
func (c failingConn) Begin() (driver.Tx, error)           { return nil, c.err }
