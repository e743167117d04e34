package admin

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

func furnitureTemplateSamples(l Layout) map[string]any {
	form := Form{Order: []string{"label", "kind"}, Errors: map[string]string{"label": "Vui lòng nhập tên mục menu."}}
	return map[string]any{
		"furniture": FurniturePage{Layout: l, Form: form, Heading: "Menu", Intro: "i", Notice: "n", PublicURL: "/", Links: []NavItem{{Label: "x", URL: "/y"}},
			List: true, ListHeading: "Danh sách", RowGroups: []FurnitureGroup{{Heading: "Cột phải", ID: "nhom-1", Rows: []FurnitureRow{{ID: 3, Title: "Văn bản mới", First: true, Last: true}}}},
			Rows:        []FurnitureRow{{ID: 1, Title: "Giới thiệu", Meta: "m", EditURL: "/e", BaseURL: "/b", First: true, ImageURL: "/anh/a.jpg"}, {ID: 2, Title: "Lịch sử", Sub: true, Last: true}},
			FormHeading: "Sửa", FormAction: "/quan-tri/menu/1", Submit: "Lưu", CancelURL: "/quan-tri/menu",
			Fields: []Field{{Type: "text", Name: "label", Label: "Tên", Value: "<b>", Required: true, Error: "e", Describe: "label-loi", Focus: true},
				{Type: "select", Name: "kind", Label: "Loại", Hint: "h", Options: []Option{{Value: "a", Label: "A", Selected: true}}},
				{Type: "textarea", Name: "bio", Label: "Tiểu sử", Rows: 4, Value: "x"}, {Type: "number", Name: "count", Label: "Số"},
				{Type: "checkbox", Name: "enabled", Label: "Hiện", Checked: true}, {Type: "url", Name: "url", Label: "Địa chỉ"}}},
	}
}

// furnFixture is the area with the furniture pages, a site administrator,
// a reporter of site A and a site administrator of site B.
type furnFixture struct {
	*fixture
	content *content.Service
	furn    *content.Furniture
	cat     content.Category
	page    content.Page
	adminA  user.User
	adminB  user.User
	rep     user.User
}

func newFurnFixture(t *testing.T) *furnFixture {
	t.Helper()
	f := &furnFixture{fixture: newFixture(t)}
	ctx := context.Background()
	f.content = content.NewService(f.db)
	f.furn = content.NewFurniture(f.db, f.content.NotifyChanged)
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Furniture: f.furn})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	f.cat = content.Category{SiteID: f.siteA.ID, Name: "Tin tức - Sự kiện"}
	if err := f.content.SaveCategory(ctx, &f.cat, nil); err != nil {
		t.Fatal(err)
	}
	f.page = content.Page{SiteID: f.siteA.ID, Title: "Lịch sử hình thành", Body: "<p>x</p>"}
	if err := f.content.SavePage(ctx, &f.page, nil); err != nil {
		t.Fatal(err)
	}
	f.adminA = f.addUser("qt@giavien.gov.vn", "Quản Trị Gia Viễn", user.RoleSiteAdmin, f.siteA.ID)
	f.adminB = f.addUser("qt@hoalu.gov.vn", "Quản Trị Hoa Lư", user.RoleSiteAdmin, f.siteB.ID)
	f.rep = f.addUser("pv@giavien.gov.vn", "Kim Thoả", user.RoleReporter, f.siteA.ID)
	return f
}

func (f *furnFixture) signedIn(email string) *client {
	c := f.client("a.test")
	c.mustLogin(email, pathHome)
	return c
}

func TestFurniturePermissions(t *testing.T) {
	f := newFurnFixture(t)
	admin, rep, other := f.signedIn(f.adminA.Email), f.signedIn(f.rep.Email), f.client("a.test")
	other.mustLogin(f.adminB.Email, pathHome)
	anon := f.client("a.test")
	form := url.Values{"label": {"Văn bản"}, "kind": {"path"}, "target_path": {"/van-ban"}, "parent": {"0"}}
	for _, path := range []string{pathMenu, pathBanners, pathBlocks, pathAbout, pathAboutPages, pathLeaders, pathAccessInfo} {
		if res := admin.get(path); res.status != http.StatusOK {
			t.Errorf("site admin GET %s: %d, want 200", path, res.status)
		}
		for who, c := range map[string]*client{"reporter": rep, "admin of another site": other} {
			if res := c.get(path); res.status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, path, res.status)
			}
			if res := c.post(path, form); res.status != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who, path, res.status)
			}
		}
		if res := anon.get(path); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin) {
			t.Errorf("anonymous GET %s: %d → %q, want 303 to sign in", path, res.status, res.location())
		}
		if res := anon.post(path, form); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin) {
			t.Errorf("anonymous POST %s: %d → %q, want 303 to sign in", path, res.status, res.location())
		}
	}
	if res := rep.post(pathMenu+"/1/xoa", nil); res.status != http.StatusForbidden {
		t.Errorf("reporter removing a menu item: %d, want 403", res.status)
	}
	items, err := f.furn.Menu(context.Background(), f.siteA.ID)
	if err != nil || len(items) != 0 {
		t.Fatalf("refused posts changed the menu: %v, %v", items, err)
	}
	// The navigation shows the pages to the site admin only.
	if body := admin.get(pathHome).body; !strings.Contains(body, `href="/quan-tri/menu"`) || !strings.Contains(body, `href="/quan-tri/lanh-dao"`) {
		t.Error("the site admin's dashboard does not link the furniture pages")
	}
	if body := rep.get(pathHome).body; strings.Contains(body, `href="/quan-tri/menu"`) {
		t.Error("the reporter's dashboard links the menu page")
	}
}

func TestMenuAdmin(t *testing.T) {
	f := newFurnFixture(t)
	ctx := context.Background()
	c := f.signedIn(f.adminA.Email)

	// Bad input: 422, every problem shown, what was typed kept, nothing saved.
	res := c.post(pathMenu, url.Values{"label": {""}, "kind": {"url"}, "target_url": {"javascript:alert(1)"}, "parent": {"0"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid item: %d, want 422\n%s", res.status, res.body)
	}
	for _, want := range []string{"Vui lòng nhập tên mục menu.", "Địa chỉ bên ngoài phải bắt đầu bằng http://", `value="javascript:alert(1)"`, `id="target_url" name="target_url"`, `aria-invalid="true"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("invalid item page lacks %q", want)
		}
	}
	if items := testenv.Must(f.furn.Menu(ctx, f.siteA.ID)).Get(t); len(items) != 0 {
		t.Fatalf("an invalid item was saved: %+v", items)
	}

	post := func(path string, form url.Values) {
		t.Helper()
		res := c.post(path, form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d, want 303\n%s", path, res.status, res.body)
		}
	}
	post(pathMenu, url.Values{"label": {"Giới thiệu"}, "kind": {"path"}, "target_path": {"/gioi-thieu"}, "parent": {"0"}})
	post(pathMenu, url.Values{"label": {"Tin tức"}, "kind": {"category"}, "target_category": {f.cat.Slug}, "parent": {"0"}})
	items, err := f.furn.Menu(ctx, f.siteA.ID)
	if err != nil || len(items) != 2 {
		t.Fatalf("menu after two adds: %+v, %v", items, err)
	}
	about := items[0]
	post(pathMenu, url.Values{"label": {"Lịch sử"}, "kind": {"page"}, "target_page": {f.page.Slug}, "parent": {itoa(about.ID)}})
	post(pathMenu, url.Values{"label": {"Chính phủ"}, "kind": {"url"}, "target_url": {"https://chinhphu.vn"}, "parent": {itoa(about.ID)}})
	items = testenv.Must(f.furn.Menu(ctx, f.siteA.ID)).Get(t)
	if len(items) != 4 || items[2].ParentID != about.ID || items[2].Target != f.page.Slug || items[3].Target != "https://chinhphu.vn" {
		t.Fatalf("menu after adding sub-items: %+v", items)
	}
	// A third level is refused.
	res = c.post(pathMenu, url.Values{"label": {"Cấp ba"}, "kind": {"path"}, "target_path": {"/x"}, "parent": {itoa(items[2].ID)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Menu chỉ có 2 cấp") {
		t.Errorf("third level: %d, want 422 with the reason", res.status)
	}
	// Move the second sub-item up, then the top items.
	post(pathMenu+"/"+itoa(items[3].ID)+"/len", nil)
	post(pathMenu+"/"+itoa(items[1].ID)+"/len", nil)
	items = testenv.Must(f.furn.Menu(ctx, f.siteA.ID)).Get(t)
	var order []string
	for _, m := range items {
		order = append(order, m.Label)
	}
	if got := strings.Join(order, ","); got != "Tin tức,Giới thiệu,Chính phủ,Lịch sử" {
		t.Errorf("order after moves: %s", got)
	}
	// Edit: the form shows the item; saving keeps its place.
	page := c.get(pathMenu + "/" + itoa(about.ID))
	if page.status != 200 || !strings.Contains(page.body, `value="Giới thiệu"`) || !strings.Contains(page.body, `value="/gioi-thieu"`) {
		t.Errorf("edit form: %d", page.status)
	}
	post(pathMenu+"/"+itoa(about.ID), url.Values{"label": {"Giới thiệu chung"}, "kind": {"path"}, "target_path": {"/gioi-thieu"}, "parent": {"0"}})
	if m := testenv.Must(f.furn.MenuItem(ctx, f.siteA.ID, about.ID)).Get(t); m.Label != "Giới thiệu chung" {
		t.Errorf("after edit: %+v", m)
	}
	// A parent with children cannot be removed; its children can.
	if res := c.post(pathMenu+"/"+itoa(about.ID)+"/xoa", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "còn mục con") {
		t.Errorf("removing a parent with children: %d, want 409", res.status)
	}
	for _, m := range items {
		if m.ParentID == about.ID {
			post(pathMenu+"/"+itoa(m.ID)+"/xoa", nil)
		}
	}
	post(pathMenu+"/"+itoa(about.ID)+"/xoa", nil)
	if items = testenv.Must(f.furn.Menu(ctx, f.siteA.ID)).Get(t); len(items) != 1 || items[0].Label != "Tin tức" {
		t.Errorf("after removals: %+v", items)
	}
	if res := c.get(pathMenu + "/999"); res.status != http.StatusNotFound {
		t.Errorf("unknown item: %d, want 404", res.status)
	}
	if res := c.post(pathMenu+"/abc/len", nil); res.status != http.StatusNotFound {
		t.Errorf("bad id: %d, want 404", res.status)
	}
	// Site B's menu is untouched; every change is in the audit log.
	if other := testenv.Must(f.furn.Menu(ctx, f.siteB.ID)).Get(t); len(other) != 0 {
		t.Errorf("site B's menu changed: %+v", other)
	}
	count := map[string]int{}
	for _, e := range f.auditEntries() {
		if strings.HasPrefix(e.Action, "menu.") {
			count[e.Action]++
			if e.SiteID != f.siteA.ID || e.ActorID != f.adminA.ID || !strings.HasPrefix(e.Object, "menu:") {
				t.Errorf("audit entry %+v", e)
			}
		}
	}
	if count["menu.create"] != 4 || count["menu.move"] != 2 || count["menu.update"] != 1 || count["menu.delete"] != 3 {
		t.Errorf("audit counts %v, want 4 create, 2 move, 1 update, 3 delete", count)
	}
}

func TestFurnitureForms(t *testing.T) {
	f := newFurnFixture(t)
	ctx := context.Background()
	c := f.signedIn(f.adminA.Email)
	expect := func(path string, form url.Values, status int, want ...string) {
		t.Helper()
		res := c.post(path, form)
		if res.status != status {
			t.Fatalf("POST %s: %d, want %d\n%s", path, res.status, status, res.body)
		}
		for _, w := range want {
			if !strings.Contains(res.body, w) {
				t.Errorf("POST %s: answer lacks %q", path, w)
			}
		}
	}
	// Banner links.
	expect(pathBanners, url.Values{"title": {"Dịch vụ công"}, "url": {"ftp://x"}}, 422, "Địa chỉ phải bắt đầu bằng", `value="Dịch vụ công"`)
	expect(pathBanners, url.Values{"title": {"Dịch vụ công"}, "url": {"https://dichvucong.gov.vn"}, "image": {"77"}}, 422, "Ảnh đã chọn không còn trong thư viện")
	expect(pathBanners, url.Values{"title": {"Dịch vụ công"}, "url": {"https://dichvucong.gov.vn"}, "enabled": {"1"}}, 303)
	if bs := testenv.Must(f.furn.Banners(ctx, f.siteA.ID)).Get(t); len(bs) != 1 || !bs[0].Enabled || bs[0].URL != "https://dichvucong.gov.vn" {
		t.Errorf("banners: %+v", bs)
	}
	// Home blocks start from the default layout.
	expect(pathBlocks, url.Values{"kind": {"category"}, "count": {"abc"}}, 422, "Vui lòng chọn một chuyên mục", "Số tin phải từ 1 đến 30", `value="abc"`)
	expect(pathBlocks, url.Values{"kind": {"category"}, "category": {itoa(f.cat.ID)}, "count": {"4"}}, 303)
	blocks, configured, err := f.furn.HomeBlocks(ctx, f.siteA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(content.DefaultHomeBlocks()); !configured || len(blocks) != n+1 || blocks[n].CategoryID != f.cat.ID || blocks[n].Count != 4 || blocks[n].Column != content.ColumnMain {
		t.Errorf("blocks: %v %+v", configured, blocks)
	}
	// An image banner of the right column needs its picture and its text;
	// what was typed stays.
	expect(pathBlocks, url.Values{"kind": {"image"}, "column": {"side"}, "url": {"https://dichvucong.gov.vn"}, "alt": {""}}, 422,
		"Vui lòng nhập mô tả ảnh", "Vui lòng chọn hoặc tải lên ảnh", `value="https://dichvucong.gov.vn"`, `<option value="side" selected>`)
	expect(pathBlocks, url.Values{"kind": {"visits"}, "column": {"trai"}}, 422, "Vui lòng chọn cột đặt khối.")
	// Lên moves a block within its column: the first of the right
	// column stays first.
	expect(pathBlocks+"/4/len", url.Values{}, 303)
	homeBlocks := func() []content.HomeBlock {
		t.Helper()
		bs, _, err := f.furn.HomeBlocks(ctx, f.siteA.ID)
		if err != nil {
			t.Fatal(err)
		}
		return bs
	}
	if bs := homeBlocks(); bs[3].ID != 4 || bs[3].Column != content.ColumnSide {
		t.Errorf("moving the right column's first block up changed the order: %+v", bs)
	}
	expect(pathBlocks+"/5/len", url.Values{}, 303)
	if bs := homeBlocks(); bs[3].ID != 5 || bs[4].ID != 4 {
		t.Errorf("moving the right column's second block up: %+v", bs)
	}
	page := c.get(pathBlocks)
	if !strings.Contains(page.body, `<h3 id="nhom-1">Cột chính (trang chủ)</h3>`) || !strings.Contains(page.body, `<h3 id="nhom-2">Cột phải</h3>`) {
		t.Errorf("the blocks page does not list the two columns apart:\n%s", page.body)
	}
	// Leaders.
	expect(pathLeaders, url.Values{"name": {""}, "position": {""}, "email": {"khong-phai-email"}, "bio": {"Dòng một"}}, 422,
		"Vui lòng nhập họ và tên.", "Vui lòng nhập chức vụ.", "Thư điện tử chưa đúng dạng", ">Dòng một</textarea>")
	expect(pathLeaders, url.Values{"name": {"Nguyễn Văn An"}, "position": {"Chủ tịch UBND huyện"}, "phone": {"0229 3640 001"}}, 303)
	// Giới thiệu: ordered pages of the site.
	expect(pathAbout, url.Values{"intro": {"<p>Chào</p><script>x</script>"}, "page_" + f.page.Slug: {"không"}}, 422, "Thứ tự phải là một số")
	expect(pathAbout, url.Values{"intro": {"<p>Chào</p><script>x</script>"}, "page_" + f.page.Slug: {"1"}}, 303)
	if a := testenv.Must(f.furn.About(ctx, f.siteA.ID)).Get(t); a.Intro != "<p>Chào</p>" || len(a.PageSlugs) != 1 || a.PageSlugs[0] != f.page.Slug {
		t.Errorf("about: %+v", a)
	}
	// Tiếp cận thông tin.
	expect(pathAccessInfo, url.Values{"unit": {""}, "officer": {""}, "phone": {"gọi tôi"}}, 422, "Vui lòng nhập người hoặc đơn vị đầu mối", "Số điện thoại chỉ gồm")
	expect(pathAccessInfo, url.Values{"unit": {"Văn phòng HĐND và UBND huyện"}, "how_to_ask": {"<p>Gửi phiếu yêu cầu.</p>"}}, 303)
	if a := testenv.Must(f.furn.AccessInfo(ctx, f.siteA.ID)).Get(t); a.Unit != "Văn phòng HĐND và UBND huyện" || a.HowToAsk != "<p>Gửi phiếu yêu cầu.</p>" {
		t.Errorf("access info: %+v", a)
	}
	// Static pages of the set: written and edited here, never removed.
	expect(pathAboutPages, url.Values{"title": {""}, "body": {"<p>Nội dung</p>"}}, 422, "Vui lòng nhập tiêu đề.", "&lt;p&gt;Nội dung&lt;/p&gt;</textarea>")
	expect(pathAboutPages, url.Values{"title": {"Chức năng, nhiệm vụ"}, "body": {"<p>Nội dung</p>"}}, 303)
	expect(pathAboutPages, url.Values{"title": {"Trang khác"}, "slug": {f.page.Slug}}, 422, "Đường dẫn này đã được một trang khác dùng")
	pg, err := f.content.Store().FindPageBySlug(ctx, f.siteA.ID, "chuc-nang-nhiem-vu")
	if err != nil || pg.Body != "<p>Nội dung</p>" {
		t.Fatalf("new page: %+v, %v", pg, err)
	}
	expect(pathAboutPages+"/"+itoa(pg.ID), url.Values{"title": {"Chức năng, nhiệm vụ"}, "slug": {pg.Slug}, "body": {"<p>Đã sửa</p>"}, "phien-ban": {"1"}}, 303)
	if pg = testenv.Must(f.content.Store().FindPageBySlug(ctx, f.siteA.ID, pg.Slug)).Get(t); pg.Body != "<p>Đã sửa</p>" {
		t.Errorf("edited page: %+v", pg)
	}
	if res := c.post(pathAboutPages+"/"+itoa(pg.ID)+"/xoa", nil); res.status == http.StatusSeeOther {
		t.Error("a static page could be removed")
	}
	if body := c.get(pathAbout).body; !strings.Contains(body, `name="page_chuc-nang-nhiem-vu"`) {
		t.Error("the new page cannot be put in the Giới thiệu set")
	}
	want := map[string]bool{"page.create": false, "page.update": false, "banner.create": false, "home_block.create": false, "leader.create": false, "about.update": false, "access_info.update": false}
	for _, e := range f.auditEntries() {
		if _, ok := want[e.Action]; ok {
			want[e.Action] = true
		}
	}
	for a, seen := range want {
		if !seen {
			t.Errorf("no audit entry %s", a)
		}
	}
}

func TestFurniturePhotoUpload(t *testing.T) {
	f := newFurnFixture(t)
	ctx := context.Background()
	blobs, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	f.srv.media = media.NewLibrary(f.db, blobs, media.Limits{})
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
	c := f.signedIn(f.adminA.Email)
	send := func(path, field, name string, data []byte, fields url.Values) response {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, path, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return c.do(req)
	}
	// Not a photo: the form comes back as typed, with the reason on the field.
	res := send(pathBanners, "image_file", "dvc.jpg", []byte("không phải ảnh"), url.Values{"title": {"Dịch vụ công"}, "url": {"https://dichvucong.gov.vn"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="image_file-loi"`) || !strings.Contains(res.body, `value="Dịch vụ công"`) {
		t.Fatalf("bad photo: %d\n%s", res.status, res.body)
	}
	if bs := testenv.Must(f.furn.Banners(ctx, f.siteA.ID)).Get(t); len(bs) != 0 {
		t.Fatalf("a banner was saved with a refused photo: %+v", bs)
	}
	// A photo with an invalid rest of the form: kept in the library and picked.
	res = send(pathBanners, "image_file", "dvc.jpg", photoWithExif(t, 400, 200), url.Values{"title": {"Dịch vụ công"}, "url": {"ftp://x"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `selected>Dịch vụ công</option>`) {
		t.Fatalf("photo with an invalid address: %d\n%s", res.status, res.body)
	}
	items := testenv.Must(f.srv.media.List(ctx, f.siteA.ID, 10, 0)).Get(t)
	if len(items) != 1 || items[0].Alt != "Dịch vụ công" {
		t.Fatalf("library after the upload: %+v", items)
	}
	res = send(pathLeaders, "photo_file", "an.jpg", photoWithExif(t, 300, 400), url.Values{"name": {"Nguyễn Văn An"}, "position": {"Chủ tịch"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("leader with a photo: %d\n%s", res.status, res.body)
	}
	ls := testenv.Must(f.furn.Leaders(ctx, f.siteA.ID)).Get(t)
	if len(ls) != 1 || ls[0].PhotoID == 0 || !strings.HasPrefix(ls[0].PhotoURL, media.ImagePathPrefix) {
		t.Fatalf("leader: %+v", ls)
	}
	uploads := 0
	for _, e := range f.auditEntries() {
		if e.Action == "media.upload" {
			uploads++
		}
	}
	if uploads != 2 {
		t.Errorf("%d media.upload audit entries, want 2", uploads)
	}
}
