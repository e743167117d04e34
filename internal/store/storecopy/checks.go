package storecopy

import (
	"context"
	"database/sql"
	"fmt"
)

// suspendChecks switches off, until the returned restore runs (inside
// dtx), what the target would do on its own with rows copied into it:
// the triggers (a site's version bumped, a site's primary host written
// twice) and, on PostgreSQL, the immediate foreign-key checks (a category
// whose parent comes later), which are deferred to restore instead. On
// SQLite foreign keys are deferred to the commit.
func suspendChecks(ctx context.Context, tx *sql.Tx, k Kind, tables []*copyTable) (func() error, error) {
	if k == SQLite {
		type trigger struct{ name, sql string }
		var triggers []trigger
		err := eachRow(ctx, tx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`, func(name, sql string) {
			triggers = append(triggers, trigger{name, sql})
		})
		if err != nil {
			return nil, err
		}
		for _, t := range triggers {
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(t.name)); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return nil, err
		}
		return func() error {
			for _, t := range triggers {
				if _, err := tx.ExecContext(ctx, t.sql); err != nil {
					return fmt.Errorf("recreate trigger %s: %w", t.name, err)
				}
			}
			return sqliteForeignKeyCheck(ctx, tx)
		}, nil
	}
	type constraint struct{ table, name string }
	var fks []constraint
	err := eachRow(ctx, tx, `SELECT c.relname, f.conname FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid
		WHERE f.contype = 'f' AND NOT f.condeferrable AND f.connamespace = current_schema()::regnamespace
		ORDER BY 1, 2`, func(table, name string) { fks = append(fks, constraint{table, name}) })
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(t.name)+` DISABLE TRIGGER USER`); err != nil {
			return nil, err
		}
	}
	for _, f := range fks {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(f.table)+` ALTER CONSTRAINT `+quoteIdent(f.name)+` DEFERRABLE INITIALLY DEFERRED`); err != nil {
			return nil, err
		}
	}
	return func() error {
		if _, err := tx.ExecContext(ctx, `SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
			return err
		}
		for _, f := range fks {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(f.table)+` ALTER CONSTRAINT `+quoteIdent(f.name)+` NOT DEFERRABLE`); err != nil {
				return err
			}
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(t.name)+` ENABLE TRIGGER USER`); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// sqliteForeignKeyCheck reports the first row whose foreign key names no
// row, before the commit would refuse it without saying which.
func sqliteForeignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return &Error{Op: OpForeignKey, Target: true, Table: table, Rows: rowid.Int64, Ref: parent}
	}
	return rows.Err()
}

// sourceCounters reads the source's ID counters, by table: a counter
// may be past the highest ID left (rows deleted), and the target must
// not hand those IDs out again.
func sourceCounters(ctx context.Context, x execer, k Kind, cat map[string]*copyTable) (map[string]int64, error) {
	out := map[string]int64{}
	if k == SQLite {
		var n int
		if err := x.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'`).Scan(&n); err != nil || n == 0 {
			return out, err
		}
		rows, err := x.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name string
			var seq int64
			if err := rows.Scan(&name, &seq); err != nil {
				rows.Close()
				return nil, err
			}
			out[name] = seq
		}
		return out, closeRows(rows)
	}
	for _, t := range cat {
		for _, c := range t.cols {
			if !c.identity {
				continue
			}
			var v sql.NullInt64
			if err := x.QueryRowContext(ctx, `SELECT pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass)`, quoteIdent(t.name), c.name).Scan(&v); err != nil {
				return nil, err
			}
			out[t.name] = v.Int64
		}
	}
	return out, nil
}

// setCounters sets the target's ID counters past every ID copied and the
// source's counters.
func setCounters(ctx context.Context, tx *sql.Tx, k Kind, tables []*copyTable, counters map[string]int64) error {
	for _, t := range tables {
		if k == SQLite {
			if !t.autoincrement || counters[t.name] == 0 {
				continue // SQLite hands out max(rowid)+1, and keeps the counters of the rows copied itself
			}
			res, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, counters[t.name], t.name)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, t.name, counters[t.name]); err != nil {
					return err
				}
			}
			continue
		}
		for _, c := range t.cols {
			if !c.identity {
				continue
			}
			col := quoteIdent(c.name)
			_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE(max(`+col+`), 0), $3, 1), COALESCE(max(`+col+`), 0) > 0 OR $3 > 0) FROM `+quoteIdent(t.name),
				quoteIdent(t.name), c.name, counters[t.name])
			if err != nil {
				return fmt.Errorf("%s.%s: %w", t.name, c.name, err)
			}
		}
	}
	return nil
}
