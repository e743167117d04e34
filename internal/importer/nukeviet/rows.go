package nukeviet

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// texts reads the text columns of one row, remembering every column that
// is not valid UTF-8 (a table in a legacy charset, a broken copy).
type texts struct{ bad []string }

func (t *texts) str(col string, b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	t.bad = append(t.bad, fmt.Sprintf("%s (byte 0x%02X ở vị trí %d)", col, b[i], i))
	return ""
}

// err is the row's problem in Vietnamese, or "".
func (t *texts) err() string {
	if len(t.bad) == 0 {
		return ""
	}
	return "không phải UTF-8 hợp lệ: " + strings.Join(t.bad, ", ")
}

// Category is a row of …_news_cat.
type Category struct {
	ID, ParentID, Weight, Status int64
	Title, Alias                 string
	Bad                          string
}

// Categories reads the news categories, parents before children.
func (s *Source) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT catid, parentid, weight, status, title, alias FROM `+s.table("%s_news_cat")+` ORDER BY lev, parentid, weight, catid`)
	if err != nil {
		return nil, fmt.Errorf("đọc chuyên mục: %w", err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		var title, alias []byte
		if err := rows.Scan(&c.ID, &c.ParentID, &c.Weight, &c.Status, &title, &alias); err != nil {
			return nil, fmt.Errorf("đọc chuyên mục: %w", err)
		}
		var t texts
		c.Title, c.Alias = t.str("title", title), t.str("alias", alias)
		c.Bad = t.err()
		out = append(out, c)
	}
	return out, rows.Err()
}

// Article is a row of …_news_rows with its …_news_detail.
type Article struct {
	ID, CatID, AdminID, Status, Thumb, Hits int64
	Add, Edit, Publ, Exp                    int64 // Unix seconds; Exp 0: none
	Title, Alias, Hometext, Author, Source  string
	Image, ImageAlt, Body, Files            string
	HasDetail                               bool
	Bad                                     string
}

// articlePage is how many articles one query reads.
const articlePage = 500

// Articles calls fn with every article, in order of id, a page of at most
// articlePage at a time, so that any number stays bounded in memory.
func (s *Source) Articles(ctx context.Context, fn func([]Article) error) error {
	q := `SELECT r.id, r.catid, r.admin_id, r.status, r.homeimgthumb, r.hitstotal, r.addtime, r.edittime, r.publtime, r.exptime,
		r.title, r.alias, r.hometext, r.author, COALESCE(src.title, ''), r.homeimgfile, r.homeimgalt,
		COALESCE(d.bodyhtml, ''), COALESCE(d.files, ''), d.id IS NOT NULL
		FROM ` + s.table("%s_news_rows") + ` r LEFT JOIN ` + s.table("%s_news_detail") + ` d ON d.id = r.id`
	if s.Has("%s_news_sources") {
		q += ` LEFT JOIN ` + s.table("%s_news_sources") + ` src ON src.sourceid = r.sourceid`
	} else {
		q += ` LEFT JOIN (SELECT 0 AS sourceid, '' AS title) src ON 1 = 0`
	}
	q += ` WHERE r.id > ? ORDER BY r.id LIMIT ` + fmt.Sprint(articlePage)
	var after int64
	for {
		page, err := s.articlePage(ctx, q, after)
		if err != nil {
			return fmt.Errorf("đọc bài viết sau id %d: %w", after, err)
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return err
			}
			after = page[len(page)-1].ID
		}
		if len(page) < articlePage {
			return nil
		}
	}
}

func (s *Source) articlePage(ctx context.Context, q string, after int64) ([]Article, error) {
	rows, err := s.db.QueryContext(ctx, q, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		var a Article
		var title, alias, home, author, source, img, alt, body, files []byte
		if err := rows.Scan(&a.ID, &a.CatID, &a.AdminID, &a.Status, &a.Thumb, &a.Hits, &a.Add, &a.Edit, &a.Publ, &a.Exp,
			&title, &alias, &home, &author, &source, &img, &alt, &body, &files, &a.HasDetail); err != nil {
			return nil, err
		}
		var t texts
		a.Title, a.Alias, a.Hometext = t.str("title", title), t.str("alias", alias), t.str("hometext", home)
		a.Author, a.Source = t.str("author", author), t.str("nguồn (sources.title)", source)
		a.Image, a.ImageAlt = t.str("homeimgfile", img), t.str("homeimgalt", alt)
		a.Body, a.Files = t.str("bodyhtml", body), t.str("files", files)
		a.Bad = t.err()
		out = append(out, a)
	}
	return out, rows.Err()
}

// Featured returns the ids of the articles in any block group, with the
// number of groups.
func (s *Source) Featured(ctx context.Context) (map[int64]bool, int, error) {
	out := map[int64]bool{}
	if !s.Has("%s_news_block") {
		return out, 0, nil
	}
	groups := 0
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT bid) FROM `+s.table("%s_news_block")).Scan(&groups); err != nil {
		return nil, 0, fmt.Errorf("đọc nhóm tin: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM `+s.table("%s_news_block"))
	if err != nil {
		return nil, 0, fmt.Errorf("đọc nhóm tin: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		out[id] = true
	}
	return out, groups, rows.Err()
}

// Account is a row of …_users, with its administrator level (…_authors.lev:
// 1 god, 2 super administrator, 3 module administrator; 0 none) and
// whether it wrote an article.
type Account struct {
	ID, Lev                                  int64
	Username, Email, First, Last, Hash, Note string
	Active, Suspended, Wrote                 bool
	Bad                                      string
}

// Accounts reads the administrators and the authors of articles; others
// (the site's members) are counted in members.
func (s *Source) Accounts(ctx context.Context) (out []Account, members int, err error) {
	q := `SELECT u.userid, COALESCE(a.lev, 0), u.username, u.email, u.first_name, u.last_name, u.password, u.active, COALESCE(a.is_suspend, 0),
		EXISTS (SELECT 1 FROM ` + s.table("%s_news_rows") + ` r WHERE r.admin_id = u.userid)
		FROM ` + s.table("users") + ` u LEFT JOIN ` + s.table("authors") + ` a ON a.admin_id = u.userid ORDER BY u.userid`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("đọc tài khoản: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Account
		var user, email, first, last, hash []byte
		if err := rows.Scan(&a.ID, &a.Lev, &user, &email, &first, &last, &hash, &a.Active, &a.Suspended, &a.Wrote); err != nil {
			return nil, 0, fmt.Errorf("đọc tài khoản: %w", err)
		}
		if a.Lev == 0 && !a.Wrote {
			members++
			continue
		}
		var t texts
		a.Username, a.Email, a.First, a.Last, a.Hash = t.str("username", user), t.str("email", email), t.str("first_name", first), t.str("last_name", last), t.str("password", hash)
		a.Bad = t.err()
		out = append(out, a)
	}
	return out, members, rows.Err()
}

// Page is a row of …_page.
type Page struct {
	ID, Weight, Status int64
	Title, Alias, Body string
	Bad                string
}

// Pages reads the static pages (none when the site has no page module).
func (s *Source) Pages(ctx context.Context) ([]Page, error) {
	if !s.Has("%s_page") {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, weight, status, title, alias, bodytext FROM `+s.table("%s_page")+` ORDER BY weight, id`)
	if err != nil {
		return nil, fmt.Errorf("đọc trang tĩnh: %w", err)
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		var p Page
		var title, alias, body []byte
		if err := rows.Scan(&p.ID, &p.Weight, &p.Status, &title, &alias, &body); err != nil {
			return nil, fmt.Errorf("đọc trang tĩnh: %w", err)
		}
		var t texts
		p.Title, p.Alias, p.Body = t.str("title", title), t.str("alias", alias), t.str("bodytext", body)
		p.Bad = t.err()
		out = append(out, p)
	}
	return out, rows.Err()
}
