package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// numberedPages is how many pages of a category have numbers (?trang=N,
// read by OFFSET, cached). Past them the list goes on by cursor
// (?sau= and ?truoc=, keyset pagination), so page 5,000 reads what page 1
// reads.
const numberedPages = 10

// Cursor parameters of a category's pages: the page after a cursor, the
// page before one.
const (
	paramAfter  = "sau"
	paramBefore = "truoc"
)

// categoryQuery is the queryRule of a category: ?trang=N for the numbered
// pages, as pageQuery. A page read by cursor is rendered for its request
// only (false): a cursor is a value a stranger can vary at will, and
// every variant would be a new entry of the page cache.
func categoryQuery(u *url.URL) (string, bool) {
	if u.RawQuery != "" {
		v := u.Query()
		if v.Has(paramAfter) || v.Has(paramBefore) {
			return "", false
		}
		if n, err := strconv.Atoi(v.Get("trang")); err == nil && n > numberedPages {
			return "", false
		}
	}
	return pageQuery(u)
}

// listPlace is where in a category's list a request asks to be: a
// numbered page, or next to a cursor.
type listPlace struct {
	page          int
	after, before content.Cursor
}

// readListPlace reads ?trang=, ?sau= and ?truoc= (one of them).
func readListPlace(v url.Values) (listPlace, error) {
	p := listPlace{page: 1}
	var err error
	switch {
	case v.Has(paramAfter):
		if p.after, err = content.ParseCursor(v.Get(paramAfter)); err != nil {
			return p, err
		}
		p.page = p.after.Page
	case v.Has(paramBefore):
		if p.before, err = content.ParseCursor(v.Get(paramBefore)); err != nil {
			return p, err
		}
		p.page = p.before.Page
	case v.Get("trang") != "":
		n, ok := pageNumber(v.Get("trang"))
		if !ok {
			return p, apperr.New(apperr.NotFound, "Số trang không hợp lệ.")
		}
		if n > numberedPages {
			return p, apperr.New(apperr.NotFound, "Chuyên mục chỉ đánh số "+strconv.Itoa(numberedPages)+
				" trang đầu. Hãy mở trang "+strconv.Itoa(numberedPages)+" rồi bấm «Trang sau» để xem các bài cũ hơn.")
		}
		p.page = n
	}
	return p, nil
}

func (s *Server) category(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	tree := content.NewTree(cats)
	c, ok := tree.FindSlug(r.PathValue("slug"))
	if !ok {
		return view{}, apperr.New(apperr.NotFound, "Không tìm thấy chuyên mục.")
	}
	at, err := readListPlace(r.URL.Query())
	if err != nil {
		return view{}, err
	}
	ids := tree.Subtree(c.ID)
	total, err := s.categoryCounts.count(ctx, s.svc, site, c.ID, ids)
	if err != nil {
		return view{}, err
	}
	pages := max(1, (total+perPage-1)/perPage)
	var list []content.Article
	more := at.page < pages // a page after this one
	switch {
	case !at.after.IsZero():
		// One more than a page tells whether another follows (the page
		// number a cursor carries may have drifted since).
		if list, err = s.svc.PublicArticlesNear(ctx, site.ID, ids, perPage+1, at.after, at.before); err == nil {
			more = len(list) > perPage
			list = list[:min(len(list), perPage)]
		}
	case !at.before.IsZero():
		list, err = s.svc.PublicArticlesNear(ctx, site.ID, ids, perPage, at.after, at.before)
		more = true
	case at.page > pages:
		return view{}, apperr.New(apperr.NotFound, "Chuyên mục không có trang này.")
	default:
		list, err = s.svc.PublicArticles(ctx, site.ID, ids, 0, perPage, (at.page-1)*perPage)
	}
	if err != nil {
		return view{}, err
	}
	if len(list) == 0 && at.page > 1 {
		return view{}, apperr.New(apperr.NotFound, "Chuyên mục không có trang này.")
	}
	path := tree.Path(c.ID)
	for i, pc := range path {
		crumb := Crumb{Name: pc.Name, URL: categoryURL(pc)}
		if i == len(path)-1 {
			crumb.URL = ""
		}
		l.Crumbs = append(l.Crumbs, crumb)
	}
	l.Title = c.Name
	l.Meta.FeedURL, l.Meta.FeedTitle = categoryURL(c)+"/rss", c.Name+" - "+site.Name
	if at.page > 1 {
		l.Title += " - Trang " + strconv.Itoa(at.page)
	}
	if l, err = s.layout(ctx, site, l, path[0].Slug); err != nil {
		return view{}, err
	}
	p := CategoryPage{Layout: l, Category: c, Children: tree.Children(c.ID), Articles: list,
		Pager: cursorPager(categoryURL(c), at.page, pages, total, list, more)}
	p.Pager.Noun = "bài viết"
	return view{"category", p}, nil
}

// cursorPager is the pager of a list whose first numberedPages pages have
// numbers and whose later ones are reached by cursor: links to the
// numbered pages, "Trang trước" and "Trang sau" by number up to
// numberedPages, by the cursor of the page's first or last article past
// it. page is the page shown (its number as the cursor carries it), pages
// and total what the list holds now, list the page's articles and more
// whether a page follows.
func cursorPager(base string, page, pages, total int, list []content.Article, more bool) Pager {
	link := func(n int) string {
		if n == 1 {
			return base
		}
		return base + "?trang=" + strconv.Itoa(n)
	}
	p := Pager{Page: page, Pages: max(page, pages), Total: total}
	switch {
	case page <= 1:
	case page-1 <= numberedPages:
		p.PrevURL = link(page - 1)
	case len(list) > 0:
		p.PrevURL = base + "?" + paramBefore + "=" + content.CursorAt(list[0], false, page-1).String()
	}
	switch {
	case !more || len(list) == 0:
	case page+1 <= numberedPages:
		p.NextURL = link(page + 1)
	default:
		p.NextURL = base + "?" + paramAfter + "=" + content.CursorAt(list[len(list)-1], false, page+1).String()
	}
	for n := 1; n <= min(pages, numberedPages); n++ {
		if n == 1 || n == min(pages, numberedPages) || (n >= page-2 && n <= page+2) {
			p.Links = append(p.Links, PageLink{Number: n, URL: link(n), Current: n == page})
		}
	}
	return p
}

// categoryCounts keeps the number of public articles of each category
// (with its sub-categories) until the site's articles change: counting a
// category of 100,000 articles reads its whole index range (0.1 s on
// SQLite, BENCHMARKS.md "Deep pages"), and the pages read by cursor are
// not cached, so without it every one of them would count again. One
// entry per category that exists.
type categoryCounts struct {
	mu sync.Mutex
	m  map[int64]countEntry // by category ID
}

type countEntry struct {
	stamp int64 // the site's article stamp it was counted at
	n     int
}

func (c *categoryCounts) count(ctx context.Context, svc *content.Service, site content.Site, catID int64, ids []int64) (int, error) {
	stamp := depArticles.stamp(&site)
	c.mu.Lock()
	e, ok := c.m[catID]
	c.mu.Unlock()
	if ok && e.stamp == stamp {
		return e.n, nil
	}
	n, err := svc.CountPublicArticles(ctx, site.ID, ids)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int64]countEntry{}
	}
	c.m[catID] = countEntry{stamp, n}
	c.mu.Unlock()
	return n, nil
}
