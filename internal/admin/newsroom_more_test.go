package admin

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/newsroom"
)

func TestInboxMarkRead(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	for _, title := range []string{"Bài một", "Bài hai"} {
		a, err := f.news.Create(ctx, f.actor(f.reporter), f.siteA.ID, newsroom.Draft{CategoryID: f.cat.ID, Title: title, Body: "<p>x</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.news.Submit(ctx, f.actor(f.reporter), f.siteA.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	ed := f.signedIn(&f.editor)
	page := ed.get(pathInbox + "/")
	if !strings.Contains(page.body, "(2 chưa đọc)") {
		t.Fatalf("inbox:\n%s", excerpt(page.body))
	}
	m := regexp.MustCompile(`action="(/quan-tri/hop-thu/thong-bao/\d+/da-doc)"`).FindAllStringSubmatch(page.body, -1)
	if len(m) != 2 {
		t.Fatalf("%d mark-read buttons, want 2", len(m))
	}
	// Another user cannot mark the editor's notice.
	if res := f.signedIn(&f.approver).post(m[0][1], nil); res.status != http.StatusNotFound {
		t.Errorf("someone else's notice: %d, want 404", res.status)
	}
	res := ed.post(m[0][1], nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("mark read: %d", res.status)
	}
	if page := ed.get(strings.Split(res.location(), "#")[0]); !strings.Contains(page.body, "(1 chưa đọc)") || !strings.Contains(page.body, "Đã đánh dấu thông báo là đã đọc.") {
		t.Errorf("after one:\n%s", excerpt(page.body))
	}
	if res := ed.post(pathInbox+"/da-doc", nil); res.status != http.StatusSeeOther {
		t.Fatalf("mark all: %d", res.status)
	}
	if page := ed.get(pathInbox + "/"); strings.Contains(page.body, "chưa đọc") || strings.Contains(page.body, "badge-new") {
		t.Errorf("after all:\n%s", excerpt(page.body))
	}
	// Without the cross-site protection's same-origin marks, refused.
	req := ed.post(pathInbox+"/da-doc", nil, "Sec-Fetch-Site", "cross-site")
	if req.status != http.StatusForbidden {
		t.Errorf("cross-site mark all: %d", req.status)
	}
}

func TestRemoteImagesAreRemovedAndReported(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	body := `<p>Tin <img src="https://tracker.example.com/px.gif" width="1" height="1"><img src="http://bao.example.vn/anh.jpg" alt="Ảnh báo khác"><img src="/anh/2026/11/ok-960.jpg" alt="Ảnh của trang"></p>`
	res := c.post(pathNewArticle, draftForm(f.cat.ID, "Bài có ảnh ngoài", body))
	if res.status != http.StatusSeeOther || !strings.Contains(res.location(), "anh-ngoai=2") {
		t.Fatalf("%d → %q", res.status, res.location())
	}
	page := c.get(res.location())
	if !strings.Contains(page.body, "Đã loại bỏ 2 ảnh lấy từ trang web khác") {
		t.Errorf("no notice:\n%s", excerpt(page.body))
	}
	id := regexp.MustCompile(`/quan-tri/bai-viet/(\d+)`).FindStringSubmatch(res.location())[1]
	a := f.find(mustInt(t, id))
	if strings.Contains(a.Body, "tracker.example.com") || strings.Contains(a.Body, "bao.example.vn") || !strings.Contains(a.Body, `/anh/2026/11/ok-960.jpg`) {
		t.Errorf("stored body %s", a.Body)
	}
}

func TestPreviewHonoursTheme(t *testing.T) {
	f := newNewsFixture(t)
	theme := t.TempDir()
	// The theme overrides the public stylesheet: the preview must use it.
	if err := os.MkdirAll(filepath.Join(theme, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(theme, "static", "site.css"), []byte("body{color:#123456}/* chủ đề riêng */"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news, ThemeDir: theme})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	plain, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news})
	if err != nil {
		t.Fatal(err)
	}
	a := f.article(f.reporter, "draft", "Bài xem trước")
	c := f.signedIn(&f.reporter)
	themed := c.get(articleURL(a.ID) + "/xem-truoc")
	f.h = http.NewCrossOriginProtection().Handler(plain.Handler())
	c2 := f.signedIn(&f.reporter)
	def := c2.get(articleURL(a.ID) + "/xem-truoc")
	css := regexp.MustCompile(`href="([^"]*site[^"]*\.css)"`)
	mt, md := css.FindStringSubmatch(themed.body), css.FindStringSubmatch(def.body)
	if themed.status != 200 || def.status != 200 || mt == nil || md == nil {
		t.Fatalf("preview: %d %d\n%s", themed.status, def.status, excerpt(themed.body))
	}
	if mt[1] == md[1] {
		t.Errorf("the preview links the same stylesheet %q with and without the theme", mt[1])
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}
