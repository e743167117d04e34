package vi

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Legacy fonts. Before Unicode, Vietnamese documents were typed in 8-bit
// fonts such as .VnTime (TCVN3/ABC) or VNI-Times (VNI-Windows). When such
// text is copied as plain text, each font byte arrives as the Latin-1 code
// point of the same value (byte 0xE9 becomes U+00E9 'é'). FromTCVN3 and
// FromVNI reverse that.

// FromTCVN3 converts text typed in a TCVN3 (ABC, .VnTime) font and pasted as
// Latin-1 code points to Unicode NFC. Code points U+0080–U+00FF are decoded
// as TCVN 5712:1993 bytes (the table agrees with glibc iconv TCVN5712-1);
// everything else, including ASCII and characters above U+00FF, passes
// through unchanged, except that invalid UTF-8 bytes become U+FFFD.
//
// Note that TCVN3 ư is byte 0xAD, which arrives as U+00AD SOFT HYPHEN: do not
// strip soft hyphens before converting. Text typed in the uppercase-only
// .VnTimeH font is stored with lowercase codes and comes out lowercase.
func FromTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, r := range s {
		if r < 0x100 {
			if m := tcvn3[r]; m != 0 {
				r = m
			}
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// tcvn3 maps TCVN 5712:1993 bytes 0x80–0xFF to Unicode (0 = unmapped, the
// byte passes through). It is the upper half of glibc's TCVN5712-1 table;
// 0xA0 (no-break space) is the identity. 0xB0–0xB4 are the stand-alone tone
// marks, decoded as combining marks that NFC composes with the preceding
// vowel. The C0 positions 0x01–0x17, where TCVN 5712 VN1 puts some capital
// letters, are deliberately not decoded: they are control characters in
// pasted text, and the ABC fonts do not use them.
var tcvn3 = [256]rune{
	0x80: 'À',      // U+00C0 LATIN CAPITAL LETTER A WITH GRAVE
	0x81: 'Ả',      // U+1EA2 LATIN CAPITAL LETTER A WITH HOOK ABOVE
	0x82: 'Ã',      // U+00C3 LATIN CAPITAL LETTER A WITH TILDE
	0x83: 'Á',      // U+00C1 LATIN CAPITAL LETTER A WITH ACUTE
	0x84: 'Ạ',      // U+1EA0 LATIN CAPITAL LETTER A WITH DOT BELOW
	0x85: 'Ặ',      // U+1EB6 LATIN CAPITAL LETTER A WITH BREVE AND DOT BELOW
	0x86: 'Ậ',      // U+1EAC LATIN CAPITAL LETTER A WITH CIRCUMFLEX AND DOT BELOW
	0x87: 'È',      // U+00C8 LATIN CAPITAL LETTER E WITH GRAVE
	0x88: 'Ẻ',      // U+1EBA LATIN CAPITAL LETTER E WITH HOOK ABOVE
	0x89: 'Ẽ',      // U+1EBC LATIN CAPITAL LETTER E WITH TILDE
	0x8A: 'É',      // U+00C9 LATIN CAPITAL LETTER E WITH ACUTE
	0x8B: 'Ẹ',      // U+1EB8 LATIN CAPITAL LETTER E WITH DOT BELOW
	0x8C: 'Ệ',      // U+1EC6 LATIN CAPITAL LETTER E WITH CIRCUMFLEX AND DOT BELOW
	0x8D: 'Ì',      // U+00CC LATIN CAPITAL LETTER I WITH GRAVE
	0x8E: 'Ỉ',      // U+1EC8 LATIN CAPITAL LETTER I WITH HOOK ABOVE
	0x8F: 'Ĩ',      // U+0128 LATIN CAPITAL LETTER I WITH TILDE
	0x90: 'Í',      // U+00CD LATIN CAPITAL LETTER I WITH ACUTE
	0x91: 'Ị',      // U+1ECA LATIN CAPITAL LETTER I WITH DOT BELOW
	0x92: 'Ò',      // U+00D2 LATIN CAPITAL LETTER O WITH GRAVE
	0x93: 'Ỏ',      // U+1ECE LATIN CAPITAL LETTER O WITH HOOK ABOVE
	0x94: 'Õ',      // U+00D5 LATIN CAPITAL LETTER O WITH TILDE
	0x95: 'Ó',      // U+00D3 LATIN CAPITAL LETTER O WITH ACUTE
	0x96: 'Ọ',      // U+1ECC LATIN CAPITAL LETTER O WITH DOT BELOW
	0x97: 'Ộ',      // U+1ED8 LATIN CAPITAL LETTER O WITH CIRCUMFLEX AND DOT BELOW
	0x98: 'Ờ',      // U+1EDC LATIN CAPITAL LETTER O WITH HORN AND GRAVE
	0x99: 'Ở',      // U+1EDE LATIN CAPITAL LETTER O WITH HORN AND HOOK ABOVE
	0x9A: 'Ỡ',      // U+1EE0 LATIN CAPITAL LETTER O WITH HORN AND TILDE
	0x9B: 'Ớ',      // U+1EDA LATIN CAPITAL LETTER O WITH HORN AND ACUTE
	0x9C: 'Ợ',      // U+1EE2 LATIN CAPITAL LETTER O WITH HORN AND DOT BELOW
	0x9D: 'Ù',      // U+00D9 LATIN CAPITAL LETTER U WITH GRAVE
	0x9E: 'Ủ',      // U+1EE6 LATIN CAPITAL LETTER U WITH HOOK ABOVE
	0x9F: 'Ũ',      // U+0168 LATIN CAPITAL LETTER U WITH TILDE
	0xA1: 'Ă',      // U+0102 LATIN CAPITAL LETTER A WITH BREVE
	0xA2: 'Â',      // U+00C2 LATIN CAPITAL LETTER A WITH CIRCUMFLEX
	0xA3: 'Ê',      // U+00CA LATIN CAPITAL LETTER E WITH CIRCUMFLEX
	0xA4: 'Ô',      // U+00D4 LATIN CAPITAL LETTER O WITH CIRCUMFLEX
	0xA5: 'Ơ',      // U+01A0 LATIN CAPITAL LETTER O WITH HORN
	0xA6: 'Ư',      // U+01AF LATIN CAPITAL LETTER U WITH HORN
	0xA7: 'Đ',      // U+0110 LATIN CAPITAL LETTER D WITH STROKE
	0xA8: 'ă',      // U+0103 LATIN SMALL LETTER A WITH BREVE
	0xA9: 'â',      // U+00E2 LATIN SMALL LETTER A WITH CIRCUMFLEX
	0xAA: 'ê',      // U+00EA LATIN SMALL LETTER E WITH CIRCUMFLEX
	0xAB: 'ô',      // U+00F4 LATIN SMALL LETTER O WITH CIRCUMFLEX
	0xAC: 'ơ',      // U+01A1 LATIN SMALL LETTER O WITH HORN
	0xAD: 'ư',      // U+01B0 LATIN SMALL LETTER U WITH HORN
	0xAE: 'đ',      // U+0111 LATIN SMALL LETTER D WITH STROKE
	0xAF: 'Ằ',      // U+1EB0 LATIN CAPITAL LETTER A WITH BREVE AND GRAVE
	0xB0: '\u0300', // U+0300 COMBINING GRAVE ACCENT
	0xB1: '\u0309', // U+0309 COMBINING HOOK ABOVE
	0xB2: '\u0303', // U+0303 COMBINING TILDE
	0xB3: '\u0301', // U+0301 COMBINING ACUTE ACCENT
	0xB4: '\u0323', // U+0323 COMBINING DOT BELOW
	0xB5: 'à',      // U+00E0 LATIN SMALL LETTER A WITH GRAVE
	0xB6: 'ả',      // U+1EA3 LATIN SMALL LETTER A WITH HOOK ABOVE
	0xB7: 'ã',      // U+00E3 LATIN SMALL LETTER A WITH TILDE
	0xB8: 'á',      // U+00E1 LATIN SMALL LETTER A WITH ACUTE
	0xB9: 'ạ',      // U+1EA1 LATIN SMALL LETTER A WITH DOT BELOW
	0xBA: 'Ẳ',      // U+1EB2 LATIN CAPITAL LETTER A WITH BREVE AND HOOK ABOVE
	0xBB: 'ằ',      // U+1EB1 LATIN SMALL LETTER A WITH BREVE AND GRAVE
	0xBC: 'ẳ',      // U+1EB3 LATIN SMALL LETTER A WITH BREVE AND HOOK ABOVE
	0xBD: 'ẵ',      // U+1EB5 LATIN SMALL LETTER A WITH BREVE AND TILDE
	0xBE: 'ắ',      // U+1EAF LATIN SMALL LETTER A WITH BREVE AND ACUTE
	0xBF: 'Ẵ',      // U+1EB4 LATIN CAPITAL LETTER A WITH BREVE AND TILDE
	0xC0: 'Ắ',      // U+1EAE LATIN CAPITAL LETTER A WITH BREVE AND ACUTE
	0xC1: 'Ầ',      // U+1EA6 LATIN CAPITAL LETTER A WITH CIRCUMFLEX AND GRAVE
	0xC2: 'Ẩ',      // U+1EA8 LATIN CAPITAL LETTER A WITH CIRCUMFLEX AND HOOK ABOVE
	0xC3: 'Ẫ',      // U+1EAA LATIN CAPITAL LETTER A WITH CIRCUMFLEX AND TILDE
	0xC4: 'Ấ',      // U+1EA4 LATIN CAPITAL LETTER A WITH CIRCUMFLEX AND ACUTE
	0xC5: 'Ề',      // U+1EC0 LATIN CAPITAL LETTER E WITH CIRCUMFLEX AND GRAVE
	0xC6: 'ặ',      // U+1EB7 LATIN SMALL LETTER A WITH BREVE AND DOT BELOW
	0xC7: 'ầ',      // U+1EA7 LATIN SMALL LETTER A WITH CIRCUMFLEX AND GRAVE
	0xC8: 'ẩ',      // U+1EA9 LATIN SMALL LETTER A WITH CIRCUMFLEX AND HOOK ABOVE
	0xC9: 'ẫ',      // U+1EAB LATIN SMALL LETTER A WITH CIRCUMFLEX AND TILDE
	0xCA: 'ấ',      // U+1EA5 LATIN SMALL LETTER A WITH CIRCUMFLEX AND ACUTE
	0xCB: 'ậ',      // U+1EAD LATIN SMALL LETTER A WITH CIRCUMFLEX AND DOT BELOW
	0xCC: 'è',      // U+00E8 LATIN SMALL LETTER E WITH GRAVE
	0xCD: 'Ể',      // U+1EC2 LATIN CAPITAL LETTER E WITH CIRCUMFLEX AND HOOK ABOVE
	0xCE: 'ẻ',      // U+1EBB LATIN SMALL LETTER E WITH HOOK ABOVE
	0xCF: 'ẽ',      // U+1EBD LATIN SMALL LETTER E WITH TILDE
	0xD0: 'é',      // U+00E9 LATIN SMALL LETTER E WITH ACUTE
	0xD1: 'ẹ',      // U+1EB9 LATIN SMALL LETTER E WITH DOT BELOW
	0xD2: 'ề',      // U+1EC1 LATIN SMALL LETTER E WITH CIRCUMFLEX AND GRAVE
	0xD3: 'ể',      // U+1EC3 LATIN SMALL LETTER E WITH CIRCUMFLEX AND HOOK ABOVE
	0xD4: 'ễ',      // U+1EC5 LATIN SMALL LETTER E WITH CIRCUMFLEX AND TILDE
	0xD5: 'ế',      // U+1EBF LATIN SMALL LETTER E WITH CIRCUMFLEX AND ACUTE
	0xD6: 'ệ',      // U+1EC7 LATIN SMALL LETTER E WITH CIRCUMFLEX AND DOT BELOW
	0xD7: 'ì',      // U+00EC LATIN SMALL LETTER I WITH GRAVE
	0xD8: 'ỉ',      // U+1EC9 LATIN SMALL LETTER I WITH HOOK ABOVE
	0xD9: 'Ễ',      // U+1EC4 LATIN CAPITAL LETTER E WITH CIRCUMFLEX AND TILDE
	0xDA: 'Ế',      // U+1EBE LATIN CAPITAL LETTER E WITH CIRCUMFLEX AND ACUTE
	0xDB: 'Ồ',      // U+1ED2 LATIN CAPITAL LETTER O WITH CIRCUMFLEX AND GRAVE
	0xDC: 'ĩ',      // U+0129 LATIN SMALL LETTER I WITH TILDE
	0xDD: 'í',      // U+00ED LATIN SMALL LETTER I WITH ACUTE
	0xDE: 'ị',      // U+1ECB LATIN SMALL LETTER I WITH DOT BELOW
	0xDF: 'ò',      // U+00F2 LATIN SMALL LETTER O WITH GRAVE
	0xE0: 'Ổ',      // U+1ED4 LATIN CAPITAL LETTER O WITH CIRCUMFLEX AND HOOK ABOVE
	0xE1: 'ỏ',      // U+1ECF LATIN SMALL LETTER O WITH HOOK ABOVE
	0xE2: 'õ',      // U+00F5 LATIN SMALL LETTER O WITH TILDE
	0xE3: 'ó',      // U+00F3 LATIN SMALL LETTER O WITH ACUTE
	0xE4: 'ọ',      // U+1ECD LATIN SMALL LETTER O WITH DOT BELOW
	0xE5: 'ồ',      // U+1ED3 LATIN SMALL LETTER O WITH CIRCUMFLEX AND GRAVE
	0xE6: 'ổ',      // U+1ED5 LATIN SMALL LETTER O WITH CIRCUMFLEX AND HOOK ABOVE
	0xE7: 'ỗ',      // U+1ED7 LATIN SMALL LETTER O WITH CIRCUMFLEX AND TILDE
	0xE8: 'ố',      // U+1ED1 LATIN SMALL LETTER O WITH CIRCUMFLEX AND ACUTE
	0xE9: 'ộ',      // U+1ED9 LATIN SMALL LETTER O WITH CIRCUMFLEX AND DOT BELOW
	0xEA: 'ờ',      // U+1EDD LATIN SMALL LETTER O WITH HORN AND GRAVE
	0xEB: 'ở',      // U+1EDF LATIN SMALL LETTER O WITH HORN AND HOOK ABOVE
	0xEC: 'ỡ',      // U+1EE1 LATIN SMALL LETTER O WITH HORN AND TILDE
	0xED: 'ớ',      // U+1EDB LATIN SMALL LETTER O WITH HORN AND ACUTE
	0xEE: 'ợ',      // U+1EE3 LATIN SMALL LETTER O WITH HORN AND DOT BELOW
	0xEF: 'ù',      // U+00F9 LATIN SMALL LETTER U WITH GRAVE
	0xF0: 'Ỗ',      // U+1ED6 LATIN CAPITAL LETTER O WITH CIRCUMFLEX AND TILDE
	0xF1: 'ủ',      // U+1EE7 LATIN SMALL LETTER U WITH HOOK ABOVE
	0xF2: 'ũ',      // U+0169 LATIN SMALL LETTER U WITH TILDE
	0xF3: 'ú',      // U+00FA LATIN SMALL LETTER U WITH ACUTE
	0xF4: 'ụ',      // U+1EE5 LATIN SMALL LETTER U WITH DOT BELOW
	0xF5: 'ừ',      // U+1EEB LATIN SMALL LETTER U WITH HORN AND GRAVE
	0xF6: 'ử',      // U+1EED LATIN SMALL LETTER U WITH HORN AND HOOK ABOVE
	0xF7: 'ữ',      // U+1EEF LATIN SMALL LETTER U WITH HORN AND TILDE
	0xF8: 'ứ',      // U+1EE9 LATIN SMALL LETTER U WITH HORN AND ACUTE
	0xF9: 'ự',      // U+1EF1 LATIN SMALL LETTER U WITH HORN AND DOT BELOW
	0xFA: 'ỳ',      // U+1EF3 LATIN SMALL LETTER Y WITH GRAVE
	0xFB: 'ỷ',      // U+1EF7 LATIN SMALL LETTER Y WITH HOOK ABOVE
	0xFC: 'ỹ',      // U+1EF9 LATIN SMALL LETTER Y WITH TILDE
	0xFD: 'ý',      // U+00FD LATIN SMALL LETTER Y WITH ACUTE
	0xFE: 'ỵ',      // U+1EF5 LATIN SMALL LETTER Y WITH DOT BELOW
	0xFF: 'Ố',      // U+1ED0 LATIN CAPITAL LETTER O WITH CIRCUMFLEX AND ACUTE
}

// FromVNI converts text typed in a VNI-Windows font (VNI-Times, ...) and
// pasted as Latin-1 code points to Unicode NFC.
//
// VNI writes most letters as an ASCII vowel followed by a mark byte (ộ is
// "oä", ự is "öï"); ư, ơ, đ, the toned i letters and ỵ are single bytes. A
// two-character sequence is tried before a single character: "ö" alone is
// ư but "öï" is ự. Lowercase letters take the lowercase mark bytes and
// capitals the uppercase ones ("AÂ" is Â). As in VNI fonts, a vowel
// followed by a tone mark byte is also accepted for i and ỵ ("iù" is í,
// "yï" is ỵ), although the standard forms are single bytes ("í", "î").
//
// Mark bytes that do not follow a suitable vowel, and all other characters,
// pass through unchanged, except that invalid UTF-8 bytes become U+FFFD.
func FromVNI(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x100 {
			if vniBase[r] && i+n < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[i+n:])
				if r2 < 0x100 {
					if v, ok := vniPairs[vniKey(r, r2)]; ok {
						b.WriteString(v)
						i += n + n2
						continue
					}
				}
			}
			if v := vniSingle[r]; v != "" {
				b.WriteString(v)
				i += n
				continue
			}
		}
		b.WriteRune(r)
		i += n
	}
	return norm.NFC.String(b.String())
}

func vniKey(r1, r2 rune) uint16 { return uint16(r1)<<8 | uint16(r2) }

var (
	vniSingle [256]string       // one VNI character → Unicode NFC
	vniBase   [256]bool         // can start a two-character sequence
	vniPairs  map[uint16]string // vniKey(base, mark) → Unicode NFC
)

func init() {
	// Single characters (lowercase; the capital is the code point 0x20 lower,
	// as in Latin-1).
	singles := []struct {
		vni rune
		uni string
	}{
		{'ö', "ư"}, {'ô', "ơ"}, {'ñ', "đ"},
		{'í', "í"}, {'ì', "ì"}, {'æ', "ỉ"}, {'ó', "ĩ"}, {'ò', "ị"},
		{'î', "ỵ"},
	}
	for _, e := range singles {
		vniSingle[e.vni] = e.uni
		vniSingle[unicode.ToUpper(e.vni)] = strings.ToUpper(e.uni)
	}

	// Mark bytes, as the combining marks they stand for (lowercase forms).
	tones := map[rune]string{
		'ù': "\u0301", // sắc
		'ø': "\u0300", // huyền
		'û': "\u0309", // hỏi
		'õ': "\u0303", // ngã
		'ï': "\u0323", // nặng
	}
	circumflex := map[rune]string{
		'â': "\u0302",
		'á': "\u0302\u0301",
		'à': "\u0302\u0300",
		'å': "\u0302\u0309",
		'ã': "\u0302\u0303",
		'ä': "\u0302\u0323",
	}
	breve := map[rune]string{
		'ê': "\u0306",
		'é': "\u0306\u0301",
		'è': "\u0306\u0300",
		'ú': "\u0306\u0309",
		'ü': "\u0306\u0303",
		'ë': "\u0306\u0323",
	}
	// Bases (lowercase VNI character → Unicode letter) and the marks each
	// one takes.
	bases := []struct {
		vni   rune
		uni   string
		marks []map[rune]string
	}{
		{'a', "a", []map[rune]string{tones, circumflex, breve}},
		{'e', "e", []map[rune]string{tones, circumflex}},
		{'o', "o", []map[rune]string{tones, circumflex}},
		{'u', "u", []map[rune]string{tones}},
		{'y', "y", []map[rune]string{tones}},
		{'i', "i", []map[rune]string{tones}},
		{'ô', "ơ", []map[rune]string{tones}},
		{'ö', "ư", []map[rune]string{tones}},
	}
	vniPairs = make(map[uint16]string, 2*(18+12+12+5*5))
	for _, base := range bases {
		for _, marks := range base.marks {
			for mark, comb := range marks {
				uni := norm.NFC.String(base.uni + comb)
				upper := unicode.ToUpper(base.vni)
				vniPairs[vniKey(base.vni, mark)] = uni
				vniPairs[vniKey(upper, unicode.ToUpper(mark))] = strings.ToUpper(uni)
				vniBase[base.vni], vniBase[upper] = true, true
			}
		}
	}
}
