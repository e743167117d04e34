package storetest

import (
	"errors"

	"testing"
	"time"
	"trangtin/internal/consultation"

	"trangtin/internal/question"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// testQuestionStale: an update of a question read before another's
// change is question.ErrStale and leaves that change alone; the version
// counts the updates.
func testQuestionStale(t *testing.T, s QuestionStores) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return now })
	q, _, err := svc.Submit(ctx, 1, sampleInput("Cấp sổ đỏ lần đầu"))
	must(t, err, "Submit")
	if q.Version != 1 {
		t.Fatalf("Version after submit = %d, want 1", q.Version)
	}
	read, err := s.FindQuestionByID(ctx, 1, q.ID)
	must(t, err, "FindQuestionByID")
	first, second := read, read
	first.Status, first.Unit = question.StatusAccepted, "Phòng Tài nguyên"
	must(t, s.UpdateQuestion(ctx, &first, nil), "UpdateQuestion")
	if first.Version != 2 {
		t.Errorf("Version after update = %d, want 2", first.Version)
	}
	second.Status, second.RejectReason = question.StatusRejected, question.ReasonSpam
	if err := s.UpdateQuestion(ctx, &second, nil); !errors.Is(err, question.ErrStale) {
		t.Fatalf("update of a stale copy: %v, want question.ErrStale", err)
	}
	got, err := s.FindQuestionByID(ctx, 1, q.ID)
	must(t, err, "FindQuestionByID")
	if got.Status != question.StatusAccepted || got.Unit != "Phòng Tài nguyên" || got.Version != 2 {
		t.Errorf("stored %s %q version %d after a refused stale update", got.Status, got.Unit, got.Version)
	}
	// The service refuses an action over a page showing an older version.
	mod := staffActor(user.ActionQuestionModerate)
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "reject", Reason: question.ReasonSpam, Version: 1}, mod); !errors.Is(err, question.ErrStale) {
		t.Errorf("reject from a page of version 1: %v, want question.ErrStale", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "assign", Unit: "Phòng Tư pháp", Version: 2}, mod); err != nil {
		t.Errorf("assign from a page of the current version: %v", err)
	}
}

// testConsultationStale: an update of a draft read before another's
// change is consultation.ErrStale; a decision on a comment over an older
// version is consultation.ErrCommentStale; neither touches the stored row.
func testConsultationStale(t *testing.T, s ConsultationStores) {
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	c := consultation.Consultation{SiteID: 1, Title: "Dự thảo Quy chế", Status: consultation.StatusPublished,
		OpensAt: now, ClosesAt: now.Add(240 * time.Hour), CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateConsultation(ctx, &c, nil), "CreateConsultation")
	if c.Version != 1 {
		t.Fatalf("Version after create = %d, want 1", c.Version)
	}
	first, second := c, c
	first.Title = "Dự thảo Quy chế (sửa lần một)"
	must(t, s.UpdateConsultation(ctx, &first, nil), "UpdateConsultation")
	if first.Version != 2 {
		t.Errorf("Version after update = %d, want 2", first.Version)
	}
	second.Status = consultation.StatusWithdrawn
	if err := s.UpdateConsultation(ctx, &second, nil); !errors.Is(err, consultation.ErrStale) {
		t.Fatalf("update of a stale copy: %v, want consultation.ErrStale", err)
	}
	got, err := s.FindConsultationByID(ctx, 1, c.ID)
	must(t, err, "FindConsultationByID")
	if got.Title != first.Title || got.Status != consultation.StatusPublished || got.Version != 2 {
		t.Errorf("stored %q %s version %d after a refused stale update", got.Title, got.Status, got.Version)
	}

	cm := consultation.Comment{SiteID: 1, ConsultationID: c.ID, Name: "Bình", Email: "binh@example.vn", Body: "Đề nghị bổ sung.",
		Status: consultation.CommentPending, CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateComment(ctx, &cm), "CreateComment")
	if cm.Version != 1 {
		t.Fatalf("comment Version after create = %d, want 1", cm.Version)
	}
	must(t, s.SetCommentStatus(ctx, 1, cm.ID, 1, consultation.CommentApproved, now, nil), "SetCommentStatus")
	if err := s.SetCommentStatus(ctx, 1, cm.ID, 1, consultation.CommentRejected, now, nil); !errors.Is(err, consultation.ErrCommentStale) {
		t.Fatalf("decision over a stale comment: %v, want consultation.ErrCommentStale", err)
	}
	cms, err := s.FindComments(ctx, 1, c.ID)
	must(t, err, "FindComments")
	if len(cms) != 1 || cms[0].Status != consultation.CommentApproved || cms[0].Version != 2 {
		t.Errorf("stored comments %+v after a refused stale decision", cms)
	}
	must(t, s.SetCommentStatus(ctx, 1, cm.ID, 2, consultation.CommentRejected, now, nil), "SetCommentStatus at the current version")
}
