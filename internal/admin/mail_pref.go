package admin

import (
	"context"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
)

// MailChoice is the inbox's switch for the e-mail copy of notices.
type MailChoice struct {
	On    bool
	Email string
	URL   string // where to POST the change
}

// mailChoice is the user's choice, or nil when no e-mail is sent at all.
func (p *newsroomPages) mailChoice(ctx context.Context, acc *account) (*MailChoice, error) {
	if p.s.mailPrefs == nil {
		return nil, nil
	}
	out, err := p.s.mailPrefs.MailOptedOut(ctx, acc.User.ID)
	if err != nil {
		return nil, err
	}
	return &MailChoice{On: !out, Email: acc.User.Email, URL: pathInbox + "/thu-dien-tu"}, nil
}

func mailOutcome(key string) string {
	if key == "thu-bat" {
		return "Đã bật gửi thông báo qua thư điện tử."
	}
	return "Đã tắt gửi thông báo qua thư điện tử."
}

// setMail turns the e-mail copy of the user's own notices on or off; the
// change is recorded in the audit log.
func (p *newsroomPages) setMail(w http.ResponseWriter, r *http.Request, acc *account) error {
	if p.s.mailPrefs == nil {
		return apperr.New(apperr.NotFound, "Cổng thông tin không gửi thông báo qua thư điện tử.")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var on bool
	switch r.PostForm.Get("on") {
	case "1":
		on = true
	case "0":
	default:
		return apperr.New(apperr.Invalid, "Lựa chọn gửi thư không hợp lệ. Vui lòng tải lại trang và thử lại.")
	}
	a := p.s.auditEntry(r, acc, "user.mail_notices", "user:"+strconv.FormatInt(acc.User.ID, 10), map[string]string{"on": strconv.FormatBool(on)})
	if err := p.s.mailPrefs.SetMailOptOut(r.Context(), acc.User.ID, !on, a); err != nil {
		return err
	}
	key := "thu-tat"
	if on {
		key = "thu-bat"
	}
	http.Redirect(w, r, p.inboxURL+"?xong="+key+"#thu-dien-tu", http.StatusSeeOther)
	return nil
}
