package newsroom

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrRevisionNotFound is a revision that does not exist.
	ErrRevisionNotFound = apperr.New(apperr.NotFound, "Không tìm thấy phiên bản.")
	// ErrNoticeNotFound is a notice that is not in the user's inbox.
	ErrNoticeNotFound = apperr.New(apperr.NotFound, "Không tìm thấy thông báo.")
)
