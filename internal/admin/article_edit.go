package admin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// articleFields are the editor's fields in page order, for the error
// summary and the focus on the first problem.
var articleFields = []string{"title", "summary", "category", "author", "unit", "photo", "photo_caption", "body", "legacy",
	"self_confirm", "comment", "at", "at-gio", "force_reason", "withdraw_reason", "withdraw_notice", "replacement"}

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
	"tu-duyet":      "Đã tự duyệt và đăng bài. Việc tự duyệt đã được ghi vào nhật ký và vào phiên bản của bài.",
	"tu-duyet-hen":  "Đã tự duyệt và hẹn giờ đăng bài. Việc tự duyệt đã được ghi vào nhật ký và vào phiên bản của bài.",
	"sua-nhanh":     "Đã lưu sửa nhanh: bản đang đăng đã được cập nhật, kèm lý do, trong các phiên bản của bài.",
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
	PhotoCaption   string        // the "photo_caption" field as sent
	Version        string
	Comment        string
	ForceReason    string
	At             string // the day of "Hẹn giờ", 05/12/2026
	AtClock        string // its time of day, 08:30
	WithdrawReason string
	WithdrawNotice string
	Replacement    string
	Legacy         string
	SelfConfirm    bool
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
		PhotoCaption:   f.Get("photo_caption"),
		Version:        f.Get("version"),
		Comment:        f.Get("comment"),
		ForceReason:    f.Get("force_reason"),
		At:             f.Get("at"),
		AtClock:        f.Get("at-gio"),
		WithdrawReason: f.Get("withdraw_reason"),
		WithdrawNotice: f.Get("withdraw_notice"),
		SelfConfirm:    f.Get("self_confirm") != "",
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
		CategoryID: d.CategoryID, Featured: d.Featured, Version: version(a), Photo: d.Photo, PhotoCaption: d.Photo.Caption,
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
		WithdrawNotice: in.WithdrawNotice, SelfConfirm: in.SelfConfirm,
		Replacement: in.Replacement, Legacy: in.Legacy, PhotoCaption: in.PhotoCaption,
		Categories: append([]Option{{Value: "", Label: "— Chọn chuyên mục —", Selected: in.CategoryID == 0}}, categoryOptions(cats, in.CategoryID)...),
		ListURL:    p.listURL, UploadURL: pathUpload, CanUpload: p.s.can(acc, user.ActionMediaUpload),
	}
	if p.s.media != nil && ep.CanUpload {
		ep.LibraryURL = pathLibrary
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
	ep.Withdrawn, ep.WithdrawnNotice = a.WithdrawnReason, a.WithdrawnNotice
	ep.Corrected = when(a.CorrectedAt)
	ep.QuickFixURL = base + "/sua-nhanh"
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
	p.setSelfApproval(r.Context(), &ep, acc, a, st)
	ep.StateNote = stateNote(*a)
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
	ep.CanQuickFix = a.Status == content.StatusPublished && a.PendingRevisionID == 0 && can(user.ActionArticlePublish)
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

// setSelfApproval explains self-approval where it matters: on the user's
// own article waiting for approval, to a member of the editorial board.
// When the site does not allow it, the editor says why there is no
// «Đăng ngay» and who may change that; when it does, publishing asks for
// the second confirmation.
func (p *newsroomPages) setSelfApproval(ctx context.Context, ep *ArticleEditPage, acc *account, a *content.Article, st content.Status) {
	if a.OwnerID != acc.User.ID || st != content.StatusApproval || !p.s.can(acc, user.ActionArticlePublish) {
		return
	}
	if p.s.can(acc, user.ActionSiteSettings) {
		ep.SettingsURL = pathSiteSettings
	}
	if p.s.can(acc, user.ActionArticleApproveOwn) {
		ep.SelfApproval = "confirm"
		return
	}
	ep.SelfApproval = "off"
	who := "Quản trị viên của trang"
	if admins, err := p.s.users.FindUsers(ctx, user.UserFilter{SiteID: acc.Site.ID, Role: user.RoleSiteAdmin, Limit: 5}); err == nil && len(admins) > 0 {
		names := make([]string, 0, len(admins))
		for _, u := range admins {
			names = append(names, u.Name)
		}
		who += " (" + strings.Join(names, ", ") + ")"
	}
	ep.SelfApprovalWhy = "Bài này do chính bạn viết, mà trang chưa cho phép người duyệt tự duyệt bài của mình: cần một thành viên khác của Ban biên tập duyệt. " +
		"Nếu Ban biên tập của đơn vị chỉ có một người, " + who + " có thể bật «Cho phép người duyệt tự duyệt bài của chính mình» trong Thông tin trang (mục Chính sách tài khoản); " +
		"mỗi lần tự duyệt khi đó phải xác nhận thêm và được ghi vào nhật ký. Trong trường hợp khẩn cấp, bạn có thể dùng «Đăng bắt buộc» và ghi rõ lý do."
}

// stateNote says what the public sees of a now and what an edit does, in
// words that follow its state.
func stateNote(a content.Article) string {
	switch {
	case a.Status == content.StatusWithdrawn && a.PendingRevisionID != 0:
		return "Bài đã gỡ bỏ: bạn đọc chỉ thấy thông báo gỡ bỏ. Nội dung bên dưới là bản sửa đang chờ duyệt."
	case a.Status == content.StatusWithdrawn:
		return "Bài đã gỡ bỏ: bạn đọc chỉ thấy thông báo gỡ bỏ. Nếu lưu thay đổi, bản sửa phải qua biên tập và duyệt như bài mới."
	case a.Status == content.StatusPublished && a.PendingRevisionID != 0:
		return "Bài đang đăng. Nội dung bên dưới là bản sửa: bản đang đăng vẫn hiển thị cho bạn đọc cho tới khi bản sửa được duyệt."
	case a.Status == content.StatusPublished:
		return "Bài đang đăng. Khi lưu thay đổi, bản sửa phải qua biên tập và duyệt như bài mới; bản đang đăng vẫn hiển thị cho tới khi bản sửa được duyệt. Lỗi chính tả hay số liệu nhỏ: Ban biên tập dùng «Sửa nhanh»."
	case a.Status == content.StatusScheduled:
		return "Bài đã được duyệt và hẹn giờ đăng: bạn đọc chưa thấy bài cho tới giờ hẹn. Nếu sửa, bài phải được duyệt lại."
	}
	return ""
}
