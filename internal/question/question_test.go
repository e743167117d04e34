package question

import (
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

func TestValidate(t *testing.T) {
	good := Input{Name: " Nguyễn Văn An ", Email: "AN@Example.VN", Subject: "Hỏi", Body: "Nội dung câu hỏi đủ dài để hợp lệ.", Field: Fields[0]}
	in := good
	if err := Validate(&in); err != nil {
		t.Fatalf("good input: %v", err)
	}
	if in.Name != "Nguyễn Văn An" || in.Email != "an@example.vn" {
		t.Errorf("not cleaned: %+v", in)
	}
	for _, c := range []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"no contact", func(i *Input) { i.Email = "" }, "phone"},
		{"bad phone", func(i *Input) { i.Phone = "12ab" }, "phone"},
		{"bad email", func(i *Input) { i.Email = "an@" }, "email"},
		{"no name", func(i *Input) { i.Name = " " }, "name"},
		{"long name", func(i *Input) { i.Name = strings.Repeat("a", MaxName+1) }, "name"},
		{"short body", func(i *Input) { i.Body = "ngắn" }, "body"},
		{"long body", func(i *Input) { i.Body = strings.Repeat("â", MaxBody+1) }, "body"},
		{"unknown field", func(i *Input) { i.Field = "Khác lạ" }, "field"},
		{"long address", func(i *Input) { i.Address = strings.Repeat("x", MaxAddress+1) }, "address"},
		{"no subject", func(i *Input) { i.Subject = "" }, "subject"},
	} {
		in := good
		c.edit(&in)
		err := Validate(&in)
		var e *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asErr(err, &e) || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a message for %s", c.name, err, c.field)
		}
	}
	in = good
	in.Phone, in.Email = "+84 912.345-678", ""
	if err := Validate(&in); err != nil {
		t.Errorf("phone with +84, dots and dashes: %v", err)
	}
}

func asErr(err error, e **apperr.Error) bool {
	x, ok := err.(*apperr.Error)
	*e = x
	return ok
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode()
		if len(c) != 26 || !strings.HasPrefix(c, "HD-") || seen[c] {
			t.Fatalf("code %q (len %d) bad or repeated", c, len(c))
		}
		seen[c] = true
		h := HashCode(c)
		for _, typed := range []string{strings.ToLower(c), " " + c + " ", strings.ReplaceAll(c, "-", " "), strings.TrimPrefix(c, "HD-")} {
			if HashCode(typed) != h {
				t.Fatalf("%q and %q hash differently", c, typed)
			}
		}
	}
	if HashCode("HD-AAAAA-AAAAA-AAAAA-AAAAA") == HashCode("HD-AAAAA-AAAAA-AAAAA-AAAAB") {
		t.Error("different codes, same hash")
	}
}

func TestLeaksContact(t *testing.T) {
	base := Question{Phone: "0912 345 678", Email: "An@Example.vn", Address: "Số 5 thôn Đông", Subject: "Hỏi", Body: "Nội dung", Answer: "Trả lời"}
	if base.LeaksContact() || base.MaySuggestContact() {
		t.Fatal("clean text flagged")
	}
	for _, c := range []struct {
		name string
		edit func(*Question)
	}{
		{"phone in body, other spacing", func(q *Question) { q.Body = "gọi 0912.345.678 giúp" }},
		{"phone as +84", func(q *Question) { q.Body = "số +84 912 345 678" }},
		{"email in answer, other case", func(q *Question) { q.Answer = "đã gửi an@example.VN" }},
		{"address in subject", func(q *Question) { q.Subject = "Nhà ở số 5 thôn đông" }},
	} {
		q := base
		c.edit(&q)
		if !q.LeaksContact() {
			t.Errorf("%s: not caught", c.name)
		}
	}
	q := base
	q.Body = "liên hệ 0987 000 111 hoặc ai@khac.vn"
	if q.LeaksContact() || !q.MaySuggestContact() {
		t.Errorf("someone else's contact: leaks %v suggest %v", q.LeaksContact(), q.MaySuggestContact())
	}
}
