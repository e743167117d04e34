package search

import "strings"

// PackStreams writes a folded stream and an exact-key stream (MakeStreams,
// IndexFields) as one string about as long as the exact stream alone, for
// a store that keeps both for ranking: the nth tokens of both streams are
// written as one token.
//
//   - a token without digits stands for itself in both streams (a word
//     without diacritics);
//   - a token with digits is an exact key whose folded form is the token
//     without its digits (ExactKey writes diacritics as digits:
//     "d9u7o7ng2" is "duong");
//   - a token with digits that is the same in both streams is written
//     "=token" ("=2023");
//   - anything else is written "=folded=exact", either side possibly empty
//     when one stream has more tokens than the other.
//
// UnpackStreams gives back both streams exactly, whatever they hold.
func PackStreams(folded, exact string) string {
	fs, es := strings.Fields(folded), strings.Fields(exact)
	var b strings.Builder
	b.Grow(len(exact) + 2)
	b.WriteByte(' ')
	for i := range max(len(fs), len(es)) {
		var f, e string
		if i < len(fs) {
			f = fs[i]
		}
		if i < len(es) {
			e = es[i]
		}
		switch {
		case f != "" && f == e && !hasDigit(f) && !strings.Contains(f, "="):
			b.WriteString(f)
		case f != "" && hasDigit(e) && !strings.Contains(e, "=") && stripDigits(e) == f:
			b.WriteString(e)
		case f == e:
			b.WriteString("=" + f) // a number: "=2023"
		default:
			b.WriteString("=" + f + "=" + e)
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// UnpackStreams reverses PackStreams. Without wantExact it returns only
// the folded stream (and " " for the exact one), which is cheaper.
func UnpackStreams(packed string, wantExact bool) (folded, exact string) {
	var fb, eb strings.Builder
	fb.Grow(len(packed))
	fb.WriteByte(' ')
	if wantExact {
		eb.Grow(len(packed))
	}
	eb.WriteByte(' ')
	for len(packed) > 0 {
		sp := strings.IndexByte(packed, ' ')
		if sp < 0 {
			sp = len(packed)
		}
		tok := packed[:sp]
		packed = packed[min(sp+1, len(packed)):]
		if tok == "" {
			continue
		}
		f, e := tok, tok
		switch {
		case tok[0] == '=':
			var two bool
			if f, e, two = strings.Cut(tok[1:], "="); !two {
				e = f
			}
		case hasDigit(tok):
			f = stripDigits(tok)
		}
		if f != "" {
			fb.WriteString(f)
			fb.WriteByte(' ')
		}
		if wantExact && e != "" {
			eb.WriteString(e)
			eb.WriteByte(' ')
		}
	}
	return fb.String(), eb.String()
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// stripDigits removes the ASCII digits of s.
func stripDigits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			b = append(b, c)
		}
	}
	return string(b)
}
