package user

import (
	"context"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
)

// nukevietHashes of the password "Nukeviet#2019" in every form NukeViet's
// Encryption::hash_password writes (salt "3f9c"), computed with Python's
// hashlib, not with this package.
var nukevietHashes = []string{
	"{SSHA512}T1wYetUiZAME0XOVobPBwErdN2RNwZPnIHEQeh+CZsUrH4tpQs8Mi7QaxOlteR7ZZxjWacMTSeI76KJFoafjYjNmOWM=",
	"{SSHA256}uooB9qbyBirwR8nmV/HZU9XN50liu3lykCMAHx5pWXEzZjlj",
	"{SSHA}3mEhsLZeLNPv4yPkEBSJxBzoMpIzZjlj",
	"{SHA}yMvaQhT24syFQ8xCNaFjTssB4s4=",
	"{MD5}SqPwspIu2lyT3gWPWiTF3Q==",
}

const nukevietPassword = "Nukeviet#2019"

func TestLegacyHashesVerify(t *testing.T) {
	for _, h := range nukevietHashes {
		if !IsLegacyHash(h) {
			t.Errorf("%s: not recognised", h)
		}
		if ok := testenv.Must(checkStoredHash(nukevietPassword, h)).Get(t); !ok {
			t.Errorf("%s: right password refused", h)
		}
		if ok := testenv.Must(checkStoredHash("nukeviet#2019", h)).Get(t); ok {
			t.Errorf("%s: wrong password accepted", h)
		}
	}
}

func TestUnknownHashFormsRefused(t *testing.T) {
	for _, h := range []string{
		"{SSHA512}not base64!",
		"{SHA}" + strings.Repeat("A", 8),     // too short for SHA-1
		"{SSHA}3mEhsLZeLNPv4yPkEBSJxBzoMpI=", // a salted form without salt
		"{CRYPT}$1$abc$def",
		"{SSHA1024}AAAA",
		"5f4dcc3b5aa765d61d8327deb882cf99", // bare MD5 hex, or NukeViet's unprefixed HMAC
		"{MD5}" + strings.Repeat("QUFB", 100),
	} {
		if IsLegacyHash(h) {
			t.Errorf("%q: taken as a legacy hash", h)
		}
		if ok, err := checkStoredHash(nukevietPassword, h); ok || err == nil {
			t.Errorf("%q: check gave %v, %v; want a refusal with an error", h, ok, err)
		}
	}
	if ok := testenv.Must(checkStoredHash("", NoPassword)).Get(t); ok {
		t.Error("NoPassword matched the empty password")
	}
}

// A NukeViet editor signs in with the old password: the sign-in succeeds
// and the stored hash becomes argon2id; the old password still works after.
func TestImportedEditorSignsInAndHashIsReplaced(t *testing.T) {
	for _, legacy := range nukevietHashes {
		ctx := context.Background()
		s, st, _ := newTestService()
		u, outcome := importForTest(t, s, legacy)
		if outcome != AccountCreated || st.users[u.ID].PasswordHash != legacy {
			t.Fatalf("%s: imported as %v with hash %q", legacy, outcome, st.users[u.ID].PasswordHash)
		}
		if _, err := s.Authenticate(ctx, "bientap@xa.gov.vn", "wrong password", ""); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("%s: wrong password: %v", legacy, err)
		}
		if got := st.users[u.ID].PasswordHash; got != legacy {
			t.Fatalf("%s: a failed sign-in changed the hash to %q", legacy, got)
		}
		if _, err := s.Authenticate(ctx, "bientap@xa.gov.vn", nukevietPassword, ""); err != nil {
			t.Fatalf("%s: old password refused: %v", legacy, err)
		}
		after := st.users[u.ID].PasswordHash
		if !strings.HasPrefix(after, "$argon2id$") || s.argon.NeedsRehash(after) {
			t.Fatalf("%s: hash not replaced by argon2id: %q", legacy, after)
		}
		if _, err := s.Authenticate(ctx, "bientap@xa.gov.vn", nukevietPassword, ""); err != nil {
			t.Fatalf("%s: sign-in after the upgrade: %v", legacy, err)
		}
		// A second import keeps the upgraded hash.
		if _, outcome := importForTest(t, s, legacy); outcome != AccountUpdated || st.users[u.ID].PasswordHash != after {
			t.Fatalf("%s: re-import gave %v and hash %q", legacy, outcome, st.users[u.ID].PasswordHash)
		}
	}
}

func TestImportedAccountWithUnknownHashCannotSignIn(t *testing.T) {
	s, st, _ := newTestService()
	u, _ := importForTest(t, s, "0123456789abcdef0123456789abcdef01234567")
	if st.users[u.ID].PasswordHash != NoPassword {
		t.Fatalf("hash = %q, want NoPassword", st.users[u.ID].PasswordHash)
	}
	if _, err := s.Authenticate(context.Background(), "bientap@xa.gov.vn", "", ""); !apperr.Is(err, apperr.Unauthorized) {
		t.Fatalf("sign-in: %v, want Unauthorized", err)
	}
}

func importForTest(t *testing.T, s *Service, hash string) (User, ImportOutcome) {
	t.Helper()
	u, outcome, err := s.ImportAccount(context.Background(), ImportedAccount{
		Email: "BienTap@xa.gov.vn", Name: "Trần Văn Biên", Hash: hash, Role: RoleEditor, SiteID: 1,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u, outcome
}
