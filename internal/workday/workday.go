// Package workday does the working-day arithmetic of administrative
// deadlines: a citizen's question must be answered within 15 working days
// of its receipt, weekends and public holidays excluded. Dates are calendar
// days in Vietnam time (vi.Zone).
package workday

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"trangtin/internal/vi"
)

// Date is a calendar day in Vietnam: vi.Day, the one civil-date type of
// the program.
type Date = vi.Day

// DateOf is the calendar day of t in Vietnam time.
func DateOf(t time.Time) Date { return vi.DayOf(t) }

// Calendar knows which days are public holidays. The zero Calendar has
// none but weekends.
type Calendar struct {
	fixed map[[2]int]bool // month, day: every year
	dates map[Date]bool   // one-off days, e.g. Tết and days swapped by decree
}

// FixedHolidays are the solar-calendar holidays of the Labour Code 2019
// (art. 112 ¶1) that fall on the same day every year: New Year (1/1),
// Reunification Day (30/4), Labour Day (1/5) and National Day (2/9), in
// calendar order. Tết, the Hùng Kings' day and the second National Day
// holiday (1/9 or 3/9) follow the lunar calendar or a yearly decision of
// the Prime Minister (art. 112 ¶3): add them with Vietnam or ParseCalendar.
//
// When a fixed holiday falls on a Saturday or a Sunday, the weekly rest
// days of public offices, the next working day is off instead (nghỉ bù,
// art. 111 ¶3); the calendar derives those days itself.
var FixedHolidays = [][2]int{{1, 1}, {4, 30}, {5, 1}, {9, 2}}

// Vietnam returns a calendar with the fixed holidays (and their
// compensatory days) and the extra dates.
func Vietnam(extra ...Date) Calendar {
	c := Calendar{fixed: map[[2]int]bool{}, dates: map[Date]bool{}}
	for _, f := range FixedHolidays {
		c.fixed[f] = true
	}
	for _, d := range extra {
		c.dates[d] = true
	}
	return c
}

// ParseCalendar returns Vietnam() plus the dates listed in s: YYYY-MM-DD
// separated by commas, spaces or new lines; a range YYYY-MM-DD..YYYY-MM-DD
// adds every day of it (for Tết). An empty s gives the fixed holidays only.
func ParseCalendar(s string) (Calendar, error) {
	c := Vietnam()
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == ';' || r == '\t' }) {
		from, to, isRange := strings.Cut(f, "..")
		a, err := parseDate(from)
		if err != nil {
			return c, err
		}
		b := a
		if isRange {
			if b, err = parseDate(to); err != nil {
				return c, err
			}
			if b.Before(a) || a.DaysUntil(b) > 31 {
				return c, fmt.Errorf("holidays: range %q must go forward and last at most a month", f)
			}
		}
		for d := a; !d.After(b); d = d.AddDays(1) {
			c.dates[d] = true
		}
	}
	return c, nil
}

func parseDate(s string) (Date, error) {
	d, err := vi.ParseDay(s)
	if err != nil || strings.Contains(s, "/") {
		return Date{}, fmt.Errorf("holidays: %q is not a date YYYY-MM-DD", s)
	}
	return d, nil
}

// Holidays lists the one-off dates, in order (for display).
func (c Calendar) Holidays() []Date {
	out := make([]Date, 0, len(c.dates))
	for d := range c.dates {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// IsWorkingDay reports whether d is neither a weekend day, nor a holiday,
// nor the compensatory day off of a fixed holiday that fell on a weekend.
func (c Calendar) IsWorkingDay(d Date) bool {
	if !c.isWeekdayNotHoliday(d) {
		return false
	}
	y, _, _ := d.Date()
	return !slices.Contains(c.Compensatory(y), d)
}

func (c Calendar) isWeekdayNotHoliday(d Date) bool {
	switch d.DayOfWeek() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, m, day := d.Date()
	return !c.fixed[[2]int{int(m), day}] && !c.dates[d]
}

// Compensatory lists the compensatory days off (nghỉ bù) of year: for
// each fixed holiday of the year on a Saturday or Sunday, in calendar
// order, the next weekday that is neither a holiday nor already another
// one's compensatory day (Labour Code 2019 art. 111 ¶3). 30/4 on a
// Saturday and 1/5 on a Sunday (2022) give Monday 2/5 and Tuesday 3/5;
// 30/4 on a Sunday (2023) gives Tuesday 2/5, Monday being 1/5. The days
// of the year's fixed holidays are always compensated within the year.
// Dates given with Vietnam or ParseCalendar are taken as listed: the
// yearly notice already places the compensatory days of Tết and the Hùng
// Kings' day, which belong in that list.
func (c Calendar) Compensatory(year int) []Date {
	var out []Date
	for _, f := range FixedHolidays {
		if !c.fixed[f] {
			continue
		}
		h := vi.NewDay(year, time.Month(f[0]), f[1])
		switch h.DayOfWeek() {
		case time.Saturday, time.Sunday:
		default:
			continue
		}
		d := h
		for {
			d = d.AddDays(1)
			if c.isWeekdayNotHoliday(d) && !slices.Contains(out, d) {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// AddWorkingDays returns the n-th working day after d (n >= 1); the day of
// receipt itself is not counted, whatever it is. n <= 0 returns d.
func (c Calendar) AddWorkingDays(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Deadline is the last moment to answer something received at received
// within n working days: the end (23:59:59.999, Vietnam time) of the n-th
// working day after the day of receipt.
func (c Calendar) Deadline(received time.Time, n int) time.Time {
	d := c.AddWorkingDays(DateOf(received), n)
	return d.End()
}
