package content

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
)

// Cursor marks a place in a list kept in a fixed order (newest first, or
// by last change): the sort time and id of a row, and the number of the
// page that follows it (shown to readers only; a list is never read by
// it). A list read after a cursor costs what its first page costs, however
// deep it is (keyset pagination, not OFFSET). The zero Cursor is no place.
type Cursor struct {
	At   time.Time
	ID   int64
	Page int
}

// MaxCursorPage bounds the page number a cursor carries.
const MaxCursorPage = 10_000_000

// maxCursorLen bounds an encoded cursor: three decimal numbers, base64.
const maxCursorLen = 80

// IsZero reports whether c marks no place.
func (c Cursor) IsZero() bool { return c.ID == 0 }

// CursorAt is the cursor just past a, in a list ordered by publication
// time (byUpdated false) or by last change.
func CursorAt(a Article, byUpdated bool, page int) Cursor {
	at := a.PublishedAt
	if byUpdated {
		at = a.UpdatedAt
	}
	return Cursor{At: at, ID: a.ID, Page: page}
}

// String encodes c for an address: opaque, URL-safe, unpadded.
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	raw := strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10) + "." + strconv.Itoa(c.Page)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ErrBadCursor is what a cursor that String did not make gets.
var ErrBadCursor = apperr.New(apperr.Invalid, "Đường dẫn phân trang không hợp lệ hoặc đã cũ. Hãy quay lại trang đầu của danh sách.")

// ParseCursor reads what String wrote; anything else, or a value out of
// bounds, is ErrBadCursor.
func ParseCursor(s string) (Cursor, error) {
	if s == "" || len(s) > maxCursorLen {
		return Cursor{}, ErrBadCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 {
		return Cursor{}, ErrBadCursor
	}
	us, err1 := strconv.ParseInt(parts[0], 10, 64)
	id, err2 := strconv.ParseInt(parts[1], 10, 64)
	page, err3 := strconv.Atoi(parts[2])
	// Years 1 to 9999 only: the stores' time columns hold no other.
	const minUs, maxUs = -62135596800_000000, 253402300799_000000
	if err1 != nil || err2 != nil || err3 != nil || id <= 0 || page < 1 || page > MaxCursorPage || us < minUs || us > maxUs {
		return Cursor{}, ErrBadCursor
	}
	c := Cursor{At: time.UnixMicro(us).UTC(), ID: id, Page: page}
	if c.String() != s { // one spelling per place ("+1", "01" are refused)
		return Cursor{}, ErrBadCursor
	}
	return c, nil
}

// ArticleMonth is one month (UTC) of a site's published articles: how
// many there are and a version that changes whenever one of them does.
// The XML sitemap keeps a part a month and rebuilds it only when its
// version moves.
type ArticleMonth struct {
	Year, Month int
	Articles    int
	Version     int64
}

// Start is the first instant of the month.
func (m ArticleMonth) Start() time.Time {
	return time.Date(m.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC)
}

// MonthStore lists a site's months with published articles, oldest first
// (both stores keep them, in article_months).
type MonthStore interface {
	ArticleMonths(ctx context.Context, siteID int64) ([]ArticleMonth, error)
}
