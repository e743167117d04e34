package newsroom

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// Withdrawal is what withdrawing an article records and shows: the
// reason for the record (the editors' area, the audit log), the notice
// the public page shows readers ("": only that it was withdrawn), and an
// optional replacement address the old one then redirects to.
type Withdrawal struct {
	Reason      string
	Notice      string
	Replacement string
}

// Withdraw takes a published article down with a reason, which is also
// the notice readers see; its address then answers 410, or redirects to
// replacement when one is given. WithdrawWith keeps them apart.
func (s *Service) Withdraw(ctx context.Context, a Actor, siteID, id int64, reason, replacement string) (content.Article, error) {
	return s.WithdrawWith(ctx, a, siteID, id, Withdrawal{Reason: reason, Notice: reason, Replacement: replacement})
}

// maxNotice bounds the reason and the notice of a withdrawal.
const maxNotice = 1000

// WithdrawWith takes a published article down: its address answers 410
// with w.Notice, or redirects to w.Replacement; w.Reason is kept for the
// record.
func (s *Service) WithdrawWith(ctx context.Context, a Actor, siteID, id int64, w Withdrawal) (content.Article, error) {
	reason, notice, replacement := vi.Text(w.Reason), vi.Text(w.Notice), vi.Line(w.Replacement)
	fe := map[string]string{}
	if reason == "" {
		fe["reason"] = "Vui lòng ghi lý do gỡ bỏ."
	} else if utf8.RuneCountInString(reason) > maxNotice {
		fe["reason"] = fmt.Sprintf("Lý do gỡ bỏ dài quá %d ký tự.", maxNotice)
	}
	if utf8.RuneCountInString(notice) > maxNotice {
		fe["notice"] = fmt.Sprintf("Thông báo cho bạn đọc dài quá %d ký tự.", maxNotice)
	}
	if replacement != "" && !validReplacement(replacement) {
		fe["replacement"] = "Địa chỉ thay thế phải là đường dẫn trên trang (bắt đầu bằng /) hoặc địa chỉ http(s)."
	}
	if len(fe) > 0 {
		return content.Article{}, &apperr.Error{Code: apperr.Invalid, Message: "Thông tin gỡ bỏ chưa hợp lệ.", Fields: fe}
	}
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return art, err
	}
	rule := workflow[StepWithdraw]
	if !s.can(a, siteID, rule.need) {
		return art, errForbidden
	}
	if !in(art.Status, rule.from...) { // the public text's status, not the working stage
		return art, apperr.Errorf(apperr.Conflict, "Chỉ gỡ được bài đã đăng; bài này đang «%s».", art.Status.Label())
	}
	art.Status, art.WithdrawnReason, art.WithdrawnNotice, art.Replacement = rule.to, reason, notice, replacement
	c := &Change{Article: &art, Notices: s.notifyUser(art, art.OwnerID, fmt.Sprintf("Bài «%s» đã bị gỡ bỏ: %s", art.Title, reason))}
	c.Audit = s.entry(a, art, "article.withdraw", map[string]string{"reason": reason, "notice": notice, "replacement": replacement})
	return art, s.apply(ctx, c)
}

func validReplacement(s string) bool {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return !strings.ContainsAny(s, "\r\n\\")
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
