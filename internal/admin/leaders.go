package admin

import (
	"context"
	"net/url"
	"strings"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The leaders' profiles page, /quan-tri/lanh-dao.

func (p *furniturePages) leaderKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathLeaders, action: user.ActionSiteSettings, label: "Lãnh đạo", object: "leader", public: content.LeadersPath,
		intro:     "Hồ sơ lãnh đạo hiện ở trang Giới thiệu › Lãnh đạo theo thứ tự dưới đây. Ảnh chân dung được chọn trong thư viện ảnh đã tải lên.",
		upload:    "photo",
		uploadAlt: func(v url.Values) string { return "Ảnh chân dung " + strings.TrimSpace(v.Get("name")) },
		addHead:   "Thêm lãnh đạo",
		links:     []NavItem{{Label: "Giới thiệu", URL: pathAbout}},
		rows: func(ctx context.Context, siteID int64) ([]FurnitureRow, error) {
			items, err := f.Leaders(ctx, siteID)
			if err != nil {
				return nil, err
			}
			var rows []FurnitureRow
			for i, l := range items {
				rows = append(rows, FurnitureRow{ID: l.ID, Title: l.Name, Meta: l.Position, ImageURL: l.PhotoURL,
					EditURL: pathLeaders + "/" + itoa(l.ID), BaseURL: pathLeaders + "/" + itoa(l.ID), First: i == 0, Last: i == len(items)-1})
			}
			return rows, nil
		},
		values: func(ctx context.Context, siteID, id int64) (url.Values, error) {
			if id == 0 {
				return url.Values{}, nil
			}
			l, err := f.Leader(ctx, siteID, id)
			if err != nil {
				return nil, err
			}
			return url.Values{"name": {l.Name}, "position": {l.Position}, "photo": {itoa(l.PhotoID)}, "bio": {l.Bio},
				"phone": {l.Phone}, "email": {l.Email}}, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			imgs, err := p.imageOptions(ctx, siteID, v.Get("photo"))
			if err != nil {
				return nil, err
			}
			return []Field{
				{Type: "text", Name: "name", Label: "Họ và tên", Value: v.Get("name"), Required: true},
				{Type: "text", Name: "position", Label: "Chức vụ", Value: v.Get("position"), Required: true, Hint: "Ví dụ: Chủ tịch UBND huyện."},
				{Type: "select", Name: "photo", Label: "Ảnh chân dung (không bắt buộc)", Options: imgs},
				{Type: "file", Name: "photo_file", Label: "Hoặc tải ảnh chân dung mới lên", Hint: "Ảnh JPEG hoặc PNG, tối đa " + sizeText(p.s.limits().MaxImageBytes) + "; ảnh được thêm vào thư viện ảnh."},
				{Type: "textarea", Name: "bio", Label: "Tiểu sử tóm tắt", Value: v.Get("bio"), Rows: 6, Hint: "Để một dòng trống giữa các đoạn."},
				{Type: "tel", Name: "phone", Label: "Điện thoại công vụ", Value: v.Get("phone")},
				{Type: "email", Name: "email", Label: "Thư điện tử công vụ", Value: v.Get("email")},
			}, nil
		},
		save: func(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
			l := content.Leader{ID: id, Name: v.Get("name"), Position: v.Get("position"), Bio: v.Get("bio"), Phone: v.Get("phone"), Email: v.Get("email")}
			var err error
			if l.PhotoID, l.PhotoURL, err = p.imageURL(ctx, siteID, v.Get("photo"), "photo"); err != nil {
				return err
			}
			named(a, l.Name)
			return f.SaveLeader(ctx, siteID, &l, a)
		},
		move: f.MoveLeader,
		del:  f.DeleteLeader,
	}
}
