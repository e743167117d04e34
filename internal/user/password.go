package user

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"trangtin/internal/apperr"
	"trangtin/internal/vi"
)

// Argon2Params are the argon2id cost parameters.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultArgon2 is used for every new hash. Chosen for the small two-core
// server the portal starts on: 64 MiB, 3 passes, 2 lanes (RFC 9106's second
// recommended option, with the lanes matched to the cores).
//
// Measured on a 2-core AMD EPYC VM, Go 1.26, best of 5 on an idle machine:
// m=64 MiB,p=2 with t=2 took 44 ms, t=3 63 ms (chosen), t=4 about 85 ms;
// one t=3 hash costs about 140 ms of CPU over its two lanes. On the same VM
// under a load average of 8, BenchmarkHashPassword reports 150–400 ms, still
// bearable for a sign-in. The Service lets at most GOMAXPROCS hashes run at
// once, so a burst of sign-ins costs at most 2 × 64 MiB of memory and
// queues instead of thrashing.
//
// Raising these later is safe: stored hashes keep their own parameters, and
// NeedsRehash tells the Service to re-hash on the next successful sign-in.
var DefaultArgon2 = Argon2Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}

// Bounds accepted when reading a stored hash, so that a corrupt or hostile
// value cannot make us allocate gigabytes or spin for minutes.
const (
	maxArgonMemory = 1 << 20 // KiB = 1 GiB
	maxArgonTime   = 64
	minSaltLen     = 8
	maxSaltLen     = 64
	minKeyLen      = 16
	maxKeyLen      = 128
)

var errBadHash = errors.New("user: malformed argon2id hash")

// HashPassword hashes password with DefaultArgon2.
func HashPassword(password string) (string, error) { return DefaultArgon2.Hash(password) }

// Hash hashes password (NFC-normalised, so the same Vietnamese password
// typed on different systems matches) with a fresh random salt, and returns
// it in PHC string format: $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>,
// salt and hash in unpadded standard base64.
func (p Argon2Params) Hash(password string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", apperr.Wrap(apperr.Internal, "", err)
	}
	key := argon2.IDKey([]byte(vi.NFC(password)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC-encoded hash,
// comparing in constant time. A malformed hash is an error, never a panic.
func VerifyPassword(password, encoded string) (bool, error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, apperr.Wrap(apperr.Internal, "", err)
	}
	got := argon2.IDKey([]byte(vi.NFC(password)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than
// DefaultArgon2 (or cannot be read) and should be replaced.
func NeedsRehash(encoded string) bool { return DefaultArgon2.NeedsRehash(encoded) }

// NeedsRehash reports whether encoded was made with other parameters than p.
func (p Argon2Params) NeedsRehash(encoded string) bool {
	got, _, _, err := parseHash(encoded)
	return err != nil || got != p
}

// parseHash reads $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func parseHash(encoded string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", errBadHash, parts[2])
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return p, nil, nil, errBadHash
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, errBadHash
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, errBadHash
			}
			p.Threads = uint8(n)
		default:
			return p, nil, nil, errBadHash
		}
	}
	if len(seen) != 3 || p.Threads == 0 || p.Time == 0 || p.Time > maxArgonTime ||
		p.Memory < 8*uint32(p.Threads) || p.Memory > maxArgonMemory {
		return p, nil, nil, fmt.Errorf("%w: parameters out of range", errBadHash)
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return p, nil, nil, fmt.Errorf("%w: bad salt", errBadHash)
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return p, nil, nil, fmt.Errorf("%w: bad hash", errBadHash)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Password policy.
const (
	MinPassword = 10  // characters
	MaxPassword = 256 // characters; longer is refused, not truncated
)

// commonPasswords are refused outright (compared in lower case). The list
// is short on purpose: it catches the passwords people in Vietnamese
// offices actually try first, not a dictionary.
var commonPasswords = map[string]bool{
	"123456789": true, "1234567890": true, "12345678910": true, "0123456789": true,
	"1111111111": true, "123123123123": true, "987654321": true, "9876543210": true,
	"qwerty123456": true, "qwertyuiop": true, "1q2w3e4r5t": true, "abc123456789": true,
	"password123": true, "password1234": true, "passw0rd123": true, "admin12345": true,
	"admin@1234": true, "admin@12345": true, "administrator": true, "abc@123456": true,
	"iloveyou123": true, "matkhau123": true, "matkhau1234": true, "matkhau@123": true,
	"matkhaumoi123": true, "anhyeuem123": true, "emyeuanh123": true, "vietnam123": true,
	"vietnam@123": true, "hanoi123456": true, "ubnd@123456": true, "quantri123": true,
	"quantri@123": true, "trangtin123": true, "bientap123": true,
}

const (
	msgPwShort  = "Mật khẩu phải có ít nhất 10 ký tự."
	msgPwLong   = "Mật khẩu quá dài (tối đa 256 ký tự)."
	msgPwEmail  = "Mật khẩu không được trùng với địa chỉ email."
	msgPwCommon = "Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
)

// ValidatePassword checks password against the policy: at least 10
// characters, at most 256, not the email (or its part before @), not a
// commonly used password and not one character repeated. The error is
// apperr.Invalid with the reason in Vietnamese for the "password" field.
func ValidatePassword(password, email string) error {
	msg := passwordProblem(vi.NFC(password), strings.ToLower(strings.TrimSpace(vi.NFC(email))))
	if msg == "" {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"password": msg}}
}

func passwordProblem(pw, email string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return msgPwShort
	case n > MaxPassword:
		return msgPwLong
	}
	low := strings.ToLower(strings.TrimSpace(pw))
	local, _, _ := strings.Cut(email, "@")
	if email != "" && (low == email || low == local) {
		return msgPwEmail
	}
	if commonPasswords[low] {
		return msgPwCommon
	}
	first, _ := utf8.DecodeRuneInString(low)
	if strings.Trim(low, string(first)) == "" {
		return msgPwCommon
	}
	return ""
}
