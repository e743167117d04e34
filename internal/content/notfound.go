package content

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrArticleNotFound is an article that does not exist on the site.
	ErrArticleNotFound = apperr.New(apperr.NotFound, "Không tìm thấy bài viết.")
	// ErrCategoryNotFound is a category that does not exist on the site.
	ErrCategoryNotFound = apperr.New(apperr.NotFound, "Không tìm thấy chuyên mục.")
	// ErrPageNotFound is a static page that does not exist on the site (a
	// visitor reads "page", as for any address).
	ErrPageNotFound = apperr.New(apperr.NotFound, "Không tìm thấy trang.")
	// ErrSiteNotFound is a site that does not exist.
	ErrSiteNotFound = apperr.New(apperr.NotFound, "Không tìm thấy trang.")
	// ErrSettingNotFound is a furniture setting never saved.
	ErrSettingNotFound = apperr.New(apperr.NotFound, "Không tìm thấy cấu hình trang.")
)
