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
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/contact"
	"trangtin/internal/mail"
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
	CodeHash string // SHA-256 of the long tracking code; the code itself is not stored
	// CodeYear and CodeSeq make the short tracking code, HD-2026-00123
	// (ShortCode): CreateQuestion numbers the question in its site's
	// sequence of CodeYear. 0 for a question sent before short codes.
	CodeYear, CodeSeq int

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
	Unit         string // đơn vị the question is assigned to, as shown
	UnitID       int64  // the unit (Unit) the question is assigned to; 0: none or a name only
	Answer       string
	AnsweredBy   string // the unit or person that answered, as published
	// AttachmentID is the media record of the photo or PDF the sender
	// attached (0: none): a private file of the site, for the staff.
	AttachmentID int64

	ReceivedAt  time.Time
	DueAt       time.Time
	AnsweredAt  time.Time
	PublishedAt time.Time
	UpdatedAt   time.Time
	Version     int64 // the edit version read; an update of another is ErrStale

	// Mail, when set, is asked by CreateQuestion and UpdateQuestion, in
	// their transaction and once the question is numbered, for a message
	// to the sender to queue with the change (nil: none). Not stored.
	Mail func(Question) *mail.Direct
	// Notice, when not empty, is written by UpdateQuestion, in its
	// transaction, as an inbox notice to each member of the question's
	// unit, with its e-mail copy when NoticeMail. Not stored.
	Notice     string
	NoticeMail bool
}

// label names the question in a notice: its short code and subject.
func (q Question) label() string {
	s := "“" + q.Subject + "”"
	if c := q.ShortCode(); c != "" {
		s = c + " " + s
	}
	return s
}

// ShortCode is the question's short tracking code, "HD-2026-00123", or ""
// for a question sent before short codes.
func (q Question) ShortCode() string {
	if q.CodeSeq <= 0 {
		return ""
	}
	return fmt.Sprintf("HD-%04d-%05d", q.CodeYear, q.CodeSeq)
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
	SiteID   int64
	Statuses []Status // empty: every status
	Field    string   // one lĩnh vực (Fields); "": every field
	// Units, when not nil, keeps only the questions assigned to one of
	// these units (a unit member's queue; empty: none).
	Units        []int64
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
	// FindQuestionsByShortCode returns the site's questions numbered seq
	// in year (at most a few: a merge of sites may bring two).
	FindQuestionsByShortCode(ctx context.Context, siteID int64, year, seq int) ([]Question, error)
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
	mail  bool // queue the sender's e-mails (SetMail)
	// onChange are told about a change of a site's published questions
	// (OnChange).
	onChange []func(siteID int64)
}

// OnChange registers fn to run after every change that enters a question
// into the site's published ones, takes it out, or changes a published
// one: the page caches of pages showing them follow the site's versions.
// Register before serving.
func (s *Service) OnChange(fn func(siteID int64)) { s.onChange = append(s.onChange, fn) }

// SetMail turns on the e-mails to senders who gave an address (their
// tracking code, the answer), queued with the change: only when the
// installation has an SMTP server, so nothing piles up unsent.
func (s *Service) SetMail(on bool) { s.mail = on }

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
	AttachmentID                int64 // the attachment, already stored (media.Library.UploadPrivate); 0: none
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

// ValidField reports whether f is one of Fields.
func ValidField(f string) bool { return validField(f) }

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

// Submit stores a citizen's question and returns its short tracking
// code. When the sender gave an e-mail address, the code goes to it too,
// through the mail queue, in the transaction that stores the question.
func (s *Service) Submit(ctx context.Context, siteID int64, in Input) (Question, string, error) {
	if err := Validate(&in); err != nil {
		return Question{}, "", err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	q := Question{SiteID: siteID, CodeHash: HashCode(NewCode()), CodeYear: now.In(vi.Zone).Year(),
		Name: in.Name, Phone: in.Phone, Email: in.Email, Address: in.Address, ShowName: in.ShowName,
		Subject: in.Subject, Body: in.Body, Field: in.Field, AttachmentID: in.AttachmentID,
		Status: StatusNew, ReceivedAt: now, DueAt: s.cal.Deadline(now, AnswerDays).UTC(), UpdatedAt: now}
	if s.mail && q.Email != "" {
		q.Mail = receiptMail
	}
	if err := s.store.CreateQuestion(ctx, &q); err != nil {
		return Question{}, "", err
	}
	q.Mail = nil
	return q, q.ShortCode(), nil
}

// receiptMail tells the sender their question arrived, with its code.
func receiptMail(q Question) *mail.Direct {
	return &mail.Direct{SiteID: q.SiteID, To: q.Email, Name: q.Name,
		Subject: "Đã nhận câu hỏi " + q.ShortCode(),
		Body: "Kính gửi " + q.Name + ",\n\nCơ quan đã nhận câu hỏi của anh/chị: “" + q.Subject + "”.\n\n" +
			"Mã tra cứu: " + q.ShortCode() + "\n" +
			"Hạn trả lời: " + vi.LocalDate(q.DueAt) + "\n\n" +
			"Để xem tình trạng câu hỏi, mở mục Hỏi đáp › Tra cứu câu hỏi trên trang thông tin và nhập mã tra cứu cùng thư điện tử hoặc số điện thoại đã dùng khi gửi."}
}

// TrackPath is the public page where a sender follows their question.
const TrackPath = "/hoi-dap/tra-cuu"

// answerMail sends the sender the published answer, with its address and
// the tracking page's under origin (the site's https://host; "": none).
func answerMail(q Question, origin string) *mail.Direct {
	code := q.ShortCode()
	subject, ref := "Trả lời câu hỏi "+code, "Câu hỏi "+code
	if code == "" {
		subject, ref = "Trả lời câu hỏi của anh/chị", "Câu hỏi"
	}
	body := "Kính gửi " + q.Name + ",\n\n" + ref + " “" + q.Subject + "” đã được trả lời:\n\n" + q.Answer
	if q.AnsweredBy != "" {
		body += "\n\nĐơn vị trả lời: " + q.AnsweredBy
	}
	if origin != "" {
		body += "\n\nXem câu trả lời đã công khai: " + origin + Path(q.ID)
		body += "\nTra cứu câu hỏi"
		if code != "" {
			body += " (mã " + code + ", cùng thư điện tử hoặc số điện thoại đã dùng khi gửi)"
		}
		body += ": " + origin + TrackPath
	}
	return &mail.Direct{SiteID: q.SiteID, To: q.Email, Name: q.Name, Subject: subject, Body: body}
}

// shortCodeRE is a short tracking code as typed: HD, the year, the number,
// with dashes, spaces or nothing between, any case.
var shortCodeRE = regexp.MustCompile(`^(?i)HD[\s\-]*(\d{4})[\s\-]*(\d{1,9})$`)

// ParseShortCode reads a short code as typed ("hd-2026-123", "HD 2026
// 00123"); ok is false for anything else (a long code).
func ParseShortCode(code string) (year, seq int, ok bool) {
	m := shortCodeRE.FindStringSubmatch(strings.TrimSpace(code))
	if m == nil {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(m[1])
	seq, _ = strconv.Atoi(m[2])
	return year, seq, seq > 0
}

// ownContact reports whether contact (a phone number or e-mail address as
// typed) is the sender's: the same e-mail address, or the same phone
// number by its digits (0912… and +84912… alike).
func (q Question) ownContact(contact string) bool {
	c := strings.TrimSpace(contact)
	if c == "" {
		return false
	}
	if strings.Contains(c, "@") {
		return q.Email != "" && strings.EqualFold(vi.NFC(c), q.Email)
	}
	phone := func(s string) string {
		d := digits(s)
		if strings.HasPrefix(d, "84") && len(d) > 9 {
			d = "0" + d[2:]
		}
		return d
	}
	d := phone(c)
	return len(d) >= 8 && d == phone(q.Phone)
}

// Messages of a lookup.
const (
	msgTrackNotFound = "Không tìm thấy câu hỏi có mã tra cứu và thông tin liên hệ này. Vui lòng kiểm tra lại mã (ví dụ HD-2026-00123) và số điện thoại hoặc thư điện tử đã dùng khi gửi câu hỏi."
	msgTrackContact  = "Vui lòng nhập số điện thoại hoặc thư điện tử đã dùng khi gửi câu hỏi."
)

// Track finds a question by its tracking code. A short code (HD-2026-00123)
// is guessable, so it needs the sender's phone number or e-mail address
// too; a long code of a question sent before short codes is enough alone.
func (s *Service) Track(ctx context.Context, siteID int64, code, contact string) (Question, error) {
	if strings.TrimSpace(code) == "" {
		return Question{}, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng nhập mã tra cứu.", Fields: map[string]string{"code": "Vui lòng nhập mã tra cứu."}}
	}
	notFound := &apperr.Error{Code: apperr.NotFound, Message: msgTrackNotFound, Fields: map[string]string{"code": msgTrackNotFound}}
	if year, seq, ok := ParseShortCode(code); ok {
		if strings.TrimSpace(contact) == "" {
			return Question{}, &apperr.Error{Code: apperr.Invalid, Message: msgTrackContact, Fields: map[string]string{"contact": msgTrackContact}}
		}
		qs, err := s.store.FindQuestionsByShortCode(ctx, siteID, year, seq)
		if err != nil {
			return Question{}, err
		}
		for _, q := range qs {
			if q.ownContact(contact) {
				return q, nil
			}
		}
		return Question{}, notFound
	}
	q, err := s.store.FindQuestionByCode(ctx, siteID, HashCode(code))
	if apperr.Is(err, apperr.NotFound) {
		return Question{}, notFound
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
