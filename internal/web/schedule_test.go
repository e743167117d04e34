package web

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
	"trangtin/ui"
)

func testSchedulePage(l Layout) SchedulePage {
	w, _ := schedule.ParseWeek("2026-W49")
	e := schedule.Entry{ID: 1, Day: w.Monday(), Session: schedule.Morning, Time: "08:00", Leader: "Nguyễn Văn A", Position: "Chủ tịch",
		Content: "Họp giao ban", Place: "Hội trường", Participants: "Các phòng", Preparer: "Văn phòng", Status: schedule.Published}
	p := SchedulePage{Layout: l, Week: w, WeekLabel: w.Label(), PrevURL: weekURL(w.Prev()), NextURL: weekURL(w.Next()), ThisWeekURL: pathSchedule, Entries: 1}
	for i, d := range w.Days() {
		day := ScheduleDay{Day: d, ID: "ngay-" + d.String(), Today: i == 2}
		if i == 0 {
			day.Entries = []ScheduleRow{{Entry: e, SessionLabel: "Sáng 08:00"}}
		}
		p.Days = append(p.Days, day)
	}
	return p
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", 100000: "100.000"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

func testRatingWidget() *RatingWidget {
	s := &Server{eng: engagement{ratings: rating.NewService(nil, map[rating.Kind]rating.Resolver{
		rating.Article: func(context.Context, int64, int64) (rating.Item, error) { return rating.Item{}, nil }})}}
	return s.ratingWidget(&content.Site{}, rating.Article, 1)
}

// TestScheduleWeekInVietnamTime serves /lich-cong-tac at the edges of a
// week in Vietnam time: Sunday 23:30 +07 is still that week (Sunday marked
// as today), ten minutes past midnight on Monday +07 (still Sunday in UTC)
// is the next one, and both pages come from the cache under their own
// week.
func TestScheduleWeekInVietnamTime(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := content.NewService(db)
	site := content.Site{Key: "x", Name: "Xã Thử", IsDefault: true}
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}
	sched := schedule.NewService(db)
	for _, e := range []schedule.Entry{
		{Day: schedule.NewDay(2026, 12, 6), Session: schedule.Afternoon, Time: "15:00", Leader: "A", Content: "Việc chủ nhật tuần 49"},
		{Day: schedule.NewDay(2026, 12, 7), Session: schedule.Morning, Leader: "B", Content: "Việc thứ hai tuần 50"},
	} {
		e.SiteID, e.Status = site.ID, schedule.Published
		if _, err := sched.Save(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
	}
	u, err := ui.Load("", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	sites, err := content.NewDirectory(ctx, svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := testenv.Must(New(Options{Content: svc, Sites: sites, Search: search.NewService(db), UI: u, Schedule: sched})).Get(t)
	var clock time.Time
	srv.eng.now = func() time.Time { return clock }
	h := srv.Handler()
	for _, tc := range []struct {
		at            time.Time
		want, notWant string
		today         string
	}{
		{time.Date(2026, 12, 6, 23, 30, 0, 0, vi.Zone), "Việc chủ nhật tuần 49", "Việc thứ hai tuần 50", "Chủ nhật, 06/12/2026"},
		{time.Date(2026, 12, 6, 17, 10, 0, 0, time.UTC), "Việc thứ hai tuần 50", "Việc chủ nhật tuần 49", "Thứ hai, 07/12/2026"},
		{time.Date(2026, 12, 6, 23, 45, 0, 0, vi.Zone), "Việc chủ nhật tuần 49", "Việc thứ hai tuần 50", "Chủ nhật, 06/12/2026"}, // from the cache
	} {
		clock = tc.at
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/lich-cong-tac", nil))
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, tc.want) || strings.Contains(body, tc.notWant) {
			t.Errorf("at %v: %d, want %q and not %q", tc.at, rec.Code, tc.want, tc.notWant)
		}
		if !strings.Contains(body, tc.today+` <span class="schedule-today">(hôm nay)</span>`) {
			t.Errorf("at %v: %s is not marked as today", tc.at, tc.today)
		}
	}
	if n := srv.cache.len(); n != 2 {
		t.Errorf("%d cached pages, want one per week", n)
	}
}
