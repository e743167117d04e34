package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/search"
)

const siteCols = `id, key, name, banner, agency, address, phone, email, responsible, licence, host, is_default, version, articles_version, documents_version, schedule_version, questions_version, article_pages_version, updated_at, description, edit_version, ` + siteRecordCols

var (
	qCreateSite = Q(`INSERT INTO sites (key, name, banner, agency, address, phone, email, responsible, licence, host, is_default, updated_at, description, ` + siteRecordSet + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ` + siteRecordVals + `) RETURNING id, version, articles_version, documents_version, schedule_version, questions_version, article_pages_version`)
	qUpdateSite = Q(`UPDATE sites SET key = ?, name = ?, banner = ?, agency = ?, address = ?, phone = ?, email = ?,
		responsible = ?, licence = ?, host = ?, is_default = ?, updated_at = ?, description = ?, ` + siteRecordUpdate + `, version = version + 1,
		edit_version = edit_version + 1 WHERE id = ? AND edit_version = ? RETURNING version, articles_version, documents_version, schedule_version, questions_version, article_pages_version`)
	qSiteExists    = Q(`SELECT EXISTS (SELECT 1 FROM sites WHERE id = ?)`)
	qSiteByID      = Q(`SELECT ` + siteCols + ` FROM sites WHERE id = ?`)
	qSiteByKey     = Q(`SELECT ` + siteCols + ` FROM sites WHERE key = ?`)
	qSites         = Q(`SELECT ` + siteCols + ` FROM sites ORDER BY id`)
	qSiteVersions  = Q(`SELECT id, version, articles_version, documents_version, schedule_version, questions_version, article_pages_version FROM sites`)
	qPageMarks     = Q(`SELECT article_id, seq FROM article_page_marks WHERE site_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?`)
	qCreateCat     = Q(`INSERT INTO categories (site_id, parent_id, name, slug, position, hidden) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateCat     = Q(`UPDATE categories SET parent_id = ?, name = ?, slug = ?, position = ?, hidden = ? WHERE id = ? AND site_id = ?`)
	qCatByID       = Q(`SELECT ` + categoryCols + ` FROM categories WHERE site_id = ? AND id = ?`)
	qCatBySlug     = Q(`SELECT ` + categoryCols + ` FROM categories WHERE site_id = ? AND slug = ?`)
	qCats          = Q(`SELECT ` + categoryCols + ` FROM categories WHERE site_id = ? ORDER BY position, name{C}, id`)
	qCreateArticle = Q(`INSERT INTO articles (site_id, category_id, title, slug, summary, body, author, unit, source_url, status, featured, published_at, created_at, updated_at,
			owner_id, pending_revision_id, pending_stage, review_note, withdrawn_reason, replacement, flagged, list_fold, photo, keywords, corrected_at, withdrawn_notice)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateArticle = Q(`UPDATE articles SET category_id = ?, title = ?, slug = ?, summary = ?, body = ?, author = ?, unit = ?,
		source_url = ?, status = ?, featured = ?, published_at = ?, updated_at = ?,
		owner_id = ?, pending_revision_id = ?, pending_stage = ?, review_note = ?, withdrawn_reason = ?, replacement = ?, flagged = ?, list_fold = ?, photo = ?,
		keywords = ?, corrected_at = ?, withdrawn_notice = ?, version = version + 1
		WHERE id = ? AND site_id = ?`)
	qUpdateArticleAt = Q(qUpdateArticle.forms[SQLite] + ` AND version = ?`)
	qArticleExists   = Q(`SELECT EXISTS (SELECT 1 FROM articles WHERE id = ? AND site_id = ?)`)
	qArticleByID     = Q(`SELECT ` + articleListCols + `, body FROM articles WHERE site_id = ? AND id = ?`)
	qArticleBySlug   = Q(`SELECT ` + articleListCols + `, body FROM articles WHERE site_id = ? AND slug = ?`)
	qArticleBySource = Q(`SELECT ` + articleListCols + `, body FROM articles WHERE site_id = ? AND source_url = ?`)
	qCreatePage      = Q(`INSERT INTO pages (site_id, title, slug, body, position, in_menu, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdatePage      = Q(`UPDATE pages SET title = ?, slug = ?, body = ?, position = ?, in_menu = ?, updated_at = ?, version = version + 1
		WHERE site_id = ? AND id = ? AND version = ?`)
	qPageExists       = Q(`SELECT EXISTS (SELECT 1 FROM pages WHERE site_id = ? AND id = ?)`)
	qPageBySlug       = Q(`SELECT ` + pageCols + ` FROM pages WHERE site_id = ? AND slug = ?`)
	qPages            = Q(`SELECT ` + pageCols + ` FROM pages WHERE site_id = ? ORDER BY position, id`)
	qReindexArticles  = Q(`SELECT ` + articleListCols + `, body FROM articles WHERE id > ? ORDER BY id LIMIT ?`)
	qReindexPages     = Q(`SELECT ` + pageCols + ` FROM pages WHERE id > ? ORDER BY id LIMIT ?`)
	qArticleSlugUsed  = Q(`SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = ? AND slug = ? AND id <> ?)`)
	qPageSlugUsed     = Q(`SELECT EXISTS (SELECT 1 FROM pages WHERE site_id = ? AND slug = ? AND id <> ?)`)
	qCategorySlugUsed = Q(`SELECT EXISTS (SELECT 1 FROM categories WHERE site_id = ? AND slug = ? AND id <> ?)`)
	qReindexTotal     = Q(`SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM pages) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM questions)`)
)

func (d *Dialect) scanSite(row scanner) (content.Site, error) {
	var s content.Site
	err := row.Scan(&s.ID, &s.Key, &s.Name, &s.Banner, &s.Agency, &s.Address, &s.Phone, &s.Email,
		&s.Responsible, &s.Licence, &s.Host, &s.IsDefault, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, &s.Versions.Questions, &s.Versions.Pages,
		d.TimeDest(&s.UpdatedAt), &s.Description, &s.EditVersion, &s.Kind, &s.ParentID, &s.State, &s.SuccessorID, &s.EndedOn, &s.MergedIntoID)
	s.Version = s.Versions.Sum()
	return s, err
}

func (db *DB) CreateSite(ctx context.Context, s *content.Site) error {
	s.UpdatedAt = Now()
	err := db.w.QueryRowContext(ctx, db.q(qCreateSite),
		append([]any{s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, db.t(s.UpdatedAt), s.Description}, siteRecordArgs(s)...)...,
	).Scan(&s.ID, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, &s.Versions.Questions, &s.Versions.Pages)
	s.Version = s.Versions.Sum()
	s.EditVersion = 1 // the column's default
	return db.mapErr(err, content.ErrSiteNotFound)
}

func (db *DB) UpdateSite(ctx context.Context, s *content.Site, a *audit.Entry) error {
	upd := Now()
	var v content.Versions
	err := db.audited(ctx, content.ErrSiteNotFound, a, s.ID, func(tx *sql.Tx) (string, error) {
		err := tx.QueryRowContext(ctx, db.q(qUpdateSite),
			append(append([]any{s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, db.t(upd), s.Description}, siteRecordArgs(s)...),
				s.ID, s.EditVersion)...,
		).Scan(&v.Site, &v.Articles, &v.Documents, &v.Schedule, &v.Questions, &v.Pages)
		if errors.Is(err, sql.ErrNoRows) {
			// No row at this edit version: changed since it was read, or gone.
			var ok bool
			if err := tx.QueryRowContext(ctx, db.q(qSiteExists), s.ID).Scan(&ok); err != nil {
				return "", err
			}
			if ok {
				return "", content.ErrSiteStale
			}
		}
		return object("site", s.ID), err
	})
	if err == nil {
		s.UpdatedAt, s.Versions, s.Version = upd, v, v.Sum()
		s.EditVersion++
	}
	return err
}

func (db *DB) FindSiteByID(ctx context.Context, id int64) (content.Site, error) {
	s, err := db.d.scanSite(db.r.QueryRowContext(ctx, db.q(qSiteByID), id))
	return s, db.mapErr(err, content.ErrSiteNotFound)
}

func (db *DB) FindSiteByKey(ctx context.Context, key string) (content.Site, error) {
	s, err := db.d.scanSite(db.r.QueryRowContext(ctx, db.q(qSiteByKey), key))
	return s, db.mapErr(err, content.ErrSiteNotFound)
}

func (db *DB) FindSites(ctx context.Context) ([]content.Site, error) {
	return list(db, ctx, content.ErrSiteNotFound, db.d.scanSite, qSites)
}

func (db *DB) SiteVersions(ctx context.Context) (map[int64]content.Versions, error) {
	rows, err := db.r.QueryContext(ctx, db.q(qSiteVersions))
	if err != nil {
		return nil, db.mapErr(err, content.ErrSiteNotFound)
	}
	defer rows.Close()
	out := map[int64]content.Versions{}
	for rows.Next() {
		var id int64
		var v content.Versions
		if err := rows.Scan(&id, &v.Site, &v.Articles, &v.Documents, &v.Schedule, &v.Questions, &v.Pages); err != nil {
			return nil, db.mapErr(err, content.ErrSiteNotFound)
		}
		out[id] = v
	}
	return out, db.mapErr(rows.Err(), content.ErrSiteNotFound)
}

// FindPageMarks returns the articles of site siteID whose own page
// changed after its Pages counter stood at after (migration 0050).
func (db *DB) FindPageMarks(ctx context.Context, siteID, after int64, limit int) ([]content.PageMark, error) {
	return list(db, ctx, content.ErrSiteNotFound, func(row scanner) (content.PageMark, error) {
		var m content.PageMark
		return m, row.Scan(&m.ArticleID, &m.Seq)
	}, qPageMarks, siteID, after, limit)
}

// list runs query on the reader and scans every row with scan.
func list[T any](db *DB, ctx context.Context, what error, scan func(scanner) (T, error), query Query, args ...any) ([]T, error) {
	return listSQL(db, ctx, what, scan, db.q(query), args...)
}

// listSQL is list for a query built per call (already in the engine's form).
func listSQL[T any](db *DB, ctx context.Context, what error, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, db.mapErr(err, what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, db.mapErr(err, what)
		}
		out = append(out, v)
	}
	return out, db.mapErr(rows.Err(), what)
}

const categoryCols = `id, site_id, COALESCE(parent_id, 0), name, slug, position, hidden`

func scanCategory(row scanner) (content.Category, error) {
	var c content.Category
	err := row.Scan(&c.ID, &c.SiteID, &c.ParentID, &c.Name, &c.Slug, &c.Position, &c.Hidden)
	return c, err
}

func (db *DB) CreateCategory(ctx context.Context, c *content.Category, a *audit.Entry) error {
	return db.slugErr(ctx, qCategorySlugUsed, c.SiteID, c.Slug, 0, db.audited(ctx, content.ErrCategoryNotFound, a, c.SiteID, func(tx *sql.Tx) (string, error) {
		err := tx.QueryRowContext(ctx, db.q(qCreateCat), c.SiteID, NullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden).Scan(&c.ID)
		return object("category", c.ID), err
	}))
}

func (db *DB) UpdateCategory(ctx context.Context, c *content.Category, a *audit.Entry) error {
	return db.slugErr(ctx, qCategorySlugUsed, c.SiteID, c.Slug, c.ID, db.audited(ctx, content.ErrCategoryNotFound, a, c.SiteID, func(tx *sql.Tx) (string, error) {
		return object("category", c.ID), db.execOne(ctx, tx, content.ErrCategoryNotFound, qUpdateCat, NullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden, c.ID, c.SiteID)
	}))
}

func (db *DB) FindCategoryByID(ctx context.Context, siteID, id int64) (content.Category, error) {
	c, err := scanCategory(db.r.QueryRowContext(ctx, db.q(qCatByID), siteID, id))
	return c, db.mapErr(err, content.ErrCategoryNotFound)
}

func (db *DB) FindCategoryBySlug(ctx context.Context, siteID int64, slug string) (content.Category, error) {
	c, err := scanCategory(db.r.QueryRowContext(ctx, db.q(qCatBySlug), siteID, slug))
	return c, db.mapErr(err, content.ErrCategoryNotFound)
}

// FindCategories orders names byte-wise on both engines.
func (db *DB) FindCategories(ctx context.Context, siteID int64) ([]content.Category, error) {
	return list(db, ctx, content.ErrCategoryNotFound, scanCategory, qCats, siteID)
}

const articleListCols = `id, site_id, category_id, title, slug, summary, author, unit, COALESCE(source_url, ''), status, featured, published_at, created_at, updated_at,
	owner_id, COALESCE(pending_revision_id, 0), pending_stage, review_note, withdrawn_reason, replacement, flagged, photo, version, keywords, corrected_at, withdrawn_notice`

func (d *Dialect) scanArticle(row scanner, withBody bool) (content.Article, error) {
	var a content.Article
	var photo string
	dest := []any{&a.ID, &a.SiteID, &a.CategoryID, &a.Title, &a.Slug, &a.Summary, &a.Author, &a.Unit, &a.SourceURL, &a.Status, &a.Featured,
		d.TimeDest(&a.PublishedAt), d.TimeDest(&a.CreatedAt), d.TimeDest(&a.UpdatedAt),
		&a.OwnerID, &a.PendingRevisionID, &a.PendingStage, &a.ReviewNote, &a.WithdrawnReason, &a.Replacement, &a.Flagged, &photo, &a.Version, &a.Keywords,
		d.TimeDest(&a.CorrectedAt), &a.WithdrawnNotice}
	if withBody {
		dest = append(dest, &a.Body)
	}
	err := row.Scan(dest...)
	a.Photo = content.DecodePhoto(photo)
	return a, err
}

func (d *Dialect) scanArticleBody(row scanner) (content.Article, error) {
	return d.scanArticle(row, true)
}
func (d *Dialect) scanArticleList(row scanner) (content.Article, error) {
	return d.scanArticle(row, false)
}

func (db *DB) CreateArticle(ctx context.Context, a *content.Article) error {
	return db.slugErr(ctx, qArticleSlugUsed, a.SiteID, a.Slug, a.ID,
		db.writeTx(ctx, content.ErrArticleNotFound, func(tx *sql.Tx) error { return db.insertArticle(ctx, tx, a) }))
}

func (db *DB) UpdateArticle(ctx context.Context, a *content.Article) error {
	return db.slugErr(ctx, qArticleSlugUsed, a.SiteID, a.Slug, a.ID,
		db.writeTx(ctx, content.ErrArticleNotFound, func(tx *sql.Tx) error { return db.updateArticle(ctx, tx, a, false) }))
}

// slugErr tells content.ErrSlugTaken apart among the conflicts of a write
// of row id: another row of siteID holds slug (query says whether). It
// asks after the transaction, which PostgreSQL aborts on the violation.
func (db *DB) slugErr(ctx context.Context, used Query, siteID int64, slug string, id int64, err error) error {
	if !apperr.Is(err, apperr.Conflict) || errors.Is(err, content.ErrStale) || errors.Is(err, content.ErrPageStale) || slug == "" {
		return err
	}
	var taken bool
	if qerr := db.r.QueryRowContext(ctx, db.q(used), siteID, slug, id).Scan(&taken); qerr != nil {
		return err
	}
	if taken {
		return content.ErrSlugTaken
	}
	return err
}

// insertArticle writes a new article and its search entry.
func (db *DB) insertArticle(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	return db.insertArticleIndexed(ctx, tx, a, nil)
}

// insertArticleIndexed is insertArticle with the search entry computed
// ahead (nil, or no longer a's: computed here).
func (db *DB) insertArticleIndexed(ctx context.Context, tx *sql.Tx, a *content.Article, e *content.SearchEntry) error {
	a.CreatedAt = Now()
	a.UpdatedAt = a.CreatedAt
	a.Version = 1 // the column's default
	err := tx.QueryRowContext(ctx, db.q(qCreateArticle),
		a.SiteID, a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, Nullable(a.SourceURL), string(a.Status), a.Featured,
		db.t(a.PublishedAt), db.t(a.CreatedAt), db.t(a.UpdatedAt),
		a.OwnerID, NullID(a.PendingRevisionID), string(a.PendingStage), a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged, ListFold(a), content.EncodePhoto(a.Photo), a.Keywords,
		db.t(a.CorrectedAt), a.WithdrawnNotice).Scan(&a.ID)
	if err != nil {
		return err
	}
	if err := db.d.setArticleRefs(ctx, tx, a); err != nil {
		return err
	}
	return db.d.Index(ctx, tx, articleDoc(a, e))
}

// updateArticle rewrites an article and its search entry, adding one to
// its version. With check, the row is written only if its version is
// still a.Version (optimistic locking: a stale copy never overwrites a
// newer one; content.ErrStale).
func (db *DB) updateArticle(ctx context.Context, tx *sql.Tx, a *content.Article, check bool) error {
	return db.updateArticleIndexed(ctx, tx, a, check, nil)
}

// updateArticleIndexed is updateArticle with the search entry computed
// ahead, as insertArticleIndexed.
func (db *DB) updateArticleIndexed(ctx context.Context, tx *sql.Tx, a *content.Article, check bool, e *content.SearchEntry) error {
	upd := Now()
	query := qUpdateArticle
	args := []any{a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, Nullable(a.SourceURL), string(a.Status), a.Featured,
		db.t(a.PublishedAt), db.t(upd),
		a.OwnerID, NullID(a.PendingRevisionID), string(a.PendingStage), a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged, ListFold(a), content.EncodePhoto(a.Photo), a.Keywords,
		db.t(a.CorrectedAt), a.WithdrawnNotice, a.ID, a.SiteID}
	if check {
		query = qUpdateArticleAt
		args = append(args, a.Version)
	}
	err := db.execOne(ctx, tx, content.ErrArticleNotFound, query, args...)
	if apperr.Is(err, apperr.NotFound) && check {
		var exists bool
		if err := tx.QueryRowContext(ctx, db.q(qArticleExists), a.ID, a.SiteID).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return content.ErrStale
		}
	}
	if err != nil {
		return err
	}
	a.UpdatedAt = upd
	a.Version++
	if err := db.d.setArticleRefs(ctx, tx, a); err != nil {
		return err
	}
	return db.d.Index(ctx, tx, articleDoc(a, e))
}

func (db *DB) findArticle(ctx context.Context, query Query, args ...any) (content.Article, error) {
	a, err := db.d.scanArticle(db.r.QueryRowContext(ctx, db.q(query), args...), true)
	return a, db.mapErr(err, content.ErrArticleNotFound)
}

func (db *DB) FindArticleByID(ctx context.Context, siteID, id int64) (content.Article, error) {
	return db.findArticle(ctx, qArticleByID, siteID, id)
}

func (db *DB) FindArticleBySlug(ctx context.Context, siteID int64, slug string) (content.Article, error) {
	return db.findArticle(ctx, qArticleBySlug, siteID, slug)
}

func (db *DB) FindArticleBySourceURL(ctx context.Context, siteID int64, url string) (content.Article, error) {
	return db.findArticle(ctx, qArticleBySource, siteID, url)
}

// in returns "(p1, p2, …)", one placeholder a value.
func in[T any](a *args, vs []T, conv func(T) any) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = a.add(conv(v))
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// articleWhere builds the WHERE clause for f.
func (db *DB) articleWhere(f content.ArticleFilter) (string, *args) {
	a := db.args()
	var conds []string
	if len(f.SiteIDs) > 0 {
		conds = append(conds, "site_id IN "+in(a, f.SiteIDs, func(id int64) any { return id }))
	} else {
		conds = append(conds, "site_id = "+a.add(f.SiteID))
	}
	if len(f.CategoryIDs) > 0 {
		conds = append(conds, "category_id IN "+in(a, f.CategoryIDs, func(id int64) any { return id }))
	}
	if !f.PublicAt.IsZero() {
		conds = append(conds, "status = 'published' AND published_at <= "+a.add(db.t(f.PublicAt)))
	} else if f.Status != "" {
		conds = append(conds, "status = "+a.add(string(f.Status)))
	}
	if f.Featured {
		conds = append(conds, "featured = TRUE") // an equality, so SQLite can use articles_featured (a bare "featured" made it read every public article of the site)
	}
	if f.ExcludeID != 0 {
		conds = append(conds, "id <> "+a.add(f.ExcludeID))
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "id IN "+in(a, f.IDs, func(id int64) any { return id }))
	}
	if !f.UpdatedSince.IsZero() {
		conds = append(conds, "updated_at >= "+a.add(db.t(f.UpdatedSince)))
	}
	if f.Stage != "" {
		st := string(f.Stage)
		conds = append(conds, "(status = "+a.add(st)+" OR pending_revision_id IS NOT NULL AND pending_stage = "+a.add(st)+")")
	}
	if f.OwnerID != 0 {
		conds = append(conds, "owner_id = "+a.add(f.OwnerID))
	}
	if t := FoldQuery(f.Text); t != "" {
		conds = append(conds, `list_fold LIKE `+a.add(LikePattern(t))+` ESCAPE '\'`)
	}
	return strings.Join(conds, " AND "), a
}

func (db *DB) CountArticles(ctx context.Context, f content.ArticleFilter) (int, error) {
	where, a := db.articleWhere(f)
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+where, a.v...).Scan(&n)
	return n, db.mapErr(err, content.ErrArticleNotFound)
}

const pageCols = `id, site_id, title, slug, body, position, in_menu, updated_at, version`

func (d *Dialect) scanPage(row scanner) (content.Page, error) {
	var p content.Page
	err := row.Scan(&p.ID, &p.SiteID, &p.Title, &p.Slug, &p.Body, &p.Position, &p.InMenu, d.TimeDest(&p.UpdatedAt), &p.Version)
	return p, err
}

func (db *DB) CreatePage(ctx context.Context, p *content.Page, a *audit.Entry) error {
	p.UpdatedAt = Now()
	return db.slugErr(ctx, qPageSlugUsed, p.SiteID, p.Slug, 0, db.writeTx(ctx, content.ErrPageNotFound, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(qCreatePage), p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt)).Scan(&p.ID)
		if err != nil {
			return err
		}
		p.Version = 1 // the column's default
		if err := db.d.setPageRefs(ctx, tx, p); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, pageDoc(p)); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, object("page", p.ID), p.SiteID)
	}))
}

func (db *DB) UpdatePage(ctx context.Context, p *content.Page, a *audit.Entry) error {
	p.UpdatedAt = Now()
	err := db.slugErr(ctx, qPageSlugUsed, p.SiteID, p.Slug, p.ID, db.writeTx(ctx, content.ErrPageNotFound, func(tx *sql.Tx) error {
		if err := db.updateVersioned(ctx, tx, qPageExists, content.ErrPageStale, p.SiteID, p.ID, qUpdatePage,
			p.Title, p.Slug, p.Body, p.Position, p.InMenu, db.t(p.UpdatedAt), p.SiteID, p.ID, p.Version); err != nil {
			return err
		}
		if err := db.d.setPageRefs(ctx, tx, p); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, pageDoc(p)); err != nil {
			return err
		}
		return db.audit(ctx, tx, a, object("page", p.ID), p.SiteID)
	}))
	if err == nil {
		p.Version++
	}
	return err
}

func (db *DB) FindPageBySlug(ctx context.Context, siteID int64, slug string) (content.Page, error) {
	p, err := db.d.scanPage(db.r.QueryRowContext(ctx, db.q(qPageBySlug), siteID, slug))
	return p, db.mapErr(err, content.ErrPageNotFound)
}

func (db *DB) FindPages(ctx context.Context, siteID int64) ([]content.Page, error) {
	return list(db, ctx, content.ErrPageNotFound, db.d.scanPage, qPages, siteID)
}

// articleDoc is what the index holds of an article; e, when it is still
// a's search entry, gives its text and index columns computed ahead.
func articleDoc(a *content.Article, e *content.SearchEntry) search.Doc {
	text, fields, ok := e.For(a)
	if !ok {
		text = a.SearchText()
	}
	d := search.Doc{
		SiteID: a.SiteID, Kind: search.KindArticle, RefID: a.ID, CategoryID: a.CategoryID,
		Title: a.Title, Text: text, Byline: a.Byline(),
		Slug: a.Slug, SourceURL: a.SourceURL, PublishedAt: a.PublishedAt, Precomputed: fields,
	}
	if a.Status == content.StatusPublished {
		d.PublicFrom = a.PublishedAt
	}
	return d
}

func pageDoc(p *content.Page) search.Doc {
	return search.Doc{
		SiteID: p.SiteID, Kind: search.KindPage, RefID: p.ID, Title: p.Title, Text: search.PlainText(p.Body),
		Slug: p.Slug, PublicFrom: p.UpdatedAt, PublishedAt: p.UpdatedAt,
	}
}

// ReindexBatch reads up to n items of kind with IDs above after, as search
// docs, inside tx.
func (d *Dialect) ReindexBatch(ctx context.Context, tx *sql.Tx, kind string, after int64, n int) ([]search.Doc, error) {
	var rows *sql.Rows
	var err error
	var doc func() (search.Doc, error)
	switch kind {
	case search.KindDocument:
		rows, err = tx.QueryContext(ctx, d.q(qReindexDocument), after, n)
		doc = func() (search.Doc, error) { x, err := d.scanDocument(rows); return documentDoc(&x), err }
	case search.KindQuestion:
		rows, err = tx.QueryContext(ctx, d.q(qReindexQuestions), after, n)
		doc = func() (search.Doc, error) { x, err := d.scanQuestion(rows); return questionDoc(&x), err }
	case search.KindPage:
		rows, err = tx.QueryContext(ctx, d.q(qReindexPages), after, n)
		doc = func() (search.Doc, error) { x, err := d.scanPage(rows); return pageDoc(&x), err }
	default:
		rows, err = tx.QueryContext(ctx, d.q(qReindexArticles), after, n)
		doc = func() (search.Doc, error) { x, err := d.scanArticle(rows, true); return articleDoc(&x, nil), err }
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []search.Doc
	for rows.Next() {
		sd, err := doc()
		if err != nil {
			return nil, err
		}
		docs = append(docs, sd)
	}
	return docs, rows.Err()
}

// Reindex rebuilds the search index from the content in one write
// transaction, calling progress after each item. Readers keep seeing the
// old index until it commits. Batches are read through that transaction:
// the reader pool would not see the emptied index.
func (db *DB) Reindex(ctx context.Context, progress func(done, total int)) error {
	return db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, db.q(qReindexTotal)).Scan(&total); err != nil {
			return err
		}
		if err := db.d.ClearIndex(ctx, tx); err != nil {
			return err
		}
		done := 0
		for _, kind := range []string{search.KindArticle, search.KindPage, search.KindDocument, search.KindQuestion} {
			for last := int64(0); ; {
				docs, err := db.d.ReindexBatch(ctx, tx, kind, last, 500)
				if err != nil {
					return err
				}
				if len(docs) == 0 {
					break
				}
				for _, d := range docs {
					if err := db.d.Index(ctx, tx, d); err != nil {
						return err
					}
					done++
					if progress != nil {
						progress(done, total)
					}
				}
				last = docs[len(docs)-1].RefID
			}
		}
		return nil
	})
}
