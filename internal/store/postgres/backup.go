package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// SchemaVersion is the number of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.db.QueryRowContext(ctx, "SELECT COALESCE(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// UserTables counts the tables, views and sequences outside the system
// schemas of the database dsn names, without migrating it: a restore goes
// only into a database where this is 0.
func UserTables(ctx context.Context, dsn string) (int, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return 0, fmt.Errorf("postgres: parse connection string: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
		AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: connect: %w", mapErr(err, nil))
	}
	return n, nil
}
