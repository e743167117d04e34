// Package consultation is Lấy ý kiến dự thảo: draft documents put out for
// public comment between an open and a close date, citizens' comments
// moderated before they show, and a published summary of the comments.
package consultation

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/contact"
	"trangtin/internal/question"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Status of a draft on the portal.
type Status string

const (
	StatusDraft     Status = "draft"     // being prepared, not public
	StatusPublished Status = "published" // public
	StatusWithdrawn Status = "withdrawn" // taken down; never deleted
)

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Đang soạn"
	case StatusPublished:
		return "Đã đăng"
	case StatusWithdrawn:
		return "Đã gỡ"
	}
	return string(s)
}

// Consultation is one draft put out for comment.
type Consultation struct {
	ID              int64
	SiteID          int64
	Title           string
	Summary         string  // what the draft is about
	Agency          string  // the drafting body
	Files           []int64 // media attachment ids, in order
	OpensAt         time.Time
	ClosesAt        time.Time // comments are accepted until this moment
	Status          Status
	Report          string // tổng hợp ý kiến; shown when ReportPublished
	ReportPublished bool

	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time
	Version     int64 // the edit version read; an update of another is ErrStale
}

// ErrStale is a change of a draft someone else changed after it was read.
var ErrStale = apperr.New(apperr.Conflict, "Dự thảo này vừa được người khác thay đổi. Trang dưới đây cho thấy bản mới nhất, nội dung bạn nhập vẫn được giữ: hãy xem lại rồi lưu lại.")

// ErrCommentStale is a decision on a comment someone else decided or
// changed after it was read.
var ErrCommentStale = apperr.New(apperr.Conflict, "Ý kiến này vừa được người khác duyệt hoặc loại; quyết định của bạn chưa được lưu. Hãy xem lại trạng thái hiện tại.")

// Public reports whether visitors may see the draft, and so its files:
// once published, before, during and after the comment period, until it
// is withdrawn.
func (c Consultation) Public() bool { return c.Status == StatusPublished }

// Path is the public address of the draft id.
func Path(id int64) string { return "/gop-y-du-thao/" + strconv.FormatInt(id, 10) }

// Phase is where a published draft stands at a moment.
type Phase string

const (
	PhaseUpcoming Phase = "upcoming"
	PhaseOpen     Phase = "open"
	PhaseClosed   Phase = "closed"
)

// PhaseAt decides, at request time, whether comments are accepted.
func (c Consultation) PhaseAt(now time.Time) Phase {
	switch {
	case now.Before(c.OpensAt):
		return PhaseUpcoming
	case now.After(c.ClosesAt):
		return PhaseClosed
	}
	return PhaseOpen
}

// PhaseLabel is the phase in Vietnamese.
func (p Phase) Label() string {
	switch p {
	case PhaseUpcoming:
		return "Sắp lấy ý kiến"
	case PhaseOpen:
		return "Đang lấy ý kiến"
	case PhaseClosed:
		return "Đã hết hạn lấy ý kiến"
	}
	return string(p)
}

// CommentStatus is a comment's moderation state.
type CommentStatus string

const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentRejected CommentStatus = "rejected"
)

// Label is the comment status in Vietnamese.
func (s CommentStatus) Label() string {
	switch s {
	case CommentPending:
		return "Chờ duyệt"
	case CommentApproved:
		return "Đã duyệt"
	case CommentRejected:
		return "Không duyệt"
	}
	return string(s)
}

// Comment is a citizen's comment on a draft. Email and Phone are personal
// data and never public; Name is shown as PublicName.
type Comment struct {
	ID             int64
	SiteID         int64
	ConsultationID int64
	Name           string
	Email          string
	Phone          string
	ShowName       bool
	Body           string
	Status         CommentStatus
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int64 // the edit version read
}

// PublicName is the commenter as the public sees them.
func (c Comment) PublicName() string { return question.PublicName(c.Name, c.ShowName) }

// Filter selects consultations.
type Filter struct {
	SiteID       int64
	Statuses     []Status // empty: every status
	UpdatedSince time.Time
	Limit        int // 0: 50
	Offset       int
}

// Store keeps consultations and comments.
type Store interface {
	// CreateConsultation inserts c and appends e in one transaction.
	CreateConsultation(ctx context.Context, c *Consultation, e *audit.Entry) error
	// UpdateConsultation saves every field of c and appends e, if
	// c.Version is still the stored version (else ErrStale); it then adds
	// one to c.Version.
	UpdateConsultation(ctx context.Context, c *Consultation, e *audit.Entry) error
	FindConsultationByID(ctx context.Context, siteID, id int64) (Consultation, error)
	// FindConsultations returns a page, newest close date first, and the total.
	FindConsultations(ctx context.Context, f Filter) ([]Consultation, int, error)
	CreateComment(ctx context.Context, c *Comment) error
	// FindComments lists a draft's comments in the given statuses (all
	// when empty), oldest first.
	FindComments(ctx context.Context, siteID, consultationID int64, statuses ...CommentStatus) ([]Comment, error)
	// CountComments counts a draft's comments by status.
	CountComments(ctx context.Context, siteID, consultationID int64) (map[CommentStatus]int, error)
	// SetCommentStatus moderates a comment and appends e, if version is
	// still the comment's stored version (else ErrCommentStale); version 0
	// moderates whatever is stored.
	SetCommentStatus(ctx context.Context, siteID, id, version int64, st CommentStatus, at time.Time, e *audit.Entry) error
}

// Service validates and runs the workflow.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns the service; now is the clock (nil: time.Now).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Store is the underlying store.
func (s *Service) Store() Store { return s.store }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Limits, in characters.
const (
	MaxTitle   = 300
	MaxSummary = 5000
	MaxAgency  = 200
	MaxReport  = 30000
	MaxComment = 10000
	MinComment = 10
)

// clean and cleanText: vi.Line for single-line fields, vi.Text for
// multi-line ones.
func clean(s string) string { return vi.Line(s) }

func cleanText(s string) string { return vi.Text(s) }

// Draft is what staff fill in.
type Draft struct {
	Title, Summary, Agency string
	OpensAt, ClosesAt      time.Time
	Version                int64 // the version the form was read at (see Service.load)
}

func validateDraft(d *Draft) error {
	d.Title, d.Summary, d.Agency = clean(d.Title), cleanText(d.Summary), clean(d.Agency)
	fields := map[string]string{}
	n := utf8.RuneCountInString
	if d.Title == "" {
		fields["title"] = "Vui lòng nhập tên dự thảo."
	} else if n(d.Title) > MaxTitle {
		fields["title"] = "Tên dự thảo dài quá 300 ký tự."
	}
	if d.Summary == "" {
		fields["summary"] = "Vui lòng nhập tóm tắt nội dung dự thảo."
	} else if n(d.Summary) > MaxSummary {
		fields["summary"] = "Tóm tắt dài quá 5.000 ký tự."
	}
	if n(d.Agency) > MaxAgency {
		fields["agency"] = "Tên cơ quan soạn thảo dài quá 200 ký tự."
	}
	if d.OpensAt.IsZero() {
		fields["opens"] = "Vui lòng nhập ngày bắt đầu lấy ý kiến."
	}
	if d.ClosesAt.IsZero() {
		fields["closes"] = "Vui lòng nhập ngày kết thúc lấy ý kiến."
	} else if !d.OpensAt.IsZero() && !d.ClosesAt.After(d.OpensAt) {
		fields["closes"] = "Ngày kết thúc phải sau ngày bắt đầu."
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Dự thảo chưa lưu được: vui lòng sửa các mục được đánh dấu.", Fields: fields}
	}
	return nil
}

// Actor is who acts, for permissions and the audit log.
type Actor struct {
	User user.User
	Can  func(user.Action) bool
	IP   string
}

func (s *Service) entry(a Actor, siteID int64, action, object string, detail map[string]string) *audit.Entry {
	return &audit.Entry{At: s.now().UTC(), SiteID: siteID, ActorID: a.User.ID, Actor: a.User.Email, IP: a.IP,
		Action: action, Object: object, Detail: detail}
}

func mustManage(a Actor) error {
	if a.Can == nil || !a.Can(user.ActionConsultationManage) {
		return apperr.Errorf(apperr.Forbidden, "Tài khoản của bạn không có quyền “%s”.", user.ActionConsultationManage.Label())
	}
	return nil
}

// Create stores a new draft, not yet public.
func (s *Service) Create(ctx context.Context, siteID int64, d Draft, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	if err := validateDraft(&d); err != nil {
		return Consultation{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	c := Consultation{SiteID: siteID, Title: d.Title, Summary: d.Summary, Agency: d.Agency,
		OpensAt: d.OpensAt.UTC(), ClosesAt: d.ClosesAt.UTC(), Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
	err := s.store.CreateConsultation(ctx, &c, s.entry(a, siteID, "consultation.create", "", map[string]string{"title": c.Title}))
	return c, err
}

// load reads the draft a change starts from: version is the edit
// version the staff member's page showed, and a draft changed since is
// ErrStale (0 starts from the version just read, for callers with no
// page). The store checks the version read again when it writes.
func (s *Service) load(ctx context.Context, siteID, id, version int64) (Consultation, error) {
	c, err := s.store.FindConsultationByID(ctx, siteID, id)
	if err == nil && version != 0 && version != c.Version {
		err = ErrStale
	}
	return c, err
}

// Edit changes a draft's text and dates.
func (s *Service) Edit(ctx context.Context, siteID, id int64, d Draft, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	c, err := s.load(ctx, siteID, id, d.Version)
	if err != nil {
		return c, err
	}
	if err := validateDraft(&d); err != nil {
		return c, err
	}
	c.Title, c.Summary, c.Agency, c.OpensAt, c.ClosesAt = d.Title, d.Summary, d.Agency, d.OpensAt.UTC(), d.ClosesAt.UTC()
	return s.save(ctx, c, a, "consultation.edit", nil)
}

func (s *Service) save(ctx context.Context, c Consultation, a Actor, action string, detail map[string]string) (Consultation, error) {
	c.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	if detail == nil {
		detail = map[string]string{}
	}
	detail["status"] = string(c.Status)
	err := s.store.UpdateConsultation(ctx, &c, s.entry(a, c.SiteID, action, "consultation:"+strconv.FormatInt(c.ID, 10), detail))
	return c, err
}

// AttachFile adds a media attachment to the draft.
func (s *Service) AttachFile(ctx context.Context, siteID, id, version, mediaID int64, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	c, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return c, err
	}
	c.Files = append(c.Files, mediaID)
	return s.save(ctx, c, a, "consultation.attach", map[string]string{"media": strconv.FormatInt(mediaID, 10)})
}

// DetachFile removes an attachment from the draft (the file stays in the
// media library).
func (s *Service) DetachFile(ctx context.Context, siteID, id, version, mediaID int64, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	c, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return c, err
	}
	var kept []int64
	for _, f := range c.Files {
		if f != mediaID {
			kept = append(kept, f)
		}
	}
	c.Files = kept
	return s.save(ctx, c, a, "consultation.detach", map[string]string{"media": strconv.FormatInt(mediaID, 10)})
}

// statusActions are the statuses a draft can be moved to, each with the
// audit action it records: a draft never goes back to StatusDraft.
var statusActions = map[Status]string{
	StatusPublished: "consultation.publish",
	StatusWithdrawn: "consultation.withdraw",
}

// ParseStatus reads the status a moderator asks a draft to move to, as
// the form sends it.
func ParseStatus(s string) (Status, error) {
	st := Status(s)
	if _, ok := statusActions[st]; !ok {
		return "", apperr.New(apperr.Invalid, "Thao tác không hợp lệ: chỉ có thể đăng hoặc gỡ dự thảo.")
	}
	return st, nil
}

// SetStatus publishes the draft (StatusPublished) or takes it down
// (StatusWithdrawn; it is never deleted). Publishing needs, on top of
// managing consultations, the approver's right to publish documents when
// the site separates them: here ActionConsultationManage plus
// ActionDocumentPublish.
func (s *Service) SetStatus(ctx context.Context, siteID, id, version int64, st Status, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	if _, err := ParseStatus(string(st)); err != nil {
		return Consultation{}, err
	}
	if st == StatusPublished && !a.Can(user.ActionDocumentPublish) {
		return Consultation{}, apperr.Errorf(apperr.Forbidden, "Đăng dự thảo cần quyền “%s”.", user.ActionDocumentPublish.Label())
	}
	c, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return c, err
	}
	if c.Status == st {
		return c, apperr.New(apperr.Conflict, "Dự thảo đã ở trạng thái “"+st.Label()+"”.")
	}
	c.Status = st
	if st == StatusPublished && c.PublishedAt.IsZero() {
		c.PublishedAt = s.now().UTC().Truncate(time.Microsecond)
	}
	return s.save(ctx, c, a, statusActions[st], nil)
}

// SaveReport saves the summary of comments and whether it is public.
func (s *Service) SaveReport(ctx context.Context, siteID, id, version int64, report string, publish bool, a Actor) (Consultation, error) {
	if err := mustManage(a); err != nil {
		return Consultation{}, err
	}
	c, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return c, err
	}
	report = cleanText(report)
	if utf8.RuneCountInString(report) > MaxReport {
		return c, &apperr.Error{Code: apperr.Invalid, Message: "Bản tổng hợp dài quá 30.000 ký tự.", Fields: map[string]string{"report": "Bản tổng hợp dài quá 30.000 ký tự."}}
	}
	if publish && report == "" {
		return c, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng nhập bản tổng hợp ý kiến trước khi công khai.", Fields: map[string]string{"report": "Vui lòng nhập bản tổng hợp ý kiến trước khi công khai."}}
	}
	c.Report, c.ReportPublished = report, publish
	return s.save(ctx, c, a, "consultation.report", map[string]string{"published": strconv.FormatBool(publish)})
}

// Public returns a published draft, or apperr.NotFound.
func (s *Service) Public(ctx context.Context, siteID, id int64) (Consultation, error) {
	c, err := s.store.FindConsultationByID(ctx, siteID, id)
	if err != nil {
		return c, err
	}
	if !c.Public() {
		return Consultation{}, apperr.New(apperr.NotFound, "Không tìm thấy dự thảo này hoặc dự thảo chưa được đăng.")
	}
	return c, nil
}

// CommentInput is what a citizen fills in.
type CommentInput struct {
	Name, Email, Phone string
	ShowName           bool
	Body               string
}

// MsgClosed is shown when the comment period is over.
const MsgClosed = "Đã hết thời hạn lấy ý kiến đối với dự thảo này; cơ quan soạn thảo không nhận thêm ý kiến."

// MsgNotYet is shown before the comment period.
const MsgNotYet = "Dự thảo này chưa đến thời gian lấy ý kiến."

// ValidateComment cleans in and returns apperr.Invalid with Fields.
func ValidateComment(in *CommentInput) error {
	in.Name, in.Email, in.Phone, in.Body = clean(in.Name), clean(in.Email), clean(in.Phone), cleanText(in.Body)
	fields := map[string]string{}
	n := utf8.RuneCountInString
	if in.Name == "" {
		fields["name"] = "Vui lòng nhập họ và tên."
	} else if n(in.Name) > question.MaxName {
		fields["name"] = "Họ và tên dài quá 120 ký tự."
	}
	if in.Email == "" && in.Phone == "" {
		fields["email"] = "Vui lòng nhập thư điện tử hoặc số điện thoại để cơ quan liên hệ khi cần."
	}
	email, bad := contact.Check(in.Phone, in.Email)
	for k, msg := range bad {
		fields[k] = msg
	}
	in.Email = email
	if in.Body == "" {
		fields["body"] = "Vui lòng nhập nội dung góp ý."
	} else if n(in.Body) < MinComment {
		fields["body"] = "Nội dung góp ý quá ngắn (ít nhất 10 ký tự)."
	} else if n(in.Body) > MaxComment {
		fields["body"] = "Nội dung góp ý dài quá 10.000 ký tự."
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Góp ý chưa gửi được: vui lòng sửa các mục được đánh dấu.", Fields: fields}
	}
	return nil
}

// CheckOpen returns an apperr.Conflict with the Vietnamese reason when c
// does not accept comments at now.
func CheckOpen(c Consultation, now time.Time) error {
	switch c.PhaseAt(now) {
	case PhaseClosed:
		return apperr.New(apperr.Conflict, MsgClosed)
	case PhaseUpcoming:
		return apperr.New(apperr.Conflict, MsgNotYet)
	}
	return nil
}

// SubmitComment stores a comment, pending moderation, if the draft is
// public and open at this moment.
func (s *Service) SubmitComment(ctx context.Context, siteID, id int64, in CommentInput) (Comment, error) {
	c, err := s.Public(ctx, siteID, id)
	if err != nil {
		return Comment{}, err
	}
	if err := CheckOpen(c, s.now()); err != nil {
		return Comment{}, err
	}
	if err := ValidateComment(&in); err != nil {
		return Comment{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	cm := Comment{SiteID: siteID, ConsultationID: id, Name: in.Name, Email: in.Email, Phone: in.Phone, ShowName: in.ShowName,
		Body: in.Body, Status: CommentPending, CreatedAt: now, UpdatedAt: now}
	return cm, s.store.CreateComment(ctx, &cm)
}

// ParseCommentStatus reads the decision a moderator takes on a comment,
// as the form sends it: approved or rejected.
func ParseCommentStatus(s string) (CommentStatus, error) {
	switch st := CommentStatus(s); st {
	case CommentApproved, CommentRejected:
		return st, nil
	}
	return "", apperr.New(apperr.Invalid, "Thao tác không hợp lệ: chỉ có thể duyệt hoặc loại ý kiến.")
}

// Moderate approves or rejects a comment; version is the comment's edit
// version the moderator's page showed (0: whatever is stored), and a
// comment decided or changed since is ErrCommentStale.
func (s *Service) Moderate(ctx context.Context, siteID, commentID, version int64, st CommentStatus, a Actor) error {
	if err := mustManage(a); err != nil {
		return err
	}
	if _, err := ParseCommentStatus(string(st)); err != nil {
		return err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	return s.store.SetCommentStatus(ctx, siteID, commentID, version, st, now,
		s.entry(a, siteID, "consultation.comment."+string(st), "comment:"+strconv.FormatInt(commentID, 10), nil))
}
