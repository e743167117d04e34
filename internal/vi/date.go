package vi

import (
	"strconv"
	"time"
)

// Zone is Vietnam time (ICT), a fixed UTC+07:00 zone. Vietnam has no
// daylight saving time, so this matches Asia/Ho_Chi_Minh for any date after
// 1975 without depending on tzdata.
var Zone = time.FixedZone("ICT", 7*60*60)

var weekdays = [...]string{
	time.Sunday:    "Chủ nhật",
	time.Monday:    "Thứ hai",
	time.Tuesday:   "Thứ ba",
	time.Wednesday: "Thứ tư",
	time.Thursday:  "Thứ năm",
	time.Friday:    "Thứ sáu",
	time.Saturday:  "Thứ bảy",
}

// Weekday returns the Vietnamese name of d with only the first word
// capitalised: "Chủ nhật" for Sunday, "Thứ hai" … "Thứ bảy" for Monday to
// Saturday. It returns "" for a value outside time.Sunday..time.Saturday.
func Weekday(d time.Weekday) string {
	if d < 0 || int(d) >= len(weekdays) {
		return ""
	}
	return weekdays[d]
}

// Date formats the calendar date of t, in t's own location, as
// "<weekday>, DD/MM/YYYY", for example "Thứ sáu, 10/03/2023". Use LocalDate
// for an instant that must be shown in Vietnam time.
func Date(t time.Time) string {
	y, m, d := t.Date()
	b := make([]byte, 0, 32)
	b = append(b, Weekday(t.Weekday())...)
	b = append(b, ", "...)
	b = appendInt(b, d, 2)
	b = append(b, '/')
	b = appendInt(b, int(m), 2)
	b = append(b, '/')
	b = appendInt(b, y, 4)
	return string(b)
}

// LocalDate formats the date of the instant t in Vietnam time (Zone), as
// Date does.
func LocalDate(t time.Time) string {
	return Date(t.In(Zone))
}

// LocalClock formats the time of day of the instant t in Vietnam time
// (Zone) as 24-hour "HH:MM".
func LocalClock(t time.Time) string {
	return t.In(Zone).Format("15:04")
}

// LocalDateTime formats the instant t in Vietnam time as its date and
// time of day, "Thứ sáu, 10/03/2023 08:30": LocalDate, a space, LocalClock.
func LocalDateTime(t time.Time) string {
	return LocalDate(t) + " " + LocalClock(t)
}

// HasClock reports whether the instant t carries a time of day in Vietnam
// time: false at exactly midnight, the time an imported date without a
// time of day is given.
func HasClock(t time.Time) bool {
	h, m, s := t.In(Zone).Clock()
	return h != 0 || m != 0 || s != 0 || t.Nanosecond() != 0
}

// AdminDate formats the calendar date of t, in t's own location, as written
// in administrative documents (Decree 30/2020/NĐ-CP, Appendix I):
// "ngày DD tháng M năm YYYY". The day has a leading zero below 10; the month
// has one only for January and February ("01", "02").
func AdminDate(t time.Time) string {
	y, m, d := t.Date()
	mw := 1
	if m <= time.February {
		mw = 2
	}
	b := make([]byte, 0, 40)
	b = append(b, "ngày "...)
	b = appendInt(b, d, 2)
	b = append(b, " tháng "...)
	b = appendInt(b, int(m), mw)
	b = append(b, " năm "...)
	b = appendInt(b, y, 1)
	return string(b)
}

// appendInt appends n in decimal, zero-padded to at least width digits.
func appendInt(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	digits := 1
	for x := n; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}
