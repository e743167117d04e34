package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// The units that answer citizens' questions (/quan-tri/don-vi, for those
// who manage the site's accounts): create, rename, archive and reopen a
// unit; add an account to it by e-mail (a new account, without any role,
// gets a one-time password shown once) or remove one. A unit member sees
// Hỏi đáp and Hộp thư with their unit's questions only.

const pathUnits = "/quan-tri/don-vi"

// UnitsPage lists the site's units.
type UnitsPage struct {
	Layout
	Form
	Units    []UnitRow
	Name     string // the new unit's name, as typed
	Notice   string
	Password string // a new member's one-time password, shown once
	NewEmail string // whose
}

// UnitRow is one unit with its members.
type UnitRow struct {
	question.Unit
	Members []UnitMember
	Error   string // a problem with a form of this unit
	Email   string // the member's e-mail, as typed
	MName   string // the member's name, as typed
	Rename  string // the new name, as typed
}

// UnitMember is one account of a unit.
type UnitMember struct {
	ID    int64
	Name  string
	Email string
}

func (s *Server) registerUnits(mux *http.ServeMux) {
	if s.questions == nil || s.questions.Units() == nil {
		return
	}
	s.adminPage(mux, "GET "+pathUnits, user.ActionUserManage, s.unitsView)
	s.adminPage(mux, "POST "+pathUnits, user.ActionUserManage, s.unitsAdd)
	s.adminPage(mux, "POST "+pathUnits+"/{id}/{action}", user.ActionUserManage, s.unitsAct)
}

// questionActor is the signed-in user as the questions' workflow sees
// them, with the units they belong to on this site.
func (s *Server) questionActor(r *http.Request, acc *account) question.Actor {
	return question.Actor{User: acc.User, IP: s.clientIP(r), Can: func(x user.Action) bool { return s.can(acc, x) },
		Units: unitIDs(s.memberUnits(r.Context(), acc))}
}

// memberUnits are the site's active units the account belongs to, read
// once per request (none when they cannot be read: no right is given).
func (s *Server) memberUnits(ctx context.Context, acc *account) []question.Unit {
	if acc.unitsRead {
		return acc.units
	}
	acc.unitsRead = true
	if s.questions == nil || acc.User.Disabled {
		return nil
	}
	us := s.questions.Units()
	if us == nil {
		return nil
	}
	units, err := us.FindMemberUnits(ctx, acc.Site.ID, acc.User.ID)
	if err != nil {
		s.log.Warn("units of an account", "user", acc.User.ID, "err", err)
		return nil
	}
	acc.units = units
	return units
}

func unitIDs(units []question.Unit) []int64 {
	ids := []int64{}
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	return ids
}

// requireCanOrUnit is requireCan that also lets a member of one of the
// site's units through (the pages then show them their unit's part only).
func (s *Server) requireCanOrUnit(a user.Action, next http.Handler) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		acc := accountFrom(r.Context())
		if acc == nil {
			return apperr.New(apperr.Unauthorized, "")
		}
		if !s.can(acc, a) && len(s.memberUnits(r.Context(), acc)) == 0 {
			return apperr.Errorf(apperr.Forbidden,
				"Tài khoản của bạn không có quyền “%s” trên %s. Nếu bạn cần quyền này, hãy liên hệ quản trị viên của trang.",
				a.Label(), acc.Site.Name)
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// unitChoices fills the question page's choice of units.
func (s *Server) unitChoices(r *http.Request, acc *account, p *QuestionPage) error {
	us := s.questions.Units()
	if us == nil {
		return nil
	}
	units, err := us.FindUnits(r.Context(), acc.Site.ID)
	if err != nil {
		return err
	}
	if s.can(acc, user.ActionUserManage) {
		p.UnitsURL = pathUnits
	}
	var opts []Option
	for _, u := range units {
		if !u.Archived {
			opts = append(opts, Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == p.Q.UnitID})
		}
	}
	if len(opts) > 0 {
		p.Units = append([]Option{{Value: "", Label: "Chọn đơn vị"}}, opts...)
	}
	return nil
}

func (s *Server) unitsPage(r *http.Request, acc *account) (UnitsPage, error) {
	p := UnitsPage{Layout: s.layout(acc, "Đơn vị trả lời", pathUnits)}
	p.Form.Order = []string{"name"}
	us := s.questions.Units()
	units, err := us.FindUnits(r.Context(), acc.Site.ID)
	if err != nil {
		return p, err
	}
	for _, u := range units {
		row := UnitRow{Unit: u, Rename: u.Name}
		ids, err := us.FindUnitMembers(r.Context(), acc.Site.ID, u.ID)
		if err != nil {
			return p, err
		}
		for _, id := range ids {
			m, err := s.users.FindUserByID(r.Context(), id)
			if apperr.Is(err, apperr.NotFound) {
				continue
			}
			if err != nil {
				return p, err
			}
			row.Members = append(row.Members, UnitMember{ID: m.ID, Name: m.Name, Email: m.Email})
		}
		p.Units = append(p.Units, row)
	}
	return p, nil
}

var unitNotices = map[string]string{
	"them": "Đã thêm đơn vị.", "sua": "Đã đổi tên đơn vị.", "luu-tru": "Đã lưu trữ đơn vị: đơn vị không nhận câu hỏi mới.",
	"mo-lai": "Đã mở lại đơn vị.", "them-nguoi": "Đã thêm tài khoản vào đơn vị.", "bot-nguoi": "Đã bỏ tài khoản khỏi đơn vị.",
}

func (s *Server) unitsView(w http.ResponseWriter, r *http.Request, acc *account) error {
	p, err := s.unitsPage(r, acc)
	if err != nil {
		return err
	}
	p.Notice = unitNotices[r.URL.Query().Get("xong")]
	return s.render(w, http.StatusOK, "units", p)
}

func (s *Server) unitsAdd(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := r.PostForm.Get("name")
	_, err := s.questions.AddUnit(r.Context(), acc.Site.ID, name, s.questionActor(r, acc))
	if err != nil {
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.Invalid && e.Code != apperr.Conflict {
			return err
		}
		p, perr := s.unitsPage(r, acc)
		if perr != nil {
			return perr
		}
		p.Name = name
		p.Form.add("name", e.Message)
		return s.render(w, http.StatusUnprocessableEntity, "units", p)
	}
	http.Redirect(w, r, pathUnits+"?xong=them", http.StatusSeeOther)
	return nil
}

func (s *Server) unitsAct(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return question.ErrUnitNotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	actor := s.questionActor(r, acc)
	action := r.PathValue("action")
	us := s.questions.Units()
	u, err := us.FindUnit(ctx, acc.Site.ID, id)
	if err != nil {
		return err
	}
	var password, newEmail, done string
	switch action {
	case "sua":
		_, err = s.questions.EditUnit(ctx, acc.Site.ID, id, formVersion(r), r.PostForm.Get("name"), u.Archived, actor)
		done = "sua"
	case "luu-tru", "mo-lai":
		_, err = s.questions.EditUnit(ctx, acc.Site.ID, id, formVersion(r), u.Name, action == "luu-tru", actor)
		done = action
	case "them-nguoi":
		password, newEmail, err = s.addUnitMember(r, acc, id, actor)
		done = "them-nguoi"
	case "bot-nguoi":
		uid, perr := strconv.ParseInt(r.PostForm.Get("user"), 10, 64)
		if perr != nil || uid <= 0 {
			return apperr.New(apperr.Invalid, "Tài khoản không hợp lệ.")
		}
		err = s.questions.SetMember(ctx, acc.Site.ID, id, uid, false, actor)
		done = "bot-nguoi"
	default:
		return apperr.New(apperr.NotFound, "Không có thao tác này.")
	}
	if err != nil {
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.Invalid && e.Code != apperr.Conflict {
			return err
		}
		p, perr := s.unitsPage(r, acc)
		if perr != nil {
			return perr
		}
		for i := range p.Units {
			if p.Units[i].ID == id {
				p.Units[i].Error = e.Message
				if msg, ok := e.Fields["name"]; ok && action == "sua" {
					p.Units[i].Error = msg
				}
				p.Units[i].Email, p.Units[i].MName = r.PostForm.Get("email"), r.PostForm.Get("member_name")
				if action == "sua" {
					p.Units[i].Rename = r.PostForm.Get("name")
				}
			}
		}
		p.Form.Alert = e.Message
		status := http.StatusUnprocessableEntity
		if e.Code == apperr.Conflict {
			status = http.StatusConflict
		}
		return s.render(w, status, "units", p)
	}
	if password != "" {
		p, err := s.unitsPage(r, acc)
		if err != nil {
			return err
		}
		p.Notice, p.Password, p.NewEmail = unitNotices[done], password, newEmail
		return s.render(w, http.StatusOK, "units", p)
	}
	http.Redirect(w, r, pathUnits+"?xong="+done+"#don-vi-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// addUnitMember adds the account of the posted e-mail to the unit,
// creating it (without any role, with a one-time password returned to
// show once) when there is none.
func (s *Server) addUnitMember(r *http.Request, acc *account, unitID int64, actor question.Actor) (password, email string, err error) {
	ctx := r.Context()
	email, err = user.NormalizeEmail(r.PostForm.Get("email"))
	if err != nil {
		return "", "", err
	}
	u, err := s.users.FindUserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		name := strings.TrimSpace(r.PostForm.Get("member_name"))
		if name == "" {
			return "", "", apperr.New(apperr.Invalid, "Chưa có tài khoản với địa chỉ này: vui lòng nhập cả họ và tên để tạo tài khoản mới.")
		}
		e := s.auditEntry(r, acc, "user.create", "", map[string]string{"email": email, "unit": strconv.FormatInt(unitID, 10)})
		u, password, err = s.users.CreateAccountOneTime(ctx, email, name, e)
	}
	if err != nil {
		return "", "", err
	}
	if u.Disabled {
		return "", "", apperr.New(apperr.Conflict, "Tài khoản này đang bị khoá.")
	}
	return password, email, s.questions.SetMember(ctx, acc.Site.ID, unitID, u.ID, true, actor)
}

// QuestionQueue is a list of questions in the inbox.
type QuestionQueue struct {
	ID, Heading, Description, Empty string
	Rows                            []QuestionRow
}

// questionQueues adds the inbox's questions: for a unit member, their
// units' questions being handled (to draft and send the answer); for a
// moderator, the answers sent and waiting for review.
func (s *Server) questionQueues(r *http.Request, acc *account, ip *InboxPage) error {
	if s.questions == nil {
		return nil
	}
	ctx := r.Context()
	now := s.questions.Now()
	add := func(q QuestionQueue, f question.Filter) error {
		f.SiteID, f.Limit = acc.Site.ID, queueSize
		qs, _, err := s.questions.Store().FindQuestions(ctx, f)
		if err != nil {
			return err
		}
		for _, x := range qs {
			q.Rows = append(q.Rows, QuestionRow{ID: x.ID, URL: pathQuestions + "/" + strconv.FormatInt(x.ID, 10), Subject: x.Subject, Field: x.Field,
				Status: x.Status, Unit: x.Unit, Received: when(x.ReceivedAt), Due: when(x.DueAt), Overdue: x.Overdue(now)})
		}
		ip.QuestionQueues = append(ip.QuestionQueues, q)
		return nil
	}
	if units := s.memberUnits(ctx, acc); len(units) > 0 {
		if err := add(QuestionQueue{ID: "cau-hoi-don-vi", Heading: "Câu hỏi đơn vị cần trả lời",
			Description: "Câu hỏi của người dân được giao cho đơn vị của bạn: soạn câu trả lời và gửi để biên tập viên xem xét trước hạn.",
			Empty:       "Đơn vị không có câu hỏi nào đang chờ trả lời."},
			question.Filter{Statuses: []question.Status{question.StatusAccepted}, Units: unitIDs(units)}); err != nil {
			return err
		}
	}
	if s.can(acc, user.ActionQuestionModerate) {
		return add(QuestionQueue{ID: "cau-hoi-cho-duyet", Heading: "Câu trả lời chờ biên tập",
			Description: "Câu trả lời đã soạn xong, chờ biên tập viên xem lại, trả lại đơn vị hoặc chuyển Ban biên tập công khai.",
			Empty:       "Không có câu trả lời nào chờ biên tập."},
			question.Filter{Statuses: []question.Status{question.StatusAnswered}})
	}
	return nil
}
