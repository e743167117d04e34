package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/vi"
)

// revisionsOf loads the article of the path and its revisions, newest first.
func (p *newsroomPages) revisionsOf(r *http.Request, acc *account) (content.Article, []newsroom.Revision, error) {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return a, nil, err
	}
	revs, err := p.s.newsroom.Revisions(r.Context(), p.actor(r, acc), acc.Site.ID, a.ID)
	return a, revs, err
}

func revisionByNumber(revs []newsroom.Revision, s string) (newsroom.Revision, bool) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return newsroom.Revision{}, false
	}
	for _, rev := range revs {
		if rev.Number == n {
			return rev, true
		}
	}
	return newsroom.Revision{}, false
}

func (p *newsroomPages) revisionRow(a content.Article, rev newsroom.Revision, n *names) RevisionRow {
	base := articleURL(a.ID) + "/phien-ban/"
	row := RevisionRow{
		Number: rev.Number, Stage: rev.Stage.Label(), SavedBy: n.of(rev.SavedBy), Saved: when(rev.CreatedAt),
		Note: rev.Note, Title: rev.Draft.Title, Pending: rev.ID == a.PendingRevisionID,
		RestoreURL: base + strconv.Itoa(rev.Number) + "/khoi-phuc",
	}
	if rev.Number > 1 {
		row.CompareURL = fmt.Sprintf("%s%d/%d", base, rev.Number-1, rev.Number)
	}
	return row
}

// revisions lists an article's saved versions, with links to compare each
// with the one before, a form to compare any two, and restore buttons.
func (p *newsroomPages) revisions(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, revs, err := p.revisionsOf(r, acc)
	if err != nil {
		return err
	}
	n := p.names(r.Context())
	rp := RevisionsPage{
		Layout: p.s.layout(acc, "Phiên bản: "+a.Title, pathArticles), ArticleID: a.ID, ArticleTitle: a.Title,
		EditURL: articleURL(a.ID), CompareURL: articleURL(a.ID) + "/phien-ban/so-sanh", CanRestore: p.mayEdit(acc, a),
	}
	for i, rev := range revs {
		rp.Rows = append(rp.Rows, p.revisionRow(a, rev, n))
		label := fmt.Sprintf("Phiên bản %d (%s %s, %s)", rev.Number, vi.LocalClock(rev.CreatedAt), vi.LocalDate(rev.CreatedAt), rev.Stage.Label())
		v := strconv.Itoa(rev.Number)
		rp.Left = append(rp.Left, Option{Value: v, Label: label, Selected: i == 1})
		rp.Right = append(rp.Right, Option{Value: v, Label: label, Selected: i == 0})
	}
	return p.s.render(w, http.StatusOK, "revisions", rp)
}

// compare sends the comparison form (?a=&b=) to the diff's address.
func (p *newsroomPages) compare(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	x, errA := strconv.Atoi(r.URL.Query().Get("a"))
	y, errB := strconv.Atoi(r.URL.Query().Get("b"))
	if errA != nil || errB != nil || x <= 0 || y <= 0 {
		return apperr.New(apperr.Invalid, "Hãy chọn hai phiên bản để so sánh.")
	}
	http.Redirect(w, r, fmt.Sprintf("%s/phien-ban/%d/%d", articleURL(a.ID), x, y), http.StatusSeeOther)
	return nil
}

// diff compares two revisions side by side, word by word, on the plain
// text of the title, the summary, the byline and the body.
func (p *newsroomPages) diff(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, revs, err := p.revisionsOf(r, acc)
	if err != nil {
		return err
	}
	ra, okA := revisionByNumber(revs, r.PathValue("a"))
	rb, okB := revisionByNumber(revs, r.PathValue("b"))
	if !okA || !okB {
		return apperr.New(apperr.NotFound, "Không tìm thấy phiên bản này của bài viết.")
	}
	n := p.names(r.Context())
	dp := RevisionDiffPage{
		Layout:    p.s.layout(acc, fmt.Sprintf("So sánh phiên bản %d và %d: %s", ra.Number, rb.Number, a.Title), pathArticles),
		ArticleID: a.ID, ArticleTitle: a.Title, EditURL: articleURL(a.ID), RevisionsURL: articleURL(a.ID) + "/phien-ban",
		A: p.revisionRow(a, ra, n), B: p.revisionRow(a, rb, n),
	}
	cats, err := p.s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return err
	}
	catName := func(id int64) string {
		for _, c := range cats {
			if c.ID == id {
				return c.Name
			}
		}
		return ""
	}
	featured := func(d newsroom.Draft) string {
		if d.Featured {
			return "Có"
		}
		return "Không"
	}
	for _, f := range []struct{ label, old, new string }{
		{"Tiêu đề", ra.Draft.Title, rb.Draft.Title},
		{"Tóm tắt", ra.Draft.Summary, rb.Draft.Summary},
		{"Chuyên mục", catName(ra.Draft.CategoryID), catName(rb.Draft.CategoryID)},
		{"Tác giả", ra.Draft.Author, rb.Draft.Author},
		{"Đơn vị", ra.Draft.Unit, rb.Draft.Unit},
		{"Tin nổi bật", featured(ra.Draft), featured(rb.Draft)},
		{"Nội dung", plainText(ra.Draft.Body), plainText(rb.Draft.Body)},
	} {
		left, right, changed := wordDiff(f.old, f.new)
		dp.Fields = append(dp.Fields, DiffField{Label: f.label, Left: left, Right: right, Changed: changed})
		dp.Changed = dp.Changed || changed
	}
	return p.s.render(w, http.StatusOK, "revision-diff", dp)
}

// restore saves an old revision's text as the newest version.
func (p *newsroomPages) restore(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, revs, err := p.revisionsOf(r, acc)
	if err != nil {
		return err
	}
	rev, ok := revisionByNumber(revs, r.PathValue("n"))
	if !ok {
		return apperr.New(apperr.NotFound, "Không tìm thấy phiên bản này của bài viết.")
	}
	note := fmt.Sprintf("Khôi phục từ phiên bản %d", rev.Number)
	if _, err := p.s.newsroom.Save(r.Context(), p.actor(r, acc), acc.Site.ID, a.ID, rev.Draft, note); err != nil {
		return err
	}
	http.Redirect(w, r, articleURL(a.ID)+"?xong=khoi-phuc", http.StatusSeeOther)
	return nil
}
