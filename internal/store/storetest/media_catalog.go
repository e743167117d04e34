package storetest

import (
	"errors"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// MediaCatalogStore keeps media records, the content that shows them and
// the accounts that uploaded them.
type MediaCatalogStore interface {
	MediaAccessStore
	media.CatalogStore
	user.UserStore
}

// RunMediaCatalog runs the conformance suite of the media library's
// catalogue: search by name, description, caption, kind, date and
// uploader, on the site's own records only; where each record is used
// (articles and pages as saved, documents as listed), following each save;
// captions; and deletion, refused while published content shows the record.
func RunMediaCatalog(t *testing.T, open func(t *testing.T) MediaCatalogStore) {
	t.Run("Search", func(t *testing.T) { testMediaSearch(t, open(t)) })
	t.Run("Uses", func(t *testing.T) { testMediaUses(t, open(t)) })
	t.Run("DetailsAndDelete", func(t *testing.T) { testMediaDelete(t, open(t)) })
}

func ids(items []media.Item) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testMediaSearch(t *testing.T, s MediaCatalogStore) {
	site := newSite(t, s, "thu-vien")
	other := newSite(t, s, "thu-vien-khac")
	u := user.User{Email: "phongvien@thuvien.example.vn", Name: "Nguyễn Thị Kim Thoả", PasswordHash: "x"}
	must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")

	mk := func(siteID int64, base, name, alt, caption string, by int64, at time.Time) media.Item {
		it := mediaImage(siteID, base)
		it.FileName, it.Alt, it.Caption, it.CreatedBy, it.CreatedAt = name, alt, caption, by, at
		return createMedia(t, s, it)
	}
	d := func(day int) time.Time { return time.Date(2026, 12, day, 9, 0, 0, 0, time.UTC) }
	cho := mk(site.ID, "c1/c1/c1c1000000000000000000000000001", "cho-que.jpg", "Chợ quê ngày Tết", "Ảnh: Kim Thoả", u.ID, d(1))
	le := mk(site.ID, "c1/c1/c1c1000000000000000000000000002", "IMG_2041.JPG", "Lễ hội đền Thái Vi", "Ảnh: LEHOI Ninh Bình", 0, d(3))
	dong := mk(site.ID, "c1/c1/c1c1000000000000000000000000003", "dong-lua.jpg", "Cánh đồng lúa chín", "", u.ID, d(5))
	mk(other.ID, "c1/c1/c1c1000000000000000000000000004", "cho-que.jpg", "Chợ quê ngày Tết", "Ảnh: Kim Thoả", u.ID, d(1))
	file := mediaFile(site.ID, "c1/c1/c1c1000000000000000000000000005.pdf")
	file.CreatedAt = d(4)
	file = createMedia(t, s, file)

	search := func(what string, f media.Filter, want ...media.Item) {
		t.Helper()
		f.SiteID = site.ID
		if f.Limit == 0 {
			f.Limit = 50
		}
		got, total, err := s.SearchMedia(ctx, f)
		must(t, err, "SearchMedia "+what)
		if !sameIDs(ids(got), ids(want)) || total != len(want) && f.Offset == 0 && f.Limit >= len(want) {
			t.Errorf("%s: SearchMedia = %v (total %d), want %v", what, ids(got), total, ids(want))
		}
	}
	search("everything, newest first", media.Filter{}, file, dong, le, cho)
	search("by file name", media.Filter{Query: "img_2041"}, le)
	search("by description", media.Filter{Query: "Thái Vi"}, le)
	search("by caption", media.Filter{Query: "Kim Thoả"}, cho)
	search("by caption, ASCII letters in another case", media.Filter{Query: "lehoi"}, le)
	search("by attachment name", media.Filter{Query: "kế hoạch"}, file)
	search("a pattern character is literal", media.Filter{Query: "%"})
	search("photos only", media.Filter{Kind: media.KindImage}, dong, le, cho)
	search("attachments only", media.Filter{Kind: media.KindFile}, file)
	search("by date", media.Filter{From: d(2), To: d(5)}, file, le)
	search("by uploader's name", media.Filter{Uploader: "kim thoả"}, dong, cho)
	search("by uploader's e-mail", media.Filter{Uploader: "phongvien@"}, dong, cho)
	search("no match", media.Filter{Query: "không có"})

	got, total, err := s.SearchMedia(ctx, media.Filter{SiteID: site.ID, Limit: 2, Offset: 1})
	must(t, err, "SearchMedia page 2")
	if !sameIDs(ids(got), []int64{dong.ID, le.ID}) || total != 4 {
		t.Errorf("second page: %v (total %d), want %v of 4", ids(got), total, []int64{dong.ID, le.ID})
	}
	if got, _, err := s.SearchMedia(ctx, media.Filter{SiteID: site.ID, Query: "cho-que", Limit: 10}); err != nil || len(got) != 1 || got[0].Caption != "Ảnh: Kim Thoả" || got[0].FileName != "cho-que.jpg" {
		t.Errorf("the found record lost its name or caption: %+v, %v", got, err)
	}
}

func testMediaUses(t *testing.T, s MediaCatalogStore) {
	site := newSite(t, s, "dung-o-dau")
	other := newSite(t, s, "dung-o-dau-khac")
	cat := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	photo := createMedia(t, s, mediaImage(site.ID, "d1/d1/d1d1000000000000000000000000001"))
	inBody := createMedia(t, s, mediaImage(site.ID, "d1/d1/d1d1000000000000000000000000002"))
	file := createMedia(t, s, mediaFile(site.ID, "d1/d1/d1d1000000000000000000000000003.pdf"))
	unused := createMedia(t, s, mediaImage(site.ID, "d1/d1/d1d1000000000000000000000000004"))
	foreign := createMedia(t, s, mediaImage(other.ID, "d1/d1/d1d1000000000000000000000000005"))

	body := `<figure><img src="/anh/` + inBody.Variants[1].Key + `" srcset="/anh/` + inBody.Variants[0].Key + ` 480w" alt="x"><figcaption>Ảnh: A</figcaption></figure>` +
		`<p><a href="/tep/` + file.FileKey + `/quyet-dinh.pdf">Quyết định</a></p>` +
		`<img src="/anh/` + foreign.Variants[0].Key + `" alt="ảnh của trang khác">`
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Khai mạc lễ hội", Slug: "khai-mac-le-hoi", Body: body,
		Status: content.StatusDraft, Photo: content.Photo{ID: photo.ID, Src: "/anh/" + photo.Variants[2].Key, Alt: "x"}}
	must(t, s.CreateArticle(ctx, &a), "CreateArticle")

	uses := func(what string, want map[int64][]media.Use) {
		t.Helper()
		got, err := s.FindMediaUses(ctx, site.ID, []int64{photo.ID, inBody.ID, file.ID, unused.ID, foreign.ID})
		must(t, err, "FindMediaUses "+what)
		gotBy := map[int64][]media.Use{}
		for _, u := range got {
			gotBy[u.MediaID] = append(gotBy[u.MediaID], u)
		}
		for id := range want {
			for i := range want[id] {
				want[id][i].MediaID = id
			}
		}
		if len(gotBy) != len(want) {
			t.Errorf("%s: uses of %d records, want %d: %+v", what, len(gotBy), len(want), got)
		}
		for id, w := range want {
			g := gotBy[id]
			if len(g) != len(w) {
				t.Errorf("%s: record %d used %+v, want %+v", what, id, g, w)
				continue
			}
			for i := range w {
				if g[i] != w[i] {
					t.Errorf("%s: record %d use %d = %+v, want %+v", what, id, i, g[i], w[i])
				}
			}
		}
	}
	art := func(public bool) []media.Use {
		return []media.Use{{Kind: media.UseArticle, OwnerID: a.ID, Title: a.Title, Slug: a.Slug, Public: public}}
	}
	uses("a draft", map[int64][]media.Use{photo.ID: art(false), inBody.ID: art(false), file.ID: art(false)})

	a.Status, a.PublishedAt = content.StatusPublished, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	must(t, s.UpdateArticle(ctx, &a), "publish")
	uses("published", map[int64][]media.Use{photo.ID: art(true), inBody.ID: art(true), file.ID: art(true)})

	// A page and a document use records too.
	p := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Body: `<p><img src="/anh/` + unused.Variants[0].Key + `" alt="y"></p>`}
	must(t, s.CreatePage(ctx, &p, nil), "CreatePage")
	doc := document.Document{SiteID: site.ID, Type: "Quyết định", Number: "7/QĐ-UBND", Issuer: "UBND huyện",
		Abstract: "Về kế hoạch", IssuedOn: day("2025-02-03"), Status: document.StatusDraft, FileIDs: []int64{file.ID}}
	must(t, s.CreateDocument(ctx, &doc, nil), "CreateDocument")
	uses("with a page and a document", map[int64][]media.Use{photo.ID: art(true), inBody.ID: art(true),
		file.ID:   append(art(true), media.Use{Kind: media.UseDocument, OwnerID: doc.ID, Title: "7/QĐ-UBND Về kế hoạch"}),
		unused.ID: {{Kind: media.UsePage, OwnerID: p.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Public: true}}})

	// The featured photo replaced and the body emptied: the rows follow.
	a.Photo, a.Body = content.Photo{}, "<p>Không còn ảnh.</p>"
	must(t, s.UpdateArticle(ctx, &a), "edit")
	p.Body = "<p>Trang không còn ảnh.</p>"
	must(t, s.UpdatePage(ctx, &p, nil), "UpdatePage")
	uses("after the edits", map[int64][]media.Use{file.ID: {{Kind: media.UseDocument, OwnerID: doc.ID, Title: "7/QĐ-UBND Về kế hoạch"}}})

	if got, err := s.FindMediaUses(ctx, other.ID, []int64{photo.ID, file.ID}); err != nil || len(got) != 0 {
		t.Errorf("another site sees uses of this site's records: %+v, %v", got, err)
	}
}

func testMediaDelete(t *testing.T, s MediaCatalogStore) {
	site := newSite(t, s, "xoa-tep")
	other := newSite(t, s, "xoa-tep-khac")
	cat := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	photo := createMedia(t, s, mediaImage(site.ID, "e1/e1/e1e1000000000000000000000000001"))
	loose := createMedia(t, s, mediaImage(site.ID, "e1/e1/e1e1000000000000000000000000002"))

	// Alt text and caption, audited; another site's record is not found.
	a := &audit.Entry{Action: "media.edit", ActorID: 1}
	must(t, s.UpdateMediaDetails(ctx, site.ID, photo.ID, "Đoàn rước kiệu", "Ảnh: Kim Thoả", a), "UpdateMediaDetails")
	got, err := s.FindMedia(ctx, site.ID, photo.ID)
	must(t, err, "FindMedia")
	if got.Alt != "Đoàn rước kiệu" || got.Caption != "Ảnh: Kim Thoả" {
		t.Errorf("after UpdateMediaDetails: alt %q caption %q", got.Alt, got.Caption)
	}
	wantCode(t, s.UpdateMediaDetails(ctx, other.ID, photo.ID, "x", "y", nil), apperr.NotFound, "UpdateMediaDetails from another site")

	// Used by a published article: refused, the record kept.
	art := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Bài có ảnh", Slug: "bai-co-anh", Body: "<p>x</p>",
		Status: content.StatusPublished, PublishedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Photo: content.Photo{ID: photo.ID, Src: "/anh/" + photo.Variants[2].Key, Alt: "x"}}
	must(t, s.CreateArticle(ctx, &art), "CreateArticle")
	_, err = s.DeleteMedia(ctx, site.ID, photo.ID, nil)
	if !errors.Is(err, media.ErrInUse) {
		t.Errorf("DeleteMedia of a published article's photo: %v, want ErrInUse", err)
	}
	if _, err := s.FindMedia(ctx, site.ID, photo.ID); err != nil {
		t.Errorf("the refused deletion removed the record: %v", err)
	}
	// Another site cannot delete it either.
	_, err = s.DeleteMedia(ctx, other.ID, loose.ID, nil)
	wantCode(t, err, apperr.NotFound, "DeleteMedia from another site")

	// Withdrawn, the article no longer holds it.
	art.Status = content.StatusWithdrawn
	must(t, s.UpdateArticle(ctx, &art), "withdraw")
	del := &audit.Entry{Action: "media.delete", ActorID: 1}
	gone, err := s.DeleteMedia(ctx, site.ID, photo.ID, del)
	must(t, err, "DeleteMedia after the withdrawal")
	if gone.ID != photo.ID || len(gone.Variants) != 3 {
		t.Errorf("DeleteMedia returned %+v", gone)
	}
	_, err = s.FindMedia(ctx, site.ID, photo.ID)
	wantCode(t, err, apperr.NotFound, "FindMedia after DeleteMedia")
	if u, err := s.FindMediaUses(ctx, site.ID, []int64{photo.ID}); err != nil || len(u) != 0 {
		t.Errorf("uses of a deleted record: %+v, %v", u, err)
	}

	// A page (always public) that shows a photo keeps it too.
	pg := content.Page{SiteID: site.ID, Title: "Trang", Slug: "trang", Body: `<p><img src="/anh/` + loose.Variants[0].Key + `" alt="z"></p>`}
	must(t, s.CreatePage(ctx, &pg, nil), "CreatePage")
	_, err = s.DeleteMedia(ctx, site.ID, loose.ID, nil)
	if !errors.Is(err, media.ErrInUse) {
		t.Errorf("DeleteMedia of a page's photo: %v, want ErrInUse", err)
	}
}
