package storetest

import (
	"errors"
	"testing"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/content"
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

// testPageStale: an update of a static page read before another's change
// is content.ErrPageStale, even when it also takes another page's slug,
// and leaves that change alone; the version counts the updates.
func testPageStale(t *testing.T, s content.Store) {
	site := newSite(t, s, "trangtinh")
	p := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Body: "<p>Bản đầu</p>"}
	must(t, s.CreatePage(ctx, &p, nil), "CreatePage")
	other := content.Page{SiteID: site.ID, Title: "Lịch sử", Slug: "lich-su", Body: "<p>Lịch sử</p>"}
	must(t, s.CreatePage(ctx, &other, nil), "CreatePage other")
	if p.Version != 1 {
		t.Fatalf("Version after create = %d, want 1", p.Version)
	}
	first, second := p, p
	first.Body = "<p>Bản A</p>"
	must(t, s.UpdatePage(ctx, &first, nil), "UpdatePage")
	if first.Version != 2 {
		t.Errorf("Version after update = %d, want 2", first.Version)
	}
	second.Body = "<p>Bản B</p>"
	if err := s.UpdatePage(ctx, &second, nil); !errors.Is(err, content.ErrPageStale) {
		t.Fatalf("update of a stale copy: %v, want content.ErrPageStale", err)
	}
	second.Slug = other.Slug
	if err := s.UpdatePage(ctx, &second, nil); !errors.Is(err, content.ErrPageStale) {
		t.Fatalf("update of a stale copy onto a taken slug: %v, want content.ErrPageStale", err)
	}
	if second.Version != 1 {
		t.Errorf("a refused update changed the copy's Version to %d", second.Version)
	}
	got, err := s.FindPageBySlug(ctx, site.ID, p.Slug)
	must(t, err, "FindPageBySlug")
	if got.Body != first.Body || got.Version != 2 {
		t.Errorf("stored %q version %d after a refused stale update", got.Body, got.Version)
	}
	missing := content.Page{SiteID: site.ID, ID: other.ID + 100, Title: "Không có", Slug: "khong-co", Version: 1}
	if err := s.UpdatePage(ctx, &missing, nil); !errors.Is(err, content.ErrPageNotFound) {
		t.Errorf("update of a missing page: %v, want content.ErrPageNotFound", err)
	}
	first.Body = "<p>Bản C</p>"
	must(t, s.UpdatePage(ctx, &first, nil), "UpdatePage at the current version")
}

// testSiteStale: an update of a site's information read before another's
// change is content.ErrSiteStale and leaves that change, and the public
// version, alone; the edit version counts the updates.
func testSiteStale(t *testing.T, s content.Store) {
	site := newSite(t, s, "phienban")
	if site.EditVersion != 1 {
		t.Fatalf("EditVersion after create = %d, want 1", site.EditVersion)
	}
	read, err := s.FindSiteByID(ctx, site.ID)
	must(t, err, "FindSiteByID")
	if read.EditVersion != 1 {
		t.Fatalf("EditVersion read = %d, want 1", read.EditVersion)
	}
	first, second := read, read
	first.Phone = "0229 3 640 101"
	must(t, s.UpdateSite(ctx, &first, nil), "UpdateSite")
	if first.EditVersion != 2 {
		t.Errorf("EditVersion after update = %d, want 2", first.EditVersion)
	}
	second.Email = "ubnd@example.vn"
	if err := s.UpdateSite(ctx, &second, nil); !errors.Is(err, content.ErrSiteStale) {
		t.Fatalf("update of a stale copy: %v, want content.ErrSiteStale", err)
	}
	got, err := s.FindSiteByID(ctx, site.ID)
	must(t, err, "FindSiteByID")
	if got.Phone != first.Phone || got.Email != "" || got.EditVersion != 2 || got.Version != first.Version {
		t.Errorf("stored phone %q email %q edit version %d version %d after a refused stale update (want version %d)",
			got.Phone, got.Email, got.EditVersion, got.Version, first.Version)
	}
	missing := content.Site{ID: site.ID + 100, Key: "khongco", Name: "Không có", Host: "khongco.example.vn", EditVersion: 1}
	if err := s.UpdateSite(ctx, &missing, nil); !errors.Is(err, content.ErrSiteNotFound) {
		t.Errorf("update of a missing site: %v, want content.ErrSiteNotFound", err)
	}
}

// testUserStale: an update of an account read before another's change is
// user.ErrStale (not a taken email) and leaves that change alone; a role
// change over an older version is refused and writes nothing; every
// write, role changes included, counts in the version.
func testUserStale(t *testing.T, s UserStores) {
	u := newUser(t, s, "phienban@example.vn", "Phiên Bản")
	if u.Version != 1 {
		t.Fatalf("Version after create = %d, want 1", u.Version)
	}
	read, err := s.FindUserByID(ctx, u.ID)
	must(t, err, "FindUserByID")
	first, second := read, read
	first.Name = "Phiên Bản Mới"
	must(t, s.UpdateUser(ctx, &first, nil), "UpdateUser")
	if first.Version != 2 {
		t.Errorf("Version after update = %d, want 2", first.Version)
	}
	second.Disabled = true
	err = s.UpdateUser(ctx, &second, nil)
	if !errors.Is(err, user.ErrStale) || errors.Is(err, user.ErrEmailTaken) {
		t.Fatalf("update of a stale copy: %v, want user.ErrStale", err)
	}
	got, err := s.FindUserByID(ctx, u.ID)
	must(t, err, "FindUserByID")
	if got.Name != first.Name || got.Disabled || got.Version != 2 {
		t.Errorf("stored %q disabled %v version %d after a refused stale update", got.Name, got.Disabled, got.Version)
	}

	editor := user.Membership{UserID: u.ID, SiteID: 3, Role: user.RoleEditor}
	if err := s.ChangeMemberships(ctx, u.ID, 1, []user.Membership{editor}, nil, nil); !errors.Is(err, user.ErrStale) {
		t.Fatalf("role change over a stale version: %v, want user.ErrStale", err)
	}
	if ms, err := s.FindMemberships(ctx, u.ID); err != nil || len(ms) != 0 {
		t.Fatalf("memberships after a refused role change: %v, %v", ms, err)
	}
	must(t, s.ChangeMemberships(ctx, u.ID, 2, []user.Membership{editor}, nil, nil), "ChangeMemberships")
	must(t, s.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: 3, Role: user.RoleReporter}, nil), "SetMembership")
	got, err = s.FindUserByID(ctx, u.ID)
	must(t, err, "FindUserByID")
	if got.Version != 4 {
		t.Errorf("Version after two role changes = %d, want 4", got.Version)
	}
	// The copy read before the role changes is stale now.
	first.Disabled = true
	if err := s.UpdateUser(ctx, &first, nil); !errors.Is(err, user.ErrStale) {
		t.Errorf("update over a role change: %v, want user.ErrStale", err)
	}
	if ms, err := s.FindMemberships(ctx, u.ID); err != nil || len(ms) != 2 {
		t.Errorf("memberships %v, %v; want editor and reporter", ms, err)
	}
}
