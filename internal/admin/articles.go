package admin

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
	"trangtin/internal/vi"
	"trangtin/ui"
)

// The newsroom's pages: the article list, the editor with the workflow
// actions, the preview, the revisions and the inbox.
//
//	GET  /quan-tri/bai-viet                         list (also …/bai-viet/)
//	GET  /quan-tri/bai-viet/moi                     editor, new article
//	GET  /quan-tri/bai-viet/{id}                    editor
//	POST /quan-tri/bai-viet/{id}                    save ({id} "moi": create)
//	POST /quan-tri/bai-viet/{id}/{action}           chuyen-ma, xem-truoc, gui-bien-tap, tra-lai,
//	                                                chuyen-duyet, dang, hen-gio, dang-bat-buoc, go-bo
//	GET  /quan-tri/bai-viet/{id}/xem-truoc          preview of the saved working text
//	GET  /quan-tri/bai-viet/{id}/phien-ban          revisions
//	GET  /quan-tri/bai-viet/{id}/phien-ban/so-sanh  ?a=&b= → …/phien-ban/{a}/{b}
//	GET  /quan-tri/bai-viet/{id}/phien-ban/{a}/{b}  side-by-side diff
//	POST /quan-tri/bai-viet/{id}/phien-ban/{n}/khoi-phuc  restore as a new draft
//	GET  /quan-tri/hop-thu                          inbox and queues (also …/hop-thu/)

const (
	pathNewArticle = pathArticles + "/moi"
	pathUpload     = "/quan-tri/anh" // the photo upload endpoint (media.go)
	// maxArticleForm bounds an article form: a body of content.MaxBody
	// bytes, percent-encoded, and the other fields.
	maxArticleForm = 8 << 20
	// listScan is how many published articles the inbox's queues look at
	// for an edit awaiting a stage.
	listScan    = 300
	listPerPage = 25
	inboxSize   = 50
	queueSize   = 50
	// overdueGrace is how late a scheduled article may be before the inbox
	// lists it as overdue.
	overdueGrace = 30 * time.Second
)

// newsroomPages serves the article pages. listURL and inboxURL are where
// the list and the inbox answer: the section paths when this file owns
// them, else the same paths with a trailing slash.
type newsroomPages struct {
	s         *Server
	listURL   string
	inboxURL  string
	public    *ui.UI // the public site's templates, for the preview
	publicErr error
}

// claimed reports whether the mux already serves GET path.
func claimed(mux *http.ServeMux, path string) bool {
	_, pattern := mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Host: "x"})
	return pattern != ""
}

// registerArticles adds the newsroom's pages. Without Options.Content and
// Options.Newsroom it adds nothing but the placeholders of the sections.
func (s *Server) registerArticles(mux *http.ServeMux) {
	ownList, ownInbox := !claimed(mux, pathArticles), !claimed(mux, pathInbox)
	if s.content == nil || s.newsroom == nil {
		for _, sec := range sections {
			if sec.path == pathArticles && ownList || sec.path == pathInbox && ownInbox {
				mux.Handle("GET "+sec.path, s.requireUser(s.requireCan(sec.action, s.adapt.Handle(s.section(sec)))))
			}
		}
		return
	}
	p := &newsroomPages{s: s, listURL: pathArticles + "/", inboxURL: pathInbox + "/"}
	if ownList {
		p.listURL = pathArticles
	}
	if ownInbox {
		p.inboxURL = pathInbox
	}
	p.public, p.publicErr = ui.Load(s.themeDir, publicFuncs())

	page := func(pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	if ownList {
		page("GET "+pathArticles, user.ActionArticleCreate, p.list)
	}
	page("GET "+pathArticles+"/{$}", user.ActionArticleCreate, p.list)
	page("GET "+pathArticles+"/{id}", user.ActionArticleCreate, p.edit)
	page("POST "+pathArticles+"/{id}", user.ActionArticleCreate, p.post)
	page("POST "+pathArticles+"/{id}/{action}", user.ActionArticleCreate, p.post)
	page("GET "+pathArticles+"/{id}/xem-truoc", user.ActionArticleCreate, p.preview)
	page("GET "+pathArticles+"/{id}/phien-ban", user.ActionArticleCreate, p.revisions)
	page("GET "+pathArticles+"/{id}/phien-ban/so-sanh", user.ActionArticleCreate, p.compare)
	page("GET "+pathArticles+"/{id}/phien-ban/{a}/{b}", user.ActionArticleCreate, p.diff)
	page("POST "+pathArticles+"/{id}/phien-ban/{n}/khoi-phuc", user.ActionArticleCreate, p.restore)
	p.registerQuickFix(page)
	// A member of a unit that answers questions has an inbox too: the
	// notices of their unit's questions.
	inboxPage := func(pattern string, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCanOrUnit(user.ActionArticleSubmit, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	if ownInbox {
		inboxPage("GET "+pathInbox, p.inbox)
	}
	inboxPage("GET "+pathInbox+"/{$}", p.inbox)
	inboxPage("POST "+pathInbox+"/da-doc", p.markAllRead)
	inboxPage("POST "+pathInbox+"/thong-bao/{id}/da-doc", p.markRead)
	inboxPage("POST "+pathInbox+"/thu-dien-tu", p.setMail)
}

// publicFuncs are the public templates' functions, for the preview.
func publicFuncs() template.FuncMap { return template.FuncMap(content.PageFuncs()) }

// actor is the signed-in user as the workflow sees them.
func (p *newsroomPages) actor(r *http.Request, acc *account) newsroom.Actor {
	return newsroom.Actor{UserID: acc.User.ID, Name: acc.User.Email, IP: p.s.clientIP(r), Memberships: acc.Memberships}
}

func articleURL(id int64) string { return pathArticles + "/" + strconv.FormatInt(id, 10) }

// when formats an instant for the pages; the zero time is "".
func when(t time.Time) When {
	if t.IsZero() {
		return When{}
	}
	return When{Date: vi.LocalDate(t), Clock: vi.LocalClock(t), ISO: t.In(vi.Zone).Format(time.RFC3339)}
}

// stageOf is where the article's working text stands: its own status, or
// the stage of the edit awaiting approval of a published article.
func stageOf(a content.Article) content.Status {
	if a.PendingRevisionID != 0 {
		return a.PendingStage
	}
	return a.Status
}

func isLive(a content.Article) bool {
	return a.Status == content.StatusPublished || a.Status == content.StatusWithdrawn
}

func inStatus(st content.Status, set ...content.Status) bool { return slices.Contains(set, st) }

// mayView reports whether the user may open the article: its author, or
// whoever may edit any article of the site.
func (p *newsroomPages) mayView(acc *account, a content.Article) bool {
	own := a.OwnerID == acc.User.ID && p.s.can(acc, user.ActionArticleEditOwn)
	return own || p.s.can(acc, user.ActionArticleEditAny)
}

// mayEdit mirrors the workflow's rule for changing the working text, to
// decide which buttons to show; the workflow checks it again on save.
func (p *newsroomPages) mayEdit(acc *account, a content.Article) bool {
	st := stageOf(a)
	switch {
	case p.s.can(acc, user.ActionArticleEditAny):
		return inStatus(st, content.StatusDraft, content.StatusSubmitted, content.StatusReturned, content.StatusApproval, content.StatusScheduled) ||
			isLive(a) && a.PendingRevisionID == 0
	case a.OwnerID == acc.User.ID && p.s.can(acc, user.ActionArticleEditOwn):
		return inStatus(st, content.StatusDraft, content.StatusReturned) || isLive(a) && a.PendingRevisionID == 0
	}
	return false
}

// mayApprove reports whether the user may publish or schedule a (the site
// may forbid approving one's own article).
func (p *newsroomPages) mayApprove(acc *account, a content.Article) bool {
	return a.OwnerID != acc.User.ID || p.s.can(acc, user.ActionArticleApproveOwn)
}

// findArticle loads an article of the current site by the {id} of the path.
func (p *newsroomPages) findArticle(r *http.Request, acc *account) (content.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return content.Article{}, apperr.New(apperr.NotFound, "Không tìm thấy bài viết.")
	}
	a, err := p.s.content.Store().FindArticleByID(r.Context(), acc.Site.ID, id)
	if err != nil {
		return a, err
	}
	if !p.mayView(acc, a) {
		return a, apperr.New(apperr.Forbidden, "Bạn không có quyền xem bài viết này: bài của người khác chỉ biên tập viên và Ban biên tập được mở.")
	}
	return a, nil
}

// revisionFinder is implemented by the stores: it reads one revision
// without loading the article's whole history.
type revisionFinder interface {
	FindRevision(ctx context.Context, siteID, id int64) (newsroom.Revision, error)
}

// workingDraft is the text the editor shows: the edit awaiting approval
// of a published article, or the article's own text.
func (p *newsroomPages) workingDraft(r *http.Request, acc *account, a content.Article) (newsroom.Draft, error) {
	d := newsroom.Draft{CategoryID: a.CategoryID, Title: a.Title, Summary: a.Summary, Body: a.Body, Author: a.Author, Unit: a.Unit, Featured: a.Featured, Photo: a.Photo}
	if a.PendingRevisionID == 0 {
		return d, nil
	}
	if f, ok := p.s.content.Store().(revisionFinder); ok {
		rev, err := f.FindRevision(r.Context(), a.SiteID, a.PendingRevisionID)
		return rev.Draft, err
	}
	revs, err := p.s.newsroom.Revisions(r.Context(), p.actor(r, acc), a.SiteID, a.ID)
	if err != nil {
		return d, err
	}
	for _, rev := range revs {
		if rev.ID == a.PendingRevisionID {
			return rev.Draft, nil
		}
	}
	return d, apperr.New(apperr.NotFound, "Không tìm thấy bản sửa đang chờ duyệt của bài viết.")
}

// names looks up the names of accounts, once each per request.
type names struct {
	users *user.Service
	ctx   context.Context
	seen  map[int64]string
}

func (p *newsroomPages) names(ctx context.Context) *names {
	return &names{users: p.s.users, ctx: ctx, seen: map[int64]string{}}
}

func (n *names) of(id int64) string {
	if id == 0 {
		return "Hệ thống"
	}
	if name, ok := n.seen[id]; ok {
		return name
	}
	name := "Tài khoản đã xóa"
	if u, err := n.users.FindUserByID(n.ctx, id); err == nil {
		name = u.Name
	}
	n.seen[id] = name
	return name
}

// categoryOptions lists the site's categories as a tree, indented.
func categoryOptions(cats []content.Category, selected int64) []Option {
	tree := content.NewTree(cats)
	var out []Option
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		var list []content.Category
		if parent == 0 {
			list = tree.Roots()
		} else {
			list = tree.Children(parent)
		}
		for _, c := range list {
			if depth > 20 {
				return
			}
			out = append(out, Option{Value: strconv.FormatInt(c.ID, 10), Label: strings.Repeat("— ", depth) + c.Name, Selected: c.ID == selected})
			walk(c.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// row is an article as the lists show it.
func (p *newsroomPages) row(a content.Article, n *names, cats map[int64]string) ArticleRow {
	r := ArticleRow{
		ID: a.ID, Title: a.Title, URL: articleURL(a.ID), Status: a.Status.Label(), StatusKey: string(a.Status),
		Author: n.of(a.OwnerID), Byline: a.Byline(), Category: cats[a.CategoryID], Updated: when(a.UpdatedAt), Flagged: a.Flagged,
	}
	if a.PendingRevisionID != 0 {
		r.Pending = a.PendingStage.Label()
	}
	if a.Status == content.StatusScheduled {
		r.PublishedAt = when(a.PublishedAt)
	}
	if r.Title == "" {
		r.Title = "(Chưa có tiêu đề)"
	}
	return r
}

// listStatuses are the statuses in the order of the filter.
var listStatuses = []content.Status{
	content.StatusDraft, content.StatusSubmitted, content.StatusReturned, content.StatusApproval,
	content.StatusScheduled, content.StatusPublished, content.StatusWithdrawn,
}

// articleListQuery is the article list's filter, as its links carry it.
type articleListQuery struct {
	status content.Status
	catID  int64
	mine   bool
	text   string
}

// url is page n of the list at base under the filter.
func (q articleListQuery) url(base string, n int) string {
	v := url.Values{}
	if q.status != "" {
		v.Set("trang-thai", string(q.status))
	}
	if q.catID != 0 {
		v.Set("chuyen-muc", strconv.FormatInt(q.catID, 10))
	}
	if q.mine {
		v.Set("tac-gia", "cua-toi")
	}
	if q.text != "" {
		v.Set("q", q.text)
	}
	if n > 1 {
		v.Set("trang", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

// list is the article list of the site, filtered by status (of the
// article or of its pending edit), category (with its sub-categories),
// author (mine or all) and text, newest change first.
func (p *newsroomPages) list(w http.ResponseWriter, r *http.Request, acc *account) error {
	ctx := r.Context()
	q := r.URL.Query()
	status := content.Status(q.Get("trang-thai"))
	if !status.Valid() {
		status = ""
	}
	catID, _ := strconv.ParseInt(q.Get("chuyen-muc"), 10, 64)
	mine := q.Get("tac-gia") == "cua-toi"
	text := strings.TrimSpace(clip(q.Get("q"), 200))
	pageNo, _ := strconv.Atoi(q.Get("trang"))
	pageNo = max(pageNo, 1)

	cats, err := p.s.content.Store().FindCategories(ctx, acc.Site.ID)
	if err != nil {
		return err
	}
	catNames := map[int64]string{}
	for _, c := range cats {
		catNames[c.ID] = c.Name
	}
	var catIDs []int64
	if _, ok := catNames[catID]; ok {
		catIDs = content.NewTree(cats).Subtree(catID)
	} else {
		catID = 0
	}

	// The filters, the order by last change and the paging run in the
	// database: the status is the article's or its pending edit's.
	f := content.ArticleFilter{SiteID: acc.Site.ID, Stage: status, CategoryIDs: catIDs, Text: text, ByUpdated: true}
	if mine {
		f.OwnerID = acc.User.ID
	}
	total, err := p.s.content.Store().CountArticles(ctx, f)
	if err != nil {
		return err
	}
	filter := articleListQuery{status: status, catID: catID, mine: mine, text: text}
	found, pager, err := p.listPage(ctx, f, filter, q, pageNo, total)
	if err != nil {
		return err
	}
	pageNo, pages := pager.Page, pager.Pages
	n := p.names(ctx)
	rows := make([]ArticleRow, 0, len(found))
	for _, a := range found {
		rows = append(rows, p.row(a, n, catNames))
	}
	if err := p.s.listViews(ctx, found, rows); err != nil {
		return err
	}

	lp := ArticleListPage{
		Layout: p.s.layout(acc, "Bài viết", pathArticles), Action: p.listURL, Query: text,
		Filtered: status != "" || catID != 0 || mine || text != "", ResetURL: p.listURL,
		Total: total, CanCreate: p.s.can(acc, user.ActionArticleCreate),
	}
	lp.Statuses = append(lp.Statuses, Option{Value: "", Label: "Tất cả trạng thái", Selected: status == ""})
	for _, st := range listStatuses {
		lp.Statuses = append(lp.Statuses, Option{Value: string(st), Label: st.Label(), Selected: st == status})
	}
	lp.Categories = append([]Option{{Value: "", Label: "Tất cả chuyên mục", Selected: catID == 0}}, categoryOptions(cats, catID)...)
	lp.Authors = []Option{{Value: "", Label: "Mọi người", Selected: !mine}, {Value: "cua-toi", Label: "Bài của tôi", Selected: mine}}

	lp.Rows = rows
	lp.Pager = pager
	if lp.Filtered || pageNo > 1 {
		lp.Title = fmt.Sprintf("Bài viết (trang %d/%d)", pageNo, pages)
	}
	return p.s.render(w, http.StatusOK, "articles", lp)
}
