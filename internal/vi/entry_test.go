package vi

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-05":   "2026-12-05", // ISO, as stored and in old links
		"5/12/2026":    "2026-12-05",
		"05/12/2026":   "2026-12-05",
		"05-12-2026":   "2026-12-05",
		"5-12-2026":    "2026-12-05",
		"05.12.2026":   "2026-12-05",
		" 30/11/2026 ": "2026-11-30",
		"1/2/2024":     "2024-02-01",
		"29/02/2024":   "2024-02-29",
		"2024-2-9":     "2024-02-09",
		"31/12/1999":   "1999-12-31",
	} {
		d, err := ParseDay(in)
		if err != nil {
			t.Errorf("ParseDay(%q): %v", in, err)
			continue
		}
		if got := d.String(); got != want {
			t.Errorf("ParseDay(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]error{
		"":                                   ErrDayForm,
		"hôm nay":                            ErrDayForm,
		"2026/11/30":                         ErrDayForm, // year first only in ISO
		"05/12/26":                           ErrDayForm, // two-digit year: which century?
		"05/12-2026":                         ErrDayForm, // mixed separators
		"5//2026":                            ErrDayForm,
		"05122026":                           ErrDayForm,
		"005/12/2026":                        ErrDayForm,
		"2026-012-05":                        ErrDayForm,
		"٠٥/١٢/٢٠٢٦":                         ErrDayForm, // only ASCII digits
		"05/12/2026 08:30":                   ErrDayForm,
		strings.Repeat("1", 100) + "/1/2026": ErrDayForm,
		"31/02/2026":                         ErrNoSuchDay,
		"29/02/2025":                         ErrNoSuchDay,
		"31/04/2026":                         ErrNoSuchDay,
		"00/12/2026":                         ErrNoSuchDay,
		"05/13/2026":                         ErrNoSuchDay, // the American order of 13 May
		"2026-13-01":                         ErrNoSuchDay,
		"01/01/0000":                         ErrNoSuchDay,
	} {
		d, err := ParseDay(in)
		if !errors.Is(err, want) {
			t.Errorf("ParseDay(%q) = %s, %v; want %v", in, d, err, want)
		}
	}
}

// TestParseDayVectors reads back the DD/MM/YYYY of every display of
// testdata/vi/dates.tsv as the date of its first column, in each form
// people type it.
func TestParseDayVectors(t *testing.T) {
	for _, row := range readTSV(t, "dates.tsv", 2, 17) {
		numeric := row[1][strings.Index(row[1], ", ")+2:]
		for _, typed := range []string{numeric, strings.ReplaceAll(numeric, "/", "-"), strings.TrimLeft(numeric, "0"), row[0]} {
			d, err := ParseDay(typed)
			if err != nil {
				t.Errorf("ParseDay(%q): %v", typed, err)
				continue
			}
			if d.String() != row[0] || d.Numeric() != numeric || d.Display() != row[1] {
				t.Errorf("ParseDay(%q) = %s (%s), want %s (%s)", typed, d, d.Display(), row[0], row[1])
			}
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]string{
		"08:30": "08:30", "8:30": "08:30", "14:05": "14:05", "0:00": "00:00", "23:59": "23:59",
		" 8h30 ": "08:30", "8h": "08:00", "14H": "14:00", "08.30": "08:30",
	} {
		h, m, err := ParseClock(in)
		if err != nil {
			t.Errorf("ParseClock(%q): %v", in, err)
			continue
		}
		if got := Clock(h, m); got != want {
			t.Errorf("ParseClock(%q) = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{"", "24:00", "25:70", "8:5", "8:60", "8", "830", "8:30 PM", "8:30:00", "giờ", "-1:30", "８:30"} {
		if h, m, err := ParseClock(in); !errors.Is(err, ErrClockForm) {
			t.Errorf("ParseClock(%q) = %d:%d, %v; want ErrClockForm", in, h, m, err)
		}
	}
}

// TestParseDateTimeVectors reads back each row of testdata/vi/datetimes.tsv
// from its Vietnam date and time as typed, and gets the instant of its
// first column (to the minute).
func TestParseDateTimeVectors(t *testing.T) {
	for _, row := range readTSV(t, "datetimes.tsv", 3, 8) {
		want, err := time.Parse(time.RFC3339, row[0])
		if err != nil {
			t.Fatal(err)
		}
		want = want.Truncate(time.Minute)
		numeric := row[1][strings.Index(row[1], ", ")+2:]
		for _, in := range [][2]string{{numeric, row[2]}, {numeric + " " + row[2], ""}} {
			got, err := ParseDateTime(in[0], in[1])
			if err != nil {
				t.Errorf("ParseDateTime(%q, %q): %v", in[0], in[1], err)
				continue
			}
			if !got.Equal(want) {
				t.Errorf("ParseDateTime(%q, %q) = %s, want %s", in[0], in[1], got, want)
			}
			if LocalDate(got) != row[1] || LocalClock(got) != row[2] {
				t.Errorf("ParseDateTime(%q, %q) shows as %s %s", in[0], in[1], LocalDate(got), LocalClock(got))
			}
		}
	}
}

func TestParseDateTime(t *testing.T) {
	want := time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC) // 08:30 in Vietnam
	for _, in := range [][2]string{
		{"05/12/2026", "08:30"}, {"5/12/2026", "8h30"}, {"05-12-2026", "08:30"},
		{"05/12/2026 08:30", ""}, {"2026-12-05T08:30", ""}, {"2026-12-05T08:30:00", ""},
	} {
		got, err := ParseDateTime(in[0], in[1])
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDateTime(%q, %q) = %s, %v; want %s", in[0], in[1], got, err, want)
		}
	}
	if got, err := ParseDateTime("2026-12-05T08:30:15", ""); err != nil || !got.Equal(want.Add(15*time.Second)) {
		t.Errorf("datetime-local with seconds: %s, %v", got, err)
	}
	for _, c := range []struct {
		date, clock string
		want        error
	}{
		{"31/02/2026", "08:30", ErrNoSuchDay},
		{"05/12/2026", "", ErrClockForm},
		{"05/12/2026", "25:00", ErrClockForm},
		{"", "08:30", ErrDayForm},
		{"12/5/2026 8:30 AM", "", ErrClockForm},
	} {
		if got, err := ParseDateTime(c.date, c.clock); !errors.Is(err, c.want) {
			t.Errorf("ParseDateTime(%q, %q) = %s, %v; want %v", c.date, c.clock, got, err, c.want)
		}
	}
}

func TestFieldMessage(t *testing.T) {
	_, err := ParseDay("31/02/2026")
	if got := FieldMessage("Ngày ban hành", "31/02/2026", err); !strings.HasPrefix(got, "Ngày ban hành không hợp lệ") || !strings.Contains(got, "«31/02/2026»") {
		t.Errorf("no such day: %q", got)
	}
	_, err = ParseDay("mai")
	if got := FieldMessage("Từ ngày", "mai", err); !strings.Contains(got, "Từ ngày không hợp lệ") || !strings.Contains(got, "ngày/tháng/năm") {
		t.Errorf("bad form: %q", got)
	}
	_, _, err = ParseClock("25:70")
	if got := FieldMessage("Giờ đăng", "25:70", err); !strings.Contains(got, "Giờ đăng không hợp lệ") || !strings.Contains(got, "giờ:phút") {
		t.Errorf("bad clock: %q", got)
	}
	long := strings.Repeat("ngày", 30)
	if got := FieldMessage("Ngày", long, ErrNoSuchDay); len(got) > 300 || !strings.Contains(got, "…") {
		t.Errorf("a long input is not cut: %q", got)
	}
}
