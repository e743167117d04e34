package vi

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// What people type into a date or time field, read once for every form of
// the portal (admin and public): the day first, as Vietnamese write it, and
// the 24-hour clock, never the order of the browser's language.

// The errors of ParseDay and ParseClock. FieldMessage turns them into the
// Vietnamese message shown under a field.
var (
	// ErrDayForm: the text is not a date written as day/month/year.
	ErrDayForm = errors.New("vi: not a date (30/11/2026 or 2026-11-30)")
	// ErrNoSuchDay: the text has the shape of a date that does not exist
	// (31/02/2026, 00/12/2026, 05/13/2026).
	ErrNoSuchDay = errors.New("vi: no such day on the calendar")
	// ErrClockForm: the text is not a time of day as hh:mm (24-hour).
	ErrClockForm = errors.New("vi: not a time of day (08:30 or 14:05)")
)

// maxEntry bounds what the parsers look at: a date or time typed into a
// field is a few characters.
const maxEntry = 40

// ParseDay reads a calendar day as people type it: day/month/year with
// "/", "-" or "." between them (5/12/2026, 05/12/2026, 05-12-2026,
// 05.12.2026; one or two digits for day and month, four for the year),
// or ISO 2026-12-05 as stored, in old links and bookmarks. Spaces around
// are ignored. A date that has the shape but is not on the calendar
// (31/02/2026) is ErrNoSuchDay; anything else unreadable is ErrDayForm.
func ParseDay(s string) (Day, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxEntry {
		return Day{}, ErrDayForm
	}
	parts, sep := splitDate(s)
	if parts == nil {
		return Day{}, ErrDayForm
	}
	var y, m, d int
	switch {
	case sep == '-' && len(parts[0]) == 4: // ISO: year first
		if len(parts[1]) > 2 || len(parts[2]) > 2 {
			return Day{}, ErrDayForm
		}
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
		d, m, y = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	default:
		return Day{}, ErrDayForm
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Day{}, ErrNoSuchDay
	}
	return NewDay(y, time.Month(m), d), nil
}

// splitDate splits s into three runs of ASCII digits joined by one and
// the same separator, "/", "-" or "."; nil when s is not so made.
func splitDate(s string) ([]string, byte) {
	var sep byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			continue
		}
		if c != '/' && c != '-' && c != '.' || sep != 0 && c != sep {
			return nil, 0
		}
		sep = c
	}
	if sep == 0 {
		return nil, 0
	}
	parts := strings.Split(s, string(sep))
	if len(parts) != 3 {
		return nil, 0
	}
	for _, p := range parts {
		if p == "" {
			return nil, 0
		}
	}
	return parts, sep
}

// atoi reads a run of at most four ASCII digits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s) // only digits, checked by splitDate
	return n
}

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseClock reads a time of day on the 24-hour clock as people type it:
// 8:30, 08:30, 14:05, also 8h30, 8h and 08.30. Spaces around are ignored.
// It returns the hour (0–23) and minute (0–59), or ErrClockForm.
func ParseClock(s string) (hour, minute int, err error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > maxEntry {
		return 0, 0, ErrClockForm
	}
	i := strings.IndexAny(s, ":h.")
	if i < 0 {
		return 0, 0, ErrClockForm
	}
	hs, ms := s[:i], s[i+1:]
	if ms == "" && s[i] == 'h' {
		ms = "00" // "8h": eight o'clock
	}
	if !digits(hs, 1, 2) || !digits(ms, 2, 2) {
		return 0, 0, ErrClockForm
	}
	hour, minute = atoi(hs), atoi(ms)
	if hour > 23 || minute > 59 {
		return 0, 0, ErrClockForm
	}
	return hour, minute, nil
}

// digits reports whether s is from min to max ASCII digits.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// At is the instant of the time of day hour:minute on d in Vietnam.
func (d Day) At(hour, minute int) time.Time {
	return d.Start().Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// Clock formats a time of day as the form shows it back, "08:30".
func Clock(hour, minute int) string {
	return string(appendInt(append(appendInt(nil, hour, 2), ':'), minute, 2))
}

// ParseDateTime reads an instant in Vietnam time from a date field and a
// time field (ParseDay, ParseClock). When clock is empty, date may hold
// both, "05/12/2026 08:30", or be an ISO date and time as the native
// datetime-local field sent it, "2026-12-05T08:30" (seconds kept when
// given, "2026-12-05T08:30:15"). The error is one of
// ParseDay's, or ErrClockForm for the time of day (a missing time too).
func ParseDateTime(date, clock string) (time.Time, error) {
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	sec := 0
	if clock == "" {
		if i := strings.IndexAny(date, "T "); i > 0 {
			date, clock = date[:i], strings.TrimSpace(date[i+1:])
			if len(clock) == len("15:04:05") && clock[5] == ':' && digits(clock[6:], 2, 2) && atoi(clock[6:]) < 60 {
				clock, sec = clock[:5], atoi(clock[6:]) // datetime-local with seconds
			}
		}
	}
	d, err := ParseDay(date)
	if err != nil {
		return time.Time{}, err
	}
	h, m, err := ParseClock(clock)
	if err != nil {
		return time.Time{}, err
	}
	return d.At(h, m).Add(time.Duration(sec) * time.Second), nil
}

// FieldMessage is the Vietnamese message shown under the date or time
// field named label ("Ngày ban hành", "Giờ bắt đầu") when its text input
// was refused with err by ParseDay, ParseClock or ParseDateTime.
func FieldMessage(label, input string, err error) string {
	input = strings.TrimSpace(input)
	if len(input) > maxEntry {
		cut := maxEntry
		for cut > 0 && !utf8.RuneStart(input[cut]) {
			cut--
		}
		input = input[:cut] + "…"
	}
	switch {
	case errors.Is(err, ErrNoSuchDay):
		return label + " không hợp lệ: không có ngày «" + input + "» trên lịch. Vui lòng kiểm tra lại ngày và tháng (ngày/tháng/năm, ví dụ 05/12/2026)."
	case errors.Is(err, ErrClockForm):
		return label + " không hợp lệ: vui lòng nhập giờ theo dạng giờ:phút (24 giờ), ví dụ 08:30 hoặc 14:05."
	default:
		return label + " không hợp lệ: vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."
	}
}
