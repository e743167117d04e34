package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file copies every row of one store into another, SQLite or
// PostgreSQL either way (`trangtin copy`). Both stores must be at the
// same schema version; the target has been migrated and holds no rows.
// The tables are read from the target's catalogue, and each value is
// converted to the representation the target column's type stores: a
// time is Unix microseconds (0 = unset) in an SQLite INTEGER and a
// timestamptz ('-infinity' = unset) on PostgreSQL; a boolean is 0/1 in
// SQLite and a BOOLEAN on PostgreSQL.

// CopyEnd is one side of a copy: an engine and its database.
type CopyEnd struct {
	Kind Kind
	DB   *sql.DB
}

// CopiedTable is a table copied and the number of its rows.
type CopiedTable struct {
	Name string
	Rows int64
}

// CopyProgress is told, after each batch written, the table, the rows of
// it written so far and its rows in the source. An error from it stops
// the copy, and nothing is left written.
type CopyProgress func(table string, done, total int64) error

// copyBatchRows caps the rows of one multi-row INSERT; copyBatchArgs caps
// its arguments (SQLite allows 32766, PostgreSQL 65535); copyBatchBytes
// caps the text and bytes it holds, so long rows (articles with big
// bodies) still copy in bounded memory.
const (
	copyBatchRows  = 500
	copyBatchArgs  = 30000
	copyBatchBytes = 8 << 20
)

// colClass is what a column stores, as far as a copy must know.
type colClass int

const (
	classText colClass = iota
	classInt
	classBool
	classTime
	classBytes
	classFloat
)

type copyColumn struct {
	name     string
	typ      string // as the catalogue writes it
	class    colClass
	identity bool // PostgreSQL: GENERATED … AS IDENTITY
}

type copyTable struct {
	name          string
	cols          []copyColumn // written columns, generated ones left out
	pk            []string
	refs          []string // tables its foreign keys name (itself included)
	autoincrement bool     // SQLite: the table keeps its counter in sqlite_sequence
}

// CopySkipped reports whether a table is left out of a copy: migration
// bookkeeping, and the search index (each store's own, rebuilt on the
// target by a reindex).
func CopySkipped(name string) bool {
	return name == "schema_migrations" || strings.HasPrefix(name, "search_") || strings.HasPrefix(name, "sqlite_")
}

// CopyTables copies every table of src into dst, in one transaction on
// dst: a failure (or an error from progress) leaves dst as it was. src is
// read in one snapshot, so a site may go on being served from it. Every
// table of dst but the seeds its migrations write must be empty.
func CopyTables(ctx context.Context, src, dst CopyEnd, progress CopyProgress) ([]CopiedTable, error) {
	// One snapshot of the source for every table.
	var stx *sql.Tx
	var err error
	if src.Kind == Postgres {
		stx, err = src.DB.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	} else {
		stx, err = src.DB.BeginTx(ctx, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("nguồn: %w", err)
	}
	defer stx.Rollback()
	dtx, err := dst.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("đích: %w", err)
	}
	defer dtx.Rollback()

	srcCat, err := copyCatalogue(ctx, stx, src.Kind)
	if err != nil {
		return nil, fmt.Errorf("đọc danh mục bảng của nguồn: %w", err)
	}
	dstCat, err := copyCatalogue(ctx, dtx, dst.Kind)
	if err != nil {
		return nil, fmt.Errorf("đọc danh mục bảng của đích: %w", err)
	}
	tables, err := copyOrder(dstCat)
	if err != nil {
		return nil, err
	}
	// The same tables and columns on both sides, or the schemas differ.
	for _, t := range tables {
		s, ok := srcCat[t.name]
		if !ok {
			return nil, fmt.Errorf("nguồn không có bảng %s: hai cơ sở dữ liệu không cùng lược đồ", t.name)
		}
		for _, c := range t.cols {
			if !slices.ContainsFunc(s.cols, func(sc copyColumn) bool { return sc.name == c.name }) {
				return nil, fmt.Errorf("bảng %s của nguồn không có cột %s: hai cơ sở dữ liệu không cùng lược đồ", t.name, c.name)
			}
		}
	}
	for name, s := range srcCat {
		t, ok := dstCat[name]
		if !ok {
			return nil, fmt.Errorf("đích không có bảng %s: hai cơ sở dữ liệu không cùng lược đồ", name)
		}
		for _, c := range s.cols {
			if !slices.ContainsFunc(t.cols, func(tc copyColumn) bool { return tc.name == c.name }) {
				return nil, fmt.Errorf("bảng %s của đích không có cột %s: hai cơ sở dữ liệu không cùng lược đồ", name, c.name)
			}
		}
	}

	restore, err := suspendChecks(ctx, dtx, dst.Kind, tables)
	if err != nil {
		return nil, fmt.Errorf("đích: %w", err)
	}
	// Checked again inside the transaction that writes: the seeds the
	// migrations wrote (the audit chain's head), and nothing else, give
	// way to the source's rows.
	if name, n, err := firstNonEmpty(ctx, dtx, dstCat); err != nil {
		return nil, fmt.Errorf("đích: %w", err)
	} else if name != "" {
		return nil, fmt.Errorf("đích không trống (bảng %s có %d dòng)", name, n)
	}
	for _, t := range slices.Backward(tables) {
		if _, err := dtx.ExecContext(ctx, `DELETE FROM `+quoteIdent(t.name)); err != nil {
			return nil, fmt.Errorf("đích: làm trống bảng %s: %w", t.name, err)
		}
	}
	counters, err := sourceCounters(ctx, stx, src.Kind, srcCat)
	if err != nil {
		return nil, fmt.Errorf("nguồn: đọc bộ đếm mã số: %w", err)
	}
	var out []CopiedTable
	for _, t := range tables {
		n, err := copyRows(ctx, stx, dtx, src.Kind, dst.Kind, t, progress)
		if err != nil {
			return nil, err
		}
		out = append(out, CopiedTable{Name: t.name, Rows: n})
	}
	if err := restore(); err != nil {
		return nil, err
	}
	if err := setCounters(ctx, dtx, dst.Kind, tables, counters); err != nil {
		return nil, fmt.Errorf("đích: đặt bộ đếm mã số: %w", err)
	}
	if err := dtx.Commit(); err != nil {
		return nil, fmt.Errorf("đích: ghi giao dịch: %w", err)
	}
	return out, nil
}

// copyRows streams the rows of t from stx into dtx, a batch at a time.
func copyRows(ctx context.Context, stx, dtx *sql.Tx, sk, dk Kind, t *copyTable, progress CopyProgress) (int64, error) {
	var total int64
	if err := stx.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t.name)).Scan(&total); err != nil {
		return 0, fmt.Errorf("nguồn: đếm bảng %s: %w", t.name, err)
	}
	if total == 0 {
		return 0, nil
	}
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = quoteIdent(c.name)
	}
	order := "rowid"
	if len(t.pk) > 0 {
		var pk []string
		for _, c := range t.pk {
			pk = append(pk, quoteIdent(c))
		}
		order = strings.Join(pk, ", ")
	} else if sk == Postgres {
		order = strings.Join(names, ", ")
	}
	rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+quoteIdent(t.name)+` ORDER BY `+order)
	if err != nil {
		return 0, fmt.Errorf("nguồn: đọc bảng %s: %w", t.name, err)
	}
	defer rows.Close()
	per := max(1, min(copyBatchRows, copyBatchArgs/len(t.cols)))
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	batch := make([]any, 0, per*len(t.cols))
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var done, size int64
	flush := func() error {
		n := len(batch) / len(t.cols)
		if n == 0 {
			return nil
		}
		var err error
		if n == per {
			if full == nil {
				if full, err = dtx.PrepareContext(ctx, insertSQL(dk, t, names, n)); err != nil {
					return fmt.Errorf("đích: bảng %s: %w", t.name, err)
				}
			}
			_, err = full.ExecContext(ctx, batch...)
		} else {
			_, err = dtx.ExecContext(ctx, insertSQL(dk, t, names, n), batch...)
		}
		if err != nil {
			return fmt.Errorf("đích: ghi bảng %s: %w", t.name, err)
		}
		done += int64(n)
		batch, size = batch[:0], 0
		if progress != nil {
			return progress(t.name, done, total)
		}
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("nguồn: đọc bảng %s: %w", t.name, err)
		}
		for i, c := range t.cols {
			v, err := convertValue(vals[i], c, dk)
			if err != nil {
				return 0, fmt.Errorf("bảng %s, cột %s: %w", t.name, c.name, err)
			}
			switch x := v.(type) {
			case string:
				size += int64(len(x))
			case []byte:
				size += int64(len(x))
			}
			batch = append(batch, v)
		}
		if len(batch) == per*len(t.cols) || size >= copyBatchBytes {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("nguồn: đọc bảng %s: %w", t.name, err)
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if done != total { // one snapshot: cannot happen, unless the source is not what it says
		return 0, fmt.Errorf("nguồn: bảng %s có %d dòng nhưng đọc được %d", t.name, total, done)
	}
	return done, nil
}

func insertSQL(k Kind, t *copyTable, names []string, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(t.name) + " (" + strings.Join(names, ", ") + ")")
	if k == Postgres && slices.ContainsFunc(t.cols, func(c copyColumn) bool { return c.identity }) {
		b.WriteString(" OVERRIDING SYSTEM VALUE")
	}
	b.WriteString(" VALUES ")
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for i := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			if k == Postgres {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// convertValue turns v, as the source's driver read it, into what the
// target column c stores.
func convertValue(v any, c copyColumn, dk Kind) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, fmt.Errorf("không chuyển được giá trị %T %v sang kiểu %s", v, v, c.typ)
	}
	switch c.class {
	case classTime: // PostgreSQL timestamptz
		switch x := v.(type) {
		case int64: // SQLite: Unix microseconds, 0 = unset
			if x == 0 {
				return "-infinity", nil
			}
			return time.UnixMicro(x).UTC(), nil
		case time.Time:
			return x, nil
		case string:
			if x == "-infinity" || x == "infinity" {
				return x, nil
			}
		}
		return bad()
	case classBool: // PostgreSQL BOOLEAN
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
		return bad()
	case classInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case time.Time: // into SQLite's Unix microseconds
			if dk == SQLite {
				return x.UnixMicro(), nil
			}
		case string:
			if dk == SQLite && x == "-infinity" {
				return int64(0), nil
			}
		}
		return bad()
	case classBytes:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		return bad()
	case classFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
		return bad()
	default: // text
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			if dk == Postgres {
				return strconv.FormatInt(x, 10), nil
			}
			return x, nil
		}
		return bad()
	}
}

// classOf says what a column of the catalogue's type stores.
func classOf(k Kind, typ string) colClass {
	t := strings.ToLower(typ)
	if k == Postgres {
		switch {
		case t == "bigint" || t == "integer" || t == "smallint":
			return classInt
		case t == "boolean":
			return classBool
		case strings.HasPrefix(t, "timestamp"):
			return classTime
		case t == "bytea":
			return classBytes
		case t == "real" || t == "double precision":
			return classFloat
		}
		return classText
	}
	// SQLite's type affinity rules.
	switch {
	case strings.Contains(t, "int"):
		return classInt
	case strings.Contains(t, "char"), strings.Contains(t, "clob"), strings.Contains(t, "text"):
		return classText
	case t == "" || strings.Contains(t, "blob"):
		return classBytes
	case strings.Contains(t, "real"), strings.Contains(t, "floa"), strings.Contains(t, "doub"):
		return classFloat
	}
	return classInt
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// copyCatalogue reads the tables a copy writes, with their columns,
// primary keys and foreign keys.
func copyCatalogue(ctx context.Context, x Execer, k Kind) (map[string]*copyTable, error) {
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
func eachRow(ctx context.Context, x Execer, q string, fn func(a, b string), args ...any) error {
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
		return nil, errors.New("đích không có bảng nào để chép")
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
					return fmt.Errorf("đích: tạo lại trigger %s: %w", t.name, err)
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
			return fmt.Errorf("đích: kiểm tra khóa ngoại: %w", err)
		}
		for _, f := range fks {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(f.table)+` ALTER CONSTRAINT `+quoteIdent(f.name)+` NOT DEFERRABLE`); err != nil {
				return fmt.Errorf("đích: %w", err)
			}
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+quoteIdent(t.name)+` ENABLE TRIGGER USER`); err != nil {
				return fmt.Errorf("đích: %w", err)
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
		return fmt.Errorf("đích: bảng %s, dòng %d trỏ tới một dòng không có trong bảng %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// sourceCounters reads the source's ID counters, by table: a counter
// may be past the highest ID left (rows deleted), and the target must
// not hand those IDs out again.
func sourceCounters(ctx context.Context, x Execer, k Kind, cat map[string]*copyTable) (map[string]int64, error) {
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
		return "", 0, fmt.Errorf("có bảng (%s…) nhưng không phải cơ sở dữ liệu của trangtin: chỉ chép vào một cơ sở dữ liệu trống", tableNames(cat)[0])
	}
	return firstNonEmpty(ctx, tx, cat)
}

// firstNonEmpty names a table of cat holding rows other than the
// migrations' seeds, and how many.
func firstNonEmpty(ctx context.Context, x Execer, cat map[string]*copyTable) (string, int64, error) {
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
