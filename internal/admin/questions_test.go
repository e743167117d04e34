package admin

import (
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/question"
)

// questionTemplateSamples are view models of the Hỏi đáp and consultation
// pages for TestEveryTemplateRenders.
func questionTemplateSamples(l Layout) map[string]any {
	at := when(time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC))
	form := Form{Order: []string{"reason", "unit", "answer", "answered_by", "title", "file", "report"},
		Errors: map[string]string{"reason": "x", "unit": "y", "answer": "z", "title": "t", "file": "f", "report": "r"}, Alert: "Có lỗi"}
	q := question.Question{ID: 4, Subject: "Cấp sổ đỏ", Body: "Hỏi", Field: question.Fields[0], Name: "Nguyễn Văn An", Phone: "0912345678",
		Email: "an@example.vn", Address: "Thôn Đông", Status: question.StatusAccepted, Unit: "Phòng TN&MT", Answer: "Đáp"}
	return map[string]any{
		"questions": QuestionsPage{Layout: l, Filters: []Option{{Value: "", Label: "Cần xử lý", Selected: true}}, Total: 1, Overdue: 1, PageNo: 2,
			PrevURL: "/quan-tri/hoi-dap", NextURL: "/quan-tri/hoi-dap?trang=3",
			Rows: []QuestionRow{{ID: 4, URL: "/quan-tri/hoi-dap/4", Subject: "S", Field: "F", Status: question.StatusNew, Unit: "U", Received: at, Due: at, Overdue: true}}},
		"question": QuestionPage{Layout: l, Form: form, Q: q, Received: at, Due: at, Answered: at, Published: at, Overdue: true, ShowPersonal: true,
			PublicName: "N.V.A.", Reason: "R", CanModerate: true, CanPublish: true, Notice: "n", Unit: "U", Answer: "A", AnsweredBy: "B",
			Reasons: []Option{{Value: "spam", Label: "Thư rác"}}},
		"consultations": ConsultationsPage{Layout: l, Rows: []ConsultationRow{{ID: 1, URL: "/quan-tri/gop-y-du-thao/1", Title: "D", Status: consultation.StatusPublished,
			Phase: "Đang lấy ý kiến", Opens: at, Closes: at, Pending: 2, Approved: 1}}},
		"consultation": ConsultationPage{Layout: l, Form: form, ID: 1, Action: "/quan-tri/gop-y-du-thao/1", Values: ConsultationForm{Title: "D", Opens: "2026-12-01"},
			Status: consultation.StatusPublished, Phase: "Đang lấy ý kiến", PublicURL: "/gop-y-du-thao/1",
			Files:   []ConsultationFile{{ID: 9, Name: "a.pdf", URL: "/tep/9/a.pdf"}},
			Pending: []ConsultationComment{{ID: 5, Name: "A", Contact: "a@b.vn", Body: "B", Status: consultation.CommentPending, At: at}},
			Decided: []ConsultationComment{{ID: 6, Name: "C", Body: "D", Status: consultation.CommentApproved, At: at}},
			Report:  "R", ReportShown: true, CanPublish: true, Notice: "n"},
	}
}
