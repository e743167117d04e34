package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"trangtin/internal/redirect"
)

var qPutRedirect = Q(`INSERT INTO redirects (site_id, old_key, to_site_id, to_path, source, created_at) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (site_id, old_key) DO UPDATE SET to_site_id = excluded.to_site_id, to_path = excluded.to_path, source = excluded.source`)

// PutRedirects adds or replaces entries in one transaction.
func (db *DB) PutRedirects(ctx context.Context, entries []redirect.Entry) error {
	return db.writeTx(ctx, redirect.ErrNotFound, func(tx *sql.Tx) error { return db.PutRedirectsTx(ctx, tx, entries) })
}

// PutRedirectsTx is PutRedirects inside the caller's transaction, so that
// an imported or moved record and its old address are written together.
func (db *DB) PutRedirectsTx(ctx context.Context, tx *sql.Tx, entries []redirect.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, db.q(qPutRedirect))
	if err != nil {
		return db.mapErr(err, redirect.ErrNotFound)
	}
	defer stmt.Close()
	now := db.t(Now())
	for _, e := range entries {
		if _, err := stmt.ExecContext(ctx, e.SiteID, e.From, e.ToSiteID, e.To, e.Source, now); err != nil {
			return db.mapErr(err, redirect.ErrNotFound)
		}
	}
	return nil
}

// FindRedirect returns the entry of the first of keys that has one.
func (db *DB) FindRedirect(ctx context.Context, siteID int64, keys []string) (redirect.Entry, error) {
	if len(keys) == 0 {
		return redirect.Entry{}, redirect.ErrNotFound
	}
	a := db.args()
	site := a.add(siteID)
	marks := make([]string, len(keys))
	for i, k := range keys {
		marks[i] = a.add(k)
	}
	found, err := listSQL(db, ctx, redirect.ErrNotFound, func(row scanner) (redirect.Entry, error) {
		e := redirect.Entry{SiteID: siteID}
		return e, row.Scan(&e.From, &e.ToSiteID, &e.To, &e.Source)
	}, `SELECT old_key, to_site_id, to_path, source FROM redirects WHERE site_id = `+site+` AND old_key IN (`+strings.Join(marks, ", ")+`)`, a.v...)
	if err != nil {
		return redirect.Entry{}, err
	}
	for _, k := range keys {
		for _, e := range found {
			if e.From == k {
				return e, nil
			}
		}
	}
	return redirect.Entry{}, redirect.ErrNotFound
}
