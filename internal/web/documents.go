package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/rating"
	"trangtin/internal/vi"
)

// The documents register's public pages:
//
//	GET /van-ban          list, filters loai, co-quan, linh-vuc, nam, hieu-luc,
//	                      tu-ngay, den-ngay (issue dates, 05/12/2026 or ISO), trang
//	GET /van-ban/{ref}    one document; ref is "<id>-<slug of the number>"
const (
	pathDocuments    = "/van-ban"
	documentsPerPage = 20
)

// DocumentsPage lists the published documents, filtered, a page at a time.
type DocumentsPage struct {
	Layout
	Form       DocumentFilterForm
	Types      []FilterOption
	Issuers    []FilterOption
	Fields     []FilterOption
	Years      []FilterOption
	Validities []FilterOption
	Error      string // why the filters could not run, in Vietnamese
	Filtered   bool
	Rows       []DocumentRow
	Total      int
	Pager      Pager
}

// DocumentFilterForm holds the filters as typed, to refill the form: the
// issue dates as dd/mm/yyyy once read, as typed when they cannot be.
type DocumentFilterForm struct {
	Type, Issuer, Field, Year, Validity string
	From, To                            string
}

// Advanced reports whether a filter of the folded part of the form is
// set: then the form shows it open.
func (f DocumentFilterForm) Advanced() bool { return f != DocumentFilterForm{} }

// FilterOption is one choice of a filter menu.
type FilterOption struct {
	Value, Label string
	Selected     bool
}

// DocumentRow is one document of the list.
type DocumentRow struct {
	URL         string
	Number      string
	Type        string
	Abstract    string
	Issuer      string
	IssuedOn    string // 05/01/2020
	IssuedISO   string // 2020-01-05
	Validity    string
	ValidityKey string
	File        *DocumentFile // the first attachment, to download from the list
	Preview     string        // where the first attachment, a PDF, shows inline
}

// DocumentPage shows one document with everything the register knows of it.
type DocumentPage struct {
	Layout
	Doc         document.Document
	Title       string // "Quyết định số 123/QĐ-UBND"
	Citation    string // "… ngày 05 tháng 01 năm 2020 của …"
	IssuedOn    string
	IssuedISO   string
	EffectiveOn string
	ExpiresOn   string
	Validity    string
	ValidityKey string
	ReplacedBy  *DocumentLink
	Files       []DocumentFile
	Rating      *RatingWidget // the satisfaction rating form; nil when ratings are off
}

// DocumentLink points to another document.
type DocumentLink struct {
	URL, Citation string
}

// DocumentFile is one attachment, downloaded with Content-Disposition.
type DocumentFile struct {
	Name, URL, Format, Size string
}

// registerDocuments adds the register's pages when the server has one.
func (s *Server) registerDocuments(mux *http.ServeMux) {
	if s.docs == nil {
		return
	}
	mux.Handle("GET "+pathDocuments, s.documentPage(s.documentList, documentsQuery))
	mux.Handle("GET "+pathDocuments+"/{$}", http.RedirectHandler(pathDocuments, http.StatusMovedPermanently))
	mux.Handle("GET "+pathDocuments+"/{ref}", s.documentPage(s.documentDetail, nil))
	s.AddSitemapSource(s.documentSitemap)
}

// documentSitemap lists the register and every published document for
// /sitemap.xml.
func (s *Server) documentSitemap(ctx context.Context, siteID int64) ([]SitemapEntry, error) {
	if !s.moduleOn(siteID, content.ModuleDocuments) {
		return nil, nil
	}
	out := []SitemapEntry{{Path: pathDocuments}}
	const batch = 1000
	for off := 0; ; off += batch {
		docs, err := s.docs.Store().FindDocuments(ctx, document.Filter{SiteID: siteID, Status: document.StatusPublished, Limit: batch, Offset: off})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			out = append(out, SitemapEntry{Path: d.Path(), LastMod: d.UpdatedAt})
			if d.UpdatedAt.After(out[0].LastMod) {
				out[0].LastMod = d.UpdatedAt
			}
		}
		if len(docs) < batch {
			return out, nil
		}
	}
}

// documentPage serves a cached page like page does, with the filters that
// canon keeps and the day in the key: a document's validity changes at
// midnight without any edit.
func (s *Server) documentPage(fn pageFunc, canon queryRule) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		site, err := s.siteFor(r)
		if err != nil {
			return err
		}
		prefs := prefsFrom(r)
		query, ok := canonical(canon, r.URL)
		path := r.URL.Path + query
		stamp := depDocuments.stamp(site)
		key := ""
		if ok {
			key = strconv.FormatInt(site.ID, 10) + "|" + prefs.value() + "|" + document.DateString(s.docs.Today()) + "|" + path
			if s.hit(w, r, key, stamp) {
				return nil
			}
		}
		return s.renderDocumentPage(w, r, fn, pageReq{site: site, prefs: prefs, path: path, query: query, key: key, stamp: stamp, canonical: ok})
	})
}

// renderDocumentPage renders a page of the register for the cache (or,
// for a query that cannot be valid, for this request only).
func (s *Server) renderDocumentPage(w http.ResponseWriter, r *http.Request, fn pageFunc, p pageReq) error {
	site, stamp := p.site, p.stamp
	render := func(r *http.Request) (rendered, error) {
		v, err := fn(r, *site, Layout{Site: *site, Path: p.path, Prefs: p.prefs})
		if to, ok := replacement(err); ok {
			return rendered{redirect: to}, nil
		}
		var bad *badFilter
		if asBadFilter(err, &bad) {
			// The filters are wrong: show the form again with the
			// message, uncached, as a 400.
			body, err := s.execute(bad.view)
			if err != nil {
				return rendered{}, err
			}
			return rendered{status: http.StatusBadRequest, body: body}, nil
		}
		if err != nil {
			return rendered{}, err
		}
		body, err := s.execute(v)
		if err != nil {
			return rendered{}, err
		}
		return rendered{e: newEntry(body, stamp)}, nil
	}
	if !p.canonical {
		res, err := render(r)
		return answer(w, r, res, err)
	}
	return s.miss(w, r, p.key, stamp, p.query, render)
}

// badFilter is a list page to show with status 400.
type badFilter struct{ view view }

func (b *badFilter) Error() string { return "bad document filter" }

func asBadFilter(err error, out **badFilter) bool {
	b, ok := err.(*badFilter)
	*out = b
	return ok
}

// documentParams are the list's query parameters, in canonical order.
var documentParams = []string{"loai", "co-quan", "linh-vuc", "nam", "hieu-luc", "tu-ngay", "den-ngay", "trang"}

// documentsQuery keeps the list's filters in a fixed order, the year and
// page number in their parsed form, so junk parameters and spellings
// neither split nor flood the cache. A year or page that is not a number
// is not canonical: the list answers it with its message, uncached. The
// text filters are checked by the list against the register's own values.
func documentsQuery(u *url.URL) (string, bool) {
	if u.RawQuery == "" {
		return "", true
	}
	v := u.Query()
	q := url.Values{}
	for _, k := range documentParams {
		x := v.Get(k)
		if x == "" {
			continue
		}
		switch k {
		case "nam":
			y, err := strconv.Atoi(x)
			if err != nil {
				return "", false
			}
			x = strconv.Itoa(y)
		case "tu-ngay", "den-ngay":
			// As typed (05/12/2026) or ISO: one key for one day.
			d, err := vi.ParseDay(x)
			if err != nil {
				return "", false
			}
			x = d.String()
		case "trang":
			n, ok := pageNumber(x)
			if !ok {
				return "", false
			}
			if n == 1 {
				continue
			}
			x = strconv.Itoa(n)
		}
		q.Set(k, x)
	}
	if len(q) == 0 {
		return "", true
	}
	return "?" + q.Encode(), true // Encode sorts by key: still one key per filter set
}

// readDocumentFilter sets f from the filter form and the page number;
// problem is the Vietnamese message for the first value that is not valid.
func readDocumentFilter(form DocumentFilterForm, facets document.Facets, trang string, f *document.Filter) (page int, problem string) {
	if form.Type != "" {
		if !document.KnownType(form.Type) {
			return 0, "Hình thức văn bản không hợp lệ."
		}
		f.Type = form.Type
	}
	// Only values the register uses: any other would be a page of nothing,
	// and each a new entry of the page cache.
	if form.Issuer != "" && !slices.Contains(facets.Issuers, form.Issuer) {
		return 0, "Cơ quan ban hành không có trong danh sách, vui lòng chọn lại."
	}
	if form.Field != "" && !slices.Contains(facets.Fields, form.Field) {
		return 0, "Lĩnh vực không có trong danh sách, vui lòng chọn lại."
	}
	f.Issuer, f.Field = form.Issuer, form.Field
	if form.Year != "" {
		y, err := strconv.Atoi(form.Year)
		if err != nil || y < 1945 || y > 2200 {
			return 0, "Năm ban hành không hợp lệ, vui lòng nhập bốn chữ số, ví dụ 2020."
		}
		f.Year = y
	}
	if form.Validity != "" {
		if !document.Validity(form.Validity).Valid() {
			return 0, "Tình trạng hiệu lực không hợp lệ."
		}
		f.Validity = document.Validity(form.Validity)
	}
	for _, d := range []struct {
		typed, label string
		day          *vi.Day
	}{{form.From, "Ban hành từ ngày", &f.IssuedFrom}, {form.To, "Ban hành đến ngày", &f.IssuedTo}} {
		if d.typed == "" {
			continue
		}
		day, err := vi.ParseDay(d.typed)
		if err != nil {
			return 0, vi.FieldMessage(d.label, d.typed, err)
		}
		*d.day = day
	}
	if !f.IssuedFrom.IsZero() && !f.IssuedTo.IsZero() && f.IssuedTo.Before(f.IssuedFrom) {
		return 0, "«Ban hành đến ngày» phải bằng hoặc sau «Ban hành từ ngày»."
	}
	page = 1
	if q := trang; q != "" {
		n, ok := pageNumber(q)
		if !ok {
			return 0, "Số trang không hợp lệ."
		}
		page = n
	}
	return page, ""
}

func (s *Server) documentList(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	v := r.URL.Query()
	form := DocumentFilterForm{Type: v.Get("loai"), Issuer: v.Get("co-quan"), Field: v.Get("linh-vuc"), Year: v.Get("nam"), Validity: v.Get("hieu-luc"),
		From: strings.TrimSpace(v.Get("tu-ngay")), To: strings.TrimSpace(v.Get("den-ngay"))}
	f := document.Filter{SiteID: site.ID, Status: document.StatusPublished, Today: s.docs.Today()}
	facets, err := s.docs.Store().DocumentFacets(ctx, site.ID, document.StatusPublished)
	if err != nil {
		return view{}, err
	}
	l.Title = "Văn bản"
	l.Crumbs = []Crumb{{Name: "Văn bản"}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	p := DocumentsPage{Layout: l, Form: form}
	p.Types = options(document.Types, form.Type)
	p.Issuers = options(facets.Issuers, form.Issuer)
	p.Fields = options(facets.Fields, form.Field)
	years := make([]string, len(facets.Years))
	for i, y := range facets.Years {
		years[i] = strconv.Itoa(y)
	}
	p.Years = options(years, form.Year)
	for _, x := range document.Validities {
		p.Validities = append(p.Validities, FilterOption{Value: string(x), Label: x.Label(), Selected: string(x) == form.Validity})
	}
	page, problem := readDocumentFilter(form, facets, v.Get("trang"), &f)
	// The dates read are shown back as dd/mm/yyyy, whatever was typed:
	// one page for the one cache key of the day.
	if !f.IssuedFrom.IsZero() {
		p.Form.From = f.IssuedFrom.Numeric()
	}
	if !f.IssuedTo.IsZero() {
		p.Form.To = f.IssuedTo.Numeric()
	}
	if problem != "" {
		p.Error = problem
		p.Layout.Title = "Văn bản"
		return view{}, &badFilter{view{"documents", p}}
	}
	p.Filtered = form != DocumentFilterForm{}
	if p.Total, err = s.docs.Store().CountDocuments(ctx, f); err != nil {
		return view{}, err
	}
	pages := max(1, (p.Total+documentsPerPage-1)/documentsPerPage)
	if page > pages {
		return view{}, apperr.New(apperr.NotFound, "Danh sách văn bản không có trang này.")
	}
	f.Limit, f.Offset = documentsPerPage, (page-1)*documentsPerPage
	docs, err := s.docs.Store().FindDocuments(ctx, f)
	if err != nil {
		return view{}, err
	}
	if p.Rows, err = s.documentRows(ctx, site.ID, docs, f.Today); err != nil {
		return view{}, err
	}
	base := pathDocuments
	if q := documentsQueryWithout(v, "trang"); q != "" {
		base += "?" + q
	}
	p.Pager = pager(base, page, pages, p.Total)
	p.Pager.Noun = "văn bản"
	if page > 1 {
		p.Layout.Title += " - Trang " + strconv.Itoa(page)
	}
	return view{"documents", p}, nil
}

// documentRows are docs as the list shows them, each with its first
// attachment (read in one query) to download, and to preview when a PDF.
func (s *Server) documentRows(ctx context.Context, siteID int64, docs []document.Document, today vi.Day) ([]DocumentRow, error) {
	var firstFiles []int64
	for _, d := range docs {
		if len(d.FileIDs) > 0 {
			firstFiles = append(firstFiles, d.FileIDs[0])
		}
	}
	files := map[int64]media.Item{}
	if s.media != nil && len(firstFiles) > 0 {
		var err error
		if files, err = s.media.Files(ctx, siteID, firstFiles); err != nil {
			return nil, err
		}
	}
	rows := make([]DocumentRow, 0, len(docs))
	for _, d := range docs {
		val := d.ValidityOn(today)
		row := DocumentRow{URL: d.Path(), Number: d.Number, Type: d.Type, Abstract: d.Abstract, Issuer: d.Issuer,
			IssuedOn: shortDate(d.IssuedOn), IssuedISO: document.DateString(d.IssuedOn), Validity: val.Label(), ValidityKey: string(val)}
		if len(d.FileIDs) > 0 {
			if it, ok := files[d.FileIDs[0]]; ok {
				row.File = &DocumentFile{Name: it.FileName, URL: it.URL(), Format: fileFormat(it.FileName), Size: fileSize(it.Size)}
				if it.ContentType == pdfType {
					row.Preview = it.URL() + "?" + previewParam + "=1"
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func documentsQueryWithout(v url.Values, drop string) string {
	q := url.Values{}
	for _, k := range documentParams {
		if x := v.Get(k); x != "" && k != drop {
			q.Set(k, x)
		}
	}
	return q.Encode()
}

func options(values []string, selected string) []FilterOption {
	out := make([]FilterOption, 0, len(values))
	for _, x := range values {
		out = append(out, FilterOption{Value: x, Label: x, Selected: x == selected})
	}
	return out
}

// shortDate formats a calendar date as 05/01/2020.
func shortDate(d vi.Day) string {
	if d.IsZero() {
		return ""
	}
	return d.Numeric()
}

func (s *Server) documentDetail(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	id, ok := document.ParseRef(r.PathValue("ref"))
	if !ok {
		return view{}, apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
	}
	d, err := s.docs.Public(ctx, site.ID, id)
	if err != nil {
		return view{}, err
	}
	if want := strings.TrimPrefix(d.Path(), pathDocuments+"/"); r.PathValue("ref") != want {
		return view{}, &apperr.Error{Code: apperr.Gone, Fields: map[string]string{"replacement": d.Path()}}
	}
	today := s.docs.Today()
	val := d.ValidityOn(today)
	p := DocumentPage{Doc: d, Title: d.Title(), Citation: d.Citation(), IssuedOn: shortDate(d.IssuedOn), IssuedISO: document.DateString(d.IssuedOn),
		EffectiveOn: shortDate(d.EffectiveOn), ExpiresOn: shortDate(d.ExpiresOn), Validity: val.Label(), ValidityKey: string(val),
		Rating: s.ratingWidget(&site, rating.Document, d.ID)}
	if d.ReplacedByID != 0 {
		if by, err := s.docs.Public(ctx, site.ID, d.ReplacedByID); err == nil {
			p.ReplacedBy = &DocumentLink{URL: by.Path(), Citation: by.Citation()}
		} else if !apperr.Is(err, apperr.NotFound) && !apperr.Is(err, apperr.Gone) {
			return view{}, err
		}
	}
	if p.Files, err = s.documentFiles(ctx, site.ID, d.FileIDs); err != nil {
		return view{}, err
	}
	l.Title = d.Title()
	l.Description = d.Abstract
	l.Crumbs = []Crumb{{Name: "Văn bản", URL: pathDocuments}, {Name: d.Title()}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	p.Layout = l
	return view{"document", p}, nil
}

// documentFiles lists the attachments that still exist, in order, read in
// one query.
func (s *Server) documentFiles(ctx context.Context, siteID int64, ids []int64) ([]DocumentFile, error) {
	if s.media == nil {
		return nil, nil
	}
	files, err := s.media.Files(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	var out []DocumentFile
	for _, id := range ids {
		if it, ok := files[id]; ok {
			out = append(out, DocumentFile{Name: it.FileName, URL: it.URL(), Format: fileFormat(it.FileName), Size: fileSize(it.Size)})
		}
	}
	return out, nil
}

func fileFormat(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return strings.ToUpper(name[i+1:])
	}
	return ""
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d byte", n)
}
