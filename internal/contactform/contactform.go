// Package contactform is the Liên hệ form: messages a visitor sends the
// agency. A message is personal data (name, phone, e-mail): it reaches the
// site's staff allowed to see citizens' personal data, as an inbox notice
// (with its e-mail copy when mail is on) and in the editors' area, and is
// never published.
package contactform

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/contact"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Message is one message sent with the form.
type Message struct {
	ID        int64
	SiteID    int64
	Name      string
	Phone     string
	Email     string
	Subject   string
	Body      string
	CreatedAt time.Time
}

// Input is what the visitor typed.
type Input struct {
	Name, Phone, Email, Subject, Body string
}

// Field limits, in characters.
const (
	MaxName    = 120
	MaxPhone   = contact.MaxPhone
	MaxEmail   = contact.MaxEmail
	MaxSubject = 250
	MaxBody    = 5000
	MinBody    = 10
)

// Validate cleans in and returns an apperr.Invalid listing every bad
// field (keys: name, phone, email, subject, body).
func Validate(in *Input) error {
	in.Name, in.Phone, in.Email, in.Subject = vi.Line(in.Name), vi.Line(in.Phone), vi.Line(in.Email), vi.Line(in.Subject)
	in.Body = vi.Text(in.Body)
	fields := map[string]string{}
	add := func(k, msg string) {
		if _, ok := fields[k]; !ok {
			fields[k] = msg
		}
	}
	n := utf8.RuneCountInString
	switch {
	case in.Name == "":
		add("name", "Vui lòng nhập họ và tên.")
	case n(in.Name) > MaxName:
		add("name", "Họ và tên dài quá 120 ký tự.")
	}
	if in.Phone == "" && in.Email == "" {
		add("phone", "Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan trả lời anh/chị.")
	}
	email, bad := contact.Check(in.Phone, in.Email)
	for _, k := range []string{"phone", "email"} {
		if msg, ok := bad[k]; ok {
			add(k, msg)
		}
	}
	in.Email = email
	switch {
	case in.Subject == "":
		add("subject", "Vui lòng nhập tiêu đề.")
	case n(in.Subject) > MaxSubject:
		add("subject", "Tiêu đề dài quá 250 ký tự.")
	}
	switch {
	case in.Body == "":
		add("body", "Vui lòng nhập nội dung.")
	case n(in.Body) < MinBody:
		add("body", "Nội dung quá ngắn; vui lòng viết rõ hơn (ít nhất 10 ký tự).")
	case n(in.Body) > MaxBody:
		add("body", "Nội dung dài quá 5.000 ký tự.")
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Thư chưa gửi được: vui lòng sửa các mục được đánh dấu.", Fields: fields}
	}
	return nil
}

// Store keeps messages.
type Store interface {
	// CreateContactMessage stores m (setting m.ID) and, in the same
	// transaction, an inbox notice saying notice to each user of notify,
	// with its e-mail copy when mail is set (unless the user turned e-mail
	// off).
	CreateContactMessage(ctx context.Context, m *Message, notify []int64, notice string, mail bool) error
	// FindContactMessages returns a page of the site's messages, newest
	// first, and how many there are.
	FindContactMessages(ctx context.Context, siteID int64, limit, offset int) ([]Message, int, error)
}

// People finds the staff to tell.
type People interface {
	FindUsers(ctx context.Context, f user.UserFilter) ([]user.User, error)
}

// Service sends and lists messages.
type Service struct {
	store  Store
	people People
	mail   bool
	now    func() time.Time
}

// NewService returns the service; mail queues the notices' e-mail copies
// (the site has an SMTP server); now is the clock (nil: time.Now).
func NewService(store Store, people People, mail bool, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, people: people, mail: mail, now: now}
}

// Store is the underlying store, for reading.
func (s *Service) Store() Store { return s.store }

// maxRecipients bounds the notices one message makes.
const maxRecipients = 200

// Recipients are the staff of the site allowed to see citizens' personal
// data (editors and approvers).
func (s *Service) Recipients(ctx context.Context, siteID int64) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range user.Roles {
		if r == user.RoleAdmin || !user.Can([]user.Membership{{SiteID: siteID, Role: r}}, siteID, user.ActionPersonalDataView, user.Policy{}) {
			continue
		}
		us, err := s.people.FindUsers(ctx, user.UserFilter{SiteID: siteID, Role: r, Limit: maxRecipients})
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if !seen[u.ID] && !u.Disabled && len(ids) < maxRecipients {
				seen[u.ID] = true
				ids = append(ids, u.ID)
			}
		}
	}
	return ids, nil
}

// Send validates and stores a message and tells the staff.
func (s *Service) Send(ctx context.Context, siteID int64, in Input) (Message, error) {
	if err := Validate(&in); err != nil {
		return Message{}, err
	}
	to, err := s.Recipients(ctx, siteID)
	if err != nil {
		return Message{}, err
	}
	m := Message{SiteID: siteID, Name: in.Name, Phone: in.Phone, Email: in.Email, Subject: in.Subject, Body: in.Body,
		CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	notice := "Thư liên hệ mới: «" + oneLine(m.Subject, 150) + "». Xem tại mục Thư liên hệ."
	if err := s.store.CreateContactMessage(ctx, &m, to, notice, s.mail); err != nil {
		return Message{}, err
	}
	return m, nil
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}
