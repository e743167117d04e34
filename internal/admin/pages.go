package admin

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The static pages the Giới thiệu set is made of, /quan-tri/gioi-thieu/trang:
// write a new page or edit one. Pages are published content: they are
// never removed, only left out of the set.

const pathAboutPages = pathAbout + "/trang"

func (p *furniturePages) pageKind() *furnitureKind {
	store := func() content.Store { return p.s.content.Store() }
	find := func(ctx context.Context, siteID, id int64) (content.Page, error) {
		pages, err := store().FindPages(ctx, siteID)
		if err != nil {
			return content.Page{}, err
		}
		for _, pg := range pages {
			if pg.ID == id {
				return pg, nil
			}
		}
		return content.Page{}, apperr.New(apperr.NotFound, "Không tìm thấy trang tĩnh.")
	}
	return &furnitureKind{
		path: pathAboutPages, action: user.ActionSiteSettings, label: "Trang tĩnh", object: "page", public: content.AboutPath, fixed: true,
		stale:   content.ErrPageStale,
		intro:   "Các trang tĩnh của trang (chức năng nhiệm vụ, cơ cấu tổ chức, lịch sử…). Viết hoặc sửa trang ở đây, rồi chọn các trang đưa vào phần Giới thiệu ở trang Giới thiệu.",
		addHead: "Viết trang mới",
		links:   []NavItem{{Label: "Giới thiệu", URL: pathAbout}},
		rows: func(ctx context.Context, siteID int64) ([]FurnitureRow, error) {
			pages, err := store().FindPages(ctx, siteID)
			if err != nil {
				return nil, err
			}
			var rows []FurnitureRow
			for _, pg := range pages {
				rows = append(rows, FurnitureRow{ID: pg.ID, Title: pg.Title, Meta: "Đường dẫn: " + pg.Slug, EditURL: pathAboutPages + "/" + itoa(pg.ID)})
			}
			return rows, nil
		},
		values: func(ctx context.Context, siteID, id int64) (url.Values, error) {
			if id == 0 {
				return url.Values{}, nil
			}
			pg, err := find(ctx, siteID, id)
			if err != nil {
				return nil, err
			}
			return url.Values{"title": {pg.Title}, "slug": {pg.Slug}, "body": {pg.Body}, "phien-ban": {itoa(pg.Version)}}, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			return []Field{
				{Type: "text", Name: "title", Label: "Tiêu đề", Value: v.Get("title"), Required: true},
				{Type: "text", Name: "slug", Label: "Đường dẫn (không bắt buộc)", Value: v.Get("slug"), Hint: "Chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ co-cau-to-chuc. Để trống để tạo từ tiêu đề."},
				{Type: "textarea", Name: "body", Label: "Nội dung", Value: v.Get("body"), Rows: 14,
					Hint: "Có thể dùng các thẻ HTML đơn giản như <p>, <strong>, <ul>, <table>; mã không an toàn được loại bỏ khi lưu."},
			}, nil
		},
		save: func(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error {
			pg := content.Page{SiteID: siteID}
			if id != 0 {
				var err error
				if pg, err = find(ctx, siteID, id); err != nil {
					return err
				}
				pg.Version = versionOf(v) // the one the form showed
			}
			pg.Title, pg.Slug, pg.Body = v.Get("title"), strings.TrimSpace(v.Get("slug")), v.Get("body")
			named(a, pg.Title)
			err := p.s.content.SavePage(ctx, &pg, a)
			if errors.Is(err, content.ErrSlugTaken) {
				err = invalid(map[string]string{"slug": "Đường dẫn này đã được một trang khác dùng. Vui lòng chọn đường dẫn khác."})
			}
			return err
		},
	}
}
