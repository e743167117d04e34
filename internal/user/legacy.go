package user

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Password hashes brought in from another portal. NukeViet 4's Encryption
// class (NukeViet\Core\Encryption::hash_password) writes one of
//
//	{SSHA512}base64(sha512(password+salt) + salt)
//	{SSHA256}base64(sha256(password+salt) + salt)
//	{SSHA}base64(sha1(password+salt) + salt)
//	{SHA}base64(sha1(password))
//	{MD5}base64(md5(password))
//
// where the salt is the bytes after the digest (NukeViet writes 4). Such a
// hash is kept as it is on import, checked once at sign-in (in constant
// time) and replaced by argon2id on the first success, since NeedsRehash
// is true for anything that is not argon2id. NukeViet's unprefixed form is
// an HMAC keyed with the old site's secret key, which an import does not
// carry: it is not accepted.

// NoPassword is stored for an imported account whose old hash could not be
// kept: it matches no password, so the account needs a one-time password
// from an administrator (ResetPassword) before its first sign-in.
const NoPassword = "!"

type legacyScheme struct {
	prefix string
	digest func() hash.Hash
	salted bool
}

var legacySchemes = []legacyScheme{
	{"{SSHA512}", sha512.New, true},
	{"{SSHA256}", sha256.New, true},
	{"{SSHA}", sha1.New, true},
	{"{SHA}", sha1.New, false},
	{"{MD5}", md5.New, false},
}

// maxLegacyHash bounds a stored legacy hash (NukeViet's column is 150).
const maxLegacyHash = 255

// parseLegacy splits a legacy hash into its scheme, digest and salt; ok is
// false for anything that is not exactly one of the forms above.
func parseLegacy(encoded string) (s legacyScheme, digest, salt []byte, ok bool) {
	if len(encoded) > maxLegacyHash {
		return s, nil, nil, false
	}
	for _, s := range legacySchemes {
		rest, found := strings.CutPrefix(encoded, s.prefix)
		if !found {
			continue
		}
		raw, err := base64.StdEncoding.Strict().DecodeString(rest)
		size := s.digest().Size()
		if err != nil || len(raw) < size || (!s.salted && len(raw) != size) || (s.salted && len(raw) == size) {
			return s, nil, nil, false
		}
		return s, raw[:size], raw[size:], true
	}
	return s, nil, nil, false
}

// IsLegacyHash reports whether encoded is a hash of another portal's that
// sign-in can check (one of NukeViet's forms above).
func IsLegacyHash(encoded string) bool {
	_, _, _, ok := parseLegacy(encoded)
	return ok
}

// verifyLegacy checks password against a legacy hash in constant time.
// The password is tried as typed: the old portal hashed the bytes it got.
func verifyLegacy(password, encoded string) (bool, error) {
	s, digest, salt, ok := parseLegacy(encoded)
	if !ok {
		return false, apperr.New(apperr.Internal, "")
	}
	h := s.digest()
	h.Write([]byte(password))
	h.Write(salt)
	return subtle.ConstantTimeCompare(h.Sum(nil), digest) == 1, nil
}

// checkStoredHash verifies password against whatever is stored: argon2id,
// a legacy hash, or NoPassword (never a match). Anything else is an error.
func checkStoredHash(password, encoded string) (bool, error) {
	switch {
	case encoded == NoPassword:
		return false, nil
	case strings.HasPrefix(encoded, "{"):
		return verifyLegacy(password, encoded)
	}
	return VerifyPassword(password, encoded)
}

// ImportedAccount is an account brought in from another portal.
type ImportedAccount struct {
	Email string
	Name  string
	// Hash is the old portal's password hash, kept when IsLegacyHash;
	// anything else (empty included) gives the account NoPassword.
	Hash     string
	Role     Role
	SiteID   int64
	Disabled bool
}

// ImportOutcome says what ImportAccount did.
type ImportOutcome int

const (
	AccountCreated ImportOutcome = iota + 1
	AccountUpdated
)

// ImportAccount creates the account of a, or updates the one with its
// email: the name, the disabled flag and the role on a.SiteID (added, never
// taken away). The stored hash of an existing account is replaced only while
// it is still the imported one (NoPassword or a legacy hash): a password
// set or upgraded here since the first import is kept. The entry au (nil:
// none) is written with the change.
func (s *Service) ImportAccount(ctx context.Context, a ImportedAccount, au *audit.Entry) (User, ImportOutcome, error) {
	fe := fieldErrors{}
	email, err := NormalizeEmail(a.Email)
	fe.add(err)
	name := cleanName(a.Name)
	fe.check(name != "", "name", msgNoName)
	fe.check(utf8.RuneCountInString(name) <= MaxName, "name", msgLongName)
	fe.check(a.Role.Valid(), "role", "Vai trò không hợp lệ.")
	fe.check(a.Role.PlatformWide() == (a.SiteID == 0), "site", msgNeedSite)
	if err := fe.err(); err != nil {
		return User{}, 0, err
	}
	hash := a.Hash
	if !IsLegacyHash(hash) {
		hash = NoPassword
	}
	m := Membership{SiteID: a.SiteID, Role: a.Role}
	now := s.now()
	u, err := s.users.FindUserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		u = User{Email: email, Name: name, PasswordHash: hash, Disabled: a.Disabled, CreatedAt: now, UpdatedAt: now}
		return u, AccountCreated, s.users.CreateUser(ctx, &u, &m, au)
	} else if err != nil {
		return User{}, 0, err
	}
	before := u
	u.Name, u.Disabled = name, a.Disabled
	if u.PasswordHash == NoPassword || IsLegacyHash(u.PasswordHash) {
		u.PasswordHash = hash
	}
	// Unchanged since the last import: not written again (a write moves
	// the account's edit version).
	if u.Name != before.Name || u.Disabled != before.Disabled || u.PasswordHash != before.PasswordHash {
		u.UpdatedAt = now
		if err := s.users.UpdateUser(ctx, &u, au); err != nil {
			return User{}, 0, err
		}
	}
	m.UserID = u.ID
	return u, AccountUpdated, s.users.SetMembership(ctx, m, nil)
}
