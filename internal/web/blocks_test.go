package web

import (
	"testing"
	"time"
)

// TestDayClock: the number a page showing the schedule from today on is
// cached against changes exactly at midnight in Vietnam, whatever the
// order the clock is read in.
func TestDayClock(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	evening := time.Date(2026, 12, 13, 23, 59, 59, 0, vn)
	midnight := time.Date(2026, 12, 14, 0, 0, 0, 0, vn)
	var c dayNumber
	a := c.index(evening)
	if b := c.index(evening.Add(-23*time.Hour - 59*time.Minute)); b != a { // 00:00:59 the same day
		t.Errorf("the same day: %d then %d", a, b)
	}
	b := c.index(midnight)
	if b != a+1 {
		t.Errorf("23:59:59 is day %d, midnight day %d", a, b)
	}
	if x := c.index(evening); x != a {
		t.Errorf("back to the evening: %d, want %d", x, a)
	}
	if x := c.index(midnight.Add(-time.Nanosecond)); x != a {
		t.Errorf("a nanosecond before midnight: %d, want %d", x, a)
	}
	if x := c.index(time.Date(2026, 12, 14, 16, 59, 59, 0, time.UTC)); x != b { // 23:59:59 in Vietnam
		t.Errorf("the end of the next day, given in UTC: %d, want %d", x, b)
	}
	if x := c.index(time.Date(2026, 12, 14, 17, 0, 0, 0, time.UTC)); x != b+1 {
		t.Errorf("the next midnight, given in UTC: %d, want %d", x, b+1)
	}
}
