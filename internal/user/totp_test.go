package user

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

// rfcSecret is the RFC 6238 Appendix B SHA-1 seed, "12345678901234567890".
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestTOTPRFC6238Vectors(t *testing.T) {
	if got := b32.EncodeToString([]byte("12345678901234567890")); got != rfcSecret {
		t.Fatalf("seed encodes as %q", got)
	}
	// The RFC lists 8-digit codes; a 6-digit code is the same number
	// modulo 10^6, i.e. its last six digits.
	vectors := []struct {
		unix  int64
		code8 string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, v := range vectors {
		at := time.Unix(v.unix, 0).UTC()
		want := v.code8[2:]
		got, err := TOTPCode(rfcSecret, at)
		if err != nil || got != want {
			t.Errorf("TOTPCode(T=%d) = %q, %v; want %q", v.unix, got, err, want)
		}
		if !VerifyTOTP(rfcSecret, want, at) {
			t.Errorf("VerifyTOTP(T=%d, %q) = false", v.unix, want)
		}
		// Lower-case secret with spaces, as people type it, works too.
		if !VerifyTOTP(strings.ToLower("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"), want, at) {
			t.Errorf("VerifyTOTP with a spaced lower-case secret failed at T=%d", v.unix)
		}
	}
}

func TestVerifyTOTPWindow(t *testing.T) {
	// 1111111111 is 1 s into its step (37037037 × 30 = 1111111110).
	at := time.Unix(1111111111, 0)
	code := "050471"
	tests := []struct {
		name string
		at   time.Time
		code string
		want bool
	}{
		{"same step", at, code, Y},
		{"end of the same step", at.Add(28 * time.Second), code, Y},
		{"one step later", at.Add(30 * time.Second), code, Y},
		{"one step earlier", at.Add(-30 * time.Second), code, Y},
		{"two steps later", at.Add(60 * time.Second), code, N},
		{"two steps earlier", at.Add(-60 * time.Second), code, N},
		{"spaces are ignored", at, " 050 471 ", Y},
		{"wrong code", at, "050472", N},
		{"five digits", at, "50471", N},
		{"seven digits", at, "0050471", N},
		{"eight-digit RFC form", at, "14050471", N},
		{"letters", at, "05O471", N},
		{"empty", at, "", N},
		{"before the epoch", time.Unix(-10, 0), "000000", N},
	}
	for _, tt := range tests {
		if got := VerifyTOTP(rfcSecret, tt.code, tt.at); got != tt.want {
			t.Errorf("%s: VerifyTOTP = %v, want %v", tt.name, got, tt.want)
		}
	}
	for _, secret := range []string{"", "not base32!", "GEZDGNBV", "GEZDGNBVGY3TQOJ1"} {
		if VerifyTOTP(secret, code, at) {
			t.Errorf("VerifyTOTP accepted the bad secret %q", secret)
		}
		if _, err := TOTPCode(secret, at); err == nil {
			t.Errorf("TOTPCode accepted the bad secret %q", secret)
		}
	}
}

func TestNewTOTPSecret(t *testing.T) {
	a, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	b := testenv.Must(NewTOTPSecret()).Get(t)
	if len(a) != 32 || a == b || strings.ContainsAny(a, "=abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("secrets %q, %q: want 32 upper-case base32 characters, distinct", a, b)
	}
	key, err := decodeSecret(a)
	if err != nil || len(key) != 20 {
		t.Errorf("decodeSecret(%q) = %d bytes, %v", a, len(key), err)
	}
	now := time.Now()
	code, err := TOTPCode(a, now)
	if err != nil || !VerifyTOTP(a, code, now) {
		t.Errorf("own code %q not accepted: %v", code, err)
	}
}

func TestTOTPURI(t *testing.T) {
	got := TOTPURI("Cổng TTĐT Ninh Bình", "bientap@ninhbinh.gov.vn", rfcSecret)
	want := "otpauth://totp/C%E1%BB%95ng%20TT%C4%90T%20Ninh%20B%C3%ACnh:bientap%40ninhbinh.gov.vn" +
		"?secret=" + rfcSecret + "&issuer=C%E1%BB%95ng%20TT%C4%90T%20Ninh%20B%C3%ACnh&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("TOTPURI =\n %s\nwant\n %s", got, want)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || q.Get("issuer") != "Cổng TTĐT Ninh Bình" || q.Get("secret") != rfcSecret {
		t.Errorf("parsed URI: scheme %q host %q query %v", u.Scheme, u.Host, q)
	}
	if u.Path != "/Cổng TTĐT Ninh Bình:bientap@ninhbinh.gov.vn" {
		t.Errorf("label %q", u.Path)
	}
}
