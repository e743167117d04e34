package vi

import "time"

// Day is a calendar day in Vietnam, without a time of day: a date of the
// work schedule, a public holiday, a deadline's day. The zero Day is no
// day. Days compare with == and serve as map keys.
type Day struct{ t time.Time } // midnight UTC of that date; zero: no day

// DayOf returns the Vietnam calendar date of the instant t.
func DayOf(t time.Time) Day {
	y, m, d := t.In(Zone).Date()
	return NewDay(y, m, d)
}

// NewDay returns the given date (normalised, as time.Date does: 31 April
// is 1 May).
func NewDay(y int, m time.Month, d int) Day { return Day{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// IsZero reports whether d is no day.
func (d Day) IsZero() bool { return d.t.IsZero() }

// String is the ISO form, 2026-11-30, as stored; "" for no day.
func (d Day) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Midnight is midnight UTC of d (the zero time for no day): an instant
// carrying d's date, for what orders days among instants.
func (d Day) Midnight() time.Time { return d.t }

// Date returns the year, month and day of d.
func (d Day) Date() (int, time.Month, int) { return d.t.Date() }

// Display is the Vietnamese form, "Thứ hai, 30/11/2026".
func (d Day) Display() string { return Date(d.t) }

// Numeric is "30/11/2026".
func (d Day) Numeric() string { return d.t.Format("02/01/2006") }

// Short is "30/11".
func (d Day) Short() string { return d.t.Format("02/01") }

// Weekday is the Vietnamese weekday name, "Thứ hai".
func (d Day) Weekday() string { return Weekday(d.t.Weekday()) }

// DayOfWeek is d's day of the week.
func (d Day) DayOfWeek() time.Weekday { return d.t.Weekday() }

// ISOWeek is the ISO 8601 year and week number of d.
func (d Day) ISOWeek() (year, week int) { return d.t.ISOWeek() }

// AddDays returns the day n days later (earlier for n < 0).
func (d Day) AddDays(n int) Day { return Day{d.t.AddDate(0, 0, n)} }

// Equal reports whether d and e are the same day (as ==; also what
// comparison libraries look for).
func (d Day) Equal(e Day) bool { return d == e }

// Before reports whether d comes before e.
func (d Day) Before(e Day) bool { return d.t.Before(e.t) }

// After reports whether d comes after e.
func (d Day) After(e Day) bool { return d.t.After(e.t) }

// DaysUntil is the number of days from d to e (negative when e is
// before d).
func (d Day) DaysUntil(e Day) int { return int(e.t.Sub(d.t) / (24 * time.Hour)) }

// Start is the instant d begins in Vietnam.
func (d Day) Start() time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Zone)
}

// End is the last millisecond of d in Vietnam (23:59:59.999).
func (d Day) End() time.Time { return d.AddDays(1).Start().Add(-time.Millisecond) }
