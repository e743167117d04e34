package api

import (
	"net/http"
	"time"

	"trangtin/internal/rating"
	"trangtin/internal/schedule"
)

// engagement holds the optional services of the schedule and ratings.
type engagement struct {
	schedule *schedule.Service
	ratings  *rating.Service
}

func (s *Server) registerEngagement(mux *http.ServeMux) {
	if s.eng.schedule != nil {
		mux.Handle("GET /api/v1/schedule", cors(s.adapt.Handle(s.scheduleWeek)))
	}
	if s.eng.ratings != nil {
		mux.Handle("GET /api/v1/ratings", cors(s.adapt.Handle(s.ratingTotals)))
	}
}

// ScheduleResponse is the body of GET /api/v1/schedule.
type ScheduleResponse struct {
	Week  string          `json:"week"` // ISO week, 2026-W49
	From  string          `json:"from"` // Monday, 2026-11-30
	To    string          `json:"to"`   // Sunday
	Items []ScheduleEntry `json:"items"`
	Total int             `json:"total"`
}

// ScheduleEntry is one published entry.
type ScheduleEntry struct {
	ID           int64     `json:"id"`
	Date         string    `json:"date"`          // 2026-11-30, Vietnam calendar
	DateText     string    `json:"date_text"`     // Thứ hai, 30/11/2026
	Session      string    `json:"session"`       // sang | chieu
	SessionLabel string    `json:"session_label"` // Sáng | Chiều
	Time         string    `json:"time"`          // "" or HH:MM
	Leader       string    `json:"leader"`
	Position     string    `json:"position"`
	Content      string    `json:"content"`
	Place        string    `json:"place"`
	Participants string    `json:"participants"`
	Preparer     string    `json:"preparer"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// scheduleWeek: GET /api/v1/schedule?week=2026-W49 (or date=2026-11-30;
// default: this week in Vietnam).
func (s *Server) scheduleWeek(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	week := schedule.WeekOf(time.Now())
	switch {
	case q.Get("week") != "":
		if week, err = schedule.ParseWeek(q.Get("week")); err != nil {
			return err
		}
	case q.Get("date") != "":
		d, err := schedule.ParseDay(q.Get("date"))
		if err != nil {
			return err
		}
		week = schedule.WeekOfDay(d)
	}
	entries, err := s.eng.schedule.PublicWeek(r.Context(), site.ID, week)
	if err != nil {
		return err
	}
	resp := ScheduleResponse{Week: week.String(), From: week.Monday().String(), To: week.Sunday().String(), Items: []ScheduleEntry{}, Total: len(entries)}
	for _, e := range entries {
		resp.Items = append(resp.Items, ScheduleEntry{ID: e.ID, Date: e.Day.String(), DateText: e.Day.Display(), Session: string(e.Session),
			SessionLabel: e.Session.Label(), Time: e.Time, Leader: e.Leader, Position: e.Position, Content: e.Content, Place: e.Place,
			Participants: e.Participants, Preparer: e.Preparer, UpdatedAt: e.UpdatedAt})
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
