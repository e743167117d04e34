package content

import "trangtin/internal/apperr"

// The errors a Store returns that callers tell apart (with errors.Is);
// each carries the sentence the user reads.
var (
	// ErrStale is a write over an article someone else changed after it
	// was read.
	ErrStale = apperr.New(apperr.Conflict, "Bài viết vừa được người khác thay đổi. Vui lòng tải lại và thử lại.")
	// ErrPageStale is a write over a static page someone else changed
	// after it was read (Page.Version is no longer the stored one).
	ErrPageStale = apperr.New(apperr.Conflict, "Trang tĩnh này vừa được người khác sửa. Nội dung bạn nhập vẫn được giữ bên dưới, trên bản mới nhất: hãy xem lại rồi bấm Lưu thay đổi để ghi đè.")
	// ErrSiteStale is a write of a site's information (its name, footer
	// and record) over a version someone else changed after it was read
	// (Site.EditVersion is no longer the stored one).
	ErrSiteStale = apperr.New(apperr.Conflict, "Thông tin trang vừa được người khác thay đổi. Nội dung bạn nhập vẫn được giữ bên dưới, trên bản mới nhất: hãy xem lại rồi bấm Lưu để ghi đè.")
	// ErrSlugTaken is a write of an article, page or category whose slug
	// another of the site's already uses.
	ErrSlugTaken = apperr.New(apperr.Conflict, "Đường dẫn này đã được dùng. Vui lòng chọn đường dẫn khác.")
	// ErrCategoryInUse is the deletion of a category that still holds
	// articles or sub-categories.
	ErrCategoryInUse = apperr.New(apperr.Conflict, "Chuyên mục còn bài viết hoặc chuyên mục con nên không xóa được.")
	// ErrSettingMoved is the save of a furniture setting whose revision
	// is no longer the one read (another administrator saved first).
	ErrSettingMoved = apperr.New(apperr.Conflict, msgBusy)
)
