package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/sitemerge"
)

var _ sitemerge.Store = (*DB)(nil)

var (
	qMergeLockSite = Q(`SELECT state, COALESCE(merged_into_id, 0) FROM sites WHERE id = ?{forupdate}`)
	qMergeCounts   = Q(`SELECT (SELECT count(*) FROM articles WHERE site_id = ?), (SELECT count(*) FROM article_revisions WHERE site_id = ?),
		(SELECT count(*) FROM categories WHERE site_id = ?), (SELECT count(*) FROM pages WHERE site_id = ?),
		(SELECT count(*) FROM documents WHERE site_id = ?), (SELECT count(*) FROM questions WHERE site_id = ?),
		(SELECT count(*) FROM consultations WHERE site_id = ?), (SELECT count(*) FROM consultation_comments WHERE site_id = ?),
		(SELECT count(*) FROM media WHERE site_id = ?)`)
	qMergeFindCategory   = Q(`SELECT id, slug FROM categories WHERE site_id = ? AND parent_id IS NULL AND name = ? ORDER BY id LIMIT 1`)
	qMergeNextPosition   = Q(`SELECT COALESCE(max(position), 0) + 1 FROM categories WHERE site_id = ? AND parent_id IS NULL`)
	qMergeCreateCategory = Q(`INSERT INTO categories (site_id, parent_id, name, slug, position, hidden) VALUES (?, NULL, ?, ?, ?, TRUE) RETURNING id`)
	qMergeTopCategories  = Q(`UPDATE categories SET parent_id = ? WHERE site_id = ? AND parent_id IS NULL`)
	qMergeArticles       = Q(`UPDATE articles SET site_id = ?, featured = FALSE WHERE site_id = ?`)
	qMergePages          = Q(`UPDATE pages SET site_id = ?, in_menu = FALSE WHERE site_id = ?`)
	qMergeSourceURLs     = Q(`SELECT id FROM articles WHERE site_id = ? AND source_url IN (SELECT source_url FROM articles WHERE site_id = ? AND source_url IS NOT NULL) ORDER BY id`)
	qMergeClearSource    = Q(`UPDATE articles SET source_url = NULL WHERE id = ?`)
	qMergeClearDocSource = Q(`UPDATE search_docs SET source_url = '' WHERE kind = 'article' AND ref_id = ?`)
	qMergeDocSlug        = Q(`UPDATE search_docs SET slug = ? WHERE kind = ? AND ref_id = ?`)
	qMergeReplacement    = Q(`UPDATE articles SET replacement = ? WHERE site_id = ? AND replacement = ?`)
	qMergeRepoint        = Q(`UPDATE sites SET merged_into_id = ?, version = version + 1 WHERE merged_into_id = ?`)
	qMergeSuccessor      = Q(`UPDATE sites SET successor_id = ?, version = version + 1 WHERE successor_id = ?`)
	qMergeReparent       = Q(`UPDATE sites SET parent_id = ?, version = version + 1 WHERE parent_id = ?`)
	qMergeMarkSource     = Q(`UPDATE sites SET state = 'merged', merged_into_id = ?, version = version + 1,
		articles_version = articles_version + 1, documents_version = documents_version + 1, schedule_version = schedule_version + 1,
		questions_version = questions_version + 1, article_pages_version = article_pages_version + 1 WHERE id = ?`)
	qMergeBumpTarget = Q(`UPDATE sites SET version = version + 1, articles_version = articles_version + 1, documents_version = documents_version + 1,
		questions_version = questions_version + 1 WHERE id = ?`)

	// The records that move with a plain change of site, besides
	// categories, articles and pages. The search index moves with them:
	// its rows name the site, and what they index does not change.
	qMergeTables = func() []Query {
		var qs []Query
		for _, t := range []string{"categories", "article_revisions", "documents", "questions", "consultations",
			"consultation_comments", "media", "media_uses", "media_refs", "rating_counts", "search_docs"} {
			qs = append(qs, Q(`UPDATE `+t+` SET site_id = ? WHERE site_id = ?`))
		}
		return qs
	}()
)

// slugTable is a table whose rows have a slug unique on their site.
type slugTable struct {
	kind    string // sitemerge.Rename.Kind
	search  string // the search index's kind of its rows, "" if none
	path    func(slug string) string
	collide Query // the source's rows whose slug the target has
	used    Query // whether a slug is taken on the source or the target
	set     Query
}

func newSlugTable(kind, table, searchKind string, path func(string) string) slugTable {
	return slugTable{kind: kind, search: searchKind, path: path,
		collide: Q(`SELECT id, slug FROM ` + table + ` WHERE site_id = ? AND slug IN (SELECT slug FROM ` + table + ` WHERE site_id = ?) ORDER BY id`),
		used:    Q(`SELECT EXISTS (SELECT 1 FROM ` + table + ` WHERE site_id IN (?, ?) AND slug = ?)`),
		set:     Q(`UPDATE ` + table + ` SET slug = ? WHERE id = ?`)}
}

var (
	slugCategories = newSlugTable("category", "categories", "", content.CategoryPath)
	slugArticles   = newSlugTable("article", "articles", search.KindArticle, content.ArticlePath)
	slugPages      = newSlugTable("page", "pages", search.KindPage, content.PagePath)
)

// maxRenameTries bounds the candidates tried for one slug.
const maxRenameTries = 10000

// errDryRun rolls back a dry run.
var errDryRun = errors.New("dry run")

// SiteCounts counts what site id holds.
func (db *DB) SiteCounts(ctx context.Context, id int64) (sitemerge.Counts, error) {
	c, err := db.mergeCounts(ctx, db.r, id)
	return c, db.mapErr(err, content.ErrSiteNotFound)
}

func (db *DB) mergeCounts(ctx context.Context, x Execer, id int64) (sitemerge.Counts, error) {
	var c sitemerge.Counts
	args := make([]any, 9)
	for i := range args {
		args[i] = id
	}
	err := x.QueryRowContext(ctx, db.q(qMergeCounts), args...).Scan(&c.Articles, &c.Revisions, &c.Categories, &c.Pages,
		&c.Documents, &c.Questions, &c.Consultations, &c.Comments, &c.Media)
	return c, err
}

// MergeSites merges each plan in a transaction of its own (see
// sitemerge.Store); a dry run does them all in one and rolls it back.
func (db *DB) MergeSites(ctx context.Context, plans []sitemerge.Plan, dry bool, done func(sitemerge.Result) error) error {
	if dry {
		err := db.writeTx(ctx, content.ErrSiteNotFound, func(tx *sql.Tx) error {
			for i := range plans {
				r, err := db.mergeOne(ctx, tx, &plans[i])
				if err != nil {
					return err
				}
				if err := done(r); err != nil {
					return err
				}
			}
			return errDryRun
		})
		if errors.Is(err, errDryRun) {
			return nil
		}
		return err
	}
	for i := range plans {
		var r sitemerge.Result
		err := db.writeTx(ctx, content.ErrSiteNotFound, func(tx *sql.Tx) error {
			var err error
			r, err = db.mergeOne(ctx, tx, &plans[i])
			return err
		})
		if err != nil {
			return err
		}
		if err := done(r); err != nil {
			return err
		}
	}
	return nil
}

// mergeOne merges p inside tx.
func (db *DB) mergeOne(ctx context.Context, tx *sql.Tx, p *sitemerge.Plan) (sitemerge.Result, error) {
	from, into := p.From.ID, p.Into.ID
	r := sitemerge.Result{From: p.From.Key, Into: p.Into.Key}
	if already, err := db.mergeLock(ctx, tx, from, into); err != nil || already {
		r.Already = already
		return r, err
	}
	var err error
	if r.Before.From, err = db.mergeCounts(ctx, tx, from); err != nil {
		return r, err
	}
	if r.Before.Into, err = db.mergeCounts(ctx, tx, into); err != nil {
		return r, err
	}
	if err := db.mergeCategory(ctx, tx, p, &r); err != nil {
		return r, err
	}
	moved, err := db.mergeMoved(ctx, tx, from, into)
	if err != nil {
		return r, err
	}
	moved.ArchiveSlug = r.Category.Slug
	for _, t := range []slugTable{slugCategories, slugArticles, slugPages} {
		if err := db.mergeRename(ctx, tx, t, p, &r); err != nil {
			return r, err
		}
	}
	applyRenames(moved, r.Renamed)
	if r.SourceURLsCleared, err = db.mergeSourceURLs(ctx, tx, from, into); err != nil {
		return r, err
	}
	if err := db.mergeMove(ctx, tx, from, into, r.Category.ID); err != nil {
		return r, err
	}
	entries, err := p.Redirects(moved)
	if err != nil {
		return r, err
	}
	if err := db.PutRedirectsTx(ctx, tx, entries); err != nil {
		return r, err
	}
	r.Redirects = len(entries)
	if err := db.mergeMark(ctx, tx, from, into); err != nil {
		return r, err
	}
	if r.After.From, err = db.mergeCounts(ctx, tx, from); err != nil {
		return r, err
	}
	if r.After.Into, err = db.mergeCounts(ctx, tx, into); err != nil {
		return r, err
	}
	return r, db.audit(ctx, tx, p.Audit(&r), object("site", from), into)
}

// mergeLock locks both sites' rows (in ID order) and checks their states
// again inside the transaction: already is true when from was merged into
// into before; a change since the plan was made is ErrChanged.
func (db *DB) mergeLock(ctx context.Context, tx *sql.Tx, from, into int64) (already bool, err error) {
	ids := []int64{from, into}
	slices.Sort(ids)
	states := map[int64]struct {
		state  string
		merged int64
	}{}
	for _, id := range ids {
		var s struct {
			state  string
			merged int64
		}
		if err := tx.QueryRowContext(ctx, db.q(qMergeLockSite), id).Scan(&s.state, &s.merged); err != nil {
			return false, err
		}
		states[id] = s
	}
	f, t := states[from], states[into]
	switch {
	case f.state == string(content.StateMerged) && f.merged == into:
		return true, nil
	case f.state == string(content.StateMerged) || t.state != string(content.StateActive):
		return false, sitemerge.ErrChanged
	}
	return false, nil
}

// mergeCategory finds the target's top category named p.CategoryName, or
// creates it last among the top categories, hidden from the navigation.
func (db *DB) mergeCategory(ctx context.Context, tx *sql.Tx, p *sitemerge.Plan, r *sitemerge.Result) error {
	c := &r.Category
	c.Name = p.CategoryName
	err := tx.QueryRowContext(ctx, db.q(qMergeFindCategory), p.Into.ID, p.CategoryName).Scan(&c.ID, &c.Slug)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	c.Slug, err = db.freeSlug(ctx, tx, slugCategories, p, p.CategorySlug, false)
	if err != nil {
		return err
	}
	var pos int
	if err := tx.QueryRowContext(ctx, db.q(qMergeNextPosition), p.Into.ID).Scan(&pos); err != nil {
		return err
	}
	c.Created = true
	return tx.QueryRowContext(ctx, db.q(qMergeCreateCategory), p.Into.ID, p.CategoryName, c.Slug, pos).Scan(&c.ID)
}

// freeSlug is slug, or when taken (or always, with renamed) the first of
// p.Rename's candidates free on both sites.
func (db *DB) freeSlug(ctx context.Context, tx *sql.Tx, t slugTable, p *sitemerge.Plan, slug string, renamed bool) (string, error) {
	for n := 0; n <= maxRenameTries; n++ {
		c := slug
		if n > 0 {
			c = p.Rename(slug, n)
		} else if renamed {
			continue
		}
		var used bool
		if err := tx.QueryRowContext(ctx, db.q(t.used), p.From.ID, p.Into.ID, c).Scan(&used); err != nil {
			return "", err
		}
		if !used {
			return c, nil
		}
	}
	return "", fmt.Errorf("store: no free slug for %s %q", t.kind, slug)
}

// mergeRename renames the source's rows of t whose slug the target has, in
// ID order, recording each.
func (db *DB) mergeRename(ctx context.Context, tx *sql.Tx, t slugTable, p *sitemerge.Plan, r *sitemerge.Result) error {
	rows, err := tx.QueryContext(ctx, db.q(t.collide), p.From.ID, p.Into.ID)
	if err != nil {
		return err
	}
	var taken []sitemerge.Rename
	for rows.Next() {
		rn := sitemerge.Rename{Kind: t.kind}
		if err := rows.Scan(&rn.ID, &rn.Old); err != nil {
			rows.Close()
			return err
		}
		taken = append(taken, rn)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, rn := range taken {
		if rn.New, err = db.freeSlug(ctx, tx, t, p, rn.Old, true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(t.set), rn.New, rn.ID); err != nil {
			return err
		}
		if t.search != "" {
			if _, err := tx.ExecContext(ctx, db.q(qMergeDocSlug), rn.New, t.search, rn.ID); err != nil {
				return err
			}
		}
		// A withdrawn article of the source that sends its readers there.
		if _, err := tx.ExecContext(ctx, db.q(qMergeReplacement), t.path(rn.New), p.From.ID, t.path(rn.Old)); err != nil {
			return err
		}
		r.Renamed = append(r.Renamed, rn)
	}
	return nil
}

// mergeSourceURLs drops the import address of the source's articles whose
// address the target already holds (it is unique on a site).
func (db *DB) mergeSourceURLs(ctx context.Context, tx *sql.Tx, from, into int64) (int, error) {
	ids, err := txInts(ctx, tx, db.q(qMergeSourceURLs), from, into)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, db.q(qMergeClearSource), id); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, db.q(qMergeClearDocSource), id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// mergeMove moves every record of from to into; the top categories of
// from go under the category archive.
func (db *DB) mergeMove(ctx context.Context, tx *sql.Tx, from, into, archive int64) error {
	if _, err := tx.ExecContext(ctx, db.q(qMergeTopCategories), archive, from); err != nil {
		return err
	}
	for _, q := range append([]Query{qMergeArticles, qMergePages}, qMergeTables...) {
		if _, err := tx.ExecContext(ctx, db.q(q), into, from); err != nil {
			return err
		}
	}
	return nil
}

// mergeMark makes from merged into into; the sites that named from (merged
// into it before, archived with it as successor, below it) name into
// instead. Both sites' versions move, so that every page cache drops their
// pages.
func (db *DB) mergeMark(ctx context.Context, tx *sql.Tx, from, into int64) error {
	for _, q := range []Query{qMergeRepoint, qMergeSuccessor, qMergeReparent} {
		if _, err := tx.ExecContext(ctx, db.q(q), into, from); err != nil {
			return err
		}
	}
	if err := db.execOne(ctx, tx, content.ErrSiteNotFound, qMergeMarkSource, into, from); err != nil {
		return err
	}
	return db.execOne(ctx, tx, content.ErrSiteNotFound, qMergeBumpTarget, into)
}

// txInts reads one integer column of every row.
func txInts(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
