// Package sqlite implements the content stores on an embedded SQLite
// database (modernc.org/sqlite, no cgo): WAL, one single-connection writer
// pool taking BEGIN IMMEDIATE, and a read-only pool for everything else.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"trangtin/internal/mail"
	"trangtin/internal/search"
	"trangtin/internal/store/migrate"
	"trangtin/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open SQLite database. The queries shared with PostgreSQL are
// the methods of the embedded *sqlstore.DB.
type DB struct {
	*sqlstore.DB
	w *sql.DB // writes: one connection, transactions BEGIN IMMEDIATE
	r *sql.DB // reads: several connections, query_only
}

// dialect is SQLite's for the shared queries: times as Unix microseconds
// (0 = unset).
var dialect = &sqlstore.Dialect{
	Kind:       sqlstore.SQLite,
	Time:       func(t time.Time) any { return micros(t) },
	TimeDest:   func(t *time.Time) sql.Scanner { return microsDest{t} },
	Classify:   classify,
	Index:      func(ctx context.Context, tx *sql.Tx, d search.Doc) error { return index(ctx, tx, d) },
	ClearIndex: clearIndex,
	NoLimit:    -1,
}

// clearIndex empties the index and its full-text table.
func clearIndex(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_text`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM search_docs`)
	return err
}

// microsDest scans stored Unix microseconds (0 = unset).
type microsDest struct{ t *time.Time }

func (d microsDest) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*d.t = fromMicros(n.Int64)
	return nil
}

// Open opens (creating if needed) the database file at path and applies
// pending migrations. The file's folder must exist.
func Open(ctx context.Context, path string) (*DB, error) {
	// The folder must exist: a mistyped path must not quietly become a new,
	// empty database (the command line creates its default data folder).
	if dir := filepath.Dir(path); dir != "" {
		if fi, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("open %s: the folder %s: %w", path, dir, err)
		} else if !fi.IsDir() {
			return nil, fmt.Errorf("open %s: %s is not a folder", path, dir)
		}
	}
	dsn := func(extra ...string) string {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "synchronous(NORMAL)")
		for _, p := range extra {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	if _, err := migrate.Up(ctx, w, sub, migrate.Dialect{Placeholder: func(int) string { return "?" }}); err != nil {
		w.Close()
		return nil, err
	}
	if err := dialect.BackfillListFold(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("fill articles.list_fold: %w", err)
	}
	// The readers map the file (mmap_size, 2 GiB at most): a search reads
	// hundreds of index and row pages, each a pread system call through
	// SQLite's small page cache otherwise (BENCHMARKS-search.md). The
	// mapped pages are the OS's page cache, shared by every connection.
	// Each reader keeps a page cache of 1 MiB instead of SQLite's 2: with
	// WAL, a reader's cache is dropped whenever another connection has
	// written, so the second MiB rarely saves a read from the OS's cache,
	// and the pool's 4 MiB are a tenth of a serving process's memory
	// (BENCHMARKS.md "Memory and start-up").
	r, err := sql.Open("sqlite", dsn("query_only(1)", "cache_size(-1024)", "mmap_size(2147483648)"))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	r.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	db := &DB{DB: sqlstore.New(w, r, dialect), w: w, r: r}
	if err := db.reindexIfTodo(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("rebuild the search index: %w", err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error { return errors.Join(db.r.Close(), db.w.Close()) }

// Ping reports whether the database can be read.
func (db *DB) Ping(ctx context.Context) error {
	var any bool
	return db.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sites)").Scan(&any)
}

// micros converts between time.Time and the stored Unix microseconds.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// classify says what an SQLite error means.
func classify(err error) sqlstore.Class {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return sqlstore.Other
	}
	if se.Code()&0xff == sqlite3.SQLITE_FULL { // the disk (or max_page_count) is full
		return sqlstore.Full
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.Unique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ForeignKey
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return sqlstore.Busy
	}
	return sqlstore.Other
}

func mapErr(err error, what error) error { return dialect.MapErr(err, what) }

// The search index and the outbox are SQLite's own; the content and user
// stores (sqlstore's) are checked by the conformance tests.
var _ interface {
	mail.Store
	search.Index
	search.Reindexer
} = (*DB)(nil)
