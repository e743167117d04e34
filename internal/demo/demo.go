// Package demo creates the demonstration site on an empty database: the
// Gia Viễn district portal with its reference article, exactly as the
// original page shows it, and a few more articles to browse. It tells one
// story: the same leaders (Leaders) chair the events of its articles, fill
// its work schedule and sign its documents; every article, question and
// document is of Gia Viễn; the lead stories have photos and the documents
// PDF files, both made by the demo at first start (pictures.go, pdf.go)
// and stored through the media library.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/vi"
)

// SiteKey is the demo site's key, as used by `trangtin import --site`.
const SiteKey = "giavien"

// Seed is the reference article of the Gia Viễn portal.
var Seed = struct {
	Title      string
	Paragraphs []string
	Author     string
	Unit       string
	Published  time.Time
}{
	Title: "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện",
	Paragraphs: []string{
		"Sáng ngày 10/3, UBND huyện tổ chức Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện. Đồng chí Vũ Thị Dược, Huyện ủy viên, Phó Chủ tịch UBND huyện dự và chủ trì hội nghị. Cùng dự còn có các đồng chí Lãnh đạo Phòng LĐ-TB&XH huyện, Văn phòng HĐND&UBND huyện; cùng các đồng chí Lãnh đạo, công chức LĐ-TB&XH các xã, thị trấn phụ trách về công tác Bảo trợ xã hội.",
		"Tính đến thời điểm tháng 02/2023, tổng số đối tượng đang hưởng chính sách bảo trợ xã hội là 8.432 đối tượng. Trong những năm qua, công tác bảo trợ xã hội luôn được sự quan tâm của các cấp, các ngành, các địa phương trên địa bàn huyện và đã đạt được nhiều kết quả. Thực hiện sự chỉ đạo của UBND huyện, Phòng LĐ-TB&XH huyện đã triển khai, hướng dẫn thực hiện đầy đủ, kịp thời các chính sách bảo trợ xã hội trên địa bàn huyện. Trong đó, hồ sơ phát sinh hàng tháng được giải quyết 100% trên dịch vụ công trực tuyến đảm bảo theo đúng quy định. Việc triển khai, phổ biến về chính sách Bảo trợ xã hội đã được tập huấn và thực hiện có hiệu quả, rộng khắp, các đối tượng được hưởng và mức trợ cấp theo đúng quy định. Qua đó đã giúp các đối trượng bảo trợ xã hội về cả vật chất lẫn tinh thần, giảm bớt khó khăn, vươn lên hoà nhập với cộng đồng. Bên cạnh những kết quả đã được, trong thời gian qua công tác bảo trợ xã hội còn gặp những khó khăn, tồn tại, hạn chế do nhiều nguyên nhân. Để thực hiện tốt hơn công tác bảo trợ xã hội, hội nghị đã tiến hành thảo luận, bàn các giải pháp, nêu phương hướng, nhiệm vụ trong thời gian tới.",
		"Dự và chủ trì hội nghị, đồng chí Vũ Thị Dược, Huyện ủy viên, Phó Chủ tịch UBND huyện đã ghi nhận, biểu dương những kết quả đạt được công tác Bảo trợ xã hội trong thời gia qua. Đồng thời nhấn mạnh trong quý II/2023, Phòng LĐ-TB&XH huyện chỉ đạo, hướng dẫn các xã, thị trấn thực hiện tốt công tác rà soát lại các đối tượng bảo trợ xã hội theo đúng quy định, kiên quyết, kịp thời đưa ra khỏi những đối tượng đối với những trường hợp xét duyệt không đúng hoặc người khuyết tật đã thuyên giảm mức độ khuyết tật và khả năng tự phục vụ, hoà nhập lại cuộc sống cộng đồng.",
	},
	Author:    "Kim Thoả",
	Unit:      "Trung tâm VHTT&TT huyện",
	Published: time.Date(2023, 3, 10, 10, 0, 0, 0, vi.Zone),
}

// Site is the demo site.
var Site = content.Site{
	Key: SiteKey,
	// The reference page writes "huyện gia viễn"; a place name takes
	// capitals.
	Name:        "Trang thông tin điện tử huyện Gia Viễn",
	Banner:      "CHÀO MỪNG ĐẾN TRANG THÔNG TIN ĐIỆN TỬ UBND HUYỆN GIA VIỄN",
	Agency:      "Ủy ban nhân dân huyện Gia Viễn, tỉnh Ninh Bình",
	Responsible: "Chánh Văn phòng HĐND và UBND huyện",
	Address:     "Thị trấn Me, huyện Gia Viễn, tỉnh Ninh Bình",
	Phone:       "0229 3640 000",
	Email:       "vanphong@giavien.ninhbinh.gov.vn",
	Licence:     "Dữ liệu trình diễn của trangtin: thông tin liên hệ cần được quản trị viên cập nhật.",
	IsDefault:   true,
	// Gia Viễn was a district (huyện); districts were abolished on
	// 1 July 2025 and the commune became the local government directly
	// below the province. Of the kinds, xa is the one a local
	// government's portal for its residents is: not a province, not a
	// department of one.
	Kind: content.KindCommune,
}

// Categories are the demo site's top categories, in menu order.
var Categories = []string{content.DefaultCategoryName, "Kinh tế - Xã hội", "Văn hóa - Xã hội"}

// Ensure creates the demo site when the database has no site at all, and
// reports whether it did; without a media library it has no photos and
// its documents no files (EnsureWith).
func Ensure(ctx context.Context, svc *content.Service) (bool, error) {
	return EnsureWith(ctx, svc, nil)
}

// EnsureWith is Ensure with the media library the demo's photos and PDF
// files are stored in (nil: none).
func EnsureWith(ctx context.Context, svc *content.Service, lib *media.Library) (bool, error) {
	sites, err := svc.Store().FindSites(ctx)
	if err != nil || len(sites) > 0 {
		return false, err
	}
	site := Site
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		return false, fmt.Errorf("demo site: %w", err)
	}
	cats := map[string]int64{}
	for i, name := range Categories {
		c := content.Category{SiteID: site.ID, Name: name, Position: i + 1}
		if err := svc.SaveCategory(ctx, &c, nil); err != nil {
			return false, fmt.Errorf("demo category %s: %w", name, err)
		}
		cats[name] = c.ID
	}
	intro := content.Page{SiteID: site.ID, Title: "Giới thiệu", InMenu: true, Position: 1,
		Body: "<p>Trang giới thiệu huyện Gia Viễn: vị trí địa lý, điều kiện tự nhiên, lịch sử, cơ cấu tổ chức, lãnh đạo huyện. Nội dung trình diễn, do quản trị viên cập nhật.</p>"}
	if err := svc.SavePage(ctx, &intro, nil); err != nil {
		return false, fmt.Errorf("demo page: %w", err)
	}
	for _, st := range Stories {
		a := content.Article{SiteID: site.ID, CategoryID: cats[st.Category], Title: st.Title, Summary: st.Summary, Body: storyBody(st),
			Author: st.Author, Unit: st.Unit, Status: content.StatusPublished, PublishedAt: st.Published}
		if a.Photo, err = photo(ctx, lib, site.ID, st); err != nil {
			return false, err
		}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			return false, fmt.Errorf("demo article %s: %w", st.Title, err)
		}
	}
	a := content.Article{
		SiteID: site.ID, CategoryID: cats[content.DefaultCategoryName], Title: Seed.Title, Body: content.TextToHTML(strings.Join(Seed.Paragraphs, "\n\n")),
		Author: Seed.Author, Unit: Seed.Unit, Status: content.StatusPublished,
		Featured: true, PublishedAt: Seed.Published,
	}
	if a.Photo, err = photo(ctx, lib, site.ID, SeedPhoto); err != nil {
		return false, err
	}
	if err := svc.SaveArticle(ctx, &a); err != nil {
		return false, fmt.Errorf("demo seed article: %w", err)
	}
	if err := ensureDocuments(ctx, svc.Store(), lib, site.ID); err != nil {
		return false, err
	}
	if err := ensureFurniture(ctx, svc, site.ID); err != nil {
		return false, err
	}
	if err := ensureSchedule(ctx, svc, site.ID, time.Now()); err != nil {
		return false, err
	}
	if err := ensureCitizen(ctx, svc.Store(), site.ID, time.Now()); err != nil {
		return false, err
	}
	if err := ensureProvince(ctx, svc, site.Key); err != nil {
		return false, err
	}
	return true, nil
}

// photo draws a story's scene and stores it in the library as the
// article's lead photo, with its description; none without a library or
// a scene.
func photo(ctx context.Context, lib *media.Library, siteID int64, st Story) (content.Photo, error) {
	if lib == nil || st.Scene == "" {
		return content.Photo{}, nil
	}
	data, err := PNG(st.Scene, 720, 450)
	if err != nil {
		return content.Photo{}, err
	}
	it, err := lib.UploadImage(ctx, siteID, 0, bytes.NewReader(data), st.Alt, nil)
	if err != nil {
		return content.Photo{}, fmt.Errorf("demo photo %s: %w", st.Scene, err)
	}
	return content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt}, nil
}
