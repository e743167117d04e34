package content

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSanitizeHTML: whatever an editor pastes, the sanitised body holds no
// script, no event handler and no javascript: link, and sanitising it
// again changes nothing.
func FuzzSanitizeHTML(f *testing.F) {
	for _, s := range []string{
		"<p>Ủy ban nhân dân huyện <b>Gia Viễn</b></p>",
		`<img src="/anh/a.jpg" onerror="alert(1)"><a href="javascript:alert(1)">x</a>`,
		"<script>alert(1)</script><p>sau</p>",
		`<table><tr><td colspan="2">Ô</td></tr></table>`,
		`<a href="https://example.vn" target="_blank">liên kết</a>`,
		"<svg><script>x</script></svg><math><mi>x</mi></math>",
		"<p style=\"color:red\">đỏ</p><iframe src=\"//x\"></iframe>",
	} {
		f.Add(s)
	}
	handler := regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	scriptURL := regexp.MustCompile(`(?i)<[^>]*javascript:`) // in a tag; as text it is harmless
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeHTML(in)
		lower := strings.ToLower(out)
		if strings.Contains(lower, "<script") || scriptURL.MatchString(out) || handler.MatchString(out) {
			t.Fatalf("SanitizeHTML(%q) = %q: a script survived", in, out)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("SanitizeHTML(%q) = %q: not UTF-8", in, out)
		}
		if again := SanitizeHTML(out); again != out {
			t.Fatalf("not idempotent:\n in   %q\n out  %q\n again %q", in, out, again)
		}
	})
}

// FuzzParseImportLine: any line of an import file is either a record with
// a title and a URL, or a Vietnamese error; it never panics.
func FuzzParseImportLine(f *testing.F) {
	for _, s := range []string{
		`{"url":"https://giavien.gov.vn/tin-tuc/a","title":"Hội nghị","date":"2026-11-30","author":"A","category":"Tin tức","body":"<p>x</p>"}`,
		`{"url":"x","title":""}`,
		`{"url":"https://a.vn/b","title":"T","date":"30/11/2026"}`,
		`{} {}`, `[1,2]`, `"chuỗi"`, `{"title":null}`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		rec, err := ParseImportLine(line)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if strings.TrimSpace(rec.Title) == "" || strings.TrimSpace(rec.URL) == "" {
			t.Fatalf("accepted %q with title %q and URL %q", line, rec.Title, rec.URL)
		}
	})
}
