package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"trangtin/internal/search"
	"trangtin/internal/store/sqlstore"
)

// index writes d's row; the database derives its tsvector (search_docs.tsv)
// from the folded streams.
func index(ctx context.Context, x execer, d search.Doc) error {
	f := search.Fields(d)
	var public any
	if !d.PublicFrom.IsZero() {
		public = ts(d.PublicFrom)
	}
	_, err := x.ExecContext(ctx, `INSERT INTO search_docs (site_id, kind, ref_id, category_id, title, text, byline, slug, source_url,
			public_from, published_at, title_folded, text_folded, byline_folded, title_exact, text_exact, code)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (kind, ref_id) DO UPDATE SET site_id = excluded.site_id, category_id = excluded.category_id,
			title = excluded.title, text = excluded.text, byline = excluded.byline, slug = excluded.slug,
			source_url = excluded.source_url, public_from = excluded.public_from, published_at = excluded.published_at,
			title_folded = excluded.title_folded, text_folded = excluded.text_folded, byline_folded = excluded.byline_folded,
			title_exact = excluded.title_exact, text_exact = excluded.text_exact, code = excluded.code`,
		d.SiteID, d.Kind, d.RefID, d.CategoryID, d.Title, d.Text, d.Byline, d.Slug, d.SourceURL,
		public, ts(d.PublishedAt), f.TitleFolded, f.TextFolded, f.BylineFolded, f.TitleExact, f.TextExact, d.Code)
	return err
}

// tsQuery writes q in to_tsquery's syntax: required terms joined with &,
// each phrase as 'a' <-> 'b', each exclusion as & !'x'. Every token is
// quoted (and tokens hold only letters and digits; quotes and backslashes
// would be escaped anyway), so no input can form an operator. The result
// is passed as a bind parameter, never spliced into SQL.
func tsQuery(q search.Query) string { return tsQueryOf(q, true) }

// tsQueryOf is tsQuery, without the exclusions unless excluded is set.
func tsQueryOf(q search.Query, excluded bool) string {
	var parts []string
	inPhrase := map[string]bool{} // a phrase already requires its words
	for _, p := range q.Phrases {
		words := make([]string, len(p))
		for i, t := range p {
			words[i] = quoteLexeme(t.Folded)
			inPhrase[t.Folded] = true
		}
		parts = append(parts, "("+strings.Join(words, " <-> ")+")")
	}
	for _, t := range q.Required {
		if !inPhrase[t.Folded] {
			parts = append(parts, quoteLexeme(t.Folded))
		}
	}
	if excluded {
		for _, t := range q.Excluded {
			parts = append(parts, "!"+quoteLexeme(t.Folded))
		}
	}
	return strings.Join(parts, " & ")
}

func quoteLexeme(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// pairsQuery writes, in tsquery's input syntax (each pair one lexeme, not
// parsed into words as to_tsquery would), the adjacent word pairs
// (search_docs.pairs, migration 0047) of q's phrases, which every match
// holds, or "" when q has no phrase of two words or more.
func pairsQuery(q search.Query) string {
	var parts []string
	for _, p := range q.Phrases {
		parts = appendPairs(parts, p)
	}
	return strings.Join(parts, " & ")
}

func appendPairs(parts []string, terms []search.Term) []string {
	for i := 1; i < len(terms); i++ {
		p := quoteLexeme(terms[i-1].Folded + "_" + terms[i].Folded)
		if !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return parts
}

// searchWhere builds the filter part shared by the count and the ranking,
// for rows d of search_docs and the query q (to_tsquery of $1). The
// conditions on the text come first in the returned list of arguments'
// order: $1 is tsQuery(q).
func searchWhere(q search.Query, f search.Filter) (string, []any) {
	args := []any{tsQuery(q)}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds := []string{"d.tsv @@ q"}
	if pq := pairsQuery(q); pq != "" {
		// Implied by the phrases; lets the GIN index of pairs narrow the
		// rows whose positions must be checked.
		conds = append(conds, "d.pairs @@ "+arg(pq)+"::tsquery")
	}
	return strings.Join(append(conds, filterConds(f, arg)...), " AND "), args
}

// filterConds are f's conditions on rows d, their values added by arg.
func filterConds(f search.Filter, arg func(any) string) []string {
	conds := []string{"d.public_from IS NOT NULL", "d.public_from <= " + arg(ts(f.Now))}
	if len(f.SiteIDs) > 0 {
		conds = append(conds, "d.site_id = ANY("+arg(append([]int64(nil), f.SiteIDs...))+")")
	} else {
		conds = append(conds, "d.site_id = "+arg(f.SiteID))
	}
	if len(f.Kinds) > 0 {
		conds = append(conds, "d.kind = ANY("+arg(append([]string(nil), f.Kinds...))+")")
	}
	for _, kind := range slices.Sorted(maps.Keys(f.Hidden)) {
		conds = append(conds, "NOT (d.kind = "+arg(kind)+" AND d.site_id = ANY("+arg(append([]int64(nil), f.Hidden[kind]...))+"))")
	}
	if len(f.CategoryIDs) > 0 {
		conds = append(conds, "d.category_id = ANY("+arg(append([]int64(nil), f.CategoryIDs...))+")")
	}
	if !f.From.IsZero() {
		conds = append(conds, "d.published_at >= "+arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "d.published_at < "+arg(ts(f.To)))
	}
	return conds
}

// searchFrom is the FROM clause that searchWhere's conditions refer to.
const searchFrom = ` FROM search_docs d, to_tsquery('simple', $1) AS q WHERE `

// rankWeights weigh the D (text), C (unused), B (byline) and A (title)
// lexemes for ts_rank_cd, in the ratios of SQLite's bm25 column weights:
// the title ten times the text, the byline three times.
const rankWeights = `'{0.1, 0.2, 0.3, 1.0}'`

// SearchCandidates finds matches in the GIN-indexed tsvectors, best
// ts_rank_cd first (higher is better), newer first among equals.
//
// Up to search.MaxCount matches, every match is scored. Past it, the
// candidates are the union of the newest matches, the newest title
// matches (title_tsv) and, for a query of several words, the newest
// matches holding the words side by side (pairs): each branch is a
// bounded walk over a GIN index's matches, and only the union (at most
// 3 × limit rows) is scored. The adjacent branch is what lets a name or
// a phrase typed without quotes find the articles that contain it
// however many newer ones hold its syllables apart.
func (db *DB) SearchCandidates(ctx context.Context, q search.Query, f search.Filter, limit int) ([]search.Candidate, int, error) {
	where, args := searchWhere(q, f)
	var total int
	if err := db.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1`+searchFrom+where+` LIMIT $%d) c`, len(args)+1),
		append(args, search.MaxCount+1)...).Scan(&total); err != nil {
		return nil, 0, mapErr(err, nil)
	}
	if total == 0 {
		return nil, 0, nil
	}
	score := `ts_rank_cd(` + rankWeights + `, d.tsv, q)`
	var top string
	if total <= search.MaxCount {
		top = fmt.Sprintf(`SELECT d.id, %s AS score, d.published_at`+searchFrom+where+` ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT $%d`, score, len(args)+1)
		args = append(args, limit)
	} else {
		branches, bargs := newestBranches(q, f, where, args, limit)
		args = bargs
		top = `SELECT d.id, ` + score + ` AS score, d.published_at FROM search_docs d, to_tsquery('simple', $1) AS q
			WHERE d.id IN (` + strings.Join(branches, " UNION ") + `)`
	}
	rows, err := db.db.QueryContext(ctx, `WITH top AS MATERIALIZED (`+top+`)
		SELECT d.site_id, d.kind, d.ref_id, d.category_id, d.title, d.byline, d.slug, d.source_url,
			d.public_from, d.published_at, d.title_folded, d.text_folded, d.title_exact, d.text_exact, d.code, top.score
		FROM top JOIN search_docs d ON d.id = top.id
		ORDER BY top.score DESC, top.published_at DESC, top.id DESC`, args...)
	if err != nil {
		return nil, 0, mapErr(err, nil)
	}
	defer rows.Close()
	var out []search.Candidate
	for rows.Next() {
		var c search.Candidate
		if err := rows.Scan(&c.SiteID, &c.Kind, &c.RefID, &c.CategoryID, &c.Title, &c.Byline, &c.Slug, &c.SourceURL,
			timeDest{&c.PublicFrom}, timeDest{&c.PublishedAt}, &c.TitleFolded, &c.TextFolded, &c.TitleExact, &c.TextExact,
			&c.Code, &c.EngineScore); err != nil {
			return nil, 0, mapErr(err, nil)
		}
		out = append(out, c)
	}
	return out, total, mapErr(rows.Err(), nil)
}

// LoadText fills the Text of hits (search.TextLoader): SearchCandidates
// leaves it out, since ranking reads only the streams and TOAST would give
// up every candidate's text for the ten a page shows.
func (db *DB) LoadText(ctx context.Context, hits []search.Hit) error {
	kinds := make([]string, len(hits))
	refs := make([]int64, len(hits))
	for i, h := range hits {
		kinds[i], refs[i] = h.Kind, h.RefID
	}
	rows, err := db.db.QueryContext(ctx, `SELECT d.kind, d.ref_id, d.text FROM search_docs d
		JOIN unnest($1::text[], $2::bigint[]) AS h(kind, ref_id) ON d.kind = h.kind AND d.ref_id = h.ref_id`, kinds, refs)
	if err != nil {
		return mapErr(err, nil)
	}
	defer rows.Close()
	type key struct {
		kind string
		ref  int64
	}
	texts := map[key]string{}
	for rows.Next() {
		var k key
		var text string
		if err := rows.Scan(&k.kind, &k.ref, &text); err != nil {
			return mapErr(err, nil)
		}
		texts[k] = text
	}
	if err := rows.Err(); err != nil {
		return mapErr(err, nil)
	}
	for i := range hits {
		hits[i].Text = texts[key{hits[i].Kind, hits[i].RefID}]
	}
	return nil
}

// newestBranches are the candidate queries past search.MaxCount matches,
// each selecting the IDs of the newest limit rows of one kind of match:
// all matches (where, over args); title matches; and, when q has several
// words, matches holding them side by side. It returns the branches and
// args with theirs appended.
func newestBranches(q search.Query, f search.Filter, where string, args []any, limit int) ([]string, []any) {
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	lim := arg(limit)
	newest := func(cond string) string {
		return `(SELECT d.id FROM search_docs d, to_tsquery('simple', $1) AS q WHERE ` + cond + ` ORDER BY d.id DESC LIMIT ` + lim + `)`
	}
	branches := []string{newest(where)}
	// Title matches: every required word and phrase in the title implies
	// them in tsv, so tsv is read only to apply exclusions.
	title := []string{"d.title_tsv @@ to_tsquery('simple', " + arg(tsQueryOf(q, false)) + ")"}
	if len(q.Excluded) > 0 {
		title = append(title, "d.tsv @@ q")
	}
	branches = append(branches, newest(strings.Join(append(title, filterConds(f, arg)...), " AND ")))
	// A query of several words typed as a phrase (a name, say): the
	// matches holding the words side by side. The pairs imply the phrase
	// nearly always (a_b and b_c apart, without a_b_c, also match); the
	// union's rows all satisfy where, and ranking in Go favours the whole
	// phrase.
	if wq, ok := search.WholePhrase(q); ok {
		if aq := pairsQuery(wq); aq != "" {
			branches = append(branches, newest("d.pairs @@ "+arg(aq)+"::tsquery AND "+where))
		}
	}
	return branches, args
}

// CountBySite counts the first search.MaxCount+1 matches per site.
func (db *DB) CountBySite(ctx context.Context, q search.Query, f search.Filter) (map[int64]int, error) {
	where, args := searchWhere(q, f)
	rows, err := db.db.QueryContext(ctx, fmt.Sprintf(`SELECT site_id, count(*) FROM (SELECT d.site_id`+searchFrom+where+` LIMIT $%d) c GROUP BY site_id`, len(args)+1),
		append(args, search.MaxCount+1)...)
	if err != nil {
		return nil, mapErr(err, nil)
	}
	out, err := sqlstore.CountsByID(rows)
	return out, mapErr(err, nil)
}
