package admin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/newsroom"
)

// signInWith signs in through the form of the sign-in page.
func signInWith(t *testing.T, b *browsertest.Browser, base, email string) *browsertest.Page {
	t.Helper()
	p := b.Visit(base + pathLogin)
	fill(t, p, map[string]string{"email": email, "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	p.Text(".user-name")
	return p
}

// TestBrowserNewsroom runs the article list, the editor and the inbox in
// a real browser under the program's CSP, with axe-core (WCAG 2.1 A/AA) on
// each, on a desktop and a phone; and writes an article in the WYSIWYG
// editor, with a paste from a web page, and checks what was saved.
func TestBrowserNewsroom(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	f.article(f.reporter, content.StatusReturned, "Hội nghị tổng kết công tác năm 2024")
	f.article(f.reporter2, content.StatusSubmitted, "Đón bằng công nhận xã đạt chuẩn nông thôn mới")
	f.article(f.reporter2, content.StatusPublished, "Khánh thành cầu Gián Khẩu")
	a, err := f.news.Create(ctx, f.actor(f.reporter), f.siteA.ID, newsroom.Draft{CategoryID: f.cat.ID, Title: "Tăng cường phòng chống dịch bệnh trên đàn gia súc", Body: "<p>Trước diễn biến thời tiết…</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.news.Submit(ctx, f.actor(f.reporter), f.siteA.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.news.PassToApproval(ctx, f.actor(f.editor), f.siteA.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	// A stand-in for the upload endpoint of media.go, answering as it
	// will: the photo's URLs and size, or an error message.
	var uploads atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/", f.h)
	mux.Handle("POST "+pathUpload, http.NewCrossOriginProtection().Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		file, _, err := r.FormFile("file")
		if err != nil || r.FormValue("alt") == "" {
			w.WriteHeader(http.StatusUnprocessableEntity)
			w.Write([]byte(`{"error":{"message":"Thiếu ảnh hoặc mô tả."}}`))
			return
		}
		file.Close()
		uploads.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"url": "/anh/ab/cd-960.jpg", "srcset": "/anh/ab/cd-480.jpg 480w, /anh/ab/cd-960.jpg 960w",
			"width": 960, "height": 640, "alt": r.FormValue("alt")})
	})))
	srv := httptest.NewServer(httpx.SecurityHeaders(mux))
	defer srv.Close()

	b := browsertest.New(t)
	p := signInWith(t, b, srv.URL, f.reporter.Email)

	p = b.Visit(srv.URL + pathArticles + "/")
	if h1 := p.Text("h1"); h1 != "Bài viết" || p.Status != http.StatusOK {
		t.Fatalf("article list: %d %q", p.Status, h1)
	}
	var rows int
	p.Eval(`document.querySelectorAll('.article-item').length`, &rows)
	if rows != 4 {
		t.Errorf("the list shows %d articles, want 4", rows)
	}
	p.Screenshot("bai-viet")
	p.AssertNoAxeViolations()

	// The editor: the textarea becomes a WYSIWYG editor.
	p = b.Visit(srv.URL + pathNewArticle)
	var on bool
	p.Eval(`document.querySelector('.editor').classList.contains('editor-on') && getComputedStyle(document.getElementById('body')).display === 'none' && !!document.querySelector('.editor-area[contenteditable=true]')`, &on)
	if !on {
		t.Fatal("the WYSIWYG editor did not start (CSP or script error?)")
	}
	p.Screenshot("viet-bai-moi")
	p.AssertNoAxeViolations()

	// Saving without a category shows the problems, accessibly, and keeps
	// what was typed.
	fill(t, p, map[string]string{"title": "Người dân phấn khởi đón Tết"})
	p.Eval(`(() => { const a = document.querySelector('.editor-area'); a.focus(); document.execCommand('insertText', false, 'Xuân về trên quê hương.'); return true; })()`, nil)
	p = p.ClickAndWait(".action-bar button.button")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "Vui lòng chọn chuyên mục.") {
		t.Fatalf("error summary: %q", msg)
	}
	var kept string
	p.Eval(`document.querySelector('.editor-area').innerText + '|' + document.getElementById('title').value`, &kept)
	if kept != "Xuân về trên quê hương.|Người dân phấn khởi đón Tết" {
		t.Errorf("after the error the form holds %q", kept)
	}
	p.Screenshot("viet-bai-loi")
	p.AssertNoAxeViolations()

	// Type on, in bold, paste from a web page, and save.
	fill(t, p, map[string]string{"category": strconv.FormatInt(f.cat.ID, 10), "author": "Kim Thoả"})
	p.Eval(`(() => {
		const a = document.querySelector('.editor-area');
		a.focus();
		const r = document.createRange(); r.selectNodeContents(a); r.collapse(false);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		document.execCommand('insertParagraph');
		return true; })()`, nil)
	p.Click(`.editor-toolbar button[aria-label="Chữ đậm"]`)
	p.Eval(`document.execCommand('insertText', false, 'Chợ hoa rực rỡ.')`, nil)
	var pressed string
	p.Eval(`document.querySelector('.editor-toolbar button[aria-label="Chữ đậm"]').getAttribute('aria-pressed')`, &pressed)
	if pressed != "true" {
		t.Errorf("the bold button is not shown pressed: %q", pressed)
	}
	p.Click(`.editor-toolbar button[aria-label="Chữ đậm"]`)
	p.Eval(`(() => {
		const dt = new DataTransfer();
		dt.setData('text/html', '<meta charset="utf-8"><p class="MsoNormal" style="color:red" onclick="alert(1)">Bà con <span style="mso-bidi-font-weight:bold">vui mừng</span></p><script>alert(2)</script><img src="https://tracker.example/1x1.gif" width="1" height="1">');
		dt.setData('text/plain', 'Bà con vui mừng');
		document.querySelector('.editor-area').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
		return true; })()`, nil)
	if st := p.Text(".editor-status"); !strings.Contains(st, "Đã bỏ 1 ảnh") {
		t.Errorf("paste status: %q", st)
	}

	// Insert a photo through the upload panel.
	p.Click(`.editor-toolbar button[aria-expanded]`)
	p.Eval(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'hoi-cho.png', {type: 'image/png'}));
		const input = document.querySelector('.editor-upload input[type=file]');
		input.files = dt.files;
		document.querySelector('.editor-upload input[type=text]').value = 'Gian hàng hội chợ Xuân';
		return true; })()`, nil)
	p.AssertNoAxeViolations()
	p.Click(".editor-upload-actions .button")
	p.Wait(`(s => s.classList.contains('editor-status-error') || s.textContent.includes('Đã chèn ảnh'))(document.querySelector('.editor-status'))`, nil)
	if st := p.Text(".editor-status"); st != "Đã chèn ảnh." || uploads.Load() != 1 {
		t.Errorf("upload: status %q, %d uploads", st, uploads.Load())
	}
	p.Screenshot("soan-thao")
	p = p.ClickAndWait(".action-bar button.button")
	if notice := p.Text(".notice"); !strings.Contains(notice, "Đã tạo bài viết") {
		t.Fatalf("after saving: %q", notice)
	}
	var path string
	p.Eval(`location.pathname`, &path)
	id, err := strconv.ParseInt(strings.TrimPrefix(path, pathArticles+"/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the browser is on %q", path)
	}
	saved := f.find(id)
	for _, want := range []string{"Xuân về trên quê hương.", "<b>Chợ hoa rực rỡ.</b>", "Bà con vui mừng",
		`<img src="/anh/ab/cd-960.jpg" srcset="/anh/ab/cd-480.jpg 480w, /anh/ab/cd-960.jpg 960w"`, `alt="Gian hàng hội chợ Xuân"`} {
		if !strings.Contains(saved.Body, want) {
			t.Errorf("saved body lacks %q: %s", want, saved.Body)
		}
	}
	for _, bad := range []string{"script", "alert", "onclick", "style", "tracker", "Mso"} {
		if strings.Contains(saved.Body, bad) {
			t.Errorf("saved body keeps %q: %s", bad, saved.Body)
		}
	}
	if saved.Title != "Người dân phấn khởi đón Tết" || saved.Author != "Kim Thoả" || saved.OwnerID != f.reporter.ID {
		t.Errorf("saved article: %+v", saved)
	}
	p.Screenshot("bai-da-luu")
	p.AssertNoAxeViolations()

	// On a phone: nothing scrolls sideways.
	p.SetMobileViewport(390, 844)
	for _, u := range []string{pathArticles + "/", articleURL(id)} {
		p = b.Visit(srv.URL + u)
		var overflow bool
		p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s scrolls sideways on a phone", u)
		}
		p.AssertNoAxeViolations()
	}
	p.Screenshot("soan-thao-dien-thoai")
	p.SetViewport(browsertest.WindowWidth, browsertest.WindowHeight)

	// The approver's inbox, the editor with the workflow panels, and the
	// revisions.
	p = b.Visit(srv.URL + "/quan-tri/")
	p = p.ClickAndWait(".signout button")
	p.Text(".notice")
	signInWith(t, b, srv.URL, f.approver.Email)
	p = b.Visit(srv.URL + pathInbox + "/")
	if h2 := p.Text("#cho-duyet"); !strings.Contains(h2, "Chờ duyệt") {
		t.Errorf("inbox queue heading: %q", h2)
	}
	if txt := p.Text(".notice-list"); !strings.Contains(txt, "chờ duyệt") {
		t.Errorf("the approver's notices: %q", txt)
	}
	p.Screenshot("hop-thu")
	p.AssertNoAxeViolations()
	p = b.Visit(srv.URL + articleURL(a.ID))
	p.Text("#force_reason")
	p.Screenshot("duyet-bai")
	p.AssertNoAxeViolations()
	p = b.Visit(srv.URL + articleURL(a.ID) + "/phien-ban")
	p.AssertNoAxeViolations()

	// Schedule through the form: the value is typed in Vietnam time.
	p = b.Visit(srv.URL + articleURL(a.ID))
	fill(t, p, map[string]string{"at": "2099-01-02T08:30"})
	p = p.ClickAndWait(`button[formaction$="/hen-gio"]`)
	if notice := p.Text(".notice"); !strings.Contains(notice, "Đã hẹn giờ") {
		t.Fatalf("after scheduling: %q", notice)
	}
	if got := f.find(a.ID); got.Status != content.StatusScheduled || got.PublishedAt.UTC().Format("2006-01-02 15:04") != "2099-01-02 01:30" {
		t.Errorf("scheduled: %q at %v", got.Status, got.PublishedAt.UTC())
	}
	// The editor gave back the body as stored: no needless working
	// revision, only the record of the text scheduled to go live.
	if revs, err := f.news.Revisions(ctx, f.actor(f.approver), f.siteA.ID, a.ID); err != nil || len(revs) != 2 || revs[0].Stage != content.StatusScheduled {
		t.Errorf("scheduling an unchanged article: %d revisions (%v), want the first and the scheduled text", len(revs), err)
	}
}
