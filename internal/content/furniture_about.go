package content

import (
	"context"
	"slices"

	"trangtin/internal/audit"

	"trangtin/internal/vi"
)

// The Giới thiệu set of the site furniture (its leaders: furniture_leaders.go).

// About is the Giới thiệu set: an introduction and the static pages shown
// under /gioi-thieu, in order.
type About struct {
	Intro     string   `json:"intro"` // sanitised HTML
	PageSlugs []string `json:"pages"`
}

// About returns the Giới thiệu set.
func (f *Furniture) About(ctx context.Context, siteID int64) (About, error) {
	var a About
	_, err := f.load(ctx, siteID, KeyAbout, &a)
	return a, err
}

// SaveAbout validates and saves the Giới thiệu set; pageExists reports
// whether a slug is a static page of the site.
func (f *Furniture) SaveAbout(ctx context.Context, siteID int64, a *About, pageExists func(string) bool, e *audit.Entry) error {
	a.Intro = SanitizeHTML(vi.NFC(a.Intro))
	fe := fieldErrors{}
	fe.check(len(a.Intro) <= 200<<10, "intro", "Phần giới thiệu quá dài.")
	var slugs []string
	for _, s := range a.PageSlugs {
		if !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
		fe.check(pageExists(s), "pages", "Có trang được chọn không còn tồn tại. Vui lòng tải lại trang.")
	}
	a.PageSlugs = slugs
	if err := fe.err(); err != nil {
		return err
	}
	named(e, "about", 0)
	return update(ctx, f, siteID, KeyAbout, e, func(v *About) error { *v = *a; return nil })
}
