package admin

import (
	"errors"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/schedule"
	"trangtin/internal/user"
)

// The work schedule's pages: a week of entries in every status, and the
// form that adds or edits one. Saving publishes at once unless the editor
// keeps a draft (see package schedule for why); every change is audited.
const pathSchedule = "/quan-tri/lich-cong-tac"

// registerEngagement adds the schedule and ratings pages, for the
// services that are set.
func (s *Server) registerEngagement(mux *http.ServeMux) {
	page := func(pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	if s.schedule != nil {
		page("GET "+pathSchedule, user.ActionScheduleManage, s.scheduleList)
		page("GET "+pathSchedule+"/moi", user.ActionScheduleManage, s.scheduleEdit)
		page("POST "+pathSchedule+"/moi", user.ActionScheduleManage, s.scheduleSave)
		page("GET "+pathSchedule+"/{id}", user.ActionScheduleManage, s.scheduleEdit)
		page("POST "+pathSchedule+"/{id}", user.ActionScheduleManage, s.scheduleSave)
	}
	if s.ratings != nil {
		page("GET "+pathRatings, user.ActionRatingView, s.ratingList)
	}
}

// ScheduleListPage is /quan-tri/lich-cong-tac?tuan=…
type ScheduleListPage struct {
	Layout
	WeekLabel         string
	PrevURL, NextURL  string
	ThisWeekURL       string
	NewURL            string
	Days              []ScheduleAdminDay
	Notice            string
	PublicURL         string
	Count, DraftCount int
}

// ScheduleAdminDay is a day of the week with its entries.
type ScheduleAdminDay struct {
	Display string
	NewURL  string
	Rows    []ScheduleAdminRow
}

// ScheduleAdminRow is one entry in the list.
type ScheduleAdminRow struct {
	schedule.Entry
	URL          string
	SessionLabel string
	StatusLabel  string
	StatusKey    string // for the badge: published, draft, withdrawn
}

func scheduleWeekURL(w schedule.Week) string { return pathSchedule + "?tuan=" + w.String() }

func (s *Server) scheduleList(w http.ResponseWriter, r *http.Request, acc *account) error {
	week := schedule.WeekOf(s.now())
	if q := r.URL.Query().Get("tuan"); q != "" {
		var err error
		if week, err = schedule.ParseWeek(q); err != nil {
			return err
		}
	}
	entries, err := s.schedule.Store().FindScheduleEntries(r.Context(), schedule.Filter{SiteID: acc.Site.ID, From: week.Monday(), To: week.Sunday()})
	if err != nil {
		return err
	}
	p := ScheduleListPage{Layout: s.layout(acc, "Lịch công tác", pathSchedule), WeekLabel: week.Label(), PrevURL: scheduleWeekURL(week.Prev()),
		NextURL: scheduleWeekURL(week.Next()), ThisWeekURL: pathSchedule, NewURL: pathSchedule + "/moi?ngay=" + week.Monday().String(),
		PublicURL: "/lich-cong-tac?tuan=" + week.String(), Count: len(entries)}
	switch r.URL.Query().Get("da-luu") {
	case "1":
		p.Notice = "Đã lưu mục lịch công tác."
	}
	byDay := map[string][]ScheduleAdminRow{}
	for _, e := range entries {
		label := e.Session.Label()
		if e.Time != "" {
			label += " " + e.Time
		}
		if e.Status == schedule.Draft {
			p.DraftCount++
		}
		byDay[e.Day.String()] = append(byDay[e.Day.String()], ScheduleAdminRow{Entry: e, URL: pathSchedule + "/" + strconv.FormatInt(e.ID, 10),
			SessionLabel: label, StatusLabel: e.Status.Label(), StatusKey: statusKey(e.Status)})
	}
	for _, d := range week.Days() {
		p.Days = append(p.Days, ScheduleAdminDay{Display: d.Display(), NewURL: pathSchedule + "/moi?ngay=" + d.String(), Rows: byDay[d.String()]})
	}
	return s.render(w, http.StatusOK, "schedule", p)
}

func statusKey(st schedule.Status) string {
	if st == schedule.Draft {
		return "submitted"
	}
	return string(st)
}

// ScheduleEditPage is the form of one entry.
type ScheduleEditPage struct {
	Layout
	Form
	Heading  string
	Action   string
	New      bool
	Entry    ScheduleFormValues
	Sessions []Option
	Statuses []Option
	BackURL  string
}

// FieldView is one text field of the schedule form.
type FieldView struct {
	Name, Label, Type, Value, Hint string
	Required, Invalid, Focus       bool
	Error, Describe                string
}

// Field describes a field of the form for the "sched-field" template.
func (p ScheduleEditPage) Field(name, label, typ, value, hint string, required bool) FieldView {
	var hints []string
	if hint != "" {
		hints = append(hints, name+"-goi-y")
	}
	return FieldView{Name: name, Label: label, Type: typ, Value: value, Hint: hint, Required: required,
		Invalid: p.Form.Invalid(name), Focus: p.Form.FocusFirst(name), Error: p.Form.Error(name), Describe: p.Form.Describe(name, hints...)}
}

// ScheduleFormValues are the form's fields as typed.
type ScheduleFormValues struct {
	Day, Session, Time, Leader, Position, Content, Place, Participants, Preparer, Status string
	Version                                                                              string // the edit version the form was read at
}

var scheduleFieldOrder = []string{"ngay", "buoi", "gio", "lanh-dao", "chuc-vu", "cong-viec", "dia-diem", "thanh-phan", "don-vi", "trang-thai"}

func valuesOf(e schedule.Entry) ScheduleFormValues {
	day := ""
	if !e.Day.IsZero() {
		day = e.Day.Numeric()
	}
	return ScheduleFormValues{Day: day, Session: string(e.Session), Time: e.Time, Leader: e.Leader, Position: e.Position, Content: e.Content,
		Place: e.Place, Participants: e.Participants, Preparer: e.Preparer, Status: string(e.Status), Version: strconv.FormatInt(e.Version, 10)}
}

func (s *Server) scheduleForm(acc *account, e schedule.Entry, v ScheduleFormValues, f Form) ScheduleEditPage {
	p := ScheduleEditPage{Form: f, Entry: v, New: e.ID == 0}
	p.Form.Order = scheduleFieldOrder
	if p.New {
		p.Heading, p.Action = "Thêm mục lịch công tác", pathSchedule+"/moi"
	} else {
		p.Heading, p.Action = "Sửa mục lịch công tác", pathSchedule+"/"+strconv.FormatInt(e.ID, 10)
	}
	p.Layout = s.layout(acc, p.Heading, pathSchedule)
	for _, sess := range schedule.Sessions {
		p.Sessions = append(p.Sessions, Option{Value: string(sess), Label: sess.Label(), Selected: v.Session == string(sess)})
	}
	statuses := []schedule.Status{schedule.Published, schedule.Draft}
	if !p.New && e.Status != schedule.Draft {
		statuses = []schedule.Status{schedule.Published, schedule.Withdrawn}
	} else if !p.New {
		statuses = []schedule.Status{schedule.Published, schedule.Draft, schedule.Withdrawn}
	}
	labels := map[schedule.Status]string{schedule.Published: "Công bố ngay trên lịch công khai", schedule.Draft: "Lưu bản nháp (chưa công bố)",
		schedule.Withdrawn: "Gỡ khỏi lịch công khai (vẫn lưu để đối chiếu)"}
	for _, st := range statuses {
		p.Statuses = append(p.Statuses, Option{Value: string(st), Label: labels[st], Selected: v.Status == string(st)})
	}
	week := schedule.WeekOf(s.now())
	if d, err := schedule.ParseDay(v.Day); err == nil {
		week = schedule.WeekOfDay(d)
	}
	p.BackURL = scheduleWeekURL(week)
	return p
}

func (s *Server) findScheduleEntry(r *http.Request, acc *account) (schedule.Entry, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return schedule.Entry{}, apperr.New(apperr.NotFound, "Không tìm thấy mục lịch công tác.")
	}
	return s.schedule.Store().FindScheduleEntry(r.Context(), acc.Site.ID, id)
}

func (s *Server) scheduleEdit(w http.ResponseWriter, r *http.Request, acc *account) error {
	e := schedule.Entry{Session: schedule.Morning, Status: schedule.Published}
	if r.PathValue("id") != "" {
		var err error
		if e, err = s.findScheduleEntry(r, acc); err != nil {
			return err
		}
	} else if d, err := schedule.ParseDay(r.URL.Query().Get("ngay")); err == nil {
		e.Day = d
	} else {
		e.Day = schedule.DayOf(s.now())
	}
	return s.render(w, http.StatusOK, "schedule-edit", s.scheduleForm(acc, e, valuesOf(e), Form{}))
}

func (s *Server) scheduleSave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	e := schedule.Entry{SiteID: acc.Site.ID, CreatedBy: acc.User.ID}
	var old schedule.Entry
	if r.PathValue("id") != "" {
		var err error
		if old, err = s.findScheduleEntry(r, acc); err != nil {
			return err
		}
		e.ID = old.ID
	}
	pf := r.PostForm
	v := ScheduleFormValues{Day: pf.Get("ngay"), Session: pf.Get("buoi"), Time: pf.Get("gio"), Leader: pf.Get("lanh-dao"), Position: pf.Get("chuc-vu"),
		Content: pf.Get("cong-viec"), Place: pf.Get("dia-diem"), Participants: pf.Get("thanh-phan"), Preparer: pf.Get("don-vi"), Status: pf.Get("trang-thai"),
		Version: pf.Get("phien-ban")}
	e.Version, _ = strconv.ParseInt(v.Version, 10, 64) // unreadable: 0, which no stored entry has
	var f Form
	if v.Day != "" {
		d, err := schedule.ParseDay(v.Day)
		if err != nil {
			f.add("ngay", apperr.MessageOf(err))
		}
		e.Day = d
	}
	e.Session, e.Time, e.Leader, e.Position, e.Content = schedule.Session(v.Session), v.Time, v.Leader, v.Position, v.Content
	e.Place, e.Participants, e.Preparer, e.Status = v.Place, v.Participants, v.Preparer, schedule.Status(v.Status)
	if f.OK() {
		problems, err := s.schedule.Save(r.Context(), &e, s.scheduleAudit(r, acc, old, e))
		if errors.Is(err, schedule.ErrStale) {
			// Someone saved the entry meanwhile: show what was typed over
			// the version now stored, so that saving again overwrites it.
			cur, ferr := s.findScheduleEntry(r, acc)
			if ferr != nil {
				return ferr
			}
			v.Version = strconv.FormatInt(cur.Version, 10)
			return s.render(w, http.StatusConflict, "schedule-edit", s.scheduleForm(acc, cur, v, Form{Alert: apperr.MessageOf(err)}))
		}
		for _, field := range scheduleFieldOrder {
			if msg, ok := problems[field]; ok {
				f.add(field, msg)
			}
		}
		if err != nil && len(problems) == 0 {
			return err
		}
	} else {
		// Report every other problem with the day's one.
		for field, msg := range schedule.Clean(&e) {
			if field != "ngay" {
				f.add(field, msg)
			}
		}
	}
	if !f.OK() {
		return s.render(w, http.StatusUnprocessableEntity, "schedule-edit", s.scheduleForm(acc, old, v, f))
	}
	// This node's page cache follows the site version at once; other
	// nodes within their refresh interval.
	if err := s.sites.Refresh(r.Context()); err != nil {
		s.log.Warn("refresh sites after a schedule change", "err", err)
	}
	http.Redirect(w, r, scheduleWeekURL(schedule.WeekOfDay(e.Day))+"&da-luu=1", http.StatusSeeOther)
	return nil
}

// scheduleAudit is the audit entry of saving e over old (zero for a new
// entry), written with the change.
func (s *Server) scheduleAudit(r *http.Request, acc *account, old, e schedule.Entry) *audit.Entry {
	action, detail := "schedule.create", map[string]string{"day": e.Day.String(), "session": string(e.Session), "time": e.Time,
		"leader": clip(e.Leader, 100), "content": clip(e.Content, 200), "status": string(e.Status)}
	if old.ID != 0 {
		action = "schedule.update"
		if old.Status != e.Status {
			detail["previous_status"] = string(old.Status)
			if e.Status == schedule.Withdrawn {
				action = "schedule.withdraw"
			}
		}
	}
	return s.auditEntry(r, acc, action, "", detail)
}

// auditEntry is an entry for acc's action on object (empty: the store
// names what it wrote), to pass into the store call that makes the change
// so that both commit together.
func (s *Server) auditEntry(r *http.Request, acc *account, action, object string, detail map[string]string) *audit.Entry {
	return &audit.Entry{At: s.now(), SiteID: acc.Site.ID, ActorID: acc.User.ID, Actor: acc.User.Email, IP: s.clientIP(r),
		Action: action, Object: object, Detail: detail}
}
