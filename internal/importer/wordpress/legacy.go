package wordpress

import (
	"strings"
	"unicode/utf8"

	"trangtin/internal/vi"
)

// Legacy Vietnamese: text typed in a TCVN3 (.VnTime) or VNI font and
// pasted as Latin-1 letters ("Th«ng b¸o" for "Thông báo"). unlegacy tells it
// from Unicode text and converts it with internal/vi.

// vnLetters are the letters of Vietnamese with a diacritic in U+0080–U+00FF.
const vnLetters = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"

// vietnameseOnly counts the letters only Vietnamese writes (ă đ ơ ư and the
// toned vowels of Latin Extended Additional).
func vietnameseOnly(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9, r == 'ă', r == 'Ă', r == 'đ', r == 'Đ', r == 'ơ', r == 'Ơ', r == 'ư', r == 'Ư', r == 'ĩ', r == 'Ĩ', r == 'ũ', r == 'Ũ':
			n++
		}
	}
	return n
}

// stray counts the characters of U+0080–U+00FF that no Vietnamese word
// has («, ¸, ¬, µ …): where TCVN3 bytes land.
func stray(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x80 && r <= 0xFF && !strings.ContainsRune(vnLetters, r) {
			n++
		}
	}
	return n
}

// unlegacy returns s converted to Unicode and the name of the legacy
// encoding it was in, or s and "" when it is not legacy text. Text with a
// letter only Vietnamese writes is Unicode already. TCVN3 text has stray
// Latin-1 signs that its conversion turns into Vietnamese letters; VNI
// text is plain Latin-1 letters that its conversion turns into letters
// only Vietnamese writes.
func unlegacy(s string) (string, string) {
	if !utf8.ValidString(s) || vietnameseOnly(s) > 0 {
		return s, ""
	}
	tcvn3 := func() (string, bool) {
		n := stray(s)
		out := vi.FromTCVN3(s)
		return out, n >= 2 && stray(out)*4 <= n && vietnameseOnly(out)+countVN(out) > countVN(s)
	}
	vni := func() (string, bool) {
		out := vi.FromVNI(s)
		return out, vietnameseOnly(out) >= 2 && stray(out) == 0
	}
	if marksAfterVowels(s) {
		if out, ok := vni(); ok {
			return out, "VNI"
		}
	}
	if out, ok := tcvn3(); ok {
		return out, "TCVN3"
	}
	if out, ok := vni(); ok {
		return out, "VNI"
	}
	return s, ""
}

// marksAfterVowels: most Latin-1 letters of s follow an ASCII vowel, as
// VNI writes a toned vowel (a base letter and a mark byte); TCVN3 writes
// one byte a letter.
func marksAfterVowels(s string) bool {
	var prev rune
	after, all := 0, 0
	for _, r := range s {
		if r >= 0x80 && r <= 0xFF {
			all++
			if strings.ContainsRune("aeiouyAEIOUY", prev) {
				after++
			}
		}
		prev = r
	}
	return all > 0 && after*5 >= all*4
}

func countVN(s string) int {
	n := 0
	for _, r := range s {
		if strings.ContainsRune(vnLetters, r) {
			n++
		}
	}
	return n
}
