package document

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrNotFound is a document (or the one it names) that does not exist on the site.
	ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
)
