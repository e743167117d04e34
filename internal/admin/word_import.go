package admin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/docx"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// Nhập từ tệp Word: a .docx becomes a new draft (internal/docx), its
// pictures stored through the media library; the draft then opens on the
// page of its pictures' descriptions (alt text), which an article needs
// before it can be submitted.
const (
	pathWordImport = "/quan-tri/bai-viet/nhap-word"
	// MaxWordBytes caps the .docx uploaded: a few pages with phone photos.
	MaxWordBytes = 40 << 20
	// altSuffix is the last segment of an article's picture descriptions page.
	altSuffix = "mo-ta-anh"
)

const (
	msgNoWordFile   = "Vui lòng chọn một tệp Word (.docx) để nhập."
	msgWordNoPhotos = "Máy chủ này chưa bật thư viện ảnh nên không nhập được tệp Word có ảnh. Vui lòng báo quản trị hệ thống."
	msgAltMissing   = "Ảnh này chưa có mô tả. Mỗi ảnh cần có mô tả (văn bản thay thế) trước khi gửi biên tập."
)

// wordLimits are the converter's limits as the area uses them: the body
// must fit an article with room for the pictures' tags.
func wordLimits() docx.Limits {
	return docx.Limits{MaxHTMLBytes: content.MaxBody - 64<<10}
}

// WordImportPage is the form of /quan-tri/bai-viet/nhap-word.
type WordImportPage struct {
	Layout
	Form
	Categories []Option
	MaxSize    string
	MaxImages  int
}

// WordAltPage is the page of an article's picture descriptions.
type WordAltPage struct {
	Layout
	Form
	Title     string
	EditURL   string
	ActionURL string
	Version   string
	Imported  bool     // the article was just made from a Word file
	Notes     []string // what the import could not carry over
	Images    []WordAltImage
	Missing   int // pictures still without a description
	Notice    string
}

// WordAltImage is one picture of the body with its description field.
type WordAltImage struct {
	Field         string // the input's name: "alt-<n>"
	Number        int    // 1-based, as the page counts them
	Src, Srcset   string
	Width, Height int
	Alt           string
}

func (s *Server) registerWordImport(mux *http.ServeMux) {
	if s.content == nil || s.newsroom == nil {
		return
	}
	p := &newsroomPages{s: s}
	page := func(pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	page("GET "+pathWordImport, user.ActionArticleCreate, p.wordForm)
	page("POST "+pathWordImport, user.ActionArticleCreate, p.wordImport)
	page("GET "+pathArticles+"/{id}/"+altSuffix, user.ActionArticleCreate, p.altForm)
	page("POST "+pathArticles+"/{id}/"+altSuffix, user.ActionArticleCreate, p.altSave)
}

func altURL(id int64) string { return articleURL(id) + "/" + altSuffix }

func (p *newsroomPages) wordPage(r *http.Request, acc *account, category int64, f Form) (WordImportPage, error) {
	cats, err := p.s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return WordImportPage{}, err
	}
	f.Order = []string{"file", "category"}
	return WordImportPage{Layout: p.s.layout(acc, "Nhập từ tệp Word", pathWordImport), Form: f,
		Categories: append([]Option{{Value: "", Label: "(Chọn sau)"}}, categoryOptions(cats, category)...),
		MaxSize:    sizeText(MaxWordBytes), MaxImages: docx.DefaultMaxImages}, nil
}

func (p *newsroomPages) wordForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	pg, err := p.wordPage(r, acc, 0, Form{})
	if err != nil {
		return err
	}
	return p.s.render(w, http.StatusOK, "word-import", pg)
}

// wordImport converts the uploaded .docx into a new draft. A file refused
// shows the form again with the reason; nothing is stored for it.
func (p *newsroomPages) wordImport(w http.ResponseWriter, r *http.Request, acc *account) error {
	file, hdr, err := readUpload(w, r, MaxWordBytes+uploadEnvelope, msgNoWordFile,
		fmt.Sprintf("Tệp Word quá lớn: dung lượng tối đa là %s. Hãy giảm kích thước ảnh trong tài liệu (Word: Tệp › Nén ảnh) rồi nhập lại.", sizeText(MaxWordBytes)))
	category, _ := strconv.ParseInt(r.PostFormValue("category"), 10, 64)
	again := func(field string, err error) error {
		if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.TooLarge {
			return err
		}
		var f Form
		f.add(field, apperr.MessageOf(err))
		pg, perr := p.wordPage(r, acc, category, f)
		if perr != nil {
			return perr
		}
		status := http.StatusUnprocessableEntity
		if apperr.CodeOf(err) == apperr.TooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		return p.s.render(w, status, "word-import", pg)
	}
	if err != nil {
		return again("file", err)
	}
	defer file.Close()
	if category != 0 {
		if _, err := p.s.content.Store().FindCategoryByID(r.Context(), acc.Site.ID, category); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return again("category", apperr.New(apperr.Invalid, "Chuyên mục không tồn tại."))
			}
			return err
		}
	}
	size, err := file.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	doc, err := docx.Convert(file, size, wordLimits())
	if err != nil {
		return again("file", err)
	}
	if len(doc.Images) > 0 && p.s.media == nil {
		return again("file", apperr.New(apperr.Invalid, msgWordNoPhotos))
	}

	placed, ok, dropped, err := p.storeWordImages(r, acc, hdr.Filename, doc)
	if err != nil {
		return err
	}
	body := doc.HTML(func(i int) (docx.Placed, bool) { return placed[i], ok[i] })
	title := doc.Title
	if title == "" {
		title = strings.TrimSuffix(path.Base(strings.ReplaceAll(hdr.Filename, `\`, "/")), path.Ext(hdr.Filename))
	}
	title = clip(title, content.MaxTitle)
	a, err := p.s.newsroom.Create(r.Context(), p.actor(r, acc), acc.Site.ID, newsroom.Draft{CategoryID: category, Title: title, Body: body})
	if err != nil {
		return again("file", err)
	}
	q := importOutcome(doc, dropped)
	http.Redirect(w, r, altURL(a.ID)+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// storeWordImages stores the pictures through the media pipeline: a
// picture it refuses (a format it does not take, such as Word's EMF
// drawings) is left out and named; any other failure stops the import.
func (p *newsroomPages) storeWordImages(r *http.Request, acc *account, fileName string, doc *docx.Doc) (placed []docx.Placed, ok []bool, dropped []string, err error) {
	placed = make([]docx.Placed, len(doc.Images))
	ok = make([]bool, len(doc.Images))
	for i, im := range doc.Images {
		it, err := p.storeWordImage(r.Context(), r, acc, fileName, im)
		if c := apperr.CodeOf(err); c == apperr.Invalid || c == apperr.TooLarge {
			dropped = append(dropped, im.Name+" ("+apperr.MessageOf(err)+")")
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		placed[i], ok[i] = docx.Placed{Src: it.URL(), Srcset: it.Srcset(), Sizes: "(max-width: 960px) 100vw, 960px",
			Width: it.Width, Height: it.Height, Alt: it.Alt}, true
	}
	return placed, ok, dropped, nil
}

// importOutcome is the query telling the pictures' page what the import
// converted and what it left out.
func importOutcome(doc *docx.Doc, dropped []string) url.Values {
	q := url.Values{"nhap": {"1"}}
	if n := doc.TCVN3Runs; n > 0 {
		q.Set("tcvn3", strconv.Itoa(n))
	}
	if n := doc.VNIRuns; n > 0 {
		q.Set("vni", strconv.Itoa(n))
	}
	if len(dropped) > 0 {
		q.Set("bo-anh", strconv.Itoa(len(dropped)))
	}
	for _, n := range doc.Notes {
		if strings.Contains(n, "ảnh đầu tiên") {
			q.Set("qua-nhieu-anh", "1")
		} else {
			q.Set("anh-lien-ket", "1")
		}
	}
	return q
}

// storeWordImage stores a picture of the document in the library, as an
// upload of the signed-in user (audited as one).
func (p *newsroomPages) storeWordImage(ctx context.Context, r *http.Request, acc *account, fileName string, im docx.Image) (media.Item, error) {
	rc, err := im.Open()
	if err != nil {
		return media.Item{}, err
	}
	defer rc.Close()
	alt := im.Alt
	if _, err := media.CleanAlt(alt); err != nil {
		alt = "" // too long for a description: the user writes one
	}
	a := p.s.uploadAudit(r, acc, clip(fileName, maxAuditName/2)+" › "+im.Name)
	return p.s.media.UploadImage(ctx, acc.Site.ID, acc.User.ID, rc, alt, a)
}

// bodyImages lists the pictures of a body, in order.
func bodyImages(body string) []WordAltImage {
	var out []WordAltImage
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		if t.Data != "img" {
			continue
		}
		im := WordAltImage{Number: len(out) + 1, Field: "alt-" + strconv.Itoa(len(out))}
		for _, a := range t.Attr {
			switch a.Key {
			case "src":
				im.Src = a.Val
			case "srcset":
				im.Srcset = a.Val
			case "alt":
				im.Alt = a.Val
			case "width":
				im.Width, _ = strconv.Atoi(a.Val)
			case "height":
				im.Height, _ = strconv.Atoi(a.Val)
			}
		}
		out = append(out, im)
	}
}

// setAlts rewrites the alt of the n-th picture of body to alts[n] (for
// each n in alts); every other byte is kept.
func setAlts(body string, alts map[int]string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b bytes.Buffer
	n := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			t := z.Token()
			if t.Data == "img" {
				if alt, ok := alts[n]; ok {
					found := false
					for i := range t.Attr {
						if t.Attr[i].Key == "alt" {
							t.Attr[i].Val, found = alt, true
						}
					}
					if !found {
						t.Attr = append(t.Attr, html.Attribute{Key: "alt", Val: alt})
					}
					t.Type = html.StartTagToken
					b.WriteString(t.String())
					n++
					continue
				}
				n++
			}
		}
		b.Write(raw)
	}
}

func (p *newsroomPages) altPage(r *http.Request, acc *account, a content.Article, d newsroom.Draft) WordAltPage {
	q := r.URL.Query()
	pg := WordAltPage{Layout: p.s.layout(acc, "Mô tả ảnh: "+d.Title, pathArticles), Title: d.Title,
		EditURL: articleURL(a.ID), ActionURL: altURL(a.ID), Version: version(a), Images: bodyImages(d.Body)}
	if q.Get("nhap") == "1" {
		pg.Imported = true
		if n, _ := strconv.Atoi(q.Get("tcvn3")); n > 0 {
			pg.Notes = append(pg.Notes, fmt.Sprintf("Đã chuyển %d đoạn chữ gõ bằng phông TCVN3 (.VnTime…) sang Unicode: hãy đọc lại các đoạn này.", n))
		}
		if n, _ := strconv.Atoi(q.Get("vni")); n > 0 {
			pg.Notes = append(pg.Notes, fmt.Sprintf("Đã chuyển %d đoạn chữ gõ bằng phông VNI (VNI-Times…) sang Unicode: hãy đọc lại các đoạn này.", n))
		}
		if n, _ := strconv.Atoi(q.Get("bo-anh")); n > 0 {
			pg.Notes = append(pg.Notes, fmt.Sprintf("%d ảnh trong tài liệu không nhập được (định dạng ảnh không hỗ trợ, ví dụ hình vẽ EMF/WMF của Word): hãy lưu các ảnh đó thành JPEG hoặc PNG rồi chèn trong trình soạn thảo.", n))
		}
		if q.Get("qua-nhieu-anh") == "1" {
			pg.Notes = append(pg.Notes, fmt.Sprintf("Tài liệu có hơn %d ảnh; chỉ %d ảnh đầu tiên được nhập, hãy chèn các ảnh còn lại trong trình soạn thảo.", docx.DefaultMaxImages, docx.DefaultMaxImages))
		}
		if q.Get("anh-lien-ket") == "1" {
			pg.Notes = append(pg.Notes, "Một số ảnh trong tài liệu chỉ là liên kết tới tệp bên ngoài, không có trong tệp Word nên không nhập được.")
		}
	}
	for _, im := range pg.Images {
		if strings.TrimSpace(im.Alt) == "" {
			pg.Missing++
		}
	}
	return pg
}

func (p *newsroomPages) altForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	d, err := p.workingDraft(r, acc, a)
	if err != nil {
		return err
	}
	pg := p.altPage(r, acc, a, d)
	if r.URL.Query().Get("xong") == "luu" {
		pg.Notice = "Đã lưu mô tả ảnh."
	}
	return p.s.render(w, http.StatusOK, "word-alt", pg)
}

// altSave writes the descriptions typed into the working text (a new
// revision) and into the library's records of pictures without one; with
// "gui" it then submits the article, which the workflow refuses while a
// picture has no description.
func (p *newsroomPages) altSave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := p.findArticle(r, acc)
	if err != nil {
		return err
	}
	d, err := p.workingDraft(r, acc, a)
	if err != nil {
		return err
	}
	pg := p.altPage(r, acc, a, d)
	typed := map[int]string{}
	pg.Missing = 0
	for i := range pg.Images {
		im := &pg.Images[i]
		v := r.PostForm.Get(im.Field)
		clean, err := media.CleanAlt(v)
		if err != nil {
			pg.Form.add(im.Field, apperr.MessageOf(err))
			im.Alt = v
			continue
		}
		im.Alt = clean
		typed[i] = clean
		if clean == "" {
			pg.Missing++
		}
	}
	for _, im := range pg.Images {
		pg.Form.Order = append(pg.Form.Order, im.Field)
	}
	submit := r.PostForm.Get("gui") != ""
	show := func(status int) error { return p.s.render(w, status, "word-alt", pg) }
	if len(pg.Form.Errors) > 0 {
		return show(http.StatusUnprocessableEntity)
	}
	if r.PostForm.Get("version") != version(a) {
		pg.Form.Alert = msgConflict + " " + msgKept
		return show(http.StatusConflict)
	}
	if submit && pg.Missing > 0 {
		for _, im := range pg.Images {
			if im.Alt == "" {
				pg.Form.add(im.Field, msgAltMissing)
			}
		}
		pg.Form.Alert = fmt.Sprintf("Chưa gửi biên tập được: còn %d ảnh chưa có mô tả. Hãy nhập mô tả cho từng ảnh (điều người đọc khiếm thị cần biết về ảnh), rồi gửi lại.", pg.Missing)
		return show(http.StatusUnprocessableEntity)
	}
	ctx := r.Context()
	actor := p.actor(r, acc)
	if body := setAlts(d.Body, typed); body != d.Body {
		d.Body = body
		if _, err := p.s.newsroom.Save(ctx, actor, acc.Site.ID, a.ID, d, "Mô tả ảnh"); err != nil {
			pg.Form.Alert = apperr.MessageOf(err)
			if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict && c != apperr.Forbidden {
				return err
			}
			return show(http.StatusUnprocessableEntity)
		}
		p.fillLibraryAlts(ctx, acc.Site.ID, pg.Images)
	}
	if submit {
		if _, err := p.s.newsroom.Submit(ctx, actor, acc.Site.ID, a.ID); err != nil {
			if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict && c != apperr.Forbidden {
				return err
			}
			pg.Form.Alert = apperr.MessageOf(err)
			return show(http.StatusUnprocessableEntity)
		}
		http.Redirect(w, r, articleURL(a.ID)+"?xong=gui", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, articleURL(a.ID)+"?xong=luu", http.StatusSeeOther)
	return nil
}

// fillLibraryAlts gives each picture of the site's library that still has
// no description the one typed for it, so the library and a later use of
// the photo have it too. A description the library has is kept: another
// article may show the photo with it. Failures are logged only: the
// article, which is what submission checks, is saved already.
func (p *newsroomPages) fillLibraryAlts(ctx context.Context, siteID int64, images []WordAltImage) {
	if p.s.media == nil {
		return
	}
	for _, im := range images {
		key, ok := strings.CutPrefix(im.Src, media.ImagePathPrefix)
		if !ok || im.Alt == "" {
			continue
		}
		it, rc, _, err := p.s.media.OpenImage(ctx, key)
		if err != nil {
			continue // not of the library (or gone): nothing to fill
		}
		rc.Close()
		if it.SiteID != siteID || !it.NeedsAlt() {
			continue
		}
		if err := p.s.media.SetAlt(ctx, siteID, it.ID, im.Alt); err != nil {
			p.s.log.ErrorContext(ctx, "library alt", "media", it.ID, "err", err)
		}
	}
}
