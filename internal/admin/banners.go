package admin

import (
	"context"
	"net/url"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The banner links page, /quan-tri/lien-ket.

func (p *furniturePages) bannerKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathBanners, action: user.ActionMenuManage, label: "Liên kết", object: "banner", public: "/",
		intro:     "Các liên kết hiện ở dải liên kết cuối mọi trang (và ở trang chủ nếu bố cục trang chủ có khối Liên kết), ví dụ Dịch vụ công quốc gia, Cổng thông tin điện tử Chính phủ, cổng thông tin của tỉnh. Ảnh được chọn trong thư viện ảnh đã tải lên.",
		upload:    "image",
		uploadAlt: func(v url.Values) string { return v.Get("title") },
		addHead:   "Thêm liên kết",
		rows: func(ctx context.Context, siteID int64) ([]FurnitureRow, error) {
			items, err := f.Banners(ctx, siteID)
			if err != nil {
				return nil, err
			}
			var rows []FurnitureRow
			for i, b := range items {
				meta := b.URL
				if !b.Enabled {
					meta += " (đang ẩn)"
				}
				rows = append(rows, FurnitureRow{ID: b.ID, Title: b.Title, Meta: meta, ImageURL: b.ImageURL,
					EditURL: pathBanners + "/" + itoa(b.ID), BaseURL: pathBanners + "/" + itoa(b.ID), First: i == 0, Last: i == len(items)-1})
			}
			return rows, nil
		},
		values: func(ctx context.Context, siteID, id int64) (url.Values, error) {
			if id == 0 {
				return url.Values{"enabled": {"1"}}, nil
			}
			b, err := f.Banner(ctx, siteID, id)
			if err != nil {
				return nil, err
			}
			v := url.Values{"title": {b.Title}, "url": {b.URL}, "image": {itoa(b.ImageID)}}
			if b.Enabled {
				v.Set("enabled", "1")
			}
			return v, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			imgs, err := p.imageOptions(ctx, siteID, v.Get("image"))
			if err != nil {
				return nil, err
			}
			return []Field{
				{Type: "text", Name: "title", Label: "Tên liên kết", Value: v.Get("title"), Required: true, Hint: "Ví dụ: Cổng Dịch vụ công quốc gia."},
				{Type: "url", Name: "url", Label: "Địa chỉ", Value: v.Get("url"), Required: true, Hint: "Ví dụ: https://dichvucong.gov.vn, hoặc /van-ban cho một trang của trang này."},
				{Type: "select", Name: "image", Label: "Ảnh (không bắt buộc)", Options: imgs},
				{Type: "file", Name: "image_file", Label: "Hoặc tải ảnh mới lên", Hint: "Ảnh JPEG hoặc PNG, tối đa " + sizeText(p.s.limits().MaxImageBytes) + "; ảnh được thêm vào thư viện ảnh."},
				{Type: "checkbox", Name: "enabled", Label: "Hiện trên trang", Checked: v.Get("enabled") != ""},
			}, nil
		},
		save: func(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
			b := content.Banner{ID: id, Title: v.Get("title"), URL: v.Get("url"), Enabled: v.Get("enabled") != ""}
			var err error
			if b.ImageID, b.ImageURL, err = p.imageURL(ctx, siteID, v.Get("image"), "image"); err != nil {
				return err
			}
			named(a, b.Title)
			return f.SaveBanner(ctx, siteID, &b, a)
		},
		move: f.MoveBanner,
		del:  f.DeleteBanner,
	}
}
