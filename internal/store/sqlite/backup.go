package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"os"
)

// Backup writes a consistent snapshot of the database to the new file path
// with VACUUM INTO, on a reading connection: writers (of this process or
// another) go on meanwhile, and the snapshot holds exactly the
// transactions committed when it started. path must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("sqlite backup: %s already exists", path)
	}
	// A reading connection is query_only, which VACUUM INTO counts as a
	// write: lift it on one connection for the time of the copy, and
	// discard that connection if it cannot be put back.
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return fmt.Errorf("sqlite backup: %w", err)
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = 1"); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("sqlite backup to %s: %w", path, err)
	}
	return nil
}

// SchemaVersion is the number of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.r.QueryRowContext(ctx, "SELECT COALESCE(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}
