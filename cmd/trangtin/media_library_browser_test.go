package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// TestBrowserMediaLibrary drives the media library and the editor's media
// tools in headless Chromium through the real wiring, on a desktop
// (1366×768) and a phone (390×844): a reporter uploads three photos at once
// to /quan-tri/thu-vien, chooses one as the featured photo without putting
// it in the body, uploads a photo with a caption into the body, makes a
// gallery of the two others and adds a YouTube link. Published, the public
// page shows the featured photo once, the captions in italics under their
// photos, the gallery as a grid with a keyboard-usable viewer, and the
// video as a placeholder: nothing is requested from YouTube before the
// click, which then makes the player. axe-core finds no violation on the
// library, the editor and the public page, on both screens.
func TestBrowserMediaLibrary(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	const email, password = "phongvien.thuvien@giavien.gov.vn", "Phong-vien-Thu-vien-2026"
	users := user.NewService(app.db, app.db, app.db, nil)
	if _, err := users.CreateUser(ctx, email, "Nguyễn Thị Kim Thoả", password, user.RoleReporter, site.ID); err != nil {
		t.Fatal(err)
	}

	for _, screen := range []struct {
		name   string
		w, h   int
		mobile bool
	}{{"may-tinh", 1366, 768, false}, {"dien-thoai", 390, 844, true}} {
		t.Run(screen.name, func(t *testing.T) {
			b := browsertest.New(t)
			p := nrSignIn(t, b, app.URL, email, password)
			if screen.mobile {
				p.SetMobileViewport(screen.w, screen.h)
			} else {
				p.SetViewport(screen.w, screen.h)
			}
			mediaLibraryFlow(t, app, b, site, screen.name)
		})
	}
}

func mediaLibraryFlow(t *testing.T, app *testApp, b *browsertest.Browser, site content.Site, screen string) {
	ctx := context.Background()
	shot := func(p *browsertest.Page, name string) { p.Screenshot(screen + "-" + name) }
	tag := strings.ToUpper(screen[:1]) + screen[1:]

	// 1. Three photos at once, with a shared description and caption.
	p := b.Visit(app.URL + "/quan-tri/thu-vien")
	if p.Status != http.StatusOK {
		t.Fatalf("library: status %d", p.Status)
	}
	shot(p, "01-thu-vien")
	p.AssertNoAxeViolations()
	var files []string
	for i, size := range [][2]int{{1200, 800}, {900, 600}, {800, 600}} {
		files = append(files, fmt.Sprintf(`{name: %q, data: %q}`, fmt.Sprintf("%s-anh-%d.jpg", screen, i+1),
			base64.StdEncoding.EncodeToString(nrPhotoWithGPS(t, size[0], size[1]))))
	}
	p.Eval(fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		for (const f of [%s]) dt.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, {type: 'image/jpeg'}));
		const input = document.getElementById('files');
		input.files = dt.files;
		document.getElementById('upload-alt').value = 'Cánh đồng lúa Gia Vân ' + %s;
		document.getElementById('upload-caption').value = 'Ảnh: Kim Thoả';
		return input.files.length; })()`, strings.Join(files, ","), nrJS(t, tag)), nil)
	p.Click(`#tai-len button[type=submit]`)
	p.Wait(`location.search.includes('da-tai=3') && document.readyState === 'complete' && document.querySelector('.notice')`, nil)
	p = b.Visit(app.URL + "/quan-tri/thu-vien?q=" + screen + "-anh")
	var listed int
	p.Eval(`document.querySelectorAll('.library-item').length`, &listed)
	if listed != 3 {
		t.Fatalf("the library lists %d of the three photos", listed)
	}
	shot(p, "02-thu-vien-da-tai")
	p.AssertNoAxeViolations()
	photos, _, err := media.NewLibrary(app.db, app.blobs, media.Limits{}).Search(ctx, media.Filter{SiteID: site.ID, Query: screen + "-anh"})
	if err != nil || len(photos) != 3 {
		t.Fatalf("stored photos: %d, %v", len(photos), err)
	}
	featured, g1, g2 := photos[2], photos[1], photos[0] // newest first
	for _, it := range photos {
		if it.Caption != "Ảnh: Kim Thoả" || !strings.HasPrefix(it.Alt, "Cánh đồng lúa Gia Vân") {
			t.Errorf("stored %+v", it)
		}
	}

	// 2. The editor: the featured photo chosen, not inserted.
	p = b.Visit(app.URL + "/quan-tri/bai-viet/moi")
	var category string
	p.Eval(`[...document.getElementById('category').options].find(o => o.value !== '').value`, &category)
	title := "Mùa gặt trên cánh đồng Gia Vân " + tag
	nrFill(t, p, map[string]string{"title": title, "category": category, "author": "Kim Thoả"})
	// The picker uploads a new photo and chooses it at once; a search of
	// the library brings back an older one, which is then chosen instead.
	p.Eval(fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([Uint8Array.from(atob(%q), c => c.charCodeAt(0))], 'anh-dai-dien-moi.jpg', {type: 'image/jpeg'}));
		document.getElementById('anh-moi-tep').files = dt.files;
		document.getElementById('anh-moi-mo-ta').value = 'Ảnh đại diện tải lên trong trang soạn bài';
		document.querySelector('[data-act=upload]').click();
		return true; })()`, base64.StdEncoding.EncodeToString(nrPhotoWithGPS(t, 700, 500))), nil)
	var picked string
	p.Wait(`(() => { const s = document.getElementById('anh-dai-dien-trang-thai'); return s.textContent.startsWith('Đã tải lên') || s.classList.contains('picker-status-error') ? s.textContent : ''; })()`, &picked)
	var checkedAlt string
	p.Eval(`document.querySelector('input[name=photo]:checked + label').textContent.trim()`, &checkedAlt)
	if !strings.HasPrefix(picked, "Đã tải lên và chọn") || checkedAlt != "Ảnh đại diện tải lên trong trang soạn bài" {
		t.Fatalf("the picker's upload: %q, chosen %q", picked, checkedAlt)
	}
	p.Eval(fmt.Sprintf(`(() => { document.getElementById('anh-tim').value = %q; document.querySelector('[data-act=search]').click(); return true; })()`, screen+"-anh-1"), nil)
	var searched string
	p.Wait(`(() => { const s = document.getElementById('anh-dai-dien-trang-thai').textContent; return /^(Tìm thấy|Không)/.test(s) && s; })()`, &searched)
	if searched != "Tìm thấy 1 ảnh; các ảnh đã hiện trong danh sách ảnh đại diện." {
		t.Errorf("the picker's search: %q", searched)
	}
	p.Click(fmt.Sprintf("#photo-%d", featured.ID))
	p.Eval(`(() => { const a = document.querySelector('.editor-area'); a.focus(); document.execCommand('insertText', false, 'Bà con phấn khởi vào mùa gặt.'); return true; })()`, nil)

	// A photo with a caption, uploaded into the body.
	p.Click(`.editor-toolbar button[aria-label="Chèn ảnh"]`)
	p.Eval(fmt.Sprintf(`(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([Uint8Array.from(atob(%q), c => c.charCodeAt(0))], 'may-gat.jpg', {type: 'image/jpeg'}));
		const input = document.querySelector('.editor-upload input[type=file]');
		input.files = dt.files;
		const texts = document.querySelectorAll('.editor-upload input[type=text]');
		texts[0].value = 'Máy gặt đập liên hợp trên cánh đồng';
		texts[1].value = 'Ảnh: Thu Hà';
		return true; })()`, base64.StdEncoding.EncodeToString(nrPhotoWithGPS(t, 1000, 700))), nil)
	p.Click(".editor-upload-actions .button")
	if st := nrWaitStatus(t, p); st != "Đã chèn ảnh." {
		t.Fatalf("upload into the body: %q", st)
	}

	// A gallery of the two other photos, from the library.
	p.Click(`.editor-toolbar button[aria-label="Chèn ảnh hoặc bộ ảnh từ thư viện"]`)
	p.Eval(fmt.Sprintf(`(() => { const s = document.querySelector('.editor-library input[type=search]'); s.value = %q; return true; })()`, screen+"-anh"), nil)
	p.Eval(`(() => { [...document.querySelectorAll('.editor-library button')].find(b => b.textContent === 'Tìm').click(); return true; })()`, nil)
	p.Wait(fmt.Sprintf(`document.querySelectorAll('.editor-library-list input').length === 3 && document.querySelector('.editor-library-list input[value="%d"]')`, g1.ID), nil)
	shot(p, "03-bai-viet-thu-vien")
	p.AssertNoAxeViolations()
	p.Eval(fmt.Sprintf(`(() => { for (const id of [%d, %d]) document.querySelector('.editor-library-list input[value="' + id + '"]').checked = true; return true; })()`, g1.ID, g2.ID), nil)
	p.Eval(`(() => { [...document.querySelectorAll('.editor-library button')].find(b => b.textContent === 'Chèn thành bộ ảnh').click(); return true; })()`, nil)

	// A YouTube link.
	p.Click(`.editor-toolbar button[aria-label="Chèn video của thư viện, hoặc video YouTube hoặc VTV"]`)
	p.Eval(`(() => { document.querySelector('.editor-video input[type=url]').value = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
		document.querySelector('.editor-video input[type=text]').value = 'Video: Lễ hội mùa gặt';
		[...document.querySelectorAll('.editor-video button')].find(b => b.textContent === 'Chèn video').click(); return true; })()`, nil)
	var area string
	p.Eval(`document.querySelector('.editor-area').innerHTML`, &area)
	if !strings.Contains(area, `<figure class="gallery">`) || !strings.Contains(area, `<figure class="video">`) || !strings.Contains(area, "<figcaption>Ảnh: Thu Hà</figcaption>") {
		t.Fatalf("the editor holds: %s", area)
	}
	if strings.Contains(area, featured.Variants[0].Key[:len(featured.BlobKey)]) {
		t.Fatalf("the featured photo went into the body: %s", area)
	}
	shot(p, "04-bai-viet-soan")
	p.AssertNoAxeViolations()
	p = p.ClickAndWait(".action-bar button.button")
	nrExpectNotice(t, p, "")

	// 3. Published (by the board, here straight through the store), the
	// public page.
	list, err := app.db.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Text: "Mùa gặt", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var a content.Article
	for _, x := range list {
		if x.Title == title {
			a, err = app.db.FindArticleByID(ctx, site.ID, x.ID)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if a.ID == 0 || a.Photo.ID != featured.ID {
		t.Fatalf("saved article %d with featured photo %d, want %d", a.ID, a.Photo.ID, featured.ID)
	}
	a.Status, a.PublishedAt = content.StatusPublished, time.Now().Add(-time.Minute)
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	p = b.Visit(app.URL + content.ArticlePath(a.Slug))
	var seen struct {
		Featured  int      `json:"featured"`
		Captions  []string `json:"captions"`
		Italic    bool     `json:"italic"`
		Gallery   int      `json:"gallery"`
		Buttons   int      `json:"buttons"`
		Play      bool     `json:"play"`
		Frames    int      `json:"frames"`
		ToYouTube []string `json:"toYouTube"`
	}
	p.Eval(fmt.Sprintf(`(() => {
		const key = %q;
		const imgs = [...document.querySelectorAll('main img')].filter(i => (i.getAttribute('src') + ' ' + (i.getAttribute('srcset') || '')).includes(key));
		const caps = [...document.querySelectorAll('.article-body figcaption')];
		return {featured: imgs.length, captions: caps.map(c => c.textContent.trim()),
			italic: caps.length > 0 && caps.every(c => getComputedStyle(c).fontStyle === 'italic'),
			gallery: document.querySelectorAll('.article-body figure.gallery > figure').length,
			buttons: document.querySelectorAll('.article-body figure.gallery button.gallery-open').length,
			play: !!document.querySelector('.article-body figure.video button.video-play'),
			frames: document.querySelectorAll('iframe').length,
			toYouTube: performance.getEntriesByType('resource').map(e => e.name).filter(n => /youtube|ytimg|googlevideo/.test(n))};
	})()`, "/anh/"+featured.BlobKey+"-"), &seen)
	if seen.Featured != 1 {
		t.Errorf("the public page shows the featured photo %d times, want once", seen.Featured)
	}
	for _, want := range []string{"Ảnh: Thu Hà", "Ảnh: Kim Thoả", "Video: Lễ hội mùa gặt"} {
		found := false
		for _, c := range seen.Captions {
			found = found || c == want
		}
		if !found {
			t.Errorf("no caption %q under a photo: %q", want, seen.Captions)
		}
	}
	if !seen.Italic || seen.Gallery != 2 || seen.Buttons != 2 || !seen.Play || seen.Frames != 0 || len(seen.ToYouTube) != 0 {
		t.Errorf("public page: %+v", seen)
	}
	shot(p, "05-trang-cong-khai")
	p.AssertNoAxeViolations()

	// The gallery's viewer, with the keyboard.
	p.Eval(`(() => { document.querySelector('.gallery-open').focus(); return true; })()`, nil)
	p.Eval(`(() => { document.activeElement.click(); return true; })()`, nil)
	p.Wait(`document.querySelector('dialog.gallery-viewer').open && document.querySelector('.gallery-count').textContent === 'Ảnh 1/2'`, nil)
	shot(p, "06-xem-bo-anh")
	p.AssertNoAxeViolations()
	p.Eval(`(() => { document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true})); return true; })()`, nil)
	var second string
	p.Wait(`document.querySelector('.gallery-count').textContent === 'Ảnh 2/2' && document.querySelector('.gallery-viewer figcaption').textContent`, &second)
	if second != "Ảnh: Kim Thoả" {
		t.Errorf("the viewer's second caption: %q", second)
	}
	p.Eval(`(() => { document.querySelector('dialog.gallery-viewer [data-close]').click(); return true; })()`, nil)
	p.Wait(`!document.querySelector('dialog.gallery-viewer').open && document.activeElement && document.activeElement.classList.contains('gallery-open')`, nil)

	// The video: a click makes the player, from youtube-nocookie.com.
	p.Click(".video-play")
	var src string
	p.Wait(`(document.querySelector('.article-body figure.video iframe') || {}).src`, &src)
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Errorf("the player's address: %q", src)
	}
}
