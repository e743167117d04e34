package document

import "trangtin/internal/apperr"

// ErrStale is a write over a document someone else changed after it was
// read (tell it apart with errors.Is).
var ErrStale = apperr.New(apperr.Conflict, "Văn bản vừa được người khác thay đổi. Nội dung bạn nhập vẫn còn bên dưới, trên bản mới nhất; hãy kiểm tra rồi lưu lại.")
