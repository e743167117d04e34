package storecopy

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
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
		return nil, &Error{Op: OpBegin, Err: err}
	}
	defer stx.Rollback()
	dtx, err := dst.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, &Error{Op: OpBegin, Target: true, Err: err}
	}
	defer dtx.Rollback()

	srcCat, err := copyCatalogue(ctx, stx, src.Kind)
	if err != nil {
		return nil, &Error{Op: OpCatalogue, Err: err}
	}
	dstCat, err := copyCatalogue(ctx, dtx, dst.Kind)
	if err != nil {
		return nil, &Error{Op: OpCatalogue, Target: true, Err: err}
	}
	tables, err := copyOrder(dstCat)
	if err != nil {
		return nil, err
	}
	if err := sameSchema(srcCat, dstCat, tables); err != nil {
		return nil, err
	}

	restore, err := suspendChecks(ctx, dtx, dst.Kind, tables)
	if err != nil {
		return nil, &Error{Op: OpPrepare, Target: true, Err: err}
	}
	// Checked again inside the transaction that writes: the seeds the
	// migrations wrote (the audit chain's head), and nothing else, give
	// way to the source's rows.
	if name, n, err := firstNonEmpty(ctx, dtx, dstCat); err != nil {
		return nil, &Error{Op: OpCatalogue, Target: true, Err: err}
	} else if name != "" {
		return nil, &Error{Op: OpNotEmpty, Target: true, Table: name, Rows: n}
	}
	for _, t := range slices.Backward(tables) {
		if _, err := dtx.ExecContext(ctx, `DELETE FROM `+quoteIdent(t.name)); err != nil {
			return nil, &Error{Op: OpClear, Target: true, Table: t.name, Err: err}
		}
	}
	counters, err := sourceCounters(ctx, stx, src.Kind, srcCat)
	if err != nil {
		return nil, &Error{Op: OpCounters, Err: err}
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
		if _, ok := errors.AsType[*Error](err); ok {
			return nil, err
		}
		return nil, &Error{Op: OpRestore, Target: true, Err: err}
	}
	if err := setCounters(ctx, dtx, dst.Kind, tables, counters); err != nil {
		return nil, &Error{Op: OpCounters, Target: true, Err: err}
	}
	if err := dtx.Commit(); err != nil {
		return nil, &Error{Op: OpCommit, Target: true, Err: err}
	}
	return out, nil
}

// copyRows streams the rows of t from stx into dtx, a batch at a time.
//
// Long: the read loop and the flush that writes a batch share the batch,
// its size and the prepared statement of a full batch.
func copyRows(ctx context.Context, stx, dtx *sql.Tx, sk, dk Kind, t *copyTable, progress CopyProgress) (int64, error) {
	var total int64
	if err := stx.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t.name)).Scan(&total); err != nil {
		return 0, &Error{Op: OpRead, Table: t.name, Err: err}
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
		return 0, &Error{Op: OpRead, Table: t.name, Err: err}
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
					return &Error{Op: OpWrite, Target: true, Table: t.name, Err: err}
				}
			}
			_, err = full.ExecContext(ctx, batch...)
		} else {
			_, err = dtx.ExecContext(ctx, insertSQL(dk, t, names, n), batch...)
		}
		if err != nil {
			return &Error{Op: OpWrite, Target: true, Table: t.name, Err: err}
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
			return 0, &Error{Op: OpRead, Table: t.name, Err: err}
		}
		for i, c := range t.cols {
			v, err := convertValue(vals[i], c, dk)
			if err != nil {
				return 0, &Error{Op: OpConvert, Target: true, Table: t.name, Column: c.name, Err: err}
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
		return 0, &Error{Op: OpRead, Table: t.name, Err: err}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if done != total { // one snapshot: cannot happen, unless the source is not what it says
		return 0, &Error{Op: OpRowCount, Table: t.name, Rows: done, Want: total}
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

// sameSchema checks that both sides have the same tables and columns.
func sameSchema(srcCat, dstCat map[string]*copyTable, tables []*copyTable) error {
	for _, t := range tables {
		s, ok := srcCat[t.name]
		if !ok {
			return &Error{Op: OpNoTable, Table: t.name}
		}
		for _, c := range t.cols {
			if !slices.ContainsFunc(s.cols, func(sc copyColumn) bool { return sc.name == c.name }) {
				return &Error{Op: OpNoColumn, Table: t.name, Column: c.name}
			}
		}
	}
	for name, s := range srcCat {
		t, ok := dstCat[name]
		if !ok {
			return &Error{Op: OpNoTable, Target: true, Table: name}
		}
		for _, c := range s.cols {
			if !slices.ContainsFunc(t.cols, func(tc copyColumn) bool { return tc.name == c.name }) {
				return &Error{Op: OpNoColumn, Target: true, Table: name, Column: c.name}
			}
		}
	}
	return nil
}
