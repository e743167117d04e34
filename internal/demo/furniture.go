package demo

import (
	"context"
	"fmt"

	"trangtin/internal/content"
)

// aboutPages are the demo site's Giới thiệu pages: title, slug, body.
var aboutPages = [][3]string{
	{"Chức năng, nhiệm vụ", "chuc-nang-nhiem-vu", "<p>Ủy ban nhân dân huyện là cơ quan chấp hành của Hội đồng nhân dân huyện, cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân huyện và Ủy ban nhân dân tỉnh.</p><p>Ủy ban nhân dân huyện tổ chức thi hành Hiến pháp, pháp luật và các nghị quyết của Hội đồng nhân dân huyện; quản lý nhà nước trên các lĩnh vực kinh tế, văn hóa, xã hội, quốc phòng, an ninh trên địa bàn. Nội dung trình diễn, do quản trị viên cập nhật.</p>"},
	{"Cơ cấu tổ chức", "co-cau-to-chuc", "<p>Ủy ban nhân dân huyện gồm Chủ tịch, các Phó Chủ tịch và các Ủy viên. Các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện gồm:</p><ul><li>Văn phòng HĐND và UBND huyện</li><li>Phòng Nội vụ</li><li>Phòng Tài chính - Kế hoạch</li><li>Phòng Kinh tế và Hạ tầng</li><li>Phòng Lao động - Thương binh và Xã hội</li><li>Phòng Văn hóa và Thông tin</li></ul><p>Nội dung trình diễn, do quản trị viên cập nhật.</p>"},
	{"Lịch sử hình thành", "lich-su", "<p>Vùng đất Gia Viễn có lịch sử lâu đời, gắn với cố đô Hoa Lư. Nội dung trình diễn, do quản trị viên cập nhật.</p>"},
}

// ensureFurniture gives the demo site a menu, banner links, a Giới thiệu
// set with the Leaders, a Tiếp cận thông tin section and Liên hệ, when the store
// keeps furniture.
func ensureFurniture(ctx context.Context, svc *content.Service, siteID int64) error {
	store, ok := svc.Store().(content.FurnitureStore)
	if !ok {
		return nil
	}
	f := content.NewFurniture(store, svc.NotifyChanged)
	about := content.About{Intro: "<p>Huyện Gia Viễn nằm ở phía Tây Bắc tỉnh Ninh Bình. Trang này giới thiệu chức năng, nhiệm vụ, cơ cấu tổ chức, lịch sử và lãnh đạo huyện. Nội dung trình diễn, do quản trị viên cập nhật.</p>"}
	for i, p := range aboutPages {
		pg := content.Page{SiteID: siteID, Title: p[0], Slug: p[1], Body: p[2], Position: 10 + i}
		if err := svc.SavePage(ctx, &pg, nil); err != nil {
			return fmt.Errorf("demo page %s: %w", p[1], err)
		}
		about.PageSlugs = append(about.PageSlugs, pg.Slug)
	}
	if err := f.SaveAbout(ctx, siteID, &about, func(string) bool { return true }, nil); err != nil {
		return fmt.Errorf("demo about: %w", err)
	}
	for _, l := range Leaders {
		cl := content.Leader{Name: l.Name, Position: l.Position, Phone: l.Phone, Email: l.Email, Bio: l.Bio}
		if err := f.SaveLeader(ctx, siteID, &cl, nil); err != nil {
			return fmt.Errorf("demo leader: %w", err)
		}
	}
	if err := f.SaveAccessInfo(ctx, siteID, &content.AccessInfo{
		Unit:     "Văn phòng HĐND và UBND huyện Gia Viễn",
		Officer:  "Chánh Văn phòng HĐND và UBND huyện",
		Address:  Site.Address,
		Phone:    Site.Phone,
		Email:    Site.Email,
		HowToAsk: "<p>Công dân yêu cầu cung cấp thông tin bằng cách gửi Phiếu yêu cầu cung cấp thông tin (theo mẫu ban hành kèm Nghị định số 13/2018/NĐ-CP) trực tiếp tại Bộ phận Một cửa, qua bưu điện hoặc qua thư điện tử tới đầu mối nêu trên.</p><p>Thông tin được cung cấp trong thời hạn 15 ngày làm việc kể từ ngày nhận yêu cầu hợp lệ.</p>",
	}, nil); err != nil {
		return fmt.Errorf("demo access info: %w", err)
	}
	for _, b := range []content.Banner{
		{Title: "Cổng Dịch vụ công quốc gia", URL: "https://dichvucong.gov.vn", Enabled: true},
		{Title: "Cổng thông tin điện tử Chính phủ", URL: "https://chinhphu.vn", Enabled: true},
		{Title: "Cổng thông tin điện tử tỉnh Ninh Bình", URL: "https://ninhbinh.gov.vn", Enabled: true},
		{Title: "Cơ sở dữ liệu quốc gia về văn bản pháp luật", URL: "https://vbpl.vn", Enabled: true},
	} {
		if err := f.SaveBanner(ctx, siteID, &b, nil); err != nil {
			return fmt.Errorf("demo banner: %w", err)
		}
	}
	return ensureMenu(ctx, svc, f, siteID)
}

func ensureMenu(ctx context.Context, svc *content.Service, f *content.Furniture, siteID int64) error {
	refs := content.MenuRefs{CategorySlugs: map[string]bool{}, PageSlugs: map[string]bool{}}
	cats, err := svc.Store().FindCategories(ctx, siteID)
	if err != nil {
		return err
	}
	for _, c := range cats {
		refs.CategorySlugs[c.Slug] = true
	}
	add := func(m content.MenuItem) (int64, error) {
		if err := f.SaveMenuItem(ctx, siteID, &m, refs, nil); err != nil {
			return 0, fmt.Errorf("demo menu item %s: %w", m.Label, err)
		}
		return m.ID, nil
	}
	about, err := add(content.MenuItem{Label: "Giới thiệu", Kind: content.LinkPath, Target: content.AboutPath})
	if err != nil {
		return err
	}
	for _, p := range aboutPages {
		if _, err := add(content.MenuItem{ParentID: about, Label: p[0], Kind: content.LinkPath, Target: content.AboutPagePath(p[1])}); err != nil {
			return err
		}
	}
	if _, err := add(content.MenuItem{ParentID: about, Label: "Lãnh đạo", Kind: content.LinkPath, Target: content.LeadersPath}); err != nil {
		return err
	}
	news, err := add(content.MenuItem{Label: "Tin tức", Kind: content.LinkNone})
	if err != nil {
		return err
	}
	for _, c := range content.NewTree(cats).Roots() {
		if _, err := add(content.MenuItem{ParentID: news, Label: c.Name, Kind: content.LinkCategory, Target: c.Slug}); err != nil {
			return err
		}
	}
	for _, m := range []content.MenuItem{
		{Label: "Văn bản", Kind: content.LinkPath, Target: "/van-ban"},
		{Label: "Lịch công tác", Kind: content.LinkPath, Target: "/lich-cong-tac"},
		{Label: "Hỏi đáp", Kind: content.LinkPath, Target: "/hoi-dap"},
		{Label: "Góp ý dự thảo", Kind: content.LinkPath, Target: "/gop-y-du-thao"},
		{Label: "Tiếp cận thông tin", Kind: content.LinkPath, Target: content.AccessInfoPath},
		{Label: "Liên hệ", Kind: content.LinkPath, Target: content.ContactPath},
	} {
		if _, err := add(m); err != nil {
			return err
		}
	}
	return nil
}
