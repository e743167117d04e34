package user

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
)

func TestHashRoundTripDefault(t *testing.T) {
	start := time.Now()
	h, err := HashPassword("Trời hôm nay đẹp quá")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one hash with DefaultArgon2 took %v", time.Since(start))
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=3,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Fatalf("hash %q is not in the expected PHC form", h)
	}
	if ok, err := VerifyPassword("Trời hôm nay đẹp quá", h); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, err := VerifyPassword("Trời hôm nay đẹp quá!", h); ok || err != nil {
		t.Errorf("wrong password: %v, %v", ok, err)
	}
	if NeedsRehash(h) {
		t.Error("a fresh default hash needs no rehash")
	}
	h2 := testenv.Must(HashPassword("Trời hôm nay đẹp quá")).Get(t)
	if h2 == h {
		t.Error("two hashes of one password must differ (random salt)")
	}
}

func TestHashNFC(t *testing.T) {
	pw := "Mật khẩu của tôi"
	h, err := cheapArgon.Hash(norm.NFD.String(pw))
	if err != nil {
		t.Fatal(err)
	}
	if ok := testenv.Must(VerifyPassword(norm.NFC.String(pw), h)).Get(t); !ok {
		t.Error("the same Vietnamese password in NFC and NFD must match")
	}
}

func TestNeedsRehash(t *testing.T) {
	old, err := cheapArgon.Hash("một mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	if !NeedsRehash(old) {
		t.Error("hash with other parameters must need a rehash")
	}
	if cheapArgon.NeedsRehash(old) {
		t.Error("hash with the same parameters must not need a rehash")
	}
	stronger := cheapArgon
	stronger.Time++
	if !stronger.NeedsRehash(old) {
		t.Error("raising t must trigger a rehash")
	}
	longerKey := cheapArgon
	longerKey.KeyLen = 64
	if !longerKey.NeedsRehash(old) {
		t.Error("changing the key length must trigger a rehash")
	}
	if !NeedsRehash("") || !NeedsRehash("$2a$10$abcdefghijklmnopqrstuv") {
		t.Error("unreadable or foreign hashes must need a rehash")
	}
}

func TestParseHashErrors(t *testing.T) {
	const salt, key = "c2FsdHNhbHRzYWx0c2FsdA", "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
	bad := []string{
		"",
		"$",
		"$$$$$",
		"$argon2id",
		"$argon2id$",
		"argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,x=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,m=64,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=-1,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=abc,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1000000,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=300$" + salt + "$" + key,
		"$argon2id$v=19$m=8,t=1,p=4$" + salt + "$" + key,
		"$argon2id$v=19$m=64 ,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key,                    // salt too short
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$aGFzaA",              // hash too short
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,            // padded
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$",        // extra field
		"$argon2id$v=19$m=64,t=1,p=1$sa!t$" + key,                      // not base64
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:len(key)-1], // truncated
		"$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 200) + "$" + key,
	}
	for _, h := range bad {
		if _, _, _, err := parseHash(h); err == nil {
			t.Errorf("parseHash(%q) succeeded", h)
		}
		ok, err := VerifyPassword("whatever", h)
		if ok || err == nil || apperr.CodeOf(err) != apperr.Internal {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false and an internal error", h, ok, err)
		}
		if !NeedsRehash(h) {
			t.Errorf("NeedsRehash(%q) = false", h)
		}
	}
	good := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key
	if _, _, _, err := parseHash(good); err != nil {
		t.Errorf("parseHash(%q): %v", good, err)
	}
}

func FuzzParseHash(f *testing.F) {
	f.Add("$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$")
	f.Add("$$$$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := parseHash(s)
		if err != nil {
			return
		}
		if p.Memory > maxArgonMemory || p.Time > maxArgonTime || p.Threads == 0 ||
			len(salt) < minSaltLen || len(key) < minKeyLen {
			t.Errorf("parseHash(%q) accepted out-of-range values %+v", s, p)
		}
	})
}

func TestValidatePassword(t *testing.T) {
	const email = "bientap@ubnd.gov.vn"
	tests := []struct {
		pw   string
		want string // "" means accepted
	}{
		{"Trời hôm nay đẹp quá", ""},
		{"abcdefghij", ""}, // exactly 10
		{"đâyđủmườiý", ""}, // 10 characters, more bytes
		{"abcdefghi", msgPwShort},
		{"Đẹp quá!", msgPwShort},
		{"123456789", msgPwShort},
		{"", msgPwShort},
		{strings.Repeat("x", 256) + "y", msgPwLong},
		{"bientap@ubnd.gov.vn", msgPwEmail},
		{"BienTap@UBND.gov.vn", msgPwEmail},
		{"matkhau123", msgPwCommon},
		{"MatKhau123", msgPwCommon},
		{"1234567890", msgPwCommon},
		{"matkhau@123", msgPwCommon},
		{"Admin@12345", msgPwCommon},
		{"aaaaaaaaaaaa", msgPwCommon},
		{"............", msgPwCommon},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw, email)
		if tt.want == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q): %v", tt.pw, err)
			}
			continue
		}
		if !apperr.Is(err, apperr.Invalid) || apperr.MessageOf(err) != tt.want {
			t.Errorf("ValidatePassword(%q) = %v, want %q", tt.pw, err, tt.want)
			continue
		}
		if e := err.(*apperr.Error); e.Fields["password"] != tt.want {
			t.Errorf("ValidatePassword(%q) fields = %v", tt.pw, e.Fields)
		}
	}
	// Equal to the part of the email before @, when that is long enough.
	if err := ValidatePassword("nguyenvanan", "nguyenvanan@ninhbinh.gov.vn"); apperr.MessageOf(err) != msgPwEmail {
		t.Errorf("local part as password: %v", err)
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{" BienTap@UBND.NinhBinh.Gov.VN ", "bientap@ubnd.ninhbinh.gov.vn", Y},
		{"admin@localhost", "admin@localhost", Y},
		{"nguyen.van-an+tin_bai@so-tttt.vn", "nguyen.van-an+tin_bai@so-tttt.vn", Y},
		{"", "", N},
		{"bientap", "", N},
		{"@ubnd.gov.vn", "", N},
		{"bientap@", "", N},
		{"bien tap@ubnd.gov.vn", "", N},
		{"bien@tap@ubnd.gov.vn", "", N},
		{".bientap@ubnd.gov.vn", "", N},
		{"bien..tap@ubnd.gov.vn", "", N},
		{"bientap@ubnd..gov.vn", "", N},
		{"bientap@-ubnd.gov.vn", "", N},
		{"bientap@ubnd.gov.vn.", "", N},
		{"biêntập@ubnd.gov.vn", "", N},
		{"bientap@ubnd.gov.vn<script>", "", N},
		{"bientap@ubnd_gov.vn", "", N},
		{strings.Repeat("a", 65) + "@x.vn", "", N},
		{"a@" + strings.Repeat("b", 64) + ".vn", "", N},
		{"a@" + strings.Repeat("bbbbbbbbb.", 26) + "vn", "", N},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want invalid", tt.in, got, err)
			continue
		}
		if msg := apperr.MessageOf(err); !strings.HasPrefix(msg, "Địa chỉ email không hợp lệ") {
			t.Errorf("NormalizeEmail(%q) message %q", tt.in, msg)
		}
		if e := err.(*apperr.Error); e.Fields["email"] == "" {
			t.Errorf("NormalizeEmail(%q) has no field message", tt.in)
		}
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("Trời hôm nay đẹp quá"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyPassword(b *testing.B) {
	h := testenv.Must(HashPassword("Trời hôm nay đẹp quá")).Get(b)
	for b.Loop() {
		if ok := testenv.Must(VerifyPassword("Trời hôm nay đẹp quá", h)).Get(b); !ok {
			b.Fatal("no match")
		}
	}
}
