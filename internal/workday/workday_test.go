package workday

import (
	"testing"
	"time"

	"trangtin/internal/vi"
)

// d parses a YYYY-MM-DD date of the tests, failing t when it is not one.
func d(t testing.TB, s string) Date {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02", s, vi.Zone)
	if err != nil {
		t.Fatal(err)
	}
	return DateOf(tm)
}

func TestAddWorkingDays(t *testing.T) {
	// Tết Bính Ngọ: 2026-02-14 (Sat) to 2026-02-22 (Sun); the weekdays in it.
	cal, err := ParseCalendar("2026-02-16..2026-02-20, 2026-09-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		received string
		n        int
		want     string
	}{
		{"weekday plus one", "2026-11-25", 1, "2026-11-26"},
		{"friday plus one skips the weekend", "2026-11-27", 1, "2026-11-30"},
		{"saturday receipt counts from monday", "2026-11-28", 1, "2026-11-30"},
		{"sunday receipt counts from monday", "2026-11-29", 1, "2026-11-30"},
		{"fifteen days from a friday", "2026-11-27", 15, "2026-12-18"},
		{"fifteen days from a saturday", "2026-11-28", 15, "2026-12-18"},
		{"across Tết", "2026-02-13", 1, "2026-02-23"},
		{"fifteen across Tết", "2026-02-10", 15, "2026-03-10"},
		{"30/4 and 1/5", "2026-04-29", 1, "2026-05-04"},
		{"2/9 and an added 1/9", "2026-08-31", 1, "2026-09-03"},
		{"new year across years", "2026-12-31", 1, "2027-01-04"},
		{"zero days", "2026-11-27", 0, "2026-11-27"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cal.AddWorkingDays(d(t, c.received), c.n); got != d(t, c.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s (%s), want %s", c.received, c.n, got, got.time().Weekday(), c.want)
			}
		})
	}
}

func TestWithoutTetDatesTetIsWorking(t *testing.T) {
	if !Vietnam().IsWorkingDay(d(t, "2026-02-17")) {
		t.Error("Tết must come from configuration, not be guessed")
	}
	if Vietnam().IsWorkingDay(d(t, "2027-09-02")) {
		t.Error("2/9 is a fixed holiday every year")
	}
}

func TestDeadlineIsEndOfDayInVietnam(t *testing.T) {
	cal := Vietnam()
	// 23:30 UTC on Thursday is already Friday in Vietnam.
	received := time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC)
	got := cal.Deadline(received, 1)
	want := time.Date(2026, 11, 30, 23, 59, 59, int(999*time.Millisecond), vi.Zone)
	if !got.Equal(want) {
		t.Errorf("Deadline = %s, want %s", got, want)
	}
}

func TestParseCalendarErrors(t *testing.T) {
	for _, s := range []string{"2026-13-01", "hôm qua", "2026-02-20..2026-02-16", "2026-01-01..2026-06-01"} {
		if _, err := ParseCalendar(s); err == nil {
			t.Errorf("ParseCalendar(%q): no error", s)
		}
	}
	c, err := ParseCalendar(" 2026-02-16;\n2026-02-17 ")
	if err != nil || len(c.Holidays()) != 2 {
		t.Errorf("ParseCalendar with separators: %v %v", c.Holidays(), err)
	}
}
