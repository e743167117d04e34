// Package report is the monthly report a site sends upward: per category
// and per author (the byline), the articles published in the month and
// the views of their articles in the month; per unit, the citizens'
// questions received, answered, and answered within their deadline.
// Views are the visit counter's (no personal data, robots left out),
// filed under the month (Vietnam time) they happened in.
package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/vi"
)

// Month is a calendar month in Vietnam time.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "2026-11"; anything else is apperr.Invalid.
func ParseMonth(s string) (Month, error) {
	bad := apperr.New(apperr.Invalid, "Tháng không hợp lệ: hãy chọn tháng dạng năm-tháng, ví dụ 2026-11.")
	y, m, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok || len(y) != 4 || len(m) != 2 {
		return Month{}, bad
	}
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || yy < 2000 || yy > 2200 || mm < 1 || mm > 12 {
		return Month{}, bad
	}
	return Month{yy, time.Month(mm)}, nil
}

// MonthOf is the month of t in Vietnam time.
func MonthOf(t time.Time) Month {
	t = t.In(vi.Zone)
	return Month{t.Year(), t.Month()}
}

// String is "2026-11", the key the view counts are filed under.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is "tháng 11/2026".
func (m Month) Label() string { return fmt.Sprintf("tháng %d/%04d", int(m.Month), m.Year) }

// Bounds are the month's first instant and the next month's, in Vietnam
// time.
func (m Month) Bounds() (from, to time.Time) {
	from = time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, vi.Zone)
	return from, from.AddDate(0, 1, 0)
}

// Prev is the month before.
func (m Month) Prev() Month {
	from, _ := m.Bounds()
	return MonthOf(from.AddDate(0, 0, -1))
}

// Articles is one row of articles: a category or an author.
type Articles struct {
	Name      string
	Published int   // articles published in the month
	Views     int64 // views in the month of its articles (published any time)
}

// Questions is one unit's row of citizens' questions.
type Questions struct {
	Unit     string // "" for questions assigned to no unit
	Received int    // received in the month
	Answered int    // answered in the month
	OnTime   int    // of those, answered by their deadline
}

// Late is how many of the month's answers came after their deadline.
func (q Questions) Late() int { return q.Answered - q.OnTime }

// Store reads the month's figures of a site.
type Store interface {
	// ReportArticles returns the rows per category (by name) and per
	// byline (by name; "" for none) of the site's articles published in
	// [from, to) or viewed in month, leaving out rows of zeros.
	ReportArticles(ctx context.Context, siteID int64, from, to time.Time, month string) (categories, authors []Articles, err error)
	// ReportQuestions returns the rows per unit (by name) of the site's
	// questions received or answered in [from, to).
	ReportQuestions(ctx context.Context, siteID int64, from, to time.Time) ([]Questions, error)
}

// Report is a site's month.
type Report struct {
	Month      Month
	Categories []Articles
	Authors    []Articles
	Questions  []Questions
	// Totals of the rows.
	Published int
	Views     int64
	Total     Questions
}

// Build reads the report of the site's month.
func Build(ctx context.Context, s Store, siteID int64, m Month) (Report, error) {
	from, to := m.Bounds()
	r := Report{Month: m}
	var err error
	if r.Categories, r.Authors, err = s.ReportArticles(ctx, siteID, from.UTC(), to.UTC(), m.String()); err != nil {
		return r, err
	}
	if r.Questions, err = s.ReportQuestions(ctx, siteID, from.UTC(), to.UTC()); err != nil {
		return r, err
	}
	for _, c := range r.Categories {
		r.Published += c.Published
		r.Views += c.Views
	}
	for _, q := range r.Questions {
		r.Total.Received += q.Received
		r.Total.Answered += q.Answered
		r.Total.OnTime += q.OnTime
	}
	return r, nil
}
