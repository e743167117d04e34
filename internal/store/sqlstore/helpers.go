package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// Shorthands for the shared queries.

func (db *DB) q(query Query) string               { return db.d.q(query) }
func (db *DB) mapErr(err error, what error) error { return db.d.MapErr(err, what) }
func (db *DB) t(t time.Time) any                  { return db.d.Time(t) }
func (db *DB) td(t *time.Time) sql.Scanner        { return db.d.TimeDest(t) }
func (db *DB) args() *args                        { return &args{kind: db.d.Kind} }
func (db *DB) execOne(ctx context.Context, x Execer, what error, query Query, args ...any) error {
	return db.d.ExecOne(ctx, x, what, db.q(query), args...)
}
