package httpx

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
)

// ErrFormNotUTF8 is the cause of the error CheckFormUTF8 returns.
var ErrFormNotUTF8 = errors.New("form value is not valid UTF-8")

// Messages of CheckFormUTF8's error: for the form and for each field.
const (
	MsgFormNotUTF8  = "Biểu mẫu có ký tự không đọc được (không phải mã UTF-8); những chỗ đó đã được thay bằng dấu �. Vui lòng kiểm tra lại các ô được đánh dấu rồi gửi lại."
	MsgFieldNotUTF8 = "Ô này có ký tự không đọc được (không phải mã UTF-8), đã được thay bằng dấu �. Vui lòng sửa lại."
)

// CheckFormUTF8 checks a parsed form (r.Form, r.PostForm and the values of
// r.MultipartForm) for text that is not valid UTF-8, which no browser
// sends from a UTF-8 page but a script or a misconfigured client may.
// Each invalid sequence is replaced by U+FFFD in place, so that a form
// shown again keeps everything else and marks the spots, and the error is
// apperr.Invalid with MsgFormNotUTF8 and a MsgFieldNotUTF8 per field
// (ErrFormNotUTF8 in its chain; see IsFormNotUTF8). A valid form gives nil.
func CheckFormUTF8(r *http.Request) error {
	fields := map[string]string{}
	fix := func(vals url.Values) {
		for _, k := range slices.Collect(maps.Keys(vals)) {
			vs, name := vals[k], k
			bad := !utf8.ValidString(k)
			if bad {
				name = strings.ToValidUTF8(k, "\uFFFD")
				delete(vals, k)
				vals[name] = append(vals[name], vs...)
				vs = vals[name]
			}
			for i, v := range vs {
				if !utf8.ValidString(v) {
					vs[i] = strings.ToValidUTF8(v, "\uFFFD")
					bad = true
				}
			}
			if bad {
				fields[name] = MsgFieldNotUTF8
			}
		}
	}
	fix(r.Form)
	fix(r.PostForm)
	if r.MultipartForm != nil {
		fix(r.MultipartForm.Value)
	}
	if len(fields) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: MsgFormNotUTF8, Fields: fields, Err: ErrFormNotUTF8}
}

// IsFormNotUTF8 reports whether err is CheckFormUTF8's: the form can be
// shown again with its (repaired) values and the field messages.
func IsFormNotUTF8(err error) bool { return errors.Is(err, ErrFormNotUTF8) }
