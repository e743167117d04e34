package vi

import (
	"testing"
	"time"
)

func TestDayArithmetic(t *testing.T) {
	d := NewDay(2024, time.February, 28)
	for n, want := range map[int]string{0: "2024-02-28", 1: "2024-02-29", 2: "2024-03-01", 308: "2025-01-01", -59: "2023-12-31"} {
		if got := d.AddDays(n).String(); got != want {
			t.Errorf("AddDays(%d) = %s, want %s", n, got, want)
		}
		if got := d.DaysUntil(d.AddDays(n)); got != n {
			t.Errorf("DaysUntil(AddDays(%d)) = %d", n, got)
		}
	}
	next := d.AddDays(1)
	if !d.Before(next) || d.After(next) || !next.After(d) || next.Before(d) || d.Before(d) {
		t.Error("Before/After disagree with the calendar")
	}
	// The same day however it was made: equal, and one map key.
	parsed, err := ParseDay("29/02/2024")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Day]bool{next: true, NewDay(2024, time.March, 0): true, DayOf(time.Date(2024, 2, 28, 20, 0, 0, 0, time.UTC)): true}
	if len(seen) != 1 || !seen[parsed] {
		t.Errorf("the same day made four ways gives %d map keys", len(seen))
	}
}

func TestDayOfIsVietnamTime(t *testing.T) {
	// 23:30 UTC on 30 November is 06:30 on 1 December in Vietnam.
	if got := DayOf(time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)).String(); got != "2026-12-01" {
		t.Errorf("DayOf = %s, want 2026-12-01", got)
	}
	d := NewDay(2026, time.November, 30)
	if got, want := d.Start(), time.Date(2026, 11, 30, 0, 0, 0, 0, Zone); !got.Equal(want) {
		t.Errorf("Start = %v, want %v", got, want)
	}
	if got, want := d.End(), time.Date(2026, 11, 30, 23, 59, 59, int(999*time.Millisecond), Zone); !got.Equal(want) {
		t.Errorf("End = %v, want %v", got, want)
	}
	if DayOf(d.End()) != d || DayOf(d.End().Add(time.Millisecond)) != d.AddDays(1) {
		t.Error("End is not the last instant of the day")
	}
}

func TestDayForms(t *testing.T) {
	d := NewDay(2023, time.March, 10)
	for got, want := range map[string]string{
		d.Display(): "Thứ sáu, 10/03/2023",
		d.Numeric(): "10/03/2023",
		d.Short():   "10/03",
		d.Weekday(): "Thứ sáu",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if d.DayOfWeek() != time.Friday {
		t.Errorf("DayOfWeek = %v", d.DayOfWeek())
	}
	if y, w := d.ISOWeek(); y != 2023 || w != 10 {
		t.Errorf("ISOWeek = %d-W%d, want 2023-W10", y, w)
	}
	if y, m, dd := d.Date(); y != 2023 || m != time.March || dd != 10 {
		t.Errorf("Date = %d %v %d", y, m, dd)
	}
	var zero Day
	if !zero.IsZero() || zero.String() != "" || d.IsZero() {
		t.Error("the zero Day is not no day")
	}
}
