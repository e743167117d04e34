package admin

import (
	"errors"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// The quick correction of a published article, /quan-tri/bai-viet/{id}/sua-nhanh:
// a member of the editorial board fixes a typo or a figure of the public
// text in place, with a reason ("Sửa nhanh" → edit → "Lưu sửa nhanh").

// quickFixFields are the page's fields in order.
var quickFixFields = []string{"title", "summary", "body", "author", "unit", "reason"}

// QuickFixPage is /quan-tri/bai-viet/{id}/sua-nhanh.
type QuickFixPage struct {
	Layout
	Form
	ID                                        int64
	Version                                   string
	ArticleTitle, Summary, Body, Author, Unit string
	Reason                                    string
	EditURL, SaveURL, PublicURL, RevisionsURL string
	Published                                 When
	Corrected                                 When
}

// registerQuickFix adds the quick correction's page (called by
// registerArticles).
func (p *newsroomPages) registerQuickFix(page func(string, user.Action, func(http.ResponseWriter, *http.Request, *account) error)) {
	page("GET "+pathArticles+"/{id}/sua-nhanh", user.ActionArticlePublish, p.quickFixForm)
	page("POST "+pathArticles+"/{id}/sua-nhanh", user.ActionArticlePublish, p.quickFix)
}

func (p *newsroomPages) quickFixPage(acc *account, a content.Article) QuickFixPage {
	base := articleURL(a.ID)
	return QuickFixPage{
		Layout: p.s.layout(acc, "Sửa nhanh: "+a.Title, pathArticles), Form: Form{Order: quickFixFields},
		ID: a.ID, Version: version(a),
		ArticleTitle: a.Title, Summary: a.Summary, Body: a.Body, Author: a.Author, Unit: a.Unit,
		EditURL: base, SaveURL: base + "/sua-nhanh", PublicURL: content.ArticlePath(a.Slug), RevisionsURL: base + "/phien-ban",
		Published: when(a.PublishedAt), Corrected: when(a.CorrectedAt),
	}
}

// quickFixable refuses, before the form is shown, an article that cannot
// be corrected in place, with the reason.
func quickFixable(a content.Article) error {
	if a.Status != content.StatusPublished {
		return apperr.Errorf(apperr.Conflict, "Chỉ sửa nhanh được bài đang đăng; bài này đang «%s».", a.Status.Label())
	}
	if a.PendingRevisionID != 0 {
		return apperr.New(apperr.Conflict, "Bài đang có một bản sửa chờ duyệt: hãy duyệt hoặc trả lại bản sửa đó trước khi sửa nhanh.")
	}
	return nil
}

func (p *newsroomPages) quickFixForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	if err := quickFixable(a); err != nil {
		return err
	}
	return p.s.render(w, http.StatusOK, "article-quickfix", p.quickFixPage(acc, a))
}

func (p *newsroomPages) quickFix(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	textErr := parseArticleForm(w, r)
	if textErr != nil && !httpx.IsFormNotUTF8(textErr) {
		return textErr
	}
	f := r.PostForm
	d := newsroom.Draft{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), Author: f.Get("author"), Unit: f.Get("unit")}
	reason := f.Get("reason")
	again := func(status int, err error) error {
		cur, ferr := p.s.content.Store().FindArticleByID(r.Context(), acc.Site.ID, a.ID)
		if ferr != nil {
			return ferr
		}
		qp := p.quickFixPage(acc, cur)
		if apperr.Is(err, apperr.Conflict) {
			qp.Version = f.Get("version") // a save after reading the newer text still notices
		}
		qp.ArticleTitle, qp.Summary, qp.Body, qp.Author, qp.Unit, qp.Reason = d.Title, d.Summary, d.Body, d.Author, d.Unit, reason
		if e, ok := err.(*apperr.Error); ok && len(e.Fields) > 0 {
			for _, k := range quickFixFields {
				if m := e.Fields[k]; m != "" {
					qp.add(k, m)
				}
			}
		}
		if len(qp.Errors) == 0 {
			qp.Alert = apperr.MessageOf(err)
			if apperr.Is(err, apperr.Conflict) {
				qp.Alert += " " + msgKept
			}
		}
		qp.Title = "Lỗi: " + qp.Title
		return p.s.render(w, status, "article-quickfix", qp)
	}
	if textErr != nil {
		return again(http.StatusUnprocessableEntity, textErr)
	}
	v, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	if v <= 0 {
		v = -1 // a form without its version is stale by definition
	}
	if _, err := p.s.newsroom.QuickFix(r.Context(), p.actor(r, acc), acc.Site.ID, a.ID, d, reason, v); err != nil {
		switch apperr.CodeOf(err) {
		case apperr.Invalid:
			return again(http.StatusUnprocessableEntity, err)
		case apperr.Conflict:
			if errors.Is(err, content.ErrStale) {
				err = apperr.New(apperr.Conflict, msgConflict)
			}
			return again(http.StatusConflict, err)
		case apperr.Unavailable:
			return again(http.StatusServiceUnavailable, err)
		}
		return err
	}
	http.Redirect(w, r, articleURL(a.ID)+"?xong=sua-nhanh", http.StatusSeeOther)
	return nil
}
