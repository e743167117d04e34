package nukeviet

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// importCategories brings the category tree in, parents first: the alias
// becomes the slug, the weight the position, a status other than 1
// (shown) a hidden category. A category of the site with the same slug
// that no import made is taken over rather than duplicated.
func (im *run) importCategories(ctx context.Context) error {
	cats, err := im.src.Categories(ctx)
	if err != nil {
		return err
	}
	existing, err := im.t.Content.Store().FindCategories(ctx, im.t.Site.ID)
	if err != nil {
		return err
	}
	bySlug, byID := map[string]content.Category{}, map[int64]content.Category{}
	for _, c := range existing {
		bySlug[c.Slug], byID[c.ID] = c, c
	}
	for _, nc := range cats {
		source := im.src.Identity("%s_news_cat", nc.ID)
		if nc.Bad != "" {
			im.r.Skipped(KindCategory, source, nc.Bad)
			continue
		}
		title := nc.Title
		im.clean(im.r, []*string{&title})
		c := content.Category{SiteID: im.t.Site.ID, Name: title, Slug: slugOf(nc.Alias, title), Position: int(nc.Weight), Hidden: nc.Status != 1}
		if nc.ParentID != 0 {
			parent, ok := im.cats[nc.ParentID]
			if !ok && !im.t.DryRun {
				im.r.Skipped(KindCategory, source, fmt.Sprintf("chuyên mục cha %d không có hoặc không nhập được", nc.ParentID))
				continue
			}
			c.ParentID = parent
		}
		// An earlier run's category is where the old address leads.
		addrs := im.oldAddrs(im.news, nc.Alias, "/")
		was, err := im.found(ctx, addrs[0])
		if err != nil {
			return err
		}
		if slug, ok := strings.CutPrefix(was, content.CategoryPath("")); ok && bySlug[slug].ID != 0 {
			c.ID = bySlug[slug].ID
		} else if old, ok := bySlug[c.Slug]; ok {
			c.ID = old.ID // the site's own category of that address
		}
		if im.t.DryRun {
			im.cats[nc.ID] = -nc.ID
			im.outcome(KindCategory, source, c.Slug, c.ID == 0)
			continue
		}
		isNew := c.ID == 0
		if err := im.t.Content.SaveCategory(ctx, &c, nil); err != nil {
			if err := im.skipOrFail(KindCategory, source, err); err != nil {
				return err
			}
			continue
		}
		im.cats[nc.ID] = c.ID
		bySlug[c.Slug], byID[c.ID] = c, c
		im.outcome(KindCategory, source, content.CategoryPath(c.Slug), isNew)
		im.catAlias[nc.ID] = nc.Alias
		to := content.CategoryPath(c.Slug)
		if err := im.redirect(ctx, source, to, addrs); err != nil {
			return err
		}
		if err := im.redirect(ctx, source+":rss", to+"/rss", im.oldAddrs(im.news, "rss/"+nc.Alias, "/")); err != nil {
			return err
		}
	}
	return im.flushRedirects(ctx)
}

// statusOf maps NukeViet's article status (0 waiting for approval, 1
// published, 2 scheduled, 3 expired, 4 saved as draft, 5 declined, 6 sent
// to the editors) and times to trangtin's, with the reason of a
// withdrawal.
func statusOf(a Article, now int64) (content.Status, string) {
	expired := a.Exp > 0 && a.Exp <= now
	switch a.Status {
	case 1, 2:
		switch {
		case expired:
			return content.StatusWithdrawn, "Hết hạn đăng trên trang NukeViet cũ."
		case a.Publ > now:
			return content.StatusScheduled, ""
		}
		return content.StatusPublished, ""
	case 3:
		return content.StatusWithdrawn, "Hết hạn đăng trên trang NukeViet cũ."
	case 0:
		return content.StatusApproval, ""
	case 5:
		return content.StatusReturned, ""
	case 6:
		return content.StatusSubmitted, ""
	}
	return content.StatusDraft, ""
}

// SourceURL is what an imported article's SourceURL holds: its identity
// on the old site, by which a second import finds it.
func (s *Source) SourceURL(id int64) string { return "nukeviet:" + s.Identity("%s_news_rows", id) }

// importPages brings the static pages in; a hidden one (status 0) becomes
// a draft article (see hiddenPage).
func (im *run) importPages(ctx context.Context) error {
	pages, err := im.src.Pages(ctx)
	if err != nil {
		return err
	}
	existing, err := im.t.Content.Store().FindPages(ctx, im.t.Site.ID)
	if err != nil {
		return err
	}
	bySlug := map[string]content.Page{}
	for _, p := range existing {
		bySlug[p.Slug] = p
	}
	for _, np := range pages {
		source := im.src.Identity("%s_page", np.ID)
		if np.Bad != "" {
			im.r.Skipped(KindPage, source, np.Bad)
			continue
		}
		if np.Status != 1 {
			if err := im.hiddenPage(ctx, source, np); err != nil {
				return err
			}
			continue
		}
		im.clean(im.r, []*string{&np.Title, &np.Body})
		// An earlier run's page is where the old address leads.
		addrs := im.oldAddrs(im.src.moduleName(ctx, "page"), np.Alias, ".html")
		was, err := im.found(ctx, addrs[0])
		if err != nil {
			return err
		}
		slug, ok := strings.CutPrefix(was, content.PagePath(""))
		p, ok := bySlug[slug], ok && bySlug[slug].ID != 0
		if !ok {
			// The site's own page at that address is taken over.
			p, ok = bySlug[slugOf(np.Alias, np.Title)]
		}
		if !ok {
			p = content.Page{SiteID: im.t.Site.ID}
		}
		before := p
		p.Title, p.Slug, p.Position, p.InMenu = np.Title, slugOf(np.Alias, np.Title), int(np.Weight), true
		if im.t.DryRun {
			im.outcome(KindPage, source, p.Slug, !ok)
			continue
		}
		p.Body = importer.DropEmptyParagraphs(content.SanitizeHTML(vi.NFC(im.rewriteImages(ctx, im.r, source, np.Body))))
		p.Title = vi.Line(p.Title)
		entries, err := im.entries(source, content.PagePath(p.Slug), addrs)
		if err != nil {
			return err
		}
		if ok && p == before {
			// Unchanged since the last run: not written again (a save
			// would move the page's edit version); its addresses are.
			if err := im.t.Store.PutRedirects(ctx, entries); err != nil {
				return err
			}
		} else if err := im.savePage(ctx, &p, entries); err != nil {
			if errors.Is(err, content.ErrSlugTaken) {
				im.r.Skipped(KindPage, source, fmt.Sprintf("đường dẫn /trang/%s đã có trang khác dùng", p.Slug))
				continue
			}
			if err := im.skipOrFail(KindPage, source, err); err != nil {
				return err
			}
			continue
		}
		im.r.Count("địa chỉ cũ chuyển hướng 301", len(entries))
		im.outcome(KindPage, source, content.PagePath(p.Slug), !ok)
	}
	return nil
}

// savePage checks p as content.Service.SavePage does and writes it with
// its old addresses in one transaction.
func (im *run) savePage(ctx context.Context, p *content.Page, entries []redirect.Entry) error {
	p.Title = vi.Line(p.Title)
	fields := map[string]string{}
	switch {
	case p.Title == "":
		fields["title"] = "Vui lòng nhập tiêu đề."
	case utf8.RuneCountInString(p.Title) > content.MaxTitle:
		fields["title"] = "Tiêu đề quá dài."
	}
	if p.Slug == "" || vi.Slug(p.Slug) != p.Slug {
		fields["slug"] = "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang."
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Trang tĩnh không hợp lệ.", Fields: fields}
	}
	if err := im.t.Store.ImportPage(ctx, p, entries); err != nil {
		return err
	}
	im.t.Content.NotifyChanged(im.t.Site.ID)
	return nil
}

// hiddenPage brings a hidden static page (status 0) in as a draft article,
// not public, since a static page here always is: in the category
// content.DefaultCategoryName (made when the site has none of that
// address), found again by its source address (nukeviet:…_page#ID). An
// editor's later choice of status stays.
func (im *run) hiddenPage(ctx context.Context, source string, np Page) error {
	im.clean(im.r, []*string{&np.Title, &np.Body})
	const why = "trang đang ẩn trên trang cũ: nhập thành bài viết nháp, không công khai (trangtin không có trang tĩnh ẩn)"
	url := "nukeviet:" + source
	found, err := im.t.Store.FindArticlesBySourceURL(ctx, im.t.Site.ID, []string{url})
	if err != nil {
		return err
	}
	old := found[url]
	a := old
	if old.ID == 0 {
		a = content.Article{SiteID: im.t.Site.ID, SourceURL: url, Slug: slugOf(np.Alias, np.Title), Status: content.StatusDraft}
	}
	a.Title, a.ReviewNote = np.Title, "Trang tĩnh đang ẩn trên trang NukeViet cũ."
	im.r.Warn(KindPage, source, why)
	if im.t.DryRun {
		im.outcome(KindPage, source, a.Slug, old.ID == 0)
		return nil
	}
	if a.CategoryID, err = im.draftCategory(ctx); err != nil {
		return err
	}
	a.Body = importer.DropEmptyParagraphs(content.SanitizeHTML(im.rewriteImages(ctx, im.r, source, np.Body)))
	if err := im.t.Content.PrepareArticle(ctx, &a); err != nil {
		return im.skipOrFail(KindPage, source, err)
	}
	it := &pageArticle{source: source, a: &a, old: old}
	if err := im.freeSlugs(ctx, []*pageArticle{it}); err != nil {
		return err
	}
	if it.skip != "" {
		im.r.Skipped(KindPage, source, it.skip)
		return nil
	}
	if old.ID == 0 || !sameArticle(old, a) || old.ReviewNote != a.ReviewNote {
		if err := im.t.Store.ImportArticles(ctx, []*content.Article{&a}, nil); err != nil {
			return im.skipOrFail(KindPage, source, err)
		}
		im.t.Content.NotifyChanged(im.t.Site.ID)
	}
	im.outcome(KindPage, source, content.ArticlePath(a.Slug), old.ID == 0)
	return nil
}

// draftCategory is the site's category at content.DefaultCategoryName's
// address, made when the site has none.
func (im *run) draftCategory(ctx context.Context) (int64, error) {
	slug := vi.Slug(content.DefaultCategoryName)
	cats, err := im.t.Content.Store().FindCategories(ctx, im.t.Site.ID)
	if err != nil {
		return 0, err
	}
	for _, c := range cats {
		if c.Slug == slug {
			return c.ID, nil
		}
	}
	c := content.Category{SiteID: im.t.Site.ID, Name: content.DefaultCategoryName, Slug: slug, Position: len(cats) + 1}
	if err := im.t.Content.SaveCategory(ctx, &c, nil); err != nil {
		return 0, err
	}
	im.r.Imported(KindCategory, "nukeviet:"+slug, content.CategoryPath(slug))
	return c.ID, nil
}
