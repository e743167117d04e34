package consultation

import (
	"context"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/user"
)

// statusStore holds one draft and counts the writes; the methods a test
// does not use panic through the nil embedded Store.
type statusStore struct {
	Store
	c       Consultation
	updates []string
}

func (f *statusStore) FindConsultationByID(_ context.Context, siteID, id int64) (Consultation, error) {
	if siteID != f.c.SiteID || id != f.c.ID {
		return Consultation{}, apperr.New(apperr.NotFound, "")
	}
	return f.c, nil
}

func (f *statusStore) UpdateConsultation(_ context.Context, c *Consultation, e *audit.Entry) error {
	f.c = *c
	f.updates = append(f.updates, e.Action)
	return nil
}

// TestStatusTable: the service, not the form handler, decides which
// statuses a draft can be moved to and which a comment can be given; an
// unknown status is refused before anything is written (it used to be
// stored as is when a caller other than the admin form passed one).
func TestStatusTable(t *testing.T) {
	for in, want := range map[string]Status{"published": StatusPublished, "withdrawn": StatusWithdrawn} {
		if st, err := ParseStatus(in); err != nil || st != want {
			t.Errorf("ParseStatus(%q) = %q, %v", in, st, err)
		}
	}
	for _, in := range []string{"", "draft", "Published", "bogus"} {
		if _, err := ParseStatus(in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("ParseStatus(%q): %v, want Invalid", in, err)
		}
	}
	for in, want := range map[string]CommentStatus{"approved": CommentApproved, "rejected": CommentRejected} {
		if st, err := ParseCommentStatus(in); err != nil || st != want {
			t.Errorf("ParseCommentStatus(%q) = %q, %v", in, st, err)
		}
	}
	for _, in := range []string{"", "pending", "bogus"} {
		if _, err := ParseCommentStatus(in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("ParseCommentStatus(%q): %v, want Invalid", in, err)
		}
	}

	f := &statusStore{c: Consultation{ID: 7, SiteID: 1, Title: "Dự thảo", Status: StatusDraft}}
	svc := NewService(f, nil)
	a := Actor{User: user.User{ID: 3, Email: "a@example.vn"}, Can: func(user.Action) bool { return true }}
	ctx := context.Background()
	for _, st := range []Status{StatusDraft, "bogus", ""} {
		if _, err := svc.SetStatus(ctx, 1, 7, 0, st, a); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("SetStatus(%q): %v, want Invalid", st, err)
		}
	}
	if len(f.updates) != 0 || f.c.Status != StatusDraft {
		t.Fatalf("refused statuses wrote %v, status now %q", f.updates, f.c.Status)
	}
	if _, err := svc.SetStatus(ctx, 1, 7, 0, StatusPublished, a); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, 1, 7, 0, StatusWithdrawn, a); err != nil {
		t.Fatal(err)
	}
	if got := f.updates; len(got) != 2 || got[0] != "consultation.publish" || got[1] != "consultation.withdraw" {
		t.Errorf("audit actions %v", got)
	}
	if f.c.Status != StatusWithdrawn || f.c.PublishedAt.IsZero() {
		t.Errorf("after publish and withdraw: %q, published at %v", f.c.Status, f.c.PublishedAt)
	}
	if err := svc.Moderate(ctx, 1, 9, 0, CommentPending, a); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("Moderate to pending: %v, want Invalid", err)
	}
}
