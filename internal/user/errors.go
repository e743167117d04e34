package user

import "trangtin/internal/apperr"

// The errors a store returns that callers tell apart (with errors.Is);
// each carries the sentence the user reads.
var (
	// ErrEmailTaken is an account written with an email another holds.
	ErrEmailTaken = &apperr.Error{Code: apperr.Conflict, Message: msgEmailTaken, Fields: map[string]string{"email": msgEmailTaken}}
	// ErrEmailCase is an account written with an email not in lower case
	// (the uniqueness of emails is case-insensitive only so).
	ErrEmailCase = &apperr.Error{Code: apperr.Invalid, Message: msgEmailCase, Fields: map[string]string{"email": msgEmailCase}}
	// ErrBadMembership breaks Membership's rule: RoleAdmin on no site,
	// every other known role on one.
	ErrBadMembership = apperr.New(apperr.Invalid, "Vai trò không hợp lệ: quản trị hệ thống không gắn với trang nào, các vai trò khác phải gắn với một trang.")
	// ErrStale is a write over an account someone else changed after it
	// was read (User.Version is no longer the stored one).
	ErrStale = apperr.New(apperr.Conflict, "Tài khoản này vừa được người khác thay đổi nên thao tác của bạn chưa được thực hiện. Trang dưới đây cho thấy tình trạng mới nhất: hãy xem lại rồi thao tác lại.")
	// ErrTOTPStepUsed is a second-factor code used a second time.
	ErrTOTPStepUsed = apperr.New(apperr.Conflict, "Mã xác thực đã được sử dụng.")
)

const msgEmailCase = "Địa chỉ email phải được lưu bằng chữ thường."
