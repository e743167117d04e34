package media

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// The media library's catalogue: search, captions, where each record is
// used, and deletion. A RecordStore that also implements CatalogStore (both
// stores do) enables them; the upload and import functions above do not
// need it.

// MaxCaptionRunes bounds a photo's caption, the line printed under it.
const MaxCaptionRunes = 500

// Owner kinds of a Use.
const (
	UseArticle      = "article"
	UsePage         = "page"
	UseDocument     = "document"
	UseConsultation = "consultation"
)

// Use is one place a media record is shown: an article (its featured photo
// or its body), a static page, a document or a consultation that lists it.
type Use struct {
	MediaID int64
	Kind    string // UseArticle, UsePage, UseDocument or UseConsultation
	OwnerID int64
	Title   string
	Slug    string // articles and pages: the public address's slug
	Public  bool   // the owner is published
}

// Filter selects a site's records in the library, newest first.
type Filter struct {
	SiteID int64
	// Query matches the file name, the alternative text or the caption
	// (a substring; case-insensitive for ASCII letters on SQLite, for
	// every letter on PostgreSQL).
	Query string
	Kind  string // KindImage, KindFile, KindVideo or "" for all
	// Uploader matches the name or e-mail of the user who uploaded it.
	Uploader string
	From, To time.Time // created in [From, To); zero: unbounded
	Limit    int
	Offset   int
}

// Messages of the catalogue.
const (
	msgCaptionTooLong = "Chú thích ảnh quá dài: tối đa 500 ký tự."
	msgInUse          = "Không thể xóa vì tệp đang được dùng trong nội dung đã đăng. Hãy gỡ tệp khỏi các bài, trang hoặc văn bản dưới đây trước."
	msgNoCatalog      = "Thư viện tệp chưa dùng được với kho dữ liệu này."
)

// ErrInUse is the refusal to delete a record that published content shows.
var ErrInUse = apperr.New(apperr.Conflict, msgInUse)

// CatalogStore is the part of the stores behind the library's pages.
// SiteID scopes every call; another site's record is ErrNotFound.
type CatalogStore interface {
	// SearchMedia returns the records f selects, newest first, and how
	// many it selects in all.
	SearchMedia(ctx context.Context, f Filter) ([]Item, int, error)
	// FindMediaUses lists where each of ids is used (articles and pages
	// by media_refs, documents and consultations by media_uses), in one
	// query whatever the number of ids.
	FindMediaUses(ctx context.Context, siteID int64, ids []int64) ([]Use, error)
	// UpdateMediaDetails writes the alternative text and caption of a
	// record, with the audit entry a (nil: none) in the same transaction.
	UpdateMediaDetails(ctx context.Context, siteID, id int64, alt, caption string, a *audit.Entry) error
	// DeleteMedia removes a record and returns it, with a in the same
	// transaction, unless published content uses it: then ErrInUse
	// (published articles are also searched for its addresses, so an
	// article saved before media_refs existed counts too).
	DeleteMedia(ctx context.Context, siteID, id int64, a *audit.Entry) (Item, error)
}

func (l *Library) catalog() (CatalogStore, error) {
	c, ok := l.records.(CatalogStore)
	if !ok {
		return nil, apperr.New(apperr.Unavailable, msgNoCatalog)
	}
	return c, nil
}

// Search lists the records of f.SiteID that f selects; Limit ≤ 0 means
// 50, and at most 500 are returned.
func (l *Library) Search(ctx context.Context, f Filter) ([]Item, int, error) {
	c, err := l.catalog()
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = defaultListSize
	}
	f.Limit = min(f.Limit, maxListSize)
	f.Offset = max(f.Offset, 0)
	f.Query = strings.Join(strings.Fields(f.Query), " ")
	f.Uploader = strings.Join(strings.Fields(f.Uploader), " ")
	return c.SearchMedia(ctx, f)
}

// Uses returns where each of ids (records of siteID) is used, by ID.
func (l *Library) Uses(ctx context.Context, siteID int64, ids []int64) (map[int64][]Use, error) {
	out := make(map[int64][]Use, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	c, err := l.catalog()
	if err != nil {
		return nil, err
	}
	uses, err := c.FindMediaUses(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	for _, u := range uses {
		out[u.MediaID] = append(out[u.MediaID], u)
	}
	return out, nil
}

// CleanCaption normalises a caption as CleanAlt does alternative text;
// longer than MaxCaptionRunes is refused.
func CleanCaption(caption string) (string, error) {
	c, err := CleanAlt(truncateRunes(caption, MaxCaptionRunes+1))
	if err != nil || utf8.RuneCountInString(c) > MaxCaptionRunes {
		return "", &apperr.Error{Code: apperr.Invalid, Message: msgCaptionTooLong, Fields: map[string]string{"caption": msgCaptionTooLong}}
	}
	return c, nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// SetDetails writes the alternative text and the caption of a site's
// record (cleaned as in UploadImage), audited with a.
func (l *Library) SetDetails(ctx context.Context, siteID, id int64, alt, caption string, a *audit.Entry) error {
	c, err := l.catalog()
	if err != nil {
		return err
	}
	alt, err = CleanAlt(alt)
	if err != nil {
		return err
	}
	caption, err = CleanCaption(caption)
	if err != nil {
		return err
	}
	return c.UpdateMediaDetails(ctx, siteID, id, alt, caption, a)
}

// Delete removes a site's record, refused with ErrInUse while published
// content uses it, then its blobs (best effort: an orphan blob is
// harmless, a record without its blob is not).
func (l *Library) Delete(ctx context.Context, siteID, id int64, a *audit.Entry) (Item, error) {
	c, err := l.catalog()
	if err != nil {
		return Item{}, err
	}
	it, err := c.DeleteMedia(ctx, siteID, id, a)
	if err != nil {
		return Item{}, err
	}
	l.discard(ctx, it.blobKeys())
	return it, nil
}

// UploadNamedImage is UploadImage for the media library's form: the
// uploaded file's name is kept (cleaned, as SafeFileName does) so that the
// library can be searched by it, and the caption is written with it.
func (l *Library) UploadNamedImage(ctx context.Context, siteID, userID int64, name string, r io.Reader, alt, caption string, a *audit.Entry) (Item, error) {
	caption, err := CleanCaption(caption)
	if err != nil {
		return Item{}, err
	}
	ext := nameExt(name)
	if ext == "" {
		ext = "jpg"
	}
	l2 := *l
	l2.named = &namedUpload{name: SafeFileName(name, ext), caption: caption}
	return l2.uploadImage(ctx, siteID, userID, NewKey(), r, alt, a)
}

// namedUpload is what UploadNamedImage adds to a photo's record.
type namedUpload struct{ name, caption string }
