package question

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/mail"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Actor is who acts on a question, for permissions and the audit log.
type Actor struct {
	User user.User
	Can  func(user.Action) bool
	IP   string
	// Units are the IDs of the site's units the user belongs to: a member
	// sees, drafts and sends the answers of their unit's questions only.
	Units []int64
}

// The rights the units need.
const (
	moderate   = user.ActionQuestionModerate
	unitManage = user.ActionUserManage
)

// Action is a staff action on a question.
type Action struct {
	Kind       string // accept, reject, assign, answer, draft, submit, return, edit, publish, unpublish
	Reason     string // reject
	Subject    string // edit: the text as it will be published
	Body       string // edit
	Unit       string // assign: a unit named in text (a site without units)
	UnitID     int64  // assign: one of the site's units
	Answer     string // answer, draft, submit
	AnsweredBy string // answer, draft, submit
	Note       string // return: what the unit should change
	// Origin is the site's public address (https://host), for the link in
	// the sender's e-mail when the answer is published.
	Origin string
	// Version is the edit version the staff member's page showed: an
	// action on a question changed since is ErrStale. 0 acts on the
	// version just read (for callers with no page).
	Version int64
}

// step is one row of the workflow: the right an action needs and, for
// each status it may start from, the status it leads to. A status not in
// moves refuses the action as out of order (apperr.Conflict, with
// refused, where %s is the status's label).
//
// input checks and normalises what the user typed before the status is
// looked at; effect changes the question once the move is allowed, and
// may still refuse it (a text that leaks the sender's contact details, a
// missing reason). Both may be nil. effect sees the question in its old
// status; Apply sets the new one afterwards.
type step struct {
	need    user.Action
	unit    bool // a member of the question's unit may take it without need
	moves   map[Status]Status
	refused string
	input   func(a *Action) error
	effect  func(q *Question, a Action, now time.Time, detail map[string]string) error
}

// steps is the question workflow, action × status → status:
//
//	          new       accepted  answered   published  rejected
//	accept    accepted  –         –          –          accepted
//	reject    rejected  rejected  –          –          –
//	assign    accepted  accepted  answered   –          –
//	answer    –         answered  answered   published  –
//	draft     –         accepted  –          –          –
//	submit    –         answered  –          –          –
//	return    –         –         accepted   –          –
//	edit      new       accepted  answered   published  –
//	publish   –         –         published  –          –
//	unpublish –         –         –          answered   –
var steps = map[string]step{
	"accept": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusNew: StatusAccepted, StatusRejected: StatusAccepted},
		refused: "Câu hỏi này đã được tiếp nhận.",
		effect: func(q *Question, _ Action, _ time.Time, _ map[string]string) error {
			q.RejectReason = ""
			return nil
		},
	},
	"reject": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusNew: StatusRejected, StatusAccepted: StatusRejected},
		refused: "Chỉ từ chối được câu hỏi chưa trả lời.",
		effect:  rejectEffect,
	},
	"assign": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusNew: StatusAccepted, StatusAccepted: StatusAccepted, StatusAnswered: StatusAnswered},
		refused: "Không giao được câu hỏi ở trạng thái “%s”.",
		input:   assignInput,
		effect: func(q *Question, a Action, _ time.Time, detail map[string]string) error {
			q.Unit, q.UnitID = a.Unit, a.UnitID
			detail["unit"] = a.Unit
			if a.UnitID > 0 {
				detail["unit_id"] = itoa(a.UnitID)
				q.Notice = "Câu hỏi " + q.label() + " được giao cho " + a.Unit + " trả lời, hạn " + vi.LocalDate(q.DueAt) + "."
			}
			return nil
		},
	},
	"answer": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusAccepted: StatusAnswered, StatusAnswered: StatusAnswered, StatusPublished: StatusPublished},
		refused: "Cần tiếp nhận câu hỏi trước khi trả lời.",
		input:   answerInput,
		effect:  answerEffect,
	},
	"draft": {
		need:    user.ActionQuestionModerate,
		unit:    true,
		moves:   map[Status]Status{StatusAccepted: StatusAccepted},
		refused: "Chỉ soạn được câu trả lời của câu hỏi đang xử lý (trạng thái hiện tại: “%s”).",
		input:   draftInput,
		effect: func(q *Question, a Action, _ time.Time, detail map[string]string) error {
			q.Answer, q.AnsweredBy = a.Answer, a.AnsweredBy
			if q.AnsweredBy == "" {
				q.AnsweredBy = q.Unit
			}
			return nil
		},
	},
	"submit": {
		need:    user.ActionQuestionModerate,
		unit:    true,
		moves:   map[Status]Status{StatusAccepted: StatusAnswered},
		refused: "Chỉ gửi được câu trả lời của câu hỏi đang xử lý (trạng thái hiện tại: “%s”).",
		input:   answerInput,
		effect:  answerEffect,
	},
	"return": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusAnswered: StatusAccepted},
		refused: "Chỉ trả lại được câu trả lời chưa công khai.",
		input: func(a *Action) error {
			a.Note = vi.Text(a.Note)
			if a.Note == "" || utf8.RuneCountInString(a.Note) > 2000 {
				return invalid("note", "Vui lòng ghi ý kiến cho đơn vị (tối đa 2.000 ký tự).")
			}
			return nil
		},
		effect: func(q *Question, a Action, _ time.Time, detail map[string]string) error {
			if q.UnitID == 0 {
				return apperr.New(apperr.Conflict, "Câu hỏi chưa được giao cho đơn vị nào nên không có ai để trả lại.")
			}
			q.AnsweredAt = time.Time{}
			detail["note"] = a.Note
			q.Notice = "Câu trả lời câu hỏi " + q.label() + " được trả lại để sửa: " + a.Note
			return nil
		},
	},
	"edit": {
		need:    user.ActionQuestionModerate,
		moves:   map[Status]Status{StatusNew: StatusNew, StatusAccepted: StatusAccepted, StatusAnswered: StatusAnswered, StatusPublished: StatusPublished},
		refused: "Không sửa câu hỏi đã không tiếp nhận.",
		input:   editInput,
		effect: func(q *Question, a Action, _ time.Time, _ map[string]string) error {
			q.Subject, q.Body = a.Subject, a.Body
			return publicLeak(*q)
		},
	},
	"publish": {
		need:    user.ActionQuestionPublish,
		moves:   map[Status]Status{StatusAnswered: StatusPublished},
		refused: "Chỉ công khai được câu hỏi đã có câu trả lời và chưa công khai.",
		effect: func(q *Question, _ Action, now time.Time, _ map[string]string) error {
			if q.LeaksContact() {
				return apperr.New(apperr.Conflict, msgLeak)
			}
			if q.PublishedAt.IsZero() {
				q.PublishedAt = now
			}
			return nil
		},
	},
	"unpublish": {
		need:    user.ActionQuestionPublish,
		moves:   map[Status]Status{StatusPublished: StatusAnswered},
		refused: "Câu hỏi này chưa được công khai.",
	},
}

func invalid(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// publicLeak refuses an edit of a published question that would show the
// sender's contact details.
func publicLeak(q Question) error {
	if q.Status == StatusPublished && q.LeaksContact() {
		return apperr.New(apperr.Conflict, msgLeak)
	}
	return nil
}

func rejectEffect(q *Question, a Action, _ time.Time, detail map[string]string) error {
	if a.Reason != ReasonSpam && a.Reason != ReasonOutOfScope {
		return invalid("reason", "Vui lòng chọn lý do không tiếp nhận.")
	}
	q.RejectReason = a.Reason
	detail["reason"] = a.Reason
	return nil
}

func assignInput(a *Action) error {
	if a.UnitID > 0 {
		return nil // the unit's name comes from the store (Apply)
	}
	if a.UnitID < 0 {
		return invalid("unit", "Vui lòng chọn một đơn vị đang hoạt động của trang.")
	}
	a.Unit = vi.Line(a.Unit)
	if a.Unit == "" || utf8.RuneCountInString(a.Unit) > MaxUnit {
		return invalid("unit", "Vui lòng nhập tên đơn vị được giao trả lời (tối đa 200 ký tự).")
	}
	return nil
}

func answerInput(a *Action) error {
	a.Answer, a.AnsweredBy = vi.Text(a.Answer), vi.Line(a.AnsweredBy)
	switch {
	case a.Answer == "":
		return invalid("answer", "Vui lòng nhập nội dung trả lời.")
	case utf8.RuneCountInString(a.Answer) > MaxAnswer:
		return invalid("answer", "Nội dung trả lời dài quá 30.000 ký tự.")
	case utf8.RuneCountInString(a.AnsweredBy) > MaxUnit:
		return invalid("answered_by", "Tên đơn vị trả lời dài quá 200 ký tự.")
	}
	return nil
}

func answerEffect(q *Question, a Action, now time.Time, detail map[string]string) error {
	by := a.AnsweredBy
	if by == "" {
		by = q.Unit
	}
	q.Answer, q.AnsweredBy = a.Answer, by
	if err := publicLeak(*q); err != nil {
		return err
	}
	if q.Status == StatusAccepted {
		q.AnsweredAt = now
	}
	detail["answered_by"] = by
	return nil
}

func draftInput(a *Action) error {
	a.Answer, a.AnsweredBy = vi.Text(a.Answer), vi.Line(a.AnsweredBy)
	switch {
	case utf8.RuneCountInString(a.Answer) > MaxAnswer:
		return invalid("answer", "Nội dung trả lời dài quá 30.000 ký tự.")
	case utf8.RuneCountInString(a.AnsweredBy) > MaxUnit:
		return invalid("answered_by", "Tên đơn vị trả lời dài quá 200 ký tự.")
	}
	return nil
}

func editInput(a *Action) error {
	a.Subject, a.Body = vi.Line(a.Subject), vi.Text(a.Body)
	if a.Subject == "" || utf8.RuneCountInString(a.Subject) > MaxSubject {
		return invalid("subject", "Vui lòng nhập tiêu đề (tối đa 250 ký tự).")
	}
	if a.Body == "" || utf8.RuneCountInString(a.Body) > MaxBody {
		return invalid("body", "Vui lòng nhập nội dung câu hỏi (tối đa 10.000 ký tự).")
	}
	return nil
}

// Apply runs a staff action (a row of steps) and records it in the audit
// log with the change, in one transaction. Validation problems are
// apperr.Invalid with Fields; a step out of order is apperr.Conflict.
func (s *Service) Apply(ctx context.Context, siteID, id int64, a Action, actor Actor) (Question, error) {
	st, known := steps[a.Kind]
	need := user.ActionQuestionModerate
	if known {
		need = st.need
	}
	allowed := actor.Can != nil && actor.Can(need)
	forbidden := apperr.Errorf(apperr.Forbidden, "Tài khoản của bạn không có quyền “%s”.", need.Label())
	if !allowed && len(actor.Units) == 0 {
		return Question{}, forbidden
	}
	q, err := s.store.FindQuestionByID(ctx, siteID, id)
	if err != nil {
		return q, err
	}
	if !allowed {
		// A unit member: only their unit's questions exist for them, and
		// only the steps of drafting and sending the answer.
		if !actor.MayHandle(q) {
			return Question{}, ErrNotFound
		}
		if !known || !st.unit {
			return q, forbidden
		}
	}
	if !known {
		return q, apperr.New(apperr.Invalid, "Thao tác không hợp lệ.")
	}
	if a.Version != 0 && a.Version != q.Version {
		return q, ErrStale
	}
	if st.input != nil {
		if err := st.input(&a); err != nil {
			return q, err
		}
	}
	if a.Kind == "assign" && a.UnitID > 0 {
		if a.Unit, err = s.activeUnit(ctx, siteID, a.UnitID); err != nil {
			return q, err
		}
	}
	to, ok := st.moves[q.Status]
	if !ok {
		msg := st.refused
		if strings.Contains(msg, "%s") {
			msg = fmt.Sprintf(msg, q.Status.Label())
		}
		return q, apperr.New(apperr.Conflict, msg)
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	detail := map[string]string{}
	firstPublish := q.PublishedAt.IsZero()
	if st.effect != nil {
		if err := st.effect(&q, a, now, detail); err != nil {
			return q, err
		}
	}
	// When the answer is first published, the sender hears of it by
	// e-mail, with the address of the published answer and of the
	// tracking page, when they gave an address; queued with the change.
	if s.mail && a.Kind == "publish" && q.Email != "" && firstPublish {
		origin := a.Origin
		q.Mail = func(q Question) *mail.Direct { return answerMail(q, origin) }
	}
	q.NoticeMail = s.mail
	was := q.Status
	q.Status, q.UpdatedAt = to, now
	detail["status"] = string(q.Status)
	e := audit.Entry{At: now, SiteID: siteID, ActorID: actor.User.ID, Actor: actor.User.Email, IP: actor.IP,
		Action: "question." + a.Kind, Object: "question:" + itoa(q.ID), Detail: detail}
	err = s.store.UpdateQuestion(ctx, &q, &e)
	q.Mail, q.Notice = nil, ""
	if err == nil && (was == StatusPublished || to == StatusPublished) {
		for _, fn := range s.onChange {
			fn(siteID)
		}
	}
	return q, err
}

// activeUnit returns the name of the site's unit id, refusing one that is
// not the site's or is archived.
func (s *Service) activeUnit(ctx context.Context, siteID, id int64) (string, error) {
	us, err := s.units()
	if err != nil {
		return "", err
	}
	u, err := us.FindUnit(ctx, siteID, id)
	if apperr.Is(err, apperr.NotFound) || err == nil && u.Archived {
		return "", invalid("unit", "Vui lòng chọn một đơn vị đang hoạt động của trang.")
	}
	return u.Name, err
}
