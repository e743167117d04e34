package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlstore"
)

var _ content.Store = (*DB)(nil)

const siteCols = `id, key, name, banner, agency, address, phone, email, responsible, licence, host, is_default, version, articles_version, documents_version, schedule_version, updated_at, description`

func scanSite(row interface{ Scan(...any) error }) (content.Site, error) {
	var s content.Site
	err := row.Scan(&s.ID, &s.Key, &s.Name, &s.Banner, &s.Agency, &s.Address, &s.Phone, &s.Email,
		&s.Responsible, &s.Licence, &s.Host, &s.IsDefault, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, timeDest{&s.UpdatedAt}, &s.Description)
	s.Version = s.Versions.Sum()
	return s, err
}

func (db *DB) CreateSite(ctx context.Context, s *content.Site) error {
	s.UpdatedAt = now()
	err := db.db.QueryRowContext(ctx, `INSERT INTO sites (key, name, banner, agency, address, phone, email, responsible, licence, host, is_default, updated_at, description)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, version, articles_version, documents_version, schedule_version`,
		s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, ts(s.UpdatedAt), s.Description,
	).Scan(&s.ID, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule)
	s.Version = s.Versions.Sum()
	return mapErr(err, "trang")
}

func (db *DB) UpdateSite(ctx context.Context, s *content.Site) error {
	s.UpdatedAt = now()
	err := db.db.QueryRowContext(ctx, `UPDATE sites SET key = $1, name = $2, banner = $3, agency = $4, address = $5, phone = $6, email = $7,
		responsible = $8, licence = $9, host = $10, is_default = $11, updated_at = $12, description = $14, version = version + 1 WHERE id = $13 RETURNING version, articles_version, documents_version, schedule_version`,
		s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, ts(s.UpdatedAt), s.ID, s.Description,
	).Scan(&s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule)
	s.Version = s.Versions.Sum()
	return mapErr(err, "trang")
}

func (db *DB) FindSiteByID(ctx context.Context, id int64) (content.Site, error) {
	s, err := scanSite(db.db.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE id = $1`, id))
	return s, mapErr(err, "trang")
}

func (db *DB) FindSiteByKey(ctx context.Context, key string) (content.Site, error) {
	s, err := scanSite(db.db.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE key = $1`, key))
	return s, mapErr(err, "trang")
}

func (db *DB) FindSites(ctx context.Context) ([]content.Site, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+siteCols+` FROM sites ORDER BY id`)
	if err != nil {
		return nil, mapErr(err, "trang")
	}
	defer rows.Close()
	var out []content.Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, mapErr(err, "trang")
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err(), "trang")
}

func (db *DB) SiteVersions(ctx context.Context) (map[int64]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, version + articles_version + documents_version + schedule_version FROM sites`)
	if err != nil {
		return nil, mapErr(err, "trang")
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, mapErr(err, "trang")
		}
		out[id] = v
	}
	return out, mapErr(rows.Err(), "trang")
}

const categoryCols = `id, site_id, COALESCE(parent_id, 0), name, slug, position, hidden`

func scanCategory(row interface{ Scan(...any) error }) (content.Category, error) {
	var c content.Category
	err := row.Scan(&c.ID, &c.SiteID, &c.ParentID, &c.Name, &c.Slug, &c.Position, &c.Hidden)
	return c, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (db *DB) CreateCategory(ctx context.Context, c *content.Category) error {
	err := db.db.QueryRowContext(ctx, `INSERT INTO categories (site_id, parent_id, name, slug, position, hidden) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		c.SiteID, nullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden).Scan(&c.ID)
	return mapErr(err, "chuyên mục")
}

func (db *DB) UpdateCategory(ctx context.Context, c *content.Category) error {
	return execOne(ctx, db.db, "chuyên mục", `UPDATE categories SET parent_id = $1, name = $2, slug = $3, position = $4, hidden = $5 WHERE id = $6 AND site_id = $7`,
		nullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden, c.ID, c.SiteID)
}

func (db *DB) FindCategoryByID(ctx context.Context, siteID, id int64) (content.Category, error) {
	c, err := scanCategory(db.db.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = $1 AND id = $2`, siteID, id))
	return c, mapErr(err, "chuyên mục")
}

func (db *DB) FindCategoryBySlug(ctx context.Context, siteID int64, slug string) (content.Category, error) {
	c, err := scanCategory(db.db.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = $1 AND slug = $2`, siteID, slug))
	return c, mapErr(err, "chuyên mục")
}

// FindCategories orders names byte-wise (COLLATE "C"), as SQLite's BINARY
// collation does, whatever the database's locale.
func (db *DB) FindCategories(ctx context.Context, siteID int64) ([]content.Category, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = $1 ORDER BY position, name COLLATE "C", id`, siteID)
	if err != nil {
		return nil, mapErr(err, "chuyên mục")
	}
	defer rows.Close()
	var out []content.Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, mapErr(err, "chuyên mục")
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err(), "chuyên mục")
}

const articleListCols = `id, site_id, category_id, title, slug, summary, author, unit, COALESCE(source_url, ''), status, featured, published_at, created_at, updated_at,
	owner_id, COALESCE(pending_revision_id, 0), pending_stage, review_note, withdrawn_reason, replacement, flagged, photo`

func scanArticle(row interface{ Scan(...any) error }, withBody bool) (content.Article, error) {
	var a content.Article
	var photo string
	dest := []any{&a.ID, &a.SiteID, &a.CategoryID, &a.Title, &a.Slug, &a.Summary, &a.Author, &a.Unit, &a.SourceURL, &a.Status, &a.Featured,
		timeDest{&a.PublishedAt}, timeDest{&a.CreatedAt}, timeDest{&a.UpdatedAt},
		&a.OwnerID, &a.PendingRevisionID, &a.PendingStage, &a.ReviewNote, &a.WithdrawnReason, &a.Replacement, &a.Flagged, &photo}
	if withBody {
		dest = append(dest, &a.Body)
	}
	err := row.Scan(dest...)
	a.Photo = content.DecodePhoto(photo)
	return a, err
}

func (db *DB) CreateArticle(ctx context.Context, a *content.Article) error {
	return db.writeTx(ctx, "bài viết", func(tx *sql.Tx) error { return insertArticle(ctx, tx, a) })
}

func (db *DB) UpdateArticle(ctx context.Context, a *content.Article) error {
	return db.writeTx(ctx, "bài viết", func(tx *sql.Tx) error { return updateArticle(ctx, tx, a, time.Time{}) })
}

// insertArticle writes a new article and its search entry.
func insertArticle(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	a.CreatedAt = now()
	a.UpdatedAt = a.CreatedAt
	err := tx.QueryRowContext(ctx, `INSERT INTO articles (site_id, category_id, title, slug, summary, body, author, unit, source_url, status, featured, published_at, created_at, updated_at,
			owner_id, pending_revision_id, pending_stage, review_note, withdrawn_reason, replacement, flagged, list_fold, photo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
		a.SiteID, a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, nullable(a.SourceURL), string(a.Status), a.Featured,
		ts(a.PublishedAt), ts(a.CreatedAt), ts(a.UpdatedAt),
		a.OwnerID, nullID(a.PendingRevisionID), string(a.PendingStage), a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged, sqlstore.ListFold(a), content.EncodePhoto(a.Photo)).Scan(&a.ID)
	if err != nil {
		return err
	}
	return index(ctx, tx, articleDoc(a))
}

// errStale is returned when an article changed after the caller read it.
var errStale = apperr.New(apperr.Conflict, "Bài viết vừa được người khác thay đổi. Vui lòng tải lại và thử lại.")

// updateArticle rewrites an article and its search entry. When readAt is
// set, the row is written only if its updated_at still equals readAt (the
// caller's copy is current); otherwise errStale is returned and nothing is
// written. a.UpdatedAt changes only on success.
func updateArticle(ctx context.Context, tx *sql.Tx, a *content.Article, readAt time.Time) error {
	upd := now()
	query := `UPDATE articles SET category_id = $1, title = $2, slug = $3, summary = $4, body = $5, author = $6, unit = $7,
		source_url = $8, status = $9, featured = $10, published_at = $11, updated_at = $12,
		owner_id = $13, pending_revision_id = $14, pending_stage = $15, review_note = $16, withdrawn_reason = $17, replacement = $18, flagged = $19,
		list_fold = $22, photo = $23
		WHERE id = $20 AND site_id = $21`
	args := []any{a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, nullable(a.SourceURL), string(a.Status), a.Featured,
		ts(a.PublishedAt), ts(upd),
		a.OwnerID, nullID(a.PendingRevisionID), string(a.PendingStage), a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged,
		a.ID, a.SiteID, sqlstore.ListFold(a), content.EncodePhoto(a.Photo)}
	if !readAt.IsZero() {
		query += ` AND updated_at = $24`
		args = append(args, ts(readAt))
	}
	err := execOne(ctx, tx, "bài viết", query, args...)
	if apperr.Is(err, apperr.NotFound) && !readAt.IsZero() {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1 AND site_id = $2)`, a.ID, a.SiteID).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return errStale
		}
	}
	if err != nil {
		return err
	}
	a.UpdatedAt = upd
	return index(ctx, tx, articleDoc(a))
}

func (db *DB) findArticle(ctx context.Context, where string, args ...any) (content.Article, error) {
	a, err := scanArticle(db.db.QueryRowContext(ctx, `SELECT `+articleListCols+`, body FROM articles WHERE `+where, args...), true)
	return a, mapErr(err, "bài viết")
}

func (db *DB) FindArticleByID(ctx context.Context, siteID, id int64) (content.Article, error) {
	return db.findArticle(ctx, `site_id = $1 AND id = $2`, siteID, id)
}

func (db *DB) FindArticleBySlug(ctx context.Context, siteID int64, slug string) (content.Article, error) {
	return db.findArticle(ctx, `site_id = $1 AND slug = $2`, siteID, slug)
}

func (db *DB) FindArticleBySourceURL(ctx context.Context, siteID int64, url string) (content.Article, error) {
	return db.findArticle(ctx, `site_id = $1 AND source_url = $2`, siteID, url)
}

// articleWhere builds the WHERE clause for f and its arguments, numbered
// from $1.
func articleWhere(f content.ArticleFilter) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds := []string{"site_id = " + arg(f.SiteID)}
	if len(f.CategoryIDs) > 0 {
		ids := make([]int64, len(f.CategoryIDs))
		copy(ids, f.CategoryIDs)
		conds = append(conds, "category_id = ANY("+arg(ids)+")")
	}
	if !f.PublicAt.IsZero() {
		conds = append(conds, "status = 'published' AND published_at <= "+arg(ts(f.PublicAt)))
	} else if f.Status != "" {
		conds = append(conds, "status = "+arg(string(f.Status)))
	}
	if f.Featured {
		conds = append(conds, "featured")
	}
	if f.ExcludeID != 0 {
		conds = append(conds, "id <> "+arg(f.ExcludeID))
	}
	if !f.UpdatedSince.IsZero() {
		conds = append(conds, "updated_at >= "+arg(ts(f.UpdatedSince)))
	}
	if f.Stage != "" {
		st := arg(string(f.Stage))
		conds = append(conds, "(status = "+st+" OR pending_revision_id IS NOT NULL AND pending_stage = "+st+")")
	}
	if f.OwnerID != 0 {
		conds = append(conds, "owner_id = "+arg(f.OwnerID))
	}
	if t := sqlstore.FoldQuery(f.Text); t != "" {
		conds = append(conds, `list_fold LIKE `+arg(sqlstore.LikePattern(t))+` ESCAPE '\'`)
	}
	return strings.Join(conds, " AND "), args
}

func (db *DB) FindArticles(ctx context.Context, f content.ArticleFilter) ([]content.Article, error) {
	where, args := articleWhere(f)
	order := "published_at DESC, id DESC"
	switch {
	case !f.UpdatedSince.IsZero():
		order = "updated_at, id" // harvesting: oldest change first
	case f.ByUpdated:
		order = "updated_at DESC, id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	args = append(args, limit, max(f.Offset, 0))
	rows, err := db.db.QueryContext(ctx, fmt.Sprintf(`SELECT `+articleListCols+` FROM articles WHERE `+where+
		` ORDER BY `+order+` LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, mapErr(err, "bài viết")
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, mapErr(err, "bài viết")
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err(), "bài viết")
}

func (db *DB) CountArticles(ctx context.Context, f content.ArticleFilter) (int, error) {
	where, args := articleWhere(f)
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+where, args...).Scan(&n)
	return n, mapErr(err, "bài viết")
}

const pageCols = `id, site_id, title, slug, body, position, in_menu, updated_at`

func scanPage(row interface{ Scan(...any) error }) (content.Page, error) {
	var p content.Page
	err := row.Scan(&p.ID, &p.SiteID, &p.Title, &p.Slug, &p.Body, &p.Position, &p.InMenu, timeDest{&p.UpdatedAt})
	return p, err
}

func (db *DB) CreatePage(ctx context.Context, p *content.Page) error {
	p.UpdatedAt = now()
	return db.writeTx(ctx, "trang tĩnh", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO pages (site_id, title, slug, body, position, in_menu, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, ts(p.UpdatedAt)).Scan(&p.ID)
		if err != nil {
			return err
		}
		return index(ctx, tx, pageDoc(p))
	})
}

func (db *DB) UpdatePage(ctx context.Context, p *content.Page) error {
	p.UpdatedAt = now()
	return db.writeTx(ctx, "trang tĩnh", func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "trang tĩnh", `UPDATE pages SET title = $1, slug = $2, body = $3, position = $4, in_menu = $5, updated_at = $6 WHERE id = $7 AND site_id = $8`,
			p.Title, p.Slug, p.Body, p.Position, p.InMenu, ts(p.UpdatedAt), p.ID, p.SiteID); err != nil {
			return err
		}
		return index(ctx, tx, pageDoc(p))
	})
}

func (db *DB) FindPageBySlug(ctx context.Context, siteID int64, slug string) (content.Page, error) {
	p, err := scanPage(db.db.QueryRowContext(ctx, `SELECT `+pageCols+` FROM pages WHERE site_id = $1 AND slug = $2`, siteID, slug))
	return p, mapErr(err, "trang")
}

func (db *DB) FindPages(ctx context.Context, siteID int64) ([]content.Page, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+pageCols+` FROM pages WHERE site_id = $1 ORDER BY position, id`, siteID)
	if err != nil {
		return nil, mapErr(err, "trang tĩnh")
	}
	defer rows.Close()
	var out []content.Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, mapErr(err, "trang tĩnh")
		}
		out = append(out, p)
	}
	return out, mapErr(rows.Err(), "trang tĩnh")
}
