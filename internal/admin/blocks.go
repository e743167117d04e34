package admin

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// The home page layout page, /quan-tri/trang-chu.

func (p *furniturePages) blockKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathBlocks, action: user.ActionMenuManage, label: "Bố cục trang chủ", object: "home_block", public: "/",
		intro: "Trang chủ và cột phải (cạnh nội dung trên máy tính, dưới nội dung trên điện thoại; hiện ở trang chủ, bài viết, chuyên mục và các trang nội dung) gồm các khối theo thứ tự dưới đây; dùng nút Lên, Xuống để sắp xếp. " +
			"Khi chưa chỉnh sửa, trang dùng bố cục mặc định: ở cột chính tin nổi bật (bài đầu kèm ảnh lớn), tin mới nhất, tin của từng chuyên mục gốc; ở cột phải thông báo, văn bản mới, lịch công tác tuần này, hỏi đáp, liên kết website và lượt truy cập.",
		addHead:   "Thêm khối",
		upload:    "image",
		uploadAlt: func(v url.Values) string { return v.Get("alt") },
		rows:      p.blockRows,
		values:    p.blockValues,
		fields:    p.blockFields,
		save:      p.blockSave,
		move:      f.MoveHomeBlock,
		del:       f.DeleteHomeBlock,
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
	// The main column's blocks, then the right column's, each in order;
	// Lên and Xuống move a block within its column.
	for _, col := range []string{content.ColumnMain, content.ColumnSide} {
		var in []content.HomeBlock
		for _, b := range items {
			if b.Column == col {
				in = append(in, b)
			}
		}
		for i, b := range in {
			title := b.Kind.Label()
			if b.Kind == content.BlockCategory || b.Kind == content.BlockNotices && b.CategoryID != 0 {
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
			if b.Kind == content.BlockImage {
				title += ": " + b.Alt
				meta = append(meta, b.URL)
			}
			if b.Kind == content.BlockVideo {
				title += ": " + b.Alt
			}
			if b.Count > 0 {
				meta = append(meta, strconv.Itoa(b.Count)+" mục")
			}
			rows = append(rows, FurnitureRow{ID: b.ID, Title: title, Meta: strings.Join(meta, ", "), Group: content.ColumnLabel(col), ImageURL: b.Image.Src,
				EditURL: pathBlocks + "/" + itoa(b.ID), BaseURL: pathBlocks + "/" + itoa(b.ID), First: i == 0, Last: i == len(in)-1})
		}
	}
	return rows, nil
}

func (p *furniturePages) blockValues(ctx context.Context, siteID, id int64) (url.Values, error) {
	f := p.s.furn
	if id == 0 {
		return url.Values{"kind": {string(content.BlockCategory)}, "count": {"5"}, "column": {"main"}}, nil
	}
	items, _, err := f.HomeBlocks(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for _, b := range items {
		if b.ID == id {
			v := url.Values{"kind": {string(b.Kind)}, "title": {b.Title}, "category": {itoa(b.CategoryID)}, "count": {strconv.Itoa(b.Count)},
				"column": {"main"}, "url": {b.URL}, "alt": {b.Alt}, "image": {itoa(b.Image.ID)}}
			if b.Kind == content.BlockVideo {
				v.Set("image", "")
				v.Set("video", itoa(b.Image.ID))
			}
			if b.Column == content.ColumnSide {
				v.Set("column", "side")
			}
			if b.Count == 0 {
				v.Set("count", "")
			}
			return v, nil
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
	imgs, err := p.imageOptions(ctx, siteID, v.Get("image"))
	if err != nil {
		return nil, err
	}
	vids, err := p.videoOptions(ctx, siteID, v.Get("video"))
	if err != nil {
		return nil, err
	}
	columns := []Option{
		{Value: "main", Label: content.ColumnLabel(content.ColumnMain), Selected: v.Get("column") != "side"},
		{Value: "side", Label: content.ColumnLabel(content.ColumnSide), Selected: v.Get("column") == "side"},
	}
	return []Field{
		{Type: "select", Name: "kind", Label: "Loại khối", Options: kinds},
		{Type: "select", Name: "column", Label: "Đặt ở", Hint: "Cột chính chỉ có ở trang chủ; cột phải hiện ở trang chủ và các trang nội dung.", Options: columns},
		{Type: "select", Name: "category", Label: "Chuyên mục", Hint: "Dùng cho khối “Tin của một chuyên mục” (bắt buộc) và “Thông báo” (để trống: chuyên mục Thông báo).", Options: catOpts},
		{Type: "text", Name: "title", Label: "Tiêu đề khối (không bắt buộc)", Hint: "Để trống để dùng tên loại khối hoặc tên chuyên mục.", Value: v.Get("title")},
		{Type: "number", Name: "count", Label: "Số mục hiển thị", Hint: "Từ 1 đến " + strconv.Itoa(content.MaxBlockCount) + "; không dùng cho các khối Liên kết website, Ảnh liên kết, Lịch công tác và Lượt truy cập.", Value: v.Get("count")},
		{Type: "url", Name: "url", Label: "Địa chỉ liên kết của ảnh", Hint: "Chỉ dùng cho khối “Ảnh liên kết”. Ví dụ: https://dichvucong.gov.vn, hoặc /hoi-dap cho một trang của trang này.", Value: v.Get("url")},
		{Type: "select", Name: "image", Label: "Ảnh của banner", Hint: "Chỉ dùng cho khối “Ảnh liên kết”: chọn ảnh trong thư viện, hoặc tải ảnh mới lên ở ô dưới.", Options: imgs},
		{Type: "file", Name: "image_file", Label: "Hoặc tải ảnh mới lên", Hint: "Ảnh JPEG hoặc PNG, tối đa " + sizeText(p.s.limits().MaxImageBytes) + "; ảnh được thêm vào thư viện ảnh."},
		{Type: "select", Name: "video", Label: "Video", Hint: "Chỉ dùng cho khối “Video”: chọn video đã tải lên (kèm ảnh bìa) ở trang Thư viện ảnh và tệp.", Options: vids},
		{Type: "text", Name: "alt", Label: "Mô tả ảnh hoặc video", Hint: "Bắt buộc với khối “Ảnh liên kết” (ghi đúng chữ trên ảnh hoặc nơi liên kết dẫn tới, ví dụ: Dịch vụ công trực tuyến) và khối “Video” (để trống: dùng mô tả của video trong thư viện), cho người không xem được.", Value: v.Get("alt")},
	}, nil
}

func (p *furniturePages) blockSave(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
	f := p.s.furn
	b := content.HomeBlock{ID: id, Kind: content.BlockKind(v.Get("kind")), Title: v.Get("title"), URL: v.Get("url"), Alt: v.Get("alt")}
	switch c := v.Get("column"); c {
	case "main", "":
		b.Column = content.ColumnMain
	default:
		b.Column = c // "side", or refused by the service
	}
	if b.Kind == content.BlockImage {
		photo, err := p.blockPhoto(ctx, siteID, v.Get("image"))
		if err != nil {
			return err
		}
		b.Image = photo
	}
	if b.Kind == content.BlockVideo {
		if err := p.blockVideo(ctx, siteID, v.Get("video"), &b); err != nil {
			return err
		}
	}
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

// blockPhoto resolves the photo of the library picked for an image
// banner ("" or "0": none, which the service reports).
func (p *furniturePages) blockPhoto(ctx context.Context, siteID int64, value string) (content.Photo, error) {
	if value == "" || value == "0" {
		return content.Photo{}, nil
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err == nil && p.s.media != nil {
		var it media.Item
		if it, err = p.s.media.Find(ctx, siteID, id); err == nil && it.Kind == media.KindImage && it.URL() != "" {
			return photoOf(it), nil
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return content.Photo{}, err
		}
	}
	return content.Photo{}, invalid(map[string]string{"image": "Ảnh đã chọn không còn trong thư viện. Vui lòng chọn ảnh khác."})
}

// blockVideo puts the video of the library picked for a video block in b:
// its poster (with the caption) and address, and its description when
// none was typed ("" or "0": none, which the service reports).
func (p *furniturePages) blockVideo(ctx context.Context, siteID int64, value string, b *content.HomeBlock) error {
	if value == "" || value == "0" {
		return nil
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err == nil && p.s.media != nil {
		var it media.Item
		if it, err = p.s.media.Find(ctx, siteID, id); err == nil && it.Kind == media.KindVideo && it.PosterURL() != "" {
			b.Image = content.Photo{ID: it.ID, Src: it.PosterURL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Caption: it.Caption}
			b.Video = it.URL()
			if strings.TrimSpace(b.Alt) == "" {
				b.Alt = it.Alt
			}
			return nil
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
	}
	return invalid(map[string]string{"video": "Video đã chọn không còn trong thư viện. Vui lòng chọn video khác."})
}

// videoOptions lists the site's videos for a video block.
func (p *furniturePages) videoOptions(ctx context.Context, siteID int64, selected string) ([]Option, error) {
	opts := []Option{{Value: "", Label: "(Không có video)", Selected: selected == "" || selected == "0"}}
	if p.s.media == nil {
		return opts, nil
	}
	items, _, err := p.s.media.Search(ctx, media.Filter{SiteID: siteID, Kind: media.KindVideo, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		label := it.Alt
		if it.FileName != "" {
			label += " (" + it.FileName + ")"
		}
		v := strconv.FormatInt(it.ID, 10)
		opts = append(opts, Option{Value: v, Label: label, Selected: v == selected})
	}
	return opts, nil
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
