package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/schedule"
)

// ScheduleStore is a store that keeps sites and the work schedule.
type ScheduleStore interface {
	content.SiteStore
	schedule.Store
}

// RunSchedule runs the work schedule's conformance suite: entries
// round-trip, a week's query returns its days only in order (morning
// before afternoon, then by time), statuses filter, sites are apart, a
// missing entry is NotFound, and every change moves the site's version so
// cached pages go stale.
func RunSchedule(t *testing.T, open func(t *testing.T) ScheduleStore) {
	t.Run("RoundTripAndOrder", func(t *testing.T) {
		s := open(t)
		site := content.Site{Key: "lich", Name: "Xã Gia Viễn"}
		if err := s.CreateSite(ctx, &site); err != nil {
			t.Fatal(err)
		}
		w, _ := schedule.ParseWeek("2026-W49") // 30/11 – 06/12/2026
		mk := func(day schedule.Day, sess schedule.Session, tm, content string, st schedule.Status) schedule.Entry {
			e := schedule.Entry{SiteID: site.ID, Day: day, Session: sess, Time: tm, Leader: "Nguyễn Văn Thoả", Position: "Chủ tịch UBND xã",
				Content: content, Place: "Hội trường UBND xã", Participants: "Các phòng, ban", Preparer: "Văn phòng HĐND và UBND", Status: st, CreatedBy: 7}
			if err := s.CreateScheduleEntry(ctx, &e, nil); err != nil {
				t.Fatal(err)
			}
			return e
		}
		mon := w.Monday()
		c := mk(mon, schedule.Afternoon, "14:00", "Họp giao ban", schedule.Published)
		b := mk(mon, schedule.Morning, "", "Dự lễ chào cờ", schedule.Published)
		a := mk(mon, schedule.Morning, "07:30", "Tiếp công dân", schedule.Published) // "" sorts before "07:30"
		d := mk(w.Sunday(), schedule.Morning, "08:00", "Kiểm tra đê", schedule.Draft)
		mk(mon.AddDays(-1), schedule.Morning, "08:00", "Tuần trước", schedule.Published)
		mk(w.Sunday().AddDays(1), schedule.Morning, "08:00", "Tuần sau", schedule.Published)

		got, err := s.FindScheduleEntry(ctx, site.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.CreatedAt.Location() != time.UTC || got.CreatedAt.IsZero() {
			t.Errorf("CreatedAt %v, want a UTC time", got.CreatedAt)
		}
		if diff := cmp.Diff(a, got, cmp.AllowUnexported(schedule.Day{})); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		week, err := s.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID, From: mon, To: w.Sunday()})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{b.ID, a.ID, c.ID, d.ID}
		if ids := scheduleIDs(week); !cmp.Equal(ids, want) {
			t.Errorf("week order %v, want %v", ids, want)
		}
		pub, err := s.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID, From: mon, To: w.Sunday(), Statuses: []schedule.Status{schedule.Published}})
		if err != nil {
			t.Fatal(err)
		}
		if ids := scheduleIDs(pub); !cmp.Equal(ids, []int64{b.ID, a.ID, c.ID}) {
			t.Errorf("published %v", ids)
		}
		all, _ := s.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID})
		if len(all) != 6 {
			t.Errorf("unbounded filter found %d entries, want 6", len(all))
		}
	})
	t.Run("StaleUpdate", func(t *testing.T) {
		s := open(t)
		site := content.Site{Key: "lich", Name: "Xã Gia Viễn"}
		must(t, s.CreateSite(ctx, &site), "CreateSite")
		w, _ := schedule.ParseWeek("2026-W49")
		e := schedule.Entry{SiteID: site.ID, Day: w.Monday(), Session: schedule.Morning, Leader: "A", Content: "Họp", Status: schedule.Draft}
		must(t, s.CreateScheduleEntry(ctx, &e, nil), "CreateScheduleEntry")
		if e.Version != 1 {
			t.Fatalf("Version after create = %d, want 1", e.Version)
		}
		first, second := e, e
		first.Content = "Họp (sửa lần một)"
		must(t, s.UpdateScheduleEntry(ctx, &first, nil), "UpdateScheduleEntry")
		if first.Version != 2 {
			t.Errorf("Version after update = %d, want 2", first.Version)
		}
		second.Content = "Họp (bản cũ)"
		if err := s.UpdateScheduleEntry(ctx, &second, nil); !errors.Is(err, schedule.ErrStale) {
			t.Fatalf("update of a stale copy: %v, want schedule.ErrStale", err)
		}
		got, err := s.FindScheduleEntry(ctx, site.ID, e.ID)
		must(t, err, "FindScheduleEntry")
		if got.Content != first.Content || got.Version != 2 {
			t.Errorf("stored %q version %d after a refused stale update", got.Content, got.Version)
		}
	})
	t.Run("UpdateSitesVersion", func(t *testing.T) {
		s := open(t)
		one, two := content.Site{Key: "mot", Name: "Một"}, content.Site{Key: "hai", Name: "Hai"}
		s.CreateSite(ctx, &one)
		s.CreateSite(ctx, &two)
		e := schedule.Entry{SiteID: one.ID, Day: schedule.NewDay(2026, 11, 30), Session: schedule.Morning, Leader: "A", Content: "B", Status: schedule.Draft}
		before := siteVersion(t, s, one.ID)
		if err := s.CreateScheduleEntry(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		e.Content = "Họp giao ban"
		if err := s.UpdateScheduleEntry(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		afterDraft := siteVersion(t, s, one.ID)
		if afterDraft != before {
			t.Errorf("creating and editing a draft entry moved the site version %d → %d: drafts are not public", before, afterDraft)
		}
		draft, err := s.FindSiteByID(ctx, one.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.Status, e.Content, e.Time = schedule.Published, "Họp trực tuyến", "09:15"
		if err := s.UpdateScheduleEntry(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		published, err := s.FindSiteByID(ctx, one.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := (content.Versions{Site: draft.Versions.Site, Articles: draft.Versions.Articles, Documents: draft.Versions.Documents,
			Schedule: published.Versions.Schedule}); published.Versions != want || want.Schedule <= draft.Versions.Schedule {
			t.Errorf("publishing an entry: version %d → %d, versions %+v; want only Schedule to move", afterDraft, published.Version, published.Versions)
		}
		if err := s.UpdateScheduleEntry(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		if v := siteVersion(t, s, one.ID); v != published.Version {
			t.Errorf("saving a published entry unchanged moved the site version %d → %d", published.Version, v)
		}
		e.Place = "Hội trường UBND"
		if err := s.UpdateScheduleEntry(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		if v := siteVersion(t, s, one.ID); v <= published.Version {
			t.Errorf("editing a published entry left the site version at %d", v)
		}
		got, err := s.FindScheduleEntry(ctx, one.ID, e.ID)
		if err != nil || got.Content != "Họp trực tuyến" || got.Status != schedule.Published || got.Time != "09:15" {
			t.Errorf("after update: %+v, %v", got, err)
		}
		if _, err := s.FindScheduleEntry(ctx, two.ID, e.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another site's entry: %v, want NotFound", err)
		}
		other := e
		other.SiteID = two.ID
		if err := s.UpdateScheduleEntry(ctx, &other, nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("update through another site: %v, want NotFound", err)
		}
		if list, _ := s.FindScheduleEntries(ctx, schedule.Filter{SiteID: two.ID}); len(list) != 0 {
			t.Errorf("site two sees %d entries", len(list))
		}
	})
}

func scheduleIDs(es []schedule.Entry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func siteVersion(t *testing.T, s content.SiteStore, id int64) int64 {
	t.Helper()
	vs, err := s.SiteVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return vs[id].Sum()
}
