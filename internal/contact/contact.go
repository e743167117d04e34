// Package contact checks the ways a person leaves to be reached: a phone
// number and an e-mail address. Citizens' questions, comments on draft
// documents and staff accounts all read them by the same rules.
package contact

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"trangtin/internal/vi"
)

// Limits, in characters.
const (
	MaxPhone = 20
	MaxEmail = 254
)

// Messages for a field that is wrong, in the words the citizen forms use.
const (
	MsgPhone = "Số điện thoại chưa đúng, ví dụ: 0912 345 678."
	MsgEmail = "Thư điện tử chưa đúng, ví dụ: ten@example.vn."
)

// phoneRE is a phone number as people write it: digits, with spaces, dots
// or dashes between them, an optional leading "+" (+84 …).
var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 .\-]{7,18}[0-9]$`)

// ValidPhone reports whether s, a cleaned line, is a phone number: 9 to
// 20 characters, digits first and last, a leading "+" allowed.
func ValidPhone(s string) bool {
	return len(s) <= MaxPhone && phoneRE.MatchString(s)
}

// NormalizeEmail returns s trimmed, in NFC and lower case, and whether it
// is an e-mail address: an ASCII local part of at most 64 characters
// without leading, trailing or doubled dots, and a domain of letters,
// digits and hyphens, at most MaxEmail characters in all.
func NormalizeEmail(s string) (string, bool) {
	e := strings.ToLower(strings.TrimSpace(vi.NFC(s)))
	return e, validEmail(e)
}

func validEmail(e string) bool {
	if e == "" || len(e) > MaxEmail || !utf8.ValidString(e) {
		return false
	}
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || at > 64 || at == len(e)-1 {
		return false
	}
	local, domain := e[:at], e[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for _, c := range local {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.ContainsRune(".!#$%&'*+/=?^_`{|}~-", c):
		default:
			return false
		}
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Check reads the phone number and the e-mail address a citizen left,
// either of which may be empty (whether one is required is the form's
// rule). It returns the e-mail address normalised (as given when it is
// wrong) and, under the keys "phone" and "email", a Vietnamese message for
// each one that is wrong; nil when both are right.
func Check(phone, email string) (string, map[string]string) {
	var bad map[string]string
	flag := func(k, msg string) {
		if bad == nil {
			bad = map[string]string{}
		}
		bad[k] = msg
	}
	if phone != "" && !ValidPhone(phone) {
		flag("phone", MsgPhone)
	}
	if email != "" {
		if e, ok := NormalizeEmail(email); ok {
			email = e
		} else {
			flag("email", MsgEmail)
		}
	}
	return email, bad
}
