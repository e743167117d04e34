package storetest

import (
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/user"
)

// ConsultationStores is what the consultations suite needs.
type ConsultationStores interface {
	consultation.Store
	audit.Store
}

// RunConsultations runs the conformance suite of drafts for comment.
func RunConsultations(t *testing.T, open func(t *testing.T) ConsultationStores) {
	t.Run("Lifecycle", func(t *testing.T) { testConsultationLifecycle(t, open(t)) })
	t.Run("StaleUpdate", func(t *testing.T) { testConsultationStale(t, open(t)) })
}

func consultationActor(actions ...user.Action) consultation.Actor {
	a := staffActor(actions...)
	return consultation.Actor{User: a.User, Can: a.Can, IP: a.IP}
}

func testConsultationLifecycle(t *testing.T, s ConsultationStores) {
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	svc := consultation.NewService(s, func() time.Time { return now })
	manager := consultationActor(user.ActionConsultationManage)
	approver := consultationActor(user.ActionConsultationManage, user.ActionDocumentPublish)
	d := consultation.Draft{Title: "Dự thảo Quy chế quản lý cổng thông tin", Summary: "Quy định việc cập nhật, đăng tải thông tin.",
		Agency: "Văn phòng HĐND và UBND", OpensAt: now.Add(24 * time.Hour), ClosesAt: now.Add(10 * 24 * time.Hour)}
	if _, err := svc.Create(ctx, 1, consultation.Draft{Title: "x", OpensAt: d.ClosesAt, ClosesAt: d.OpensAt}, manager); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad draft: %v", err)
	}
	head, _, _ := s.AuditHead(ctx)
	c, err := svc.Create(ctx, 1, d, manager)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = svc.AttachFile(ctx, 1, c.ID, 0, 41, manager); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.AttachFile(ctx, 1, c.ID, 0, 42, manager); err != nil {
		t.Fatal(err)
	}
	if c, err = svc.DetachFile(ctx, 1, c.ID, 0, 41, manager); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindConsultationByID(ctx, 1, c.ID)
	if err != nil || len(got.Files) != 1 || got.Files[0] != 42 || got.Status != consultation.StatusDraft || !got.OpensAt.Equal(d.OpensAt) {
		t.Fatalf("stored: %+v %v", got, err)
	}
	if _, err := svc.Public(ctx, 1, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unpublished draft is public: %v", err)
	}
	if _, err := svc.SubmitComment(ctx, 1, c.ID, consultation.CommentInput{Name: "A", Email: "a@example.vn", Body: "Góp ý dài đủ mười ký tự"}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("comment on an unpublished draft: %v", err)
	}
	if _, err := svc.SetStatus(ctx, 1, c.ID, 0, consultation.StatusPublished, manager); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("publish without approver rights: %v", err)
	}
	if _, err := svc.SetStatus(ctx, 1, c.ID, 0, consultation.StatusPublished, approver); err != nil {
		t.Fatal(err)
	}
	in := consultation.CommentInput{Name: "Trần Thị Bình", Email: "binh@example.vn", Body: "Đề nghị bổ sung thời hạn cập nhật thông tin."}
	if _, err := svc.SubmitComment(ctx, 1, c.ID, in); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("comment before the open date: %v", err)
	}
	now = now.Add(2 * 24 * time.Hour)
	var ids []int64
	for range 3 {
		cm, err := svc.SubmitComment(ctx, 1, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cm.ID)
	}
	if err := svc.Moderate(ctx, 1, ids[0], 0, consultation.CommentApproved, manager); err != nil {
		t.Fatal(err)
	}
	if err := svc.Moderate(ctx, 1, ids[1], 0, consultation.CommentRejected, manager); err != nil {
		t.Fatal(err)
	}
	if err := svc.Moderate(ctx, 2, ids[2], 0, consultation.CommentApproved, manager); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("moderate from another site: %v", err)
	}
	shown, err := s.FindComments(ctx, 1, c.ID, consultation.CommentApproved)
	if err != nil || len(shown) != 1 || shown[0].ID != ids[0] || shown[0].Email != "binh@example.vn" {
		t.Fatalf("approved comments: %+v %v", shown, err)
	}
	counts, err := s.CountComments(ctx, 1, c.ID)
	if err != nil || counts[consultation.CommentPending] != 1 || counts[consultation.CommentApproved] != 1 || counts[consultation.CommentRejected] != 1 {
		t.Errorf("counts %v %v", counts, err)
	}
	// After the close date the form closes by itself.
	now = d.ClosesAt.Add(time.Second)
	if _, err := svc.SubmitComment(ctx, 1, c.ID, in); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("comment after the close date: %v", err)
	}
	if _, err := svc.SaveReport(ctx, 1, c.ID, 0, "", true, manager); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("publish an empty report: %v", err)
	}
	if _, err := svc.SaveReport(ctx, 1, c.ID, 0, "Đã nhận 3 ý kiến; tiếp thu 1.", true, manager); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, 1, c.ID, 0, consultation.StatusWithdrawn, manager); err != nil {
		t.Fatal(err)
	}
	list, total, err := s.FindConsultations(ctx, consultation.Filter{SiteID: 1, Statuses: []consultation.Status{consultation.StatusWithdrawn}})
	if err != nil || total != 1 || len(list) != 1 || !list[0].ReportPublished || list[0].Report == "" {
		t.Errorf("withdrawn list: %+v %d %v", list, total, err)
	}
	entries, err := s.AuditEntries(ctx, head, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	want := "consultation.create consultation.attach consultation.attach consultation.detach consultation.publish " +
		"consultation.comment.approved consultation.comment.rejected consultation.report consultation.withdraw"
	if join(actions) != want {
		t.Errorf("audit %q, want %q", join(actions), want)
	}
	if len(entries) > 0 && entries[0].Object != "consultation:"+itoa(c.ID) {
		t.Errorf("create entry object %q", entries[0].Object)
	}
}
