package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/vi"
)

// mergeSource is one of the fixture's dissolved sites.
type mergeSource struct {
	key, name, host, word string
}

var mergeSources = []mergeSource{
	{"huyen-gia-son", "Huyện Gia Sơn", "giason.ninhbinh.gov.vn", "Gia Sơn"},
	{"huyen-gia-thuy", "Huyện Gia Thủy", "giathuy.ninhbinh.gov.vn", "Gia Thủy"},
	{"huyen-gia-van", "Huyện Gia Vân", "giavan.ninhbinh.gov.vn", "Gia Vân"},
}

const (
	mergeTarget     = "tinh-ninh-binh"
	mergeTargetHost = "ninhbinh.gov.vn"
	mergeArticles   = 500 // a source
	mergeDrafts     = 5   // of them, never public
)

func mergeSourceKeys() string {
	var keys []string
	for _, s := range mergeSources {
		keys = append(keys, s.key)
	}
	return strings.Join(keys, ",")
}

// mergeTitle is the title of article i of source s: unique, so a search
// finds it.
func mergeTitle(s mergeSource, i int) string {
	return fmt.Sprintf("Bản tin %s số %d về hội nghị giao ban", s.word, i)
}

// buildMergeFixture creates, in the store of cfg, the province portal and
// three district sites of mergeArticles articles each (slugs shared
// between them and with the province, so the merge renames), with
// revisions, categories in a tree, static pages, documents with an
// attachment, a photo, citizens' questions and a draft for consultation
// with a comment.
func buildMergeFixture(t *testing.T, db store, dataDir string) {
	t.Helper()
	ctx := context.Background()
	blobs, err := localfs.New(filepath.Join(dataDir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(db, blobs, media.Limits{})
	batch := []content.NewSite{{Site: &content.Site{Key: mergeTarget, Name: "Cổng thông tin điện tử tỉnh Ninh Bình", Kind: content.KindProvince, Host: mergeTargetHost}}}
	for _, s := range mergeSources {
		batch = append(batch, content.NewSite{Site: &content.Site{Key: s.key, Name: s.name, Kind: content.KindCommune, Host: s.host}, ParentKey: mergeTarget})
	}
	if err := content.NewSites(db).Add(ctx, batch, audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	// Every module on, whatever the kind's kit switched on: the sources
	// hold records of each.
	var all []content.Module
	for _, m := range content.Modules {
		all = append(all, m.Module)
	}
	for _, n := range batch {
		must(t, content.NewFurniture(db, nil).SaveModules(ctx, n.Site.ID, all, nil))
	}
	target := batch[0].Site
	cat := content.Category{SiteID: target.ID, Name: "Tin tức", Slug: "tin-tuc", Position: 1}
	must(t, db.CreateCategory(ctx, &cat, nil))
	for i := range 5 { // the province already has some of the districts' slugs
		a := content.Article{SiteID: target.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Tin của tỉnh %d", i), Slug: fmt.Sprintf("bai-%03d", i),
			Status: content.StatusPublished, PublishedAt: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)}
		must(t, db.CreateArticle(ctx, &a))
	}
	for n, s := range mergeSources {
		fillMergeSource(t, db, lib, batch[n+1].Site, s, n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func fillMergeSource(t *testing.T, db store, lib *media.Library, site *content.Site, s mergeSource, n int) {
	t.Helper()
	ctx := context.Background()
	var cats []content.Category
	for i, c := range []struct {
		name, slug string
		parent     int
	}{{"Tin tức", "tin-tuc", -1}, {"Sự kiện", "su-kien", 0}, {"Văn hóa", "van-hoa", -1}} {
		cat := content.Category{SiteID: site.ID, Name: c.name, Slug: c.slug, Position: i + 1}
		if c.parent >= 0 {
			cat.ParentID = cats[c.parent].ID
		}
		must(t, db.CreateCategory(ctx, &cat, nil))
		cats = append(cats, cat)
	}
	base := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	for i := range mergeArticles {
		a := content.Article{SiteID: site.ID, CategoryID: cats[i%3].ID, Title: mergeTitle(s, i), Slug: fmt.Sprintf("bai-%03d", i),
			Summary: "Tóm tắt " + mergeTitle(s, i), Body: "<p>Nội dung " + mergeTitle(s, i) + ".</p>", Author: "Phóng viên " + s.word,
			Unit: "Trung tâm VHTT " + s.word, Status: content.StatusPublished, PublishedAt: base.Add(time.Duration(i) * time.Minute), Featured: i == 0}
		if i >= mergeArticles-mergeDrafts {
			a.Status, a.PublishedAt = content.StatusDraft, time.Time{}
		}
		if i%50 == 0 { // with a revision, as the newsroom saves them
			must(t, db.ApplyChange(ctx, &newsroom.Change{Article: &a, Revision: &newsroom.Revision{Stage: a.Status,
				Draft: newsroom.Draft{CategoryID: a.CategoryID, Title: a.Title, Body: a.Body, Author: a.Author}}}))
			continue
		}
		must(t, db.CreateArticle(ctx, &a))
	}
	for _, p := range []content.Page{{Title: "Giới thiệu", Slug: "gioi-thieu"}, {Title: "Sơ đồ tổ chức " + s.word, Slug: "so-do-to-chuc", InMenu: true}} {
		p.SiteID, p.Body = site.ID, "<p>"+p.Title+"</p>"
		must(t, db.CreatePage(ctx, &p, nil))
	}
	_, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 640, 400)), "Ảnh hội nghị "+s.word, nil)
	must(t, err)
	file, err := lib.UploadFile(ctx, site.ID, 0, "Quyết định "+s.word+".pdf", strings.NewReader("%PDF-1.7\n%%EOF\n"), nil)
	must(t, err)
	for i := range 4 {
		d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: fmt.Sprintf("%d/QĐ-UBND", 100*n+i), Issuer: "UBND " + s.name,
			Abstract: "Kế hoạch năm 2024 của " + s.name, IssuedOn: mustDay(t, "2024-03-0"+fmt.Sprint(i+1)), Status: document.StatusPublished,
			PublishedAt: base, FileIDs: []int64{}}
		if i == 0 {
			d.FileIDs = []int64{file.ID}
		}
		if i == 3 {
			d.Status, d.PublishedAt = document.StatusDraft, time.Time{}
		}
		must(t, db.CreateDocument(ctx, &d, nil))
	}
	for i := range 4 {
		q := question.Question{SiteID: site.ID, CodeHash: fmt.Sprintf("%060d%02d%02d", 0, n, i), Name: "Công dân " + s.word, Subject: "Hỏi về đất đai " + s.word,
			Body: "Nội dung câu hỏi", Status: question.StatusPublished, Answer: "Trả lời", AnsweredBy: "UBND", ReceivedAt: base, DueAt: base,
			AnsweredAt: base, PublishedAt: base, UpdatedAt: base}
		if i == 3 {
			q.Status, q.Answer, q.PublishedAt, q.AnsweredAt = question.StatusNew, "", time.Time{}, time.Time{}
		}
		must(t, db.CreateQuestion(ctx, &q))
	}
	c := consultation.Consultation{SiteID: site.ID, Title: "Dự thảo quy chế " + s.word, Summary: "Tóm tắt", Status: consultation.StatusPublished,
		OpensAt: base, ClosesAt: base.Add(240 * time.Hour), CreatedAt: base, UpdatedAt: base, PublishedAt: base}
	must(t, db.CreateConsultation(ctx, &c, nil))
	cm := consultation.Comment{SiteID: site.ID, ConsultationID: c.ID, Name: "An", Body: "Góp ý", Status: consultation.CommentApproved, CreatedAt: base, UpdatedAt: base}
	must(t, db.CreateComment(ctx, &cm))
}

func mustDay(t *testing.T, s string) vi.Day {
	t.Helper()
	d, err := document.ParseDate(s)
	must(t, err)
	return d
}
