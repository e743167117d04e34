package contactform

import "trangtin/internal/apperr"

// ErrNotFound is the "not found" error a store returns: a message that does
// not exist on the site. It carries the sentence the user reads, so that no
// store writes one.
var ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy thư liên hệ.")
