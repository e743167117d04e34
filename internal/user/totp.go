package user

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"trangtin/internal/apperr"
)

// TOTP as in RFC 6238 with the parameters every authenticator app supports:
// HMAC-SHA-1, 30-second steps, 6 digits.
const (
	TOTPPeriod = 30 // seconds
	TOTPDigits = 6
	// totpSkew is how many steps before and after the current one are
	// accepted, for clocks that drift and people who type slowly.
	totpSkew = 1
	// totpSecretLen is the secret size RFC 4226 recommends: 160 bits.
	totpSecretLen = 20
	minSecretLen  = 10
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

var errBadSecret = errors.New("user: malformed TOTP secret")

// NewTOTPSecret returns a new random 160-bit secret in unpadded base32, the
// form authenticator apps accept when typed in or read from a QR code.
func NewTOTPSecret() (string, error) {
	b := make([]byte, totpSecretLen)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(apperr.Internal, "", err)
	}
	return b32.EncodeToString(b), nil
}

// TOTPURI returns the otpauth:// URI that an authenticator app reads from a
// QR code, e.g. otpauth://totp/Tr%C3%A0ng%20An:bt%40x.vn?secret=…&issuer=….
func TOTPURI(issuer, account, secret string) string {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return "otpauth://totp/" + esc(issuer) + ":" + esc(account) +
		"?secret=" + esc(secret) + "&issuer=" + esc(issuer) +
		"&algorithm=SHA1&digits=6&period=30"
}

func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, secret))
	key, err := b32.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(key) < minSecretLen {
		return nil, errBadSecret
	}
	return key, nil
}

// hotp is RFC 4226's HOTP value for counter, as TOTPDigits decimal digits.
func hotp(key []byte, counter uint64) string {
	mac := hmac.New(sha1.New, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", TOTPDigits, bin%1_000_000)
}

// totpStep is the number of whole periods since the Unix epoch.
func totpStep(at time.Time) int64 { return at.Unix() / TOTPPeriod }

// TOTPCode returns the code for secret at the given time, as an
// authenticator app would show it (for tests and set-up screens).
func TOTPCode(secret string, at time.Time) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", apperr.Wrap(apperr.Invalid, msgBadSecret, err)
	}
	if at.Unix() < 0 {
		return "", apperr.New(apperr.Invalid, msgBadSecret)
	}
	return hotp(key, uint64(totpStep(at))), nil
}

const msgBadSecret = "Mã bí mật xác thực hai lớp không hợp lệ."

// VerifyTOTP reports whether code is the secret's code at the given time or
// one step (30 s) before or after it. Every candidate is computed and
// compared in constant time. It does not guard against replay; the Service
// does, by remembering the last step used.
func VerifyTOTP(secret, code string, at time.Time) bool {
	_, ok := matchTOTP(secret, code, at)
	return ok
}

// matchTOTP returns the latest step within the skew whose code is code.
func matchTOTP(secret, code string, at time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	key, err := decodeSecret(secret)
	if err != nil || len(code) != TOTPDigits || at.Unix() < 0 {
		return 0, false
	}
	for _, c := range []byte(code) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	now := totpStep(at)
	var found int64
	ok := false
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := now + d
		if step < 0 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hotp(key, uint64(step))), []byte(code)) == 1 {
			found, ok = step, true
		}
	}
	return found, ok
}
