// Package postgres implements the content stores on PostgreSQL through
// database/sql and the pgx driver. It mirrors package sqlite: the same
// migrations (numbered alike), the same results and the same error codes,
// so both pass the storetest conformance suite.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/search"
	"trangtin/internal/store/migrate"
	"trangtin/internal/store/sqlstore"
	"trangtin/internal/user"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that serialises migrations between
// processes sharing a database.
const migrationLock = "SELECT pg_advisory_xact_lock(7214101)"

var migrateDialect = migrate.Dialect{
	Lock:        migrationLock,
	Placeholder: func(n int) string { return fmt.Sprintf("$%d", n) },
}

// DB is an open PostgreSQL connection pool. The queries shared with
// SQLite are the methods of the embedded *sqlstore.DB.
type DB struct {
	*sqlstore.DB
	db  *sql.DB
	cfg *pgx.ConnConfig // for the connections of cluster.go
}

// dialect is PostgreSQL's for the shared queries: times as timestamptz
// ('-infinity' = unset).
var dialect = &sqlstore.Dialect{
	Kind:       sqlstore.Postgres,
	Time:       ts,
	TimeDest:   func(t *time.Time) sql.Scanner { return timeDest{t} },
	Classify:   classify,
	Index:      func(ctx context.Context, tx *sql.Tx, d search.Doc) error { return index(ctx, tx, d) },
	Lock:       advisoryLock,
	ClearIndex: clearIndex,
	NoLimit:    nil,
}

// clearIndex empties the index (DELETE rather than TRUNCATE, whose
// exclusive lock would block searches).
func clearIndex(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_docs`)
	return err
}

// advisoryLock takes a transaction-scoped advisory lock on (ns, key), so
// the writers of key serialise across every node.
func advisoryLock(ctx context.Context, tx *sql.Tx, ns int, key string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(ns), key)
	return err
}

// Open connects to the database named by dsn (a postgres:// URL or a
// keyword/value string, as pgx accepts), checks the connection and applies
// pending migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse connection string: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", mapErr(err, nil))
	}
	sub, _ := fs.Sub(migrations, "migrations")
	if _, err := migrate.Up(ctx, db, sub, migrateDialect); err != nil {
		db.Close()
		return nil, err
	}
	if err := dialect.BackfillListFold(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("fill articles.list_fold: %w", err)
	}
	return &DB{DB: sqlstore.New(db, db, dialect), db: db, cfg: cfg}, nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.db.Close() }

// Ping reports whether the database can be read.
func (db *DB) Ping(ctx context.Context) error {
	var ok bool
	return mapErr(db.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sites)").Scan(&ok), nil)
}

// ts converts a time for storage: truncated (not rounded, as PostgreSQL
// would) to microseconds, and the zero time as '-infinity', which sorts and
// compares like SQLite's 0.
func ts(t time.Time) any {
	if t.IsZero() {
		return pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
	}
	return t.Truncate(time.Microsecond)
}

// timeDest scans a timestamptz into a UTC time.Time, '-infinity' (and NULL)
// into the zero time.
type timeDest struct{ t *time.Time }

func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = v.UTC()
		return nil
	case nil:
		*d.t = time.Time{}
		return nil
	case string:
		if v == "-infinity" {
			*d.t = time.Time{}
			return nil
		}
	}
	return fmt.Errorf("postgres: cannot scan %T %v into time.Time", src, src)
}

// classify says what a PostgreSQL or connection error means.
func classify(err error) sqlstore.Class {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505": // unique_violation
			return sqlstore.Unique
		case pe.Code == "23503": // foreign_key_violation
			return sqlstore.ForeignKey
		case pe.Code == "53100": // disk_full
			return sqlstore.Full
		case pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03", // serialization, deadlock, lock not available
			strings.HasPrefix(pe.Code, "08"),                           // connection exception
			strings.HasPrefix(pe.Code, "53"),                           // insufficient resources, e.g. too many connections
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // shutting down, starting up
			return sqlstore.Busy
		}
		return sqlstore.Other
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || pgconn.Timeout(err) {
		return sqlstore.Busy
	}
	return sqlstore.Other
}

// mapErr turns driver errors into application errors.
func mapErr(err error, what error) error { return dialect.MapErr(err, what) }

// execer is what both *sql.DB and *sql.Tx offer.
type execer = sqlstore.Execer

// *DB is every store the application uses.
var _ interface {
	search.Reindexer
	search.Index
	mail.Store
	user.UserStore
	content.Store
} = (*DB)(nil)
