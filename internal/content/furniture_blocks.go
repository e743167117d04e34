package content

import (
	"context"
	"fmt"
	"slices"

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
)

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
		return "Liên kết (banner)"
	case BlockAllCats:
		return "Tin của mọi chuyên mục gốc"
	case BlockProvince:
		return "Tin tỉnh (tin nhận từ đơn vị cấp trên)"
	}
	return string(k)
}

// BlockKinds lists the kinds in form order.
var BlockKinds = []BlockKind{BlockFeatured, BlockLatest, BlockCategory, BlockAllCats, BlockProvince, BlockBanners}

// HomeBlock is one block of the home page, in display order.
type HomeBlock struct {
	ID         int64     `json:"id"`
	Kind       BlockKind `json:"kind"`
	Title      string    `json:"title,omitempty"` // "" uses the kind's or the category's name
	CategoryID int64     `json:"category_id,omitempty"`
	Count      int       `json:"count,omitempty"` // articles shown
}

// MaxBlockCount caps the articles of a block.
const MaxBlockCount = 30

// DefaultHomeBlocks is the home page when nothing is configured: the
// layout the site always had.
func DefaultHomeBlocks() []HomeBlock {
	return []HomeBlock{
		{ID: 1, Kind: BlockFeatured, Count: 3},
		{ID: 2, Kind: BlockLatest, Count: 10},
		{ID: 3, Kind: BlockAllCats, Count: 5},
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
	fe := fieldErrors{}
	fe.check(slices.Contains(BlockKinds, b.Kind), "kind", "Vui lòng chọn loại khối.")
	fe.check(maxLen(b.Title, 200), "title", "Tiêu đề khối không được dài quá 200 ký tự.")
	if b.Kind == BlockCategory {
		fe.check(b.CategoryID != 0 && validCategory(b.CategoryID), "category", "Vui lòng chọn một chuyên mục có trong trang.")
	} else {
		b.CategoryID = 0
	}
	if b.Kind == BlockBanners {
		b.Count = 0
	} else {
		fe.check(b.Count >= 1 && b.Count <= MaxBlockCount, "count", fmt.Sprintf("Số tin phải từ 1 đến %d.", MaxBlockCount))
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := f.editBlocks(ctx, siteID, a, func(items *[]HomeBlock) error {
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

// MoveHomeBlock moves a block one place up or down.
func (f *Furniture) MoveHomeBlock(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error {
	named(a, objBlock, id)
	return f.editBlocks(ctx, siteID, a, func(items *[]HomeBlock) error {
		return move(*items, id, sign(delta), blockID, func(a, b HomeBlock) bool { return true })
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
