//go:build searchbench

package searchbench_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"trangtin/internal/search"
)

// oldIndex is the PostgreSQL store's SearchCandidates as it was before
// migration 0047 (commit 0248ad6), for the simple filter the benchmark
// uses (one site): the reference measured in the same run as the new code.
type oldIndex struct{ db *sql.DB }

func oldTSQuery(q search.Query, weight string) string {
	quote := func(t search.Term) string {
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t.Folded) + "'" + weight
	}
	var parts []string
	inPhrase := map[string]bool{}
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

const oldFrom = ` FROM search_docs d, to_tsquery('simple', $1) AS q WHERE `
const oldWhere = `d.tsv @@ q AND d.public_from IS NOT NULL AND d.public_from <= $2 AND d.site_id = $3`

func (o oldIndex) SearchCandidates(ctx context.Context, q search.Query, f search.Filter, limit int) ([]search.Candidate, int, error) {
	args := []any{oldTSQuery(q, ""), f.Now, f.SiteID}
	var total int
	if err := o.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1`+oldFrom+oldWhere+` LIMIT $4) c`,
		append(args, search.MaxCount+1)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 {
		return nil, 0, nil
	}
	score := `ts_rank_cd('{0.1, 0.2, 0.3, 1.0}', d.tsv, q) AS score, d.published_at`
	top := `SELECT d.id, ` + score + oldFrom + oldWhere + ` ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT $4`
	args = append(args, limit)
	if total > search.MaxCount {
		titleTop := oldRenumber(`SELECT d.id, `+score+oldFrom+oldWhere+` ORDER BY d.id DESC LIMIT $4`, len(args))
		top = fmt.Sprintf(`SELECT DISTINCT ON (id) * FROM (
				(SELECT d.id, `+score+oldFrom+oldWhere+` ORDER BY d.id DESC LIMIT $4)
				UNION ALL (%s)) u`, titleTop)
		args = append(args, oldTSQuery(q, ":A"), f.Now, f.SiteID, limit)
	}
	rows, err := o.db.QueryContext(ctx, `WITH top AS (`+top+`)
		SELECT d.site_id, d.kind, d.ref_id, d.category_id, d.title, d.text, d.byline, d.slug, d.source_url,
			d.public_from, d.published_at, d.title_folded, d.text_folded, d.title_exact, d.text_exact, d.code, top.score
		FROM top JOIN search_docs d ON d.id = top.id
		ORDER BY top.score DESC, top.published_at DESC, top.id DESC`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []search.Candidate
	for rows.Next() {
		var c search.Candidate
		var public sql.NullTime
		if err := rows.Scan(&c.SiteID, &c.Kind, &c.RefID, &c.CategoryID, &c.Title, &c.Text, &c.Byline, &c.Slug, &c.SourceURL,
			&public, &c.PublishedAt, &c.TitleFolded, &c.TextFolded, &c.TitleExact, &c.TextExact,
			&c.Code, &c.EngineScore); err != nil {
			return nil, 0, err
		}
		c.PublicFrom = public.Time
		out = append(out, c)
	}
	return out, total, rows.Err()
}

func (o oldIndex) CountBySite(ctx context.Context, q search.Query, f search.Filter) (map[int64]int, error) {
	return nil, fmt.Errorf("oldIndex: CountBySite is not part of the benchmark")
}

func oldRenumber(query string, offset int) string {
	return oldPlaceholder.ReplaceAllStringFunc(query, func(p string) string {
		n, _ := strconv.Atoi(p[1:])
		return "$" + strconv.Itoa(n+offset)
	})
}

var oldPlaceholder = regexp.MustCompile(`\$[0-9]+`)
