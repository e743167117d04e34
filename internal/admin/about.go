package admin

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The Giới thiệu set (/quan-tri/gioi-thieu) and the Tiếp cận thông tin
// section (/quan-tri/tiep-can-thong-tin): one form each.

func (p *furniturePages) aboutKind() *furnitureKind {
	f := p.s.furn
	pageField := func(slug string) string { return "page_" + slug }
	return &furnitureKind{
		path: pathAbout, action: user.ActionSiteSettings, label: "Giới thiệu", object: "about", public: content.AboutPath, single: true,
		intro: "Trang Giới thiệu gồm lời giới thiệu chung và các trang tĩnh của trang (chức năng nhiệm vụ, cơ cấu tổ chức, lịch sử…). Ghi số thứ tự cho các trang muốn đưa vào phần Giới thiệu; để trống để không đưa vào.",
		links: []NavItem{{Label: "Viết, sửa các trang tĩnh", URL: pathAboutPages}, {Label: "Hồ sơ lãnh đạo", URL: pathLeaders}},
		values: func(ctx context.Context, siteID, _ int64) (url.Values, error) {
			a, err := f.About(ctx, siteID)
			if err != nil {
				return nil, err
			}
			v := url.Values{"intro": {a.Intro}}
			for i, slug := range a.PageSlugs {
				v.Set(pageField(slug), strconv.Itoa(i+1))
			}
			return v, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			pages, err := p.s.content.Store().FindPages(ctx, siteID)
			if err != nil {
				return nil, err
			}
			fields := []Field{{Type: "textarea", Name: "intro", Label: "Lời giới thiệu chung", Value: v.Get("intro"), Rows: 8,
				Hint: "Có thể dùng các thẻ HTML đơn giản như <p>, <strong>, <ul>; mã không an toàn được loại bỏ khi lưu."}}
			for _, pg := range pages {
				fields = append(fields, Field{Type: "number", Name: pageField(pg.Slug), Label: "Thứ tự của trang “" + pg.Title + "”", Value: v.Get(pageField(pg.Slug))})
			}
			return fields, nil
		},
		save: func(ctx context.Context, siteID, _ int64, v url.Values, e *audit.Entry) error {
			pages, err := p.s.content.Store().FindPages(ctx, siteID)
			if err != nil {
				return err
			}
			type pick struct {
				slug string
				n    int
			}
			var picks []pick
			bad := map[string]string{}
			for _, pg := range pages {
				s := strings.TrimSpace(v.Get(pageField(pg.Slug)))
				if s == "" {
					continue
				}
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 || n > 1000 {
					bad[pageField(pg.Slug)] = "Thứ tự phải là một số từ 1 đến 1000, hoặc để trống."
					continue
				}
				picks = append(picks, pick{pg.Slug, n})
			}
			if len(bad) > 0 {
				return invalid(bad)
			}
			sort.SliceStable(picks, func(i, j int) bool { return picks[i].n < picks[j].n })
			a := content.About{Intro: v.Get("intro")}
			for _, pk := range picks {
				a.PageSlugs = append(a.PageSlugs, pk.slug)
			}
			exists := func(slug string) bool {
				return slices.ContainsFunc(pages, func(pg content.Page) bool { return pg.Slug == slug })
			}
			named(e, strings.Join(a.PageSlugs, ","))
			return f.SaveAbout(ctx, siteID, &a, exists, e)
		},
	}
}

func (p *furniturePages) accessInfoKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathAccessInfo, action: user.ActionSiteSettings, label: "Tiếp cận thông tin", object: "access_info", public: content.AccessInfoPath, single: true,
		intro: "Mục Tiếp cận thông tin cho biết cơ quan công khai những thông tin gì, ở đâu trên trang (danh sách được lập tự động từ các mục trang đang có), ai là đầu mối cung cấp thông tin và cách yêu cầu cung cấp thông tin.",
		values: func(ctx context.Context, siteID, _ int64) (url.Values, error) {
			a, err := f.AccessInfo(ctx, siteID)
			if err != nil {
				return nil, err
			}
			return url.Values{"intro": {a.Intro}, "unit": {a.Unit}, "officer": {a.Officer}, "address": {a.Address}, "phone": {a.Phone},
				"email": {a.Email}, "how_to_ask": {a.HowToAsk}, "unpublished": {a.Unpublished}}, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			html := "Có thể dùng các thẻ HTML đơn giản như <p>, <strong>, <ul>; mã không an toàn được loại bỏ khi lưu."
			return []Field{
				{Type: "textarea", Name: "intro", Label: "Lời mở đầu", Value: v.Get("intro"), Rows: 4, Hint: html},
				{Type: "text", Name: "unit", Label: "Đơn vị đầu mối cung cấp thông tin", Value: v.Get("unit"), Hint: "Ví dụ: Văn phòng HĐND và UBND huyện."},
				{Type: "text", Name: "officer", Label: "Người phụ trách", Value: v.Get("officer")},
				{Type: "text", Name: "address", Label: "Địa chỉ tiếp nhận yêu cầu", Value: v.Get("address")},
				{Type: "tel", Name: "phone", Label: "Điện thoại", Value: v.Get("phone")},
				{Type: "email", Name: "email", Label: "Thư điện tử", Value: v.Get("email")},
				{Type: "textarea", Name: "how_to_ask", Label: "Cách yêu cầu cung cấp thông tin", Value: v.Get("how_to_ask"), Rows: 6, Hint: html},
				{Type: "textarea", Name: "unpublished", Label: "Thông tin được cung cấp theo yêu cầu (không bắt buộc)", Value: v.Get("unpublished"), Rows: 4, Hint: html},
			}, nil
		},
		save: func(ctx context.Context, siteID, _ int64, v url.Values, e *audit.Entry) error {
			a := content.AccessInfo{Intro: v.Get("intro"), Unit: v.Get("unit"), Officer: v.Get("officer"), Address: v.Get("address"),
				Phone: v.Get("phone"), Email: v.Get("email"), HowToAsk: v.Get("how_to_ask"), Unpublished: v.Get("unpublished")}
			named(e, a.Unit)
			return f.SaveAccessInfo(ctx, siteID, &a, e)
		},
	}
}
