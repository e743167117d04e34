package question

import (
	"context"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// oneQuestion is a Store holding a single question, recording the last
// update and its audit entry.
type oneQuestion struct {
	q     Question
	entry *audit.Entry
}

func (s *oneQuestion) CreateQuestion(context.Context, *Question) error { return nil }
func (s *oneQuestion) FindQuestionByID(_ context.Context, siteID, id int64) (Question, error) {
	if siteID != s.q.SiteID || id != s.q.ID {
		return Question{}, apperr.New(apperr.NotFound, "không có")
	}
	return s.q, nil
}
func (s *oneQuestion) FindQuestionByCode(context.Context, int64, string) (Question, error) {
	return Question{}, apperr.New(apperr.NotFound, "không có")
}
func (s *oneQuestion) FindQuestionsByShortCode(context.Context, int64, int, int) ([]Question, error) {
	return nil, nil
}
func (s *oneQuestion) FindQuestions(context.Context, Filter) ([]Question, int, error) {
	return nil, 0, nil
}
func (s *oneQuestion) UpdateQuestion(_ context.Context, q *Question, e *audit.Entry) error {
	s.q, s.entry = *q, e
	return nil
}

// TestWorkflowTransitions drives every staff action from every status and
// checks where the question lands, or that the step is refused as out of
// order. The expected table is written out here, independently of the
// service's own table.
func TestWorkflowTransitions(t *testing.T) {
	const (
		N  = StatusNew
		Ac = StatusAccepted
		Rj = StatusRejected
		An = StatusAnswered
		P  = StatusPublished
	)
	// want[action][from] is the status after the action; absent: Conflict.
	want := map[string]map[Status]Status{
		"accept":    {N: Ac, Rj: Ac},
		"reject":    {N: Rj, Ac: Rj},
		"assign":    {N: Ac, Ac: Ac, An: An},
		"answer":    {Ac: An, An: An, P: P},
		"edit":      {N: N, Ac: Ac, An: An, P: P},
		"publish":   {An: P},
		"unpublish": {P: An},
	}
	actions := map[string]Action{
		"accept":    {Kind: "accept"},
		"reject":    {Kind: "reject", Reason: ReasonSpam},
		"assign":    {Kind: "assign", Unit: " Phòng Tư pháp "},
		"answer":    {Kind: "answer", Answer: "Xin trả lời như sau.", AnsweredBy: ""},
		"edit":      {Kind: "edit", Subject: "Hỏi về hộ tịch", Body: "Nội dung đã biên tập."},
		"publish":   {Kind: "publish"},
		"unpublish": {Kind: "unpublish"},
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	all := Actor{User: user.User{ID: 7, Email: "bt@giavien.gov.vn"}, Can: func(user.Action) bool { return true }}
	for kind, moves := range want {
		for _, from := range Statuses {
			st := &oneQuestion{q: Question{ID: 3, SiteID: 1, Status: from, Unit: "Phòng Nội vụ",
				Subject: "Hỏi", Body: "Nội dung", Answer: "Đã có câu trả lời."}}
			svc := NewService(st, workday.Calendar{}, func() time.Time { return now })
			got, err := svc.Apply(context.Background(), 1, 3, actions[kind], all)
			to, ok := moves[from]
			switch {
			case !ok && !apperr.Is(err, apperr.Conflict):
				t.Errorf("%s from %s: %v, want Conflict", kind, from, err)
			case !ok && (st.entry != nil || st.q.Status != from):
				t.Errorf("%s from %s: refused but written (%s)", kind, from, st.q.Status)
			case ok && err != nil:
				t.Errorf("%s from %s: %v, want → %s", kind, from, err, to)
			case ok && (got.Status != to || st.q.Status != to):
				t.Errorf("%s from %s: → %s (stored %s), want → %s", kind, from, got.Status, st.q.Status, to)
			case ok && (st.entry == nil || st.entry.Action != "question."+kind || st.entry.Detail["status"] != string(to) || st.entry.ActorID != 7):
				t.Errorf("%s from %s: audit entry %+v", kind, from, st.entry)
			}
			if ok && err == nil {
				switch {
				case kind == "answer" && from == Ac && !got.AnsweredAt.Equal(now):
					t.Errorf("answer from accepted: AnsweredAt %v, want now", got.AnsweredAt)
				case kind == "answer" && from != Ac && !got.AnsweredAt.IsZero():
					t.Errorf("answer from %s moved AnsweredAt", from)
				case kind == "publish" && !got.PublishedAt.Equal(now):
					t.Errorf("publish: PublishedAt %v, want now", got.PublishedAt)
				case kind == "assign" && got.Unit != "Phòng Tư pháp":
					t.Errorf("assign: unit %q", got.Unit)
				case kind == "reject" && got.RejectReason != ReasonSpam:
					t.Errorf("reject: reason %q", got.RejectReason)
				case kind == "accept" && got.RejectReason != "":
					t.Errorf("accept kept the reject reason %q", got.RejectReason)
				case kind == "answer" && got.AnsweredBy != "Phòng Nội vụ":
					t.Errorf("answer without a unit: answered by %q, want the assigned unit", got.AnsweredBy)
				}
			}
		}
	}
}

// TestWorkflowPermissionsAndOrder: each action needs its right, an
// unknown action is Invalid, and input is checked before the status for
// assign, answer and edit, after it for reject.
func TestWorkflowPermissionsAndOrder(t *testing.T) {
	only := func(a user.Action) Actor {
		return Actor{User: user.User{ID: 1}, Can: func(x user.Action) bool { return x == a }}
	}
	apply := func(from Status, a Action, actor Actor) error {
		st := &oneQuestion{q: Question{ID: 3, SiteID: 1, Status: from, Answer: "x"}}
		_, err := NewService(st, workday.Calendar{}, nil).Apply(context.Background(), 1, 3, a, actor)
		return err
	}
	for _, c := range []struct {
		name   string
		from   Status
		action Action
		actor  Actor
		want   apperr.Code
	}{
		{"publish needs the publish right", StatusAnswered, Action{Kind: "publish"}, only(user.ActionQuestionModerate), apperr.Forbidden},
		{"unpublish needs the publish right", StatusPublished, Action{Kind: "unpublish"}, only(user.ActionQuestionModerate), apperr.Forbidden},
		{"accept needs the moderate right", StatusNew, Action{Kind: "accept"}, only(user.ActionQuestionPublish), apperr.Forbidden},
		{"answer needs the moderate right", StatusAccepted, Action{Kind: "answer", Answer: "x"}, only(user.ActionQuestionPublish), apperr.Forbidden},
		{"no rights at all", StatusNew, Action{Kind: "accept"}, Actor{}, apperr.Forbidden},
		{"unknown action", StatusNew, Action{Kind: "burn"}, only(user.ActionQuestionModerate), apperr.Invalid},
		{"unknown action, no right", StatusNew, Action{Kind: "burn"}, only(user.ActionQuestionPublish), apperr.Forbidden},
		{"assign: empty unit on a rejected question", StatusRejected, Action{Kind: "assign"}, only(user.ActionQuestionModerate), apperr.Invalid},
		{"answer: empty answer on a new question", StatusNew, Action{Kind: "answer"}, only(user.ActionQuestionModerate), apperr.Invalid},
		{"edit: empty subject on a rejected question", StatusRejected, Action{Kind: "edit", Body: "x"}, only(user.ActionQuestionModerate), apperr.Invalid},
		{"reject: bad reason on an answered question", StatusAnswered, Action{Kind: "reject", Reason: "x"}, only(user.ActionQuestionModerate), apperr.Conflict},
		{"reject: bad reason on a new question", StatusNew, Action{Kind: "reject", Reason: "x"}, only(user.ActionQuestionModerate), apperr.Invalid},
		{"publish: contact details left", StatusAnswered, Action{Kind: "publish"}, only(user.ActionQuestionPublish), apperr.Conflict},
	} {
		err := apply(c.from, c.action, c.actor)
		if c.name == "publish: contact details left" {
			st := &oneQuestion{q: Question{ID: 3, SiteID: 1, Status: c.from, Phone: "0912345678", Answer: "Gọi 0912345678."}}
			_, err = NewService(st, workday.Calendar{}, nil).Apply(context.Background(), 1, 3, c.action, c.actor)
		}
		if !apperr.Is(err, c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}
