package content

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/vi"
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
	// Otherwise it returns Conflict and writes nothing. It bumps the
	// site's content version.
	SaveSetting(ctx context.Context, s *Setting) error
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

// LinkKind is what a menu item leads to.
type LinkKind string

const (
	LinkCategory LinkKind = "category" // a category, by slug
	LinkPage     LinkKind = "page"     // a static page, by slug
	LinkPath     LinkKind = "path"     // an address of this site, e.g. /van-ban
	LinkURL      LinkKind = "url"      // another site, http(s)://…
	LinkNone     LinkKind = "none"     // a heading that only opens its sub-menu
)

// Label is the kind in Vietnamese.
func (k LinkKind) Label() string {
	switch k {
	case LinkCategory:
		return "Chuyên mục"
	case LinkPage:
		return "Trang tĩnh"
	case LinkPath:
		return "Đường dẫn trong trang"
	case LinkURL:
		return "Địa chỉ bên ngoài"
	case LinkNone:
		return "Chỉ là nhóm (không có liên kết)"
	}
	return string(k)
}

// LinkKinds lists the kinds in form order.
var LinkKinds = []LinkKind{LinkCategory, LinkPage, LinkPath, LinkURL, LinkNone}

// MenuItem is one entry of the main menu. Items are kept in display order;
// an item with a ParentID is shown in its parent's sub-menu.
type MenuItem struct {
	ID       int64    `json:"id"`
	ParentID int64    `json:"parent_id,omitempty"`
	Label    string   `json:"label"`
	Kind     LinkKind `json:"kind"`
	Target   string   `json:"target,omitempty"` // slug, path or URL, by Kind
}

// URL is where the item leads ("" for a heading).
func (m MenuItem) URL() string {
	switch m.Kind {
	case LinkCategory:
		return CategoryPath(m.Target)
	case LinkPage:
		return PagePath(m.Target)
	case LinkPath, LinkURL:
		return m.Target
	}
	return ""
}

// MaxMenuDepth is how deep the menu nests: top items and one sub-menu.
const MaxMenuDepth = 2

// Banner is a banner link ("Dịch vụ công quốc gia" …) in the strip.
type Banner struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	ImageID  int64  `json:"image_id,omitempty"`  // a photo of the media library
	ImageURL string `json:"image_url,omitempty"` // its address, kept at save time
	Enabled  bool   `json:"enabled"`
}

// BlockKind is a kind of home page block.
type BlockKind string

const (
	BlockFeatured BlockKind = "featured" // featured articles
	BlockLatest   BlockKind = "latest"   // newest articles
	BlockCategory BlockKind = "category" // newest articles of a category and its sub-categories
	BlockBanners  BlockKind = "banners"  // the banner links
	BlockAllCats  BlockKind = "categories"
)

// Label is the kind in Vietnamese.
func (k BlockKind) Label() string {
	switch k {
	case BlockFeatured:
		return "Tin nổi bật"
	case BlockLatest:
		return "Tin mới nhất"
	case BlockCategory:
		return "Tin của một chuyên mục"
	case BlockBanners:
		return "Liên kết (banner)"
	case BlockAllCats:
		return "Tin của mọi chuyên mục gốc"
	}
	return string(k)
}

// BlockKinds lists the kinds in form order.
var BlockKinds = []BlockKind{BlockFeatured, BlockLatest, BlockCategory, BlockAllCats, BlockBanners}

// HomeBlock is one block of the home page, in display order.
type HomeBlock struct {
	ID         int64     `json:"id"`
	Kind       BlockKind `json:"kind"`
	Title      string    `json:"title,omitempty"` // "" uses the kind's or the category's name
	CategoryID int64     `json:"category_id,omitempty"`
	Count      int       `json:"count,omitempty"` // articles shown
}

// MaxBlockCount caps the articles of a block.
const MaxBlockCount = 30

// DefaultHomeBlocks is the home page when nothing is configured: the
// layout the site always had.
func DefaultHomeBlocks() []HomeBlock {
	return []HomeBlock{
		{ID: 1, Kind: BlockFeatured, Count: 3},
		{ID: 2, Kind: BlockLatest, Count: 10},
		{ID: 3, Kind: BlockAllCats, Count: 5},
	}
}

// About is the Giới thiệu set: an introduction and the static pages shown
// under /gioi-thieu, in order.
type About struct {
	Intro     string   `json:"intro"` // sanitised HTML
	PageSlugs []string `json:"pages"`
}

// Leader is a leader's profile on /gioi-thieu/lanh-dao.
type Leader struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position"` // chức vụ
	PhotoID  int64  `json:"photo_id,omitempty"`
	PhotoURL string `json:"photo_url,omitempty"`
	Bio      string `json:"bio,omitempty"` // plain text, paragraphs split by blank lines
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
}

// AccessInfo is the "Tiếp cận thông tin" section that the Access to
// Information Law asks for.
type AccessInfo struct {
	Intro       string `json:"intro"`        // sanitised HTML
	Officer     string `json:"officer"`      // person in charge of providing information
	Unit        string `json:"unit"`         // unit in charge
	Phone       string `json:"phone"`        // official phone
	Email       string `json:"email"`        // official email
	Address     string `json:"address"`      // where to file a request
	HowToAsk    string `json:"how_to_ask"`   // sanitised HTML: how to request information
	Unpublished string `json:"un_published"` // sanitised HTML: information provided on request only
}

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
// back; when another writer saved in between, it starts again with what
// they wrote.
func update[T any](ctx context.Context, f *Furniture, siteID int64, key string, change func(*T) error) error {
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
		err = f.store.SaveSetting(ctx, &s)
		if apperr.Is(err, apperr.Conflict) {
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

// ---- main menu ----

func menuID(m MenuItem) int64 { return m.ID }

const whatMenuItem = "mục menu"

// Menu returns the site's main menu in display order (nil when none is
// configured: the pages then show the category navigation).
func (f *Furniture) Menu(ctx context.Context, siteID int64) ([]MenuItem, error) {
	var items []MenuItem
	_, err := f.load(ctx, siteID, KeyMenu, &items)
	return items, err
}

// MenuItem returns one item of the menu.
func (f *Furniture) MenuItem(ctx context.Context, siteID, id int64) (MenuItem, error) {
	items, err := f.Menu(ctx, siteID)
	if err != nil {
		return MenuItem{}, err
	}
	return find(items, id, menuID, whatMenuItem)
}

// MenuRefs resolves the targets a menu item may name.
type MenuRefs struct {
	CategorySlugs map[string]bool
	PageSlugs     map[string]bool
}

// SaveMenuItem validates and adds (ID 0, at the end of its parent's
// sub-menu) or updates an item, reporting every problem at once.
func (f *Furniture) SaveMenuItem(ctx context.Context, siteID int64, m *MenuItem, refs MenuRefs) error {
	m.Label = clean(m.Label)
	m.Target = clean(m.Target)
	fe := fieldErrors{}
	fe.check(m.Label != "", "label", "Vui lòng nhập tên mục menu.")
	fe.check(maxLen(m.Label, 100), "label", "Tên mục menu không được dài quá 100 ký tự.")
	switch m.Kind {
	case LinkCategory:
		fe.check(refs.CategorySlugs[m.Target], "target", "Vui lòng chọn một chuyên mục có trong trang.")
	case LinkPage:
		fe.check(refs.PageSlugs[m.Target], "target", "Vui lòng chọn một trang tĩnh có trong trang.")
	case LinkPath:
		fe.check(ValidLocalPath(m.Target), "target", "Đường dẫn trong trang phải bắt đầu bằng “/”, ví dụ /van-ban.")
	case LinkURL:
		fe.check(ValidExternalURL(m.Target), "target", "Địa chỉ bên ngoài phải bắt đầu bằng http:// hoặc https://, ví dụ https://dichvucong.gov.vn.")
	case LinkNone:
		m.Target = ""
		fe.check(m.ParentID == 0, "kind", "Mục trong menu con phải dẫn tới một địa chỉ.")
	default:
		fe.check(false, "kind", "Vui lòng chọn loại liên kết.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := update(ctx, f, siteID, KeyMenu, func(items *[]MenuItem) error {
		id = m.ID
		fe := fieldErrors{}
		if m.ParentID != 0 {
			parent, err := find(*items, m.ParentID, menuID, whatMenuItem)
			switch {
			case err != nil:
				fe.check(false, "parent", "Mục cha không tồn tại.")
			case m.ParentID == m.ID:
				fe.check(false, "parent", "Một mục không thể nằm trong chính nó.")
			case parent.ParentID != 0:
				fe.check(false, "parent", fmt.Sprintf("Menu chỉ có %d cấp: hãy chọn một mục ở cấp trên cùng.", MaxMenuDepth))
			}
			if m.ID != 0 && slices.ContainsFunc(*items, func(x MenuItem) bool { return x.ParentID == m.ID }) {
				fe.check(false, "parent", "Mục này đang có mục con nên phải ở cấp trên cùng.")
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		if m.ID != 0 {
			old, err := find(*items, m.ID, menuID, whatMenuItem)
			if err != nil {
				return err
			}
			if old.ParentID != m.ParentID { // moved to another sub-menu: put it at its end
				*items = slices.DeleteFunc(*items, func(x MenuItem) bool { return x.ID == m.ID })
				*items = append(*items, *m)
				return nil
			}
		}
		var err error
		*items, id, err = replace(*items, *m, menuID, func(x *MenuItem, id int64) { x.ID = id }, whatMenuItem)
		return err
	})
	if err == nil {
		m.ID = id
	}
	return err
}

// MoveMenuItem moves an item one place up (delta < 0) or down among its siblings.
func (f *Furniture) MoveMenuItem(ctx context.Context, siteID, id int64, delta int) error {
	return update(ctx, f, siteID, KeyMenu, func(items *[]MenuItem) error {
		return move(*items, id, sign(delta), menuID, func(a, b MenuItem) bool { return a.ParentID == b.ParentID })
	})
}

// DeleteMenuItem removes an item; one with sub-items must be emptied first.
func (f *Furniture) DeleteMenuItem(ctx context.Context, siteID, id int64) error {
	return update(ctx, f, siteID, KeyMenu, func(items *[]MenuItem) error {
		if _, err := find(*items, id, menuID, whatMenuItem); err != nil {
			return err
		}
		if slices.ContainsFunc(*items, func(x MenuItem) bool { return x.ParentID == id }) {
			return apperr.New(apperr.Conflict, "Mục này còn mục con. Hãy chuyển hoặc xóa các mục con trước.")
		}
		*items = slices.DeleteFunc(*items, func(x MenuItem) bool { return x.ID == id })
		return nil
	})
}

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

// ---- banner links ----

func bannerID(b Banner) int64 { return b.ID }

const whatBanner = "liên kết"

// Banners returns every banner link in order, the hidden ones included.
func (f *Furniture) Banners(ctx context.Context, siteID int64) ([]Banner, error) {
	var items []Banner
	_, err := f.load(ctx, siteID, KeyBanners, &items)
	return items, err
}

// Banner returns one banner link.
func (f *Furniture) Banner(ctx context.Context, siteID, id int64) (Banner, error) {
	items, err := f.Banners(ctx, siteID)
	if err != nil {
		return Banner{}, err
	}
	return find(items, id, bannerID, whatBanner)
}

// SaveBanner validates and adds or updates a banner link. The caller
// resolves b.ImageID into b.ImageURL (or reports it unknown).
func (f *Furniture) SaveBanner(ctx context.Context, siteID int64, b *Banner) error {
	b.Title = clean(b.Title)
	b.URL = clean(b.URL)
	fe := fieldErrors{}
	fe.check(b.Title != "", "title", "Vui lòng nhập tên liên kết.")
	fe.check(maxLen(b.Title, 200), "title", "Tên liên kết không được dài quá 200 ký tự.")
	fe.check(ValidExternalURL(b.URL) || ValidLocalPath(b.URL), "url", "Địa chỉ phải bắt đầu bằng http://, https:// hoặc “/”.")
	if b.ImageID == 0 {
		b.ImageURL = ""
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := update(ctx, f, siteID, KeyBanners, func(items *[]Banner) error {
		var err error
		*items, id, err = replace(*items, *b, bannerID, func(x *Banner, id int64) { x.ID = id }, whatBanner)
		return err
	})
	if err == nil {
		b.ID = id
	}
	return err
}

// MoveBanner moves a banner link one place up or down.
func (f *Furniture) MoveBanner(ctx context.Context, siteID, id int64, delta int) error {
	return update(ctx, f, siteID, KeyBanners, func(items *[]Banner) error {
		return move(*items, id, sign(delta), bannerID, func(a, b Banner) bool { return true })
	})
}

// DeleteBanner removes a banner link.
func (f *Furniture) DeleteBanner(ctx context.Context, siteID, id int64) error {
	return update(ctx, f, siteID, KeyBanners, func(items *[]Banner) error {
		if _, err := find(*items, id, bannerID, whatBanner); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x Banner) bool { return x.ID == id })
		return nil
	})
}

// ---- home page blocks ----

func blockID(b HomeBlock) int64 { return b.ID }

const whatBlock = "khối trang chủ"

// HomeBlocks returns the configured blocks and whether they were
// configured; when not, DefaultHomeBlocks.
func (f *Furniture) HomeBlocks(ctx context.Context, siteID int64) ([]HomeBlock, bool, error) {
	var items []HomeBlock
	rev, err := f.load(ctx, siteID, KeyHomeBlocks, &items)
	if err != nil {
		return nil, false, err
	}
	if rev == 0 {
		return DefaultHomeBlocks(), false, nil
	}
	return items, true, nil
}

// editBlocks changes the blocks, starting from the default ones when the
// site has none configured yet.
func (f *Furniture) editBlocks(ctx context.Context, siteID int64, change func(*[]HomeBlock) error) error {
	return update(ctx, f, siteID, KeyHomeBlocks, func(items *[]HomeBlock) error {
		if *items == nil { // never saved ("[]" when every block was removed)
			*items = DefaultHomeBlocks()
		}
		return change(items)
	})
}

// SaveHomeBlock validates and adds or updates a block. validCategory
// reports whether a category ID belongs to the site.
func (f *Furniture) SaveHomeBlock(ctx context.Context, siteID int64, b *HomeBlock, validCategory func(int64) bool) error {
	b.Title = clean(b.Title)
	fe := fieldErrors{}
	fe.check(slices.Contains(BlockKinds, b.Kind), "kind", "Vui lòng chọn loại khối.")
	fe.check(maxLen(b.Title, 200), "title", "Tiêu đề khối không được dài quá 200 ký tự.")
	if b.Kind == BlockCategory {
		fe.check(b.CategoryID != 0 && validCategory(b.CategoryID), "category", "Vui lòng chọn một chuyên mục có trong trang.")
	} else {
		b.CategoryID = 0
	}
	if b.Kind == BlockBanners {
		b.Count = 0
	} else {
		fe.check(b.Count >= 1 && b.Count <= MaxBlockCount, "count", fmt.Sprintf("Số tin phải từ 1 đến %d.", MaxBlockCount))
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := f.editBlocks(ctx, siteID, func(items *[]HomeBlock) error {
		var err error
		*items, id, err = replace(*items, *b, blockID, func(x *HomeBlock, id int64) { x.ID = id }, whatBlock)
		return err
	})
	if err == nil {
		b.ID = id
	}
	return err
}

// MoveHomeBlock moves a block one place up or down.
func (f *Furniture) MoveHomeBlock(ctx context.Context, siteID, id int64, delta int) error {
	return f.editBlocks(ctx, siteID, func(items *[]HomeBlock) error {
		return move(*items, id, sign(delta), blockID, func(a, b HomeBlock) bool { return true })
	})
}

// DeleteHomeBlock removes a block. Removing every block leaves an empty
// home page configured, not the default.
func (f *Furniture) DeleteHomeBlock(ctx context.Context, siteID, id int64) error {
	return f.editBlocks(ctx, siteID, func(items *[]HomeBlock) error {
		if _, err := find(*items, id, blockID, whatBlock); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x HomeBlock) bool { return x.ID == id })
		if *items == nil {
			*items = []HomeBlock{}
		}
		return nil
	})
}

// ---- Giới thiệu ----

// About returns the Giới thiệu set.
func (f *Furniture) About(ctx context.Context, siteID int64) (About, error) {
	var a About
	_, err := f.load(ctx, siteID, KeyAbout, &a)
	return a, err
}

// SaveAbout validates and saves the Giới thiệu set; pageExists reports
// whether a slug is a static page of the site.
func (f *Furniture) SaveAbout(ctx context.Context, siteID int64, a *About, pageExists func(string) bool) error {
	a.Intro = SanitizeHTML(vi.NFC(a.Intro))
	fe := fieldErrors{}
	fe.check(len(a.Intro) <= 200<<10, "intro", "Phần giới thiệu quá dài.")
	var slugs []string
	for _, s := range a.PageSlugs {
		if !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
		fe.check(pageExists(s), "pages", "Có trang được chọn không còn tồn tại. Vui lòng tải lại trang.")
	}
	a.PageSlugs = slugs
	if err := fe.err(); err != nil {
		return err
	}
	return update(ctx, f, siteID, KeyAbout, func(v *About) error { *v = *a; return nil })
}

// ---- leaders ----

func leaderID(l Leader) int64 { return l.ID }

const whatLeader = "hồ sơ lãnh đạo"

// Leaders returns the leaders' profiles in order.
func (f *Furniture) Leaders(ctx context.Context, siteID int64) ([]Leader, error) {
	var items []Leader
	_, err := f.load(ctx, siteID, KeyLeaders, &items)
	return items, err
}

// Leader returns one profile.
func (f *Furniture) Leader(ctx context.Context, siteID, id int64) (Leader, error) {
	items, err := f.Leaders(ctx, siteID)
	if err != nil {
		return Leader{}, err
	}
	return find(items, id, leaderID, whatLeader)
}

// SaveLeader validates and adds or updates a profile. The caller resolves
// PhotoID into PhotoURL.
func (f *Furniture) SaveLeader(ctx context.Context, siteID int64, l *Leader) error {
	l.Name, l.Position, l.Phone, l.Email = clean(l.Name), clean(l.Position), clean(l.Phone), clean(l.Email)
	l.Bio = strings.ReplaceAll(cleanText(l.Bio), "\r\n", "\n")
	fe := fieldErrors{}
	fe.check(l.Name != "", "name", "Vui lòng nhập họ và tên.")
	fe.check(maxLen(l.Name, 200), "name", "Họ và tên không được dài quá 200 ký tự.")
	fe.check(l.Position != "", "position", "Vui lòng nhập chức vụ.")
	fe.check(maxLen(l.Position, 300), "position", "Chức vụ không được dài quá 300 ký tự.")
	fe.check(maxLen(l.Bio, 10000), "bio", "Tiểu sử tóm tắt không được dài quá 10.000 ký tự.")
	fe.check(ValidPhone(l.Phone), "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, ngoặc và dấu +.")
	fe.check(ValidEmail(l.Email), "email", "Thư điện tử chưa đúng dạng, ví dụ vanphong@giavien.gov.vn.")
	if l.PhotoID == 0 {
		l.PhotoURL = ""
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := update(ctx, f, siteID, KeyLeaders, func(items *[]Leader) error {
		var err error
		*items, id, err = replace(*items, *l, leaderID, func(x *Leader, id int64) { x.ID = id }, whatLeader)
		return err
	})
	if err == nil {
		l.ID = id
	}
	return err
}

// MoveLeader moves a profile one place up or down.
func (f *Furniture) MoveLeader(ctx context.Context, siteID, id int64, delta int) error {
	return update(ctx, f, siteID, KeyLeaders, func(items *[]Leader) error {
		return move(*items, id, sign(delta), leaderID, func(a, b Leader) bool { return true })
	})
}

// DeleteLeader removes a profile (a leader who left office).
func (f *Furniture) DeleteLeader(ctx context.Context, siteID, id int64) error {
	return update(ctx, f, siteID, KeyLeaders, func(items *[]Leader) error {
		if _, err := find(*items, id, leaderID, whatLeader); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x Leader) bool { return x.ID == id })
		return nil
	})
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

// ---- Tiếp cận thông tin ----

// AccessInfo returns the "Tiếp cận thông tin" section's text.
func (f *Furniture) AccessInfo(ctx context.Context, siteID int64) (AccessInfo, error) {
	var a AccessInfo
	_, err := f.load(ctx, siteID, KeyAccessInfo, &a)
	return a, err
}

// SaveAccessInfo validates and saves the section.
func (f *Furniture) SaveAccessInfo(ctx context.Context, siteID int64, a *AccessInfo) error {
	a.Officer, a.Unit, a.Phone, a.Email, a.Address = clean(a.Officer), clean(a.Unit), clean(a.Phone), clean(a.Email), clean(a.Address)
	a.Intro = SanitizeHTML(vi.NFC(a.Intro))
	a.HowToAsk = SanitizeHTML(vi.NFC(a.HowToAsk))
	a.Unpublished = SanitizeHTML(vi.NFC(a.Unpublished))
	fe := fieldErrors{}
	fe.check(a.Officer != "" || a.Unit != "", "unit", "Vui lòng nhập người hoặc đơn vị đầu mối cung cấp thông tin.")
	fe.check(maxLen(a.Officer, 300), "officer", "Tên người phụ trách quá dài.")
	fe.check(maxLen(a.Unit, 300), "unit", "Tên đơn vị quá dài.")
	fe.check(maxLen(a.Address, 500), "address", "Địa chỉ quá dài.")
	fe.check(ValidPhone(a.Phone), "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, ngoặc và dấu +.")
	fe.check(ValidEmail(a.Email), "email", "Thư điện tử chưa đúng dạng, ví dụ vanphong@giavien.gov.vn.")
	for field, v := range map[string]string{"intro": a.Intro, "how_to_ask": a.HowToAsk, "unpublished": a.Unpublished} {
		fe.check(len(v) <= 200<<10, field, "Nội dung quá dài.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	return update(ctx, f, siteID, KeyAccessInfo, func(v *AccessInfo) error { *v = *a; return nil })
}
