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

// The home page layout page, /quan-tri/trang-chu.

func (p *furniturePages) blockKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathBlocks, action: user.ActionMenuManage, label: "Bố cục trang chủ", object: "home_block", public: "/",
		intro:   "Các khối trang chủ hiện theo thứ tự dưới đây. Khi chưa chỉnh sửa, trang chủ dùng bố cục mặc định: tin nổi bật, tin mới nhất, rồi tin của từng chuyên mục gốc.",
		addHead: "Thêm khối",
		rows:    p.blockRows,
		values:  p.blockValues,
		fields:  p.blockFields,
		save:    p.blockSave,
		move:    f.MoveHomeBlock,
		del:     f.DeleteHomeBlock,
	}
}

func (p *furniturePages) blockRows(ctx context.Context, siteID int64) ([]FurnitureRow, error) {
	f := p.s.furn
	items, _, err := f.HomeBlocks(ctx, siteID)
	if err != nil {
		return nil, err
	}
	names, err := p.categoryNames(ctx, siteID)
	if err != nil {
		return nil, err
	}
	var rows []FurnitureRow
	for i, b := range items {
		title := b.Kind.Label()
		if b.Kind == content.BlockCategory {
			name, ok := names[b.CategoryID]
			if !ok {
				name = "chuyên mục đã bị xóa"
			}
			title += ": " + name
		}
		var meta []string
		if b.Title != "" {
			meta = append(meta, "Tiêu đề: "+b.Title)
		}
		if b.Count > 0 {
			meta = append(meta, strconv.Itoa(b.Count)+" tin")
		}
		rows = append(rows, FurnitureRow{ID: b.ID, Title: title, Meta: strings.Join(meta, ", "),
			EditURL: pathBlocks + "/" + itoa(b.ID), BaseURL: pathBlocks + "/" + itoa(b.ID), First: i == 0, Last: i == len(items)-1})
	}
	return rows, nil
}

func (p *furniturePages) blockValues(ctx context.Context, siteID, id int64) (url.Values, error) {
	f := p.s.furn
	if id == 0 {
		return url.Values{"kind": {string(content.BlockCategory)}, "count": {"5"}}, nil
	}
	items, _, err := f.HomeBlocks(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for _, b := range items {
		if b.ID == id {
			return url.Values{"kind": {string(b.Kind)}, "title": {b.Title}, "category": {itoa(b.CategoryID)}, "count": {strconv.Itoa(b.Count)}}, nil
		}
	}
	return nil, notFoundItem()
}

func (p *furniturePages) blockFields(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
	cats, err := p.s.content.Store().FindCategories(ctx, siteID)
	if err != nil {
		return nil, err
	}
	kinds := []Option{}
	for _, k := range content.BlockKinds {
		kinds = append(kinds, Option{Value: string(k), Label: k.Label(), Selected: v.Get("kind") == string(k)})
	}
	catOpts := []Option{{Value: "", Label: "(Chọn chuyên mục)"}}
	tree := content.NewTree(cats)
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, c := range childrenOf(tree, parent) {
			catOpts = append(catOpts, Option{Value: itoa(c.ID), Label: strings.Repeat("— ", depth) + c.Name, Selected: v.Get("category") == itoa(c.ID)})
			if depth < 5 {
				walk(c.ID, depth+1)
			}
		}
	}
	walk(0, 0)
	return []Field{
		{Type: "select", Name: "kind", Label: "Loại khối", Options: kinds},
		{Type: "select", Name: "category", Label: "Chuyên mục", Hint: "Chỉ dùng cho khối “Tin của một chuyên mục”.", Options: catOpts},
		{Type: "text", Name: "title", Label: "Tiêu đề khối (không bắt buộc)", Hint: "Để trống để dùng tên loại khối hoặc tên chuyên mục.", Value: v.Get("title")},
		{Type: "number", Name: "count", Label: "Số tin hiển thị", Hint: "Từ 1 đến " + strconv.Itoa(content.MaxBlockCount) + "; không dùng cho khối Liên kết.", Value: v.Get("count")},
	}, nil
}

func (p *furniturePages) blockSave(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
	f := p.s.furn
	b := content.HomeBlock{ID: id, Kind: content.BlockKind(v.Get("kind")), Title: v.Get("title")}
	if s := strings.TrimSpace(v.Get("count")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // reported by the service's range check
		}
		b.Count = n
	}
	if s := v.Get("category"); s != "" {
		b.CategoryID, _ = strconv.ParseInt(s, 10, 64)
	}
	names, err := p.categoryNames(ctx, siteID)
	if err != nil {
		return err
	}
	named(a, string(b.Kind))
	return f.SaveHomeBlock(ctx, siteID, &b, func(id int64) bool { _, ok := names[id]; return ok }, a)
}

// categoryNames maps the site's category IDs to their names.
func (p *furniturePages) categoryNames(ctx context.Context, siteID int64) (map[int64]string, error) {
	cats, err := p.s.content.Store().FindCategories(ctx, siteID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, c := range cats {
		names[c.ID] = c.Name
	}
	return names, nil
}
