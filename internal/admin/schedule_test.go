package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/visits"
)

func engagementTemplateSamples(l Layout) map[string]any {
	w, _ := schedule.ParseWeek("2026-W49")
	e := schedule.Entry{ID: 3, Day: w.Monday(), Session: schedule.Morning, Time: "08:00", Leader: "Nguyễn Văn A", Position: "Chủ tịch",
		Content: "Họp", Place: "Hội trường", Status: schedule.Draft}
	list := ScheduleListPage{Layout: l, WeekLabel: w.Label(), PrevURL: "/p", NextURL: "/n", ThisWeekURL: "/t", NewURL: "/m", Notice: "Đã lưu.",
		PublicURL: "/lich-cong-tac", Count: 1, DraftCount: 1}
	for _, d := range w.Days() {
		list.Days = append(list.Days, ScheduleAdminDay{Display: d.Display(), NewURL: "/m"})
	}
	list.Days[0].Rows = []ScheduleAdminRow{{Entry: e, URL: "/quan-tri/lich-cong-tac/3", SessionLabel: "Sáng 08:00", StatusLabel: "Bản nháp", StatusKey: "submitted"}}
	form := Form{Errors: map[string]string{"gio": "Giờ không hợp lệ", "cong-viec": "Vui lòng nhập"}, Order: scheduleFieldOrder}
	edit := ScheduleEditPage{Layout: l, Form: form, Heading: "Sửa", Action: "/quan-tri/lich-cong-tac/3", Entry: valuesOf(e), BackURL: "/b",
		Sessions: []Option{{Value: "sang", Label: "Sáng", Selected: true}, {Value: "chieu", Label: "Chiều"}},
		Statuses: []Option{{Value: "published", Label: "Công bố"}, {Value: "draft", Label: "Nháp", Selected: true}}}
	return map[string]any{
		"schedule":      list,
		"schedule-edit": edit,
		"ratings": RatingsPage{Layout: l, Visits: &visits.Figures{Online: 1, Today: 2, Month: 3, Total: 4}, Kinds: []Option{{Value: "", Label: "Tất cả", Selected: true}}, Total: 1, Page: 1, Pages: 2, NextURL: "/n",
			Rows: []RatingRow{{Kind: "Bài viết", Title: "Bài", URL: "/tin-tuc/bai", Count: 3, Average: "4,3", Counts: [5]int64{0, 0, 1, 0, 2}, Last: when(time.Now())}}},
	}
}

// engagementFixture is the area with the schedule and ratings wired, and
// an editor, a reporter and a site administrator on site A.
func engagementFixture(t *testing.T) (*fixture, *schedule.Service) {
	f := newFixture(t)
	sched := schedule.NewService(f.db)
	ratings := rating.NewService(f.db, map[rating.Kind]rating.Resolver{rating.Article: func(ctx context.Context, siteID, id int64) (rating.Item, error) {
		if id == 1 && siteID == f.siteA.ID {
			return rating.Item{Title: "Hội nghị tổng kết năm", URL: "/tin-tuc/hoi-nghi"}, nil
		}
		return rating.Item{}, apperr.New(apperr.NotFound, "")
	}})
	counter := visits.New(f.db, visits.Options{})
	counter.Hit(f.siteA.ID, "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
	if err := counter.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Schedule: sched, Ratings: ratings, Visits: counter})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	f.addUser("btv@giavien.gov.vn", "Biên tập viên", user.RoleEditor, f.siteA.ID)
	f.addUser("pv@giavien.gov.vn", "Phóng viên", user.RoleReporter, f.siteA.ID)
	f.addUser("qt@giavien.gov.vn", "Quản trị trang", user.RoleSiteAdmin, f.siteA.ID)
	return f, sched
}

func TestSchedulePermissions(t *testing.T) {
	f, _ := engagementFixture(t)
	for _, tc := range []struct {
		email           string
		schedule, rates int
	}{
		{"btv@giavien.gov.vn", 200, 200},
		{"pv@giavien.gov.vn", 403, 403},
		{"qt@giavien.gov.vn", 403, 200},
	} {
		c := f.client("a.test")
		c.mustLogin(tc.email, pathHome)
		if res := c.get(pathSchedule); res.status != tc.schedule {
			t.Errorf("%s GET %s: %d, want %d", tc.email, pathSchedule, res.status, tc.schedule)
		}
		if res := c.post(pathSchedule+"/moi", url.Values{"ngay": {"2026-11-30"}, "buoi": {"sang"}, "lanh-dao": {"A"}, "cong-viec": {"B"}, "trang-thai": {"published"}}); tc.schedule == 403 && res.status != 403 {
			t.Errorf("%s may create a schedule entry: %d", tc.email, res.status)
		}
		if res := c.get(pathRatings); res.status != tc.rates {
			t.Errorf("%s GET %s: %d, want %d", tc.email, pathRatings, res.status, tc.rates)
		}
		dash := c.get(pathHome)
		if has := strings.Contains(dash.body, `href="`+pathSchedule+`"`); has != (tc.schedule == 200) {
			t.Errorf("%s: dashboard link to the schedule: %v", tc.email, has)
		}
	}
	if res := f.client("a.test").get(pathSchedule); res.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to sign in", res.status)
	}
}

func TestScheduleSaveAndAudit(t *testing.T) {
	f, sched := engagementFixture(t)
	ctx := context.Background()
	c := f.client("a.test")
	c.mustLogin("btv@giavien.gov.vn", pathHome)

	// Bad input: 422, the form again with what was typed, nothing stored.
	bad := url.Values{"ngay": {"31/02/2026"}, "buoi": {"sang"}, "gio": {"25:70"}, "lanh-dao": {""}, "cong-viec": {"Họp bàn kế hoạch <b>phòng chống bão</b>"},
		"dia-diem": {"Hội trường UBND xã"}, "trang-thai": {"published"}}
	res := c.post(pathSchedule+"/moi", bad)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad entry: %d", res.status)
	}
	for _, want := range []string{"Ngày không hợp lệ", "Giờ bắt đầu không hợp lệ", "Vui lòng nhập tên lãnh đạo", "Họp bàn kế hoạch &lt;b&gt;phòng chống bão&lt;/b&gt;",
		`value="Hội trường UBND xã"`, `value="31/02/2026"`, `aria-invalid="true"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("re-shown form lacks %q", want)
		}
	}
	if all := testenv.Must(sched.Store().FindScheduleEntries(ctx, schedule.Filter{SiteID: f.siteA.ID})).Get(t); len(all) != 0 {
		t.Fatalf("a refused entry was stored: %+v", all)
	}

	good := url.Values{"ngay": {"30/11/2026"}, "buoi": {"chieu"}, "gio": {"14:00"}, "lanh-dao": {"Nguyễn Văn Thoả"}, "chuc-vu": {"Chủ tịch UBND xã"},
		"cong-viec": {"Họp giao ban"}, "dia-diem": {"Phòng họp số 1"}, "thanh-phan": {"Các phòng, ban"}, "trang-thai": {"published"}}
	res = c.post(pathSchedule+"/moi", good)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathSchedule+"?tuan=2026-W49") {
		t.Fatalf("good entry: %d → %q\n%s", res.status, res.location(), res.body)
	}
	all := testenv.Must(sched.Store().FindScheduleEntries(ctx, schedule.Filter{SiteID: f.siteA.ID})).Get(t)
	if len(all) != 1 || all[0].Status != schedule.Published || all[0].Time != "14:00" || all[0].Day.String() != "2026-11-30" {
		t.Fatalf("stored %+v", all)
	}
	e := all[0]
	if list := c.get(res.location()); list.status != 200 || !strings.Contains(list.body, "Họp giao ban") || !strings.Contains(list.body, "Đã lưu") {
		t.Errorf("week list: %d", list.status)
	}
	entryURL := pathSchedule + "/" + itoa(e.ID)
	// A published entry cannot become a draft again.
	back := url.Values{}
	for k, v := range good {
		back[k] = v
	}
	back.Set("phien-ban", "1") // the version the edit form carries
	back.Set("trang-thai", "draft")
	if res := c.post(entryURL, back); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "không thể trở lại bản nháp") {
		t.Errorf("published → draft: %d", res.status)
	}
	back.Set("trang-thai", "withdrawn")
	if res := c.post(entryURL, back); res.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d\n%s", res.status, res.body)
	}
	if got := testenv.Must(sched.Store().FindScheduleEntry(ctx, f.siteA.ID, e.ID)).Get(t); got.Status != schedule.Withdrawn {
		t.Errorf("status after withdrawing: %s", got.Status)
	}
	var actions []string
	for _, a := range f.auditEntries() {
		if strings.HasPrefix(a.Action, "schedule.") {
			actions = append(actions, a.Action)
			if a.Object != "schedule:"+itoa(e.ID) || a.Actor != "btv@giavien.gov.vn" || a.Detail["day"] != "2026-11-30" {
				t.Errorf("audit entry %+v", a)
			}
		}
	}
	if strings.Join(actions, ",") != "schedule.create,schedule.withdraw" {
		t.Errorf("audited %v", actions)
	}
	// Another site's editor cannot reach it.
	f.addUser("btv@hoalu.gov.vn", "BTV Hoa Lư", user.RoleEditor, f.siteB.ID)
	cb := f.client("b.test")
	cb.mustLogin("btv@hoalu.gov.vn", pathHome)
	if res := cb.get(entryURL); res.status != http.StatusNotFound {
		t.Errorf("site B opens site A's entry: %d", res.status)
	}
}

// TestScheduleConflictKeepsWhatWasTyped: two editors open the same entry;
// the second to save is refused with a conflict (409), sees the message
// above the form with what they typed, and can then save over the other's
// change on purpose. Nobody's change is silently reverted.
func TestScheduleConflictKeepsWhatWasTyped(t *testing.T) {
	f, sched := engagementFixture(t)
	ctx := context.Background()
	f.addUser("btv2@giavien.gov.vn", "Biên tập viên hai", user.RoleEditor, f.siteA.ID)
	w, _ := schedule.ParseWeek("2026-W49")
	e := schedule.Entry{SiteID: f.siteA.ID, Day: w.Monday(), Session: schedule.Morning, Time: "08:00", Leader: "Nguyễn Văn Thoả",
		Content: "Họp giao ban", Status: schedule.Published}
	if _, err := sched.Save(ctx, &e, nil); err != nil {
		t.Fatal(err)
	}
	entryURL := pathSchedule + "/" + itoa(e.ID)
	form := func(content string) url.Values {
		return url.Values{"ngay": {"30/11/2026"}, "buoi": {"sang"}, "gio": {"08:00"}, "lanh-dao": {"Nguyễn Văn Thoả"},
			"cong-viec": {content}, "trang-thai": {"published"}, "phien-ban": {"1"}}
	}
	a := f.client("a.test")
	a.mustLogin("btv@giavien.gov.vn", pathHome)
	b := f.client("a.test")
	b.mustLogin("btv2@giavien.gov.vn", pathHome)
	if page := b.get(entryURL); !strings.Contains(page.body, `name="phien-ban" value="1"`) {
		t.Fatalf("the edit form does not carry the version read:\n%s", page.body)
	}
	if res := a.post(entryURL, form("Họp giao ban tuần (A sửa)")); res.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.status)
	}
	res := b.post(entryURL, form("Họp giao ban tháng (B sửa)"))
	if res.status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", res.status)
	}
	for _, want := range []string{"vừa được người khác sửa", "Họp giao ban tháng (B sửa)</textarea>", `name="phien-ban" value="2"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := testenv.Must(sched.Store().FindScheduleEntry(ctx, f.siteA.ID, e.ID)).Get(t); got.Content != "Họp giao ban tuần (A sửa)" {
		t.Fatalf("the stale save overwrote the first: %q", got.Content)
	}
	again := form("Họp giao ban tháng (B sửa)")
	again.Set("phien-ban", "2")
	if res := b.post(entryURL, again); res.status != http.StatusSeeOther {
		t.Fatalf("save after seeing the conflict: %d", res.status)
	}
	if got := testenv.Must(sched.Store().FindScheduleEntry(ctx, f.siteA.ID, e.ID)).Get(t); got.Content != "Họp giao ban tháng (B sửa)" || got.Version != 3 {
		t.Errorf("stored %q version %d", got.Content, got.Version)
	}
}

func TestRatingsAdminList(t *testing.T) {
	f, _ := engagementFixture(t)
	ctx := context.Background()
	for _, s := range []int{5, 4, 4} {
		f.db.AddRating(ctx, f.siteA.ID, rating.Article, 1, s, time.Now())
	}
	f.db.AddRating(ctx, f.siteA.ID, rating.Article, 77, 1, time.Now())
	f.db.AddRating(ctx, f.siteB.ID, rating.Article, 1, 1, time.Now())
	c := f.client("a.test")
	c.mustLogin("qt@giavien.gov.vn", pathHome)
	res := c.get(pathRatings)
	if res.status != 200 {
		t.Fatalf("ratings page: %d", res.status)
	}
	for _, want := range []string{"Lượt truy cập", "<dt>Hôm nay</dt> <dd>1</dd>", "Hội nghị tổng kết năm", `href="/tin-tuc/hoi-nghi"`, "4,3", "0 / 0 / 0 / 2 / 1", "2 nội dung đã được đánh giá", "không còn công khai"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("ratings page lacks %q", want)
		}
	}
	if res := c.get(pathRatings + "?loai=user"); res.status != http.StatusBadRequest {
		t.Errorf("unknown kind: %d", res.status)
	}
}
