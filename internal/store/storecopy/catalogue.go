package storecopy

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
)

// CopySkipped reports whether a table is left out of a copy: migration
// bookkeeping, and the search index (each store's own, rebuilt on the
// target by a reindex).
func CopySkipped(name string) bool {
	return name == "schema_migrations" || strings.HasPrefix(name, "search_") || strings.HasPrefix(name, "sqlite_")
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// copyCatalogue reads the tables a copy writes, with their columns,
// primary keys and foreign keys.
func copyCatalogue(ctx context.Context, x execer, k Kind) (map[string]*copyTable, error) {
	cat := map[string]*copyTable{}
	get := func(name string) *copyTable {
		t := cat[name]
		if t == nil {
			t = &copyTable{name: name}
			cat[name] = t
		}
		return t
	}
	if k == Postgres {
		return pgCatalogue(ctx, x, cat, get)
	}
	return sqliteCatalogue(ctx, x, cat, get)
}

// pgCatalogue reads PostgreSQL's catalogue of the current schema.
func pgCatalogue(ctx context.Context, x execer, cat map[string]*copyTable, get func(string) *copyTable) (map[string]*copyTable, error) {
	k := Postgres
	rows, err := x.QueryContext(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '', a.attidentity <> ''
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY c.relname, a.attnum`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table string
		var c copyColumn
		var generated bool
		if err := rows.Scan(&table, &c.name, &c.typ, &generated, &c.identity); err != nil {
			rows.Close()
			return nil, err
		}
		if CopySkipped(table) {
			continue
		}
		t := get(table)
		if !generated {
			c.class = classOf(k, c.typ)
			t.cols = append(t.cols, c)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	err = eachRow(ctx, x, `SELECT c.relname, a.attname FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
		WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
		ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)`, func(table, col string) {
		if t := cat[table]; t != nil {
			t.pk = append(t.pk, col)
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, x, `SELECT c.relname, r.relname FROM pg_constraint f
		JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
		WHERE f.contype = 'f' AND f.connamespace = current_schema()::regnamespace`, func(table, ref string) {
		if t := cat[table]; t != nil {
			t.refs = append(t.refs, ref)
		}
	})
	return cat, err
}

// sqliteCatalogue reads SQLite's catalogue.
func sqliteCatalogue(ctx context.Context, x execer, cat map[string]*copyTable, get func(string) *copyTable) (map[string]*copyTable, error) {
	k := SQLite
	// SQLite: virtual tables and their shadow tables are each engine's
	// own (full-text search), left out with the rest of the index.
	type master struct{ name, sql string }
	var tables []master
	rows, err := x.QueryContext(ctx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var virtual []string
	for rows.Next() {
		var m master
		if err := rows.Scan(&m.name, &m.sql); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.HasPrefix(strings.ToUpper(m.sql), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, m.name)
		}
		tables = append(tables, m)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	for _, m := range tables {
		if CopySkipped(m.name) || slices.ContainsFunc(virtual, func(v string) bool { return m.name == v || strings.HasPrefix(m.name, v+"_") }) {
			continue
		}
		t := get(m.name)
		t.autoincrement = strings.Contains(strings.ToUpper(m.sql), "AUTOINCREMENT")
		rows, err := x.QueryContext(ctx, `SELECT name, type, hidden, pk FROM pragma_table_xinfo(?) ORDER BY cid`, m.name)
		if err != nil {
			return nil, err
		}
		type pkCol struct {
			pos  int
			name string
		}
		var pks []pkCol
		for rows.Next() {
			var c copyColumn
			var hidden, pk int
			if err := rows.Scan(&c.name, &c.typ, &hidden, &pk); err != nil {
				rows.Close()
				return nil, err
			}
			if hidden != 0 { // generated (2, 3) or a virtual table's hidden column (1)
				continue
			}
			c.class = classOf(k, c.typ)
			t.cols = append(t.cols, c)
			if pk > 0 {
				pks = append(pks, pkCol{pk, c.name})
			}
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
		slices.SortFunc(pks, func(a, b pkCol) int { return a.pos - b.pos })
		for _, p := range pks {
			t.pk = append(t.pk, p.name)
		}
		err = eachRow(ctx, x, `SELECT ?, "table" FROM pragma_foreign_key_list(?)`, func(table, ref string) {
			t.refs = append(t.refs, ref)
		}, m.name, m.name)
		if err != nil {
			return nil, err
		}
	}
	return cat, nil
}

// eachRow runs a query of two text columns and calls fn with each row.
func eachRow(ctx context.Context, x execer, q string, fn func(a, b string), args ...any) error {
	rows, err := x.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return err
		}
		fn(a, b)
	}
	return closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	return errors.Join(err, rows.Close())
}

// copyOrder sorts the tables so that each comes after the tables its
// foreign keys name (a table naming itself, or a cycle, is left to the
// constraints checked at commit), by name among equals.
func copyOrder(cat map[string]*copyTable) ([]*copyTable, error) {
	names := tableNames(cat)
	if len(names) == 0 {
		return nil, &Error{Op: OpNoTables, Target: true}
	}
	placed := map[string]bool{}
	var out []*copyTable
	for len(out) < len(names) {
		progress := false
		for _, n := range names {
			if placed[n] {
				continue
			}
			ready := true
			for _, r := range cat[n].refs {
				if r != n && cat[r] != nil && !placed[r] {
					ready = false
				}
			}
			if ready {
				placed[n] = true
				out = append(out, cat[n])
				progress = true
			}
		}
		if !progress { // a cycle: the first unplaced table goes next
			for _, n := range names {
				if !placed[n] {
					placed[n] = true
					out = append(out, cat[n])
					break
				}
			}
		}
	}
	return out, nil
}

// FirstNonEmpty names a table of the database that holds rows, and how
// many, or "" when it holds none: no tables at all, or the tables of
// trangtin with nothing but what its migrations write (a copy that failed
// leaves that). Tables that are not trangtin's are an error.
func FirstNonEmpty(ctx context.Context, db *sql.DB, k Kind) (string, int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return "", 0, err
	}
	defer tx.Rollback()
	cat, err := copyCatalogue(ctx, tx, k)
	if err != nil {
		return "", 0, err
	}
	if len(cat) == 0 {
		return "", 0, nil
	}
	var migrations int
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if k == Postgres {
		q = `SELECT count(*) FROM pg_class WHERE relname = 'schema_migrations' AND relnamespace = current_schema()::regnamespace`
	}
	if err := tx.QueryRowContext(ctx, q).Scan(&migrations); err != nil {
		return "", 0, err
	}
	if migrations == 0 {
		return "", 0, &Error{Op: OpForeign, Target: true, Table: tableNames(cat)[0]}
	}
	return firstNonEmpty(ctx, tx, cat)
}

// firstNonEmpty names a table of cat holding rows other than the
// migrations' seeds, and how many.
func firstNonEmpty(ctx context.Context, x execer, cat map[string]*copyTable) (string, int64, error) {
	for _, name := range tableNames(cat) {
		q := `SELECT count(*) FROM ` + quoteIdent(name)
		if name == "audit_head" { // the migrations' seed: an empty chain
			q += ` WHERE count <> 0`
		}
		var n int64
		if err := x.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return "", 0, err
		}
		if n > 0 {
			return name, n, nil
		}
	}
	return "", 0, nil
}

func tableNames(cat map[string]*copyTable) []string {
	return slices.Sorted(maps.Keys(cat))
}
