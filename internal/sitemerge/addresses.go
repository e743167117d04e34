package sitemerge

import (
	"strconv"
	"strings"

	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/redirect"
)

// sectionPaths are the source's pages of a function rather than of a
// record (a register, a form, the human sitemap): each leads to the same
// function of the target.
var sectionPaths = []string{
	"/so-do-cong", "/tim-kiem", "/van-ban", "/hoi-dap", "/hoi-dap/dat-cau-hoi", "/hoi-dap/tra-cuu",
	"/gop-y-du-thao", "/lich-cong-tac", content.AboutPath, content.LeadersPath, content.AccessInfoPath,
	"/sitemap.xml", "/robots.txt",
}

// Addresses are the redirect entries of a merge of from into into: every
// public address the source had (its home page and feed, categories and
// their feeds, articles and their saved copies, static pages, documents,
// published questions and drafts for consultation, photos and public
// attachments, its functions' pages) to the new address on the target,
// and the entries that already led to the source (an import's old
// addresses, an earlier merge) pointed at the target.
func Addresses(from, into content.Site, m *Moved) ([]redirect.Entry, error) {
	src := "merge:" + from.Key
	var out []redirect.Entry
	moved := map[string]string{} // old path on the source → new path on the target
	add := func(old, new string) {
		moved[old] = new
		out = append(out, redirect.Entry{SiteID: from.ID, From: old, ToSiteID: into.ID, To: new, Source: src})
	}
	add("/", "/")
	archive := content.CategoryPath(m.ArchiveSlug)
	add("/rss", archive+"/rss")
	for _, p := range sectionPaths {
		add(p, p)
	}
	for _, c := range m.Categories {
		add(content.CategoryPath(c.Slug), content.CategoryPath(c.NewSlug))
		add(content.CategoryPath(c.Slug)+"/rss", content.CategoryPath(c.NewSlug)+"/rss")
	}
	for _, a := range m.Articles {
		if a.Public {
			add(content.ArticlePath(a.Slug), content.ArticlePath(a.NewSlug))
			add(content.ArticlePath(a.Slug)+"/tai-ve", content.ArticlePath(a.NewSlug)+"/tai-ve")
		} else {
			moved[content.ArticlePath(a.Slug)] = content.ArticlePath(a.NewSlug) // for older entries only
		}
	}
	for _, p := range m.Pages {
		add(content.PagePath(p.Slug), content.PagePath(p.NewSlug))
		add(content.AboutPagePath(p.Slug), content.PagePath(p.NewSlug))
	}
	for _, d := range m.Documents {
		if d.Public {
			path := document.Path(d.ID, d.Number)
			add(path, path)
			if bare := "/van-ban/" + strconv.FormatInt(d.ID, 10); bare != path {
				add(bare, path)
			}
		}
	}
	for _, id := range m.Questions {
		add(question.Path(id), question.Path(id))
	}
	for _, id := range m.Consultations {
		add(consultation.Path(id), consultation.Path(id))
	}
	for _, k := range m.Images {
		add(media.ImageURL(k), media.ImageURL(k))
	}
	for _, f := range m.Files {
		u := media.FileURL(f.Key, f.Name)
		add(u, u)
		add(media.FilePathPrefix+strconv.FormatInt(f.ID, 10)+"/"+strings.TrimPrefix(u, media.FilePathPrefix+f.Key+"/"), u)
	}
	for i := range out {
		k, err := redirect.Key(out[i].From)
		if err != nil {
			return nil, err
		}
		out[i].From = k
	}
	for _, e := range m.Existing {
		e.ToSiteID = into.ID
		if to, ok := moved[e.To]; ok {
			e.To = to
		}
		out = append(out, e)
	}
	return out, nil
}
