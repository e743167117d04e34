// Package sqlstore holds the queries that are the same on SQLite and
// PostgreSQL, written once against a small Dialect: how a time is stored
// and read back, what a driver error means, and the few words of SQL that
// differ. The engine packages (store/sqlite, store/postgres) keep opening
// the database, their migrations, search and mail claiming, and embed a
// *DB so that the store methods written here are theirs.
//
// Queries are written with ? placeholders and a few macros (see Q); each is turned into both engines' forms once, when the
// package is initialised, never per call.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/search"
)

// Kind names an engine.
type Kind int

const (
	SQLite Kind = iota
	Postgres
)

// Class is what a driver error means to the application.
type Class int

const (
	Other      Class = iota // not mapped: stays as it is (a 500)
	Unique                  // a unique or primary key constraint
	ForeignKey              // a missing referenced row
	Full                    // the disk (or the database's size cap) is full
	Busy                    // locked, busy, unreachable, shutting down: try later
)

// Dialect is what differs between the engines for the shared queries.
type Dialect struct {
	Kind Kind
	// Time encodes t as a query argument; the zero time is "unset".
	Time func(t time.Time) any
	// TimeDest is a scan destination filling *t, unset as the zero time.
	TimeDest func(t *time.Time) sql.Scanner
	// Classify says what a driver error means; it is given errors that are
	// not nil and not sql.ErrNoRows.
	Classify func(err error) Class
	// NoLimit is the LIMIT argument that sets no limit.
	NoLimit any
	// Index writes d into the search index inside tx (the engine's own).
	Index func(ctx context.Context, tx *sql.Tx, d search.Doc) error
	// ClearIndex empties the search index inside tx (DELETE rather than
	// TRUNCATE, whose exclusive lock would block searches).
	ClearIndex func(ctx context.Context, tx *sql.Tx) error
	// Lock serialises, until tx ends, the writers of key in the namespace
	// ns (LockRate, LockLogin) across every process; nil when one writer
	// at a time is all the engine allows anyway (SQLite).
	Lock func(ctx context.Context, tx *sql.Tx, ns int, key string) error
}

// DB is the part of an open store the shared queries use: a writer pool,
// a reader pool (the same pool on PostgreSQL) and the dialect.
type DB struct {
	w, r *sql.DB
	d    *Dialect
}

// New returns a DB writing through w and reading through r.
func New(w, r *sql.DB, d *Dialect) *DB { return &DB{w: w, r: r, d: d} }

// Query is one statement in both engines' forms.
type Query struct{ forms [2]string }

// macros are the words of SQL that differ, as {name} in a query: SQLite's
// form, then PostgreSQL's.
var macros = map[string][2]string{
	// Lock the rows read until the transaction ends; SQLite's single
	// writer already serialises.
	"{forupdate}": {"", " FOR UPDATE"},
	// Bytewise order, whatever the database's locale; SQLite's default
	// collation is already bytewise.
	"{C}": {"", ` COLLATE "C"`},
	// Skip the rows other transactions have locked (a queue taken by
	// several nodes); SQLite has one writer.
	"{skiplocked}": {"", " FOR UPDATE SKIP LOCKED"},
	// A subquery of one column, value: the integers of a JSON array given
	// as one text argument.
	"{ints}": {`SELECT value FROM json_each(?) WHERE type = 'integer'`,
		`SELECT value::bigint AS value FROM jsonb_array_elements_text(?::jsonb) AS j(value)`},
	// The same for the strings of a JSON array.
	"{texts}": {`SELECT value FROM json_each(?) WHERE type = 'text'`,
		`SELECT value FROM jsonb_array_elements_text(?::jsonb) AS j(value)`},
	// Case-insensitive LIKE: SQLite's LIKE already is, for ASCII letters.
	"{ilike}": {"LIKE", "ILIKE"},
}

// Q turns a statement written with ? placeholders and macros into both
// engines' forms: ? stays for SQLite and becomes $1, $2, … for PostgreSQL
// (a ? in a quoted string or name is left alone); each {macro} becomes its
// engine's words. Call it at package initialisation.
func Q(s string) Query {
	var forms [2]string
	for k := range forms {
		var pairs []string
		for name, m := range macros {
			pairs = append(pairs, name, m[k])
		}
		forms[k] = strings.NewReplacer(pairs...).Replace(s)
	}
	forms[Postgres] = rebind(forms[Postgres])
	return Query{forms: forms}
}

// rebind numbers the ? placeholders outside quotes.
func rebind(s string) string {
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// q is query's form for this engine.
func (d *Dialect) q(query Query) string { return query.forms[d.Kind] }

// collateC is the COLLATE clause that sorts bytewise, for queries built
// per call.
func (d *Dialect) collateC() string {
	if d.Kind == Postgres {
		return ` COLLATE "C"`
	}
	return ""
}

// args collects the arguments of a query built per call and writes each
// one's placeholder in the engine's form (no rewrite afterwards).
type args struct {
	kind Kind
	v    []any
}

func (a *args) add(v any) string {
	a.v = append(a.v, v)
	if a.kind == Postgres {
		return "$" + strconv.Itoa(len(a.v))
	}
	return "?"
}

// MapErr turns a driver error into an application error. A missing row
// is notFound, the domain's sentinel with its sentence (nil: NotFound with
// the generic one); the other classes get their code and no sentence of
// the store's own (apperr.MessageOf then gives the code's default): the
// domain owns every sentence a user reads.
func (d *Dialect) MapErr(err error, notFound error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return NotFound(notFound, err)
	}
	switch d.Classify(err) {
	case Unique:
		return apperr.Wrap(apperr.Conflict, "", err)
	case ForeignKey:
		return apperr.Wrap(apperr.Invalid, "", err)
	case Full:
		return apperr.Wrap(apperr.Unavailable, apperr.MsgStorageFull, err)
	case Busy:
		return apperr.Wrap(apperr.Unavailable, "", err)
	}
	return err
}

// Execer is what both *sql.DB and *sql.Tx offer.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// NotFound is the domain's sentinel notFound (nil: a bare NotFound)
// around cause (may be nil): errors.Is finds both, and the user reads the
// sentinel's sentence.
func NotFound(notFound, cause error) error {
	if notFound == nil {
		return apperr.Wrap(apperr.NotFound, "", cause)
	}
	if cause == nil {
		return notFound
	}
	return &apperr.Error{Code: apperr.NotFound, Message: apperr.MessageOf(notFound), Err: errors.Join(notFound, cause)}
}

// ExecOne runs a write and returns notFound (see MapErr) if it touched no
// row.
func (d *Dialect) ExecOne(ctx context.Context, x Execer, notFound error, query string, args ...any) error {
	res, err := x.ExecContext(ctx, query, args...)
	if err != nil {
		return d.MapErr(err, notFound)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return NotFound(notFound, nil)
	}
	return nil
}

// WriteTx runs fn in one transaction on w (BEGIN IMMEDIATE on SQLite),
// mapping its error for what.
func (d *Dialect) WriteTx(ctx context.Context, w *sql.DB, what error, fn func(tx *sql.Tx) error) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return d.MapErr(err, what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return d.MapErr(err, what)
	}
	return d.MapErr(tx.Commit(), what)
}

func (db *DB) writeTx(ctx context.Context, what error, fn func(tx *sql.Tx) error) error {
	return db.d.WriteTx(ctx, db.w, what, fn)
}

// Now is the current time as stored: UTC, whole microseconds.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Nullable stores "" as NULL so unique indexes ignore it.
func Nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// CountsByID reads rows of (id, count) into a map, closing rows.
func CountsByID(rows *sql.Rows) (map[int64]int, error) {
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
