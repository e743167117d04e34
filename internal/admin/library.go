package admin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// The media library, /quan-tri/thu-vien: every photo and attachment of the
// site, searchable, with where each is used; several files uploaded at
// once (a plain multi-file form, which the script sends one file at a
// time with a progress bar); a photo's description and caption edited in
// one place; a record deleted unless published content shows it.
// Whoever may upload (media.upload) sees the library and edits what they
// uploaded; media.manage edits and deletes anything.
const (
	pathLibrary = "/quan-tri/thu-vien"
	// maxLibraryFiles bounds the files of one upload request.
	maxLibraryFiles = 10
	libraryPerPage  = 30
)

// LibraryPage is /quan-tri/thu-vien.
type LibraryPage struct {
	Layout
	Query, Uploader, From, To string
	Kinds                     []Option
	Filtered                  bool
	Total                     int
	Rows                      []LibraryRow
	Pager                     Pager
	Notice                    string
	Problems                  []string // one line per file refused by an upload
	Error                     string   // a bad filter
	CanUpload                 bool
	MaxFiles                  int
	MaxSize                   string
	// The video upload form (library_video.go): its limit, and after a
	// refused upload the reason and what was typed.
	MaxVideoSize           string
	VideoError             string
	VideoAlt, VideoCaption string
}

// LibraryRow is one record in the library.
type LibraryRow struct {
	ID       int64
	URL      string // its page in the library
	Thumb    string // photos: the smallest variant
	Name     string
	Alt      string
	Caption  string
	Kind     string // "Ảnh", "Video", "Tệp"
	Size     string
	Uploaded When
	Uploader string
	NeedsAlt bool
	Uses     []LibraryUse
}

// LibraryUse is one place a record is shown.
type LibraryUse struct {
	Label  string // "Bài viết", "Trang", "Văn bản", "Lấy ý kiến"
	Title  string
	URL    string // its page in the area
	Public bool
}

// LibraryItemPage is /quan-tri/thu-vien/{id}.
type LibraryItemPage struct {
	Layout
	Form
	Row       LibraryRow
	Image     bool
	Video     string // videos: the address of the MP4 (Src is the poster)
	Src       string
	Srcset    string
	Width     int
	Height    int
	Download  string // attachments: the staff download address
	Alt       string
	Caption   string
	CanEdit   bool
	CanDelete bool
	InUse     bool // published content shows it: deletion is refused
	SaveURL   string
	DeleteURL string
	Notice    string
}

// LibraryJSON is one photo of the library as the editor's pickers read it.
type LibraryJSON struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Srcset  string `json:"srcset"`
	Thumb   string `json:"thumb"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Name    string `json:"name"`
	// Video is a video's MP4 address (URL is then its poster's largest
	// variant); "" for a photo.
	Video string `json:"video,omitempty"`
}

// registerLibrary adds the library's pages.
func (s *Server) registerLibrary(mux *http.ServeMux) {
	page := func(pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	page("GET "+pathLibrary, user.ActionMediaUpload, s.libraryList)
	page("POST "+pathLibrary, user.ActionMediaUpload, s.libraryUpload)
	page("GET "+pathLibrary+"/{id}", user.ActionMediaUpload, s.libraryItem)
	page("POST "+pathLibrary+"/{id}", user.ActionMediaUpload, s.librarySave)
	page("POST "+pathLibrary+"/{id}/xoa", user.ActionMediaManage, s.libraryDelete)
}

func libraryItemURL(id int64) string { return pathLibrary + "/" + strconv.FormatInt(id, 10) }

func (s *Server) libraryOn() error {
	if s.media == nil {
		return apperr.New(apperr.Unavailable, msgMediaOff)
	}
	return nil
}

// libraryFilter reads the list's filter; a bad date is a message, the
// rest of the filter still applies.
func libraryFilter(q url.Values, siteID int64) (media.Filter, string) {
	f := media.Filter{SiteID: siteID, Query: clip(q.Get("q"), 200), Uploader: clip(q.Get("nguoi"), 200)}
	switch q.Get("loai") {
	case "anh":
		f.Kind = media.KindImage
	case "tep":
		f.Kind = media.KindFile
	case "video":
		f.Kind = media.KindVideo
	}
	var bad string
	if raw := strings.TrimSpace(q.Get("tu")); raw != "" {
		if d, err := vi.ParseDay(raw); err == nil {
			f.From = d.Start()
		} else {
			bad = "Ngày «từ ngày» không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."
		}
	}
	if raw := strings.TrimSpace(q.Get("den")); raw != "" {
		if d, err := vi.ParseDay(raw); err == nil {
			f.To = d.AddDays(1).Start()
		} else {
			bad = "Ngày «đến ngày» không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026."
		}
	}
	return f, bad
}

func (s *Server) libraryList(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := s.libraryOn(); err != nil {
		return err
	}
	q := r.URL.Query()
	f, bad := libraryFilter(q, acc.Site.ID)
	page := 1
	if raw := q.Get("trang"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 100000 {
			return apperr.New(apperr.NotFound, "Số trang không hợp lệ.")
		}
		page = n
	}
	if q.Get("dang") == "json" {
		// The editor's pickers: photos (or videos), 24 at a time.
		if f.Kind != media.KindVideo {
			f.Kind = media.KindImage
		}
		f.Limit, f.Offset = 24, (page-1)*24
		items, _, err := s.media.Search(r.Context(), f)
		if err != nil {
			return err
		}
		out := []LibraryJSON{}
		for _, it := range items {
			if len(it.Variants) == 0 {
				continue
			}
			j := LibraryJSON{ID: it.ID, URL: it.URL(), Srcset: it.Srcset(), Thumb: media.ImageURL(it.Variants[0].Key),
				Width: it.Width, Height: it.Height, Alt: it.Alt, Caption: it.Caption, Name: it.FileName}
			if it.Kind == media.KindVideo {
				j.URL, j.Video = it.PosterURL(), it.URL()
			}
			out = append(out, j)
		}
		w.Header().Set("Cache-Control", "private, no-store")
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	f.Limit, f.Offset = libraryPerPage, (page-1)*libraryPerPage
	items, total, err := s.media.Search(r.Context(), f)
	if err != nil {
		return err
	}
	p := LibraryPage{Layout: s.layout(acc, "Thư viện ảnh và tệp", pathLibrary), Query: f.Query, Uploader: f.Uploader,
		From: strings.TrimSpace(q.Get("tu")), To: strings.TrimSpace(q.Get("den")), Total: total, Error: bad,
		CanUpload: true, MaxFiles: maxLibraryFiles, MaxSize: sizeText(s.limits().MaxImageBytes), MaxVideoSize: sizeText(s.limits().MaxVideoBytes)}
	p.Filtered = f.Query != "" || f.Uploader != "" || f.Kind != "" || p.From != "" || p.To != ""
	p.Kinds = libraryKinds(f.Kind)
	if p.Rows, err = s.libraryRows(r, acc, items); err != nil {
		return err
	}
	pages := max(1, (total+libraryPerPage-1)/libraryPerPage)
	p.Pager = Pager{Page: page, Pages: pages}
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "nguoi", "loai", "tu", "den"} {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("trang", strconv.Itoa(n))
		return pathLibrary + "?" + v.Encode()
	}
	if page > 1 {
		p.Pager.PrevURL = link(page - 1)
	}
	if page < pages {
		p.Pager.NextURL = link(page + 1)
	}
	if n, err := strconv.Atoi(q.Get("da-tai")); err == nil && n > 0 {
		p.Notice = fmt.Sprintf("Đã tải lên %d tệp. Hãy viết mô tả cho những ảnh còn thiếu trước khi dùng trong bài.", n)
	}
	if q.Has("da-xoa") {
		p.Notice = "Đã xóa tệp khỏi thư viện."
	}
	return s.render(w, http.StatusOK, "library", p)
}

// libraryRows makes the rows of items, with their uses and uploaders.
func (s *Server) libraryRows(r *http.Request, acc *account, items []media.Item) ([]LibraryRow, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	uses, err := s.media.Uses(r.Context(), acc.Site.ID, ids)
	if err != nil {
		return nil, err
	}
	who := &names{users: s.users, ctx: r.Context(), seen: map[int64]string{}}
	rows := make([]LibraryRow, 0, len(items))
	for _, it := range items {
		rows = append(rows, libraryRow(it, uses[it.ID], who))
	}
	return rows, nil
}

func libraryRow(it media.Item, uses []media.Use, who *names) LibraryRow {
	row := LibraryRow{ID: it.ID, URL: libraryItemURL(it.ID), Name: it.FileName, Alt: it.Alt, Caption: it.Caption,
		Size: fileSizeText(it.Size), Uploaded: when(it.CreatedAt), Uploader: who.of(it.CreatedBy), NeedsAlt: it.NeedsAlt()}
	if it.Kind == media.KindImage || it.Kind == media.KindVideo {
		row.Kind = "Ảnh"
		if it.Kind == media.KindVideo {
			row.Kind = "Video"
		}
		if len(it.Variants) > 0 {
			row.Thumb = media.ImageURL(it.Variants[0].Key)
		}
		if row.Name == "" {
			row.Name = row.Kind + " số " + strconv.FormatInt(it.ID, 10)
		}
	} else {
		row.Kind = "Tệp"
	}
	for _, u := range uses {
		lu := LibraryUse{Title: u.Title, Public: u.Public}
		switch u.Kind {
		case media.UseArticle:
			lu.Label, lu.URL = "Bài viết", articleURL(u.OwnerID)
		case media.UsePage:
			lu.Label, lu.URL = "Trang", content.PagePath(u.Slug)
		case media.UseDocument:
			lu.Label, lu.URL = "Văn bản", pathDocuments+"/"+strconv.FormatInt(u.OwnerID, 10)
		case media.UseConsultation:
			lu.Label, lu.URL = "Lấy ý kiến dự thảo", pathConsultations+"/"+strconv.FormatInt(u.OwnerID, 10)
		}
		if lu.Title == "" {
			lu.Title = "(không có tiêu đề)"
		}
		row.Uses = append(row.Uses, lu)
	}
	return row
}

// libraryUpload stores the files of a multi-file form: photos through the
// photo pipeline, anything else as an attachment. The script sends one
// file a request and reads JSON; the form without it sends them all and
// comes back to the list.
func (s *Server) libraryUpload(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := s.libraryOn(); err != nil {
		return err
	}
	wantJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	tooLarge := fmt.Sprintf("Các tệp gửi một lần quá lớn: tổng dung lượng tối đa là %s, mỗi ảnh tối đa %s. Hãy gửi ít tệp hơn mỗi lần.",
		sizeText(s.libraryBodyLimit()), sizeText(s.limits().MaxImageBytes))
	if r.ContentLength > s.libraryBodyLimit() {
		return apperr.New(apperr.TooLarge, tooLarge)
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.libraryBodyLimit())
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if httpx.IsTooLarge(err) {
			return apperr.Wrap(apperr.TooLarge, tooLarge, err)
		}
		return apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	defer r.MultipartForm.RemoveAll()
	if err := httpx.CheckFormUTF8(r); err != nil {
		return err
	}
	files := r.MultipartForm.File["files"]
	if len(files) == 0 {
		return apperr.New(apperr.Invalid, "Vui lòng chọn ít nhất một tệp để tải lên.")
	}
	if len(files) > maxLibraryFiles {
		return apperr.New(apperr.Invalid, fmt.Sprintf("Mỗi lần tải lên tối đa %d tệp; bạn đã chọn %d tệp.", maxLibraryFiles, len(files)))
	}
	alt, caption := r.PostFormValue("alt"), r.PostFormValue("caption")
	var stored []media.Item
	var problems []string
	for _, fh := range files {
		it, err := s.libraryStore(r, acc, fh.Filename, func() (io.ReadCloser, error) { return fh.Open() }, alt, caption)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code == apperr.Internal {
				return err
			}
			problems = append(problems, clip(fh.Filename, 200)+": "+apperr.MessageOf(err))
			continue
		}
		stored = append(stored, it)
	}
	if wantJSON {
		libraryUploadJSON(w, stored, problems)
		return nil
	}
	if len(problems) == 0 {
		http.Redirect(w, r, pathLibrary+"?da-tai="+strconv.Itoa(len(stored)), http.StatusSeeOther)
		return nil
	}
	return s.libraryRefused(w, r, acc, len(stored), problems)
}

// libraryUploadJSON answers the script: what was stored, what was refused.
func libraryUploadJSON(w http.ResponseWriter, stored []media.Item, problems []string) {
	out := struct {
		Stored   []LibraryJSON `json:"stored"`
		Problems []string      `json:"problems"`
	}{Stored: []LibraryJSON{}, Problems: problems}
	for _, it := range stored {
		j := LibraryJSON{ID: it.ID, URL: it.URL(), Alt: it.Alt, Caption: it.Caption, Name: it.FileName, Width: it.Width, Height: it.Height}
		if it.Kind == media.KindImage {
			j.Srcset, j.Thumb = it.Srcset(), media.ImageURL(it.Variants[0].Key)
		} else {
			j.URL = FileDownloadURL(it.FileKey)
		}
		out.Stored = append(out.Stored, j)
	}
	status := http.StatusOK
	if len(stored) == 0 {
		status = http.StatusUnprocessableEntity
	}
	writeJSON(w, status, out)
}

// libraryRefused shows the list after an upload of the form without its
// script of which some files were refused, each named with its reason.
func (s *Server) libraryRefused(w http.ResponseWriter, r *http.Request, acc *account, stored int, problems []string) error {
	items, total, err := s.media.Search(r.Context(), media.Filter{SiteID: acc.Site.ID, Limit: libraryPerPage})
	if err != nil {
		return err
	}
	p := LibraryPage{Layout: s.layout(acc, "Thư viện ảnh và tệp", pathLibrary), Total: total, Problems: problems,
		CanUpload: true, MaxFiles: maxLibraryFiles, MaxSize: sizeText(s.limits().MaxImageBytes), MaxVideoSize: sizeText(s.limits().MaxVideoBytes),
		Kinds: libraryKinds("")}
	if stored > 0 {
		p.Notice = fmt.Sprintf("Đã tải lên %d tệp.", stored)
	}
	if p.Rows, err = s.libraryRows(r, acc, items); err != nil {
		return err
	}
	p.Pager = Pager{Page: 1, Pages: max(1, (total+libraryPerPage-1)/libraryPerPage)}
	if p.Pager.Pages > 1 {
		p.Pager.NextURL = pathLibrary + "?trang=2"
	}
	return s.render(w, http.StatusUnprocessableEntity, "library", p)
}

// libraryStore stores one uploaded file: a photo when its bytes say so
// (JPEG, PNG, GIF, WebP), else an attachment, which CheckAttachment
// refuses unless it is one of the accepted documents.
func (s *Server) libraryStore(r *http.Request, acc *account, name string, open func() (io.ReadCloser, error), alt, caption string) (media.Item, error) {
	f, err := open()
	if err != nil {
		return media.Item{}, apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	body := io.MultiReader(bytes.NewReader(head), f)
	if len(head) >= 8 && string(head[4:8]) == "ftyp" {
		return media.Item{}, apperr.New(apperr.Invalid, msgVideoHere)
	}
	a := s.uploadAudit(r, acc, name)
	if looksLikeImage(head) {
		return s.media.UploadNamedImage(r.Context(), acc.Site.ID, acc.User.ID, name, body, alt, caption, a)
	}
	return s.media.UploadFile(r.Context(), acc.Site.ID, acc.User.ID, name, body, a)
}

// looksLikeImage reports whether a file starts as a photo format does.
func looksLikeImage(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\xff\xd8\xff")) || bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) ||
		bytes.HasPrefix(b, []byte("GIF8")) || len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP"
}

// fileSizeText is a file's size as the library shows it: "350 KB",
// "1,2 MB".
func fileSizeText(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt(max(1, (n+512)>>10), 10) + " KB"
	}
	return sizeText(n)
}

// libraryBodyLimit bounds the body of one upload request: the larger of a
// photo's and an attachment's (51 MiB by default, under the 60 MiB nginx
// lets through), so the form without its script sends several photos at
// once up to that total, and the script one file a request.
func (s *Server) libraryBodyLimit() int64 { return max(s.fileBodyLimit(), s.imageBodyLimit()) }

// libraryFind reads the {id} of the path: a record of the site.
func (s *Server) libraryFind(r *http.Request, acc *account) (media.Item, error) {
	if err := s.libraryOn(); err != nil {
		return media.Item{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return media.Item{}, media.ErrNotFound
	}
	return s.media.Find(r.Context(), acc.Site.ID, id)
}

func (s *Server) canEditMedia(acc *account, it media.Item) bool {
	return s.can(acc, user.ActionMediaManage) || it.CreatedBy == acc.User.ID && s.can(acc, user.ActionMediaUpload)
}

func (s *Server) libraryItemPage(r *http.Request, acc *account, it media.Item) (LibraryItemPage, error) {
	uses, err := s.media.Uses(r.Context(), acc.Site.ID, []int64{it.ID})
	if err != nil {
		return LibraryItemPage{}, err
	}
	who := &names{users: s.users, ctx: r.Context(), seen: map[int64]string{}}
	row := libraryRow(it, uses[it.ID], who)
	p := LibraryItemPage{Layout: s.layout(acc, row.Name, pathLibrary), Form: Form{Order: []string{"alt", "caption"}}, Row: row,
		Image: it.Kind == media.KindImage, Alt: it.Alt, Caption: it.Caption,
		CanEdit: s.canEditMedia(acc, it), CanDelete: s.can(acc, user.ActionMediaManage),
		SaveURL: libraryItemURL(it.ID), DeleteURL: libraryItemURL(it.ID) + "/xoa"}
	switch {
	case p.Image:
		p.Src, p.Srcset, p.Width, p.Height = it.URL(), it.Srcset(), it.Width, it.Height
	case it.Kind == media.KindVideo:
		p.Video, p.Src, p.Width, p.Height = it.URL(), it.PosterURL(), it.Width, it.Height
	default:
		p.Download = FileDownloadURL(it.FileKey)
	}
	for _, u := range row.Uses {
		p.InUse = p.InUse || u.Public
	}
	return p, nil
}

func (s *Server) libraryItem(w http.ResponseWriter, r *http.Request, acc *account) error {
	it, err := s.libraryFind(r, acc)
	if err != nil {
		return err
	}
	p, err := s.libraryItemPage(r, acc, it)
	if err != nil {
		return err
	}
	switch {
	case r.URL.Query().Has("da-luu"):
		p.Notice = "Đã lưu mô tả và chú thích."
	case r.URL.Query().Has("da-tai-video"):
		p.Notice = "Đã tải video lên. Chèn video vào bài bằng nút «Video» của trình soạn thảo, hoặc đặt ở trang chủ bằng khối «Video»."
	}
	return s.render(w, http.StatusOK, "library-item", p)
}

func (s *Server) librarySave(w http.ResponseWriter, r *http.Request, acc *account) error {
	it, err := s.libraryFind(r, acc)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if !s.canEditMedia(acc, it) {
		return apperr.New(apperr.Forbidden, "Bạn chỉ sửa được mô tả và chú thích của tệp do mình tải lên. Biên tập viên sửa được mọi tệp.")
	}
	alt, caption := r.PostFormValue("alt"), r.PostFormValue("caption")
	a := s.auditEntry(r, acc, "media.edit", "", nil)
	if err := s.media.SetDetails(r.Context(), acc.Site.ID, it.ID, alt, caption, a); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && len(ae.Fields) > 0 {
			p, perr := s.libraryItemPage(r, acc, it)
			if perr != nil {
				return perr
			}
			p.Alt, p.Caption = alt, caption
			for f, m := range ae.Fields {
				p.Form.add(f, m)
			}
			return s.render(w, http.StatusUnprocessableEntity, "library-item", p)
		}
		return err
	}
	http.Redirect(w, r, libraryItemURL(it.ID)+"?da-luu", http.StatusSeeOther)
	return nil
}

func (s *Server) libraryDelete(w http.ResponseWriter, r *http.Request, acc *account) error {
	it, err := s.libraryFind(r, acc)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := s.auditEntry(r, acc, "media.delete", "", nil)
	if _, err := s.media.Delete(r.Context(), acc.Site.ID, it.ID, a); err != nil {
		if errors.Is(err, media.ErrInUse) {
			p, perr := s.libraryItemPage(r, acc, it)
			if perr != nil {
				return perr
			}
			p.Form.Alert = apperr.MessageOf(err)
			return s.render(w, http.StatusConflict, "library-item", p)
		}
		return err
	}
	http.Redirect(w, r, pathLibrary+"?da-xoa", http.StatusSeeOther)
	return nil
}
