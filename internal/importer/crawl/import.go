// Package crawl imports a portal whose database nobody can hand over
// (a vendor's "Cổng TTĐT" on Liferay or .NET, a NukeViet seen only from
// outside) from its public pages: it reads the old site's robots.txt,
// sitemaps, feeds and lists of articles, fetches each article page
// politely (robots.txt honoured, a request a second by default, a
// User-Agent naming trangtin), finds its title, date, lead, body,
// pictures and attachments with the CSS selectors of a Profile, and
// writes each article with its old address in the redirect table, in one
// transaction. The old address is the article's identity: a second run
// leaves an unchanged article alone and updates a changed one.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// Store is what a crawl reads and writes beside the services: each write
// of a record carries its old addresses, in one transaction.
type Store interface {
	media.RecordStore
	FindCategories(ctx context.Context, siteID int64) ([]content.Category, error)
	FindArticleBySlug(ctx context.Context, siteID int64, slug string) (content.Article, error)
	FindRedirect(ctx context.Context, siteID int64, keys []string) (redirect.Entry, error)
	PutRedirects(ctx context.Context, entries []redirect.Entry) error
	ImportArticle(ctx context.Context, a *content.Article, entries []redirect.Entry) error
	ImportMedia(ctx context.Context, it *media.Item, a *audit.Entry, entries []redirect.Entry) error
}

// Deps are the services and stores a crawl writes through.
type Deps struct {
	Content *content.Service
	Store   Store
	Blobs   media.BlobStore
	Limits  media.Limits
}

// Options of a run.
type Options struct {
	Site    content.Site
	From    *url.URL // the old site's start page
	Profile *Profile
	Rate    float64 // requests a second (default 1)
	DryRun  bool
	Limits  Limits
	Contact string            // who runs the crawl, for the User-Agent (an address of the new site)
	Clock   Clock             // nil: the real one
	Client  http.RoundTripper // nil: the default transport
	// FailAfter stops the run with an error after that many articles were
	// written (0: never), as a crash would: for the tests of a resumed run.
	FailAfter  int
	ProgressTo io.Writer // nil: no progress line
}

// Importer runs one crawl.
type Importer struct {
	d     Deps
	o     Options
	rep   *importer.Report
	prof  *Profile
	base  *url.URL
	f     *Fetcher
	lim   Limits
	lib   *media.Library
	rec   *mediaRecords
	cats  map[string]content.Category // by slug
	def   content.Category
	pics  map[string]picture // by old address, this run
	fatal error
}

type picture struct {
	it  media.Item
	why string // why it could not be brought in; "" when it was
}

// mediaRecords is the library's record store, writing a new record with
// the old address of its picture.
type mediaRecords struct {
	media.RecordStore
	st      Store
	entries func(it *media.Item) []redirect.Entry
}

func (m *mediaRecords) CreateMedia(ctx context.Context, it *media.Item, a *audit.Entry) error {
	return m.st.ImportMedia(ctx, it, a, m.entries(it))
}

// UnreachableError: the old site does not answer at all; nothing was
// written.
type UnreachableError struct{ Host, Why string }

func (e *UnreachableError) Error() string {
	return "không đọc được trang cũ " + e.Host + ": " + e.Why + "; không có gì được ghi"
}

// Run crawls o.From into o.Site, reporting every page to rep. An error is
// the old site unreachable, a store failure or ctx ended; a page that
// cannot be imported is a skip in rep.
func Run(ctx context.Context, d Deps, o Options, rep *importer.Report) error {
	if o.Rate <= 0 {
		o.Rate = 1
	}
	base := *o.From
	base.Fragment = ""
	im := &Importer{d: d, o: o, rep: rep, prof: o.Profile, base: &base, lim: o.Limits.withDefaults(),
		cats: map[string]content.Category{}, pics: map[string]picture{}}
	limiter := NewLimiter(time.Duration(float64(time.Second)/o.Rate), o.Clock)
	transport := o.Client
	if transport == nil {
		transport = http.DefaultTransport
	}
	im.f = NewFetcher(im.base, limiter, o.Clock, o.Limits, UserAgent(o.Contact), transport)
	im.rec = &mediaRecords{RecordStore: d.Store, st: d.Store}
	im.lib = media.NewLibrary(im.rec, d.Blobs, d.Limits)
	urls, err := im.discover(ctx)
	var fe *FetchError
	if errors.As(err, &fe) {
		return &UnreachableError{Host: im.base.Host, Why: fe.Why}
	} else if err != nil {
		return err
	}
	if len(urls) == 0 {
		rep.Skipped("trang cũ", im.base.String(), "không tìm thấy trang bài viết nào (sơ đồ trang, RSS, danh sách) khớp hồ sơ "+im.prof.Name)
		return nil
	}
	if err := im.categories(ctx); err != nil {
		return err
	}
	var prog *importer.Progress
	if o.ProgressTo != nil {
		prog = importer.NewProgress(o.ProgressTo, len(urls))
		prog.SetTotal(len(urls))
		defer prog.Clear()
	}
	written := 0
	for i, u := range urls {
		if err := ctx.Err(); err != nil {
			return err
		}
		wrote, err := im.article(ctx, u)
		if err == nil {
			err = im.fatal
		}
		if err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
		if prog != nil {
			prog.Show(i+1, rep)
		}
		if wrote {
			written++
		}
		if o.FailAfter > 0 && written >= o.FailAfter {
			return fmt.Errorf("dừng thử sau %d bài", written)
		}
	}
	return nil
}

// categories reads the site's categories, with its default one for the
// articles of no (or an unknown) category.
func (im *Importer) categories(ctx context.Context) error {
	have, err := im.d.Store.FindCategories(ctx, im.o.Site.ID)
	if err != nil {
		return err
	}
	for _, c := range have {
		im.cats[c.Slug] = c
	}
	im.def, err = im.category(ctx, content.DefaultCategoryName, nil)
	return err
}

// category finds the site's category named name, creating it; old, its
// list on the old site, then leads there.
func (im *Importer) category(ctx context.Context, name string, old *url.URL) (content.Category, error) {
	slug := vi.Slug(name)
	if slug == "" {
		return im.def, nil
	}
	c, ok := im.cats[slug]
	src := "crawl:category:" + slug
	if !ok {
		c = content.Category{SiteID: im.o.Site.ID, Name: vi.Line(name), Slug: slug, Position: len(im.cats) + 1}
		if im.o.DryRun {
			c.ID = -int64(len(im.cats) + 1)
			im.rep.Add(importer.Entry{Kind: "chuyên mục", Source: src, Outcome: importer.Planned, Target: content.CategoryPath(slug)})
		} else {
			if err := im.d.Content.SaveCategory(ctx, &c, nil); err != nil {
				return c, err
			}
			im.rep.Imported("chuyên mục", src, content.CategoryPath(slug))
		}
		im.cats[slug] = c
	}
	if old != nil && !im.o.DryRun && c.ID > 0 {
		if e := im.entries(src, content.CategoryPath(c.Slug), old); len(e) > 0 {
			if _, err := im.d.Store.FindRedirect(ctx, im.o.Site.ID, []string{e[0].From}); apperr.Is(err, apperr.NotFound) {
				if err := im.d.Store.PutRedirects(ctx, e); err != nil {
					return c, fmt.Errorf("ghi địa chỉ cũ: %w", err)
				}
			} else if err != nil {
				return c, err
			}
		}
	}
	return c, nil
}

// entries are redirect entries from each old address to the new one.
func (im *Importer) entries(src, to string, olds ...*url.URL) []redirect.Entry {
	var out []redirect.Entry
	seen := map[string]bool{}
	for _, o := range olds {
		if o == nil {
			continue
		}
		key := redirect.KeyOf(o)
		if seen[key] || key == "/" || len(key) > redirect.MaxKey {
			continue
		}
		seen[key] = true
		out = append(out, redirect.Entry{SiteID: im.o.Site.ID, From: key, ToSiteID: im.o.Site.ID, To: to, Source: src})
	}
	return out
}

// previous is the article an earlier run made of the page at u: the one
// its old address leads to (the zero Article for none).
func (im *Importer) previous(ctx context.Context, u *url.URL) (content.Article, error) {
	e, err := im.d.Store.FindRedirect(ctx, im.o.Site.ID, []string{redirect.KeyOf(u)})
	if apperr.Is(err, apperr.NotFound) {
		return content.Article{}, nil
	} else if err != nil {
		return content.Article{}, err
	}
	slug, ok := strings.CutPrefix(e.To, content.ArticlePath(""))
	if !ok {
		return content.Article{}, nil
	}
	a, err := im.d.Store.FindArticleBySlug(ctx, im.o.Site.ID, slug)
	if apperr.Is(err, apperr.NotFound) {
		return content.Article{}, nil
	}
	return a, err
}

const kindArticle = "bài viết"

// article imports the page at u; wrote tells whether a record was
// written.
func (im *Importer) article(ctx context.Context, u *url.URL) (wrote bool, err error) {
	src := u.String()
	pg, ok := im.read(ctx, u)
	if !ok {
		return false, ctx.Err()
	}
	old, err := im.previous(ctx, u)
	if err != nil {
		return false, err
	}
	cat := im.def
	if pg.Category != "" {
		if cat, err = im.category(ctx, pg.Category, pg.CategoryURL); err != nil {
			return false, err
		}
	}
	a := content.Article{SiteID: im.o.Site.ID, Title: vi.Line(pg.Title), Summary: pg.Lead, SourceURL: src,
		Status: content.StatusPublished, CategoryID: cat.ID, PublishedAt: pg.Date}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = old.PublishedAt
	}
	if im.o.DryRun {
		im.rep.Add(importer.Entry{Kind: kindArticle, Source: src, Outcome: importer.Planned, Target: a.Title})
		if n := len(pg.Pictures); n > 0 {
			im.rep.Count("ảnh sẽ tải", n)
		}
		return false, nil
	}
	a.Body = im.body(ctx, pg, src)
	if pg.Photo != nil {
		if p := im.picture(ctx, pg.Photo, pg.PhotoAlt); p.why == "" {
			a.Photo = content.Photo{ID: p.it.ID, Src: p.it.URL(), Srcset: p.it.Srcset(), Width: p.it.Width, Height: p.it.Height,
				Alt: firstNonEmpty(p.it.Alt, pg.PhotoAlt, pg.Title)}
		} else {
			im.rep.Warn(kindArticle, src, "ảnh đại diện: "+p.why+" (cần cho «"+pg.Title+"»)")
		}
	}
	a.ID, a.Slug, a.Version, a.CreatedAt = old.ID, old.Slug, old.Version, old.CreatedAt
	a.PendingRevisionID, a.PendingStage, a.Featured, a.OwnerID = old.PendingRevisionID, old.PendingStage, old.Featured, old.OwnerID
	if old.ID != 0 { // what the editors decided here stays: withdrawn stays withdrawn
		a.Status, a.WithdrawnReason, a.Replacement, a.ReviewNote, a.Flagged = old.Status, old.WithdrawnReason, old.Replacement, old.ReviewNote, old.Flagged
	}
	if err := im.d.Content.PrepareArticle(ctx, &a); err != nil {
		return false, im.invalid(src, err)
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = time.Now().UTC()
	}
	return im.write(ctx, &a, old, src, u, pg.Canonical)
}

// read fetches and reads the article page at u; a page that cannot be
// read is reported skipped (ok false).
func (im *Importer) read(ctx context.Context, u *url.URL) (pg Page, ok bool) {
	src := u.String()
	resp, err := im.f.Get(ctx, u, 0)
	if err != nil {
		if ctx.Err() == nil {
			im.rep.Skipped(kindArticle, src, "không tải được trang: "+why(err))
		}
		return pg, false
	}
	doc, err := parseHTML(resp)
	if err != nil {
		im.rep.Skipped(kindArticle, src, "không đọc được trang: "+why(err)+" ("+firstNonEmpty(resp.ContentType, "không rõ kiểu")+")")
		return pg, false
	}
	pg, missing := im.prof.Extract(doc, resp.URL)
	if missing != "" {
		sel := *map[string]*string{"title": &im.prof.Title, "body": &im.prof.Body}[missing]
		im.rep.Skipped(kindArticle, src, fmt.Sprintf("trang không có %s theo hồ sơ %s (bộ chọn %q không khớp): không phải trang bài viết, hoặc cần sửa hồ sơ",
			map[string]string{"title": "tiêu đề", "body": "nội dung"}[missing], im.prof.Name, sel))
		return pg, false
	}
	// Text: legacy fonts (detected on the title, lead and body together)
	// to Unicode.
	if font := importer.DetectLegacy(pg.Title, pg.Lead, plainText(pg.Body)); font != "" {
		pg.Title, pg.Lead, pg.Body = importer.FromLegacy(font, pg.Title), importer.FromLegacy(font, pg.Lead), importer.FromLegacy(font, pg.Body)
		im.rep.Count(font+" → Unicode", 1)
	}
	if pg.Date.IsZero() {
		what := "không thấy ngày đăng"
		if pg.DateText != "" {
			what = "không đọc được ngày đăng «" + pg.DateText + "»"
		}
		im.rep.Warn(kindArticle, src, what+": lấy giờ nhập (cần cho «"+pg.Title+"»)")
	}
	return pg, true
}

// write writes a prepared article with its old addresses, under a free
// slug; an article the same as old is left alone.
func (im *Importer) write(ctx context.Context, a *content.Article, old content.Article, src string, olds ...*url.URL) (bool, error) {
	for attempt := 0; ; attempt++ {
		slug, err := im.d.Content.FreeSlug(ctx, a)
		if err != nil {
			return false, im.invalid(src, err)
		}
		a.Slug = slug
		to := content.ArticlePath(slug)
		if old.ID != 0 && sameArticle(old, *a) {
			im.rep.Add(importer.Entry{Kind: kindArticle, Source: src, Outcome: importer.Unchanged, Target: to})
			return false, nil
		}
		err = im.d.Store.ImportArticle(ctx, a, im.entries("crawl:"+src, to, olds...))
		if errors.Is(err, content.ErrSlugTaken) && attempt < 5 {
			continue
		}
		if err != nil {
			return false, im.invalid(src, err)
		}
		im.d.Content.NotifyChanged(im.o.Site.ID)
		if old.ID == 0 {
			im.rep.Imported(kindArticle, src, to)
		} else {
			im.rep.Updated(kindArticle, src, to)
		}
		return true, nil
	}
}

// sameArticle: what a crawl writes of a is what old already holds.
func sameArticle(old, a content.Article) bool {
	return old.Title == a.Title && old.Slug == a.Slug && old.Summary == a.Summary && old.Body == a.Body &&
		old.CategoryID == a.CategoryID && old.Photo == a.Photo && old.PublishedAt.Equal(a.PublishedAt) && old.SourceURL == a.SourceURL
}

// invalid reports a record the rules refuse as skipped; anything else is
// the store's failure and stops the run.
func (im *Importer) invalid(src string, err error) error {
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.TooLarge) {
		im.rep.Skipped(kindArticle, src, apperr.MessageOf(err)+describeFields(err))
		return nil
	}
	return err
}

func describeFields(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return ""
	}
	s := ""
	for field, m := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", field, m)
	}
	return s
}

// body brings the pictures of an article's body in and rewrites their
// addresses; a picture that could not be brought in and a document linked
// (kept at its old address) are warned about.
func (im *Importer) body(ctx context.Context, pg Page, src string) string {
	var problems []string
	attach, pics := map[string]bool{}, map[string]bool{}
	for _, a := range pg.Attachments {
		attach[a.String()] = true
	}
	for _, p := range pg.Pictures {
		pics[p.String()] = true
	}
	out, lost := importer.RewriteLinks(pg.Body, func(old string, width int) (string, string, bool, bool) {
		u, err := url.Parse(old)
		if err != nil {
			return "", "", false, false
		}
		if attach[old] {
			problems = append(problems, "tệp đính kèm "+old+" giữ địa chỉ cũ (chỉ tệp của văn bản được công khai ở đây: đưa vào mục Văn bản nếu cần)")
			return "", "", false, false
		}
		if !pics[old] && !(im.f.SameSite(u) && pictureExt[strings.ToLower(pathExt(u.Path))]) {
			if im.f.SameSite(u) {
				return pathQuery(u), "", true, true // a link inside the old site: its redirect answers
			}
			return "", "", false, false
		}
		p := im.picture(ctx, u, "")
		if p.why != "" {
			problems = append(problems, p.why)
			return "", "", true, false
		}
		return p.it.URL(), p.it.Srcset(), true, true
	})
	for _, l := range lost {
		if u, err := url.Parse(l); err == nil && !im.f.SameSite(u) {
			problems = append(problems, "ảnh ở trang khác bị bỏ: "+l)
		}
	}
	seen := map[string]bool{}
	for _, p := range problems {
		if !seen[p] {
			seen[p] = true
			im.rep.Warn(kindArticle, src, p+" (cần cho «"+pg.Title+"»)")
		}
	}
	return importer.DropEmptyParagraphs(out)
}

var pictureExt = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true}

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 && !strings.Contains(p[i:], "/") {
		return p[i:]
	}
	return ""
}

// picture returns the picture of the old address u, bringing it in
// (fetched politely, through the media pipeline) when no earlier run did:
// it is found again by its old address in the redirect table.
func (im *Importer) picture(ctx context.Context, u *url.URL, alt string) picture {
	k := u.String()
	if p, ok := im.pics[k]; ok {
		return p
	}
	p := im.bring(ctx, u, alt)
	im.pics[k] = p.picture
	if p.why == "" && !p.found {
		im.rep.Imported("ảnh", k, p.it.URL())
	}
	return p.picture
}

type brought struct {
	picture
	found bool
}

func (im *Importer) bring(ctx context.Context, u *url.URL, alt string) brought {
	if !im.f.SameSite(u) {
		return brought{picture: picture{why: "ảnh ở trang khác bị bỏ: " + u.String()}}
	}
	// Found again by its old address.
	if e, err := im.d.Store.FindRedirect(ctx, im.o.Site.ID, []string{redirect.KeyOf(u)}); err == nil {
		vkey := strings.TrimPrefix(e.To, media.ImagePathPrefix)
		if i := strings.LastIndexByte(vkey, '-'); i > 0 {
			if it, err := im.d.Store.FindMediaByKey(ctx, vkey[:i]); err == nil && it.SiteID == im.o.Site.ID {
				return brought{picture: picture{it: it}, found: true}
			}
		}
	} else if !apperr.Is(err, apperr.NotFound) {
		im.fatal = err
		return brought{picture: picture{why: err.Error()}}
	}
	resp, err := im.f.Get(ctx, u, im.lim.PictureBytes)
	if err != nil {
		return brought{picture: picture{why: "thiếu ảnh " + u.String() + ": " + why(err)}}
	}
	if len([]rune(alt)) > media.MaxAltRunes {
		alt = string([]rune(alt)[:media.MaxAltRunes])
	}
	im.rec.entries = func(it *media.Item) []redirect.Entry {
		to := ""
		if len(it.Variants) > 0 {
			to = media.ImageURL(it.Variants[len(it.Variants)-1].Key)
		}
		return im.entries("crawl:picture:"+u.String(), to, u)
	}
	it, found, err := im.lib.ImportImage(ctx, im.o.Site.ID, "crawl:"+redirect.KeyOf(u), strings.NewReader(string(resp.Body)), alt)
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.TooLarge) {
			im.fatal = err
		}
		return brought{picture: picture{why: "không nhập được ảnh " + u.String() + ": " + apperr.MessageOf(err)}}
	}
	if found { // stored by a run killed before its article: its address too
		if err := im.d.Store.PutRedirects(ctx, im.rec.entries(&it)); err != nil {
			im.fatal = err
		}
	}
	return brought{picture: picture{it: it}}
}

// plainText is the text of an HTML fragment.
func plainText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return text(doc)
}

// allLinks are the addresses every <a> of doc links to.
func allLinks(doc *html.Node, base *url.URL) []*url.URL {
	var out []*url.URL
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "a" {
			if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") {
				if u, err := base.Parse(href); err == nil {
					u.Fragment = ""
					out = append(out, u)
				}
			}
		}
	}
	return out
}
