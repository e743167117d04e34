// Package document is the register of administrative documents (văn bản):
// decisions, plans, official letters and the like that a state body issues
// and must publish. A document is entered as a draft, published, possibly
// superseded by a later one, and withdrawn rather than deleted.
package document

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Status is a document's place in the publishing workflow.
type Status string

const (
	StatusDraft     Status = "draft"     // nháp: entered, not public
	StatusPublished Status = "published" // đã công bố
	StatusWithdrawn Status = "withdrawn" // đã gỡ: no longer public, never deleted
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusDraft || s == StatusPublished || s == StatusWithdrawn
}

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Nháp"
	case StatusPublished:
		return "Đã công bố"
	case StatusWithdrawn:
		return "Đã gỡ"
	}
	return string(s)
}

// Validity is whether a document is in force, derived from its dates and
// whether another document replaced it.
type Validity string

const (
	ValidityInForce  Validity = "con-hieu-luc"  // còn hiệu lực
	ValidityPending  Validity = "chua-hieu-luc" // chưa có hiệu lực
	ValidityExpired  Validity = "het-hieu-luc"  // hết hiệu lực
	ValidityReplaced Validity = "bi-thay-the"   // bị thay thế
)

// Validities lists every validity, in the order filters show them.
var Validities = []Validity{ValidityInForce, ValidityPending, ValidityExpired, ValidityReplaced}

// Valid reports whether v is a known validity.
func (v Validity) Valid() bool {
	for _, x := range Validities {
		if v == x {
			return true
		}
	}
	return false
}

// Label is the validity in Vietnamese.
func (v Validity) Label() string {
	switch v {
	case ValidityInForce:
		return "Còn hiệu lực"
	case ValidityPending:
		return "Chưa có hiệu lực"
	case ValidityExpired:
		return "Hết hiệu lực"
	case ValidityReplaced:
		return "Bị thay thế"
	}
	return string(v)
}

// Types are the forms of document the register offers (Decree 30/2020/NĐ-CP
// lists the administrative ones), in the order forms show them.
var Types = []string{
	"Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông báo", "Hướng dẫn",
	"Chương trình", "Kế hoạch", "Phương án", "Đề án", "Báo cáo", "Tờ trình", "Công văn", "Công điện",
}

// KnownType reports whether t is one of Types.
func KnownType(t string) bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// Document is one entry of the register. Dates are calendar dates: midnight
// UTC of the day, the zero time when unset.
type Document struct {
	ID              int64
	SiteID          int64
	Type            string // "Quyết định"
	Number          string // số ký hiệu, "123/QĐ-UBND"
	Issuer          string // cơ quan ban hành, "UBND huyện Gia Viễn"
	Signer          string // người ký
	Field           string // lĩnh vực
	Abstract        string // trích yếu
	IssuedOn        vi.Day
	EffectiveOn     vi.Day  // zero: from the issue date
	ExpiresOn       vi.Day  // zero: no end date
	ReplacedByID    int64   // the document that replaced this one, 0 when none
	FileIDs         []int64 // attachments (media file IDs), in order
	Status          Status
	WithdrawnReason string
	PublishedAt     time.Time // when it was first made public
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64 // the edit version read; an update of another is ErrStale
}

// Path is the document's public address.
func (d Document) Path() string { return Path(d.ID, d.Number) }

// Path is the public address of the document id with number.
func Path(id int64, number string) string {
	p := "/van-ban/" + strconv.FormatInt(id, 10)
	if s := vi.Slug(number); s != "" {
		p += "-" + s
	}
	return p
}

// Title is the document's name as lists show it: "Quyết định số 123/QĐ-UBND".
func (d Document) Title() string { return d.Type + " số " + d.Number }

// Citation is how the document is quoted: "Quyết định số 123/QĐ-UBND ngày
// 05 tháng 01 năm 2020 của UBND huyện Gia Viễn".
func (d Document) Citation() string {
	s := d.Title()
	if !d.IssuedOn.IsZero() {
		s += " " + vi.AdminDate(d.IssuedOn.Midnight())
	}
	if d.Issuer != "" {
		s += " của " + d.Issuer
	}
	return s
}

// Public reports whether visitors may see the document.
func (d Document) Public() bool { return d.Status == StatusPublished }

// ValidityOn derives whether the document is in force on the calendar day
// today.
func (d Document) ValidityOn(today vi.Day) Validity {
	switch {
	case d.ReplacedByID != 0:
		return ValidityReplaced
	case !d.ExpiresOn.IsZero() && !today.Before(d.ExpiresOn):
		return ValidityExpired
	case !d.EffectiveOn.IsZero() && today.Before(d.EffectiveOn):
		return ValidityPending
	}
	return ValidityInForce
}

// Today is the calendar day of the instant t in Vietnam.
func Today(t time.Time) vi.Day { return vi.DayOf(t) }

// DateString formats a Document date as YYYY-MM-DD, "" when unset.
func DateString(d vi.Day) string { return d.String() }

// ParseDate reads a YYYY-MM-DD date (that form only, as stored and as the
// form asks for it); "" is no day.
func ParseDate(s string) (vi.Day, error) {
	if s == "" {
		return vi.Day{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return vi.Day{}, fmt.Errorf("document date %q: %w", s, err)
	}
	return vi.NewDay(t.Date()), nil
}

// Filter selects documents. The zero value of each field means "any".
type Filter struct {
	SiteID       int64
	Status       Status
	Type         string
	Issuer       string
	Field        string
	Year         int      // of the issue date
	IssuedFrom   vi.Day   // issued on or after this day
	IssuedTo     vi.Day   // issued on or before this day
	Validity     Validity // needs Today
	Today        vi.Day
	UpdatedSince time.Time
	ExcludeID    int64
	Limit        int // 0: 20
	Offset       int
}

// Facets are the values a site's documents use, for filter menus.
type Facets struct {
	Issuers []string
	Fields  []string
	Years   []int // newest first
}

// Store persists documents. Every write takes the audit entry to append in
// the same transaction (its empty Object set to "document:<id>") and keeps
// the search index in step.
type Store interface {
	CreateDocument(ctx context.Context, d *Document, e *audit.Entry) error
	// UpdateDocument rewrites d if its Version is still what was read (then adds one to it);
	// otherwise it returns a Conflict.
	UpdateDocument(ctx context.Context, d *Document, e *audit.Entry) error
	FindDocumentByID(ctx context.Context, siteID, id int64) (Document, error)
	// FindDocuments returns matching documents, newest issue date first.
	FindDocuments(ctx context.Context, f Filter) ([]Document, error)
	CountDocuments(ctx context.Context, f Filter) (int, error)
	// DocumentFacets lists the issuers, fields and issue years of the
	// site's documents of status (any status when empty).
	DocumentFacets(ctx context.Context, siteID int64, status Status) (Facets, error)
}
