package consultation

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrNotFound is a draft that does not exist on the site.
	ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy dự thảo.")
	// ErrCommentNotFound is a comment that does not exist on the draft.
	ErrCommentNotFound = apperr.New(apperr.NotFound, "Không tìm thấy góp ý.")
)
