package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/newsroom"
	"trangtin/internal/vi"
)

const (
	msgConflict = "Bài viết vừa được người khác thay đổi hoặc đã chuyển sang bước khác, nên thao tác của bạn chưa được thực hiện."
	msgPhotoAlt = "Ảnh đại diện chưa có mô tả (văn bản thay thế): hãy nhập mô tả cho ảnh trong thư viện ảnh (nút «Chèn ảnh»), rồi gửi lại."
	msgKept     = "Nội dung bạn nhập vẫn được giữ nguyên bên dưới: hãy xem lại trạng thái hiện tại của bài (có thể mở bài trong thẻ mới), rồi thử lại."
	// msgKeptUnsaved follows an error of the server itself (busy, out of space).
	msgKeptUnsaved = "Nội dung bạn nhập chưa được lưu nhưng vẫn được giữ nguyên bên dưới: đừng đóng trang này, hãy thử lưu lại sau."
)

// articleActions are the POST actions of the editor, by the last segment
// of their path ("" is the save of the form itself).
var articleActions = map[string]bool{
	"": true, "chuyen-ma": true, "xem-truoc": true, "gui-bien-tap": true, "tra-lai": true,
	"chuyen-duyet": true, "dang": true, "hen-gio": true, "dang-bat-buoc": true, "go-bo": true,
}

// parseArticleForm reads a POSTed article form, which may be much larger
// than the other forms of the area.
func parseArticleForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxArticleForm)
	if err := r.ParseForm(); err != nil {
		if httpx.IsTooLarge(err) {
			return apperr.Wrap(apperr.TooLarge, "Bài viết quá dài để gửi trong một lần. Hãy rút gọn nội dung hoặc chia thành nhiều bài.", err)
		}
		return apperr.Wrap(apperr.Invalid, "Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.", err)
	}
	return httpx.CheckFormUTF8(r)
}

// post runs an action of the editor on the article of the path ({id}
// "moi": a new one), then sends the browser back to the editor with the
// outcome; a problem shows the form again with everything as typed.
func (p *newsroomPages) post(w http.ResponseWriter, r *http.Request, acc *account) error {
	action := r.PathValue("action")
	if !articleActions[action] {
		return apperr.New(apperr.NotFound, "Không tìm thấy thao tác này.")
	}
	textErr := parseArticleForm(w, r)
	if textErr != nil && !httpx.IsFormNotUTF8(textErr) {
		return textErr
	}
	in := readArticleForm(r)
	photoErr := p.resolvePhoto(r.Context(), acc.Site.ID, &in)
	if photoErr != nil && !apperr.Is(photoErr, apperr.Invalid) {
		return photoErr
	}
	if textErr != nil {
		photoErr = textErr // shown again as typed, the bad bytes marked
	}
	if r.PathValue("id") == "moi" {
		if photoErr != nil {
			return p.again(w, r, acc, nil, in, http.StatusUnprocessableEntity, photoErr)
		}
		return p.postNew(w, r, acc, action, in)
	}
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	if photoErr != nil {
		return p.again(w, r, acc, &a, in, http.StatusUnprocessableEntity, photoErr)
	}
	switch action {
	case "chuyen-ma":
		return p.convert(w, r, acc, &a, in)
	case "xem-truoc":
		return p.previewDraft(w, r, acc, &a, in.draft())
	}

	// Actions that change something: not over a newer version than the
	// one the form was read from.
	if in.Version != "" && in.Version != version(a) {
		return p.again(w, r, acc, &a, in, http.StatusConflict, apperr.New(apperr.Conflict, ""))
	}
	if fe := checkAction(action, in); len(fe) > 0 {
		return p.again(w, r, acc, &a, in, http.StatusUnprocessableEntity, &apperr.Error{Code: apperr.Invalid, Fields: fe})
	}
	ctx := r.Context()
	actor := p.actor(r, acc)
	site := acc.Site.ID

	// Save what was typed first, when it differs from the working text,
	// so that "Gửi biên tập" after an edit sends the edit. A withdrawal is
	// about the published text, and leaves the form's text unsaved.
	if action == "" || in.hasDraft && action != "go-bo" {
		cur, err := p.workingDraft(r, acc, a)
		if err != nil {
			return err
		}
		if fe := checkDraft(in, action == "gui-bien-tap"); len(fe) > 0 {
			return p.again(w, r, acc, &a, in, http.StatusUnprocessableEntity, &apperr.Error{Code: apperr.Invalid, Fields: fe})
		}
		if action == "" || changed(cur, in.draft()) {
			if _, err := p.s.newsroom.Save(ctx, actor, site, a.ID, in.draft(), ""); err != nil {
				return p.failed(w, r, acc, a.ID, in, action, err)
			}
		}
	}

	done, err := p.step(ctx, actor, site, a.ID, action, in, a.OwnerID == acc.User.ID)
	if err != nil {
		return p.failed(w, r, acc, a.ID, in, action, err)
	}
	http.Redirect(w, r, articleURL(a.ID)+"?xong="+done+remoteImages(in), http.StatusSeeOther)
	return nil
}

// step runs the workflow step action ("": save only, done before) on
// article id, and returns the outcome key the editor shows.
//
// own says the article is the user's: with the self-approval checkbox
// ticked, publishing or scheduling it is a confirmed self-approval.
func (p *newsroomPages) step(ctx context.Context, actor newsroom.Actor, site, id int64, action string, in articleInput, own bool) (done string, err error) {
	self := own && in.SelfConfirm
	switch action {
	case "":
		done = "luu"
	case "gui-bien-tap":
		_, err = p.s.newsroom.Submit(ctx, actor, site, id)
		done = "gui"
	case "tra-lai":
		_, err = p.s.newsroom.Return(ctx, actor, site, id, in.Comment)
		done = "tra-lai"
	case "chuyen-duyet":
		_, err = p.s.newsroom.PassToApproval(ctx, actor, site, id)
		done = "chuyen-duyet"
	case "dang":
		if self {
			_, err = p.s.newsroom.PublishOwn(ctx, actor, site, id)
			return "tu-duyet", err
		}
		_, err = p.s.newsroom.Publish(ctx, actor, site, id)
		done = "dang"
	case "hen-gio":
		at, _ := vi.ParseDateTime(in.At, in.AtClock) // checked by checkAction
		if self {
			_, err = p.s.newsroom.ScheduleOwn(ctx, actor, site, id, at)
			return "tu-duyet-hen", err
		}
		_, err = p.s.newsroom.Schedule(ctx, actor, site, id, at)
		done = "hen-gio"
	case "dang-bat-buoc":
		_, err = p.s.newsroom.ForcePublish(ctx, actor, site, id, in.ForceReason)
		done = "dang-bat-buoc"
	case "go-bo":
		_, err = p.s.newsroom.WithdrawWith(ctx, actor, site, id, newsroom.Withdrawal{Reason: in.WithdrawReason, Notice: in.WithdrawNotice, Replacement: in.Replacement})
		done = "go-bo"
	}
	return done, err
}

// remoteImages is the query suffix telling the editor how many remote
// images the sanitiser removed from the typed body ("" for none).
func remoteImages(in articleInput) string {
	if !in.hasDraft {
		return ""
	}
	if _, n := content.SanitizeHTMLCount(vi.NFC(in.Body)); n > 0 {
		return "&anh-ngoai=" + strconv.Itoa(n)
	}
	return ""
}

// postNew runs the actions of the blank editor: create, create and submit,
// convert, preview.
func (p *newsroomPages) postNew(w http.ResponseWriter, r *http.Request, acc *account, action string, in articleInput) error {
	switch action {
	case "chuyen-ma":
		return p.convert(w, r, acc, nil, in)
	case "xem-truoc":
		return p.previewDraft(w, r, acc, nil, in.draft())
	case "", "gui-bien-tap":
	default:
		return apperr.New(apperr.NotFound, "Bài viết chưa được lưu: hãy lưu nháp trước.")
	}
	if fe := checkDraft(in, action == "gui-bien-tap"); len(fe) > 0 {
		return p.again(w, r, acc, nil, in, http.StatusUnprocessableEntity, &apperr.Error{Code: apperr.Invalid, Fields: fe})
	}
	ctx := r.Context()
	actor := p.actor(r, acc)
	a, err := p.s.newsroom.Create(ctx, actor, acc.Site.ID, in.draft())
	if err != nil {
		return p.failed(w, r, acc, 0, in, "", err)
	}
	done := "tao"
	if action == "gui-bien-tap" {
		if _, err := p.s.newsroom.Submit(ctx, actor, acc.Site.ID, a.ID); err != nil {
			return p.failed(w, r, acc, a.ID, in, action, err)
		}
		done = "gui"
	}
	http.Redirect(w, r, articleURL(a.ID)+"?xong="+done+remoteImages(in), http.StatusSeeOther)
	return nil
}

// changed reports whether the typed draft differs from the working text.
// The body is compared after the sanitiser, as the store keeps it.
func changed(cur, typed newsroom.Draft) bool {
	norm := func(s string) string { return strings.TrimSpace(vi.NFC(s)) }
	return cur.CategoryID != typed.CategoryID || cur.Featured != typed.Featured || cur.Photo != typed.Photo ||
		norm(cur.Title) != norm(typed.Title) || norm(cur.Summary) != norm(typed.Summary) ||
		norm(cur.Author) != norm(typed.Author) || norm(cur.Unit) != norm(typed.Unit) ||
		cur.Body != content.SanitizeHTML(vi.NFC(typed.Body))
}

// checkDraft catches, before anything is saved, what only the form knows
// (a category that is not in the list) and, before an article goes to the
// editors, photos without a description. The byline's length and the
// other content rules are content.PrepareArticle's.
func checkDraft(in articleInput, submitting bool) map[string]string {
	fe := map[string]string{}
	if in.CategoryRaw != "" && in.CategoryID <= 0 {
		fe["category"] = "Chuyên mục không tồn tại."
	}
	if submitting {
		// The workflow refuses it too (newsroom.Submit); checked here
		// first so a new article is not created only to be refused.
		if err := newsroom.AltError(content.SanitizeHTML(vi.NFC(in.Body))); err != nil {
			fe["body"] = apperr.MessageOf(err)
		}
		if in.Photo.ID != 0 && strings.TrimSpace(in.Photo.Alt) == "" {
			fe["photo"] = msgPhotoAlt
		}
	}
	return fe
}

// checkAction checks the fields of the workflow actions before anything is
// saved, with the workflow's own messages.
func checkAction(action string, in articleInput) map[string]string {
	fe := map[string]string{}
	switch action {
	case "tra-lai":
		if strings.TrimSpace(in.Comment) == "" {
			fe["comment"] = "Vui lòng nhập nhận xét để tác giả biết cần sửa gì."
		}
	case "hen-gio":
		switch _, err := vi.ParseDateTime(in.At, in.AtClock); {
		case strings.TrimSpace(in.At) == "":
			fe["at"] = "Vui lòng nhập ngày đăng (ngày/tháng/năm)."
		case errors.Is(err, vi.ErrClockForm) && strings.TrimSpace(in.AtClock) == "" && !strings.ContainsAny(strings.TrimSpace(in.At), "T "):
			fe["at-gio"] = "Vui lòng nhập giờ đăng (giờ:phút), ví dụ 08:30."
		case errors.Is(err, vi.ErrClockForm):
			fe["at-gio"] = vi.FieldMessage("Giờ đăng", in.AtClock, err)
		case err != nil:
			fe["at"] = vi.FieldMessage("Ngày đăng", in.At, err)
		}
	case "dang-bat-buoc":
		if utf8.RuneCountInString(strings.TrimSpace(in.ForceReason)) < 10 {
			fe["force_reason"] = "Vui lòng ghi rõ lý do đăng bắt buộc (ít nhất 10 ký tự)."
		}
	case "go-bo":
		if strings.TrimSpace(in.WithdrawReason) == "" {
			fe["withdraw_reason"] = "Vui lòng ghi lý do gỡ bỏ."
		}
	}
	return fe
}

// failed shows the form again after the workflow refused an action for a
// reason the user can act on; other errors become the error page.
func (p *newsroomPages) failed(w http.ResponseWriter, r *http.Request, acc *account, id int64, in articleInput, action string, err error) error {
	var status int
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		status = http.StatusUnprocessableEntity
	case apperr.Conflict:
		status = http.StatusConflict
	case apperr.Unavailable: // the database is busy, down or out of space
		status = http.StatusServiceUnavailable
	default:
		return err
	}
	if id == 0 {
		return p.again(w, r, acc, nil, in, status, err)
	}
	// Show the article as it stands now, with what was typed.
	a, ferr := p.s.content.Store().FindArticleByID(r.Context(), acc.Site.ID, id)
	if ferr != nil {
		return ferr
	}
	if action == "go-bo" && apperr.Is(err, apperr.Invalid) {
		err = renameField(renameField(err, "reason", "withdraw_reason"), "notice", "withdraw_notice")
	} else if apperr.Is(err, apperr.Invalid) {
		err = renameField(err, "reason", "force_reason")
	}
	return p.again(w, r, acc, &a, in, status, err)
}

// renameField moves a field's message of an *apperr.Error to another name.
func renameField(err error, from, to string) error {
	e, ok := err.(*apperr.Error)
	if !ok || e.Fields[from] == "" {
		return err
	}
	c := *e
	c.Fields = map[string]string{}
	for k, v := range e.Fields {
		if k == from {
			k = to
		}
		c.Fields[k] = v
	}
	return &c
}

// again renders the editor with what was typed and the problem: the
// messages next to their fields, or the conflict above the form.
func (p *newsroomPages) again(w http.ResponseWriter, r *http.Request, acc *account, a *content.Article, in articleInput, status int, err error) error {
	if a != nil {
		in.Version = version(*a) // a later save goes over what is now stored
	}
	ep, perr := p.editPage(r, acc, a, in)
	if perr != nil {
		return perr
	}
	var e *apperr.Error
	if x, ok := err.(*apperr.Error); ok {
		e = x
	} else {
		e = &apperr.Error{Code: apperr.CodeOf(err), Message: apperr.MessageOf(err)}
	}
	switch e.Code {
	case apperr.Conflict:
		msg := msgConflict
		if e.Message != "" && !strings.HasPrefix(e.Message, "Bài viết vừa được người khác thay đổi") {
			msg += " " + e.Message
		}
		ep.Alert = msg + " " + msgKept
	case apperr.Unavailable:
		ep.Alert = apperr.MessageOf(e) + " " + msgKeptUnsaved
	default:
		known := map[string]bool{}
		for _, f := range articleFields {
			known[f] = true
		}
		for k, v := range e.Fields {
			if known[k] {
				ep.add(k, v)
			}
		}
		if len(ep.Errors) == 0 {
			ep.Alert = apperr.MessageOf(e)
		}
	}
	ep.Title = "Lỗi: " + ep.Title
	return p.s.render(w, status, "article", ep)
}

// convert turns the typed body from a legacy Vietnamese font encoding to
// Unicode and shows the form again, unsaved.
func (p *newsroomPages) convert(w http.ResponseWriter, r *http.Request, acc *account, a *content.Article, in articleInput) error {
	from := "TCVN3"
	if in.Legacy == "vni" {
		from = "VNI"
		in.Body = vi.FromVNI(in.Body)
	} else {
		in.Legacy = "tcvn3"
		in.Body = vi.FromTCVN3(in.Body)
	}
	ep, err := p.editPage(r, acc, a, in)
	if err != nil {
		return err
	}
	if a != nil && in.Version != "" {
		// The conversion saved nothing: the save after it must still
		// notice a change made by someone else since the form was read.
		ep.Version = in.Version
	}
	ep.Notice = "Đã chuyển nội dung từ mã " + from + " sang Unicode."
	if ep.CanSave {
		ep.Notice += " Bài chưa được lưu: hãy kiểm tra lại rồi bấm «" + ep.SaveLabel + "»."
	}
	return p.s.render(w, http.StatusOK, "article", ep)
}
