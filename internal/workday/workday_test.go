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
				t.Errorf("AddWorkingDays(%s, %d) = %s (%s), want %s", c.received, c.n, got, got.DayOfWeek(), c.want)
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

// TestCompensatoryDaysOff: a fixed holiday on a Saturday or Sunday gives
// the next working day off (nghỉ bù, Labour Code 2019 art. 111 ¶3); the
// deadlines used to come a day short in such years.
func TestCompensatoryDaysOff(t *testing.T) {
	cal := Vietnam()
	for _, c := range []struct {
		name     string
		received string
		n        int
		want     string
	}{
		// 2022: 30/4 Saturday and 1/5 Sunday: Monday 2/5 and Tuesday 3/5 off.
		{"2022 30/4 and 1/5 on the weekend, one day", "2022-04-29", 1, "2022-05-04"},
		{"2022 30/4 and 1/5 on the weekend, fifteen days", "2022-04-29", 15, "2022-05-24"},
		// 2023: 30/4 Sunday, 1/5 Monday: Tuesday 2/5 off.
		{"2023 30/4 on Sunday before 1/5 on Monday", "2023-04-28", 1, "2023-05-03"},
		{"2023 fifteen days", "2023-04-28", 15, "2023-05-23"},
		// 2033: 1/1 Saturday: Monday 3/1 off.
		{"2033 new year on Saturday, fifteen days", "2032-12-24", 15, "2033-01-17"},
		// 2034: 1/1 Sunday: Monday 2/1 off.
		{"2034 new year on Sunday", "2033-12-30", 1, "2034-01-03"},
		// 2028: 2/9 Saturday: Monday 4/9 off.
		{"2028 2/9 on Saturday", "2028-09-01", 1, "2028-09-05"},
		{"2028 fifteen days across 2/9", "2028-08-25", 15, "2028-09-18"},
		// 2026: no fixed holiday on a weekend; 2/9 is a Wednesday.
		{"2026 2/9 on Wednesday", "2026-09-01", 1, "2026-09-03"},
		{"2026 fifteen days across 30/4 and 1/5", "2026-04-24", 15, "2026-05-19"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cal.AddWorkingDays(d(t, c.received), c.n); got != d(t, c.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s (%s), want %s", c.received, c.n, got, got.DayOfWeek(), c.want)
			}
		})
	}
}

// TestCompensatorySkipsListedHolidays: the compensatory day is the next
// working day, so a listed holiday in between pushes it on. 2029: 2/9 is a
// Sunday; with 3/9 (Monday) as the second National Day holiday, Tuesday
// 4/9 is off.
func TestCompensatorySkipsListedHolidays(t *testing.T) {
	cal, err := ParseCalendar("2029-09-03")
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Compensatory(2029); len(got) != 1 || got[0] != d(t, "2029-09-04") {
		t.Errorf("Compensatory(2029) = %v, want [2029-09-04]", got)
	}
	if got := cal.AddWorkingDays(d(t, "2029-08-31"), 1); got != d(t, "2029-09-05") {
		t.Errorf("AddWorkingDays(2029-08-31, 1) = %s, want 2029-09-05", got)
	}
	for _, day := range []string{"2022-05-02", "2022-05-03", "2023-05-02", "2028-01-03", "2028-05-02", "2028-09-04"} {
		if Vietnam().IsWorkingDay(d(t, day)) {
			t.Errorf("%s is a compensatory day off", day)
		}
	}
	if !(Calendar{}).IsWorkingDay(d(t, "2022-05-02")) {
		t.Error("the zero Calendar has no holidays, hence no compensatory days")
	}
	if got := Vietnam().Compensatory(2027); len(got) != 1 || got[0] != d(t, "2027-05-03") {
		t.Errorf("Compensatory(2027) = %v: 1/5 is a Saturday, want [2027-05-03]", got)
	}
	for _, y := range []int{2024, 2025, 2026} {
		if got := Vietnam().Compensatory(y); len(got) != 0 {
			t.Errorf("Compensatory(%d) = %v: no fixed holiday is on a weekend", y, got)
		}
	}
}
