package document

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Limits on the fields of a document.
const (
	MaxNumber   = 60
	MaxIssuer   = 200
	MaxSigner   = 120
	MaxField    = 120
	MaxAbstract = 2000
	MaxFiles    = 20
	MaxReason   = 500
)

// Input is a document as typed in the form: dates as people type them,
// 05/12/2026 (vi.ParseDay; ISO 2026-12-05 too).
type Input struct {
	Type, Number, Issuer, Signer, Field, Abstract string
	IssuedOn, EffectiveOn, ExpiresOn              string
	FileIDs                                       []int64
}

// InputOf returns d as the form shows it.
func InputOf(d Document) Input {
	return Input{Type: d.Type, Number: d.Number, Issuer: d.Issuer, Signer: d.Signer, Field: d.Field, Abstract: d.Abstract,
		IssuedOn: formDate(d.IssuedOn), EffectiveOn: formDate(d.EffectiveOn), ExpiresOn: formDate(d.ExpiresOn),
		FileIDs: append([]int64(nil), d.FileIDs...)}
}

// formDate is d as the form shows it, 05/12/2026; "" for no day.
func formDate(d vi.Day) string {
	if d.IsZero() {
		return ""
	}
	return d.Numeric()
}

// numberRE is the shape of a number and symbol (Decree 30/2020/NĐ-CP):
// a number, optionally the year, then the abbreviation of the type and of
// the issuing body joined by hyphens: 123/QĐ-UBND, 05/2020/NĐ-CP,
// 15/CT-TTg, 1234/UBND-VX.
var numberRE = regexp.MustCompile(`^[0-9]{1,6}[a-z]?(/[0-9]{4})?/[\p{L}0-9&.]+(-[\p{L}0-9&.]+)*$`)

// CleanNumber normalises a typed number and symbol: NFC, no spaces around
// its slashes and hyphens.
func CleanNumber(s string) string {
	s = strings.Join(strings.Fields(vi.Line(s)), " ")
	for _, sep := range []string{"/", "-"} {
		s = strings.ReplaceAll(s, " "+sep, sep)
		s = strings.ReplaceAll(s, sep+" ", sep)
	}
	return strings.ReplaceAll(s, "–", "-")
}

func clean(s string) string {
	return strings.Join(strings.Fields(vi.Line(s)), " ")
}

// Check validates in and returns the document fields it gives. The error
// is Invalid with one Vietnamese message per field (keys: type, number,
// issuer, signer, field, abstract, issued_on, effective_on, expires_on,
// files) and the first as its message.
func Check(in Input) (Document, error) {
	d := Document{Type: clean(in.Type), Number: CleanNumber(in.Number), Issuer: clean(in.Issuer), Signer: clean(in.Signer),
		Field: clean(in.Field), Abstract: vi.Text(in.Abstract), FileIDs: in.FileIDs}
	errs := map[string]string{}
	var order []string
	add := func(field, msg string) {
		if _, ok := errs[field]; !ok {
			errs[field] = msg
			order = append(order, field)
		}
	}
	switch {
	case d.Type == "":
		add("type", "Vui lòng chọn hình thức văn bản.")
	case !KnownType(d.Type):
		add("type", "Hình thức văn bản không hợp lệ.")
	}
	switch {
	case d.Number == "":
		add("number", "Vui lòng nhập số ký hiệu, ví dụ 123/QĐ-UBND.")
	case utf8.RuneCountInString(d.Number) > MaxNumber:
		add("number", "Số ký hiệu quá dài, tối đa "+strconv.Itoa(MaxNumber)+" ký tự.")
	case !numberRE.MatchString(d.Number):
		add("number", "Số ký hiệu chưa đúng dạng: số, dấu “/”, rồi ký hiệu viết tắt nối bằng dấu “-”, ví dụ 123/QĐ-UBND hoặc 05/2020/NĐ-CP.")
	}
	text := func(field, label string, v string, required bool, limit int) {
		switch {
		case v == "" && required:
			add(field, "Vui lòng nhập "+label+".")
		case utf8.RuneCountInString(v) > limit:
			add(field, strings.ToUpper(label[:1])+label[1:]+" quá dài, tối đa "+strconv.Itoa(limit)+" ký tự.")
		}
	}
	text("issuer", "cơ quan ban hành", d.Issuer, true, MaxIssuer)
	text("signer", "người ký", d.Signer, false, MaxSigner)
	text("field", "lĩnh vực", d.Field, false, MaxField)
	text("abstract", "trích yếu", d.Abstract, true, MaxAbstract)
	date := func(field, label, v string, required bool) vi.Day {
		v = strings.TrimSpace(v)
		if v == "" {
			if required {
				add(field, "Vui lòng nhập "+label+".")
			}
			return vi.Day{}
		}
		t, err := vi.ParseDay(v)
		if err != nil {
			add(field, vi.FieldMessage(strings.ToUpper(label[:1])+label[1:], v, err))
			return vi.Day{}
		}
		if y, _, _ := t.Date(); y < 1945 || y > 2200 {
			add(field, strings.ToUpper(label[:1])+label[1:]+" không hợp lệ: năm phải từ 1945 đến 2200.")
			return vi.Day{}
		}
		return t
	}
	d.IssuedOn = date("issued_on", "ngày ban hành", in.IssuedOn, true)
	d.EffectiveOn = date("effective_on", "ngày có hiệu lực", in.EffectiveOn, false)
	d.ExpiresOn = date("expires_on", "ngày hết hiệu lực", in.ExpiresOn, false)
	if !d.IssuedOn.IsZero() && !d.EffectiveOn.IsZero() && d.EffectiveOn.Before(d.IssuedOn) {
		add("effective_on", "Ngày có hiệu lực không được trước ngày ban hành.")
	}
	if !d.ExpiresOn.IsZero() {
		start := d.EffectiveOn
		if start.IsZero() {
			start = d.IssuedOn
		}
		if !start.IsZero() && !d.ExpiresOn.After(start) {
			add("expires_on", "Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ban hành).")
		}
	}
	if len(d.FileIDs) > MaxFiles {
		add("files", "Mỗi văn bản đính kèm tối đa "+strconv.Itoa(MaxFiles)+" tệp.")
	}
	if len(order) > 0 {
		return d, &apperr.Error{Code: apperr.Invalid, Message: errs[order[0]], Fields: errs}
	}
	return d, nil
}

// Actor is who does something, for the audit log.
type Actor struct {
	UserID int64
	Name   string
	IP     string
}

// Service runs the register's workflow over a Store.
type Service struct {
	store    Store
	now      func() time.Time
	onChange []func(siteID int64)
}

// OnChange registers fn to run after every change to a site's documents,
// so that caches keyed on the site's version (content.Directory) reload at
// once rather than at their next poll.
func (s *Service) OnChange(fn func(siteID int64)) { s.onChange = append(s.onChange, fn) }

// changed tells the OnChange functions about a successful write.
func (s *Service) changed(siteID int64, err error) {
	if err != nil {
		return
	}
	for _, fn := range s.onChange {
		fn(siteID)
	}
}

// NewService returns a Service over st; now nil means time.Now.
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// Store returns the underlying store, for reads.
func (s *Service) Store() Store { return s.store }

// Today is the current calendar day in Vietnam.
func (s *Service) Today() vi.Day { return Today(s.now()) }

func (s *Service) entry(a Actor, siteID int64, action string, detail map[string]string) *audit.Entry {
	return &audit.Entry{At: s.now(), SiteID: siteID, ActorID: a.UserID, Actor: a.Name, IP: a.IP, Action: action, Detail: detail}
}

// Create enters a new draft.
func (s *Service) Create(ctx context.Context, a Actor, siteID int64, in Input) (Document, error) {
	d, err := Check(in)
	if err != nil {
		return d, err
	}
	d.SiteID, d.Status, d.CreatedBy = siteID, StatusDraft, a.UserID
	err = s.store.CreateDocument(ctx, &d, s.entry(a, siteID, "document.create", map[string]string{"number": d.Number}))
	s.changed(siteID, err)
	return d, err
}

// Update corrects a document. version is the edit version the editor
// read: a document changed since is not overwritten (ErrStale). A withdrawn document cannot
// be edited; a published one can, and stays published.
func (s *Service) Update(ctx context.Context, a Actor, siteID, id, version int64, in Input) (Document, error) {
	cur, err := s.store.FindDocumentByID(ctx, siteID, id)
	if err != nil {
		return cur, err
	}
	if cur.Version != version {
		return cur, ErrStale
	}
	if cur.Status == StatusWithdrawn {
		return cur, apperr.New(apperr.Conflict, "Văn bản đã gỡ không sửa được.")
	}
	d, err := Check(in)
	if err != nil {
		return d, err
	}
	d.ID, d.SiteID, d.Status, d.CreatedBy, d.CreatedAt = cur.ID, cur.SiteID, cur.Status, cur.CreatedBy, cur.CreatedAt
	d.ReplacedByID, d.PublishedAt, d.WithdrawnReason = cur.ReplacedByID, cur.PublishedAt, cur.WithdrawnReason
	d.UpdatedAt, d.Version = cur.UpdatedAt, version
	err = s.store.UpdateDocument(ctx, &d, s.entry(a, siteID, "document.save", map[string]string{"number": d.Number, "status": string(d.Status)}))
	s.changed(siteID, err)
	return d, err
}

// load reads the document a workflow step starts from: version is the
// edit version the staff member's page showed, and a document changed
// since is ErrStale (0 starts from the version just read, for callers
// with no page). The store checks the version read again when it writes.
func (s *Service) load(ctx context.Context, siteID, id, version int64) (Document, error) {
	d, err := s.store.FindDocumentByID(ctx, siteID, id)
	if err == nil && version != 0 && version != d.Version {
		err = ErrStale
	}
	return d, err
}

// Publish makes a draft or withdrawn document public; version as for load.
func (s *Service) Publish(ctx context.Context, a Actor, siteID, id, version int64) (Document, error) {
	d, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return d, err
	}
	if d.Status == StatusPublished {
		return d, apperr.New(apperr.Conflict, "Văn bản đã được công bố.")
	}
	d.Status, d.WithdrawnReason = StatusPublished, ""
	if d.PublishedAt.IsZero() {
		d.PublishedAt = s.now().UTC().Truncate(time.Microsecond)
	}
	err = s.store.UpdateDocument(ctx, &d, s.entry(a, siteID, "document.publish", map[string]string{"number": d.Number}))
	s.changed(siteID, err)
	return d, err
}

// Withdraw takes a published document off the site, with a reason. It is
// kept, never deleted. version as for load.
func (s *Service) Withdraw(ctx context.Context, a Actor, siteID, id, version int64, reason string) (Document, error) {
	d, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return d, err
	}
	reason = clean(reason)
	switch {
	case d.Status != StatusPublished:
		return d, apperr.New(apperr.Conflict, "Chỉ gỡ được văn bản đang công bố.")
	case reason == "":
		return d, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng nêu lý do gỡ văn bản.", Fields: map[string]string{"reason": "Vui lòng nêu lý do gỡ văn bản."}}
	case utf8.RuneCountInString(reason) > MaxReason:
		msg := "Lý do gỡ quá dài, tối đa " + strconv.Itoa(MaxReason) + " ký tự."
		return d, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	d.Status, d.WithdrawnReason = StatusWithdrawn, reason
	err = s.store.UpdateDocument(ctx, &d, s.entry(a, siteID, "document.withdraw", map[string]string{"number": d.Number, "reason": reason}))
	s.changed(siteID, err)
	return d, err
}

// Supersede records that the published document byID replaced id (byID 0
// clears it). The replacement must be another published document of the
// site, issued on or after the one it replaces. version as for load.
func (s *Service) Supersede(ctx context.Context, a Actor, siteID, id, version, byID int64) (Document, error) {
	d, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return d, err
	}
	if d.Status == StatusWithdrawn {
		return d, apperr.New(apperr.Conflict, "Văn bản đã gỡ không cập nhật được.")
	}
	detail := map[string]string{"number": d.Number}
	if byID != 0 {
		if byID == id {
			return d, apperr.New(apperr.Invalid, "Văn bản không thể thay thế chính nó.")
		}
		by, err := s.store.FindDocumentByID(ctx, siteID, byID)
		if apperr.Is(err, apperr.NotFound) {
			return d, apperr.New(apperr.Invalid, "Không tìm thấy văn bản thay thế.")
		}
		if err != nil {
			return d, err
		}
		if by.Status != StatusPublished {
			return d, apperr.New(apperr.Invalid, "Văn bản thay thế phải là văn bản đã công bố.")
		}
		if by.IssuedOn.Before(d.IssuedOn) {
			return d, apperr.New(apperr.Invalid, "Văn bản thay thế phải ban hành cùng ngày hoặc sau văn bản bị thay thế.")
		}
		detail["replaced_by"] = by.Number
	}
	d.ReplacedByID = byID
	err = s.store.UpdateDocument(ctx, &d, s.entry(a, siteID, "document.supersede", detail))
	s.changed(siteID, err)
	return d, err
}

// Public returns a document visitors may see: a withdrawn one is Gone, a
// draft NotFound.
func (s *Service) Public(ctx context.Context, siteID, id int64) (Document, error) {
	d, err := s.store.FindDocumentByID(ctx, siteID, id)
	if err != nil {
		return d, err
	}
	switch d.Status {
	case StatusPublished:
		return d, nil
	case StatusWithdrawn:
		return Document{}, apperr.New(apperr.Gone, "Văn bản này đã được gỡ khỏi trang.")
	}
	return Document{}, apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
}

// ParseRef reads the id from a public address part such as "12-123-qd-ubnd".
func ParseRef(ref string) (int64, bool) {
	digits := ref
	if i := strings.IndexByte(ref, '-'); i >= 0 {
		digits = ref[:i]
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == digits
}

// checkFiles says why d cannot have n attachments: it was withdrawn
// (Conflict), or n is over MaxFiles (Invalid, on the field "files").
func checkFiles(d Document, n int) error {
	if d.Status == StatusWithdrawn {
		return apperr.New(apperr.Conflict, "Văn bản đã gỡ không sửa được.")
	}
	if n > MaxFiles {
		msg := "Mỗi văn bản đính kèm tối đa " + strconv.Itoa(MaxFiles) + " tệp."
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"files": msg}}
	}
	return nil
}

// CanAttach says why one more file cannot be attached to d (see
// SetFiles), nil when it can: checked before an upload, so that a file is
// not stored only to be refused.
func CanAttach(d Document) error { return checkFiles(d, len(d.FileIDs)+1) }

// SetFiles replaces the document's attachments with ids (media file IDs
// the caller has checked belong to the site), recording action ("attach"
// or "detach") and the file concerned. version as for load: the list ids
// was made from is that version's.
func (s *Service) SetFiles(ctx context.Context, a Actor, siteID, id, version int64, ids []int64, action string, fileID int64) (Document, error) {
	d, err := s.load(ctx, siteID, id, version)
	if err != nil {
		return d, err
	}
	if err := checkFiles(d, len(ids)); err != nil {
		return d, err
	}
	d.FileIDs = ids
	err = s.store.UpdateDocument(ctx, &d, s.entry(a, siteID, "document."+action, map[string]string{"number": d.Number, "file": strconv.FormatInt(fileID, 10)}))
	s.changed(siteID, err)
	return d, err
}
