package schedule

import (
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

func TestWeekOfVietnamTime(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		// Sunday 06/12/2026 23:30 in Vietnam is still week 49 …
		{time.Date(2026, 12, 6, 23, 30, 0, 0, vi.Zone), "2026-W49"},
		// … though it is 16:30 UTC the same Sunday; and Monday 00:10 +07 is
		// Sunday 17:10 UTC, yet already week 50 in Vietnam.
		{time.Date(2026, 12, 6, 17, 10, 0, 0, time.UTC), "2026-W50"},
		{time.Date(2026, 11, 30, 0, 0, 0, 0, vi.Zone), "2026-W49"},
		{time.Date(2026, 11, 29, 16, 59, 59, 0, time.UTC), "2026-W48"}, // Sunday 23:59:59 +07
		{time.Date(2027, 1, 1, 12, 0, 0, 0, vi.Zone), "2026-W53"},      // 2026 has 53 ISO weeks
		{time.Date(2025, 12, 29, 8, 0, 0, 0, vi.Zone), "2026-W01"},
	}
	for _, tt := range tests {
		if got := WeekOf(tt.at).String(); got != tt.want {
			t.Errorf("WeekOf(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestWeekDays(t *testing.T) {
	w, err := ParseWeek("2026-W49")
	if err != nil {
		t.Fatal(err)
	}
	days := w.Days()
	if days[0].String() != "2026-11-30" || days[6].String() != "2026-12-06" {
		t.Fatalf("days %v … %v", days[0], days[6])
	}
	if got := days[0].Display(); got != "Thứ hai, 30/11/2026" {
		t.Errorf("Display = %q", got)
	}
	if got := days[6].Weekday(); got != "Chủ nhật" {
		t.Errorf("Sunday = %q", got)
	}
	if w.Prev().String() != "2026-W48" || w.Next().String() != "2026-W50" {
		t.Errorf("prev %s next %s", w.Prev(), w.Next())
	}
	w53 := testenv.Must(ParseWeek("2026-W53")).Get(t)
	if w53.Next().String() != "2027-W01" || w53.Next().Prev() != w53 {
		t.Errorf("after 2026-W53 comes %s", w53.Next())
	}
	if got := w.Label(); got != "Tuần 49 (30/11/2026 - 06/12/2026)" {
		t.Errorf("Label = %q", got)
	}
	if got := w.Monday().Start(); !got.Equal(time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %v", got)
	}
}

func TestParseWeek(t *testing.T) {
	for _, ok := range []string{"2026-W48", "2026-w48", "2026W48", " 2026-W1 ", "2026-W53"} {
		if _, err := ParseWeek(ok); err != nil {
			t.Errorf("ParseWeek(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "2026", "2026-W0", "2025-W53", "2026-W54", "26-W10", "2026-Wxx", "2026-W-1", "abcd-W10"} {
		if _, err := ParseWeek(bad); err == nil {
			t.Errorf("ParseWeek(%q) accepted", bad)
		}
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{"2026-11-30": "2026-11-30", "30/11/2026": "2026-11-30", "1/2/2027": "2027-02-01"} {
		d, err := ParseDay(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDay(%q) = %v, %v", in, d, err)
		}
	}
	for _, bad := range []string{"", "31/02/2026", "2026-13-01", "hôm nay"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
}

func TestClean(t *testing.T) {
	e := Entry{Day: NewDay(2026, 11, 30), Session: Morning, Time: " 8:00 ", Leader: "  Nguyễn Văn A ", Content: "Họp", Status: Published}
	if p := Clean(&e); len(p) != 0 {
		t.Fatalf("problems %v", p)
	}
	if e.Time != "08:00" || e.Leader != "Nguyễn Văn A" {
		t.Errorf("not normalised: %q %q", e.Time, e.Leader)
	}
	bad := Entry{Session: "toi", Time: "25:00", Content: strings.Repeat("x", MaxContent+1), Status: "x"}
	p := Clean(&bad)
	for _, f := range []string{"ngay", "buoi", "gio", "lanh-dao", "cong-viec", "trang-thai"} {
		if p[f] == "" {
			t.Errorf("no problem reported for %s: %v", f, p)
		}
	}
	wrong := Entry{Day: NewDay(2026, 11, 30), Session: Morning, Time: "14:30", Leader: "A", Content: "B", Status: Draft}
	if p := Clean(&wrong); !strings.Contains(p["gio"], "buổi chiều") {
		t.Errorf("an afternoon time in the morning session: %v", p)
	}
}
