package content

import (
	"context"
	"slices"

	"trangtin/internal/audit"
)

// The banner links of the site furniture.

// Banner is a banner link ("Dịch vụ công quốc gia" …) in the strip.
type Banner struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	ImageID  int64  `json:"image_id,omitempty"`  // a photo of the media library
	ImageURL string `json:"image_url,omitempty"` // its address, kept at save time
	Enabled  bool   `json:"enabled"`
}

func bannerID(b Banner) int64 { return b.ID }

const (
	whatBanner = "liên kết"
	objBanner  = "banner" // audit object
)

// Banners returns every banner link in order, the hidden ones included.
func (f *Furniture) Banners(ctx context.Context, siteID int64) ([]Banner, error) {
	var items []Banner
	_, err := f.load(ctx, siteID, KeyBanners, &items)
	return items, err
}

// Banner returns one banner link.
func (f *Furniture) Banner(ctx context.Context, siteID, id int64) (Banner, error) {
	items, err := f.Banners(ctx, siteID)
	if err != nil {
		return Banner{}, err
	}
	return find(items, id, bannerID, whatBanner)
}

// SaveBanner validates and adds or updates a banner link. The caller
// resolves b.ImageID into b.ImageURL (or reports it unknown).
func (f *Furniture) SaveBanner(ctx context.Context, siteID int64, b *Banner, a *audit.Entry) error {
	b.Title = clean(b.Title)
	b.URL = clean(b.URL)
	fe := fieldErrors{}
	fe.check(b.Title != "", "title", "Vui lòng nhập tên liên kết.")
	fe.check(maxLen(b.Title, 200), "title", "Tên liên kết không được dài quá 200 ký tự.")
	fe.check(ValidExternalURL(b.URL) || ValidLocalPath(b.URL), "url", "Địa chỉ phải bắt đầu bằng http://, https:// hoặc “/”.")
	if b.ImageID == 0 {
		b.ImageURL = ""
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := update(ctx, f, siteID, KeyBanners, a, func(items *[]Banner) error {
		var err error
		*items, id, err = replace(*items, *b, bannerID, func(x *Banner, id int64) { x.ID = id }, whatBanner)
		named(a, objBanner, id)
		return err
	})
	if err == nil {
		b.ID = id
	}
	return err
}

// MoveBanner moves a banner link one place up or down.
func (f *Furniture) MoveBanner(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error {
	named(a, objBanner, id)
	return update(ctx, f, siteID, KeyBanners, a, func(items *[]Banner) error {
		return move(*items, id, sign(delta), bannerID, func(a, b Banner) bool { return true })
	})
}

// DeleteBanner removes a banner link.
func (f *Furniture) DeleteBanner(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	named(a, objBanner, id)
	return update(ctx, f, siteID, KeyBanners, a, func(items *[]Banner) error {
		if _, err := find(*items, id, bannerID, whatBanner); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x Banner) bool { return x.ID == id })
		return nil
	})
}
