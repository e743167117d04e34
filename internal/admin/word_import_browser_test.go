package admin

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
)

// TestBrowserWordImport imports a .docx with two pictures and a table
// into a draft in a real browser, on a desktop (1366×768) and a phone
// (390×844): the import form, the pictures' descriptions (refused
// submission included) and the editor showing the table and both
// pictures, with axe-core on each page.
func TestBrowserWordImport(t *testing.T) {
	f := newWordFixture(t)
	lib := f.srv.media
	mux := http.NewServeMux()
	mux.Handle("/", f.h)
	// The photos, as the public site serves them.
	mux.HandleFunc("GET "+media.ImagePathPrefix, func(w http.ResponseWriter, r *http.Request) {
		it, rc, _, err := lib.OpenImage(r.Context(), strings.TrimPrefix(r.URL.Path, media.ImagePathPrefix))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer rc.Close()
		w.Header().Set("Content-Type", it.ContentType)
		io.Copy(w, rc)
	})
	srv := httptest.NewServer(httpx.SecurityHeaders(mux))
	defer srv.Close()
	doc := base64.StdEncoding.EncodeToString(wordFixture(t))

	b := browsertest.New(t)
	p := signInWith(t, b, srv.URL, f.reporter.Email)
	for _, size := range []struct {
		name string
		w, h int
	}{{"may-tinh", 1366, 768}, {"dien-thoai", 390, 844}} {
		if size.w < 500 {
			p.SetMobileViewport(size.w, size.h)
		} else {
			p.SetViewport(size.w, size.h)
		}
		p = b.Visit(srv.URL + pathWordImport)
		if h1 := p.Text("h1"); h1 != "Nhập từ tệp Word" || p.Status != http.StatusOK {
			t.Fatalf("import page: %d %q", p.Status, h1)
		}
		var overflow bool
		p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s: the import page scrolls sideways", size.name)
		}
		p.Screenshot("nhap-word-" + size.name)
		p.AssertNoAxeViolations()

		p.Eval(`(() => {
			const bytes = Uint8Array.from(atob('`+doc+`'), c => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'bai-viet.docx', {type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'}));
			document.getElementById('file').files = dt.files;
			document.getElementById('category').value = '`+strconv.FormatInt(f.cat.ID, 10)+`';
			return true; })()`, nil)
		p = p.ClickAndWait(`form[action="/quan-tri/bai-viet/nhap-word"] button[type=submit]`)

		// The pictures' descriptions: the first from Word, the second to write.
		if notice := p.Text(".notice"); !strings.Contains(notice, "Đã nhập tệp Word thành bài nháp") || !strings.Contains(notice, "với 2 ảnh") {
			t.Fatalf("%s: after import: %q", size.name, notice)
		}
		var loaded struct{ N int }
		p.Wait(`(() => { const i = [...document.querySelectorAll('.word-image img')]; return i.length === 2 && i.every(x => x.complete) && {N: i.filter(x => x.naturalWidth > 0).length}; })()`, &loaded)
		if loaded.N != 2 {
			t.Errorf("%s: %d pictures shown, want 2", size.name, loaded.N)
		}
		var first string
		p.Eval(`document.getElementById('alt-0').value`, &first)
		if first != "Nhân dân thôn Tập Ninh ra quân làm đường" {
			t.Errorf("%s: first description %q", size.name, first)
		}
		p.Screenshot("nhap-word-mo-ta-anh-" + size.name)
		p.AssertNoAxeViolations()

		// Submitting with the second picture undescribed is refused.
		p = p.ClickAndWait(`button[name=gui]`)
		if msg := p.Text(".alert"); !strings.Contains(msg, "còn 1 ảnh chưa có mô tả") {
			t.Fatalf("%s: refusal %q", size.name, msg)
		}
		p.Screenshot("nhap-word-thieu-mo-ta-" + size.name)
		p.AssertNoAxeViolations()

		fill(t, p, map[string]string{"alt-1": "Con đường bê tông mới qua cánh đồng"})
		p = p.ClickAndWait(`.actions button:not([name])`)

		// The editor shows the table and both pictures.
		var got struct {
			Tables, Images, Described int
			Heading                   string
		}
		p.Wait(`(() => { const a = document.querySelector('.editor-area'); return a && {
			Tables: a.querySelectorAll('table').length, Images: a.querySelectorAll('img').length,
			Described: [...a.querySelectorAll('img')].filter(i => i.alt.trim() !== '').length,
			Heading: (a.querySelector('h2') || {}).textContent || '' }; })()`, &got)
		if got.Tables != 1 || got.Images != 2 || got.Described != 2 || got.Heading != "Kết quả sau một tháng" {
			t.Errorf("%s: the editor shows %+v", size.name, got)
		}
		var title string
		p.Eval(`document.getElementById('title').value`, &title)
		if title != "Xã Gia Hưng ra quân làm đường giao thông nông thôn" {
			t.Errorf("%s: title %q", size.name, title)
		}
		p.Screenshot("nhap-word-soan-thao-" + size.name)
	}
}
