package sqlite

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"sort"
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
	err := tx.QueryRowContext(ctx, `INSERT INTO search_docs (site_id, kind, ref_id, category_id, title, text, byline, slug, source_url,
			public_from, published_at, title_folded, text_folded, title_exact, text_exact, code)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET site_id = excluded.site_id, category_id = excluded.category_id,
			title = excluded.title, text = excluded.text, byline = excluded.byline, slug = excluded.slug,
			source_url = excluded.source_url, public_from = excluded.public_from, published_at = excluded.published_at,
			title_folded = excluded.title_folded, text_folded = excluded.text_folded,
			title_exact = excluded.title_exact, text_exact = excluded.text_exact, code = excluded.code
		RETURNING id`,
		d.SiteID, d.Kind, d.RefID, d.CategoryID, d.Title, d.Text, d.Byline, d.Slug, d.SourceURL,
		public, micros(d.PublishedAt), f.TitleFolded, f.TextFolded, f.TitleExact, f.TextExact, d.Code).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, title, text, byline) VALUES (?, ?, ?, ?)`,
		id, f.TitleFolded, f.TextFolded, f.BylineFolded)
	return err
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
// Up to search.MaxCount matches, every match is scored with bm25 (title
// ten times the text, byline three times) in the same pass that counts
// them, and the best come first. Past
// it, scoring them all would take a second on a 100,000-article archive,
// so the candidates are the newest matches and the newest title matches
// (FTS5 walks its index newest first and stops at the limit), bm25-scored
// for Go's ranking to order.
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
	// One pass of the full-text match gives the count (up to MaxCount+1)
	// and, below MaxCount, every match's score: the best are picked here.
	type scored struct {
		id    int64
		score float64
	}
	var matches []scored
	srows, err := db.r.QueryContext(ctx, `SELECT d.id, bm25(search_fts, 10.0, 1.0, 3.0) `+ftsJoin+where+` LIMIT ?`,
		append(args, search.MaxCount+1)...)
	if err != nil {
		return nil, 0, err
	}
	for srows.Next() {
		var m scored
		if err := srows.Scan(&m.id, &m.score); err != nil {
			srows.Close()
			return nil, 0, err
		}
		matches = append(matches, m)
	}
	srows.Close()
	if err := srows.Err(); err != nil {
		return nil, 0, err
	}
	total := len(matches)
	if total == 0 {
		return nil, 0, nil
	}
	var top string
	var topArgs []any
	if total <= search.MaxCount {
		sort.Slice(matches, func(i, j int) bool { return matches[i].score < matches[j].score }) // bm25: lower is better
		matches = matches[:min(limit, len(matches))]
		var b strings.Builder
		b.WriteString("VALUES ")
		for i, m := range matches {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			topArgs = append(topArgs, m.id, m.score)
		}
		top = `SELECT column1 AS id, column2 AS score FROM (` + b.String() + `)`
	} else {
		titleWhere, titleArgs := searchWhere(q, f, true)
		top = `SELECT id, min(score) AS score FROM (
				SELECT * FROM (SELECT d.id, bm25(search_fts, 10.0, 1.0, 3.0) AS score ` + ftsJoin + where + ` ORDER BY search_fts.rowid DESC LIMIT ?)
				UNION ALL
				SELECT * FROM (SELECT d.id, bm25(search_fts, 10.0, 1.0, 3.0) AS score ` + ftsJoin + titleWhere + ` ORDER BY search_fts.rowid DESC LIMIT ?)
			) GROUP BY id`
		topArgs = append(append(append(args, limit), titleArgs...), limit)
	}
	rows, err := db.r.QueryContext(ctx, `WITH top AS (`+top+`)
		SELECT d.site_id, d.kind, d.ref_id, d.category_id, d.title, d.text, d.byline, d.slug, d.source_url,
			d.public_from, d.published_at, d.title_folded, d.text_folded, d.title_exact, d.text_exact, d.code, top.score
		FROM top JOIN search_docs d ON d.id = top.id ORDER BY top.score`, topArgs...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []search.Candidate
	for rows.Next() {
		var c search.Candidate
		var public, published int64
		var score float64
		if err := rows.Scan(&c.SiteID, &c.Kind, &c.RefID, &c.CategoryID, &c.Title, &c.Text, &c.Byline, &c.Slug, &c.SourceURL,
			&public, &published, &c.TitleFolded, &c.TextFolded, &c.TitleExact, &c.TextExact, &c.Code, &score); err != nil {
			return nil, 0, err
		}
		c.PublicFrom, c.PublishedAt = fromMicros(public), fromMicros(published)
		c.EngineScore = -score // bm25: lower is better
		out = append(out, c)
	}
	return out, total, rows.Err()
}
