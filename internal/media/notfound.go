package media

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrNotFound is a photo or attachment that does not exist on the site.
	ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy ảnh hoặc tệp đính kèm.")
	// ErrBadKind is a record of a kind the library does not know.
	ErrBadKind = apperr.New(apperr.Invalid, "Loại tệp lưu trữ không hợp lệ.")
)
