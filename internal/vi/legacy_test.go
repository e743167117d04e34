package vi

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/testenv"
)

// tcvn3Encoder returns the inverse of FromTCVN3 on single code points
// U+0080–U+00FF: Unicode letter → Latin-1 code point of its TCVN3 byte.
func tcvn3Encoder(t *testing.T) map[string]rune {
	t.Helper()
	enc := map[string]rune{}
	for b := rune(0x80); b <= 0xFF; b++ {
		u := FromTCVN3(string(b)) // 0xA0 and 0xFD (ý) are identities
		if prev, dup := enc[u]; dup {
			t.Errorf("TCVN3 bytes %#x and %#x both decode to %q", prev, b, u)
		}
		enc[u] = b
	}
	return enc
}

// TestTCVN3Coverage checks that every lowercase Vietnamese letter and the
// capitals Ă Â Ê Ô Ơ Ư Đ have a TCVN3 byte, and that encoding then decoding
// them (and text made of them) gives them back.
func TestTCVN3Coverage(t *testing.T) {
	enc := tcvn3Encoder(t)
	var want []rune
	for _, r := range vietnameseLetters() {
		if s := string(r); s == strings.ToLower(s) {
			want = append(want, r)
		}
	}
	want = append(want, []rune("ĂÂÊÔƠƯĐ")...)
	if len(want) != 67+7 {
		t.Fatalf("expected 74 letters, got %d", len(want))
	}
	var text, encoded strings.Builder
	for _, r := range want {
		b, ok := enc[string(r)]
		if !ok {
			t.Errorf("no TCVN3 byte for %q", r)
			continue
		}
		if got := FromTCVN3(string(b)); got != string(r) {
			t.Errorf("FromTCVN3(%q) = %q, want %q", b, got, string(r))
		}
		text.WriteString("x" + string(r))
		encoded.WriteString("x" + string(b))
	}
	if got := FromTCVN3(encoded.String()); got != text.String() {
		t.Errorf("FromTCVN3(all letters) = %q, want %q", got, text.String())
	}
	// Besides those 74, TCVN 5712 places 48 toned capitals in 0x80–0xFF.
	if len(enc) != 128 {
		t.Errorf("bytes 0x80–0xFF decode to %d distinct strings, want 128", len(enc))
	}
}

func TestTCVN3Extra(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ASCII only 123", "ASCII only 123"},
		// Stand-alone tone marks 0xB0–0xB4 compose with the preceding vowel.
		{"a\u00b3 a\u00b0 a\u00b1 a\u00b2 a\u00b4 \u00a9\u00b3", "á à ả ã ạ ấ"},
		// Characters above U+00FF (already Unicode) pass through.
		{"Việt \u00a9", "Việt â"},
		// C0 controls are not decoded.
		{"a\x01b\tc", "a\x01b\tc"},
		{"\xff", "\uFFFD"},
		// .VnTimeH-style text: lowercase codes.
		{"®\u00b9i h\u00e9i", "đại hội"},
	}
	for _, tt := range tests {
		if got := FromTCVN3(tt.in); got != tt.want {
			t.Errorf("FromTCVN3(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTCVN3Iconv compares the table with glibc iconv -f TCVN5712-1 for
// bytes 0x80–0xFF, when iconv is installed.
func TestTCVN3Iconv(t *testing.T) {
	path := testenv.Command(t, "iconv", "libc-bin")
	var in []byte
	for b := 0x80; b <= 0xFF; b++ {
		in = append(in, byte(b), '\n')
	}
	cmd := exec.Command(path, "-f", "TCVN5712-1", "-t", "UTF-8")
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	testenv.Require(t, "iconv with TCVN5712-1 (glibc's gconv modules)", err)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 128 {
		t.Fatalf("iconv returned %d lines, want 128", len(lines))
	}
	for i, line := range lines {
		b := rune(0x80 + i)
		if got, want := FromTCVN3(string(b)), norm.NFC.String(line); got != want {
			t.Errorf("byte %#x: FromTCVN3 = %q, iconv = %q", b, got, want)
		}
	}
}

// vniLetters lists every Vietnamese vowel letter and đ, capitals then small
// letters, in the order of vniCodes (tones: none, sắc, huyền, hỏi, ngã,
// nặng).
const vniLetters = "" +
	"A Á À Ả Ã Ạ Â Ấ Ầ Ẩ Ẫ Ậ Ă Ắ Ằ Ẳ Ẵ Ặ " +
	"E É È Ẻ Ẽ Ẹ Ê Ế Ề Ể Ễ Ệ " +
	"O Ó Ò Ỏ Õ Ọ Ô Ố Ồ Ổ Ỗ Ộ Ơ Ớ Ờ Ở Ỡ Ợ " +
	"U Ú Ù Ủ Ũ Ụ Ư Ứ Ừ Ử Ữ Ự " +
	"I Í Ì Ỉ Ĩ Ị Y Ý Ỳ Ỷ Ỹ Ỵ Đ " +
	"a á à ả ã ạ â ấ ầ ẩ ẫ ậ ă ắ ằ ẳ ẵ ặ " +
	"e é è ẻ ẽ ẹ ê ế ề ể ễ ệ " +
	"o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ " +
	"u ú ù ủ ũ ụ ư ứ ừ ử ữ ự " +
	"i í ì ỉ ĩ ị y ý ỳ ỷ ỹ ỵ đ"

// vniCodes is the VNI-Windows spelling of vniLetters, as published in VNI
// conversion tables, written independently of the decoder's tables.
const vniCodes = "" +
	"A AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË " +
	"E EÙ EØ EÛ EÕ EÏ EÂ EÁ EÀ EÅ EÃ EÄ " +
	"O OÙ OØ OÛ OÕ OÏ OÂ OÁ OÀ OÅ OÃ OÄ Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ " +
	"U UÙ UØ UÛ UÕ UÏ Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ " +
	"I Í Ì Æ Ó Ò Y YÙ YØ YÛ YÕ Î Ñ " +
	"a aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë " +
	"e eù eø eû eõ eï eâ eá eà eå eã eä " +
	"o où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï " +
	"u uù uø uû uõ uï ö öù öø öû öõ öï " +
	"i í ì æ ó ò y yù yø yû yõ î ñ"

func TestVNIAllLetters(t *testing.T) {
	letters, codes := strings.Fields(vniLetters), strings.Fields(vniCodes)
	if len(letters) != 146 || len(codes) != 146 {
		t.Fatalf("%d letters, %d codes, want 146 each", len(letters), len(codes))
	}
	// The letter list is exactly the Vietnamese letters plus the 12 plain
	// vowels A E I O U Y / a e i o u y.
	seen := map[string]bool{}
	for _, l := range letters {
		if !norm.NFC.IsNormalString(l) || seen[l] {
			t.Fatalf("letter list: %q is not NFC or is repeated", l)
		}
		seen[l] = true
	}
	for _, r := range vietnameseLetters() {
		if !seen[string(r)] {
			t.Errorf("letter list misses %q", r)
		}
	}
	var text, encoded strings.Builder
	for i, code := range codes {
		for _, r := range code {
			if r > 0xFF {
				t.Fatalf("VNI code %q is not Latin-1", code)
			}
		}
		if got := FromVNI(code); got != letters[i] {
			t.Errorf("FromVNI(%q) = %q, want %q", code, got, letters[i])
		}
		// In context: after a consonant, before a consonant and a vowel.
		if got, want := FromVNI("ng"+code+"n"+code), "ng"+letters[i]+"n"+letters[i]; got != want {
			t.Errorf("FromVNI(%q) = %q, want %q", "ng"+code+"n"+code, got, want)
		}
		text.WriteString(letters[i])
		encoded.WriteString(code)
	}
	if got := FromVNI(encoded.String()); got != text.String() {
		t.Errorf("FromVNI(all letters) = %q, want %q", got, text.String())
	}
}

func TestVNIExtra(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ASCII only 123", "ASCII only 123"},
		{"ö", "ư"}, {"öï", "ự"}, {"Ngöôøi", "Người"}, {"NGÖÔØI", "NGƯỜI"},
		{"Ñoàng Nai", "Đồng Nai"}, {"Khuyeán", "Khuyến"}, {"Khuyûu", "Khuỷu"},
		// Lenient forms that VNI fonts also render as one letter.
		{"iù", "í"}, {"yï", "ỵ"}, {"IØ", "Ì"},
		// Mark bytes without a suitable vowel pass through.
		{"café", "café"}, {"ù", "ù"}, {"eê", "eê"}, {"uâ", "uâ"}, {"Aù", "Aù"},
		// Unicode text and invalid bytes.
		{"Việt", "Việt"}, {"\xff", "\uFFFD"},
	}
	for _, tt := range tests {
		if got := FromVNI(tt.in); got != tt.want {
			t.Errorf("FromVNI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLegacyOutputIsNFC(t *testing.T) {
	for b := rune(0); b <= 0xFF; b++ {
		for _, s := range []string{string(b), "a" + string(b), "o" + string(b), "ô" + string(b), "A" + string(b)} {
			for name, f := range map[string]func(string) string{"FromTCVN3": FromTCVN3, "FromVNI": FromVNI} {
				got := f(s)
				if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
					t.Errorf("%s(%q) = %q is not valid NFC", name, s, got)
				}
			}
		}
	}
}
