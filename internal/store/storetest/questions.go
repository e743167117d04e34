package storetest

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"trangtin/internal/content"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/guard"
	"trangtin/internal/mail"
	"trangtin/internal/question"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// QuestionStores is what the questions suite needs from one database.
type QuestionStores interface {
	question.Store
	guard.Store
	audit.Store
	mail.Store
	CreateSite(ctx context.Context, s *content.Site) error
	FindSiteByID(ctx context.Context, id int64) (content.Site, error)
}

// withSite gives the fresh store the sites 1 and 2 the suite files
// questions on (a question enters its site's search index, which needs
// the site).
func withSite(t *testing.T, s QuestionStores) QuestionStores {
	t.Helper()
	for i, key := range []string{"hoi-dap", "hoi-dap-2"} {
		site := content.Site{Key: key, Name: "Xã Gia Viễn"}
		if err := s.CreateSite(ctx, &site); err != nil {
			t.Fatal(err)
		}
		if site.ID != int64(i+1) {
			t.Fatalf("the fresh store's site %d has ID %d", i+1, site.ID)
		}
	}
	return s
}

// RunQuestions runs the conformance suite of citizens' questions and of
// the public forms' rate limiter.
func RunQuestions(t *testing.T, open func(t *testing.T) QuestionStores) {
	t.Run("Workflow", func(t *testing.T) { testQuestionWorkflow(t, withSite(t, open(t))) })
	t.Run("Listing", func(t *testing.T) { testQuestionListing(t, withSite(t, open(t))) })
	t.Run("RateLimit", func(t *testing.T) { testRateLimit(t, open(t)) })
	t.Run("EditBeforePublish", func(t *testing.T) { testQuestionEditBeforePublish(t, withSite(t, open(t))) })
	t.Run("StaleUpdate", func(t *testing.T) { testQuestionStale(t, withSite(t, open(t))) })
	t.Run("ShortCodes", func(t *testing.T) { testQuestionShortCodes(t, withSite(t, open(t))) })
	t.Run("PublishedVersion", func(t *testing.T) { testQuestionVersion(t, withSite(t, open(t))) })
}

// testQuestionVersion: the site's Questions counter (what a cached page
// showing the answered questions depends on) moves when a question is
// published, when a published one changes its subject and when it is
// unpublished, and only then: a new question, its answer before
// publication, and a change of the answer after do not move any counter.
func testQuestionVersion(t *testing.T, s QuestionStores) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return now })
	versions := func() content.Versions {
		t.Helper()
		site, err := s.FindSiteByID(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if site.Version != site.Versions.Sum() {
			t.Fatalf("site version %d is not the sum of %+v", site.Version, site.Versions)
		}
		return site.Versions
	}
	start := versions()
	q, _, err := svc.Submit(ctx, 1, sampleInput("Cấp sổ đỏ lần đầu"))
	if err != nil {
		t.Fatal(err)
	}
	mod := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	apply := func(a question.Action) {
		t.Helper()
		if q, err = svc.Apply(ctx, 1, q.ID, a, mod); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	apply(question.Action{Kind: "accept"})
	apply(question.Action{Kind: "answer", Answer: "Hồ sơ gồm đơn đăng ký.", AnsweredBy: "Phòng Tài nguyên và Môi trường"})
	if v := versions(); v != start {
		t.Fatalf("an unpublished question moved the counters: %+v → %+v", start, v)
	}
	apply(question.Action{Kind: "publish"})
	published := versions()
	if published.Questions <= start.Questions || published.Site != start.Site || published.Articles != start.Articles ||
		published.Documents != start.Documents || published.Schedule != start.Schedule {
		t.Fatalf("publishing: %+v → %+v, want only Questions to move", start, published)
	}
	apply(question.Action{Kind: "answer", Answer: "Hồ sơ gồm đơn đăng ký và giấy tờ về đất.", AnsweredBy: "Phòng Tài nguyên và Môi trường"})
	if v := versions(); v != published {
		t.Errorf("a new answer text moved the counters (the block shows no answer): %+v → %+v", published, v)
	}
	apply(question.Action{Kind: "edit", Subject: "Cấp giấy chứng nhận lần đầu", Body: q.Body})
	edited := versions()
	if edited.Questions <= published.Questions {
		t.Errorf("a published question's new subject did not move Questions: %+v → %+v", published, edited)
	}
	apply(question.Action{Kind: "unpublish"})
	if v := versions(); v.Questions <= edited.Questions {
		t.Errorf("unpublishing did not move Questions: %+v → %+v", edited, v)
	}
	if other, err := s.FindSiteByID(ctx, 2); err != nil || other.Versions.Questions != 0 {
		t.Errorf("the other site's counter moved: %+v %v", other.Versions, err)
	}
}

func staffActor(actions ...user.Action) question.Actor {
	return question.Actor{User: user.User{ID: 7, Email: "bientap@example.vn"}, IP: "192.0.2.1",
		Can: func(a user.Action) bool {
			for _, x := range actions {
				if x == a {
					return true
				}
			}
			return false
		}}
}

func sampleInput(subject string) question.Input {
	return question.Input{Name: "Nguyễn Văn An", Phone: "0912 345 678", Email: "an@example.vn", Address: "Số 5, thôn Đông",
		Subject: subject, Body: "Xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?", Field: question.Fields[0]}
}

func testQuestionWorkflow(t *testing.T, s QuestionStores) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) // a Friday
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return now })
	q, code, err := svc.Submit(ctx, 1, sampleInput("Cấp sổ đỏ lần đầu"))
	if err != nil {
		t.Fatal(err)
	}
	if q.ID == 0 || q.Status != question.StatusNew {
		t.Fatalf("submitted: %+v", q)
	}
	if want := time.Date(2026, 12, 18, 23, 59, 59, 999e6, time.FixedZone("", 7*3600)); !q.DueAt.Equal(want) {
		t.Errorf("due %s, want %s", q.DueAt, want)
	}
	// The short code is the site's first of the year (Vietnam time).
	if code != "HD-2026-00001" || q.ShortCode() != code {
		t.Fatalf("short code %q (%q), want HD-2026-00001", code, q.ShortCode())
	}
	// Tracking finds it by the code in any case with the sender's phone
	// (any spelling) or e-mail, and only on its site.
	for _, c := range []string{"0912345678", "+84 912 345 678", "AN@example.vn"} {
		got, err := svc.Track(ctx, 1, " hd-2026-1 ", c)
		if err != nil || got.ID != q.ID || got.Phone != "0912 345 678" || !got.DueAt.Equal(q.DueAt) {
			t.Fatalf("track with %q: %+v %v", c, got, err)
		}
	}
	if _, err := svc.Track(ctx, 1, code, ""); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("track a short code without a contact: %v", err)
	}
	for _, c := range []string{"0912345679", "khac@example.vn", "12"} {
		if _, err := svc.Track(ctx, 1, code, c); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("track with another's contact %q: %v", c, err)
		}
	}
	if _, err := svc.Track(ctx, 2, code, "0912345678"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("track on another site: %v", err)
	}
	if _, err := svc.Track(ctx, 1, "HD-AAAAA-AAAAA-AAAAA-AAAAA", ""); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("track a wrong code: %v", err)
	}
	if _, err := svc.Published(ctx, 1, q.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unpublished question is public: %v", err)
	}

	mod := staffActor(user.ActionQuestionModerate)
	pub := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "answer", Answer: "x"}, mod); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("answer before acceptance: %v", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "accept"}, staffActor()); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("accept without the right: %v", err)
	}
	head, _, _ := s.AuditHead(ctx)
	for _, a := range []question.Action{
		{Kind: "accept"},
		{Kind: "assign", Unit: "Phòng Tài nguyên và Môi trường"},
		{Kind: "answer", Answer: "Hồ sơ gồm đơn đăng ký và giấy tờ về quyền sử dụng đất."},
	} {
		if q, err = svc.Apply(ctx, 1, q.ID, a, mod); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	if q.Status != question.StatusAnswered || q.AnsweredBy != "Phòng Tài nguyên và Môi trường" || q.AnsweredAt.IsZero() {
		t.Fatalf("after answering: %+v", q)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "publish"}, mod); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("publish without ActionQuestionPublish: %v", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "publish"}, pub); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Published(ctx, 1, q.ID)
	if err != nil || got.Answer == "" || got.PublishedAt.IsZero() || got.Unit != "Phòng Tài nguyên và Môi trường" {
		t.Fatalf("published: %+v %v", got, err)
	}
	entries, err := s.AuditEntries(ctx, head, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Object != "question:"+itoa(q.ID) || e.ActorID != 7 {
			t.Errorf("audit entry %+v", e)
		}
	}
	if want := "question.accept question.assign question.answer question.publish"; join(actions) != want {
		t.Errorf("audit actions %q, want %q", join(actions), want)
	}
	// A failed step changes nothing and logs nothing.
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "reject", Reason: question.ReasonSpam}, pub); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("reject a published question: %v", err)
	}
	if n, _, _ := s.AuditHead(ctx); n != head+4 {
		t.Errorf("audit head %d, want %d", n, head+4)
	}
	if _, err := svc.Apply(ctx, 1, 9999, question.Action{Kind: "accept"}, mod); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown question: %v", err)
	}
	if _, err := svc.Apply(ctx, 2, q.ID, question.Action{Kind: "accept"}, mod); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("question of another site: %v", err)
	}
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func testQuestionListing(t *testing.T, s QuestionStores) {
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return clock })
	pub := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	var ids []int64
	for i, subj := range []string{"Một", "Hai", "Ba", "Bốn"} {
		clock = clock.Add(time.Duration(i+1) * 24 * time.Hour)
		q, _, err := svc.Submit(ctx, 1, sampleInput(subj))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, q.ID)
	}
	if _, _, err := svc.Submit(ctx, 2, sampleInput("Trang khác")); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:2] {
		for _, k := range []string{"accept", "answer", "publish"} {
			if _, err := svc.Apply(ctx, 1, id, question.Action{Kind: k, Answer: "Trả lời", AnsweredBy: "UBND"}, pub); err != nil {
				t.Fatal(k, err)
			}
			clock = clock.Add(time.Hour)
		}
	}
	got, total, err := s.FindQuestions(ctx, question.Filter{SiteID: 1})
	if err != nil || total != 4 || len(got) != 4 {
		t.Fatalf("all: %d %d %v", len(got), total, err)
	}
	// Open ones first by deadline, then published newest first.
	if got[0].ID != ids[2] || got[1].ID != ids[3] || got[2].ID != ids[1] || got[3].ID != ids[0] {
		t.Errorf("order %d %d %d %d, want %v", got[0].ID, got[1].ID, got[2].ID, got[3].ID, []int64{ids[2], ids[3], ids[1], ids[0]})
	}
	got, total, err = s.FindQuestions(ctx, question.Filter{SiteID: 1, Statuses: []question.Status{question.StatusPublished}, Limit: 1, Offset: 1})
	if err != nil || total != 2 || len(got) != 1 || got[0].ID != ids[0] {
		t.Fatalf("published page 2: %+v %d %v", got, total, err)
	}
	since := clock.Add(-90 * time.Minute)
	got, _, err = s.FindQuestions(ctx, question.Filter{SiteID: 1, UpdatedSince: since})
	if err != nil || len(got) != 1 || got[0].ID != ids[1] {
		t.Errorf("updated since: %+v %v", got, err)
	}
}

func testRateLimit(t *testing.T, s QuestionStores) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	l := guard.NewLimiter(s, 5, 10*time.Minute, func() time.Time { return now })
	for i := range 7 {
		err := l.Take(ctx, "hoi-dap", "203.0.113.9")
		if (i < 5) != (err == nil) {
			t.Fatalf("hit %d: %v", i+1, err)
		}
		if i >= 5 && !apperr.Is(err, apperr.RateLimited) {
			t.Fatalf("hit %d: %v, want RateLimited", i+1, err)
		}
	}
	// Another address, another form: their own allowance.
	if err := l.Take(ctx, "hoi-dap", "203.0.113.10"); err != nil {
		t.Error(err)
	}
	if err := l.Take(ctx, "gop-y", "203.0.113.9"); err != nil {
		t.Error(err)
	}
	// A second limiter (another node, or after a restart) shares the count
	// and the secret.
	l2 := guard.NewLimiter(s, 5, 10*time.Minute, func() time.Time { return now })
	if err := l2.Take(ctx, "hoi-dap", "203.0.113.9"); !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("second node: %v", err)
	}
	now = now.Add(10*time.Minute + time.Second)
	if err := l2.Take(ctx, "hoi-dap", "203.0.113.9"); err != nil {
		t.Errorf("after the window: %v", err)
	}
	if n, err := l2.Prune(ctx); err != nil || n != 2 {
		t.Errorf("prune: %d %v, want the two stale hits of the other keys", n, err)
	}

	// Concurrent hits from one address never exceed the limit.
	now = now.Add(time.Hour)
	var okN atomic.Int32
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := guard.NewLimiter(s, 5, 10*time.Minute, func() time.Time { return now }).Take(ctx, "dong-thoi", "198.51.100.1")
			if err == nil {
				okN.Add(1)
			} else if !apperr.Is(err, apperr.RateLimited) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if okN.Load() != 5 {
		t.Errorf("%d concurrent hits accepted, want 5", okN.Load())
	}

	// Each hit is forgotten after its own window: pruning keeps a
	// rating's day while it forgets the forms' 10 minutes.
	if err := l2.TakeFor(ctx, guard.FormRating, "1:a42", "198.51.100.2"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(11 * time.Minute)
	if n, err := l2.Prune(ctx); err != nil || n != 6 {
		t.Errorf("prune: %d %v, want the 5 concurrent hits and the form's hit after the window", n, err)
	}
	if err := l2.TakeFor(ctx, guard.FormRating, "1:a42", "198.51.100.2"); !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("the rating's hit did not outlive the forms' window: %v", err)
	}
	now = now.Add(24 * time.Hour)
	if n, err := l2.Prune(ctx); err != nil || n != 1 {
		t.Errorf("prune a day later: %d %v, want the rating's hit", n, err)
	}
}

// testQuestionEditBeforePublish: a question whose text holds the sender's
// phone cannot be published until staff edit it out; the edit is stored.
func testQuestionEditBeforePublish(t *testing.T, s QuestionStores) {
	svc := question.NewService(s, workday.Vietnam(), nil)
	in := sampleInput("Hỏi về đất, gọi 0912.345.678")
	q, _, err := svc.Submit(ctx, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	pub := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	for _, a := range []question.Action{{Kind: "accept"}, {Kind: "answer", Answer: "Trả lời."}} {
		if _, err := svc.Apply(ctx, 1, q.ID, a, pub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "publish"}, pub); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("publish with the phone in the subject: %v", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "edit", Subject: "", Body: "x"}, pub); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("edit to an empty subject: %v", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "edit", Subject: "Hỏi về đất", Body: in.Body}, pub); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "publish"}, pub); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Published(ctx, 1, q.ID)
	if err != nil || got.Subject != "Hỏi về đất" || got.Phone != in.Phone {
		t.Errorf("after the edit: %+v %v", got, err)
	}
	// Once public, neither an edit nor a new answer may bring the
	// sender's contact details back onto the public page.
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "edit", Subject: "Hỏi về đất, gọi 0912.345.678", Body: in.Body}, pub); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("edit of a published question back to the phone: %v, want a conflict", err)
	}
	if _, err := svc.Apply(ctx, 1, q.ID, question.Action{Kind: "answer", Answer: "Chúng tôi sẽ gọi lại số 0912 345 678."}, pub); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("answer of a published question quoting the phone: %v, want a conflict", err)
	}
	if got, err := svc.Published(ctx, 1, q.ID); err != nil || got.Subject != "Hỏi về đất" || got.Answer != "Trả lời." {
		t.Errorf("a refused change was stored: %+v %v", got, err)
	}
}

// testQuestionShortCodes: short codes numbered per site and year (Vietnam
// time), the code and later the answer queued for the sender's e-mail in
// the same transaction, an old long code still found alone, and the
// listing's filter by field.
func testQuestionShortCodes(t *testing.T, s QuestionStores) {
	clock := time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC)
	// Without mail (no SMTP server) nothing is queued.
	quiet := question.NewService(s, workday.Vietnam(), func() time.Time { return clock })
	if _, _, err := quiet.Submit(ctx, 2, sampleInput("Không có máy chủ thư")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimMail(ctx, clock.Add(time.Hour), time.Minute, 20); err != nil || len(got) != 0 {
		t.Fatalf("queued without mail: %+v %v", got, err)
	}
	svc := question.NewService(s, workday.Vietnam(), func() time.Time { return clock })
	svc.SetMail(true)
	submit := func(site int64, in question.Input) (question.Question, string) {
		t.Helper()
		q, code, err := svc.Submit(ctx, site, in)
		if err != nil {
			t.Fatal(err)
		}
		return q, code
	}
	noMail := sampleInput("Không có thư")
	noMail.Email = ""
	_, c1 := submit(1, noMail)
	q2, c2 := submit(1, sampleInput("Có thư"))
	_, c3 := submit(2, sampleInput("Trang khác"))
	clock = time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) // 01:00 on 1 January 2027 in Vietnam
	other := sampleInput("Năm mới")
	other.Field = question.Fields[1]
	_, c4 := submit(1, other)
	if c1 != "HD-2026-00001" || c2 != "HD-2026-00002" || c3 != "HD-2026-00002" || c4 != "HD-2027-00001" {
		t.Fatalf("codes %s %s %s %s, want HD-2026-00001 HD-2026-00002 HD-2026-00002 HD-2027-00001", c1, c2, c3, c4)
	}
	// Only the questions with an e-mail address queued their code.
	claim := func() []mail.Pending {
		t.Helper()
		got, err := s.ClaimMail(ctx, clock.Add(time.Hour), time.Minute, 20)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := claim()
	if len(got) != 3 {
		t.Fatalf("queued %d messages, want 3 (the questions with an e-mail address): %+v", len(got), got)
	}
	m := got[0]
	if m.To != "an@example.vn" || m.Name != "Nguyễn Văn An" || m.SiteID != 1 || !strings.Contains(m.Subject, c2) ||
		!strings.Contains(m.Body, c2) || !strings.Contains(m.Body, "Có thư") || m.Disabled || m.ArticleID != 0 {
		t.Errorf("receipt %+v", m)
	}
	if got[1].SiteID != 2 || !strings.Contains(got[1].Body, c3) {
		t.Errorf("second site's receipt %+v", got[1])
	}
	for _, p := range got {
		must(t, s.MarkMailSent(ctx, p.ID, clock), "MarkMailSent")
	}
	// The answer goes to the sender when it is published (not while it is
	// drafted, reviewed or edited), once, with the addresses of the
	// published answer and of the tracking page.
	mod := staffActor(user.ActionQuestionModerate, user.ActionQuestionPublish)
	for _, a := range []question.Action{{Kind: "accept"}, {Kind: "answer", Answer: "Hồ sơ gồm đơn đăng ký.", AnsweredBy: "Phòng Tư pháp"},
		{Kind: "answer", Answer: "Hồ sơ gồm đơn đăng ký và bản sao giấy tờ."}} {
		if _, err := svc.Apply(ctx, 1, q2.ID, a, mod); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	if got = claim(); len(got) != 0 {
		t.Fatalf("mail before publication: %+v", got)
	}
	for _, a := range []question.Action{{Kind: "publish", Origin: "https://giavien.example.vn"}, {Kind: "unpublish"}, {Kind: "publish", Origin: "https://giavien.example.vn"}} {
		if _, err := svc.Apply(ctx, 1, q2.ID, a, mod); err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
	}
	got = claim()
	if len(got) != 1 || got[0].To != "an@example.vn" || !strings.Contains(got[0].Body, "Hồ sơ gồm đơn đăng ký và bản sao giấy tờ.") ||
		!strings.Contains(got[0].Subject, c2) ||
		!strings.Contains(got[0].Body, "https://giavien.example.vn/hoi-dap/"+itoa(q2.ID)) ||
		!strings.Contains(got[0].Body, "https://giavien.example.vn/hoi-dap/tra-cuu") {
		t.Fatalf("answer mail %+v", got)
	}
	// A question from before short codes keeps its long code, found alone.
	long := question.NewCode()
	old := question.Question{SiteID: 1, CodeHash: question.HashCode(long), Name: "Trần Thị B", Phone: "0987 654 321",
		Subject: "Câu hỏi cũ", Body: "Nội dung câu hỏi gửi trước khi có mã ngắn.", Field: question.Fields[0],
		Status: question.StatusNew, ReceivedAt: clock, DueAt: clock, UpdatedAt: clock}
	must(t, s.CreateQuestion(ctx, &old), "CreateQuestion")
	if old.ShortCode() != "" {
		t.Errorf("an old question got short code %q", old.ShortCode())
	}
	if f, err := svc.Track(ctx, 1, toLower(long), ""); err != nil || f.ID != old.ID {
		t.Errorf("track by the long code: %+v %v", f, err)
	}
	// The listing filters by field.
	list, total, err := s.FindQuestions(ctx, question.Filter{SiteID: 1, Field: question.Fields[1]})
	if err != nil || total != 1 || len(list) != 1 || list[0].Subject != "Năm mới" {
		t.Errorf("filter by field: %d %+v %v", total, list, err)
	}
}
