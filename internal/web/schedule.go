package web

import (
	"net/http"
	"strconv"

	"trangtin/internal/schedule"
)

// SchedulePage is /lich-cong-tac: the published work schedule of a week,
// Monday to Sunday, Vietnam time.
type SchedulePage struct {
	Layout
	Week        schedule.Week
	WeekLabel   string // "Tuần 49 (30/11/2026 - 06/12/2026)"
	ThisWeek    bool
	PrevURL     string
	NextURL     string
	ThisWeekURL string
	Days        []ScheduleDay
	Entries     int
}

// ScheduleDay is one day of the week with its entries.
type ScheduleDay struct {
	Day     schedule.Day
	ID      string // anchor, "ngay-2026-11-30"
	Today   bool
	Entries []ScheduleRow
}

// ScheduleRow is one entry as the table shows it.
type ScheduleRow struct {
	schedule.Entry
	SessionLabel string // "Sáng", "Chiều 14:00"
}

const pathSchedule = "/lich-cong-tac"

func weekURL(w schedule.Week) string { return pathSchedule + "?tuan=" + w.String() }

// schedulePage serves the week view from the page cache. Its cache key
// names the week it shows, so "this week" moves on at midnight Sunday
// (Vietnam time) even when nothing was edited.
func (s *Server) schedulePage(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	now := s.eng.clock()
	current := schedule.WeekOf(now)
	week := current
	switch {
	case q.Get("ngay") != "":
		d, err := schedule.ParseDay(q.Get("ngay"))
		if err != nil {
			return err
		}
		http.Redirect(w, r, weekURL(schedule.WeekOfDay(d)), http.StatusFound)
		return nil
	case q.Has("tuan"):
		if week, err = schedule.ParseWeek(q.Get("tuan")); err != nil {
			return err
		}
		if week.String() != q.Get("tuan") || len(q) > 1 {
			http.Redirect(w, r, weekURL(week), http.StatusMovedPermanently)
			return nil
		}
	}
	s.countVisit(r, site.ID)
	prefs := prefsFrom(r)
	path := pathSchedule
	if q.Has("tuan") {
		path = weekURL(week)
	}
	today := schedule.DayOf(now)
	// The key names the week shown and today's date (highlighted).
	key := strconv.FormatInt(site.ID, 10) + "|" + prefs.value() + "|" + path + "|" + week.String() + "|" + today.String()
	stamp := depSchedule.stamp(site)
	if s.hit(w, r, key, stamp) {
		return nil
	}
	return s.miss(w, r, key, stamp, r.URL.RawQuery, func(r *http.Request) (rendered, error) {
		entries, err := s.eng.schedule.PublicWeek(r.Context(), site.ID, week)
		if err != nil {
			return rendered{}, err
		}
		l := Layout{Site: *site, Path: path, Prefs: prefs, Title: "Lịch công tác", Crumbs: []Crumb{{Name: "Lịch công tác"}},
			Description: "Lịch công tác tuần của lãnh đạo " + site.Name + ", " + week.Label() + "."}
		if week != current {
			l.Title += " - " + week.Label()
		}
		if l, err = s.layout(r.Context(), *site, l, ""); err != nil {
			return rendered{}, err
		}
		p := SchedulePage{Layout: l, Week: week, WeekLabel: week.Label(), ThisWeek: week == current, PrevURL: weekURL(week.Prev()),
			NextURL: weekURL(week.Next()), ThisWeekURL: pathSchedule, Entries: len(entries)}
		byDay := map[string][]ScheduleRow{}
		for _, e := range entries {
			label := e.Session.Label()
			if e.Time != "" {
				label += " " + e.Time
			}
			byDay[e.Day.String()] = append(byDay[e.Day.String()], ScheduleRow{Entry: e, SessionLabel: label})
		}
		for _, d := range week.Days() {
			p.Days = append(p.Days, ScheduleDay{Day: d, ID: "ngay-" + d.String(), Today: d.String() == today.String(), Entries: byDay[d.String()]})
		}
		body, err := s.execute(view{"schedule", p})
		if err != nil {
			return rendered{}, err
		}
		return rendered{e: newEntry(body, stamp)}, nil
	})
}
