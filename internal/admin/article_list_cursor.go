package admin

import (
	"context"
	"net/url"
	"strings"

	"trangtin/internal/content"
)

// listNumberedPages is how many pages of the article list are read by
// number (OFFSET); past them the list goes on by cursor (?sau=, ?truoc=),
// so the thousandth page reads what the first one reads.
const listNumberedPages = 10

// cursorURL is the list at base under the filter, next to cursor c: the
// page after it (param "sau") or before it ("truoc").
func (q articleListQuery) cursorURL(base, param string, c content.Cursor) string {
	u := q.url(base, 1)
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + param + "=" + c.String()
}

// listPage reads the page of the article list that the query asks for
// (?trang=N up to listNumberedPages, else ?sau= or ?truoc=) and makes its
// pager; total is how many articles the filter selects.
func (p *newsroomPages) listPage(ctx context.Context, f content.ArticleFilter, filter articleListQuery, q url.Values, pageNo, total int) ([]content.Article, Pager, error) {
	pages := max((total+listPerPage-1)/listPerPage, 1)
	var err error
	more := false
	switch {
	case q.Get("sau") != "":
		if f.After, err = content.ParseCursor(q.Get("sau")); err != nil {
			return nil, Pager{}, err
		}
		pageNo, f.Limit = f.After.Page, listPerPage+1 // one more tells whether a page follows
	case q.Get("truoc") != "":
		if f.Before, err = content.ParseCursor(q.Get("truoc")); err != nil {
			return nil, Pager{}, err
		}
		pageNo, f.Limit, more = f.Before.Page, listPerPage, true
	default:
		pageNo = min(pageNo, pages, listNumberedPages)
		f.Limit, f.Offset = listPerPage, (pageNo-1)*listPerPage
		more = pageNo < pages
	}
	found, err := p.s.content.Store().FindArticles(ctx, f)
	if err != nil {
		return nil, Pager{}, err
	}
	if !f.After.IsZero() {
		more = len(found) > listPerPage
		found = found[:min(len(found), listPerPage)]
	}
	pager := Pager{Page: pageNo, Pages: max(pages, pageNo)}
	switch {
	case pageNo <= 1:
	case pageNo-1 <= listNumberedPages:
		pager.PrevURL = filter.url(p.listURL, pageNo-1)
	case len(found) > 0:
		pager.PrevURL = filter.cursorURL(p.listURL, "truoc", content.CursorAt(found[0], true, pageNo-1))
	}
	switch {
	case !more || len(found) == 0:
	case pageNo+1 <= listNumberedPages:
		pager.NextURL = filter.url(p.listURL, pageNo+1)
	default:
		pager.NextURL = filter.cursorURL(p.listURL, "sau", content.CursorAt(found[len(found)-1], true, pageNo+1))
	}
	return found, pager, nil
}
