package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The main menu page, /quan-tri/menu.

func (p *furniturePages) menuKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathMenu, action: user.ActionMenuManage, label: "Menu", object: "menu", public: "/",
		intro:   "Menu chính hiện ở đầu mọi trang. Mỗi mục dẫn tới một chuyên mục, một trang tĩnh, một đường dẫn trong trang hoặc một trang bên ngoài; mục cấp trên cùng có thể có các mục con. Khi chưa có mục nào, menu hiện các chuyên mục gốc.",
		addHead: "Thêm mục menu",
		rows:    p.menuRows,
		values:  p.menuValues,
		fields:  p.menuFields,
		save:    p.menuSave,
		move:    f.MoveMenuItem,
		del:     f.DeleteMenuItem,
	}
}

func (p *furniturePages) menuRows(ctx context.Context, siteID int64) ([]FurnitureRow, error) {
	f := p.s.furn
	items, err := f.Menu(ctx, siteID)
	if err != nil {
		return nil, err
	}
	var rows []FurnitureRow
	add := func(m content.MenuItem, siblings []content.MenuItem, i int) {
		meta := m.Kind.Label()
		if m.Target != "" {
			meta += ": " + m.Target
		}
		rows = append(rows, FurnitureRow{ID: m.ID, Title: m.Label, Meta: meta, Sub: m.ParentID != 0,
			EditURL: pathMenu + "/" + itoa(m.ID), BaseURL: pathMenu + "/" + itoa(m.ID), First: i == 0, Last: i == len(siblings)-1})
	}
	children := func(parent int64) []content.MenuItem {
		var out []content.MenuItem
		for _, m := range items {
			if m.ParentID == parent {
				out = append(out, m)
			}
		}
		return out
	}
	tops := children(0)
	for i, m := range tops {
		add(m, tops, i)
		subs := children(m.ID)
		for j, c := range subs {
			add(c, subs, j)
		}
	}
	return rows, nil
}

func (p *furniturePages) menuValues(ctx context.Context, siteID, id int64) (url.Values, error) {
	f := p.s.furn
	v := url.Values{"kind": {string(content.LinkCategory)}}
	if id == 0 {
		return v, nil
	}
	m, err := f.MenuItem(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	v.Set("label", m.Label)
	v.Set("kind", string(m.Kind))
	v.Set("target_"+string(m.Kind), m.Target)
	v.Set("parent", itoa(m.ParentID))
	return v, nil
}

func (p *furniturePages) menuFields(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
	f := p.s.furn
	cats, err := p.s.content.Store().FindCategories(ctx, siteID)
	if err != nil {
		return nil, err
	}
	pages, err := p.s.content.Store().FindPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	items, err := f.Menu(ctx, siteID)
	if err != nil {
		return nil, err
	}
	kinds := make([]Option, 0, len(content.LinkKinds))
	for _, k := range content.LinkKinds {
		kinds = append(kinds, Option{Value: string(k), Label: k.Label(), Selected: v.Get("kind") == string(k)})
	}
	catOpts := []Option{{Value: "", Label: "(Chọn chuyên mục)"}}
	tree := content.NewTree(cats)
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range childrenOf(tree, parent) {
			catOpts = append(catOpts, Option{Value: c.Slug, Label: strings.Repeat("— ", depth) + c.Name, Selected: v.Get("target_category") == c.Slug})
			if depth < 5 {
				walk(c.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	pageOpts := []Option{{Value: "", Label: "(Chọn trang tĩnh)"}}
	for _, pg := range pages {
		pageOpts = append(pageOpts, Option{Value: pg.Slug, Label: pg.Title, Selected: v.Get("target_page") == pg.Slug})
	}
	parents := []Option{{Value: "0", Label: "(Cấp trên cùng)", Selected: v.Get("parent") == "" || v.Get("parent") == "0"}}
	for _, m := range items {
		if m.ParentID == 0 {
			parents = append(parents, Option{Value: itoa(m.ID), Label: m.Label, Selected: v.Get("parent") == itoa(m.ID)})
		}
	}
	return []Field{
		{Type: "text", Name: "label", Label: "Tên mục", Value: v.Get("label"), Required: true},
		{Type: "select", Name: "parent", Label: "Nằm trong", Hint: "Chọn một mục cấp trên cùng để đặt mục này vào menu con của nó.", Options: parents},
		{Type: "select", Name: "kind", Label: "Loại liên kết", Hint: "Điền ô tương ứng với loại đã chọn bên dưới; các ô khác được bỏ qua.", Options: kinds},
		{Type: "select", Name: "target_category", Label: "Chuyên mục", Options: catOpts},
		{Type: "select", Name: "target_page", Label: "Trang tĩnh", Options: pageOpts},
		{Type: "text", Name: "target_path", Label: "Đường dẫn trong trang", Hint: "Ví dụ: /van-ban, /gioi-thieu, /tiep-can-thong-tin.", Value: v.Get("target_path")},
		{Type: "url", Name: "target_url", Label: "Địa chỉ bên ngoài", Hint: "Ví dụ: https://dichvucong.gov.vn", Value: v.Get("target_url")},
	}, nil
}

func (p *furniturePages) menuSave(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
	f := p.s.furn
	kind := content.LinkKind(v.Get("kind"))
	m := content.MenuItem{ID: id, Label: v.Get("label"), Kind: kind, Target: v.Get("target_" + string(kind))}
	if pid := v.Get("parent"); pid != "" && pid != "0" {
		n, err := strconv.ParseInt(pid, 10, 64)
		if err != nil || n <= 0 {
			return invalid(map[string]string{"parent": "Mục cha không tồn tại."})
		}
		m.ParentID = n
	}
	refs, err := p.menuRefs(ctx, siteID)
	if err != nil {
		return err
	}
	named(a, m.Label)
	err = f.SaveMenuItem(ctx, siteID, &m, refs, a)
	return retarget(err, "target", "target_"+string(kind))
}

// childrenOf lists a category's children (the roots for 0).
func childrenOf(t *content.Tree, parent int64) []content.Category {
	if parent == 0 {
		return t.Roots()
	}
	return t.Children(parent)
}

func (p *furniturePages) menuRefs(ctx context.Context, siteID int64) (content.MenuRefs, error) {
	refs := content.MenuRefs{CategorySlugs: map[string]bool{}, PageSlugs: map[string]bool{}}
	cats, err := p.s.content.Store().FindCategories(ctx, siteID)
	if err != nil {
		return refs, err
	}
	for _, c := range cats {
		refs.CategorySlugs[c.Slug] = true
	}
	pages, err := p.s.content.Store().FindPages(ctx, siteID)
	if err != nil {
		return refs, err
	}
	for _, pg := range pages {
		refs.PageSlugs[pg.Slug] = true
	}
	return refs, nil
}
