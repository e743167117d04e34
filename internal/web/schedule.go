package web

import (
	"context"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
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
	// DayValue and DayError: a date typed in «Xem tuần có ngày» that could
	// not be read, shown again in the field with the reason.
	DayValue, DayError string
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
			return s.scheduleDayError(w, r, site, q.Get("ngay"), err)
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
		p, err := s.scheduleWeek(r.Context(), site, path, prefs, week, current, today)
		if err != nil {
			return rendered{}, err
		}
		body, err := s.execute(view{"schedule", p})
		if err != nil {
			return rendered{}, err
		}
		return rendered{e: newEntry(body, stamp)}, nil
	})
}

// scheduleWeek builds the page of week; current is this week, today
// the day highlighted.
func (s *Server) scheduleWeek(ctx context.Context, site *content.Site, path string, prefs Prefs, week, current schedule.Week, today schedule.Day) (SchedulePage, error) {
	entries, err := s.eng.schedule.PublicWeek(ctx, site.ID, week)
	if err != nil {
		return SchedulePage{}, err
	}
	l := Layout{Site: *site, Path: path, Prefs: prefs, Title: "Lịch công tác", Crumbs: []Crumb{{Name: "Lịch công tác"}},
		Description: "Lịch công tác tuần của lãnh đạo " + site.Name + ", " + week.Label() + "."}
	if week != current {
		l.Title += " - " + week.Label()
	}
	if l, err = s.layout(ctx, *site, l, ""); err != nil {
		return SchedulePage{}, err
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
	return p, nil
}

// scheduleDayError answers a date in «Xem tuần có ngày» that cannot be
// read: this week's page (not cached), with the date typed kept in the
// field and the reason beside it, status 400.
func (s *Server) scheduleDayError(w http.ResponseWriter, r *http.Request, site *content.Site, typed string, cause error) error {
	now := s.eng.clock()
	current := schedule.WeekOf(now)
	p, err := s.scheduleWeek(r.Context(), site, pathSchedule, prefsFrom(r), current, current, schedule.DayOf(now))
	if err != nil {
		return err
	}
	if runes := []rune(typed); len(runes) > 40 { // shown again, so bounded
		typed = string(runes[:40])
	}
	p.DayValue, p.DayError = typed, apperr.MessageOf(cause)
	return s.renderPage(w, http.StatusBadRequest, view{"schedule", p})
}
