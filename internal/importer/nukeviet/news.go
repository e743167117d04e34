package nukeviet

import (
	"context"
	"errors"
	"fmt"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/importer"
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
		im.clean([]*string{&title})
		c := content.Category{SiteID: im.t.Site.ID, Name: title, Slug: slugOf(nc.Alias, title), Position: int(nc.Weight), Hidden: nc.Status != 1}
		if nc.ParentID != 0 {
			parent, ok := im.cats[nc.ParentID]
			if !ok && !im.t.DryRun {
				im.r.Skipped(KindCategory, source, fmt.Sprintf("chuyên mục cha %d không có hoặc không nhập được", nc.ParentID))
				continue
			}
			c.ParentID = parent
		}
		prev, err := im.ledger(ctx, source)
		if err != nil {
			return err
		}
		if old, ok := byID[prev]; ok {
			c.ID = old.ID
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
		if err := im.remember(ctx, source, c.ID); err != nil {
			return err
		}
		im.outcome(KindCategory, source, "/chuyen-muc/"+c.Slug, isNew)
		im.catAlias[nc.ID] = nc.Alias
		to := "/chuyen-muc/" + c.Slug
		addrs := im.oldAddrs(im.news, nc.Alias, "/")
		if err := im.redirect(ctx, source, to, addrs); err != nil {
			return err
		}
		if err := im.redirect(ctx, source+":rss", to+"/rss", im.oldAddrs(im.news, "rss/"+nc.Alias, "/")); err != nil {
			return err
		}
	}
	return nil
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

func (im *run) importArticles(ctx context.Context) error {
	var err error
	im.featured, _, err = im.src.Featured(ctx)
	if err != nil {
		return err
	}
	total, done := 0, 0
	if err := im.src.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+im.src.table("%s_news_rows")).Scan(&total); err != nil {
		return err
	}
	if im.p != nil {
		im.p.SetTotal(total)
	}
	err = im.src.Articles(ctx, func(a Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		done++
		defer func() {
			if im.p != nil {
				im.p.Show(done, im.r)
			}
		}()
		return im.importArticle(ctx, a)
	})
	if im.p != nil {
		im.p.Clear()
	}
	return err
}

func (im *run) importArticle(ctx context.Context, na Article) error {
	source := im.src.Identity("%s_news_rows", na.ID)
	switch {
	case na.Bad != "":
		im.r.Skipped(KindArticle, source, na.Bad)
		return nil
	case !na.HasDetail:
		im.r.Skipped(KindArticle, source, "không có nội dung (thiếu dòng trong bảng "+im.src.table("%s_news_detail")+")")
		return nil
	}
	catID, ok := im.cats[na.CatID]
	if !ok {
		im.r.Skipped(KindArticle, source, fmt.Sprintf("chuyên mục %d không có hoặc không nhập được", na.CatID))
		return nil
	}
	im.clean([]*string{&na.Title, &na.Hometext, &na.Body}, &na.Author, &na.ImageAlt)
	na.Source = importer.FromLegacy(importer.DetectLegacy(na.Source), na.Source) // a row of the sources table
	a, err := im.t.Content.Store().FindArticleBySourceURL(ctx, im.t.Site.ID, im.src.SourceURL(na.ID))
	isNew := apperr.Is(err, apperr.NotFound)
	if err != nil && !isNew {
		return err
	}
	if isNew {
		a = content.Article{SiteID: im.t.Site.ID, SourceURL: im.src.SourceURL(na.ID), Slug: slugOf(na.Alias, na.Title)}
	}
	a.CategoryID, a.Title, a.Summary, a.Author, a.Unit = catID, na.Title, plain(na.Hometext), na.Author, na.Source
	a.Status, a.WithdrawnReason = statusOf(na, im.t.Now().Unix())
	a.PublishedAt, a.Featured, a.OwnerID = unixTime(na.Publ), im.featured[na.ID], im.users[na.AdminID]
	if na.Exp > 0 && a.Status != content.StatusWithdrawn {
		im.r.Warn(KindArticle, source, "hết hạn đăng ngày "+vi.LocalDate(unixTime(na.Exp))+" trên trang cũ: trangtin không tự gỡ bài, cần gỡ bằng tay")
	}
	if na.Files != "" {
		im.r.Warn(KindArticle, source, "tệp đính kèm của bài viết không được nhập (trangtin chỉ công khai tệp đính kèm của văn bản): "+na.Files)
	}
	if im.t.DryRun {
		if a.Title == "" {
			im.r.Skipped(KindArticle, source, "thiếu tiêu đề")
			return nil
		}
		im.outcome(KindArticle, source, a.Slug, isNew)
		return nil
	}
	a.Body = importer.DropEmptyParagraphs(content.SanitizeHTML(im.rewriteImages(ctx, source, na.Body)))
	a.Photo = content.Photo{}
	if na.Image != "" {
		a.Photo = im.articlePhoto(ctx, source, na)
	}
	if err := im.t.Content.SaveArticle(ctx, &a); err != nil {
		return im.skipOrFail(KindArticle, source, err)
	}
	im.outcome(KindArticle, source, "/tin-tuc/"+a.Slug, isNew)
	if a.Status == content.StatusPublished || a.Status == content.StatusScheduled || a.Status == content.StatusWithdrawn {
		op := fmt.Sprintf("%s/%s-%d", im.catAlias[na.CatID], na.Alias, na.ID)
		return im.redirect(ctx, source, "/tin-tuc/"+a.Slug, im.oldAddrs(im.news, op, ".html"))
	}
	return nil
}

// importPages brings the static pages in; a hidden one (status 0) is
// skipped: trangtin has no hidden static page.
func (im *run) importPages(ctx context.Context) error {
	pages, err := im.src.Pages(ctx)
	if err != nil {
		return err
	}
	existing, err := im.t.Content.Store().FindPages(ctx, im.t.Site.ID)
	if err != nil {
		return err
	}
	byID, bySlug := map[int64]content.Page{}, map[string]content.Page{}
	for _, p := range existing {
		byID[p.ID], bySlug[p.Slug] = p, p
	}
	for _, np := range pages {
		source := im.src.Identity("%s_page", np.ID)
		if np.Bad != "" {
			im.r.Skipped(KindPage, source, np.Bad)
			continue
		}
		if np.Status != 1 {
			im.r.Skipped(KindPage, source, "trang đang ẩn trên trang cũ (trangtin không có trang tĩnh ẩn)")
			continue
		}
		im.clean([]*string{&np.Title, &np.Body})
		prev, err := im.ledger(ctx, source)
		if err != nil {
			return err
		}
		p, ok := byID[prev]
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
		p.Body = importer.DropEmptyParagraphs(content.SanitizeHTML(im.rewriteImages(ctx, source, np.Body)))
		if ok && p == before {
			// Unchanged since the last run: not written again (a save
			// would move the page's edit version).
		} else if err := im.t.Content.SavePage(ctx, &p, nil); err != nil {
			if errors.Is(err, content.ErrSlugTaken) {
				im.r.Skipped(KindPage, source, fmt.Sprintf("đường dẫn /trang/%s đã có trang khác dùng", p.Slug))
				continue
			}
			if err := im.skipOrFail(KindPage, source, err); err != nil {
				return err
			}
			continue
		}
		if err := im.remember(ctx, source, p.ID); err != nil {
			return err
		}
		im.outcome(KindPage, source, "/trang/"+p.Slug, !ok)
		if err := im.redirect(ctx, source, "/trang/"+p.Slug, im.oldAddrs(im.src.moduleName(ctx, "page"), np.Alias, ".html")); err != nil {
			return err
		}
	}
	return nil
}
