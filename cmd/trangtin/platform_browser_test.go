package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestBrowserPlatform is issue 11's Done-when, in headless Chromium: a
// platform administrator creates a commune site in the platform area with
// its first administrator; that administrator takes the one-time password
// from the mail queue, signs in on the new host, changes it, sets the logo
// and colours; an article written there by an editor and approved by that
// site's approver appears on that host and on no other (home pages,
// article address, search). axe-core finds nothing on every platform
// page, desktop and phone, the refused forms and the confirmations
// included.
func TestBrowserPlatform(t *testing.T) {
	srv := newSMTPServer(t)
	app := startApp(t, config.Config{DataDir: t.TempDir(), SMTPAddr: srv.addr, SMTPFrom: "thongbao@ninhbinh.gov.vn", MailPoll: 50 * time.Millisecond})
	ctx := context.Background()
	port := app.URL[strings.LastIndex(app.URL, ":")+1:]
	on := func(host string) string { return "http://" + host + ":" + port }
	const pw = "Mat-khau-nen-tang-2026"
	if _, err := app.users.CreateUser(ctx, "nentang@ninhbinh.gov.vn", "Quản Trị Nền Tảng", pw, user.RoleAdmin, 0); err != nil {
		t.Fatal(err)
	}

	// 1. The platform area, desktop then phone; a site created in each.
	b := browsertest.New(t)
	p := nrSignIn(t, b, app.URL, "nentang@ninhbinh.gov.vn", pw)
	var link bool
	p.Eval(`!!document.querySelector('nav a[href="/quan-tri/nen-tang"]')`, &link)
	if !link {
		t.Fatal("the platform administrator's navigation has no link to the platform area")
	}
	keys := map[bool]string{false: "gia-hung", true: "gia-lac"}
	for _, mobile := range []bool{false, true} {
		suffix := ""
		if mobile {
			suffix = "-di-dong"
			p.SetMobileViewport(375, 812)
		}
		check := func(p *browsertest.Page, name string, status int) {
			t.Helper()
			if p.Status != status {
				t.Errorf("%s: status %d, want %d", name, p.Status, status)
			}
			p.Screenshot(name + suffix)
			p.AssertNoAxeViolations()
		}
		visit := func(path, name string) *browsertest.Page {
			t.Helper()
			p := b.Visit(app.URL + path)
			check(p, name, http.StatusOK)
			return p
		}
		submit := func(p *browsertest.Page, form string) *browsertest.Page {
			t.Helper()
			return p.ClickAndWait(`form[action="` + form + `"] button[type=submit]`)
		}
		visit("/quan-tri/nen-tang", "nen-tang")
		visit("/quan-tri/nen-tang?loai=xa&q=gia", "nen-tang-loc")

		key := keys[mobile]
		p = visit("/quan-tri/nen-tang/them", "nen-tang-them")
		form := map[string]string{"key": "gia-phong", "name": "Trang thông tin điện tử xã " + key, "kind": "xa", "parent": "ninhbinh",
			"host": strings.ReplaceAll(key, "-", "") + ".localhost", "email": "quantri@" + key + ".gov.vn"}
		nrFill(t, p, form)
		p = submit(p, "/quan-tri/nen-tang/them")
		if got := p.Text("#key-loi"); !strings.Contains(got, "đã có") {
			t.Errorf("a taken key: %q", got)
		}
		var kept string
		p.Eval(`document.getElementById('name').value + '|' + document.getElementById('host').value + '|' + document.getElementById('email').value`, &kept)
		if kept != form["name"]+"|"+form["host"]+"|"+form["email"] {
			t.Errorf("the refused form kept %q", kept)
		}
		check(p, "nen-tang-them-loi", http.StatusUnprocessableEntity)
		form["key"] = key
		nrFill(t, p, form)
		p = submit(p, "/quan-tri/nen-tang/them")
		if n := p.Text(".notice"); !strings.Contains(n, "Đã tạo trang") {
			t.Fatalf("creating %s: %q", key, n)
		}
		if !strings.Contains(p.Text("main"), "xếp vào hàng gửi thư") {
			t.Errorf("the answer does not say the password went by e-mail: %s", p.Text("main"))
		}
		check(p, "nen-tang-da-tao", http.StatusCreated)

		p = visit("/quan-tri/nen-tang/trang/"+key, "nen-tang-trang")
		nrFill(t, p, map[string]string{"host": "giaphong.localhost"})
		p = submit(p, "/quan-tri/nen-tang/trang/"+key+"/ten-mien")
		if got := p.Text("#host-loi"); !strings.Contains(got, "đã thuộc trang") {
			t.Errorf("a taken host: %q", got)
		}
		check(p, "nen-tang-ten-mien-loi", http.StatusUnprocessableEntity)
		nrFill(t, p, map[string]string{"successor": "ninhbinh", "since": "01/07/2025"})
		p = submit(p, "/quan-tri/nen-tang/trang/"+key+"/luu-tru")
		if got := p.Text("#xac-nhan-luu-tru"); got != "Xác nhận chuyển sang lưu trữ" {
			t.Errorf("archiving shows no plan first: %q", got)
		}
		check(p, "nen-tang-luu-tru-xac-nhan", http.StatusOK)

		p = visit("/quan-tri/nen-tang/sap-nhap", "nen-tang-sap-nhap")
		p = submit(p, "/quan-tri/nen-tang/sap-nhap")
		check(p, "nen-tang-sap-nhap-loi", http.StatusUnprocessableEntity)
		nrFill(t, p, map[string]string{"from": "hoa-lu", "into": "ninhbinh"})
		p = submit(p, "/quan-tri/nen-tang/sap-nhap")
		if got := p.Text("#ke-hoach"); got != "Kế hoạch sáp nhập" {
			t.Errorf("merging shows no plan first: %q", got)
		}
		check(p, "nen-tang-sap-nhap-ke-hoach", http.StatusOK)
	}
	site := testenv.Must(app.db.FindSiteByKey(ctx, "gia-hung")).Get(t)
	if site.Kind != content.KindCommune || site.Host != "giahung.localhost" || site.State != content.StateActive {
		t.Fatalf("the new site %+v", site)
	}
	base := on("giahung.localhost")

	// 2. The one-time password from the mail queue.
	var password string
	for range 2 {
		m := srv.next(t, 15*time.Second)
		if len(m.To) != 1 || m.To[0] != "quantri@gia-hung.gov.vn" {
			continue
		}
		msg := testenv.Must(mail.ReadMessage(strings.NewReader(m.Data))).Get(t)
		body := string(testenv.Must(io.ReadAll(quotedprintable.NewReader(msg.Body))).Get(t))
		if !strings.Contains(body, base+"/quan-tri/dang-nhap") {
			t.Errorf("the letter does not name the new host's sign-in page:\n%s", body)
		}
		if pm := regexp.MustCompile(`Mật khẩu dùng một lần: (\S+)`).FindStringSubmatch(body); pm != nil {
			password = pm[1]
		}
	}
	if password == "" {
		t.Fatal("no one-time password for quantri@gia-hung.gov.vn came by e-mail")
	}

	// 3. The new administrator signs in on the new host, changes the
	// password, sets the logo and the colours.
	b2 := browsertest.New(t)
	p = b2.Visit(base + "/quan-tri/dang-nhap")
	nrFill(t, p, map[string]string{"email": "quantri@gia-hung.gov.vn", "password": password})
	p = p.ClickAndWait(`form[action="/quan-tri/dang-nhap"] button[type=submit]`)
	const adminPW = "Quan-tri-Gia-Hung-2026"
	nrFill(t, p, map[string]string{"current_password": password, "new_password": adminPW, "confirm_password": adminPW})
	p = p.ClickAndWait(`form[action="/quan-tri/doi-mat-khau"] button[type=submit]`)
	if who := p.Text(".user-name"); who != "Quản trị Trang thông tin điện tử xã gia-hung" {
		t.Fatalf("after changing the password: %q on %s", who, p.Text("main"))
	}
	p = b2.Visit(base + "/quan-tri/nhan-dien")
	nrFill(t, p, map[string]string{"primary": "#0b4a8b", "accent": "#f2c14e"})
	logo := platformLogoPNG(t)
	p.Eval(fmt.Sprintf(`(() => {
		const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], 'logo-gia-hung.png', {type: 'image/png'}));
		const input = document.querySelector('input[name="logo_file"]');
		input.files = dt.files;
		input.dispatchEvent(new Event('change', {bubbles: true}));
		return input.files.length; })()`, base64.StdEncoding.EncodeToString(logo)), nil)
	p = p.ClickAndWait(`form[action="/quan-tri/nhan-dien"] button[type=submit]`)
	if errs := p.Text("main"); strings.Contains(errs, "Vui lòng sửa") {
		t.Fatalf("the identity was refused: %s", errs)
	}
	home := b2.Visit(base + "/")
	var look struct {
		Masthead string `json:"masthead"`
		Logo     string `json:"logo"`
		Loaded   bool   `json:"loaded"`
	}
	home.Eval(`(() => { const im = document.querySelector('img.emblem');
		return {masthead: getComputedStyle(document.querySelector('.masthead')).backgroundColor,
			logo: im ? im.getAttribute('src') : '', loaded: !!im && im.complete && im.naturalWidth > 0}; })()`, &look)
	if look.Masthead != "rgb(11, 74, 139)" || strings.Contains(look.Logo, "emblem") || !look.Loaded {
		t.Errorf("the new site's look: %+v", look)
	}
	home.Screenshot("gia-hung-trang-chu")
	nrSignOut(t, b2.Visit(base+"/quan-tri/"))

	// 4. An editor writes an article and passes it to approval; the
	// site's approver publishes it.
	const edPW, apPW = "Bien-tap-Gia-Hung-2026", "Ban-bien-tap-Gia-Hung-2026"
	if _, err := app.users.CreateUser(ctx, "bientap@gia-hung.gov.vn", "Trần Văn Biên", edPW, user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.users.CreateUser(ctx, "duyet@gia-hung.gov.vn", "Lê Văn Duyệt", apPW, user.RoleApprover, site.ID); err != nil {
		t.Fatal(err)
	}
	const title = "Xóm Trại Gia Hưng ra quân làm đường giao thông nông thôn"
	p = nrSignIn(t, b2, base, "bientap@gia-hung.gov.vn", edPW)
	p = b2.Visit(base + "/quan-tri/bai-viet/moi")
	var category string
	p.Eval(`[...document.getElementById('category').options].find(o => o.value !== '').value`, &category)
	nrFill(t, p, map[string]string{"title": title, "category": category, "author": "Trần Văn Biên"})
	p.Click(`.editor-toolbar button[aria-label="Sửa mã HTML"]`)
	p.Eval(`(() => { const s = document.getElementById('body'); s.value = '<p>Sáng nay, bà con xóm Trại ra quân làm đường.</p>';
		s.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, nil)
	nrSubmit(t, p, `button[formaction="/quan-tri/bai-viet/moi/gui-bien-tap"]`)
	nrExpectNotice(t, p, "Đã gửi bài cho biên tập viên")
	var path string
	p.Eval(`location.pathname`, &path)
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/quan-tri/bai-viet/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the browser is on %q", path)
	}
	nrSubmit(t, p, `button[formaction$="/chuyen-duyet"]`)
	nrExpectNotice(t, p, "Đã chuyển bài lên Ban biên tập chờ duyệt")
	nrSignOut(t, p)
	p = nrSignIn(t, b2, base, "duyet@gia-hung.gov.vn", apPW)
	p = b2.Visit(base + path)
	nrSubmit(t, p, `button[formaction$="/dang"]`)
	nrExpectNotice(t, p, "Đã đăng bài")
	art := testenv.Must(app.db.FindArticleByID(ctx, site.ID, id)).Get(t)
	if art.Status != content.StatusPublished {
		t.Fatalf("the article is %q", art.Status)
	}

	// 5. On that host and on no other.
	articlePath := content.ArticlePath(art.Slug)
	search := "/tim-kiem?q=" + url.QueryEscape("Trại Gia Hưng")
	// shows: the page names the article (a search hit marks the words it
	// matched, so the hit is known by its address).
	shows := func(body string) bool { return strings.Contains(body, title) || strings.Contains(body, articlePath) }
	hostGet := func(host, path string) (int, string) {
		t.Helper()
		req := testenv.Must(http.NewRequest(http.MethodGet, app.URL+path, nil)).Get(t)
		if host != "" {
			req.Host = host + ":" + port
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		return res.StatusCode, string(testenv.Must(io.ReadAll(res.Body)).Get(t))
	}
	for _, path := range []string{"/", articlePath, search} {
		if st, body := hostGet("giahung.localhost", path); st != http.StatusOK || !shows(body) {
			t.Errorf("giahung.localhost%s: %d, the article shown: %v", path, st, shows(body))
		}
	}
	pa := b2.Visit(base + articlePath)
	checkRendered(t, pa, http.StatusOK)
	for _, host := range []string{"", "ninhbinh.localhost", "giaphong.localhost", "giavan.localhost", "hoalu.localhost", "gialac.localhost"} {
		if st, _ := hostGet(host, articlePath); st != http.StatusNotFound {
			t.Errorf("%s%s: %d, want 404", host, articlePath, st)
		}
		for _, path := range []string{"/", search} {
			if st, body := hostGet(host, path); st != http.StatusOK || shows(body) {
				t.Errorf("%s%s: %d, shows the article: %v", host, path, st, shows(body))
			}
		}
	}
}

// platformLogoPNG is a 96×96 logo: a blue disc on white.
func platformLogoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 96, 96))
	for y := range 96 {
		for x := range 96 {
			c := color.RGBA{255, 255, 255, 255}
			if (x-48)*(x-48)+(y-48)*(y-48) < 40*40 {
				c = color.RGBA{11, 74, 139, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
