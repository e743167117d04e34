package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// What the newsroom browser test writes, and what must not survive.
const (
	nrTitle   = "Xã Gia Vân ra quân làm đường giao thông nông thôn"
	nrAuthor  = "Kim Thoả"
	nrUnit    = "Trung tâm VHTT&TT huyện"
	nrAlt     = "Bà con xã Gia Vân đổ bê tông đường liên thôn"
	nrComment = "Sửa lỗi chính tả «phấn khới» trong đoạn đầu rồi gửi lại."
	nrTypo    = "phấn khới"
	nrFixed   = "phấn khởi"
	// nrPasted is the clipboard of a copy from a web page: a script, an
	// onclick handler, Word's class and style, and a photo from elsewhere.
	nrPasted = `<meta charset="utf-8"><p class="MsoNormal" style="color:red" onclick="alert('dan-onclick')">Sáng 12/3, hơn 300 đoàn viên và bà con xã Gia Vân ra quân làm đường. Bà con ${typo} đóng góp ngày công.</p>` +
		`<script>alert('dan-script')</script>` +
		`<p><img src="https://anh.example.com/duong.jpg" alt="Ảnh từ trang khác" onerror="alert('dan-img')"></p>` +
		`<p>Tuyến đường dài 1,2 km nối thôn Tùy Hối với trung tâm xã.</p>`
	// nrRaw is typed into the HTML source view, which the browser sends as
	// it is: only the server's sanitiser stands between it and the page.
	nrRaw = `<script>alert('may-chu-script')</script><p onclick="alert('may-chu-onclick')">Kinh phí do Nhà nước và nhân dân cùng làm.</p>`
)

// Distinctive EXIF payloads of the uploaded photo (as in the tests of
// package media): a camera make and a GPS position.
var (
	nrSecretMake = "SECRETPHONE\x00"
	nrGPSLat     = nrRationals(20, 1, 15, 1, 283456, 10000)  // 20° 15' 28.3456"
	nrGPSLon     = nrRationals(105, 1, 58, 1, 123456, 10000) // 105° 58' 12.3456"
)

// TestBrowserNewsroomFlow drives the whole newsroom in headless Chromium,
// through the real `trangtin serve` wiring: a reporter writes an article
// with a pasted body (script, onclick, a photo from elsewhere) and an
// uploaded phone photo carrying GPS EXIF, and submits it; an editor returns
// it with a comment; the reporter fixes it and resubmits; the editor passes
// it to approval; the approver schedules it two seconds ahead; the running
// scheduler publishes it, and the public page has no script, a photo
// without EXIF, and the right byline and date.
func TestBrowserNewsroomFlow(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}

	// 1. Three accounts on the demo site.
	type account struct{ email, name, password string }
	var (
		reporter = account{"phongvien@giavien.gov.vn", "Nguyễn Thị Kim Thoả", "Phong-vien-Gia-Vien-2025"}
		editor   = account{"bientap@giavien.gov.vn", "Trần Văn Biên", "Bien-tap-vien-Gia-Vien-2025"}
		approver = account{"duyet@giavien.gov.vn", "Lê Văn Duyệt", "Ban-bien-tap-Gia-Vien-2025"}
	)
	users := user.NewService(app.db, app.db, app.db, nil)
	for _, u := range []struct {
		account
		role user.Role
	}{{reporter, user.RoleReporter}, {editor, user.RoleEditor}, {approver, user.RoleApprover}} {
		if _, err := users.CreateUser(ctx, u.email, u.name, u.password, u.role, site.ID); err != nil {
			t.Fatalf("create %s: %v", u.role, err)
		}
	}
	find := func(id int64) content.Article {
		t.Helper()
		a, err := app.db.FindArticleByID(ctx, site.ID, id)
		if err != nil {
			t.Fatalf("find article %d: %v", id, err)
		}
		return a
	}

	b := browsertest.New(t)

	// 2. The reporter writes the article.
	p := nrSignIn(t, b, app.URL, reporter.email, reporter.password)
	p.Screenshot("01-phong-vien-dang-nhap")
	p = b.Visit(app.URL + "/quan-tri/bai-viet/moi")
	if p.Status != http.StatusOK {
		t.Fatalf("new-article editor: status %d", p.Status)
	}
	var on bool
	p.Eval(`document.querySelector('.editor').classList.contains('editor-on') && !!document.querySelector('.editor-area[contenteditable=true]')`, &on)
	if !on {
		t.Fatal("the WYSIWYG editor did not start (CSP or script error?)")
	}
	var category string
	p.Eval(`[...document.getElementById('category').options].find(o => o.value !== '').value`, &category)
	nrFill(t, p, map[string]string{"title": nrTitle, "category": category, "author": nrAuthor, "unit": nrUnit})

	// Paste from a web page, with a real paste event, so that the
	// editor's own cleaning runs.
	pasted := strings.ReplaceAll(nrPasted, "${typo}", nrTypo)
	var area string
	p.Eval(fmt.Sprintf(`(() => {
		const a = document.querySelector('.editor-area');
		a.focus();
		const dt = new DataTransfer();
		dt.setData('text/html', %s);
		dt.setData('text/plain', 'Sáng 12/3, hơn 300 đoàn viên và bà con xã Gia Vân ra quân làm đường.');
		a.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
		return a.innerHTML; })()`, nrJS(t, pasted)), &area)
	for _, bad := range []string{"<script", "onclick", "onerror", "alert", "<img", "anh.example.com", "style=", "MsoNormal"} {
		if strings.Contains(area, bad) {
			t.Errorf("after the paste the editor keeps %q: %s", bad, area)
		}
	}
	if !strings.Contains(area, nrTypo) || !strings.Contains(area, "Tùy Hối") {
		t.Errorf("the pasted text is missing from the editor: %s", area)
	}
	if st := p.Text(".editor-status"); !strings.Contains(st, "Đã bỏ 1 ảnh") {
		t.Errorf("status after the paste: %q, want the notice of the dropped photo", st)
	}
	p.Screenshot("02-phong-vien-dan-noi-dung")

	// Upload a phone photo with its location in EXIF, through the editor's
	// panel. A file input cannot be typed into, so the page gets the file
	// as the browser would from the file picker: a File in input.files.
	photo := nrPhotoWithGPS(t, 1200, 800)
	if !bytes.Contains(photo, nrGPSLat) || !bytes.Contains(photo, []byte("Exif")) {
		t.Fatal("the photo fixture lacks its GPS EXIF")
	}
	p.Click(`.editor-toolbar button[aria-label="Chèn ảnh"]`)
	p.Eval(fmt.Sprintf(`(() => {
		const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], 'IMG_20250312_081500.jpg', {type: 'image/jpeg'}));
		const input = document.querySelector('.editor-upload input[type=file]');
		input.files = dt.files;
		input.dispatchEvent(new Event('change', {bubbles: true}));
		document.querySelector('.editor-upload input[type=text]').value = %s;
		return input.files.length; })()`, base64.StdEncoding.EncodeToString(photo), nrJS(t, nrAlt)), nil)
	p.Screenshot("03-phong-vien-chon-anh")
	p.Click(".editor-upload-actions .button")
	status := nrWaitStatus(t, p)
	if status != "Đã chèn ảnh." {
		t.Fatalf("upload: editor status %q", status)
	}
	var inserted struct {
		Src    string `json:"src"`
		Alt    string `json:"alt"`
		Loaded bool   `json:"loaded"`
	}
	p.Eval(`new Promise(r => {
		const img = document.querySelector('.editor-area img');
		const done = () => r({src: img.getAttribute('src'), alt: img.alt, loaded: img.complete && img.naturalWidth > 0});
		if (img.complete) done(); else { img.onload = done; img.onerror = done; }
	})`, &inserted)
	if !strings.HasPrefix(inserted.Src, "/anh/") || inserted.Alt != nrAlt || !inserted.Loaded {
		t.Errorf("the inserted photo: %+v", inserted)
	}
	var parentTag string
	p.Eval(`document.querySelector('.editor-area img').closest('figure, p').tagName`, &parentTag)
	if parentTag != "FIGURE" {
		t.Errorf("the photo went into a %s, want its own figure between paragraphs", parentTag)
	}
	p.Screenshot("04-phong-vien-chen-anh")

	// In the HTML source view the textarea goes to the server as typed:
	// add a script and an onclick there, past the editor's cleaning.
	p.Click(`.editor-toolbar button[aria-label="Sửa mã HTML"]`)
	var source string
	p.Eval(fmt.Sprintf(`(() => {
		const s = document.getElementById('body');
		s.value += %s;
		s.dispatchEvent(new Event('input', {bubbles: true}));
		return s.value; })()`, nrJS(t, nrRaw)), &source)
	if !strings.Contains(source, "may-chu-script") || !strings.Contains(source, inserted.Src) {
		t.Fatalf("the HTML source view holds: %s", source)
	}
	p.Screenshot("05-phong-vien-ma-html")
	nrSubmit(t, p, `.action-bar button[formaction="/quan-tri/bai-viet/moi"]`)
	nrExpectNotice(t, p, "Đã tạo bài viết")
	var path string
	p.Eval(`location.pathname`, &path)
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/quan-tri/bai-viet/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the browser is on %q", path)
	}
	saved := find(id)
	for _, bad := range []string{"script", "onclick", "onerror", "alert", "may-chu", "style="} {
		if strings.Contains(saved.Body, bad) {
			t.Errorf("the server kept %q in the saved body: %s", bad, saved.Body)
		}
	}
	for _, want := range []string{"Kinh phí do Nhà nước và nhân dân cùng làm.", nrTypo, `src="` + inserted.Src + `"`, `alt="` + nrAlt + `"`} {
		if !strings.Contains(saved.Body, want) {
			t.Errorf("the saved body lacks %q: %s", want, saved.Body)
		}
	}
	if saved.Title != nrTitle || saved.Author != nrAuthor || saved.Unit != nrUnit || saved.Status != content.StatusDraft {
		t.Errorf("saved article: title %q, byline %q - %q, status %q", saved.Title, saved.Author, saved.Unit, saved.Status)
	}
	p.Screenshot("06-phong-vien-da-luu")
	p.AssertNoAxeViolations()

	nrSubmit(t, p, `button[formaction$="/gui-bien-tap"]`)
	nrExpectNotice(t, p, "Đã gửi bài cho biên tập viên")
	if a := find(id); a.Status != content.StatusSubmitted {
		t.Fatalf("after Gửi biên tập the article is %q", a.Status)
	}
	p.Screenshot("07-phong-vien-da-gui")
	nrSignOut(t, p)

	// 3. The editor returns it with a comment.
	p = nrSignIn(t, b, app.URL, editor.email, editor.password)
	p = nrOpenFromList(t, b, app.URL, id)
	nrFill(t, p, map[string]string{"comment": nrComment})
	p.Screenshot("08-bien-tap-nhan-xet")
	nrSubmit(t, p, `button[formaction$="/tra-lai"]`)
	nrExpectNotice(t, p, "Đã trả bài cho tác giả")
	if a := find(id); a.Status != content.StatusReturned || a.ReviewNote != nrComment {
		t.Fatalf("after Trả lại: status %q, note %q", a.Status, a.ReviewNote)
	}
	p.Screenshot("09-bien-tap-da-tra-lai")
	nrSignOut(t, p)

	// 4. The reporter reads the comment, fixes the text and resubmits.
	p = nrSignIn(t, b, app.URL, reporter.email, reporter.password)
	p = nrOpenFromList(t, b, app.URL, id)
	if note := p.Text(".review-note"); !strings.Contains(note, nrComment) {
		t.Errorf("the reporter does not see the comment: %q", note)
	}
	p.Screenshot("10-phong-vien-doc-nhan-xet")
	var fixed bool
	p.Eval(fmt.Sprintf(`(() => {
		const typo = %s.normalize('NFC'), fix = %s.normalize('NFC');
		const a = document.querySelector('.editor-area');
		a.focus();
		const w = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
		for (let n; (n = w.nextNode()); ) {
			const i = n.nodeValue.normalize('NFC').indexOf(typo);
			if (i < 0) continue;
			n.nodeValue = n.nodeValue.normalize('NFC');
			const r = document.createRange();
			r.setStart(n, i);
			r.setEnd(n, i + typo.length);
			const s = getSelection();
			s.removeAllRanges();
			s.addRange(r);
			return document.execCommand('insertText', false, fix);
		}
		return false; })()`, nrJS(t, nrTypo), nrJS(t, nrFixed)), &fixed)
	if !fixed {
		t.Fatal("the typo is not in the editor")
	}
	p.Screenshot("11-phong-vien-sua-bai")
	nrSubmit(t, p, `button[formaction$="/gui-bien-tap"]`)
	nrExpectNotice(t, p, "Đã gửi bài cho biên tập viên")
	if a := find(id); a.Status != content.StatusSubmitted || !strings.Contains(a.Body, nrFixed) || strings.Contains(a.Body, nrTypo) {
		t.Fatalf("after the fix and resubmission: status %q, body %s", a.Status, a.Body)
	}
	p.Screenshot("12-phong-vien-gui-lai")
	nrSignOut(t, p)

	// 5. The editor passes it to approval.
	p = nrSignIn(t, b, app.URL, editor.email, editor.password)
	p = nrOpenFromList(t, b, app.URL, id)
	nrSubmit(t, p, `button[formaction$="/chuyen-duyet"]`)
	nrExpectNotice(t, p, "Đã chuyển bài lên Ban biên tập chờ duyệt")
	if a := find(id); a.Status != content.StatusApproval {
		t.Fatalf("after Chuyển duyệt the article is %q", a.Status)
	}
	p.Screenshot("13-bien-tap-chuyen-duyet")
	nrSignOut(t, p)

	// 6. The approver schedules it two seconds ahead, in Vietnam time. The
	// form's datetime-local input has step="60"; the server also reads
	// seconds, so the step is lowered to 1, as a browser then lets a user
	// type seconds. The instant is rounded up to a whole second.
	p = nrSignIn(t, b, app.URL, approver.email, approver.password)
	p = nrOpenFromList(t, b, app.URL, id)
	at := time.Now().Add(2 * time.Second)
	if f := at.Truncate(time.Second); f.Before(at) {
		at = f.Add(time.Second)
	}
	value := at.In(vi.Zone).Format("2006-01-02T15:04:05")
	var typed string
	p.Eval(fmt.Sprintf(`(() => { const i = document.getElementById('at'); i.step = '1'; i.value = %q; return i.value; })()`, value), &typed)
	// A browser writes a whole minute without its ":00" seconds; the
	// instant is the same.
	if typed != value && typed+":00" != value {
		t.Fatalf("the datetime-local input took %q as %q", value, typed)
	}
	nrSubmit(t, p, `button[formaction$="/hen-gio"]`)
	nrExpectNotice(t, p, "Đã hẹn giờ đăng bài")
	scheduled := find(id)
	if scheduled.Status != content.StatusScheduled && scheduled.Status != content.StatusPublished {
		t.Fatalf("after Hẹn giờ the article is %q", scheduled.Status)
	}
	if !scheduled.PublishedAt.Equal(at) {
		t.Errorf("scheduled at %v, want %v (%s in Vietnam time)", scheduled.PublishedAt, at, value)
	}
	p.Screenshot("14-duyet-hen-gio")

	// 7. The scheduler publishes it: poll the public address.
	public := app.URL + content.ArticlePath(scheduled.Slug)
	deadline := at.Add(15 * time.Second)
	var publicHTML string
	for {
		res, body := get(t, public)
		now := time.Now()
		if res.StatusCode == http.StatusOK {
			if now.Before(at) {
				t.Errorf("the article was public at %v, before its time %v", now, at)
			}
			t.Logf("published %v after the scheduled time", now.Sub(at).Round(time.Millisecond))
			publicHTML = body
			break
		}
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: status %d before publication, want 404", public, res.StatusCode)
		}
		if now.After(deadline) {
			t.Fatalf("the article was not published within 15 s of its time (status %d, article %q)", res.StatusCode, find(id).Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if a := find(id); a.Status != content.StatusPublished {
		t.Errorf("the public article has status %q", a.Status)
	}
	for _, bad := range []string{"alert(", "onclick", "onerror", "may-chu", "dan-script", "anh.example.com"} {
		if strings.Contains(publicHTML, bad) {
			t.Errorf("the public page contains %q", bad)
		}
	}

	p = b.Visit(public)
	if p.Status != http.StatusOK {
		t.Fatalf("public page: status %d", p.Status)
	}
	var pub struct {
		BodyHTML   string   `json:"bodyHTML"`
		Scripts    int      `json:"scripts"`
		Handlers   int      `json:"handlers"`
		Images     []string `json:"images"`
		Alt        string   `json:"alt"`
		Loaded     bool     `json:"loaded"`
		Date       string   `json:"date"`
		Byline     string   `json:"byline"`
		BylineLast bool     `json:"bylineLast"`
		AfterBody  bool     `json:"afterBody"`
		Title      string   `json:"title"`
	}
	p.Eval(`new Promise(resolve => {
		const body = document.querySelector('.article-body');
		const img = body.querySelector('img');
		const by = document.querySelector('article.article .byline');
		const urls = [];
		for (const i of body.querySelectorAll('img')) {
			urls.push(i.getAttribute('src'));
			for (const s of (i.getAttribute('srcset') || '').split(',')) if (s.trim()) urls.push(s.trim().split(/\s+/)[0]);
		}
		const handlers = [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length;
		const done = () => resolve({
			bodyHTML: body.innerHTML,
			scripts: body.querySelectorAll('script').length,
			handlers,
			images: urls,
			alt: img ? img.alt : '',
			loaded: !!img && img.complete && img.naturalWidth > 0,
			date: (document.querySelector('.article-meta time') || {}).textContent || '',
			byline: by ? by.textContent.trim() : '',
			bylineLast: !!by && by.nextElementSibling === null,
			afterBody: !!by && !!(body.compareDocumentPosition(by) & Node.DOCUMENT_POSITION_FOLLOWING),
			title: document.querySelector('h1').textContent.trim(),
		});
		if (!img || img.complete) done(); else { img.loading = 'eager'; img.onload = done; img.onerror = done; }
	})`, &pub)
	p.Screenshot("15-trang-cong-khai")
	if pub.Title != nrTitle {
		t.Errorf("public title %q", pub.Title)
	}
	if pub.Scripts != 0 || pub.Handlers != 0 || strings.Contains(strings.ToLower(pub.BodyHTML), "<script") {
		t.Errorf("the public page has %d scripts in the body and %d elements with on… handlers: %s", pub.Scripts, pub.Handlers, pub.BodyHTML)
	}
	for _, want := range []string{nrFixed, "Tùy Hối", "Kinh phí do Nhà nước và nhân dân cùng làm."} {
		if !strings.Contains(pub.BodyHTML, want) {
			t.Errorf("the public body lacks %q: %s", want, pub.BodyHTML)
		}
	}
	if len(pub.Images) == 0 || pub.Images[0] != inserted.Src || pub.Alt != nrAlt || !pub.Loaded {
		t.Errorf("the public photo: urls %q (want %q first), alt %q, loaded %v", pub.Images, inserted.Src, pub.Alt, pub.Loaded)
	}
	for _, u := range pub.Images {
		if !strings.HasPrefix(u, "/anh/") {
			t.Errorf("photo URL %q is not an upload (/anh/…)", u)
			continue
		}
		res, data := get(t, app.URL+u)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("GET %s: %d %q", u, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		if _, _, err := image.Decode(strings.NewReader(data)); err != nil {
			t.Errorf("GET %s: not a decodable image: %v", u, err)
		}
		for _, secret := range [][]byte{[]byte("Exif"), []byte("MM\x00\x2a"), []byte("SECRETPHONE"), nrGPSLat, nrGPSLon} {
			if strings.Contains(data, string(secret)) {
				t.Errorf("GET %s: the photo still contains %q", u, secret)
			}
		}
	}
	wantByline := nrAuthor + " - " + nrUnit
	if pub.Byline != wantByline || !pub.BylineLast || !pub.AfterBody {
		t.Errorf("byline %q (last element of the article: %v, after the body: %v), want %q at the end", pub.Byline, pub.BylineLast, pub.AfterBody, wantByline)
	}
	// The date and time of the publication in Vietnam time: the scheduled
	// instant, which is today's date unless the test ran across midnight.
	want := vi.LocalDate(at)
	if vi.HasClock(at) {
		want += " " + vi.LocalClock(at)
	}
	if pub.Date != want {
		t.Errorf("public date %q, want %q", pub.Date, want)
	}
	if today := vi.LocalDate(time.Now()); !strings.HasPrefix(pub.Date, today) && vi.LocalDate(at) == today {
		t.Errorf("public date %q, want today %q", pub.Date, today)
	}
	if !regexp.MustCompile(`^(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$`).MatchString(pub.Date) {
		t.Errorf("public date %q is not «Thứ …, DD/MM/YYYY[ HH:MM]»", pub.Date)
	}
}

// nrJS is s as a JavaScript string literal.
func nrJS(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nrFill sets the values of form fields by id.
func nrFill(t *testing.T, p *browsertest.Page, values map[string]string) {
	t.Helper()
	js, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	p.Eval(fmt.Sprintf(`(() => {
		for (const [id, v] of Object.entries(%s)) {
			const e = document.getElementById(id);
			e.value = v;
			e.dispatchEvent(new Event('input', {bubbles: true}));
			e.dispatchEvent(new Event('change', {bubbles: true}));
		}
		return true; })()`, js), nil)
}

// nrSubmit clicks a button that submits a form and waits for the page that
// answers to load.
func nrSubmit(t *testing.T, p *browsertest.Page, button string) {
	t.Helper()
	p.ClickAndWait(button)
}

// nrExpectNotice fails the test unless the page shows the notice of a
// successful action; otherwise it reports the problems the page shows.
func nrExpectNotice(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	var got struct {
		Notice string `json:"notice"`
		Errors string `json:"errors"`
		Title  string `json:"title"`
		Path   string `json:"path"`
	}
	p.Eval(`(() => {
		const text = sel => [...document.querySelectorAll(sel)].map(e => e.innerText.trim()).join(' | ');
		return {notice: text('.notice'), errors: text('.error-summary, .field-error, .alert, main p'), title: document.title, path: location.pathname + location.search};
	})()`, &got)
	if !strings.Contains(got.Notice, want) {
		t.Fatalf("on %s (%q): notice %q, want %q; the page says: %s", got.Path, got.Title, got.Notice, want, got.Errors)
	}
}

// nrSignIn signs in through the sign-in form.
func nrSignIn(t *testing.T, b *browsertest.Browser, base, email, password string) *browsertest.Page {
	t.Helper()
	p := b.Visit(base + "/quan-tri/dang-nhap")
	if h1 := p.Text("h1"); h1 != "Đăng nhập" {
		t.Fatalf("the sign-in page shows %q", h1)
	}
	nrFill(t, p, map[string]string{"email": email, "password": password})
	nrSubmit(t, p, `form[action="/quan-tri/dang-nhap"] button[type=submit]`)
	var who string
	p.Eval(`(document.querySelector('.user-name') || {}).textContent || ''`, &who)
	if who == "" {
		var page string
		p.Eval(`document.querySelector('main') ? document.querySelector('main').innerText : document.body.innerText`, &page)
		t.Fatalf("signing in as %s failed: %s", email, page)
	}
	return p
}

// nrSignOut signs out with the button of the header.
func nrSignOut(t *testing.T, p *browsertest.Page) {
	t.Helper()
	nrSubmit(t, p, ".signout button")
	if n := p.Text(".notice"); n != "Bạn đã đăng xuất." {
		t.Fatalf("after signing out: %q", n)
	}
}

// nrOpenFromList opens the article from the article list, as a person
// would: by its title's link.
func nrOpenFromList(t *testing.T, b *browsertest.Browser, base string, id int64) *browsertest.Page {
	t.Helper()
	p := b.Visit(base + "/quan-tri/bai-viet")
	if p.Status != http.StatusOK {
		t.Fatalf("article list: status %d", p.Status)
	}
	link := fmt.Sprintf(`.article-item-title a[href="/quan-tri/bai-viet/%d"]`, id)
	if got := p.Text(link); got != nrTitle {
		t.Fatalf("the list shows the article as %q", got)
	}
	nrSubmit(t, p, link)
	var path string
	p.Eval(`location.pathname`, &path)
	if path != fmt.Sprintf("/quan-tri/bai-viet/%d", id) {
		t.Fatalf("the title's link led to %q", path)
	}
	return p
}

// nrWaitStatus waits until the editor's status line reports the end of an
// upload, success or failure, and returns it.
func nrWaitStatus(t *testing.T, p *browsertest.Page) string {
	t.Helper()
	var st string
	p.Wait(`(() => { const s = document.querySelector('.editor-status');
		return (s.classList.contains('editor-status-error') || s.textContent.startsWith('Đã chèn ảnh')) && s.textContent; })()`, &st)
	return st
}

// nrPhotoWithGPS is a w×h JPEG with an APP1 Exif segment right after the
// start marker: a camera make and a GPS position, as a phone writes them.
func nrPhotoWithGPS(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := m.PixOffset(x, y)
			m.Pix[i+0] = uint8(x * 255 / w)
			m.Pix[i+1] = uint8(y * 255 / h)
			m.Pix[i+2] = uint8((x ^ y) & 0xFF)
			m.Pix[i+3] = 0xFF
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	jpg := buf.Bytes()
	out := append([]byte{}, jpg[:2]...)
	out = append(out, nrExifSegment()...)
	return append(out, jpg[2:]...)
}

func nrRationals(v ...uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.BigEndian.PutUint32(b[4*i:], x)
	}
	return b
}

// nrExifSegment builds an APP1 Exif segment: a big-endian TIFF header, IFD0
// with Make and a GPSInfo pointer, and a GPS IFD with latitude and
// longitude (after the fixture of package media's tests).
func nrExifSegment() []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when ≤ 4 bytes, else stored after the IFD
	}
	be := binary.BigEndian
	long := func(v uint32) []byte { b := make([]byte, 4); be.PutUint32(b, v); return b }

	var t bytes.Buffer
	t.WriteString("MM\x00\x2a")
	t.Write(long(8))
	writeIFD := func(entries []entry) {
		start := uint32(t.Len())
		dataOff := start + 2 + 12*uint32(len(entries)) + 4
		var data bytes.Buffer
		binary.Write(&t, be, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&t, be, e.tag)
			binary.Write(&t, be, e.typ)
			binary.Write(&t, be, e.count)
			if len(e.value) <= 4 {
				v := make([]byte, 4)
				copy(v, e.value)
				t.Write(v)
			} else {
				t.Write(long(dataOff + uint32(data.Len())))
				data.Write(e.value)
			}
		}
		t.Write(long(0)) // no next IFD
		t.Write(data.Bytes())
	}
	const ifd0Entries = 2
	gpsOffset := uint32(8 + 2 + 12*ifd0Entries + 4 + len(nrSecretMake))
	writeIFD([]entry{
		{0x010F, 2, uint32(len(nrSecretMake)), []byte(nrSecretMake)}, // Make
		{0x8825, 4, 1, long(gpsOffset)},                              // GPSInfo
	})
	if uint32(t.Len()) != gpsOffset {
		panic("GPS IFD offset miscalculated")
	}
	writeIFD([]entry{
		{0x0001, 2, 2, []byte("N\x00")}, // GPSLatitudeRef
		{0x0002, 5, 3, nrGPSLat},        // GPSLatitude
		{0x0003, 2, 2, []byte("E\x00")}, // GPSLongitudeRef
		{0x0004, 5, 3, nrGPSLon},        // GPSLongitude
	})

	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	be.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}
