package contact

import (
	"strings"
	"testing"
)

func TestValidPhone(t *testing.T) {
	for _, s := range []string{
		"0912345678", "0912 345 678", "0912.345.678", "0912-345-678", // mobile, as people write it
		"+84912345678", "+84 912 345 678", "84912345678", // with the country code
		"02293871234", "0229 387 1234", "0229.3871234", // a landline with its area code (Ninh Bình)
		"1900 1234", "1800 6789", "1900.1234", // hotlines, written with a separator
		"+84 229 387 1234",                            // 17 characters
		"0912345678901234567", "01234567890123456789", // up to 20 characters
	} {
		if !ValidPhone(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{
		"", "0912", "1234567", // too short
		"091234567890123456789", "+84912345678901234567", // past 20 characters
		"0912 345 67a", "O912345678", "(0229) 387 1234", "0912/345/678", // letters, brackets, slashes
		" 0912345678", "0912345678 ", "-0912345678", "0912345678-", "+", "++84912345678", // ends
		"０９１２３４５６７８", // full-width digits
		"0912\u00a0345\u00a0678",
	} {
		if ValidPhone(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"ten@example.vn":                      "ten@example.vn",
		"  Nguyen.Van.A@UBND.GiaVien.gov.VN ": "nguyen.van.a@ubnd.giavien.gov.vn",
		"a+b_c-d@x-y.vn":                      "a+b_c-d@x-y.vn",
		"admin@localhost":                     "admin@localhost",
		strings.Repeat("a", 64) + "@x.vn":     strings.Repeat("a", 64) + "@x.vn",
	} {
		if got, ok := NormalizeEmail(in); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{
		"", "ten", "@example.vn", "ten@", "ten@@example.vn", "ten@example..vn", "ten@-example.vn", "ten@example-.vn",
		".ten@example.vn", "ten.@example.vn", "t..en@example.vn", "tên@example.vn", "ten@ví-dụ.vn", "ten @example.vn",
		"ten@ex_ample.vn", strings.Repeat("a", 65) + "@x.vn", "a@" + strings.Repeat("b", 64) + ".vn",
		"a@" + strings.Repeat(strings.Repeat("b", 60)+".", 5) + "vn", // 309 characters, past MaxEmail
		"\xff@example.vn",
	} {
		if _, ok := NormalizeEmail(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestCheck(t *testing.T) {
	if e, bad := Check("", ""); e != "" || bad != nil {
		t.Errorf("nothing given: %q %v", e, bad)
	}
	if e, bad := Check("0912 345 678", " Ten@Example.VN"); e != "ten@example.vn" || bad != nil {
		t.Errorf("both right: %q %v", e, bad)
	}
	e, bad := Check("0912", "ten@")
	if e != "ten@" || len(bad) != 2 || bad["phone"] != MsgPhone || bad["email"] != MsgEmail {
		t.Errorf("both wrong: %q %v", e, bad)
	}
	if e, bad := Check("abc", ""); e != "" || len(bad) != 1 || bad["phone"] != MsgPhone {
		t.Errorf("phone wrong: %q %v", e, bad)
	}
	if e, bad := Check("", "x"); e != "x" || len(bad) != 1 || bad["email"] != MsgEmail {
		t.Errorf("e-mail wrong: %q %v", e, bad)
	}
}
