package sqlite

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/search"
	"trangtin/internal/store/sqlstore"
)

// execer is what both *sql.DB and *sql.Tx offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func index(ctx context.Context, tx execer, d search.Doc) error {
	f := search.Fields(d)
	var public any
	if !d.PublicFrom.IsZero() {
		public = micros(d.PublicFrom)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO search_docs (site_id, kind, ref_id, category_id, public_from, published_at,
			slug, source_url, code, title, byline, title_streams)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET site_id = excluded.site_id, category_id = excluded.category_id,
			public_from = excluded.public_from, published_at = excluded.published_at, slug = excluded.slug,
			source_url = excluded.source_url, code = excluded.code, title = excluded.title, byline = excluded.byline,
			title_streams = excluded.title_streams
		RETURNING id`,
		d.SiteID, d.Kind, d.RefID, d.CategoryID, public, micros(d.PublishedAt), d.Slug, d.SourceURL, d.Code, d.Title, d.Byline,
		search.PackStreams(f.TitleFolded, f.TitleExact)).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO search_text (id, streams) VALUES (?, ?)`,
		id, search.PackStreams(f.TextFolded, f.TextExact)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, title, text, byline) VALUES (?, ?, ?, ?)`,
		id, f.TitleFolded, f.TextFolded, f.BylineFolded)
	return err
}

// reindexIfTodo rebuilds the index once after migration 0045 made its
// tables anew.
func (db *DB) reindexIfTodo(ctx context.Context) error {
	var todo bool
	if err := db.w.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM search_reindex_todo)`).Scan(&todo); err != nil || !todo {
		return err
	}
	if err := db.Reindex(ctx, nil); err != nil {
		return err
	}
	if _, err := db.w.ExecContext(ctx, `DELETE FROM search_reindex_todo`); err != nil {
		return err
	}
	// The rebuild went through the write-ahead log, which keeps its size
	// after a checkpoint: give that space back rather than keep a log the
	// size of the whole index on disk.
	_, err := db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// LoadText fills the Text of hits from the content (search.TextLoader):
// the index keeps only the streams ranking needs.
func (db *DB) LoadText(ctx context.Context, hits []search.Hit) error {
	for i := range hits {
		text, err := db.SearchText(ctx, hits[i].Doc)
		if err != nil {
			return dialect.MapErr(err, nil)
		}
		hits[i].Text = text
	}
	return nil
}

// ftsQuery writes q in FTS5's syntax. Every token is quoted, and tokens
// hold only letters and digits, so no input can form an operator.
func ftsQuery(q search.Query) string {
	quote := func(ts []search.Term) string { return `"` + strings.Join(search.Folded(ts), " ") + `"` }
	var parts []string
	inPhrase := map[string]bool{} // a phrase already requires its words
	for _, p := range q.Phrases {
		parts = append(parts, quote(p))
		for _, t := range p {
			inPhrase[t.Folded] = true
		}
	}
	for _, t := range q.Required {
		if !inPhrase[t.Folded] {
			parts = append(parts, quote([]search.Term{t}))
		}
	}
	expr := strings.Join(parts, " AND ")
	for _, t := range q.Excluded {
		expr += " NOT " + quote([]search.Term{t})
	}
	return expr
}

// searchWhere builds the filter part shared by the count and the ranking;
// titleOnly restricts the match to titles.
func searchWhere(q search.Query, f search.Filter, titleOnly bool) (string, []any) {
	match := ftsQuery(q)
	if titleOnly {
		match = "title : (" + match + ")"
	}
	conds := []string{"search_fts MATCH ?", "d.public_from IS NOT NULL", "d.public_from <= ?"}
	args := []any{match, micros(f.Now)}
	if len(f.SiteIDs) > 0 {
		conds = append(conds, "d.site_id IN (?"+strings.Repeat(", ?", len(f.SiteIDs)-1)+")")
		for _, id := range f.SiteIDs {
			args = append(args, id)
		}
	} else {
		conds = append(conds, "d.site_id = ?")
		args = append(args, f.SiteID)
	}
	if len(f.Kinds) > 0 {
		conds = append(conds, "d.kind IN (?"+strings.Repeat(", ?", len(f.Kinds)-1)+")")
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(f.Hidden)) {
		ids := f.Hidden[kind]
		conds = append(conds, "NOT (d.kind = ? AND d.site_id IN (?"+strings.Repeat(", ?", len(ids)-1)+"))")
		args = append(args, kind)
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if len(f.CategoryIDs) > 0 {
		conds = append(conds, "d.category_id IN (?"+strings.Repeat(", ?", len(f.CategoryIDs)-1)+")")
		for _, id := range f.CategoryIDs {
			args = append(args, id)
		}
	}
	if !f.From.IsZero() {
		conds = append(conds, "d.published_at >= ?")
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "d.published_at < ?")
		args = append(args, micros(f.To))
	}
	return strings.Join(conds, " AND "), args
}

const ftsJoin = `FROM search_fts CROSS JOIN search_docs d ON d.id = search_fts.rowid WHERE `

// SearchCandidates finds matches with FTS5. CROSS JOIN keeps the
// full-text match as the outer loop: left to itself, SQLite's planner
// walks every document of the site and runs the match once per row.
//
// One pass, newest first and without scoring, counts up to
// search.MaxCount+1 matches. Up to search.MaxCount, one statement scores
// them all with bm25 (title ten times the text, byline three times) and
// keeps the best. Past it, scoring them all would cost tens of
// milliseconds on a 100,000-article archive (bm25's document frequencies
// walk each word's whole posting list), so the candidates are the newest
// matches and the newest title matches, for Go's ranking to order. Either
// way, a query of several words also draws the newest matches of the
// whole query as one phrase: the article that holds the phrase is a
// candidate however many documents hold its words apart.
func (db *DB) SearchCandidates(ctx context.Context, q search.Query, f search.Filter, limit int) ([]search.Candidate, int, error) {
	out, total, err := db.searchCandidates(ctx, q, f, limit)
	return out, total, dialect.MapErr(err, nil) // a busy database is a 503, as on PostgreSQL
}

// CountBySite counts the first search.MaxCount+1 matches per site.
func (db *DB) CountBySite(ctx context.Context, q search.Query, f search.Filter) (map[int64]int, error) {
	where, args := searchWhere(q, f, false)
	rows, err := db.r.QueryContext(ctx, `SELECT site_id, count(*) FROM (SELECT d.site_id `+ftsJoin+where+` LIMIT ?) GROUP BY site_id`,
		append(args, search.MaxCount+1)...)
	if err != nil {
		return nil, dialect.MapErr(err, nil)
	}
	out, err := sqlstore.CountsByID(rows)
	return out, dialect.MapErr(err, nil)
}

func (db *DB) searchCandidates(ctx context.Context, q search.Query, f search.Filter, limit int) ([]search.Candidate, int, error) {
	where, args := searchWhere(q, f, false)
	ids, err := db.matchIDs(ctx, where, args, search.MaxCount+1)
	if err != nil || len(ids) == 0 {
		return nil, 0, err
	}
	total := len(ids)
	scores := map[int64]float64{} // -bm25 of the scored candidates
	var order []int64             // candidates, best first in the engine's order
	add := func(ids []int64) {
		for _, id := range ids {
			if _, ok := scores[id]; !ok {
				scores[id] = 0
				order = append(order, id)
			}
		}
	}
	switch {
	case total <= search.MaxCount:
		rows, err := db.r.QueryContext(ctx, `SELECT d.id, bm25(search_fts, 10.0, 1.0, 3.0) AS score `+ftsJoin+where+` ORDER BY score LIMIT ?`,
			append(args, limit)...)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var id int64
			var score float64
			if err := rows.Scan(&id, &score); err != nil {
				rows.Close()
				return nil, 0, err
			}
			scores[id] = -score // bm25: lower is better
			order = append(order, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	default:
		add(ids[:min(limit, len(ids))]) // the newest matches
		titleWhere, titleArgs := searchWhere(q, f, true)
		titles, err := db.matchIDs(ctx, titleWhere, titleArgs, limit)
		if err != nil {
			return nil, 0, err
		}
		add(titles)
	}
	if pq, ok := search.WholePhrase(q); ok && total > limit {
		pWhere, pArgs := searchWhere(pq, f, false)
		phrased, err := db.matchIDs(ctx, pWhere, pArgs, limit)
		if err != nil {
			return nil, 0, err
		}
		add(phrased)
	}
	out, err := db.candidates(ctx, order, scores, hasAccented(q))
	return out, total, err
}

func hasAccented(q search.Query) bool {
	for _, t := range q.Required {
		if t.Accented {
			return true
		}
	}
	return false
}

// matchIDs returns the ids of the newest n matches of where.
func (db *DB) matchIDs(ctx context.Context, where string, args []any, n int) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.id `+ftsJoin+where+` ORDER BY search_fts.rowid DESC LIMIT ?`, append(args, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// candidates reads the rows of ids, in that order, with their engine
// scores; the exact-key streams only when ranking will look at them.
func (db *DB) candidates(ctx context.Context, ids []int64, scores map[int64]float64, wantExact bool) ([]search.Candidate, error) {
	var list strings.Builder
	list.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString(strconv.FormatInt(id, 10))
	}
	list.WriteByte(']')
	rows, err := db.r.QueryContext(ctx, `SELECT d.id, d.site_id, d.kind, d.ref_id, d.category_id, d.public_from, d.published_at,
			d.slug, d.source_url, d.code, d.title, d.byline, d.title_streams, s.streams
		FROM json_each(?) j CROSS JOIN search_docs d ON d.id = j.value CROSS JOIN search_text s ON s.id = d.id`, list.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]search.Candidate, len(ids))
	for rows.Next() {
		var c search.Candidate
		var id int64
		var public sql.NullInt64
		var published int64
		var title, text string
		if err := rows.Scan(&id, &c.SiteID, &c.Kind, &c.RefID, &c.CategoryID, &public, &published,
			&c.Slug, &c.SourceURL, &c.Code, &c.Title, &c.Byline, &title, &text); err != nil {
			return nil, err
		}
		c.PublicFrom, c.PublishedAt = fromMicros(public.Int64), fromMicros(published)
		c.TitleFolded, c.TitleExact = search.UnpackStreams(title, wantExact)
		c.TextFolded, c.TextExact = search.UnpackStreams(text, wantExact)
		c.EngineScore = scores[id]
		byID[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]search.Candidate, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}
