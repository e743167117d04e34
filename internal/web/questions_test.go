package web

import (
	"testing"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/question"
)

// questionTemplateSamples are view models of the Hỏi đáp and consultation
// pages for TestEveryTemplateRenders.
func questionTemplateSamples(l Layout) map[string]any {
	at := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	q := PublicQuestion{ID: 3, Subject: "Cấp sổ đỏ", Body: "Hỏi", Field: question.Fields[0], Asker: "N.V.A.", ReceivedAt: at, Answer: "Đáp", AnsweredBy: "Phòng TN&MT", PublishedAt: at}
	form := PublicForm{Values: map[string]string{"name": "A", "show_name": "1", "field": question.Fields[1]}, Errors: map[string]string{"phone": "x", "body": "y", "code": "z"},
		Order: askOrder, Alert: "Chờ"}
	item := ConsultationItem{ID: 2, Title: "Dự thảo", Summary: "Tóm tắt", Agency: "UBND", OpensAt: at, ClosesAt: at, Phase: consultation.PhaseOpen}
	ask, _ := (&Server{}).askPageFor(l, form)
	contactForm := form
	contactForm.Order = contactOrder
	return map[string]any{
		"questions": QuestionListPage{Layout: l, Questions: []PublicQuestion{q}, Pager: pager("/hoi-dap", 1, 2, 12), Fields: question.Fields, Field: question.Fields[1]},
		"question":  QuestionPage{Layout: l, Question: q},
		"contact": ContactPage{Layout: l, Form: contactForm, Honeypot: "website", MapURL: "https://www.openstreetmap.org/search?query=Me",
			MaxLength: map[string]int{"name": 120, "phone": 20, "email": 254, "subject": 250, "body": 5000}},
		"question-ask":   ask,
		"question-track": TrackPage{Layout: l, Form: form, Found: true, Subject: "S", Status: "Đang xử lý", Received: at, DueAt: at, Unit: "U", Answer: "A", Rejected: "R", URL: "/hoi-dap/3"},
		"consultations":  ConsultationListPage{Layout: l, Items: []ConsultationItem{item}, Pager: pager("/gop-y-du-thao", 1, 1, 1)},
		"consultation": ConsultationPage{Layout: l, Item: item, Files: []PublicFile{{Name: "du-thao.pdf", URL: "/tep/0123456789abcdef0123456789abcdef/du-thao.pdf"}},
			Comments: []PublicComment{{Name: "T.T.B.", Body: "Góp ý", At: at}}, Report: "Tổng hợp", Form: form, Honeypot: "website", Sent: true},
	}
}

func TestPublicNameMasks(t *testing.T) {
	for _, c := range []struct {
		name string
		show bool
		want string
	}{
		{"Nguyễn Văn An", false, "N.V.A."},
		{"Nguyễn Văn An", true, "Nguyễn Văn An"},
		{"  ", false, "Công dân"},
		{"đặng thị ánh", false, "Đ.T.Á."},
		{"0912345678", false, "Công dân"},
	} {
		if got := question.PublicName(c.name, c.show); got != c.want {
			t.Errorf("PublicName(%q, %v) = %q, want %q", c.name, c.show, got, c.want)
		}
	}
}
