package demo

import (
	"context"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/question"
	"trangtin/internal/schedule"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
)

type demoFixture struct {
	db   *sqlite.DB
	svc  *content.Service
	lib  *media.Library
	site content.Site
}

func newDemo(t *testing.T) demoFixture {
	t.Helper()
	ctx := context.Background()
	db := testenv.Must(sqlite.Open(ctx, filepath.Join(t.TempDir(), "trangtin.db"))).Get(t)
	t.Cleanup(func() { db.Close() })
	blobs := testenv.Must(localfs.New(t.TempDir())).Get(t)
	t.Cleanup(func() { blobs.Close() })
	svc := content.NewService(db)
	lib := media.NewLibrary(db, blobs, media.Limits{})
	if created, err := EnsureWith(ctx, svc, lib); err != nil || !created {
		t.Fatalf("EnsureWith: created %v, %v", created, err)
	}
	site := testenv.Must(db.FindSiteByKey(ctx, SiteKey)).Get(t)
	return demoFixture{db: db, svc: svc, lib: lib, site: site}
}

// otherPlaces are provinces (as they were before 2025 and after) and
// districts of the other portals the demo's articles once came from; none
// may appear in the demo, which is all of Ninh Bình.
var otherPlaces = []string{
	"An Giang", "Bà Rịa", "Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
	"Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
	"Hà Giang", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
	"Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nghệ An", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
	"Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thanh Hoá", "Thừa Thiên",
	"Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
	// the portals of the articles the demo used to import
	"Hoằng Hóa", "Đô Lương", "Quang Sơn", "Yên Lập", "Xuân Viên", "Kiến An", "Văn Đẩu", "Mộ Đức", "Đức Hòa", "Bình Long", "Phú Thịnh",
	"Thống Nhất", "Đức Linh", "Trà Tân",
}

// leaderMention finds "đồng chí <Name>, …Chủ tịch UBND huyện" in a text.
var leaderMention = regexp.MustCompile(`(?:[Đđ]ồng chí|ông|bà) ((?:\p{Lu}\p{Ll}*\s?){2,4}), (?:[^,.]*, )?((?:Phó )?Chủ tịch UBND huyện)|((?:Phó )?Chủ tịch UBND huyện) ((?:\p{Lu}\p{Ll}*\s?){2,4})`)

// TestDemoTellsOneStory: the leaders of Lãnh đạo are the ones of the work
// schedule, of the articles and of the documents; no other province's
// place shows anywhere in the demo; the site's name takes its capitals.
func TestDemoTellsOneStory(t *testing.T) {
	f := newDemo(t)
	ctx := context.Background()
	if f.site.Name != "Trang thông tin điện tử huyện Gia Viễn" {
		t.Errorf("site name %q", f.site.Name)
	}
	positions := map[string]string{}
	furn := content.NewFurniture(f.db, f.svc.NotifyChanged)
	for _, l := range testenv.Must(furn.Leaders(ctx, f.site.ID)).Get(t) {
		positions[l.Name] = l.Position
	}
	if len(positions) != len(Leaders) {
		t.Fatalf("Lãnh đạo lists %v, want %d leaders", positions, len(Leaders))
	}
	named := map[string]int{} // leader → places they appear
	check := func(where, name, position string) {
		t.Helper()
		name = strings.TrimSpace(name)
		if p, ok := positions[name]; !ok {
			t.Errorf("%s names %q, who is not in Lãnh đạo %v", where, name, positions)
		} else if position != "" && p != position {
			t.Errorf("%s names %s as %q; Lãnh đạo says %q", where, name, position, p)
		}
		named[name]++
	}

	entries := testenv.Must(f.db.FindScheduleEntries(ctx, schedule.Filter{SiteID: f.site.ID})).Get(t)
	if len(entries) == 0 {
		t.Fatal("no schedule")
	}
	for _, e := range entries {
		check("the schedule", e.Leader, e.Position)
	}
	for name := range positions {
		if named[name] == 0 {
			t.Errorf("%s of Lãnh đạo has nothing in the schedule", name)
		}
	}

	sites := testenv.Must(f.db.FindSites(ctx)).Get(t)
	var texts []string // every title and text of the demo, for the places
	for _, s := range sites {
		arts := testenv.Must(f.db.FindArticles(ctx, content.ArticleFilter{SiteID: s.ID, Limit: 100})).Get(t)
		if s.ID == f.site.ID && len(arts) != len(Stories)+1 {
			t.Errorf("%d articles on the demo site, want %d", len(arts), len(Stories)+1)
		}
		for _, a := range arts {
			texts = append(texts, a.Title, a.Summary, a.Body, a.Author, a.Unit)
			if s.ID != f.site.ID {
				continue
			}
			for _, m := range leaderMention.FindAllStringSubmatch(a.Title+"\n"+a.Summary+"\n"+a.Body, -1) {
				if m[1] != "" {
					check("article «"+a.Title+"»", m[1], m[2])
				} else {
					check("article «"+a.Title+"»", m[4], m[3])
				}
			}
		}
	}
	for name := range positions {
		if named[name] < 2 {
			t.Errorf("%s of Lãnh đạo is named in no article", name)
		}
	}
	docs := testenv.Must(f.db.FindDocuments(ctx, document.Filter{SiteID: f.site.ID, Limit: 100})).Get(t)
	if len(docs) != len(Documents) {
		t.Errorf("%d documents, want %d", len(docs), len(Documents))
	}
	for _, d := range docs {
		check("document "+d.Number, d.Signer, "")
		texts = append(texts, d.Abstract, d.Issuer)
	}
	qs, _, err := f.db.FindQuestions(ctx, question.Filter{SiteID: f.site.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		texts = append(texts, q.Subject, q.Body, q.Answer, q.Address, q.Unit)
	}
	for _, e := range entries {
		texts = append(texts, e.Content, e.Place, e.Participants)
	}
	for _, s := range sites {
		texts = append(texts, s.Name, s.Agency, s.Address)
	}
	for _, text := range texts {
		for _, p := range otherPlaces {
			if containsWord(text, p) {
				t.Errorf("the demo names %q, of another province: %.120q", p, text)
			}
		}
	}

	menu := testenv.Must(furn.Menu(ctx, f.site.ID)).Get(t)
	if !slices.ContainsFunc(menu, func(m content.MenuItem) bool { return m.Label == "Liên hệ" && m.Target == content.ContactPath }) {
		t.Error("the demo's menu has no Liên hệ")
	}
}

// containsWord reports whether text has word, not as part of a longer word.
func containsWord(text, word string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		before := start == 0 || !isLetter(text[:start], true)
		after := end == len(text) || !isLetter(text[end:], false)
		if before && after {
			return true
		}
		i = end
	}
}

func isLetter(s string, last bool) bool {
	rs := []rune(s)
	r := rs[0]
	if last {
		r = rs[len(rs)-1]
	}
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r > 0x7F && !strings.ContainsRune("“”–—…", r)
}

// TestDemoHasPhotosAndFiles: the lead stories have photos from the media
// library, described, a few kilobytes each; every document has its PDF.
func TestDemoHasPhotosAndFiles(t *testing.T) {
	f := newDemo(t)
	ctx := context.Background()
	arts := testenv.Must(f.db.FindArticles(ctx, content.ArticleFilter{SiteID: f.site.ID, Limit: 100})).Get(t)
	withPhoto, featured := 0, false
	for _, a := range arts {
		if a.Photo.ID == 0 {
			continue
		}
		withPhoto++
		featured = featured || a.Featured
		it := testenv.Must(f.lib.Find(ctx, f.site.ID, a.Photo.ID)).Get(t)
		if it.NeedsAlt() || a.Photo.Alt == "" || !strings.HasPrefix(a.Photo.Src, media.ImagePathPrefix) || a.Photo.Srcset == "" {
			t.Errorf("«%s»: photo %+v", a.Title, a.Photo)
		}
	}
	if withPhoto < 6 || !featured {
		t.Errorf("%d articles with a photo (featured among them: %v), want the featured one and at least 5 more", withPhoto, featured)
	}
	for _, s := range []Scene{SceneMeeting, SceneRoad, SceneRiver, SceneField, SceneSchool, SceneLagoon, SceneFestival} {
		b := testenv.Must(PNG(s, 720, 450)).Get(t)
		if len(b) > 20<<10 {
			t.Errorf("scene %s is %d bytes as PNG, want a few KB", s, len(b))
		}
	}
	docs := testenv.Must(f.db.FindDocuments(ctx, document.Filter{SiteID: f.site.ID, Limit: 100})).Get(t)
	for _, d := range docs {
		if len(d.FileIDs) != 1 {
			t.Errorf("document %s has %d files", d.Number, len(d.FileIDs))
			continue
		}
		files := testenv.Must(f.lib.Files(ctx, f.site.ID, d.FileIDs)).Get(t)
		it := files[d.FileIDs[0]]
		_, rc, _, err := f.lib.OpenFile(ctx, f.site.ID, it.FileKey)
		if err != nil {
			t.Fatal(err)
		}
		data := testenv.Must(io.ReadAll(rc)).Get(t)
		rc.Close()
		if it.ContentType != "application/pdf" || !strings.HasPrefix(string(data), "%PDF-1.4") || !strings.HasSuffix(string(data), "%%EOF\n") || !strings.HasSuffix(it.FileName, ".pdf") {
			t.Errorf("document %s: file %s (%s, %d bytes)", d.Number, it.FileName, it.ContentType, len(data))
		}
	}
}
