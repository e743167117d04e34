package content

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Site furniture: the main menu, the home page's blocks, the banner links,
// the Giới thiệu set with the leaders' profiles and the "Tiếp cận thông
// tin" section. None of it is published content: site administrators
// change it directly (the audit log records who did), and a change shows
// at once (the site's version is bumped, so cached pages are dropped).
//
// Each piece is a small ordered list (tens of items) read whole by every
// page that shows it, so it is kept as one JSON document per site and key
// (a Setting) written by compare-and-set: two administrators editing at
// the same time never lose each other's change, and a list is never half
// written.

// Setting is one stored document of a site's furniture.
type Setting struct {
	SiteID    int64
	Key       string
	Value     string // JSON
	Revision  int64  // 0 before it is first saved; bumped by every save
	UpdatedAt time.Time
}

// FurnitureStore persists settings.
type FurnitureStore interface {
	// FindSetting returns the site's setting key, NotFound when it was
	// never saved.
	FindSetting(ctx context.Context, siteID int64, key string) (Setting, error)
	// SaveSetting writes s if its stored revision is still s.Revision (0:
	// it must not exist yet), then sets s.Revision to the new revision.
	// Otherwise it returns ErrSettingMoved and writes nothing. It bumps the
	// site's content version. a (may be nil) is appended to the audit log
	// in the same transaction: no change without its entry.
	SaveSetting(ctx context.Context, s *Setting, a *audit.Entry) error
}

// Setting keys.
const (
	KeyMenu       = "menu"
	KeyBanners    = "banners"
	KeyHomeBlocks = "home_blocks"
	KeyAbout      = "about"
	KeyLeaders    = "leaders"
	KeyAccessInfo = "access_info"
)

// Public addresses of the furniture pages.
const (
	AboutPath      = "/gioi-thieu"
	LeadersPath    = "/gioi-thieu/lanh-dao"
	AccessInfoPath = "/tiep-can-thong-tin"
)

// AboutPagePath is where a page of the Giới thiệu set is read.
func AboutPagePath(slug string) string { return AboutPath + "/" + slug }

// Furniture applies the rules of the site furniture over a FurnitureStore.
type Furniture struct {
	store  FurnitureStore
	notify func(siteID int64)
}

// NewFurniture returns the furniture service. notify (may be nil) is
// called after every change, e.g. Service.NotifyChanged.
func NewFurniture(store FurnitureStore, notify func(siteID int64)) *Furniture {
	if notify == nil {
		notify = func(int64) {}
	}
	return &Furniture{store: store, notify: notify}
}

const msgBusy = "Thông tin vừa được người khác thay đổi. Vui lòng tải lại trang và thử lại."

// load reads the document key into v, leaving v alone when it was never
// saved, and returns the revision read.
func (f *Furniture) load(ctx context.Context, siteID int64, key string, v any) (int64, error) {
	s, err := f.store.FindSetting(ctx, siteID, key)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if err := json.Unmarshal([]byte(s.Value), v); err != nil {
		return 0, fmt.Errorf("furniture %s of site %d: %w", key, siteID, err)
	}
	return s.Revision, nil
}

// update reads the document key, lets change modify it and writes it
// back with its audit entry a (may be nil); when another writer saved in
// between, it starts again with what they wrote.
func update[T any](ctx context.Context, f *Furniture, siteID int64, key string, a *audit.Entry, change func(*T) error) error {
	// Each round some writer wins, so this many concurrent administrators
	// of one site all get through.
	for attempt := 0; attempt < 20; attempt++ {
		var v T
		rev, err := f.load(ctx, siteID, key, &v)
		if err != nil {
			return err
		}
		if err := change(&v); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		s := Setting{SiteID: siteID, Key: key, Value: string(b), Revision: rev}
		err = f.store.SaveSetting(ctx, &s, a)
		if errors.Is(err, ErrSettingMoved) {
			continue
		}
		if err != nil {
			return err
		}
		f.notify(siteID)
		return nil
	}
	return apperr.New(apperr.Conflict, msgBusy)
}

// named names the object of the audit entry a (may be nil): kind, or
// kind:id for an item of a list.
func named(a *audit.Entry, kind string, id int64) {
	if a == nil {
		return
	}
	a.Object = kind
	if id != 0 {
		a.Object = kind + ":" + strconv.FormatInt(id, 10)
	}
}

// nextID is one more than the largest ID of items.
func nextID[T any](items []T, id func(T) int64) int64 {
	var n int64
	for _, it := range items {
		n = max(n, id(it))
	}
	return n + 1
}

// move shifts the item with id one place up (delta -1) or down (+1) among
// the items sameGroup says are its siblings.
func move[T any](items []T, id int64, delta int, idOf func(T) int64, sameGroup func(a, b T) bool) error {
	i := slices.IndexFunc(items, func(it T) bool { return idOf(it) == id })
	if i < 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy mục cần di chuyển.")
	}
	for j := i + delta; j >= 0 && j < len(items); j += delta {
		if sameGroup(items[i], items[j]) {
			items[i], items[j] = items[j], items[i]
			return nil
		}
	}
	return nil // already first or last: nothing to do
}

func find[T any](items []T, id int64, idOf func(T) int64, what string) (T, error) {
	for _, it := range items {
		if idOf(it) == id {
			return it, nil
		}
	}
	var zero T
	return zero, apperr.New(apperr.NotFound, "Không tìm thấy "+what+".")
}

// replace puts it in place of the item with the same ID, or appends it
// when its ID is 0, under a new ID; it returns the item's ID. It never
// changes the caller's item: update may run it again after a conflict.
func replace[T any](items []T, it T, idOf func(T) int64, setID func(*T, int64), what string) ([]T, int64, error) {
	if idOf(it) == 0 {
		id := nextID(items, idOf)
		setID(&it, id)
		return append(items, it), id, nil
	}
	i := slices.IndexFunc(items, func(x T) bool { return idOf(x) == idOf(it) })
	if i < 0 {
		return nil, 0, apperr.New(apperr.NotFound, "Không tìm thấy "+what+".")
	}
	items[i] = it
	return items, idOf(it), nil
}

// sign is the direction of a move: -1 up, +1 down.
func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// ValidLocalPath reports whether p is an address of this site: "/…",
// never "//host" or a backslash trick.
func ValidLocalPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\ \t\r\n\x00\"<>") || len(p) > 500 {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// ValidExternalURL reports whether s is an absolute http(s) address.
func ValidExternalURL(s string) bool {
	if len(s) > 1000 || strings.ContainsAny(s, " \t\r\n\x00\"<>") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// ValidPhone accepts "" or a phone number as people write it.
func ValidPhone(s string) bool {
	if len(s) > 40 {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .-()+", r):
		default:
			return false
		}
	}
	return s == "" || digits >= 3
}

// ValidEmail accepts "" or one plain address.
func ValidEmail(s string) bool {
	if s == "" {
		return true
	}
	at := strings.LastIndexByte(s, '@')
	return len(s) <= 254 && at > 0 && at < len(s)-1 && strings.Contains(s[at:], ".") &&
		!strings.ContainsAny(s, " \t\r\n<>\"(),;:[]\\")
}
