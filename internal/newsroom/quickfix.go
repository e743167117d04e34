package newsroom

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// QuickFixNote starts the note of a revision saved by a quick correction;
// the reason follows it.
const QuickFixNote = "Sửa nhanh: "

// maxQuickFixReason bounds the reason of a quick correction.
const maxQuickFixReason = 500

// QuickFix corrects the public text of a published article in place: a
// typo or a figure, fixed by one member of the editorial board without a
// second round of editing and approval. Only the text changes (title,
// summary, body, byline); the category, the photo, the address and the
// publication time stay. The new text is saved as a revision (stage
// published, noted "Sửa nhanh: <reason>", so its diff with the one
// before is on the revisions page), the article's CorrectedAt becomes now
// (the public page shows "Cập nhật lúc …"), and the audit log records the
// reason; copies on other sites follow, as for any correction. version is
// the article's edit version the form was read from (0: not checked).
//
// Refused: without the right to publish, an article that is not
// published, one with an edit awaiting approval (approve or return that
// first, or it would undo this one), a missing or too long reason, and a
// text that did not change.
func (s *Service) QuickFix(ctx context.Context, a Actor, siteID, id int64, d Draft, reason string, version int64) (content.Article, error) {
	reason = vi.Text(reason)
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return art, err
	}
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return art, errForbidden
	}
	if version != 0 && version != art.Version {
		return art, content.ErrStale
	}
	if art.Status != content.StatusPublished {
		return art, apperr.Errorf(apperr.Conflict, "Chỉ sửa nhanh được bài đang đăng; bài này đang «%s».", art.Status.Label())
	}
	if art.PendingRevisionID != 0 {
		return art, apperr.New(apperr.Conflict, "Bài đang có một bản sửa chờ duyệt: hãy duyệt hoặc trả lại bản sửa đó trước khi sửa nhanh, để hai bản sửa không ghi đè nhau.")
	}
	fe := map[string]string{}
	switch {
	case reason == "":
		fe["reason"] = "Vui lòng ghi lý do sửa (ví dụ: sửa lỗi chính tả, sửa số liệu)."
	case utf8.RuneCountInString(reason) > maxQuickFixReason:
		fe["reason"] = fmt.Sprintf("Lý do sửa dài quá %d ký tự.", maxQuickFixReason)
	}
	probe := art
	probe.Title, probe.Summary, probe.Body, probe.Author, probe.Unit = d.Title, d.Summary, d.Body, d.Author, d.Unit
	if err := s.content.PrepareArticle(ctx, &probe); err != nil {
		if e, ok := err.(*apperr.Error); ok {
			for k, v := range e.Fields {
				fe[k] = v
			}
		} else {
			return art, err
		}
	}
	if len(fe) > 0 {
		return art, &apperr.Error{Code: apperr.Invalid, Message: "Bản sửa nhanh chưa hợp lệ.", Fields: fe}
	}
	if probe.Title == art.Title && probe.Summary == art.Summary && probe.Body == art.Body && probe.Author == art.Author && probe.Unit == art.Unit {
		return art, &apperr.Error{Code: apperr.Invalid, Message: "Nội dung chưa thay đổi so với bản đang đăng: không có gì để lưu.",
			Fields: map[string]string{"body": "Nội dung chưa thay đổi."}}
	}
	changedFields := changedTextFields(art, probe)
	art.Title, art.Summary, art.Body, art.Author, art.Unit = probe.Title, probe.Summary, probe.Body, probe.Author, probe.Unit
	art.CorrectedAt = s.now()
	c := &Change{Article: &art, Revision: &Revision{Draft: draftOf(art), Stage: content.StatusPublished, SavedBy: a.UserID, Note: QuickFixNote + reason}}
	c.Audit = s.entry(a, art, "article.quick_fix", map[string]string{"reason": reason, "fields": changedFields})
	return art, s.apply(ctx, c)
}

// changedTextFields names, in Vietnamese, the text fields a quick
// correction changed: for the audit log.
func changedTextFields(old, new content.Article) string {
	var out []string
	for _, f := range []struct {
		label    string
		old, new string
	}{{"tiêu đề", old.Title, new.Title}, {"tóm tắt", old.Summary, new.Summary}, {"nội dung", old.Body, new.Body},
		{"tác giả", old.Author, new.Author}, {"đơn vị", old.Unit, new.Unit}} {
		if f.old != f.new {
			out = append(out, f.label)
		}
	}
	return strings.Join(out, ", ")
}
