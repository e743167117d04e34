package vi

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of s. It is used on both the index side and
// the query side, and it is the first step of Slug. Fold is defined as:
//
//  1. Unicode NFKD (compatibility decomposition);
//  2. delete every code point in U+0300–U+036F (Combining Diacritical
//     Marks), which covers all Vietnamese tone and vowel marks; marks of
//     other scripts are kept;
//  3. map đ U+0111, Đ U+0110 and the look-alikes ð U+00F0, Ð U+00D0 to d;
//  4. simple per-rune lowercasing;
//  5. Unicode NFC.
//
// Everything else (punctuation, digits, spaces, symbols) is kept. Invalid
// UTF-8 bytes become U+FFFD.
//
// Fold does not allocate when s is ASCII without uppercase letters, and
// allocates once for ASCII with uppercase letters and for typical
// Vietnamese text.
func Fold(s string) string {
	// ASCII fast path: NFKD and NFC are the identity on ASCII, so only the
	// lowercasing step has any effect.
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return foldLatin(s, i)
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// foldLatin folds s, whose first non-ASCII byte is at index start, using the
// precomputed per-rune table. If s contains a rune the table does not cover
// (combining marks, other scripts, emoji, invalid UTF-8, ...), it falls back
// to the full algorithm in foldSlow.
func foldLatin(s string, start int) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < start; i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	for i := start; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		f, ok := foldTable.lookup(r)
		if !ok {
			return foldSlow(s)
		}
		if f == "" {
			b.WriteString(s[i : i+n]) // the rune folds to itself
		} else {
			b.WriteString(f)
		}
		i += n
	}
	return b.String()
}

// foldSlow is the literal implementation of the Fold definition. It is the
// reference for the fast paths and is used for input they do not cover.
func foldSlow(s string) string {
	// Replace invalid bytes first: the normaliser does not decompose runes
	// that follow an invalid byte.
	d := norm.NFKD.String(validUTF8(s))
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case r >= 0x0300 && r <= 0x036F:
			continue
		case r == 'đ' || r == 'Đ' || r == 'ð' || r == 'Ð':
			r = 'd'
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// foldRange is a contiguous block of runes with precomputed fold results.
type foldRange struct {
	lo, hi rune     // [lo, hi)
	out    []string // out[r-lo]: folded form, "" if r folds to itself
	ok     []bool   // ok[r-lo]: the entry may be used
}

type foldRanges []foldRange

func (t foldRanges) lookup(r rune) (string, bool) {
	for i := range t {
		if r >= t[i].lo && r < t[i].hi {
			j := r - t[i].lo
			return t[i].out[j], t[i].ok[j]
		}
	}
	return "", false
}

// foldTable covers Latin-1 Supplement, Latin Extended-A and -B, Latin
// Extended Additional (all precomposed Vietnamese letters), General
// Punctuation, superscripts/subscripts and currency symbols (₫).
var foldTable = buildFoldTable(
	[2]rune{0x0080, 0x0250},
	[2]rune{0x1E00, 0x1F00},
	[2]rune{0x2000, 0x20D0},
)

// buildFoldTable computes, with foldSlow itself, the fold of every rune in
// the given ranges, and keeps only the runes for which folding rune by rune
// gives the same result as folding the whole string: runes whose fold is
// pure ASCII, or which fold to themselves and cannot interact with their
// neighbours under NFKD or NFC. A string made of ASCII and such runes
// contains no combining marks, so the normalisation steps cannot reorder or
// compose anything across rune boundaries.
func buildFoldTable(ranges ...[2]rune) foldRanges {
	t := make(foldRanges, 0, len(ranges))
	for _, rg := range ranges {
		fr := foldRange{lo: rg[0], hi: rg[1]}
		fr.out = make([]string, rg[1]-rg[0])
		fr.ok = make([]bool, rg[1]-rg[0])
		for r := rg[0]; r < rg[1]; r++ {
			s := string(r)
			kd := norm.NFKD.PropertiesString(s)
			if kd.CCC() != 0 || kd.LeadCCC() != 0 {
				continue
			}
			f := foldSlow(s)
			j := r - rg[0]
			switch {
			case f == s:
				c := norm.NFC.PropertiesString(s)
				if norm.NFKD.IsNormalString(s) && c.BoundaryBefore() && c.BoundaryAfter() {
					fr.ok[j] = true
				}
			case f != "" && isASCII(f):
				fr.out[j], fr.ok[j] = f, true
			}
		}
		t = append(t, fr)
	}
	return t
}

// validUTF8 returns s with each invalid UTF-8 byte replaced by U+FFFD (as
// a for-range loop decodes it).
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Slug limits: a slug longer than slugMax bytes is cut at the last '-' that
// leaves at least slugMin bytes.
const (
	slugMin = 100
	slugMax = 120
)

// SlugMax is the length in bytes of the longest slug Slug returns.
const SlugMax = slugMax

// NumberedSlug returns the n-th variant of the slug base for n > 1:
// base-2, base-3 … (base itself for n <= 1). When base is so long that
// base-n would pass SlugMax, base is first shortened: at its last '-' that
// keeps the same margin Slug keeps, else at the byte; so the result is at
// most SlugMax bytes and is its own Slug, as every stored slug must be.
func NumberedSlug(base string, n int) string {
	if n <= 1 {
		return base
	}
	suffix := "-" + strconv.Itoa(n)
	if limit := slugMax - len(suffix); len(base) > limit {
		if i := strings.LastIndexByte(base[:limit+1], '-'); i >= limit-(slugMax-slugMin) {
			base = base[:i]
		} else {
			base = strings.TrimRight(base[:limit], "-")
		}
	}
	return base + suffix
}

// Slug returns the URL slug of title: Fold(title), then every maximal run of
// characters outside [a-z0-9] becomes a single '-', and leading and trailing
// '-' are removed. The result matches ^[a-z0-9]+(-[a-z0-9]+)*$, or is empty
// when title has no Latin letters or digits (the caller must handle that).
//
// Slugs longer than 120 bytes are shortened to at most 120 bytes at a '-'
// boundary, keeping at least 100 bytes; if there is no '-' between bytes 100
// and 120, the slug is cut at 120 bytes. Slugs of up to 120 bytes are never
// cut.
func Slug(title string) string {
	f := Fold(title)
	var b strings.Builder
	b.Grow(len(f))
	sep := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteByte(c)
		} else {
			sep = true
		}
	}
	s := b.String()
	if len(s) > slugMax {
		if i := strings.LastIndexByte(s[:slugMax+1], '-'); i >= slugMin {
			s = s[:i]
		} else {
			s = s[:slugMax]
		}
	}
	return s
}
