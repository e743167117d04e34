package vi

import "strings"

// Text and Line are the one cleaning every service applies to text a
// person or an import hands it, before validating and storing it:
//
//   - bytes that are not UTF-8 are dropped (the HTTP form readers refuse
//     them earlier with a message; this covers imports and other callers);
//   - C0 control characters (U+0000–U+001F: NUL, ESC, the terminal and
//     printer codes) and DEL (U+007F) are dropped: they are invisible, can
//     break a page, a feed, a CSV export or a terminal reading the log,
//     and no keyboard types them into a form. Tab, line feed and carriage
//     return are kept in multi-line text (Text) and become spaces in a
//     single-line field (Line);
//   - the result is in NFC and trimmed of surrounding white space.

// Text cleans a multi-line field (a question, an answer, a comment, an
// abstract, a reason): see above. Clean text is returned unchanged.
func Text(s string) string {
	return strings.TrimSpace(NFC(DropControls(strings.ToValidUTF8(s, ""))))
}

// Line cleans a single-line field (a title, a name, an address, a phone
// number): as Text, with tab, line feed and carriage return turned into
// spaces.
func Line(s string) string {
	return strings.TrimSpace(NFC(lineControls(strings.ToValidUTF8(s, ""))))
}

// isControl reports whether b is a C0 control or DEL. Every byte of a
// multi-byte UTF-8 sequence is >= 0x80, so a byte test finds exactly the
// control characters.
func isControl(b byte) bool { return b < 0x20 || b == 0x7f }

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return true
		}
	}
	return false
}

// DropControls removes the C0 control characters but tab, line feed and
// carriage return, and DEL, from s, and nothing else; without any it
// returns s itself. It is the step of Text that HTML bodies go through
// before sanitising (see content.SanitizeHTML).
func DropControls(s string) string {
	if !hasControl(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\t' || c == '\n' || c == '\r':
			b.WriteByte(c)
		case isControl(c):
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lineControls is DropControls for a single line: tab, line feed and
// carriage return become spaces (a CR LF pair one space).
func lineControls(s string) string {
	if !hasControl(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case c == '\t' || c == '\n' || c == '\r':
			b.WriteByte(' ')
		case isControl(c):
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
