package mail

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrNotFound is a queued message that is no longer there.
	ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy thư.")
)
