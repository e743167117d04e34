// Package migrate applies numbered, embedded SQL migrations
// (NNNN_name.sql), each in its own transaction, recording them in the
// schema_migrations table. Both store packages use it with their own files,
// numbered the same way.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Dialect holds what differs between databases.
type Dialect struct {
	// Lock, when set, runs first in each migration's transaction to keep
	// two processes from migrating at once (e.g. pg_advisory_xact_lock).
	Lock string
	// Placeholder returns the n-th (1-based) bind placeholder.
	Placeholder func(n int) string
}

// Migration is one numbered file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Load reads the *.sql files of fsys's root, ordered by number.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share number %d", prev, name, v)
		}
		seen[v] = name
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(path.Base(name), ".sql"), SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// Up applies every migration of fsys that db has not recorded yet and
// returns how many it applied.
func Up(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect) (int, error) {
	ms, err := Load(fsys)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range ms {
		did, err := apply(ctx, db, m, d)
		if err != nil {
			return applied, fmt.Errorf("migration %04d %s: %w", m.Version, m.Name, err)
		}
		if did {
			applied++
		}
	}
	return applied, nil
}

func apply(ctx context.Context, db *sql.DB, m Migration, d Dialect) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if d.Lock != "" {
		if _, err := tx.ExecContext(ctx, d.Lock); err != nil {
			return false, err
		}
	}
	// Created under the lock: two processes creating it at once collide
	// even with IF NOT EXISTS on PostgreSQL.
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return false, fmt.Errorf("create schema_migrations: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = "+d.Placeholder(1), m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
		d.Placeholder(1), d.Placeholder(2), d.Placeholder(3)),
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
