// Package question is Hỏi đáp: citizens' questions to the agency, their
// moderation, assignment to a unit, answer within a deadline of working
// days, and publication with the sender's personal data masked.
package question

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/contact"
	"trangtin/internal/vi"
	"trangtin/internal/workday"
)

// Status is where a question stands.
type Status string

const (
	StatusNew       Status = "new"       // received, waiting for moderation
	StatusAccepted  Status = "accepted"  // accepted, being handled
	StatusRejected  Status = "rejected"  // spam or out of scope
	StatusAnswered  Status = "answered"  // answered, not public
	StatusPublished Status = "published" // question and answer public
)

// Statuses in the order of the workflow.
var Statuses = []Status{StatusNew, StatusAccepted, StatusAnswered, StatusPublished, StatusRejected}

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "Chờ tiếp nhận"
	case StatusAccepted:
		return "Đang xử lý"
	case StatusRejected:
		return "Không tiếp nhận"
	case StatusAnswered:
		return "Đã trả lời"
	case StatusPublished:
		return "Đã công khai"
	}
	return string(s)
}

// Open reports whether the question still waits for an answer.
func (s Status) Open() bool { return s == StatusNew || s == StatusAccepted }

// Rejection reasons.
const (
	ReasonSpam       = "spam"
	ReasonOutOfScope = "out_of_scope"
)

// ReasonLabel is a rejection reason in Vietnamese.
func ReasonLabel(r string) string {
	switch r {
	case ReasonSpam:
		return "Thư rác, quảng cáo hoặc nội dung không phù hợp"
	case ReasonOutOfScope:
		return "Không thuộc phạm vi trả lời của cơ quan"
	}
	return r
}

// Fields are the lĩnh vực a question may be filed under.
var Fields = []string{
	"Đất đai - Môi trường",
	"Xây dựng - Giao thông",
	"Tư pháp - Hộ tịch",
	"Lao động - Chính sách xã hội",
	"Giáo dục - Đào tạo",
	"Y tế - Bảo hiểm",
	"Thuế - Tài chính",
	"Kinh doanh - Đầu tư",
	"Thủ tục hành chính",
	"Lĩnh vực khác",
}

// AnswerDays is the answer deadline in working days from receipt.
const AnswerDays = 15

// Question is one citizen's question. Name, Phone, Email and Address are
// personal data: shown only to staff allowed ActionPersonalDataView, and
// never published (Name only as the sender chose, see PublicName).
type Question struct {
	ID       int64
	SiteID   int64
	CodeHash string // SHA-256 of the tracking code; the code itself is not stored

	Name     string
	Phone    string
	Email    string
	Address  string
	ShowName bool // the sender agrees to the full name being shown

	Subject string
	Body    string
	Field   string

	Status       Status
	RejectReason string
	Unit         string // đơn vị the question is assigned to
	Answer       string
	AnsweredBy   string // the unit or person that answered, as published

	ReceivedAt  time.Time
	DueAt       time.Time
	AnsweredAt  time.Time
	PublishedAt time.Time
	UpdatedAt   time.Time
	Version     int64 // the edit version read; an update of another is ErrStale
}

// ErrStale is a staff action on a question someone else changed after it
// was read.
var ErrStale = apperr.New(apperr.Conflict, "Câu hỏi này vừa được người khác xử lý hoặc sửa. Trang dưới đây cho thấy bản mới nhất, nội dung bạn nhập vẫn được giữ: hãy xem lại rồi thao tác lại.")

// Overdue reports whether the question is still open past its deadline.
func (q Question) Overdue(now time.Time) bool { return q.Status.Open() && now.After(q.DueAt) }

// msgLeak refuses to make public a text that still holds the sender's
// contact details.
const msgLeak = "Tiêu đề, nội dung câu hỏi hoặc câu trả lời còn chứa số điện thoại, thư điện tử hoặc địa chỉ của người hỏi. Hãy sửa nội dung trước khi công khai."

// LeaksContact reports whether the text that would be published (subject,
// question, answer) contains the sender's phone number (compared by its
// digits), email or address. Citizens often write them into the question
// itself; staff must edit them out before publishing.
func (q Question) LeaksContact() bool {
	text := q.Subject + "\n" + q.Body + "\n" + q.Answer
	if d := digits(q.Phone); len(d) >= 8 {
		td := digits(text)
		if strings.Contains(td, d) || strings.HasPrefix(d, "0") && strings.Contains(td, "84"+d[1:]) {
			return true
		}
	}
	low := strings.ToLower(text)
	if q.Email != "" && strings.Contains(low, strings.ToLower(q.Email)) {
		return true
	}
	return utf8.RuneCountInString(q.Address) >= 8 && strings.Contains(low, strings.ToLower(q.Address))
}

var contactRE = regexp.MustCompile(`(?:\+?\d[\d .\-]{7,}\d)|(?:[^\s@]+@[^\s@]+\.[^\s@]+)`)

// MaySuggestContact reports whether the text to publish looks as if it
// holds some phone number or email address, anyone's: a hint for staff.
func (q Question) MaySuggestContact() bool {
	return contactRE.MatchString(q.Subject + "\n" + q.Body + "\n" + q.Answer)
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Path is the public address of the published question id.
func Path(id int64) string { return "/hoi-dap/" + strconv.FormatInt(id, 10) }

// PublicName is the sender as the public sees them: the full name when
// they agreed, else the initials ("N.V.A."), else "Công dân".
func (q Question) PublicName() string { return PublicName(q.Name, q.ShowName) }

// PublicName masks name unless show.
func PublicName(name string, show bool) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "Công dân"
	}
	if show {
		return name
	}
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
			b.WriteByte('.')
		}
	}
	if b.Len() == 0 {
		return "Công dân"
	}
	return b.String()
}

// Filter selects questions of a site.
type Filter struct {
	SiteID       int64
	Statuses     []Status // empty: every status
	UpdatedSince time.Time
	Limit        int // 0: 50
	Offset       int
}

// Store keeps questions.
type Store interface {
	CreateQuestion(ctx context.Context, q *Question) error
	// FindQuestionByID returns apperr.NotFound for an id of another site.
	FindQuestionByID(ctx context.Context, siteID, id int64) (Question, error)
	FindQuestionByCode(ctx context.Context, siteID int64, codeHash string) (Question, error)
	// FindQuestions returns a page, open questions by deadline first,
	// the others newest first, and the total matching.
	FindQuestions(ctx context.Context, f Filter) ([]Question, int, error)
	// UpdateQuestion saves q's subject and body (as edited for
	// publication) and workflow fields (status, reason, unit, answer,
	// answered by/at, published at), and appends e to the audit log in the
	// same transaction, if q.Version is still the stored version (else
	// ErrStale); it then adds one to q.Version.
	UpdateQuestion(ctx context.Context, q *Question, e *audit.Entry) error
}

// Service validates and runs the workflow.
type Service struct {
	store Store
	cal   workday.Calendar
	now   func() time.Time
}

// NewService returns the service; cal gives the holidays; now is the clock
// (nil: time.Now).
func NewService(store Store, cal workday.Calendar, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, cal: cal, now: now}
}

// Store is the underlying store, for reading.
func (s *Service) Store() Store { return s.store }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Input is what a citizen fills in.
type Input struct {
	Name, Phone, Email, Address string
	ShowName                    bool
	Subject, Body, Field        string
}

// Field limits, in characters.
const (
	MaxName    = 120
	MaxPhone   = contact.MaxPhone
	MaxEmail   = contact.MaxEmail
	MaxAddress = 300
	MaxSubject = 250
	MaxBody    = 10000
	MinBody    = 20
	MaxAnswer  = 30000
	MaxUnit    = 200
)

// Validate cleans in and returns an apperr.Invalid listing every bad
// field (keys: name, phone, email, address, subject, body, field).
func Validate(in *Input) error {
	clean := vi.Line
	in.Name, in.Phone, in.Email, in.Address = clean(in.Name), clean(in.Phone), clean(in.Email), clean(in.Address)
	in.Subject, in.Body, in.Field = clean(in.Subject), vi.Text(in.Body), clean(in.Field)
	fields := map[string]string{}
	add := func(k, msg string) {
		if _, ok := fields[k]; !ok {
			fields[k] = msg
		}
	}
	n := utf8.RuneCountInString
	if in.Name == "" {
		add("name", "Vui lòng nhập họ và tên.")
	} else if n(in.Name) > MaxName {
		add("name", "Họ và tên dài quá 120 ký tự.")
	}
	if in.Phone == "" && in.Email == "" {
		add("phone", "Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan liên hệ khi cần.")
	}
	email, bad := contact.Check(in.Phone, in.Email)
	for _, k := range []string{"phone", "email"} {
		if msg, ok := bad[k]; ok {
			add(k, msg)
		}
	}
	in.Email = email
	if n(in.Address) > MaxAddress {
		add("address", "Địa chỉ dài quá 300 ký tự.")
	}
	if in.Subject == "" {
		add("subject", "Vui lòng nhập tiêu đề câu hỏi.")
	} else if n(in.Subject) > MaxSubject {
		add("subject", "Tiêu đề dài quá 250 ký tự.")
	}
	if in.Body == "" {
		add("body", "Vui lòng nhập nội dung câu hỏi.")
	} else if n(in.Body) < MinBody {
		add("body", "Nội dung câu hỏi quá ngắn; vui lòng trình bày rõ hơn (ít nhất 20 ký tự).")
	} else if n(in.Body) > MaxBody {
		add("body", "Nội dung câu hỏi dài quá 10.000 ký tự.")
	}
	if !validField(in.Field) {
		add("field", "Vui lòng chọn lĩnh vực của câu hỏi.")
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Câu hỏi chưa gửi được: vui lòng sửa các mục được đánh dấu.", Fields: fields}
	}
	return nil
}

func validField(f string) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

// NewCode returns a fresh tracking code: 100 random bits written as four
// groups of five letters and digits, e.g. "HD-7KQ2M-…".
func NewCode() string {
	b := make([]byte, 15)
	rand.Read(b)
	s := base32.StdEncoding.EncodeToString(b)[:20]
	return "HD-" + s[0:5] + "-" + s[5:10] + "-" + s[10:15] + "-" + s[15:20]
}

// HashCode normalises a code as typed (any case, spaces, with or without
// dashes or the HD prefix) and returns the hash the store keeps.
func HashCode(code string) string {
	c := strings.ToUpper(code)
	c = strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '2' && r <= '7' {
			return r
		}
		return -1
	}, c)
	if len(c) == 22 && strings.HasPrefix(c, "HD") { // typed with its prefix; a code may itself start with HD
		c = c[2:]
	}
	sum := sha256.Sum256([]byte("hoi-dap:" + c))
	return hex.EncodeToString(sum[:])
}

// Submit stores a citizen's question and returns its tracking code.
func (s *Service) Submit(ctx context.Context, siteID int64, in Input) (Question, string, error) {
	if err := Validate(&in); err != nil {
		return Question{}, "", err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	code := NewCode()
	q := Question{SiteID: siteID, CodeHash: HashCode(code),
		Name: in.Name, Phone: in.Phone, Email: in.Email, Address: in.Address, ShowName: in.ShowName,
		Subject: in.Subject, Body: in.Body, Field: in.Field,
		Status: StatusNew, ReceivedAt: now, DueAt: s.cal.Deadline(now, AnswerDays).UTC(), UpdatedAt: now}
	if err := s.store.CreateQuestion(ctx, &q); err != nil {
		return Question{}, "", err
	}
	return q, code, nil
}

// Track finds a question by its tracking code.
func (s *Service) Track(ctx context.Context, siteID int64, code string) (Question, error) {
	if strings.TrimSpace(code) == "" {
		return Question{}, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng nhập mã tra cứu.", Fields: map[string]string{"code": "Vui lòng nhập mã tra cứu."}}
	}
	q, err := s.store.FindQuestionByCode(ctx, siteID, HashCode(code))
	if apperr.Is(err, apperr.NotFound) {
		msg := "Không tìm thấy câu hỏi có mã tra cứu này. Vui lòng kiểm tra lại mã (ví dụ HD-ABCDE-FGHIJ-KLMNO-PQRST)."
		return Question{}, &apperr.Error{Code: apperr.NotFound, Message: msg, Fields: map[string]string{"code": msg}}
	}
	return q, err
}

// Published returns one published question, or apperr.NotFound.
func (s *Service) Published(ctx context.Context, siteID, id int64) (Question, error) {
	q, err := s.store.FindQuestionByID(ctx, siteID, id)
	if err != nil {
		return q, err
	}
	if q.Status != StatusPublished {
		return Question{}, apperr.New(apperr.NotFound, "Không tìm thấy câu hỏi này hoặc câu hỏi chưa được công khai.")
	}
	return q, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
