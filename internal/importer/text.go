package importer

import (
	"regexp"
	"strings"
	"unicode"

	"trangtin/internal/vi"
)

// Legacy fonts a record's text may be typed in.
const (
	TCVN3 = "TCVN3"
	VNI   = "VNI"
)

// viLatin1 are the Latin-1 letters Unicode Vietnamese uses.
const viLatin1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"

// odd counts the code points U+0080–U+00FF of s that Unicode Vietnamese
// does not use (the no-break space aside), and the letters of s.
func odd(s string) (n, letters int) {
	for _, r := range s {
		switch {
		case r >= 0x80 && r <= 0xFF && r != 0xA0 && !isVILatin1(r):
			n++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return n, letters
}

func isVILatin1(r rune) bool {
	for _, v := range viLatin1 {
		if r == v {
			return true
		}
	}
	return false
}

// vietnameseLetter reports whether r is a letter only Vietnamese written in
// Unicode has (ă đ ĩ ũ ơ ư and the letters of U+1EA0–U+1EF9).
func vietnameseLetter(r rune) bool {
	switch r {
	case 'Ă', 'ă', 'Đ', 'đ', 'Ĩ', 'ĩ', 'Ũ', 'ũ', 'Ơ', 'ơ', 'Ư', 'ư':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}

// DetectLegacy tells whether the texts of one record (its title, lead,
// body …, read together) were typed in a legacy font and pasted as
// Latin-1: TCVN3 (ABC, .VnTime) or VNI (VNI-Times); "" for Unicode. Text
// with any letter only Unicode Vietnamese has is Unicode. It is VNI when
// VNI decoding leaves no code point of U+0080–U+00FF that Unicode
// Vietnamese does not use and makes at least 2 letters, and 1 in 10, of
// the letters only Unicode Vietnamese has; TCVN3 when at least 2, and 1 in
// 10 letters, are such code points.
func DetectLegacy(texts ...string) string {
	n, letters, left, gained := 0, 0, 0, 0
	for _, s := range texts {
		for _, r := range s {
			if vietnameseLetter(r) {
				return ""
			}
		}
		o, l := odd(s)
		n, letters = n+o, letters+l
		v := vi.FromVNI(s)
		o, _ = odd(v)
		left += o
		for _, r := range v {
			if vietnameseLetter(r) {
				gained++
			}
		}
	}
	switch {
	case left == 0 && gained >= 2 && gained*10 >= letters:
		return VNI
	case n >= 2 && n*10 >= letters:
		return TCVN3
	}
	return ""
}

// Unicode reports whether s has a letter only Unicode Vietnamese has, so
// cannot be legacy text (a field typed again later, in Unicode).
func Unicode(s string) bool {
	for _, r := range s {
		if vietnameseLetter(r) {
			return true
		}
	}
	return false
}

// FromLegacy converts s from font (TCVN3, VNI, or "" for none) to Unicode
// NFC.
func FromLegacy(font, s string) string {
	switch font {
	case TCVN3:
		return vi.FromTCVN3(s)
	case VNI:
		return vi.FromVNI(s)
	}
	return vi.NFC(s)
}

var paragraph = regexp.MustCompile(`(?s)<p\b[^>]*>(.*?)</p>\s*`)
var emptyMarkup = regexp.MustCompile(`(?s)<[^>]*>|&nbsp;|&#160;|&#xa0;|\x{00A0}|\s`)

// DropEmptyParagraphs removes the paragraphs of sanitised HTML that show
// nothing (spaces, no-break spaces, empty inline tags: what Word and
// CKEditor leave between paragraphs); a paragraph with a picture, a frame
// or a line break alone is kept.
func DropEmptyParagraphs(html string) string {
	return paragraph.ReplaceAllStringFunc(html, func(p string) string {
		inner := paragraph.FindStringSubmatch(p)[1]
		if strings.Contains(inner, "<img") || strings.Contains(inner, "<iframe") || emptyMarkup.ReplaceAllString(inner, "") != "" {
			return p
		}
		return ""
	})
}
