package consultation

import (
	"errors"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/question"
)

// TestContactRulesShared: a comment on a draft and a citizen's question
// accept and refuse the same phone numbers and e-mail addresses, with the
// same messages, and keep the same normalised address.
func TestContactRulesShared(t *testing.T) {
	fieldsOf := func(err error) map[string]string {
		var e *apperr.Error
		if errors.As(err, &e) {
			return e.Fields
		}
		return nil
	}
	for _, c := range []struct{ phone, email string }{
		{"0912 345 678", ""}, {"+84 912 345 678", "Ten@Example.VN"}, {"0912", ""}, {"0912 345 67a", ""},
		{"", "ten@example.vn"}, {"", "ten@"}, {"", "tên@example.vn"}, {"091234567890123456789", "a..b@x.vn"},
	} {
		cm := CommentInput{Name: "Nguyễn Văn A", Phone: c.phone, Email: c.email, Body: "Đề nghị bổ sung quy định."}
		q := question.Input{Name: "Nguyễn Văn A", Phone: c.phone, Email: c.email, Subject: "Hỏi về thủ tục",
			Body: strings.Repeat("Nội dung câu hỏi. ", 3), Field: question.Fields[0]}
		cf, qf := fieldsOf(ValidateComment(&cm)), fieldsOf(question.Validate(&q))
		for _, k := range []string{"phone", "email"} {
			if cf[k] != qf[k] {
				t.Errorf("%+v: %s: comment says %q, question %q", c, k, cf[k], qf[k])
			}
		}
		if cm.Email != q.Email {
			t.Errorf("%+v: comment keeps %q, question %q", c, cm.Email, q.Email)
		}
	}
}
