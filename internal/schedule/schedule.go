// Package schedule is the leaders' weekly work schedule (lịch công tác):
// entries by Vietnam calendar day and session, the ISO week they fall in,
// and the rules an entry must satisfy before it is stored.
//
// Entries are published when saved unless the editor keeps them as a draft:
// the schedule is an operational notice kept by the office (văn phòng),
// changed at short notice (a meeting moves to the afternoon), and a second
// approval step would leave the public schedule wrong in the meantime. The
// permission to manage it (user.ActionScheduleManage) is the control, and
// every change is recorded in the audit log. Published entries are never
// deleted: withdrawing hides them.
package schedule

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Session is a part of the day.
type Session string

const (
	Morning   Session = "sang"
	Afternoon Session = "chieu"
)

// Sessions in the order of the day.
var Sessions = []Session{Morning, Afternoon}

// Label is the Vietnamese name of the session.
func (s Session) Label() string {
	switch s {
	case Morning:
		return "Sáng"
	case Afternoon:
		return "Chiều"
	}
	return ""
}

// Valid reports whether s is a known session.
func (s Session) Valid() bool { return s == Morning || s == Afternoon }

// Status is an entry's state.
type Status string

const (
	Draft     Status = "draft"     // kept by the office, not public yet
	Published Status = "published" // shown on the public schedule
	Withdrawn Status = "withdrawn" // taken down; kept for the record
)

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Bản nháp"
	case Published:
		return "Đã công bố"
	case Withdrawn:
		return "Đã gỡ"
	}
	return ""
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Draft || s == Published || s == Withdrawn }

// Entry is one item of the schedule.
type Entry struct {
	ID           int64
	SiteID       int64
	Day          Day     // Vietnam calendar date
	Session      Session // sáng or chiều
	Time         string  // "" or "HH:MM"
	Leader       string  // name
	Position     string  // e.g. "Chủ tịch UBND xã"
	Content      string
	Place        string
	Participants string
	Preparer     string // đơn vị chuẩn bị, optional
	Status       Status
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64 // the edit version read; an update of another is ErrStale
}

// ErrStale is an update of an entry someone else changed after it was
// read (its Version is no longer the stored one).
var ErrStale = apperr.New(apperr.Conflict, "Mục lịch này vừa được người khác sửa. Nội dung bạn nhập vẫn được giữ bên dưới: hãy xem lại rồi bấm Lưu để ghi đè.")

// Filter selects entries.
type Filter struct {
	SiteID   int64
	From, To Day      // inclusive; zero: no bound
	Statuses []Status // empty: any
}

// Store persists entries.
type Store interface {
	// CreateScheduleEntry saves a new entry and appends a (when not nil,
	// naming the entry when it names nothing) to the audit log in the same
	// transaction.
	CreateScheduleEntry(ctx context.Context, e *Entry, a *audit.Entry) error
	// UpdateScheduleEntry saves every field but SiteID, CreatedBy and
	// CreatedAt if e.Version is still the stored version (else ErrStale),
	// sets UpdatedAt, adds one to Version, and appends a as
	// CreateScheduleEntry does.
	UpdateScheduleEntry(ctx context.Context, e *Entry, a *audit.Entry) error
	FindScheduleEntry(ctx context.Context, siteID, id int64) (Entry, error)
	// FindScheduleEntries returns matching entries ordered by day, session
	// (morning first), time ("" first), then ID.
	FindScheduleEntries(ctx context.Context, f Filter) ([]Entry, error)
}

// Limits on the length of each text, in characters.
const (
	MaxLeader       = 200
	MaxPosition     = 200
	MaxContent      = 2000
	MaxPlace        = 300
	MaxParticipants = 1000
	MaxPreparer     = 300
)

// Problems maps a form field to what is wrong with it.
type Problems map[string]string

// Clean trims and normalises e's texts (vi.Line, vi.Text for the
// multi-line Content) and checks it, returning one message per field in
// Vietnamese; an empty map means e may be stored.
func Clean(e *Entry) Problems {
	p := Problems{}
	for _, f := range []*string{&e.Time, &e.Leader, &e.Position, &e.Place, &e.Participants, &e.Preparer} {
		*f = vi.Line(*f)
	}
	e.Content = vi.Text(e.Content)
	if e.Day.IsZero() {
		p["ngay"] = "Vui lòng chọn ngày (ngày/tháng/năm)."
	}
	if !e.Session.Valid() {
		p["buoi"] = "Vui lòng chọn buổi sáng hoặc buổi chiều."
	}
	if e.Time != "" {
		h, m, err := vi.ParseClock(e.Time)
		if err != nil {
			p["gio"] = vi.FieldMessage("Giờ bắt đầu", e.Time, err)
		} else {
			e.Time = vi.Clock(h, m)
			if e.Session == Morning && h >= 13 {
				p["gio"] = "Giờ này thuộc buổi chiều; hãy chọn buổi chiều hoặc sửa giờ."
			} else if e.Session == Afternoon && h < 11 {
				p["gio"] = "Giờ này thuộc buổi sáng; hãy chọn buổi sáng hoặc sửa giờ."
			}
		}
	}
	text := func(field, v, label string, required bool, max int) {
		switch {
		case v == "" && required:
			p[field] = "Vui lòng nhập " + label + "."
		case utf8.RuneCountInString(v) > max:
			p[field] = fmt.Sprintf("%s dài quá %d ký tự.", capitalise(label), max)
		}
	}
	text("lanh-dao", e.Leader, "tên lãnh đạo", true, MaxLeader)
	text("chuc-vu", e.Position, "chức vụ", false, MaxPosition)
	text("cong-viec", e.Content, "nội dung công việc", true, MaxContent)
	text("dia-diem", e.Place, "địa điểm", false, MaxPlace)
	text("thanh-phan", e.Participants, "thành phần", false, MaxParticipants)
	text("don-vi", e.Preparer, "đơn vị chuẩn bị", false, MaxPreparer)
	if !e.Status.Valid() {
		p["trang-thai"] = "Trạng thái không hợp lệ."
	}
	return p
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// Day is a calendar date in Vietnam, without a time of day: vi.Day, the
// one civil-date type of the program.
type Day = vi.Day

// DayOf returns the Vietnam calendar date of the instant t.
func DayOf(t time.Time) Day { return vi.DayOf(t) }

// NewDay returns the given date (normalised, as time.Date does).
func NewDay(y int, m time.Month, d int) Day { return vi.NewDay(y, m, d) }

// ParseDay reads a day as vi.ParseDay does (30/11/2026, 30-11-2026,
// 2026-11-30); anything else is Invalid, with the message to show.
func ParseDay(s string) (Day, error) {
	d, err := vi.ParseDay(s)
	if err != nil {
		return Day{}, apperr.New(apperr.Invalid, vi.FieldMessage("Ngày", s, err))
	}
	return d, nil
}

// Week is an ISO 8601 week: Monday to Sunday.
type Week struct {
	Year, Number int
}

// WeekOf returns the week of the Vietnam calendar date of the instant t.
func WeekOf(t time.Time) Week { return WeekOfDay(DayOf(t)) }

// WeekOfDay returns the ISO week d falls in.
func WeekOfDay(d Day) Week {
	y, n := d.ISOWeek()
	return Week{y, n}
}

// ParseWeek reads "2026-W48" (also "2026-w48" and "2026W48").
func ParseWeek(s string) (Week, error) {
	bad := apperr.New(apperr.Invalid, "Tuần không hợp lệ; ví dụ đúng: 2026-W48.")
	s = strings.ToUpper(strings.TrimSpace(s))
	y, n, ok := strings.Cut(strings.Replace(s, "-W", "W", 1), "W")
	if !ok || len(y) != 4 || len(n) < 1 || len(n) > 2 {
		return Week{}, bad
	}
	year, err1 := strconv.Atoi(y)
	num, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || year < 1900 || year > 9999 || num < 1 {
		return Week{}, bad
	}
	w := Week{year, num}
	if WeekOfDay(w.Monday()) != w { // week 53 of a year with 52
		return Week{}, bad
	}
	return w, nil
}

// String is the ISO form, 2026-W48.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Number) }

// Monday is the first day of w.
func (w Week) Monday() Day {
	// 4 January is always in week 1.
	jan4 := vi.NewDay(w.Year, time.January, 4)
	offset := (int(jan4.DayOfWeek()) + 6) % 7 // days since Monday
	return jan4.AddDays(-offset + 7*(w.Number-1))
}

// Sunday is the last day of w.
func (w Week) Sunday() Day { return w.Monday().AddDays(6) }

// Days are Monday to Sunday.
func (w Week) Days() []Day {
	out := make([]Day, 7)
	m := w.Monday()
	for i := range out {
		out[i] = m.AddDays(i)
	}
	return out
}

// Prev and Next are the neighbouring weeks.
func (w Week) Prev() Week { return WeekOfDay(w.Monday().AddDays(-7)) }
func (w Week) Next() Week { return WeekOfDay(w.Monday().AddDays(7)) }

// Label is "Tuần 48 (30/11/2026 - 06/12/2026)".
func (w Week) Label() string {
	return fmt.Sprintf("Tuần %d (%s - %s)", w.Number, w.Monday().Numeric(), w.Sunday().Numeric())
}

// Service reads and writes the schedule.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Store is the underlying store.
func (s *Service) Store() Store { return s.store }

// PublicWeek returns the published entries of w.
func (s *Service) PublicWeek(ctx context.Context, siteID int64, w Week) ([]Entry, error) {
	return s.store.FindScheduleEntries(ctx, Filter{SiteID: siteID, From: w.Monday(), To: w.Sunday(), Statuses: []Status{Published}})
}

// Save validates e and creates it (ID 0) or updates it, with its audit
// entry a in the same transaction. A published entry cannot go back to
// draft: it is withdrawn instead, so the public record of what was
// announced stays.
func (s *Service) Save(ctx context.Context, e *Entry, a *audit.Entry) (Problems, error) {
	if p := Clean(e); len(p) > 0 {
		return p, apperr.New(apperr.Invalid, "Lịch công tác chưa hợp lệ; vui lòng sửa các mục được đánh dấu.")
	}
	if e.ID == 0 {
		if e.Status == Withdrawn {
			return Problems{"trang-thai": "Không thể tạo mục lịch ở trạng thái đã gỡ."}, apperr.New(apperr.Invalid, "Trạng thái không hợp lệ.")
		}
		return nil, s.store.CreateScheduleEntry(ctx, e, a)
	}
	old, err := s.store.FindScheduleEntry(ctx, e.SiteID, e.ID)
	if err != nil {
		return nil, err
	}
	if old.Status != Draft && e.Status == Draft {
		return Problems{"trang-thai": "Mục lịch đã công bố không thể trở lại bản nháp; hãy gỡ nếu cần."}, apperr.New(apperr.Invalid, "Trạng thái không hợp lệ.")
	}
	e.CreatedBy, e.CreatedAt = old.CreatedBy, old.CreatedAt
	return nil, s.store.UpdateScheduleEntry(ctx, e, a)
}
