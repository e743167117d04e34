package admin

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/question"
	"trangtin/internal/visits"
	"trangtin/internal/workday"
)

// dashFixture is the newsroom fixture with Hỏi đáp, the consultations
// and the visit counter, and known figures on site A: 2 articles waiting
// for editing, 3 for approval, 1 question overdue, 2 due soon and 1 with
// time to spare, 3 comments waiting (on two drafts) and 2 visits today.
type dashFixture struct {
	*newsFixture
	now time.Time
}

func newDashFixture(t *testing.T) *dashFixture {
	t.Helper()
	f := &dashFixture{newsFixture: newNewsFixture(t)}
	ctx := context.Background()
	// Monday 7 December 2026, 09:00 in Vietnam.
	f.now = time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	clock := func() time.Time { return f.now }
	qs := question.NewService(f.db, workday.Vietnam(), clock)
	cs := consultation.NewService(f.db, clock)
	counter := visits.New(f.db, visits.Options{Now: clock})
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news,
		Questions: qs, Consultations: cs, Visits: counter, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())

	for _, title := range []string{"Chờ biên tập một", "Chờ biên tập hai"} {
		f.article(f.reporter, content.StatusSubmitted, title)
	}
	for _, title := range []string{"Chờ duyệt một", "Chờ duyệt hai", "Chờ duyệt ba"} {
		f.article(f.reporter, content.StatusApproval, title)
	}
	f.article(f.reporter, content.StatusPublished, "Đã đăng")
	f.article(f.reporter, content.StatusDraft, "Nháp")

	// Questions received at different times: the deadline is 15 working
	// days after receipt.
	ask := func(at time.Time, subject string) {
		f.now = at
		if _, _, err := qs.Submit(ctx, f.siteA.ID, question.Input{Name: "Nguyễn Văn An", Email: "an@example.vn", Subject: subject,
			Body: "Xin hỏi thủ tục " + subject + " cần những giấy tờ gì?", Field: question.Fields[0]}); err != nil {
			t.Fatal(err)
		}
	}
	ask(time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC), "cấp sổ đỏ")    // due 23/11: overdue
	ask(time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC), "khai sinh")   // due 11/12: soon
	ask(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC), "kết hôn")     // due 14/12: soon
	ask(time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC), "xây dựng nhà") // due 25/12: not yet
	f.now = time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)

	for i, pending := range []int{2, 1} {
		c := consultation.Consultation{SiteID: f.siteA.ID, Title: []string{"Dự thảo quy chế", "Dự thảo kế hoạch"}[i], Summary: "Lấy ý kiến",
			OpensAt: f.now.Add(-48 * time.Hour), ClosesAt: f.now.Add(240 * time.Hour), Status: consultation.StatusPublished}
		if err := f.db.CreateConsultation(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < pending; j++ {
			if err := f.db.CreateComment(ctx, &consultation.Comment{SiteID: f.siteA.ID, ConsultationID: c.ID, Name: "Bà Lan", Body: "Góp ý",
				Status: consultation.CommentPending, CreatedAt: f.now}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.db.CreateComment(ctx, &consultation.Comment{SiteID: f.siteA.ID, ConsultationID: c.ID, Name: "Ông Tư", Body: "Đã duyệt",
			Status: consultation.CommentApproved, CreatedAt: f.now}); err != nil {
			t.Fatal(err)
		}
	}
	counter.Hit(f.siteA.ID, "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
	counter.Hit(f.siteA.ID, "203.0.113.10", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
	if err := counter.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

var figureRow = regexp.MustCompile(`<a href="([^"]+)"><span class="figure-count">(\d+)</span> <span class="figure-label">([^<]+)</span></a>`)

// figuresOf reads the dashboard's figures: label → count and link.
func figuresOf(body string) map[string][2]string {
	out := map[string][2]string{}
	for _, m := range figureRow.FindAllStringSubmatch(body, -1) {
		out[m[3]] = [2]string{m[2], strings.ReplaceAll(m[1], "&amp;", "&")}
	}
	return out
}

// TestDashboardFiguresMatchTheFixture: each role's dashboard shows the
// numbers of what it may act on, counted right, each linking to the list
// that holds them; following the link lists as many.
func TestDashboardFiguresMatchTheFixture(t *testing.T) {
	f := newDashFixture(t)
	approver := f.signedIn(&f.approver)
	got := figuresOf(approver.get(pathHome).body)
	want := map[string][2]string{
		"Bài chờ biên tập":       {"2", pathArticles + "/?trang-thai=submitted"},
		"Bài chờ duyệt":          {"3", pathArticles + "/?trang-thai=approval"},
		"Câu hỏi quá hạn":        {"1", pathQuestions + "?trang-thai=qua-han"},
		"Câu hỏi sắp đến hạn":    {"2", pathQuestions + "?trang-thai=sap-den-han"},
		"Góp ý chờ duyệt":        {"3", pathConsultations},
		"Hôm nay: lượt truy cập": {"2", pathRatings},
	}
	for label, w := range want {
		if got[label] != w {
			t.Errorf("approver's figure %q = %v, want %v", label, got[label], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("approver's figures %v", got)
	}
	// The lists behind the links hold as many.
	items := regexp.MustCompile(`class="article-item"`)
	for label, w := range map[string]int{"Bài chờ biên tập": 2, "Bài chờ duyệt": 3, "Câu hỏi quá hạn": 1, "Câu hỏi sắp đến hạn": 2} {
		res := approver.get(want[label][1])
		if n := len(items.FindAllString(res.body, -1)); res.status != 200 || n != w {
			t.Errorf("%s → %s: %d with %d rows, want %d", label, want[label][1], res.status, n, w)
		}
	}
	// Least privilege: a reporter has no figure, a site administrator only
	// the visits; an editor no approval queue.
	if got := figuresOf(f.signedIn(&f.reporter).get(pathHome).body); len(got) != 0 {
		t.Errorf("reporter's figures %v", got)
	}
	if got := figuresOf(f.signedIn(&f.siteAdmin).get(pathHome).body); len(got) != 1 || got["Hôm nay: lượt truy cập"][0] != "2" {
		t.Errorf("site administrator's figures %v", got)
	}
	if got := figuresOf(f.signedIn(&f.editor).get(pathHome).body); got["Bài chờ duyệt"][0] != "" || got["Bài chờ biên tập"][0] != "2" {
		t.Errorf("editor's figures %v", got)
	}
}

// TestMenuIsGroupedAndCutToTheRole: the menu shows the groups in order,
// each only with what the role may use, and no group left empty.
func TestMenuIsGroupedAndCutToTheRole(t *testing.T) {
	f := newDashFixture(t)
	group := regexp.MustCompile(`<p class="nav-group-label" id="[^"]+">([^<]+)</p>`)
	groups := func(body string) string {
		var out []string
		for _, m := range group.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, " · ")
	}
	for _, tc := range []struct {
		name, body, want string
		has, hasNot      []string
	}{
		{"reporter", f.signedIn(&f.reporter).get(pathHome).body, "Nội dung",
			[]string{`href="` + pathArticles + `"`, `href="` + pathInbox + `"`}, []string{`href="` + pathUsers + `"`, `href="` + pathQuestions + `"`, `href="` + pathAuditLog + `"`}},
		{"editor", f.signedIn(&f.editor).get(pathHome).body, "Nội dung · Văn bản · Công dân",
			[]string{`href="` + pathQuestions + `"`, `href="` + pathDocuments + `"`}, []string{`href="` + pathUsers + `"`, `href="` + pathSyndication + `"`}},
		{"site administrator", f.signedIn(&f.siteAdmin).get(pathHome).body, "Nội dung · Công dân · Trang và giao diện · Quản trị",
			[]string{`href="` + pathUsers + `"`, `href="` + pathAuditLog + `"`, `href="` + pathMenu + `"`}, []string{`href="` + pathArticles + `"`, `href="` + pathQuestions + `"`}},
		{"platform administrator", f.signedIn(&f.admin).get(pathHome).body, "Nội dung · Văn bản · Công dân · Trang và giao diện · Quản trị", nil, nil},
	} {
		if got := groups(tc.body); got != tc.want {
			t.Errorf("%s sees the groups %q, want %q", tc.name, got, tc.want)
		}
		for _, h := range tc.has {
			if !strings.Contains(tc.body, h) {
				t.Errorf("%s's menu lacks %s", tc.name, h)
			}
		}
		for _, h := range tc.hasNot {
			if strings.Contains(tc.body, h) {
				t.Errorf("%s's menu has %s", tc.name, h)
			}
		}
	}
}

// TestEverySectionIsInAGroup: the menu's groups are the ones of the issue,
// in order, and each holds at least one section.
func TestEverySectionIsInAGroup(t *testing.T) {
	var labels []string
	for _, g := range navGroups {
		labels = append(labels, g.label)
		if len(g.items) == 0 {
			t.Errorf("group %s is empty", g.label)
		}
	}
	if got := strings.Join(labels, " · "); got != "Nội dung · Văn bản · Công dân · Trang và giao diện · Quản trị" {
		t.Errorf("groups %q", got)
	}
}
