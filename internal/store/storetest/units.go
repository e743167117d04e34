package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/report"
	"trangtin/internal/user"
	"trangtin/internal/vi"
	"trangtin/internal/visits"
	"trangtin/internal/workday"
)

// UnitStores is what the units, reminders and monthly report suite needs
// from one database.
type UnitStores interface {
	QuestionStores
	question.UnitStore
	question.ReminderStore
	report.Store
	content.Store
	user.UserStore
	visits.ViewStore
	visits.ManyViewStore
	FindInbox(ctx context.Context, userID int64, limit int) ([]newsroom.Notice, error)
}

// RunUnits runs the conformance suite of the units that answer questions
// (members, least privilege of the queue), the deadline reminders (once
// per question and threshold) and the monthly report.
func RunUnits(t *testing.T, open func(t *testing.T) UnitStores) {
	t.Run("Units", func(t *testing.T) { testUnits(t, open(t)) })
	t.Run("Reminders", func(t *testing.T) { testReminders(t, open(t)) })
	t.Run("MonthlyReport", func(t *testing.T) { testMonthlyReport(t, open(t)) })
}

func unitSites(t *testing.T, s UnitStores) {
	t.Helper()
	withSite(t, s)
}

func account(t *testing.T, s UnitStores, email string, role user.Role, siteID int64) user.User {
	t.Helper()
	u := user.User{Email: email, Name: email, PasswordHash: "x"}
	var grant *user.Membership
	if role != "" {
		grant = &user.Membership{SiteID: siteID, Role: role}
	}
	must(t, s.CreateUser(ctx, &u, grant, nil), "CreateUser "+email)
	return u
}

func testUnits(t *testing.T, s UnitStores) {
	unitSites(t, s)
	at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	u := question.Unit{SiteID: 1, Name: "Phòng Tư pháp", CreatedAt: at, UpdatedAt: at}
	must(t, s.CreateUnit(ctx, &u, nil), "CreateUnit")
	if u.ID == 0 || u.Version != 1 {
		t.Fatalf("created %+v", u)
	}
	dup := question.Unit{SiteID: 1, Name: "Phòng Tư pháp", CreatedAt: at, UpdatedAt: at}
	wantIs(t, s.CreateUnit(ctx, &dup, nil), question.ErrUnitNameTaken, "a second unit of the same name")
	other := question.Unit{SiteID: 2, Name: "Phòng Tư pháp", CreatedAt: at, UpdatedAt: at}
	must(t, s.CreateUnit(ctx, &other, nil), "the same name on another site")
	if _, err := s.FindUnit(ctx, 2, u.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a unit of another site: %v", err)
	}
	stale := u
	u.Name, u.UpdatedAt = "Phòng Tư pháp - Hộ tịch", at.Add(time.Hour)
	must(t, s.UpdateUnit(ctx, &u, nil), "UpdateUnit")
	if got, err := s.FindUnit(ctx, 1, u.ID); err != nil || got.Name != "Phòng Tư pháp - Hộ tịch" || got.Version != 2 || u.Version != 2 {
		t.Errorf("renamed: %+v %v", got, err)
	}
	stale.Archived = true
	wantIs(t, s.UpdateUnit(ctx, &stale, nil), question.ErrUnitStale, "an update of a stale unit")

	member := account(t, s, "tuphap@example.vn", "", 0)
	off := account(t, s, "nghi@example.vn", "", 0)
	must(t, s.SetUnitMember(ctx, 1, u.ID, member.ID, true, nil), "SetUnitMember")
	must(t, s.SetUnitMember(ctx, 1, u.ID, member.ID, true, nil), "SetUnitMember twice")
	must(t, s.SetUnitMember(ctx, 1, u.ID, off.ID, true, nil), "SetUnitMember")
	must(t, s.SetUnitMember(ctx, 1, u.ID, off.ID, false, nil), "remove a member")
	must(t, s.SetUnitMember(ctx, 1, u.ID, off.ID, false, nil), "remove a member twice")
	wantIs(t, s.SetUnitMember(ctx, 2, u.ID, off.ID, true, nil), question.ErrUnitNotFound, "a member of another site's unit")
	if ids, err := s.FindUnitMembers(ctx, 1, u.ID); err != nil || len(ids) != 1 || ids[0] != member.ID {
		t.Errorf("members %v %v", ids, err)
	}
	if us, err := s.FindMemberUnits(ctx, 1, member.ID); err != nil || len(us) != 1 || us[0].ID != u.ID {
		t.Errorf("units of the member %+v %v", us, err)
	}
	if us, err := s.FindMemberUnits(ctx, 2, member.ID); err != nil || len(us) != 0 {
		t.Errorf("units of the member on another site %+v %v", us, err)
	}

	// A question assigned to the unit: its notice reaches the members, and
	// the unit's queue holds it and nothing else.
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return at })
	svc.SetMail(true)
	mine, _, err := svc.Submit(ctx, 1, sampleInput("Cấp bản sao trích lục"))
	must(t, err, "Submit")
	_, _, err = svc.Submit(ctx, 1, sampleInput("Câu hỏi của đơn vị khác"))
	must(t, err, "Submit")
	mod := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	if _, err := svc.Apply(ctx, 1, mine.ID, question.Action{Kind: "assign", UnitID: u.ID}, mod); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindQuestionByID(ctx, 1, mine.ID)
	if err != nil || got.UnitID != u.ID || got.Unit != "Phòng Tư pháp - Hộ tịch" || got.Status != question.StatusAccepted {
		t.Fatalf("assigned %+v %v", got, err)
	}
	ns, err := s.FindInbox(ctx, member.ID, 10)
	if err != nil || len(ns) != 1 || !strings.Contains(ns[0].Message, "Cấp bản sao trích lục") || ns[0].SiteID != 1 {
		t.Errorf("the member's notice %+v %v", ns, err)
	}
	if ns, _ := s.FindInbox(ctx, off.ID, 10); len(ns) != 0 {
		t.Errorf("a former member got %+v", ns)
	}
	qs, total, err := s.FindQuestions(ctx, question.Filter{SiteID: 1, Units: []int64{u.ID}})
	if err != nil || total != 1 || len(qs) != 1 || qs[0].ID != mine.ID {
		t.Errorf("the unit's queue: %d %+v %v", total, qs, err)
	}
	if _, total, _ := s.FindQuestions(ctx, question.Filter{SiteID: 1, Units: []int64{}}); total != 0 {
		t.Errorf("the queue of no unit holds %d", total)
	}

	// The member drafts and sends; another unit's member cannot see it.
	memberActor := question.Actor{User: member, Can: func(user.Action) bool { return false }, Units: []int64{u.ID}}
	stranger := question.Actor{User: off, Can: func(user.Action) bool { return false }, Units: []int64{other.ID}}
	if _, err := svc.Apply(ctx, 1, mine.ID, question.Action{Kind: "draft", Answer: "Bản nháp"}, stranger); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a stranger's draft: %v", err)
	}
	if _, err := svc.Apply(ctx, 1, mine.ID, question.Action{Kind: "publish"}, memberActor); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a member publishing: %v", err)
	}
	for _, a := range []question.Action{{Kind: "draft", Answer: "Bản nháp"}, {Kind: "submit", Answer: "Đến Phòng Tư pháp, mang căn cước."}} {
		if _, err := svc.Apply(ctx, 1, mine.ID, a, memberActor); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	got, _ = s.FindQuestionByID(ctx, 1, mine.ID)
	if got.Status != question.StatusAnswered || got.AnsweredBy != "Phòng Tư pháp - Hộ tịch" || got.AnsweredAt.IsZero() {
		t.Errorf("sent %+v", got)
	}
	if _, err := svc.Apply(ctx, 1, mine.ID, question.Action{Kind: "submit", Answer: "Lần nữa"}, memberActor); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second submission: %v", err)
	}
}

// testReminders runs the reminders on an injected clock: a question
// received on Monday 30/11/2026 is due at the end of Monday 21/12 (15
// working days); the 5-day reminder falls on Monday 14/12, the 2-day one
// on Thursday 17/12; each goes out once, whatever the runs.
func testReminders(t *testing.T, s UnitStores) {
	unitSites(t, s)
	received := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	now := received
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return now })
	svc.SetMail(true)
	u := question.Unit{SiteID: 1, Name: "Phòng Địa chính", CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateUnit(ctx, &u, nil), "CreateUnit")
	member := account(t, s, "diachinh@example.vn", "", 0)
	must(t, s.SetUnitMember(ctx, 1, u.ID, member.ID, true, nil), "SetUnitMember")
	editor := account(t, s, "bientap@example.vn", user.RoleEditor, 1)
	q, _, err := svc.Submit(ctx, 1, sampleInput("Cấp sổ đỏ"))
	must(t, err, "Submit")
	if want := "21/12/2026"; !strings.Contains(vi.LocalDate(q.DueAt), want) {
		t.Fatalf("due %v (%q), want %v", q.DueAt.In(vi.Zone), vi.LocalDate(q.DueAt), want)
	}
	lone, _, err := svc.Submit(ctx, 1, sampleInput("Không giao ai"))
	must(t, err, "Submit")
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "assign", UnitID: u.ID}, staffActor(user.ActionQuestionModerate)); err != nil {
		t.Fatal(err)
	}
	drain := func() {
		t.Helper()
		ps, err := s.ClaimMail(ctx, now.Add(time.Hour), time.Minute, 50)
		must(t, err, "ClaimMail")
		for _, p := range ps {
			must(t, s.MarkMailSent(ctx, p.ID, now), "MarkMailSent")
		}
	}
	drain()
	inbox := func(id int64) []string {
		t.Helper()
		ns, err := s.FindInbox(ctx, id, 50)
		must(t, err, "FindInbox")
		var out []string
		for _, n := range ns {
			if strings.HasPrefix(n.Message, "Nhắc hạn") {
				out = append(out, n.Message)
			}
		}
		return out
	}
	run := func(day time.Time, want int) {
		t.Helper()
		now = day
		for i := 0; i < 3; i++ {
			n, err := svc.RemindDue(ctx)
			must(t, err, "RemindDue")
			if i == 0 && n != want || i > 0 && n != 0 {
				t.Errorf("run %d on %s sent %d reminders, want %d", i+1, vi.LocalDate(day), n, map[bool]int{true: want}[i == 0])
			}
		}
	}
	vn := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, vi.Zone) }
	run(vn(12, 11, 9), 0) // Friday: 6 working days left
	run(vn(12, 14, 8), 2) // Monday: 5 left, both questions
	if got := inbox(member.ID); len(got) != 1 || !strings.Contains(got[0], "còn 5 ngày làm việc") || !strings.Contains(got[0], "21/12/2026") {
		t.Errorf("the unit's 5-day reminder %q", got)
	}
	if got := inbox(editor.ID); len(got) != 1 || !strings.Contains(got[0], "Không giao ai") {
		t.Errorf("the editor's reminder of the unassigned question %q", got)
	}
	ps, err := s.ClaimMail(ctx, now.Add(time.Hour), time.Minute, 50)
	must(t, err, "ClaimMail")
	if len(ps) != 2 {
		t.Errorf("reminder mails %d, want 2 (one per recipient)", len(ps))
	}
	drain()
	run(vn(12, 16, 8), 0) // Wednesday: 3 left
	run(vn(12, 17, 8), 2) // Thursday: 2 left
	if got := inbox(member.ID); len(got) != 2 || !strings.Contains(got[0], "còn 2 ngày làm việc") {
		t.Errorf("the unit's reminders %q", got)
	}
	run(vn(12, 21, 20), 0) // the last day: nothing more
	// Answered in time, a question is not reminded of; nor is a question
	// past due.
	if _, err := svc.Apply(ctx, 1, lone.ID, question.Action{Kind: "reject", Reason: question.ReasonSpam}, staffActor(user.ActionQuestionModerate)); err != nil {
		t.Fatal(err)
	}
	run(vn(12, 22, 8), 0)
}

// testMonthlyReport checks the report's figures against a fixture with
// known views and answers.
func testMonthlyReport(t *testing.T, s UnitStores) {
	unitSites(t, s)
	news := newCategory(t, s, 1, "tin-tuc", 0, 1)
	notices := newCategory(t, s, 1, "thong-bao", 0, 2)
	otherSite := newCategory(t, s, 2, "tin", 0, 1)
	vn := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, vi.Zone) }
	art := func(site, cat int64, slug, author string, at time.Time, st content.Status) content.Article {
		a := content.Article{SiteID: site, CategoryID: cat, Title: slug, Slug: slug, Body: "<p>x</p>", Author: author, Status: st, PublishedAt: at}
		must(t, s.CreateArticle(ctx, &a), "CreateArticle "+slug)
		return a
	}
	a1 := art(1, news.ID, "a1", "Kim Thoả", vn(11, 3, 9), content.StatusPublished)
	a2 := art(1, news.ID, "a2", "Kim Thoả", vn(11, 30, 23), content.StatusPublished) // 30/11 23:00 Vietnam time: November
	a3 := art(1, notices.ID, "a3", "", vn(12, 1, 0), content.StatusPublished)        // 1/12 00:00: December
	old := art(1, notices.ID, "cu", "Văn Hùng", vn(10, 20, 9), content.StatusPublished)
	art(1, news.ID, "nhap", "Kim Thoả", time.Time{}, content.StatusDraft)
	far := art(2, otherSite.ID, "khac", "Kim Thoả", vn(11, 10, 9), content.StatusPublished)
	must(t, s.AddArticleViews(ctx, "2026-11", map[int64]int64{a1.ID: 10, a2.ID: 5, old.ID: 7, far.ID: 100}), "AddArticleViews")
	must(t, s.AddArticleViews(ctx, "2026-11", map[int64]int64{a1.ID: 2}), "AddArticleViews")
	must(t, s.AddArticleViews(ctx, "2026-12", map[int64]int64{a1.ID: 1000, a3.ID: 4}), "AddArticleViews")
	if v, err := s.ArticlesViews(ctx, []int64{a1.ID, a3.ID, 999}); err != nil || v[a1.ID] != 1012 || v[a3.ID] != 4 || len(v) != 2 {
		t.Errorf("ArticlesViews %v %v", v, err)
	}

	// Questions: received in November, answered on time, late, in
	// December; on another site.
	qat := func(site int64, unit string, received, due, answered time.Time) {
		q := question.Question{SiteID: site, CodeHash: question.HashCode(question.NewCode()), Name: "A", Subject: "S", Body: "B", Field: question.Fields[0],
			Status: question.StatusNew, Unit: unit, ReceivedAt: received.UTC(), DueAt: due.UTC(), AnsweredAt: answered, UpdatedAt: received.UTC()}
		if !answered.IsZero() {
			q.Status, q.AnsweredAt = question.StatusAnswered, answered.UTC()
		}
		must(t, s.CreateQuestion(ctx, &q), "CreateQuestion")
	}
	tp, dc := "Phòng Tư pháp", "Phòng Địa chính"
	qat(1, tp, vn(11, 2, 9), vn(11, 23, 23), vn(11, 20, 9))   // November, answered on time
	qat(1, tp, vn(10, 20, 9), vn(11, 10, 23), vn(11, 12, 9))  // October, answered late in November
	qat(1, dc, vn(11, 25, 9), vn(12, 16, 23), time.Time{})    // November, open
	qat(1, dc, vn(11, 26, 9), vn(12, 17, 23), vn(12, 1, 9))   // November, answered in December
	qat(1, "", vn(11, 27, 9), vn(12, 18, 23), vn(11, 30, 22)) // no unit, on time
	qat(2, tp, vn(11, 5, 9), vn(11, 26, 23), vn(11, 6, 9))    // another site
	qat(1, tp, vn(12, 1, 9), vn(12, 22, 23), time.Time{})     // December

	r, err := report.Build(ctx, s, 1, report.Month{Year: 2026, Month: time.November})
	must(t, err, "Build")
	wantCats := []report.Articles{{Name: "Chuyên mục thong-bao", Published: 0, Views: 7}, {Name: "Chuyên mục tin-tuc", Published: 2, Views: 17}}
	if !sameRows(r.Categories, wantCats) {
		t.Errorf("categories %+v, want %+v", r.Categories, wantCats)
	}
	wantAuthors := []report.Articles{{Name: "Kim Thoả", Published: 2, Views: 17}, {Name: "Văn Hùng", Published: 0, Views: 7}}
	if !sameRows(r.Authors, wantAuthors) {
		t.Errorf("authors %+v, want %+v", r.Authors, wantAuthors)
	}
	if r.Published != 2 || r.Views != 24 {
		t.Errorf("totals %d %d", r.Published, r.Views)
	}
	// In byte order of the unit's name ("T" before "Đ").
	wantQ := []report.Questions{{Unit: "", Received: 1, Answered: 1, OnTime: 1}, {Unit: tp, Received: 1, Answered: 2, OnTime: 1},
		{Unit: dc, Received: 2, Answered: 0, OnTime: 0}}
	if len(r.Questions) != len(wantQ) {
		t.Fatalf("questions %+v, want %+v", r.Questions, wantQ)
	}
	for i := range wantQ {
		if r.Questions[i] != wantQ[i] {
			t.Errorf("questions row %d %+v, want %+v", i, r.Questions[i], wantQ[i])
		}
	}
	if r.Total != (report.Questions{Received: 4, Answered: 3, OnTime: 2}) || r.Total.Late() != 1 {
		t.Errorf("question totals %+v", r.Total)
	}
	dec, err := report.Build(ctx, s, 1, report.Month{Year: 2026, Month: time.December})
	must(t, err, "Build")
	if dec.Published != 1 || dec.Views != 1004 || dec.Total != (report.Questions{Received: 1, Answered: 1, OnTime: 1}) {
		t.Errorf("December %+v", dec)
	}
}

func sameRows(got, want []report.Articles) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
