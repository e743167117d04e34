package vi

import (
	"testing"
	"time"
)

func TestZone(t *testing.T) {
	name, off := time.Date(2023, 6, 1, 0, 0, 0, 0, Zone).Zone()
	if name != "ICT" || off != 7*60*60 {
		t.Errorf("Zone = %s %+d, want ICT +25200", name, off)
	}
	// No daylight saving time: same offset in January.
	if _, off := time.Date(2023, 1, 1, 0, 0, 0, 0, Zone).Zone(); off != 7*60*60 {
		t.Errorf("January offset %d", off)
	}
}

func TestWeekday(t *testing.T) {
	want := []string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if got := Weekday(d); got != want[d] {
			t.Errorf("Weekday(%v) = %q, want %q", d, got, want[d])
		}
	}
	for _, d := range []time.Weekday{-1, 7} {
		if got := Weekday(d); got != "" {
			t.Errorf("Weekday(%d) = %q, want empty", d, got)
		}
	}
}

func TestDateExtra(t *testing.T) {
	tm := time.Date(987, time.July, 4, 0, 0, 0, 0, time.UTC)
	if got, want := Date(tm), "Thứ tư, 04/07/0987"; got != want {
		t.Errorf("Date = %q, want %q", got, want)
	}
	if got, want := AdminDate(tm), "ngày 04 tháng 7 năm 987"; got != want {
		t.Errorf("AdminDate = %q, want %q", got, want)
	}
	// LocalClock/LocalDate at the UTC/ICT day boundary.
	utc := time.Date(2023, 12, 31, 17, 0, 0, 0, time.UTC)
	if got := LocalDate(utc) + " " + LocalClock(utc); got != "Thứ hai, 01/01/2024 00:00" {
		t.Errorf("LocalDate/LocalClock = %q", got)
	}
}
