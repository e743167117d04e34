package content

import (
	"context"
	"fmt"
	"slices"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// The main menu of the site furniture.

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

func menuID(m MenuItem) int64 { return m.ID }

const (
	whatMenuItem = "mục menu"
	objMenu      = "menu" // audit object
)

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
func (f *Furniture) SaveMenuItem(ctx context.Context, siteID int64, m *MenuItem, refs MenuRefs, a *audit.Entry) error {
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
	err := update(ctx, f, siteID, KeyMenu, a, func(items *[]MenuItem) error {
		id = m.ID
		named(a, objMenu, id)
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
		named(a, objMenu, id)
		return err
	})
	if err == nil {
		m.ID = id
	}
	return err
}

// MoveMenuItem moves an item one place up (delta < 0) or down among its siblings.
func (f *Furniture) MoveMenuItem(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error {
	named(a, objMenu, id)
	return update(ctx, f, siteID, KeyMenu, a, func(items *[]MenuItem) error {
		return move(*items, id, sign(delta), menuID, func(a, b MenuItem) bool { return a.ParentID == b.ParentID })
	})
}

// DeleteMenuItem removes an item; one with sub-items must be emptied first.
func (f *Furniture) DeleteMenuItem(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	named(a, objMenu, id)
	return update(ctx, f, siteID, KeyMenu, a, func(items *[]MenuItem) error {
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
