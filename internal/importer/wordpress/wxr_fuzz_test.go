package wordpress

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReader reads arbitrary bytes as a WXR file. Properties: reading
// ends (io.EOF or an error; the reader never loops or panics); every
// error is an *Error whose message is Vietnamese (it starts "tệp WXR không
// hợp lệ") and valid UTF-8; and a file that reads whole yields records
// whose text is valid UTF-8 (the XML decoder's guarantee, which the
// importer relies on before the sanitiser).
func FuzzReader(f *testing.F) {
	seed, err := os.ReadFile("testdata/wxr11.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`<?xml version="1.0"?><rss><channel></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>Tin</title></item>`))
	f.Add([]byte(`<html><body>không phải WXR</body></html>`))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1258"?><rss/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		authors, terms, items, _, err := readAll(data)
		if err != nil {
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "tệp WXR không hợp lệ") || !utf8.ValidString(msg) {
				t.Fatalf("error message %q", msg)
			}
			return
		}
		for _, a := range authors {
			if !utf8.ValidString(a.Login + a.DisplayName + a.Email) {
				t.Fatalf("author with invalid UTF-8: %+v", a)
			}
		}
		for _, tm := range terms {
			if !utf8.ValidString(tm.Name + tm.Slug + tm.Parent) {
				t.Fatalf("term with invalid UTF-8: %+v", tm)
			}
		}
		for _, it := range items {
			if !utf8.ValidString(it.Title + it.Content + it.Excerpt) {
				t.Fatalf("item with invalid UTF-8: %q", it.Title)
			}
		}
	})
}
