package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"trangtin/internal/redirect"
)

// putRedirectsChunk is how many entries one INSERT writes (6 values
// each: well below both engines' limits on a statement's parameters).
const putRedirectsChunk = 500

// PutRedirects adds or replaces entries in one transaction.
func (db *DB) PutRedirects(ctx context.Context, entries []redirect.Entry) error {
	return db.writeTx(ctx, redirect.ErrNotFound, func(tx *sql.Tx) error { return db.PutRedirectsTx(ctx, tx, entries) })
}

// PutRedirectsTx is PutRedirects inside the caller's transaction, so that
// an imported or moved record and its old address are written together.
// Entries are written putRedirectsChunk to a statement; of two entries
// for the same old address, the later one wins, as it would one by one
// (a statement may not change a row twice on PostgreSQL).
func (db *DB) PutRedirectsTx(ctx context.Context, tx *sql.Tx, entries []redirect.Entry) error {
	type key struct {
		site int64
		from string
	}
	last := make(map[key]int, len(entries))
	for i, e := range entries {
		last[key{e.SiteID, e.From}] = i
	}
	now := db.t(Now())
	for start := 0; start < len(entries); start += putRedirectsChunk {
		a := db.args()
		var rows []string
		for i, e := range entries[start:min(len(entries), start+putRedirectsChunk)] {
			if last[key{e.SiteID, e.From}] != start+i {
				continue // a later entry replaces it
			}
			rows = append(rows, "("+strings.Join([]string{a.add(e.SiteID), a.add(e.From), a.add(e.ToSiteID), a.add(e.To), a.add(e.Source), a.add(now)}, ", ")+")")
		}
		if len(rows) == 0 {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO redirects (site_id, old_key, to_site_id, to_path, source, created_at) VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT (site_id, old_key) DO UPDATE SET to_site_id = excluded.to_site_id, to_path = excluded.to_path, source = excluded.source`, a.v...)
		if err != nil {
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
