package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/vi"
)

// Streams are a text's index forms: its words folded by vi.Fold, and its
// words' exact keys, each a string of tokens separated by single spaces
// (with a space at both ends, so " tok " finds a whole token).
type Streams struct {
	Folded string
	Exact  string
}

// isWordRune reports whether r belongs to a word: letters, digits and
// combining marks (so decomposed input stays one word).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Words splits s into words.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// Fold returns the folded token stream of s.
func Fold(s string) string {
	return stream(Words(vi.Fold(s)))
}

// MakeStreams returns both streams of s.
func MakeStreams(s string) Streams {
	words := Words(s)
	exact := make([]string, 0, len(words))
	for _, w := range words {
		exact = append(exact, ExactKey(w))
	}
	return Streams{Folded: Fold(s), Exact: stream(exact)}
}

func stream(tokens []string) string {
	if len(tokens) == 0 {
		return " "
	}
	return " " + strings.Join(tokens, " ") + " "
}

// ExactKey spells a word with its diacritics as plain letters and digits,
// the tone last, so that both tone placements (hoá / hóa, Thoả / Thỏa)
// give the same key while đường, dương and đương stay apart:
//
//	â ê ô → a6 e6 o6   ă → a8   ơ ư → o7 u7   đ → d9
//	tone: sắc 1, huyền 2, hỏi 3, ngã 4, nặng 5, written at the end.
//
// A word without diacritics is its own key.
func ExactKey(word string) string {
	d := norm.NFD.String(strings.ToLower(word))
	var b strings.Builder
	b.Grow(len(d) + 2)
	var tone byte
	for _, r := range d {
		switch r {
		case '\u0300':
			tone = '2'
		case '\u0301':
			tone = '1'
		case '\u0309':
			tone = '3'
		case '\u0303':
			tone = '4'
		case '\u0323':
			tone = '5'
		case '\u0302':
			b.WriteByte('6')
		case '\u0306':
			b.WriteByte('8')
		case '\u031b':
			b.WriteByte('7')
		case 'đ', 'ð':
			b.WriteString("d9")
		default:
			if r >= 0x300 && r <= 0x36f {
				continue // another language's mark: not part of the key
			}
			b.WriteRune(r)
		}
	}
	if tone != 0 {
		b.WriteByte(tone)
	}
	return b.String()
}
