package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/search"
)

// SearchStore is a content store that is also a search index.
type SearchStore interface {
	content.Store
	search.Index
	search.Reindexer
}

// OpenSearch returns a fresh, empty, migrated store for one test.
type OpenSearch func(t *testing.T) SearchStore

// RunSearch runs the search conformance suite.
func RunSearch(t *testing.T, open OpenSearch) {
	t.Run("FindsWithAndWithoutDiacritics", func(t *testing.T) { testSearchFolding(t, open(t)) })
	t.Run("IndexFollowsContent", func(t *testing.T) { testSearchFollowsContent(t, open(t)) })
	t.Run("Filters", func(t *testing.T) { testSearchFilters(t, open(t)) })
	t.Run("Ranking", func(t *testing.T) { testSearchRanking(t, open(t)) })
	t.Run("HostileInput", func(t *testing.T) { testSearchHostile(t, open(t)) })
	t.Run("Reindex", func(t *testing.T) { testSearchReindex(t, open(t)) })
	t.Run("ManyMatches", func(t *testing.T) { testSearchManyMatches(t, open(t)) })
	t.Run("SeveralSites", func(t *testing.T) { testSearchSeveralSites(t, open(t)) })
}

// testSearchSeveralSites: Filter.SiteIDs searches those sites and no
// other, and CountBySite counts the matches per site.
func testSearchSeveralSites(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	day := time.Date(2025, 7, 1, 3, 0, 0, 0, time.UTC)
	f.article(t, "Lễ công bố nghị quyết sáp nhập tỉnh", "Tỉnh mới chính thức hoạt động.", day)
	sites := []content.Site{f.site}
	for i, key := range []string{"b", "c"} {
		site := content.Site{Key: key, Name: strings.ToUpper(key)}
		must(t, f.svc.SaveSite(ctx, &site, nil), "SaveSite "+key)
		cat := content.Category{SiteID: site.ID, Name: "Tin tức"}
		must(t, f.svc.SaveCategory(ctx, &cat, nil), "SaveCategory "+key)
		for j := 0; j <= i; j++ {
			a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Xã %s triển khai nghị quyết sáp nhập, đợt %d", key, j+1),
				Body: content.TextToHTML("Nội dung."), Status: content.StatusPublished, PublishedAt: day.Add(time.Duration(j) * time.Hour)}
			must(t, f.svc.SaveArticle(ctx, &a), "SaveArticle")
		}
		sites = append(sites, site)
	}
	q, err := search.Parse("nghi quyet sap nhap")
	must(t, err, "Parse")
	all := search.Filter{SiteIDs: []int64{sites[0].ID, sites[1].ID, sites[2].ID}}
	res, err := f.srch.Search(ctx, q, all, 20, 0)
	must(t, err, "Search over three sites")
	if res.Total != 4 || len(res.Hits) != 4 {
		t.Errorf("three sites: total %d, %d hits; want 4", res.Total, len(res.Hits))
	}
	want := map[int64]int{sites[0].ID: 1, sites[1].ID: 1, sites[2].ID: 2}
	if fmt.Sprint(res.BySite) != fmt.Sprint(want) {
		t.Errorf("BySite = %v, want %v", res.BySite, want)
	}
	// Hidden drops one kind from some sites (a switched-off module there):
	// the other sites' things of that kind, and the site's other kinds, stay.
	hidden := all
	hidden.Hidden = map[string][]int64{search.KindArticle: {sites[2].ID}, search.KindDocument: {sites[0].ID, sites[1].ID}}
	res, err = f.srch.Search(ctx, q, hidden, 20, 0)
	must(t, err, "Search with a hidden kind")
	want = map[int64]int{sites[0].ID: 1, sites[1].ID: 1}
	if res.Total != 2 || fmt.Sprint(res.BySite) != fmt.Sprint(want) {
		t.Errorf("articles hidden on site c: total %d, BySite %v; want 2, %v", res.Total, res.BySite, want)
	}
	for _, h := range res.Hits {
		if h.SiteID == sites[2].ID {
			t.Errorf("an article of site c, where articles are hidden: %q", h.Title)
		}
	}
	two := search.Filter{SiteID: sites[0].ID, SiteIDs: []int64{sites[1].ID, sites[2].ID}}
	res, err = f.srch.Search(ctx, q, two, 20, 0)
	must(t, err, "Search over two sites")
	for _, h := range res.Hits {
		if h.SiteID == sites[0].ID {
			t.Errorf("a hit of site %d, which SiteIDs leaves out", h.SiteID)
		}
	}
	if res.Total != 3 {
		t.Errorf("two sites: total %d, want 3", res.Total)
	}
	if got := f.titles(t, "nghi quyet sap nhap", search.Filter{}); len(got) != 1 {
		t.Errorf("one site: %q, want only its own article", got)
	}
}

type fixture struct {
	s    SearchStore
	svc  *content.Service
	srch *search.Service
	site content.Site
	cat  content.Category
}

func newFixture(t *testing.T, s SearchStore) *fixture {
	t.Helper()
	f := &fixture{s: s, svc: content.NewService(s), srch: search.NewService(s)}
	f.site = content.Site{Key: "a", Name: "A"}
	must(t, f.svc.SaveSite(ctx, &f.site, nil), "SaveSite")
	f.cat = content.Category{SiteID: f.site.ID, Name: "Tin tức"}
	must(t, f.svc.SaveCategory(ctx, &f.cat, nil), "SaveCategory")
	return f
}

func (f *fixture) article(t *testing.T, title, body string, pub time.Time) content.Article {
	t.Helper()
	a := content.Article{SiteID: f.site.ID, CategoryID: f.cat.ID, Title: title, Body: content.TextToHTML(body),
		Status: content.StatusPublished, PublishedAt: pub}
	must(t, f.svc.SaveArticle(ctx, &a), "SaveArticle "+title)
	return a
}

// titles runs a query and returns the hit titles in order.
func (f *fixture) titles(t *testing.T, input string, filter search.Filter) []string {
	t.Helper()
	q, err := search.Parse(input)
	if err != nil {
		t.Fatalf("Parse(%q): %v", input, err)
	}
	if filter.SiteID == 0 {
		filter.SiteID = f.site.ID
	}
	res, err := f.srch.Search(ctx, q, filter, 20, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", input, err)
	}
	if res.Total < len(res.Hits) {
		t.Errorf("Search(%q): total %d below %d hits", input, res.Total, len(res.Hits))
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

func testSearchFolding(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	day := time.Date(2023, 3, 10, 3, 0, 0, 0, time.UTC)
	seed := f.article(t, "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện",
		"Đồng chí Vũ Thị Dược, Phó Chủ tịch UBND huyện chủ trì hội nghị. Phòng LĐ-TB&XH huyện báo cáo.", day)
	seed.Author, seed.Unit = "Kim Thoả", "Trung tâm VHTT&TT huyện"
	must(t, f.svc.SaveArticle(ctx, &seed), "byline")
	f.article(t, "Đường giao thông nông thôn", "Xã Gia Hòa hoàn thành đường bê tông.", day.Add(-time.Hour))
	for _, q := range []string{"bao tro xa hoi", "bảo trợ xã hội", "BẢO TRỢ", "Vu Thi Duoc", "vũ thị dược", "Kim Thoa", "Kim Thỏa", "kim thoả", "LĐ-TB&XH", "ld tb xh", "dong chi"} {
		got := f.titles(t, q, search.Filter{})
		if len(got) == 0 || got[0] != "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện" {
			t.Errorf("%q: got %q, want the conference article first", q, got)
		}
	}
	if got := f.titles(t, "gia hoa", search.Filter{}); len(got) != 1 || got[0] != "Đường giao thông nông thôn" {
		t.Errorf("gia hoa: %q", got)
	}
	// The snippet is the original text with the match marked, whether the
	// store keeps that text in its index or reads it for the hits shown.
	q, err := search.Parse("vu thi duoc")
	must(t, err, "Parse")
	res, err := f.srch.Search(ctx, q, search.Filter{SiteID: f.site.ID}, 10, 0)
	must(t, err, "Search vu thi duoc")
	var snippet, marked string
	for _, h := range res.Hits[:min(1, len(res.Hits))] {
		for _, fr := range h.Snippet {
			snippet += fr.Text
			if fr.Match {
				marked += fr.Text + "|"
			}
		}
	}
	if !strings.Contains(snippet, "Đồng chí Vũ Thị Dược, Phó Chủ tịch") || !strings.Contains(snippet, "Kim Thoả") || marked != "Vũ|Thị|Dược|" {
		t.Errorf("snippet of the first hit for vu thi duoc: %q, marked %q", snippet, marked)
	}
	if got := f.titles(t, "khong co tu nay", search.Filter{}); len(got) != 0 {
		t.Errorf("nonsense query found %q", got)
	}
}

func testSearchFollowsContent(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	now := time.Now()
	a := f.article(t, "Lễ hội đền Nưa", "Lễ hội truyền thống.", now.Add(-time.Hour))
	if got := f.titles(t, "den nua", search.Filter{}); len(got) != 1 {
		t.Fatalf("new article not found at once: %q", got)
	}
	a.Title = "Lễ hội Am Tiên"
	must(t, f.svc.SaveArticle(ctx, &a), "SaveArticle")
	if got := f.titles(t, "den nua", search.Filter{}); len(got) != 0 {
		t.Errorf("old title still found after an edit: %q", got)
	}
	if got := f.titles(t, "am tien", search.Filter{}); len(got) != 1 {
		t.Errorf("new title not found after an edit: %q", got)
	}
	a.Status = content.StatusWithdrawn
	must(t, f.svc.SaveArticle(ctx, &a), "withdraw")
	if got := f.titles(t, "am tien", search.Filter{}); len(got) != 0 {
		t.Errorf("withdrawn article found: %q", got)
	}
	draft := content.Article{SiteID: f.site.ID, CategoryID: f.cat.ID, Title: "Bản nháp về am tiên", Status: content.StatusDraft}
	must(t, f.svc.SaveArticle(ctx, &draft), "draft")
	f.article(t, "Hẹn giờ am tiên", "x", now.Add(time.Hour))
	if got := f.titles(t, "am tien", search.Filter{}); len(got) != 0 {
		t.Errorf("a draft or scheduled article was found: %q", got)
	}
	if got := f.titles(t, "am tien", search.Filter{Now: now.Add(2 * time.Hour)}); len(got) != 1 || got[0] != "Hẹn giờ am tiên" {
		t.Errorf("scheduled article not found once its time came: %q", got)
	}
	// A write the database refuses leaves the index unchanged.
	bad := content.Article{SiteID: f.site.ID, CategoryID: f.cat.ID, Title: "Trùng đường dẫn", Slug: a.Slug, Status: content.StatusPublished, PublishedAt: now}
	if err := s.CreateArticle(ctx, &bad); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("duplicate slug: %v", err)
	}
	if got := f.titles(t, "trung duong dan", search.Filter{}); len(got) != 0 {
		t.Errorf("a refused article reached the index: %q", got)
	}
	p := content.Page{SiteID: f.site.ID, Title: "Giới thiệu huyện Gia Viễn", Body: "<p>Vị trí địa lý</p>"}
	must(t, f.svc.SavePage(ctx, &p, nil), "SavePage")
	if got := f.titles(t, "vi tri dia ly", search.Filter{Kinds: []string{search.KindPage}}); len(got) != 1 {
		t.Errorf("static page not found: %q", got)
	}
}

func testSearchFilters(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	other := content.Category{SiteID: f.site.ID, Name: "Văn hóa"}
	must(t, f.svc.SaveCategory(ctx, &other, nil), "SaveCategory")
	d := func(y int) time.Time { return time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
	f.article(t, "Nông thôn mới 2021", "Xây dựng nông thôn mới.", d(2021))
	f.article(t, "Nông thôn mới 2023", "Xây dựng nông thôn mới.", d(2023))
	b := content.Article{SiteID: f.site.ID, CategoryID: other.ID, Title: "Văn hóa nông thôn mới", Body: "<p>x</p>", Status: content.StatusPublished, PublishedAt: d(2022)}
	must(t, f.svc.SaveArticle(ctx, &b), "SaveArticle")
	site2 := content.Site{Key: "b", Name: "B"}
	must(t, f.svc.SaveSite(ctx, &site2, nil), "SaveSite")
	c2 := content.Category{SiteID: site2.ID, Name: "Tin"}
	must(t, f.svc.SaveCategory(ctx, &c2, nil), "SaveCategory")
	x := content.Article{SiteID: site2.ID, CategoryID: c2.ID, Title: "Nông thôn mới xã khác", Status: content.StatusPublished, PublishedAt: d(2023)}
	must(t, f.svc.SaveArticle(ctx, &x), "SaveArticle")

	if got := f.titles(t, "nong thon moi", search.Filter{}); len(got) != 3 {
		t.Errorf("site filter: %q, want the site's 3 articles", got)
	}
	if got := f.titles(t, "nong thon moi", search.Filter{CategoryIDs: []int64{other.ID}}); len(got) != 1 || got[0] != "Văn hóa nông thôn mới" {
		t.Errorf("category filter: %q", got)
	}
	if got := f.titles(t, "nong thon moi", search.Filter{From: d(2022), To: d(2024)}); len(got) != 2 {
		t.Errorf("date filter: %q, want 2022 and 2023", got)
	}
	if got := f.titles(t, "nong thon moi -van -hoa", search.Filter{}); len(got) != 2 {
		t.Errorf("exclusion: %q", got)
	}
	if got := f.titles(t, `"moi xay dung"`, search.Filter{}); len(got) != 0 {
		t.Errorf("a phrase matched across the title/text boundary or out of order: %q", got)
	}
	if got := f.titles(t, `"xây dựng nông thôn"`, search.Filter{}); len(got) != 2 {
		t.Errorf("phrase: %q", got)
	}
	if got := f.titles(t, "nong thon moi", search.Filter{Kinds: []string{search.KindPage}}); len(got) != 0 {
		t.Errorf("kind filter: %q", got)
	}
}

func testSearchRanking(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// Titles of the same length and the same text: only the diacritics and
	// the dates tell them apart.
	f.article(t, "Tin về dương", "Bài viết.", day.Add(3*time.Hour))
	f.article(t, "Tin về đương", "Bài viết.", day.Add(2*time.Hour))
	f.article(t, "Tin về đường", "Bài viết.", day.Add(1*time.Hour))
	if got := f.titles(t, "đường", search.Filter{}); len(got) != 3 || got[0] != "Tin về đường" {
		t.Errorf("đường: %q, want the exactly accented article first", got)
	}
	if got := f.titles(t, "duong", search.Filter{}); len(got) != 3 || got[0] != "Tin về dương" {
		t.Errorf("duong without diacritics: %q, want all three with the newest first", got)
	}
	// The whole query in order beats the same words scattered.
	f.article(t, "Hội nghị tổng kết", "Công tác bảo trợ xã hội và chính sách khác được bàn.", day.Add(5*time.Hour))
	f.article(t, "Về chính sách", "Hội xã bảo đảm trợ giúp.", day.Add(6*time.Hour))
	f.article(t, "Chính sách bảo trợ xã hội", "Nội dung.", day)
	got := f.titles(t, "chính sách bảo trợ xã hội", search.Filter{})
	if len(got) < 2 || got[0] != "Chính sách bảo trợ xã hội" || got[1] != "Hội nghị tổng kết" {
		t.Errorf("phrase ranking: %q", got)
	}
	// Old and new tone placement are the same accented word.
	f.article(t, "Văn hoá cơ sở", "x", day)
	f.article(t, "Văn hóa truyền thống", "x", day.Add(-time.Hour))
	for _, q := range []string{"văn hóa", "văn hoá"} {
		if got := f.titles(t, q, search.Filter{}); len(got) != 2 {
			t.Errorf("%q: %q, want both tone placements", q, got)
		}
	}
}

// hostile are inputs that must never reach an engine as syntax.
var hostile = []string{
	`"`, `""`, `"""`, `(`, `)`, `()`, `bao AND tro`, `bao OR`, `NEAR(bao tro)`, `bao NEAR/2 tro`, `*`, `bao*`, `^bao`,
	`title:bao`, `{title}: bao`, `bao - tro`, `-`, `--bao`, `bao -"tro xa"`, `'`, `''`, `\`, `bao\"tro`, `:`, `a:b:c`,
	`!bao`, `bao & tro`, `bao | tro`, `bao <-> tro`, `😀 bảo trợ 🎉`, "bao\x00tro", "bao\ttro\nxa", `%_`, `;DROP TABLE articles;--`,
	"\u0301\u0301", "ក្រុង", "中文", "ǅ", "\xff\xfe", `"bao tro`, `bao tro"`, "“bảo trợ”", `NOT bao`, `bao NOT`, `AND`, `OR OR`,
}

func testSearchHostile(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	f.article(t, "Bảo trợ xã hội", "Nội dung.", time.Now().Add(-time.Hour))
	for _, in := range hostile {
		q, err := search.Parse(in)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) || apperr.MessageOf(err) == "" {
				t.Errorf("Parse(%q): %v, want a Vietnamese invalid-query message", in, err)
			}
			continue
		}
		if _, err := f.srch.Search(ctx, q, search.Filter{SiteID: f.site.ID}, 10, 0); err != nil {
			t.Errorf("Search(%q) (parsed %+v): %v", in, q, err)
		}
	}
}

func testSearchReindex(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	for i := 0; i < 7; i++ {
		f.article(t, fmt.Sprintf("Bài số %d về cải cách hành chính", i), "Nội dung.", time.Now().Add(-time.Duration(i)*time.Hour))
	}
	p := content.Page{SiteID: f.site.ID, Title: "Cải cách hành chính", Body: "<p>Trang</p>"}
	must(t, f.svc.SavePage(ctx, &p, nil), "SavePage")
	before := f.titles(t, "cai cach hanh chinh", search.Filter{})
	var calls, lastTotal int
	must(t, s.Reindex(ctx, func(done, total int) { calls++; lastTotal = total }), "Reindex")
	if calls != 8 || lastTotal != 8 {
		t.Errorf("progress called %d times with total %d, want 8 and 8", calls, lastTotal)
	}
	after := f.titles(t, "cai cach hanh chinh", search.Filter{})
	if fmt.Sprint(before) != fmt.Sprint(after) || len(after) != 8 {
		t.Errorf("after Reindex %q, before %q", after, before)
	}
}

// testSearchManyMatches: past search.MaxCount matches the count stops and
// the candidates come from the newest matches and the newest title
// matches; old articles with the word in their title still rank first.
func testSearchManyMatches(t *testing.T, s SearchStore) {
	f := newFixture(t, s)
	base := time.Now().Add(-2000 * time.Hour)
	for i := 0; i < 5; i++ { // old, and the only ones with the word in the title
		f.article(t, fmt.Sprintf("Đê điều số %d", i), "Bài viết.", base.Add(time.Duration(i)*time.Hour))
	}
	for i := 0; i < search.MaxCount+20; i++ {
		f.article(t, fmt.Sprintf("Tin %d", i), "Công tác kiểm tra đê điều trước mùa mưa bão.", base.Add(time.Duration(100+i)*time.Minute))
	}
	q, _ := search.Parse("đê điều")
	res, err := f.srch.Search(ctx, q, search.Filter{SiteID: f.site.ID}, 10, 0)
	must(t, err, "Search")
	if !res.More || res.Total != search.MaxCount {
		t.Errorf("total %d, more %v: want %d and more", res.Total, res.More, search.MaxCount)
	}
	if len(res.Hits) != 10 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	for i := 0; i < 5; i++ {
		if !strings.HasPrefix(res.Hits[i].Title, "Đê điều số") {
			t.Errorf("hit %d is %q; want the five title matches first", i, res.Hits[i].Title)
		}
	}
	// A narrower query is counted exactly and scored in full.
	q, _ = search.Parse(`"đê điều số"`)
	res, err = f.srch.Search(ctx, q, search.Filter{SiteID: f.site.ID}, 10, 0)
	must(t, err, "Search")
	if res.More || res.Total != 5 {
		t.Errorf("phrase: total %d, more %v; want exactly 5", res.Total, res.More)
	}
}
