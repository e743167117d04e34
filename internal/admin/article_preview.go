package admin

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/vi"
)

// The preview renders the public site's own "article" template (package
// ui) with a view model shaped like the public one, so the article looks
// exactly as it will once published, with the site's header, menu and
// stylesheet. A bar at the end of the page says it is a preview.

// previewPage has the fields and methods the public templates use
// (web.ArticlePage; package admin may not import package web).
type previewPage struct {
	previewLayout
	Article    content.Article
	Body       template.HTML
	SourceHost string
	Copy       any // web.ArticlePage's syndication origin: none in a preview
	Others     []content.Article
	Rating     any // web.ArticlePage's rating widget: none in a preview
	// web.ArticlePage's view count, sharing (no URL: the template leaves
	// sharing out), neighbours and related articles: none in a preview.
	Views        int
	Share        struct{ URL, Zalo, Facebook string }
	Newer, Older content.Article
	Related      []content.Article
	// web.ArticlePage's last correction ("Cập nhật lúc …"): none in a
	// preview, which shows a text not yet public.
	Updated, UpdatedISO string
}

type previewLayout struct {
	Site        content.Site
	Menu        []previewMenuItem
	Title       string
	Description string
	Path        string
	Prefs       previewPrefs
	Crumbs      []previewCrumb
	Links       []struct {
		Title, URL, ImageURL string
		External             bool
	} // banner links: none in a preview
	LinksShown bool
	Visits     any          // web.Layout's visit counter: none in a preview
	Archive    any          // web.Layout's archive banner: none in a preview (the admin says it)
	Look       *previewLook // web.Layout's site identity (identity.go)
	Column     []any        // web.Layout's right column: none in a preview
	// Today and TodayISO are web.Layout's top bar date.
	Today, TodayISO string
}

// Head is the public page's metadata (canonical link, OpenGraph,
// JSON-LD): none for a preview, which is not to be indexed or shared.
func (previewLayout) Head() any { return nil }

type previewMenuItem struct {
	Name, URL string
	Current   bool
	External  bool
	Active    bool
	Children  []previewMenuItem
}

type previewCrumb struct{ Name, URL string }

// previewPrefs are the visitor's display choices: the defaults.
type previewPrefs struct {
	Size         string
	HighContrast bool
}

func (previewPrefs) Class() string { return "" }

type previewSizeLink struct {
	Text, Label, URL, Class string
	Current                 bool
}

func (p previewPrefs) SizeLinks(path string) []previewSizeLink {
	back := url.QueryEscape(path)
	return []previewSizeLink{
		{Text: "A-", Label: "Chữ nhỏ", URL: "/hien-thi?co-chu=nho&ve=" + back, Class: "size-small"},
		{Text: "A", Label: "Chữ vừa", URL: "/hien-thi?co-chu=vua&ve=" + back, Current: true},
		{Text: "A+", Label: "Chữ lớn", URL: "/hien-thi?co-chu=lon&ve=" + back, Class: "size-large"},
	}
}

func (p previewPrefs) ContrastURL(path string) string {
	return "/hien-thi?tuong-phan=cao&ve=" + url.QueryEscape(path)
}

// othersInPreview is how many other articles of the category the preview
// lists, as the public page does.
const othersInPreview = 5

// preview shows the saved working text: the edit awaiting approval of a
// published article, or the article itself.
func (p *newsroomPages) preview(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	d, err := p.workingDraft(r, acc, a)
	if err != nil {
		return err
	}
	return p.renderPreview(w, r, acc, a, d, false)
}

// previewDraft shows the text as typed in the editor, without saving it.
func (p *newsroomPages) previewDraft(w http.ResponseWriter, r *http.Request, acc *account, a *content.Article, d newsroom.Draft) error {
	art := content.Article{SiteID: acc.Site.ID, Status: content.StatusDraft}
	if a != nil {
		art = *a
	}
	d.Body = content.SanitizeHTML(vi.NFC(d.Body))
	for _, s := range []*string{&d.Title, &d.Summary, &d.Author, &d.Unit} {
		*s = strings.TrimSpace(vi.NFC(*s))
	}
	return p.renderPreview(w, r, acc, art, d, true)
}

func (p *newsroomPages) renderPreview(w http.ResponseWriter, r *http.Request, acc *account, a content.Article, d newsroom.Draft, typed bool) error {
	if p.publicErr != nil {
		return apperr.Wrap(apperr.Internal, "Không tạo được bản xem trước.", p.publicErr)
	}
	t, ok := p.public.Page("article")
	if !ok {
		return apperr.New(apperr.Internal, "Không tạo được bản xem trước.")
	}
	ctx := r.Context()
	a.CategoryID, a.Title, a.Summary, a.Body, a.Author, a.Unit, a.Featured = d.CategoryID, d.Title, d.Summary, d.Body, d.Author, d.Unit, d.Featured
	a.Photo = d.Photo
	if a.Slug == "" {
		if a.Slug = vi.Slug(a.Title); a.Slug == "" {
			a.Slug = "bai-viet"
		}
	}
	if a.PublishedAt.IsZero() || a.Status != content.StatusScheduled && a.Status != content.StatusPublished && a.Status != content.StatusWithdrawn {
		a.PublishedAt = p.s.now()
	}
	pp := previewPage{Article: a, Body: template.HTML(content.SanitizeHTML(a.Body))}
	l, err := p.previewLayout(ctx, acc.Site, a)
	if err != nil {
		return err
	}
	pp.previewLayout = l
	if a.CategoryID != 0 {
		if pp.Others, err = p.s.content.PublicArticles(ctx, acc.Site.ID, []int64{a.CategoryID}, a.ID, othersInPreview, 0); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, pp); err != nil {
		return fmt.Errorf("admin: render preview: %w", err)
	}
	page := buf.String()
	bar := p.previewBar(a, typed)
	if i := strings.LastIndex(page, "</body>"); i >= 0 {
		page = page[:i] + bar + page[i:]
	} else {
		page += bar
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write([]byte(page))
	return err
}

// previewLayout is the public frame of the article: the menu of the
// site's top categories and menu pages, the trail of its category.
func (p *newsroomPages) previewLayout(ctx context.Context, site content.Site, a content.Article) (previewLayout, error) {
	l := previewLayout{Site: site, Title: a.Title, Description: a.Summary, Path: content.ArticlePath(a.Slug), Look: p.s.previewLook(site.ID)}
	now := p.s.now()
	l.Today, l.TodayISO = vi.LocalDate(now), now.In(vi.Zone).Format(time.DateOnly)
	cats, err := p.s.content.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return l, err
	}
	tree := content.NewTree(cats)
	trail := tree.Path(a.CategoryID)
	top := ""
	if len(trail) > 0 {
		top = trail[0].Slug
	}
	for _, c := range trail {
		l.Crumbs = append(l.Crumbs, previewCrumb{Name: c.Name, URL: content.CategoryPath(c.Slug)})
	}
	for _, c := range tree.Roots() {
		l.Menu = append(l.Menu, previewMenuItem{Name: c.Name, URL: content.CategoryPath(c.Slug), Current: c.Slug == top})
	}
	pages, err := p.s.content.Store().FindPages(ctx, site.ID)
	if err != nil {
		return l, err
	}
	for _, pg := range pages {
		if pg.InMenu {
			l.Menu = append(l.Menu, previewMenuItem{Name: pg.Title, URL: content.PagePath(pg.Slug)})
		}
	}
	return l, nil
}

var previewBarTemplate = template.Must(template.New("bar").Parse(`<aside class="tt-preview" aria-label="Bản xem trước">
<link rel="stylesheet" href="{{.CSS}}">
<p><strong>Bản xem trước</strong>: {{.What}} Bạn đọc chưa thấy nội dung này.{{if .Back}} <a href="{{.Back}}">Quay lại soạn bài</a>{{end}}</p>
</aside>
`))

func (p *newsroomPages) previewBar(a content.Article, typed bool) string {
	data := struct{ CSS, What, Back string }{CSS: p.s.views.AssetURL("editor.css")}
	switch {
	case typed:
		data.What = "nội dung đang soạn, chưa lưu."
	case a.PendingRevisionID != 0:
		data.What = "bản sửa đang ở bước «" + a.PendingStage.Label() + "»; bản đang đăng vẫn hiển thị cho tới khi bản sửa được duyệt."
	default:
		data.What = "bài đang ở bước «" + a.Status.Label() + "»."
	}
	if a.ID != 0 {
		data.Back = articleURL(a.ID)
	}
	var b strings.Builder
	if err := previewBarTemplate.Execute(&b, data); err != nil {
		return ""
	}
	return b.String()
}
