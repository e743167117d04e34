package web

import (
	"testing"
	"time"
)

// TestWeekClock: the index a page showing this week's schedule is cached
// against changes exactly at Monday 00:00 in Vietnam, whatever the order
// the clock is read in.
func TestWeekClock(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	sunday := time.Date(2026, 12, 13, 23, 59, 59, 0, vn)
	monday := time.Date(2026, 12, 14, 0, 0, 0, 0, vn)
	var w weekClock
	a := w.index(sunday)
	if b := w.index(sunday.Add(-6 * 24 * time.Hour)); b != a { // Monday 7 Dec, 23:59:59
		t.Errorf("the same week: %d then %d", a, b)
	}
	b := w.index(monday)
	if b != a+1 {
		t.Errorf("Sunday 23:59:59 is week %d, Monday 00:00 week %d", a, b)
	}
	if c := w.index(sunday); c != a {
		t.Errorf("back to Sunday: %d, want %d", c, a)
	}
	if c := w.index(monday.Add(-time.Nanosecond)); c != a {
		t.Errorf("a nanosecond before Monday: %d, want %d", c, a)
	}
	if c := w.index(time.Date(2026, 12, 20, 16, 59, 59, 0, time.UTC)); c != b { // Sunday 20 Dec 23:59:59 in Vietnam
		t.Errorf("end of the next week, given in UTC: %d, want %d", c, b)
	}
	if c := weekIndex(monday); c != b {
		t.Errorf("weekIndex(Monday) %d, the clock %d", c, b)
	}
}
