package sqlite

import (
	"context"
	"database/sql"
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
	var upd int64
	err := row.Scan(&s.ID, &s.Key, &s.Name, &s.Banner, &s.Agency, &s.Address, &s.Phone, &s.Email,
		&s.Responsible, &s.Licence, &s.Host, &s.IsDefault, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, &upd, &s.Description)
	s.UpdatedAt = fromMicros(upd)
	s.Version = s.Versions.Sum()
	return s, err
}

func (db *DB) CreateSite(ctx context.Context, s *content.Site) error {
	s.UpdatedAt = now()
	err := db.w.QueryRowContext(ctx, `INSERT INTO sites (key, name, banner, agency, address, phone, email, responsible, licence, host, is_default, updated_at, description)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version, articles_version, documents_version, schedule_version`,
		s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, micros(s.UpdatedAt), s.Description,
	).Scan(&s.ID, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule)
	s.Version = s.Versions.Sum()
	return mapErr(err, "trang")
}

func (db *DB) UpdateSite(ctx context.Context, s *content.Site) error {
	s.UpdatedAt = now()
	err := db.w.QueryRowContext(ctx, `UPDATE sites SET key = ?, name = ?, banner = ?, agency = ?, address = ?, phone = ?, email = ?,
		responsible = ?, licence = ?, host = ?, is_default = ?, updated_at = ?, description = ?, version = version + 1 WHERE id = ? RETURNING version, articles_version, documents_version, schedule_version`,
		s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, micros(s.UpdatedAt), s.Description, s.ID,
	).Scan(&s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule)
	s.Version = s.Versions.Sum()
	return mapErr(err, "trang")
}

func (db *DB) FindSiteByID(ctx context.Context, id int64) (content.Site, error) {
	s, err := scanSite(db.r.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE id = ?`, id))
	return s, mapErr(err, "trang")
}

func (db *DB) FindSiteByKey(ctx context.Context, key string) (content.Site, error) {
	s, err := scanSite(db.r.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE key = ?`, key))
	return s, mapErr(err, "trang")
}

func (db *DB) FindSites(ctx context.Context) ([]content.Site, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+siteCols+` FROM sites ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) SiteVersions(ctx context.Context) (map[int64]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, version + articles_version + documents_version + schedule_version FROM sites`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
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
	err := db.w.QueryRowContext(ctx, `INSERT INTO categories (site_id, parent_id, name, slug, position, hidden) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		c.SiteID, nullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden).Scan(&c.ID)
	return mapErr(err, "chuyên mục")
}

func (db *DB) UpdateCategory(ctx context.Context, c *content.Category) error {
	return execOne(ctx, db.w, "chuyên mục", `UPDATE categories SET parent_id = ?, name = ?, slug = ?, position = ?, hidden = ? WHERE id = ? AND site_id = ?`,
		nullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden, c.ID, c.SiteID)
}

func (db *DB) FindCategoryByID(ctx context.Context, siteID, id int64) (content.Category, error) {
	c, err := scanCategory(db.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = ? AND id = ?`, siteID, id))
	return c, mapErr(err, "chuyên mục")
}

func (db *DB) FindCategoryBySlug(ctx context.Context, siteID int64, slug string) (content.Category, error) {
	c, err := scanCategory(db.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = ? AND slug = ?`, siteID, slug))
	return c, mapErr(err, "chuyên mục")
}

func (db *DB) FindCategories(ctx context.Context, siteID int64) ([]content.Category, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+categoryCols+` FROM categories WHERE site_id = ? ORDER BY position, name, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const articleListCols = `id, site_id, category_id, title, slug, summary, author, unit, COALESCE(source_url, ''), status, featured, published_at, created_at, updated_at,
	owner_id, COALESCE(pending_revision_id, 0), pending_stage, review_note, withdrawn_reason, replacement, flagged, photo`

func scanArticle(row interface{ Scan(...any) error }, withBody bool) (content.Article, error) {
	var a content.Article
	var pub, crt, upd int64
	var photo string
	dest := []any{&a.ID, &a.SiteID, &a.CategoryID, &a.Title, &a.Slug, &a.Summary, &a.Author, &a.Unit, &a.SourceURL, &a.Status, &a.Featured, &pub, &crt, &upd,
		&a.OwnerID, &a.PendingRevisionID, &a.PendingStage, &a.ReviewNote, &a.WithdrawnReason, &a.Replacement, &a.Flagged, &photo}
	if withBody {
		dest = append(dest, &a.Body)
	}
	err := row.Scan(dest...)
	a.Photo = content.DecodePhoto(photo)
	a.PublishedAt, a.CreatedAt, a.UpdatedAt = fromMicros(pub), fromMicros(crt), fromMicros(upd)
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
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.SiteID, a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, nullable(a.SourceURL), a.Status, a.Featured,
		micros(a.PublishedAt), micros(a.CreatedAt), micros(a.UpdatedAt),
		a.OwnerID, nullID(a.PendingRevisionID), a.PendingStage, a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged, sqlstore.ListFold(a), content.EncodePhoto(a.Photo)).Scan(&a.ID)
	if err != nil {
		return err
	}
	return index(ctx, tx, articleDoc(a))
}

// errStale is a write over an article someone else changed after it was read.
var errStale = apperr.New(apperr.Conflict, "Bài viết vừa được người khác thay đổi. Vui lòng tải lại và thử lại.")

// updateArticle rewrites an article and its search entry. When readAt is
// set, the row is written only if its updated_at is still readAt
// (optimistic locking: a stale copy never overwrites a newer one).
func updateArticle(ctx context.Context, tx *sql.Tx, a *content.Article, readAt time.Time) error {
	upd := now()
	query := `UPDATE articles SET category_id = ?, title = ?, slug = ?, summary = ?, body = ?, author = ?, unit = ?,
		source_url = ?, status = ?, featured = ?, published_at = ?, updated_at = ?,
		owner_id = ?, pending_revision_id = ?, pending_stage = ?, review_note = ?, withdrawn_reason = ?, replacement = ?, flagged = ?, list_fold = ?, photo = ?
		WHERE id = ? AND site_id = ?`
	args := []any{a.CategoryID, a.Title, a.Slug, a.Summary, a.Body, a.Author, a.Unit, nullable(a.SourceURL), a.Status, a.Featured,
		micros(a.PublishedAt), micros(upd),
		a.OwnerID, nullID(a.PendingRevisionID), a.PendingStage, a.ReviewNote, a.WithdrawnReason, a.Replacement, a.Flagged, sqlstore.ListFold(a), content.EncodePhoto(a.Photo),
		a.ID, a.SiteID}
	if !readAt.IsZero() {
		query += ` AND updated_at = ?`
		args = append(args, micros(readAt))
	}
	err := execOne(ctx, tx, "bài viết", query, args...)
	if apperr.Is(err, apperr.NotFound) && !readAt.IsZero() {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = ? AND site_id = ?)`, a.ID, a.SiteID).Scan(&exists); err != nil {
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
	a, err := scanArticle(db.r.QueryRowContext(ctx, `SELECT `+articleListCols+`, body FROM articles WHERE `+where, args...), true)
	return a, mapErr(err, "bài viết")
}

func (db *DB) FindArticleByID(ctx context.Context, siteID, id int64) (content.Article, error) {
	return db.findArticle(ctx, `site_id = ? AND id = ?`, siteID, id)
}

func (db *DB) FindArticleBySlug(ctx context.Context, siteID int64, slug string) (content.Article, error) {
	return db.findArticle(ctx, `site_id = ? AND slug = ?`, siteID, slug)
}

func (db *DB) FindArticleBySourceURL(ctx context.Context, siteID int64, url string) (content.Article, error) {
	return db.findArticle(ctx, `site_id = ? AND source_url = ?`, siteID, url)
}

// articleWhere builds the WHERE clause for f.
func articleWhere(f content.ArticleFilter) (string, []any) {
	conds := []string{"site_id = ?"}
	args := []any{f.SiteID}
	if len(f.CategoryIDs) > 0 {
		conds = append(conds, "category_id IN (?"+strings.Repeat(", ?", len(f.CategoryIDs)-1)+")")
		for _, id := range f.CategoryIDs {
			args = append(args, id)
		}
	}
	if !f.PublicAt.IsZero() {
		conds = append(conds, "status = 'published' AND published_at <= ?")
		args = append(args, micros(f.PublicAt))
	} else if f.Status != "" {
		conds = append(conds, "status = ?")
		args = append(args, f.Status)
	}
	if f.Featured {
		conds = append(conds, "featured = 1")
	}
	if f.ExcludeID != 0 {
		conds = append(conds, "id <> ?")
		args = append(args, f.ExcludeID)
	}
	if !f.UpdatedSince.IsZero() {
		conds = append(conds, "updated_at >= ?")
		args = append(args, micros(f.UpdatedSince))
	}
	if f.Stage != "" {
		conds = append(conds, "(status = ? OR pending_revision_id IS NOT NULL AND pending_stage = ?)")
		args = append(args, f.Stage, f.Stage)
	}
	if f.OwnerID != 0 {
		conds = append(conds, "owner_id = ?")
		args = append(args, f.OwnerID)
	}
	if t := sqlstore.FoldQuery(f.Text); t != "" {
		conds = append(conds, `list_fold LIKE ? ESCAPE '\'`)
		args = append(args, sqlstore.LikePattern(t))
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
	rows, err := db.r.QueryContext(ctx, `SELECT `+articleListCols+` FROM articles WHERE `+where+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) CountArticles(ctx context.Context, f content.ArticleFilter) (int, error) {
	where, args := articleWhere(f)
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+where, args...).Scan(&n)
	return n, err
}

const pageCols = `id, site_id, title, slug, body, position, in_menu, updated_at`

func scanPage(row interface{ Scan(...any) error }) (content.Page, error) {
	var p content.Page
	var upd int64
	err := row.Scan(&p.ID, &p.SiteID, &p.Title, &p.Slug, &p.Body, &p.Position, &p.InMenu, &upd)
	p.UpdatedAt = fromMicros(upd)
	return p, err
}

func (db *DB) CreatePage(ctx context.Context, p *content.Page) error {
	p.UpdatedAt = now()
	return db.writeTx(ctx, "trang tĩnh", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO pages (site_id, title, slug, body, position, in_menu, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.SiteID, p.Title, p.Slug, p.Body, p.Position, p.InMenu, micros(p.UpdatedAt)).Scan(&p.ID)
		if err != nil {
			return err
		}
		return index(ctx, tx, pageDoc(p))
	})
}

func (db *DB) UpdatePage(ctx context.Context, p *content.Page) error {
	p.UpdatedAt = now()
	return db.writeTx(ctx, "trang tĩnh", func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "trang tĩnh", `UPDATE pages SET title = ?, slug = ?, body = ?, position = ?, in_menu = ?, updated_at = ? WHERE id = ? AND site_id = ?`,
			p.Title, p.Slug, p.Body, p.Position, p.InMenu, micros(p.UpdatedAt), p.ID, p.SiteID); err != nil {
			return err
		}
		return index(ctx, tx, pageDoc(p))
	})
}

func (db *DB) FindPageBySlug(ctx context.Context, siteID int64, slug string) (content.Page, error) {
	p, err := scanPage(db.r.QueryRowContext(ctx, `SELECT `+pageCols+` FROM pages WHERE site_id = ? AND slug = ?`, siteID, slug))
	return p, mapErr(err, "trang")
}

func (db *DB) FindPages(ctx context.Context, siteID int64) ([]content.Page, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+pageCols+` FROM pages WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
