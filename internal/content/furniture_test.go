package content_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
)

func newFurniture(t *testing.T) (*content.Furniture, *sqlite.DB, content.Site, *[]int64) {
	t.Helper()
	svc, site, _ := newService(t)
	db := svc.Store().(*sqlite.DB)
	var mu sync.Mutex
	changed := &[]int64{}
	f := content.NewFurniture(db, func(id int64) { mu.Lock(); *changed = append(*changed, id); mu.Unlock() })
	return f, db, site, changed
}

func TestFurnitureConcurrentEditsAreNotLost(t *testing.T) {
	f, _, site, changed := newFurniture(t)
	ctx := context.Background()
	const n = 10
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.SaveBanner(ctx, site.ID, &content.Banner{Title: fmt.Sprintf("Liên kết %d", i), URL: "https://example.gov.vn", Enabled: true}, nil)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	bs, err := f.Banners(ctx, site.ID)
	if err != nil || len(bs) != n {
		t.Fatalf("%d banners after %d concurrent adds (%v), want all", len(bs), n, err)
	}
	ids := map[int64]bool{}
	for _, b := range bs {
		ids[b.ID] = true
	}
	if len(ids) != n {
		t.Errorf("banner IDs not unique: %v", ids)
	}
	if len(*changed) != n {
		t.Errorf("%d change notifications, want %d", len(*changed), n)
	}
}

func TestMenuRules(t *testing.T) {
	f, _, site, _ := newFurniture(t)
	ctx := context.Background()
	refs := content.MenuRefs{CategorySlugs: map[string]bool{"tin-tuc": true}, PageSlugs: map[string]bool{"lich-su": true}}
	save := func(m content.MenuItem) content.MenuItem {
		t.Helper()
		if err := f.SaveMenuItem(ctx, site.ID, &m, refs, nil); err != nil {
			t.Fatalf("save %+v: %v", m, err)
		}
		return m
	}
	a := save(content.MenuItem{Label: " Giới thiệu ", Kind: content.LinkPath, Target: "/gioi-thieu"})
	b := save(content.MenuItem{Label: "Tin tức", Kind: content.LinkCategory, Target: "tin-tuc"})
	a1 := save(content.MenuItem{ParentID: a.ID, Label: "Lịch sử", Kind: content.LinkPage, Target: "lich-su"})
	b1 := save(content.MenuItem{ParentID: b.ID, Label: "Chính phủ", Kind: content.LinkURL, Target: "https://chinhphu.vn"})
	a2 := save(content.MenuItem{ParentID: a.ID, Label: "Nhóm", Kind: content.LinkPath, Target: " /nhom "})
	group := save(content.MenuItem{Label: "Nhóm", Kind: content.LinkNone, Target: "bỏ qua"})
	if a.Label != "Giới thiệu" || a2.Target != "/nhom" || group.Target != "" {
		t.Errorf("not normalised: %q, %q, %q", a.Label, a2.Target, group.Target)
	}
	if err := f.DeleteMenuItem(ctx, site.ID, group.ID, nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		m     content.MenuItem
		field string
	}{
		{content.MenuItem{Label: "", Kind: content.LinkPath, Target: "/x"}, "label"},
		{content.MenuItem{Label: "x", Kind: "khac"}, "kind"},
		{content.MenuItem{Label: "x", Kind: content.LinkNone, ParentID: a.ID}, "kind"},
		{content.MenuItem{Label: "x", Kind: content.LinkCategory, Target: "khong-co"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkPage, Target: "khong-co"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkPath, Target: "//evil.example"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkPath, Target: "/\\evil.example"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkURL, Target: "javascript:alert(1)"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkURL, Target: "https://user@evil.example"}, "target"},
		{content.MenuItem{Label: "x", Kind: content.LinkPath, Target: "/x", ParentID: a1.ID}, "parent"},
		{content.MenuItem{Label: "x", Kind: content.LinkPath, Target: "/x", ParentID: 999}, "parent"},
		{content.MenuItem{ID: a.ID, Label: "x", Kind: content.LinkPath, Target: "/x", ParentID: b.ID}, "parent"}, // a has children
	} {
		err := f.SaveMenuItem(ctx, site.ID, &bad.m, refs, nil)
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !errorsAs(err, &ae) || ae.Fields[bad.field] == "" {
			t.Errorf("%+v: err %v, want Invalid on %s", bad.m, err, bad.field)
		}
	}
	labels := func() []string {
		items, err := f.Menu(ctx, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range items {
			out = append(out, m.Label)
		}
		return out
	}
	// Moving stays among siblings; at the ends it does nothing.
	if err := f.MoveMenuItem(ctx, site.ID, a2.ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveMenuItem(ctx, site.ID, a.ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveMenuItem(ctx, site.ID, b.ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	// b moved above a; within a, Nhóm moved above Lịch sử (skipping Chính
	// phủ, a child of b); a, already first, stayed.
	if got, want := labels(), []string{"Tin tức", "Giới thiệu", "Nhóm", "Chính phủ", "Lịch sử"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	// Moving a sub-item to another parent puts it at the end there.
	b1.ParentID = a.ID
	if err := f.SaveMenuItem(ctx, site.ID, &b1, refs, nil); err != nil {
		t.Fatal(err)
	}
	items := testenv.Must(f.Menu(ctx, site.ID)).Get(t)
	if last := items[len(items)-1]; last.ID != b1.ID || last.ParentID != a.ID {
		t.Errorf("moved item not last under its new parent: %+v", items)
	}
	if err := f.DeleteMenuItem(ctx, site.ID, a.ID, nil); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("delete parent with children: %v, want Conflict", err)
	}
	if err := f.DeleteMenuItem(ctx, site.ID, 12345, nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("delete unknown: %v, want NotFound", err)
	}
	if err := f.MoveMenuItem(ctx, site.ID, 12345, 1, nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("move unknown: %v, want NotFound", err)
	}
}

func TestHomeBlocksDefaultAndConfigured(t *testing.T) {
	f, _, site, _ := newFurniture(t)
	ctx := context.Background()
	blocks, configured, err := f.HomeBlocks(ctx, site.ID)
	if err != nil || configured || len(blocks) != len(content.DefaultHomeBlocks()) || blocks[0].Kind != content.BlockFeatured {
		t.Fatalf("default: %+v, %v, %v", blocks, configured, err)
	}
	// The first edit starts from the default layout.
	if err := f.MoveHomeBlock(ctx, site.ID, blocks[1].ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	blocks, configured, err = f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !configured || blocks[0].Kind != content.BlockLatest || blocks[1].Kind != content.BlockFeatured {
		t.Fatalf("after moving latest up: %+v", blocks)
	}
	bad := content.HomeBlock{Kind: content.BlockCategory, CategoryID: 5, Count: 0}
	if err := f.SaveHomeBlock(ctx, site.ID, &bad, func(int64) bool { return false }, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("invalid block: %v", err)
	}
	for _, b := range blocks {
		if err := f.DeleteHomeBlock(ctx, site.ID, b.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	blocks, configured, err = f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !configured || len(blocks) != 0 {
		t.Errorf("after removing every block: %+v configured=%v, want an empty configured home page", blocks, configured)
	}
}

// TestHomeBlockColumnsAndImageBanner: a block stands in the main or the
// right column, moves only among the blocks of its column, and an image
// banner needs a link, a photo of the library and its text (alt); the
// right column's defaults are there for a new site.
func TestHomeBlockColumnsAndImageBanner(t *testing.T) {
	f, _, site, _ := newFurniture(t)
	ctx := context.Background()
	blocks, _, err := f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	var side []content.BlockKind
	for _, b := range blocks {
		if b.Column == content.ColumnSide {
			side = append(side, b.Kind)
		}
	}
	if want := []content.BlockKind{content.BlockNotices, content.BlockDocuments, content.BlockSchedule, content.BlockQuestions, content.BlockBanners, content.BlockVisits}; !slices.Equal(side, want) {
		t.Errorf("default right column %v, want %v", side, want)
	}
	photo := content.Photo{ID: 7, Src: "/anh/2026/12/dvc-800.jpg", Srcset: "/anh/2026/12/dvc-400.jpg 400w, /anh/2026/12/dvc-800.jpg 800w", Width: 800, Height: 300, Alt: "ảnh thư viện"}
	for _, tc := range []struct {
		b     content.HomeBlock
		field string
	}{
		{content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: "https://dichvucong.gov.vn", Image: photo}, "alt"},
		{content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: "https://dichvucong.gov.vn", Alt: "Dịch vụ công trực tuyến"}, "image"},
		{content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: "javascript:alert(1)", Image: photo, Alt: "x"}, "url"},
		{content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: "/x", Image: content.Photo{ID: 7, Src: "https://evil.example/a.jpg"}, Alt: "x"}, "image"},
		{content.HomeBlock{Kind: content.BlockVisits, Column: "left"}, "column"},
		{content.HomeBlock{Kind: content.BlockDocuments, Column: content.ColumnSide, Count: 0}, "count"},
	} {
		err := f.SaveHomeBlock(ctx, site.ID, &tc.b, func(int64) bool { return true }, nil)
		var ae *apperr.Error
		if !errorsAs(err, &ae) || ae.Fields[tc.field] == "" {
			t.Errorf("%+v: %v, want a problem on %s", tc.b, err, tc.field)
		}
	}
	img := content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: " https://dichvucong.gov.vn ", Image: photo,
		Alt: "  Dịch vụ công   trực tuyến ", Count: 9, CategoryID: 3}
	if err := f.SaveHomeBlock(ctx, site.ID, &img, func(int64) bool { return true }, nil); err != nil {
		t.Fatal(err)
	}
	blocks, configured, err := f.HomeBlocks(ctx, site.ID)
	if err != nil || !configured {
		t.Fatal(configured, err)
	}
	got := blocks[len(blocks)-1]
	if got.ID != img.ID || got.URL != "https://dichvucong.gov.vn" || got.Alt != "Dịch vụ công trực tuyến" || got.Image.Srcset != photo.Srcset ||
		got.Image.Width != 800 || got.Count != 0 || got.CategoryID != 0 || got.Column != content.ColumnSide {
		t.Errorf("saved image banner %+v", got)
	}
	// Up from the first block of the right column does not cross into the
	// main column; up from the banner passes the visit counter.
	firstSide := blocks[3]
	if err := f.MoveHomeBlock(ctx, site.ID, firstSide.ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveHomeBlock(ctx, site.ID, img.ID, -1, nil); err != nil {
		t.Fatal(err)
	}
	after, _, err := f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []content.BlockKind
	for _, b := range after {
		order = append(order, b.Kind)
	}
	if want := []content.BlockKind{content.BlockFeatured, content.BlockLatest, content.BlockAllCats, content.BlockNotices, content.BlockDocuments,
		content.BlockSchedule, content.BlockQuestions, content.BlockBanners, content.BlockImage, content.BlockVisits}; !slices.Equal(order, want) {
		t.Errorf("order after moves %v, want %v", order, want)
	}
	// A site has a bounded number of blocks.
	for i := len(after); i < content.MaxBlocks; i++ {
		b := content.HomeBlock{Kind: content.BlockVisits, Column: content.ColumnSide}
		if err := f.SaveHomeBlock(ctx, site.ID, &b, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	extra := content.HomeBlock{Kind: content.BlockVisits, Column: content.ColumnSide}
	if err := f.SaveHomeBlock(ctx, site.ID, &extra, nil, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("block %d: %v, want Invalid", content.MaxBlocks+1, err)
	}
}

func TestLeadersAndAccessInfoValidation(t *testing.T) {
	f, _, site, _ := newFurniture(t)
	ctx := context.Background()
	l := content.Leader{Name: "Nguyễn Văn An", Position: "Chủ tịch", Phone: "0229 3640 001", Email: "an@giavien.gov.vn", PhotoURL: "/anh/x.jpg"}
	if err := f.SaveLeader(ctx, site.ID, &l, nil); err != nil {
		t.Fatal(err)
	}
	if got := testenv.Must(f.Leader(ctx, site.ID, l.ID)).Get(t); got.PhotoURL != "" {
		t.Errorf("a photo address without a photo was kept: %+v", got)
	}
	for _, bad := range []content.Leader{{Position: "x"}, {Name: "x"}, {Name: "x", Position: "y", Phone: "gọi tôi"}, {Name: "x", Position: "y", Email: "a@b"}} {
		if err := f.SaveLeader(ctx, site.ID, &bad, nil); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v: %v, want Invalid", bad, err)
		}
	}
	a := content.AccessInfo{Unit: "Văn phòng", HowToAsk: `<p onclick="x()">Gửi phiếu</p><script>alert(1)</script>`}
	if err := f.SaveAccessInfo(ctx, site.ID, &a, nil); err != nil {
		t.Fatal(err)
	}
	if got := testenv.Must(f.AccessInfo(ctx, site.ID)).Get(t); got.HowToAsk != "<p>Gửi phiếu</p>" {
		t.Errorf("how to ask not sanitised: %q", got.HowToAsk)
	}
}

func errorsAs(err error, target **apperr.Error) bool { return errors.As(err, target) }
