package user

import "trangtin/internal/apperr"

// The "not found" errors a store returns (tell them apart with
// errors.Is); each carries the sentence the user reads, so that no
// store writes one.
var (
	// ErrNotFound is an account that does not exist.
	ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy tài khoản.")
	// ErrSessionNotFound is a session that ended or never was.
	ErrSessionNotFound = apperr.New(apperr.NotFound, "Không tìm thấy phiên đăng nhập.")
	// ErrMembershipNotFound is a role the account does not hold.
	ErrMembershipNotFound = apperr.New(apperr.NotFound, "Không tìm thấy vai trò của tài khoản.")
	// ErrPolicyNotFound is a site's account policy never saved.
	ErrPolicyNotFound = apperr.New(apperr.NotFound, "Không tìm thấy chính sách tài khoản.")
)
