package postgres

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
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
func tsQuery(q search.Query) string { return tsQueryWeighted(q, "") }

// tsQueryWeighted is tsQuery with a weight restriction (":A" matches
// titles only) on every required term.
func tsQueryWeighted(q search.Query, weight string) string {
	quote := func(t search.Term) string {
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t.Folded) + "'" + weight
	}
	var parts []string
	inPhrase := map[string]bool{} // a phrase already requires its words
	for _, p := range q.Phrases {
		words := make([]string, len(p))
		for i, t := range p {
			words[i] = quote(t)
			inPhrase[t.Folded] = true
		}
		parts = append(parts, "("+strings.Join(words, " <-> ")+")")
	}
	for _, t := range q.Required {
		if !inPhrase[t.Folded] {
			parts = append(parts, quote(t))
		}
	}
	for _, t := range q.Excluded {
		parts = append(parts, "!'"+strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t.Folded)+"'")
	}
	return strings.Join(parts, " & ")
}

// searchWhere builds the filter part shared by the count and the ranking,
// for rows d of search_docs and the query q (to_tsquery of $1).
func searchWhere(q search.Query, f search.Filter) (string, []any) {
	return searchWhereWeighted(q, f, "")
}

func searchWhereWeighted(q search.Query, f search.Filter, weight string) (string, []any) {
	args := []any{tsQueryWeighted(q, weight)}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds := []string{"d.tsv @@ q", "d.public_from IS NOT NULL", "d.public_from <= " + arg(ts(f.Now))}
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
	return strings.Join(conds, " AND "), args
}

// searchFrom is the FROM clause that searchWhere's conditions refer to.
const searchFrom = ` FROM search_docs d, to_tsquery('simple', $1) AS q WHERE `

// rankWeights weigh the D (text), C (unused), B (byline) and A (title)
// lexemes for ts_rank_cd, in the ratios of SQLite's bm25 column weights:
// the title ten times the text, the byline three times.
const rankWeights = `'{0.1, 0.2, 0.3, 1.0}'`

// SearchCandidates finds matches in the GIN-indexed tsvector, best
// ts_rank_cd first (higher is better), newer first among equals.
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
	score := `ts_rank_cd(` + rankWeights + `, d.tsv, q) AS score, d.published_at`
	top := fmt.Sprintf(`SELECT d.id, `+score+searchFrom+where+` ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT $%d`, len(args)+1)
	args = append(args, limit)
	if total > search.MaxCount {
		// Past MaxCount matches, rank only the newest matches and the
		// newest title matches (weight A), as the SQLite store does.
		titleWhere, titleArgs := searchWhereWeighted(q, f, ":A")
		titleTop := renumber(`SELECT d.id, `+score+searchFrom+titleWhere+` ORDER BY d.id DESC LIMIT $`+fmt.Sprint(len(titleArgs)+1), len(args))
		top = fmt.Sprintf(`SELECT DISTINCT ON (id) * FROM (
				(SELECT d.id, `+score+searchFrom+where+` ORDER BY d.id DESC LIMIT $%d)
				UNION ALL (%s)) u`, len(args), titleTop)
		args = append(append(args, titleArgs...), limit)
	}
	rows, err := db.db.QueryContext(ctx, `WITH top AS (`+top+`)
		SELECT d.site_id, d.kind, d.ref_id, d.category_id, d.title, d.text, d.byline, d.slug, d.source_url,
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
		if err := rows.Scan(&c.SiteID, &c.Kind, &c.RefID, &c.CategoryID, &c.Title, &c.Text, &c.Byline, &c.Slug, &c.SourceURL,
			timeDest{&c.PublicFrom}, timeDest{&c.PublishedAt}, &c.TitleFolded, &c.TextFolded, &c.TitleExact, &c.TextExact,
			&c.Code, &c.EngineScore); err != nil {
			return nil, 0, mapErr(err, nil)
		}
		out = append(out, c)
	}
	return out, total, mapErr(rows.Err(), nil)
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

// renumber shifts the $n placeholders of query by offset, so a second
// query's arguments can follow the first's.
func renumber(query string, offset int) string {
	return placeholder.ReplaceAllStringFunc(query, func(p string) string {
		n, _ := strconv.Atoi(p[1:])
		return "$" + strconv.Itoa(n+offset)
	})
}

var placeholder = regexp.MustCompile(`\$[0-9]+`)
