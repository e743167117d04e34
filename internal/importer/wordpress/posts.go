package wordpress

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// status maps a WordPress status to the newsroom's: publish is published,
// future is scheduled (the scheduler publishes it at its time), pending is
// waiting for the editors, draft and private are drafts, not public. ok is
// false for what is not imported (trash, auto-draft).
func status(it *Item) (content.Status, string, bool) {
	switch it.Status {
	case "publish":
		if it.Password != "" {
			return content.StatusDraft, "bài có mật khẩu trên WordPress: nhập ở dạng nháp, không công khai", true
		}
		return content.StatusPublished, "", true
	case "future":
		return content.StatusScheduled, "", true
	case "pending":
		return content.StatusSubmitted, "", true
	case "draft":
		return content.StatusDraft, "", true
	case "private":
		return content.StatusDraft, "bài riêng tư trên WordPress: nhập ở dạng nháp, không công khai", true
	}
	return "", "", false
}

// text is an item's title and body in Unicode, legacy fonts converted
// (counted in the report).
func (im *Importer) text(s string) string {
	out, enc := unlegacy(s)
	if enc != "" {
		im.rep.Count(enc+" → Unicode", 1)
	}
	return out
}

// body prepares a post's content: HTML for the sanitiser, the old site's
// pictures brought in and their addresses rewritten, the byline cut off.
// Problems (a missing picture …) are warned about for src.
func (im *Importer) body(ctx context.Context, it *Item, kind, src string) (body, author, unit string) {
	html, dropped := prepareBody(it.Content)
	if plain := plainText(html); plain != "" {
		if _, enc := unlegacy(plain); enc != "" {
			html = im.text(html)
		}
	}
	var problems []string
	html, lost := importer.RewriteLinks(html, im.pics.rewrite(ctx, &problems))
	for _, l := range lost {
		if _, ok := uploadFile(l); !ok {
			problems = append(problems, "ảnh ở trang khác bị bỏ: "+l)
		}
	}
	for _, d := range dropped {
		problems = append(problems, "mã rút gọn ["+d+"] của WordPress không hiển thị được, đã bỏ")
	}
	seen := map[string]bool{}
	for _, p := range problems {
		if !seen[p] {
			seen[p] = true
			im.rep.Warn(kind, src, p+" (cần cho «"+it.Title+"»)")
		}
	}
	body, author, unit = cutByline(html)
	return body, author, unit
}

// post imports a post as an article, found again by its guid.
func (im *Importer) post(ctx context.Context, it *Item, src string) error {
	st, note, ok := status(it)
	if !ok {
		im.rep.Skipped("bài viết", src, "bài ở trạng thái «"+it.Status+"» (thùng rác, nháp tự động) không được nhập")
		return nil
	}
	return im.article(ctx, it, src, st, note)
}

func (im *Importer) article(ctx context.Context, it *Item, src string, st content.Status, note string) error {
	a := content.Article{SiteID: im.site.ID, Title: im.text(it.Title), Status: st, ReviewNote: note,
		Summary: plainText(im.text(it.Excerpt)), SourceURL: im.sourceURL(it), Featured: it.Status == "publish" && isSticky(it)}
	if strings.TrimSpace(a.Title) == "" {
		im.rep.Skipped("bài viết", src, "bài không có tiêu đề")
		return nil
	}
	a.PublishedAt, _ = date(it)
	a.CategoryID = im.categoryOf(it)
	a.Keywords = keywords(it)
	a.Body, a.Author, a.Unit = im.body(ctx, it, "bài viết", src)
	if a.Author == "" {
		a.Author = im.names[it.Creator]
	}
	if u, ok := im.users[it.Creator]; ok {
		a.OwnerID = u.ID
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(it.MetaValue("_thumbnail_id")), 10, 64); err == nil && id > 0 {
		a.Photo = im.featured(ctx, id, it, src)
	}
	if note != "" {
		im.rep.Warn("bài viết", src, note)
	}
	old, err := im.d.Store.FindArticleBySourceURL(ctx, im.site.ID, a.SourceURL)
	switch {
	case apperr.Is(err, apperr.NotFound):
		old = content.Article{}
	case err != nil:
		return err
	}
	a.ID, a.Slug, a.Version, a.CreatedAt = old.ID, old.Slug, old.Version, old.CreatedAt
	// An edit waiting for approval in the newsroom stays attached.
	a.PendingRevisionID, a.PendingStage = old.PendingRevisionID, old.PendingStage
	if a.Slug == "" {
		a.Slug = vi.Slug(unescape(it.Name))
	}
	return im.writeArticle(ctx, &a, old, it, src)
}

func (im *Importer) writeArticle(ctx context.Context, a *content.Article, old content.Article, it *Item, src string) error {
	if im.o.DryRun {
		a.Body = content.SanitizeHTML(vi.NFC(a.Body))
		im.rep.Add(importer.Entry{Kind: "bài viết", Source: src, Outcome: importer.Planned, Target: a.Title})
		return nil
	}
	if err := im.d.Content.PrepareArticle(ctx, a); err != nil {
		return im.invalid("bài viết", src, err)
	}
	for attempt := 0; ; attempt++ {
		slug, err := im.d.Content.FreeSlug(ctx, a)
		if err != nil {
			return im.invalid("bài viết", src, err)
		}
		a.Slug = slug
		to := content.ArticlePath(slug)
		var e []redirect.Entry
		if a.Status == content.StatusPublished || a.Status == content.StatusScheduled {
			e = im.entries(src, to, it.Link, "/?p="+strconv.FormatInt(it.ID, 10), it.GUID)
			if a.Status == content.StatusScheduled && im.x.DatedLinks {
				e = append(e, im.entries(src, to, datedPath(it))...) // its permalink once published
			}
		}
		if old.ID != 0 && sameArticle(old, *a) {
			im.rep.Updated("bài viết", src, to)
			return im.put(ctx, e) // unchanged: the row is left as it is
		}
		err = im.d.Store.ImportArticle(ctx, a, e)
		if errors.Is(err, content.ErrSlugTaken) && attempt < 5 {
			continue
		}
		if err != nil {
			return im.invalid("bài viết", src, err)
		}
		im.d.Content.NotifyChanged(im.site.ID)
		if old.ID == 0 {
			im.rep.Imported("bài viết", src, to)
		} else {
			im.rep.Updated("bài viết", src, to)
		}
		return nil
	}
}

// sameArticle: what an import writes of a is what old already holds.
func sameArticle(old, a content.Article) bool {
	return old.Title == a.Title && old.Slug == a.Slug && old.Summary == a.Summary && old.Body == a.Body &&
		old.Author == a.Author && old.Unit == a.Unit && old.Status == a.Status && old.CategoryID == a.CategoryID &&
		old.Featured == a.Featured && old.Photo == a.Photo && old.PublishedAt.Equal(a.PublishedAt) &&
		old.OwnerID == a.OwnerID && old.ReviewNote == a.ReviewNote && old.Keywords == a.Keywords
}

// invalid reports a record the rules refuse as skipped; anything else is
// the store's failure and stops the run.
func (im *Importer) invalid(kind, src string, err error) error {
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.TooLarge) {
		im.rep.Skipped(kind, src, describe(err))
		return nil
	}
	return err
}

// featured is the featured picture of a post (_thumbnail_id).
func (im *Importer) featured(ctx context.Context, id int64, it *Item, src string) content.Photo {
	att := im.x.Attachments[id]
	if att == nil || att.File == "" {
		im.rep.Warn("bài viết", src, "ảnh đại diện (tệp đính kèm "+strconv.FormatInt(id, 10)+") không có trong tệp xuất (cần cho «"+it.Title+"»)")
		return content.Photo{}
	}
	pic, why, ok := im.pics.get(ctx, att.File)
	if !ok {
		im.rep.Warn("bài viết", src, "ảnh đại diện: "+why+" (cần cho «"+it.Title+"»)")
		return content.Photo{}
	}
	if im.o.DryRun {
		return content.Photo{}
	}
	return content.Photo{ID: pic.ID, Src: pic.URL(), Srcset: pic.Srcset(), Width: pic.Width, Height: pic.Height,
		Alt: firstNonEmpty(pic.Alt, att.Alt, plainText(att.Caption))}
}

// categoryOf is the first category of an item (the default one if none).
func (im *Importer) categoryOf(it *Item) int64 {
	for _, t := range it.Terms {
		if t.Domain == "category" {
			if c, ok := im.cats[t.Nicename]; ok && c.ID != 0 {
				return c.ID
			}
		}
	}
	return im.def.ID
}

// keywords are an item's tags, kept as the article's key words.
func keywords(it *Item) string {
	var tags []string
	for _, t := range it.Terms {
		if t.Domain == "post_tag" && strings.TrimSpace(t.Name) != "" {
			tags = append(tags, strings.ReplaceAll(strings.TrimSpace(t.Name), ",", " "))
		}
	}
	return strings.Join(tags, ", ")
}

func isSticky(it *Item) bool { return strings.TrimSpace(it.Sticky) == "1" }

// sourceURL is an item's identity: its guid when that is an address, else
// the old site's ?p= address.
func (im *Importer) sourceURL(it *Item) string {
	g := strings.TrimSpace(it.GUID)
	if u, err := url.Parse(g); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return g
	}
	b := *im.base
	b.RawQuery = "p=" + strconv.FormatInt(it.ID, 10)
	return b.String()
}

// page imports a published page as a static page, found again by its old
// ?page_id= address. A page that is not published becomes a draft article
// (a static page is always public), with a warning.
func (im *Importer) page(ctx context.Context, it *Item, src string) error {
	if it.Status != "publish" || it.Password != "" {
		st, _, ok := status(it)
		if !ok {
			im.rep.Skipped("trang", src, "trang ở trạng thái «"+it.Status+"» không được nhập")
			return nil
		}
		if st == content.StatusPublished || st == content.StatusScheduled {
			st = content.StatusDraft
		}
		return im.article(ctx, it, src, st, "trang chưa đăng trên WordPress: nhập thành bài nháp, không công khai")
	}
	p := content.Page{SiteID: im.site.ID, Title: vi.Line(im.text(it.Title)), Position: it.MenuOrder}
	p.Body, _, _ = im.body(ctx, it, "trang", src)
	p.Body = content.SanitizeHTML(vi.NFC(p.Body))
	pageID := "/?page_id=" + strconv.FormatInt(it.ID, 10)
	old, err := im.findPage(ctx, pageID)
	if err != nil {
		return err
	}
	p.ID, p.Slug, p.InMenu = old.ID, old.Slug, old.InMenu
	if p.Slug == "" {
		p.Slug = firstNonEmpty(vi.Slug(unescape(it.Name)), vi.Slug(p.Title), "trang")
	}
	if p.Title == "" || len([]rune(p.Title)) > content.MaxTitle {
		im.rep.Skipped("trang", src, "trang không có tiêu đề hoặc tiêu đề quá dài")
		return nil
	}
	if im.o.DryRun {
		im.rep.Add(importer.Entry{Kind: "trang", Source: src, Outcome: importer.Planned, Target: content.PagePath(p.Slug)})
		return nil
	}
	return im.writePage(ctx, &p, old, it, src, pageID)
}

func (im *Importer) writePage(ctx context.Context, p *content.Page, old content.Page, it *Item, src, pageID string) error {
	base := p.Slug
	for n := 1; ; n++ {
		if old.ID == 0 {
			p.Slug = vi.NumberedSlug(base, n)
		}
		to := content.PagePath(p.Slug)
		e := im.entries(src, to, it.Link, pageID, "/?p="+strconv.FormatInt(it.ID, 10), it.GUID)
		if old.ID != 0 && old.Title == p.Title && old.Body == p.Body && old.Position == p.Position {
			im.rep.Updated("trang", src, to)
			return im.put(ctx, e)
		}
		err := im.d.Store.ImportPage(ctx, p, e)
		if errors.Is(err, content.ErrSlugTaken) && old.ID == 0 && n < 50 {
			continue
		}
		if err != nil {
			return im.invalid("trang", src, err)
		}
		im.d.Content.NotifyChanged(im.site.ID)
		if old.ID == 0 {
			im.rep.Imported("trang", src, to)
		} else {
			im.rep.Updated("trang", src, to)
		}
		return nil
	}
}

// findPage is the page an earlier run made of ?page_id= (the zero Page
// for none).
func (im *Importer) findPage(ctx context.Context, pageID string) (content.Page, error) {
	key, err := redirect.Key(pageID)
	if err != nil {
		return content.Page{}, nil
	}
	e, err := im.d.Store.FindRedirect(ctx, im.site.ID, []string{key})
	if apperr.Is(err, apperr.NotFound) {
		return content.Page{}, nil
	} else if err != nil {
		return content.Page{}, err
	}
	slug, ok := strings.CutPrefix(e.To, content.PagePath(""))
	if !ok {
		return content.Page{}, nil
	}
	p, err := im.d.Store.FindPageBySlug(ctx, im.site.ID, slug)
	if apperr.Is(err, apperr.NotFound) {
		return content.Page{}, nil
	}
	return p, err
}
