package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// articleFields are the editor's fields in page order, for the error
// summary and the focus on the first problem.
var articleFields = []string{"title", "summary", "category", "author", "unit", "photo", "body", "legacy",
	"comment", "at", "at-gio", "force_reason", "withdraw_reason", "replacement"}

// Outcomes of the actions, shown after the redirect (?xong=…).
var outcomes = map[string]string{
	"tao":           "Đã tạo bài viết ở trạng thái nháp.",
	"luu":           "Đã lưu bài viết. Mỗi lần lưu là một phiên bản mới.",
	"gui":           "Đã gửi bài cho biên tập viên.",
	"tra-lai":       "Đã trả bài cho tác giả kèm nhận xét.",
	"chuyen-duyet":  "Đã chuyển bài lên Ban biên tập chờ duyệt.",
	"dang":          "Đã đăng bài.",
	"hen-gio":       "Đã hẹn giờ đăng bài.",
	"dang-bat-buoc": "Đã đăng bài bắt buộc. Thao tác đã được ghi nhật ký và bài được đánh dấu để xem xét lại.",
	"go-bo":         "Đã gỡ bài. Địa chỉ của bài nay báo bài đã gỡ bỏ, hoặc chuyển tới địa chỉ thay thế.",
	"khoi-phuc":     "Đã khôi phục phiên bản cũ thành một bản nháp mới.",
}

// articleInput is what the editor's form holds, as typed.
type articleInput struct {
	hasDraft       bool // the form carried the article's fields
	Title, Summary string
	Body           string
	Author, Unit   string
	CategoryID     int64
	CategoryRaw    string
	Featured       bool
	PhotoRaw       string        // the "photo" field as sent
	Photo          content.Photo // resolved by resolvePhoto
	Version        string
	Comment        string
	ForceReason    string
	At             string // the day of "Hẹn giờ", 05/12/2026
	AtClock        string // its time of day, 08:30
	WithdrawReason string
	Replacement    string
	Legacy         string
}

func (in articleInput) draft() newsroom.Draft {
	return newsroom.Draft{CategoryID: in.CategoryID, Title: in.Title, Summary: in.Summary, Body: in.Body,
		Author: in.Author, Unit: in.Unit, Featured: in.Featured, Photo: in.Photo}
}

// readArticleForm reads the editor's fields from a parsed POST.
func readArticleForm(r *http.Request) articleInput {
	f := r.PostForm
	in := articleInput{
		hasDraft:       f.Has("title"),
		Title:          f.Get("title"),
		Summary:        f.Get("summary"),
		Body:           f.Get("body"),
		Author:         f.Get("author"),
		Unit:           f.Get("unit"),
		CategoryRaw:    f.Get("category"),
		Featured:       f.Get("featured") != "",
		PhotoRaw:       f.Get("photo"),
		Version:        f.Get("version"),
		Comment:        f.Get("comment"),
		ForceReason:    f.Get("force_reason"),
		At:             f.Get("at"),
		AtClock:        f.Get("at-gio"),
		WithdrawReason: f.Get("withdraw_reason"),
		Replacement:    f.Get("replacement"),
		Legacy:         f.Get("legacy"),
	}
	in.CategoryID, _ = strconv.ParseInt(in.CategoryRaw, 10, 64)
	return in
}

// inputOf is the stored working text as the form shows it.
func inputOf(d newsroom.Draft, a content.Article) articleInput {
	return articleInput{
		hasDraft: true, Title: d.Title, Summary: d.Summary, Body: d.Body, Author: d.Author, Unit: d.Unit,
		CategoryID: d.CategoryID, Featured: d.Featured, Version: version(a), Photo: d.Photo,
	}
}

// version identifies what the form was read from: the article's edit
// version.
func version(a content.Article) string {
	if a.ID == 0 {
		return ""
	}
	return strconv.FormatInt(a.Version, 10)
}

// edit shows the editor: a blank one at /quan-tri/bai-viet/moi.
func (p *newsroomPages) edit(w http.ResponseWriter, r *http.Request, acc *account) error {
	if r.PathValue("id") == "moi" {
		ep, err := p.editPage(r, acc, nil, articleInput{hasDraft: true})
		if err != nil {
			return err
		}
		return p.s.render(w, http.StatusOK, "article", ep)
	}
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	d, err := p.workingDraft(r, acc, a)
	if err != nil {
		return err
	}
	ep, err := p.editPage(r, acc, &a, inputOf(d, a))
	if err != nil {
		return err
	}
	ep.Notice = outcomes[r.URL.Query().Get("xong")]
	if n, _ := strconv.Atoi(r.URL.Query().Get("anh-ngoai")); n > 0 && ep.Notice != "" {
		ep.Notice += fmt.Sprintf(" Đã loại bỏ %d ảnh lấy từ trang web khác (ảnh theo dõi hoặc ảnh liên kết ngoài): nếu cần dùng, hãy tải ảnh lên bằng nút «Chèn ảnh».", n)
	}
	return p.s.render(w, http.StatusOK, "article", ep)
}

// editPage builds the editor for a (nil: a new article) showing in, with
// the buttons of the actions the user may take at the article's stage.
func (p *newsroomPages) editPage(r *http.Request, acc *account, a *content.Article, in articleInput) (ArticleEditPage, error) {
	cats, err := p.s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return ArticleEditPage{}, err
	}
	ep := ArticleEditPage{
		Form:         Form{Order: articleFields},
		ArticleTitle: in.Title, Summary: in.Summary, Body: in.Body, Author: in.Author, Unit: in.Unit, Featured: in.Featured,
		Comment: in.Comment, ForceReason: in.ForceReason, At: in.At, AtClock: in.AtClock, WithdrawReason: in.WithdrawReason,
		Replacement: in.Replacement, Legacy: in.Legacy,
		Categories: append([]Option{{Value: "", Label: "— Chọn chuyên mục —", Selected: in.CategoryID == 0}}, categoryOptions(cats, in.CategoryID)...),
		ListURL:    p.listURL, UploadURL: pathUpload, CanUpload: p.s.can(acc, user.ActionMediaUpload),
	}
	if ep.Photos, err = p.photoChoicesFor(r.Context(), acc.Site.ID, in.Photo); err != nil {
		return ArticleEditPage{}, err
	}
	ep.LegacyOptions = []Option{
		{Value: "tcvn3", Label: "TCVN3 (ABC, phông .VnTime)", Selected: in.Legacy != "vni"},
		{Value: "vni", Label: "VNI (phông VNI-Times)", Selected: in.Legacy == "vni"},
	}
	if a == nil {
		ep.Layout = p.s.layout(acc, "Viết bài mới", pathArticles)
		ep.Heading = "Viết bài mới"
		ep.SaveURL = pathNewArticle
		ep.ConvertURL = pathNewArticle + "/chuyen-ma"
		ep.PreviewURL = pathNewArticle + "/xem-truoc"
		ep.Editable, ep.CanSave, ep.SaveLabel = true, true, "Lưu nháp"
		ep.CanSubmit = p.s.can(acc, user.ActionArticleSubmit)
		ep.SubmitURL = pathNewArticle + "/gui-bien-tap"
		ep.Stage, ep.StageKey = content.StatusDraft.Label(), string(content.StatusDraft)
		return ep, nil
	}

	base := articleURL(a.ID)
	ep.ID = a.ID
	ep.Version = version(*a)
	ep.Layout = p.s.layout(acc, "Sửa bài: "+a.Title, pathArticles)
	ep.Heading = "Sửa bài viết"
	ep.SaveURL, ep.ConvertURL, ep.PreviewURL, ep.SavedPreviewURL = base, base+"/chuyen-ma", base+"/xem-truoc", base+"/xem-truoc"
	ep.SubmitURL, ep.ReturnURL, ep.PassURL = base+"/gui-bien-tap", base+"/tra-lai", base+"/chuyen-duyet"
	ep.PublishURL, ep.ScheduleURL, ep.ForceURL, ep.WithdrawURL = base+"/dang", base+"/hen-gio", base+"/dang-bat-buoc", base+"/go-bo"
	ep.RevisionsURL = base + "/phien-ban"
	ep.SyndicationURL = p.s.syndicationLink(acc, *a)

	st := stageOf(*a)
	ep.Status, ep.StatusKey = a.Status.Label(), string(a.Status)
	ep.Stage, ep.StageKey = st.Label(), string(st)
	ep.Live, ep.Pending = isLive(*a), a.PendingRevisionID != 0
	ep.Flagged = a.Flagged
	ep.Withdrawn = a.WithdrawnReason
	ep.Updated = when(a.UpdatedAt)
	ep.Owner = p.names(r.Context()).of(a.OwnerID)
	if st == content.StatusReturned {
		ep.ReviewNote = a.ReviewNote
	}
	if a.Status == content.StatusPublished {
		ep.PublicURL = content.ArticlePath(a.Slug)
	}
	if a.Status == content.StatusScheduled {
		ep.ScheduledAt = when(a.PublishedAt)
	}

	p.setActions(&ep, acc, a, st)
	if ep.At == "" && ep.AtClock == "" && a.Status == content.StatusScheduled {
		ep.At, ep.AtClock = vi.DayOf(a.PublishedAt).Numeric(), vi.LocalClock(a.PublishedAt)
	}
	return ep, nil
}

// setActions sets what the editor may do with a at stage st: edit it (or
// why not), and which workflow buttons it shows.
func (p *newsroomPages) setActions(ep *ArticleEditPage, acc *account, a *content.Article, st content.Status) {
	own := a.OwnerID == acc.User.ID
	can := func(act user.Action) bool { return p.s.can(acc, act) }
	ep.Editable = p.mayEdit(acc, *a)
	ep.CanSave = ep.Editable
	ep.SaveLabel = "Lưu thay đổi"
	if inStatus(st, content.StatusDraft, content.StatusReturned) || isLive(*a) && a.PendingRevisionID == 0 {
		ep.SaveLabel = "Lưu nháp"
	}
	ep.CanSubmit = inStatus(st, content.StatusDraft, content.StatusReturned) && can(user.ActionArticleSubmit) && (own || can(user.ActionArticleEditAny))
	ep.CanReturn = inStatus(st, content.StatusSubmitted, content.StatusApproval) && can(user.ActionArticleReturn)
	ep.CanPass = st == content.StatusSubmitted && can(user.ActionArticlePassToApproval)
	ep.CanPublish = st == content.StatusApproval && can(user.ActionArticlePublish) && p.mayApprove(acc, *a)
	ep.CanSchedule = st == content.StatusApproval && a.PendingRevisionID == 0 && can(user.ActionArticleSchedule) && p.mayApprove(acc, *a)
	ep.CanForce = inStatus(st, content.StatusDraft, content.StatusSubmitted, content.StatusReturned, content.StatusApproval, content.StatusScheduled) &&
		can(user.ActionArticleForcePublish)
	ep.CanWithdraw = a.Status == content.StatusPublished && can(user.ActionArticleWithdraw)
	ep.HasWorkflow = ep.CanReturn || ep.CanSchedule || ep.CanForce || ep.CanWithdraw
	if !ep.Editable {
		switch {
		case a.PendingRevisionID != 0 || !isLive(*a):
			ep.ReadOnlyWhy = "Bài đang ở bước «" + st.Label() + "»: bạn chưa thể sửa nội dung ở bước này."
		default:
			ep.ReadOnlyWhy = "Bạn không thể sửa bài này."
		}
	}
}

// datetimeLocal is the value format of the native datetime-local field
// the form once had, still read from "at" (vi.ParseDateTime) when no
// time comes in "at-gio".
const datetimeLocal = "2006-01-02T15:04"
