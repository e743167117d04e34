package storetest

import (
	"errors"
	"testing"
	"time"

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
