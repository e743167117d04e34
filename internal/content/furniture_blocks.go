package content

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// The home page blocks of the site furniture.

// BlockKind is a kind of home page block.
type BlockKind string

const (
	BlockFeatured BlockKind = "featured" // featured articles
	BlockLatest   BlockKind = "latest"   // newest articles
	BlockCategory BlockKind = "category" // newest articles of a category and its sub-categories
	BlockBanners  BlockKind = "banners"  // the banner links
	BlockAllCats  BlockKind = "categories"
	// BlockProvince lists the articles received from the site's parent
	// (internal/syndication); it shows only when there are some.
	BlockProvince BlockKind = "province"
	// The blocks of the right-hand column (any of them may also stand on
	// the home page's main column).
	BlockNotices   BlockKind = "notices"   // newest articles of the "Thông báo" category (or the one chosen)
	BlockDocuments BlockKind = "documents" // newest documents of the register
	BlockSchedule  BlockKind = "schedule"  // this week's work schedule, today first
	BlockQuestions BlockKind = "questions" // citizens' questions answered and published last
	BlockImage     BlockKind = "image"     // one image banner: a picture that is a link
	BlockPhotos    BlockKind = "photos"    // newest articles with a photo, as a grid of pictures
	BlockVisits    BlockKind = "visits"    // the visit counter
	BlockVideo     BlockKind = "video"     // one video of the media library, played in place
)

// Columns of the public pages a block stands in.
const (
	ColumnMain = ""     // the home page's main column
	ColumnSide = "side" // the right-hand column of the home page and the content pages (below the content on a phone)
)

// ColumnLabel names a column in Vietnamese.
func ColumnLabel(c string) string {
	if c == ColumnSide {
		return "Cột phải"
	}
	return "Cột chính (trang chủ)"
}

// Label is the kind in Vietnamese.
func (k BlockKind) Label() string {
	switch k {
	case BlockFeatured:
		return "Tin nổi bật"
	case BlockLatest:
		return "Tin mới nhất"
	case BlockCategory:
		return "Tin của một chuyên mục"
	case BlockBanners:
		return "Liên kết website"
	case BlockAllCats:
		return "Tin của mọi chuyên mục gốc"
	case BlockProvince:
		return "Tin tỉnh (tin nhận từ đơn vị cấp trên)"
	case BlockNotices:
		return "Thông báo"
	case BlockDocuments:
		return "Văn bản mới"
	case BlockSchedule:
		return "Lịch công tác tuần này"
	case BlockQuestions:
		return "Hỏi đáp (câu hỏi mới trả lời)"
	case BlockImage:
		return "Ảnh liên kết (banner ảnh)"
	case BlockPhotos:
		return "Ảnh hoạt động (tin có ảnh)"
	case BlockVisits:
		return "Lượt truy cập"
	case BlockVideo:
		return "Video"
	}
	return string(k)
}

// BlockKinds lists the kinds in form order.
var BlockKinds = []BlockKind{BlockFeatured, BlockLatest, BlockCategory, BlockAllCats, BlockProvince, BlockNotices,
	BlockDocuments, BlockSchedule, BlockQuestions, BlockImage, BlockBanners, BlockPhotos, BlockVideo, BlockVisits}

// Counted reports whether the kind shows a number of items the
// administrator chooses (Count).
func (k BlockKind) Counted() bool {
	switch k {
	case BlockBanners, BlockImage, BlockSchedule, BlockVisits, BlockVideo:
		return false
	}
	return true
}

// NoticesSlug is the slug of the category a "Thông báo" block shows when
// none is chosen (the site kits create it).
const NoticesSlug = "thong-bao"

// HomeBlock is one block of the home page, in display order.
type HomeBlock struct {
	ID         int64     `json:"id"`
	Kind       BlockKind `json:"kind"`
	Title      string    `json:"title,omitempty"` // "" uses the kind's or the category's name
	CategoryID int64     `json:"category_id,omitempty"`
	Count      int       `json:"count,omitempty"` // articles shown
	// Column is where the block stands: ColumnMain or ColumnSide.
	Column string `json:"column,omitempty"`
	// URL, Image and Alt are an image banner's (BlockImage) link, picture
	// (a photo of the media library, its variants kept at save time) and
	// the picture's text for those who cannot see it (required).
	URL   string `json:"url,omitempty"`
	Image Photo  `json:"image,omitzero"`
	Alt   string `json:"alt,omitempty"`
	// Video is a video block's (BlockVideo) MP4 address (/video/…, of the
	// media library); Image is then its poster, with the caption shown
	// under it, and Alt what the video shows (required).
	Video string `json:"video,omitempty"`
}

// MaxBlocks caps the blocks of a site, both columns together: every one
// costs a query or two on an uncached page.
const MaxBlocks = 24

// MaxBlockCount caps the articles of a block.
const MaxBlockCount = 30

// DefaultHomeBlocks is the layout when nothing is configured: on the home
// page the featured articles (a lead story with its photo and a row of
// thumbnails), the newest and those of each root category; in the right
// column the notices, the newest documents, this week's schedule, the
// questions answered last, the banner links and the visit counter. A
// block whose module is switched off, or with nothing to show, shows
// nothing.
func DefaultHomeBlocks() []HomeBlock {
	return []HomeBlock{
		{ID: 1, Kind: BlockFeatured, Count: 5},
		{ID: 2, Kind: BlockLatest, Count: 10},
		{ID: 3, Kind: BlockAllCats, Count: 5},
		{ID: 4, Kind: BlockNotices, Count: 5, Column: ColumnSide},
		{ID: 5, Kind: BlockDocuments, Count: 5, Column: ColumnSide},
		{ID: 6, Kind: BlockSchedule, Column: ColumnSide},
		{ID: 7, Kind: BlockQuestions, Count: 5, Column: ColumnSide},
		{ID: 8, Kind: BlockBanners, Column: ColumnSide},
		{ID: 9, Kind: BlockVisits, Column: ColumnSide},
	}
}

func blockID(b HomeBlock) int64 { return b.ID }

const (
	whatBlock = "khối trang chủ"
	objBlock  = "home_block" // audit object
)

// HomeBlocks returns the configured blocks and whether they were
// configured; when not, DefaultHomeBlocks.
func (f *Furniture) HomeBlocks(ctx context.Context, siteID int64) ([]HomeBlock, bool, error) {
	var items []HomeBlock
	rev, err := f.load(ctx, siteID, KeyHomeBlocks, &items)
	if err != nil {
		return nil, false, err
	}
	if rev == 0 {
		return DefaultHomeBlocks(), false, nil
	}
	return items, true, nil
}

// editBlocks changes the blocks, starting from the default ones when the
// site has none configured yet.
func (f *Furniture) editBlocks(ctx context.Context, siteID int64, a *audit.Entry, change func(*[]HomeBlock) error) error {
	return update(ctx, f, siteID, KeyHomeBlocks, a, func(items *[]HomeBlock) error {
		if *items == nil { // never saved ("[]" when every block was removed)
			*items = DefaultHomeBlocks()
		}
		return change(items)
	})
}

// SaveHomeBlock validates and adds or updates a block. validCategory
// reports whether a category ID belongs to the site.
func (f *Furniture) SaveHomeBlock(ctx context.Context, siteID int64, b *HomeBlock, validCategory func(int64) bool, a *audit.Entry) error {
	b.Title = clean(b.Title)
	b.URL = clean(b.URL)
	b.Alt = strings.Join(strings.Fields(clean(b.Alt)), " ")
	fe := fieldErrors{}
	fe.check(slices.Contains(BlockKinds, b.Kind), "kind", "Vui lòng chọn loại khối.")
	fe.check(b.Column == ColumnMain || b.Column == ColumnSide, "column", "Vui lòng chọn cột đặt khối.")
	fe.check(maxLen(b.Title, 200), "title", "Tiêu đề khối không được dài quá 200 ký tự.")
	switch b.Kind {
	case BlockCategory:
		fe.check(b.CategoryID != 0 && validCategory(b.CategoryID), "category", "Vui lòng chọn một chuyên mục có trong trang.")
	case BlockNotices:
		fe.check(b.CategoryID == 0 || validCategory(b.CategoryID), "category", "Vui lòng chọn một chuyên mục có trong trang.")
	default:
		b.CategoryID = 0
	}
	if b.Kind.Counted() {
		fe.check(b.Count >= 1 && b.Count <= MaxBlockCount, "count", fmt.Sprintf("Số tin phải từ 1 đến %d.", MaxBlockCount))
	} else {
		b.Count = 0
	}
	if b.Kind == BlockImage {
		fe.check(ValidExternalURL(b.URL) || ValidLocalPath(b.URL), "url", "Địa chỉ phải bắt đầu bằng http://, https:// hoặc “/”.")
		fe.check(b.Image.ID != 0, "image", "Vui lòng chọn hoặc tải lên ảnh của banner.")
		fe.check(b.Alt != "", "alt", "Vui lòng nhập mô tả ảnh (nội dung chữ trên ảnh) cho người không xem được ảnh.")
		fe.check(maxLen(b.Alt, 250), "alt", "Mô tả ảnh không được dài quá 250 ký tự.")
		if b.Image.ID != 0 {
			if err := cleanPhoto(&b.Image); err != nil {
				fe.check(false, "image", "Ảnh đã chọn không hợp lệ: hãy chọn một ảnh đã tải lên thư viện ảnh của trang.")
			}
		}
		b.Image.Alt = "" // the block's own Alt says what the picture says
	} else if b.Kind == BlockVideo {
		b.URL = ""
		fe.check(b.Image.ID != 0 && localVideoURL(b.Video), "video", "Vui lòng chọn một video đã tải lên thư viện ảnh và tệp.")
		fe.check(b.Alt != "", "alt", "Vui lòng nhập mô tả video (nội dung chính của video) cho người không xem được video.")
		fe.check(maxLen(b.Alt, 250), "alt", "Mô tả video không được dài quá 250 ký tự.")
		if b.Image.ID != 0 && cleanPhoto(&b.Image) != nil {
			fe.check(false, "video", "Video đã chọn không hợp lệ: hãy chọn một video đã tải lên thư viện ảnh và tệp.")
		}
		b.Image.Alt = ""
	} else {
		b.URL, b.Image, b.Alt = "", Photo{}, ""
	}
	if b.Kind != BlockVideo {
		b.Video = ""
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := f.editBlocks(ctx, siteID, a, func(items *[]HomeBlock) error {
		if b.ID == 0 && len(*items) >= MaxBlocks {
			return apperr.New(apperr.Invalid, fmt.Sprintf("Trang đã có %d khối, số khối tối đa. Vui lòng xóa bớt khối trước khi thêm.", MaxBlocks))
		}
		var err error
		*items, id, err = replace(*items, *b, blockID, func(x *HomeBlock, id int64) { x.ID = id }, whatBlock)
		named(a, objBlock, id)
		return err
	})
	if err == nil {
		b.ID = id
	}
	return err
}

// MoveHomeBlock moves a block one place up or down in its column.
func (f *Furniture) MoveHomeBlock(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error {
	named(a, objBlock, id)
	return f.editBlocks(ctx, siteID, a, func(items *[]HomeBlock) error {
		return move(*items, id, sign(delta), blockID, func(a, b HomeBlock) bool { return a.Column == b.Column })
	})
}

// DeleteHomeBlock removes a block. Removing every block leaves an empty
// home page configured, not the default.
func (f *Furniture) DeleteHomeBlock(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	named(a, objBlock, id)
	return f.editBlocks(ctx, siteID, a, func(items *[]HomeBlock) error {
		if _, err := find(*items, id, blockID, whatBlock); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x HomeBlock) bool { return x.ID == id })
		if *items == nil {
			*items = []HomeBlock{}
		}
		return nil
	})
}
