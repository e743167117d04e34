// Package apperr defines the closed set of error codes the application uses
// and the safe Vietnamese message a visitor may see for each.
//
// Domain packages return *Error values (or wrap them); the HTTP layer maps
// the Code to a status and shows Message, never the wrapped detail.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for callers; it is never shown to visitors.
type Code string

const (
	NotFound     Code = "not_found"    // the thing asked for does not exist
	Invalid      Code = "invalid"      // the input was wrong; Message says how
	Conflict     Code = "conflict"     // a unique value is taken, or the state forbids it
	Forbidden    Code = "forbidden"    // the user may not do this
	Unauthorized Code = "unauthorized" // sign-in needed
	Gone         Code = "gone"         // it existed and was withdrawn
	TooLarge     Code = "too_large"    // the request body or upload is too big
	RateLimited  Code = "rate_limited" // slow down
	Unavailable  Code = "unavailable"  // a dependency is down; try later
	Internal     Code = "internal"     // a bug or an unexpected failure
)

// MsgStorageFull is the message of the Unavailable error a store returns
// when its disk is full (SQLite SQLITE_FULL, PostgreSQL disk_full 53100):
// no write can succeed until an administrator frees space.
const MsgStorageFull = "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được thao tác của bạn. Vui lòng báo quản trị hệ thống giải phóng dung lượng rồi thử lại."

// Error is an application error: a code, a message safe to show a visitor in
// Vietnamese, and optionally the underlying cause for the log.
type Error struct {
	Code    Code
	Message string // safe for visitors, in Vietnamese
	Fields  map[string]string
	Err     error // cause, for logs only
	// RetryAfter, when set, is how long to wait before trying again (a
	// spent allowance): HTTP answers it in a Retry-After header.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given code and public message.
func New(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Wrap returns an error with the given code and public message around cause.
func Wrap(code Code, msg string, cause error) *Error {
	return &Error{Code: code, Message: msg, Err: cause}
}

// Errorf builds an error whose public message is formatted.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf reports the code of err: the code of the first *Error in its chain,
// or Internal for any other non-nil error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// MessageOf returns the message safe to show a visitor for err.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return DefaultMessage(CodeOf(err))
}

// RetryAfterOf returns the RetryAfter of the first *Error in err's chain, or
// 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// DefaultMessage is the Vietnamese text shown when an error has no message.
func DefaultMessage(code Code) string {
	switch code {
	case NotFound:
		return "Không tìm thấy trang hoặc nội dung bạn yêu cầu."
	case Invalid:
		return "Dữ liệu bạn nhập chưa hợp lệ."
	case Conflict:
		return "Nội dung đã bị thay đổi hoặc đã tồn tại."
	case Forbidden:
		return "Bạn không có quyền thực hiện thao tác này."
	case Unauthorized:
		return "Vui lòng đăng nhập để tiếp tục."
	case Gone:
		return "Nội dung này đã được gỡ bỏ."
	case TooLarge:
		return "Dữ liệu gửi lên quá lớn."
	case RateLimited:
		return "Bạn thao tác quá nhanh, vui lòng chờ một lát rồi thử lại."
	case Unavailable:
		return "Hệ thống đang bận, vui lòng thử lại sau."
	default:
		return "Đã có lỗi xảy ra. Chúng tôi đã ghi nhận và sẽ khắc phục sớm."
	}
}
