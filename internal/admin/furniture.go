package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// The site furniture pages: the main menu, banner links, home page blocks,
// the Giới thiệu set, leaders' profiles and Tiếp cận thông tin. Each is a
// list (with add, edit, move up/down and remove) or a single form, all
// rendered by one template from the field lists built here, so every form
// shows its errors, keeps what was typed and works without script.

// Paths of the furniture pages.
const (
	pathMenu       = "/quan-tri/menu"
	pathBanners    = "/quan-tri/lien-ket"
	pathBlocks     = "/quan-tri/trang-chu"
	pathAbout      = "/quan-tri/gioi-thieu"
	pathLeaders    = "/quan-tri/lanh-dao"
	pathAccessInfo = "/quan-tri/tiep-can-thong-tin"
)

// Field is one input of a furniture form.
type Field struct {
	Type     string // text, url, email, tel, number, textarea, select, checkbox
	Name     string
	Label    string
	Hint     string
	Value    string
	Checked  bool
	Options  []Option
	Rows     int
	Required bool
	Error    string
	Describe string // aria-describedby
	Focus    bool
}

// HintID is the id of the field's hint.
func (f Field) HintID() string { return f.Name + "-goi-y" }

// FurnitureRow is one item of a furniture list.
type FurnitureRow struct {
	ID       int64
	Title    string
	Meta     string
	Sub      bool // a sub-menu item, shown indented
	EditURL  string
	BaseURL  string // POST BaseURL/len, /xuong, /xoa
	First    bool
	Last     bool
	ImageURL string
	Group    string // the list's part it belongs to ("" for a list in one part)
	Fixed    bool   // no move or remove buttons (set by page)
}

// FurnitureGroup is a part of a furniture list under its own heading.
type FurnitureGroup struct {
	Heading string
	ID      string // the heading's id
	Rows    []FurnitureRow
}

// FurniturePage is a furniture list with its form, or a single form.
type FurniturePage struct {
	Layout
	Form
	Heading     string
	Intro       string
	Notice      string
	PublicURL   string
	Links       []NavItem // related pages
	List        bool
	Fixed       bool // no move or remove buttons
	ListHeading string
	Empty       string
	Rows        []FurnitureRow
	RowGroups   []FurnitureGroup // Rows in parts, when its rows name a Group
	FormHeading string
	FormAction  string
	Fields      []Field
	Submit      string
	CancelURL   string
	Version     string // the edit version of the item the form edits ("": none)
}

// HasFile reports whether the form sends a file.
func (p FurniturePage) HasFile() bool {
	for _, f := range p.Fields {
		if f.Type == "file" {
			return true
		}
	}
	return false
}

// furnitureKind is what differs between the furniture pages.
type furnitureKind struct {
	path    string
	action  user.Action
	label   string // navigation label and heading
	intro   string
	public  string // the public address it shows on
	object  string // audit object prefix, e.g. "menu"
	addHead string // heading of the add form
	single  bool   // one form, no list
	// rows lists the items.
	rows func(ctx context.Context, siteID int64) ([]FurnitureRow, error)
	// values returns the form values of item id (0: a new item).
	values func(ctx context.Context, siteID, id int64) (url.Values, error)
	// fields builds the form from values.
	fields func(ctx context.Context, siteID int64, v url.Values) ([]Field, error)
	// save creates (id 0) or updates an item from the posted values,
	// writing a (its Detail given a few words naming the item) with it.
	save func(ctx context.Context, siteID, id int64, v url.Values, a *audit.Entry) error
	// stale, when set, is the error of a save over an item changed since
	// its form was shown: the items carry an edit version, which values
	// gives as "phien-ban" and the form carries.
	stale error
	move  func(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error
	del   func(ctx context.Context, siteID, id int64, a *audit.Entry) error
	// links are pages related to this one.
	links []NavItem
	// upload names the photo picker of the form ("" for none): a photo
	// sent in upload+"_file" is added to the media library and picked,
	// with the alternative text uploadAlt gives.
	upload    string
	uploadAlt func(v url.Values) string
	// fixed: the items keep their order and are never removed here (static
	// pages are published content).
	fixed bool
}

// furniturePages serves the furniture pages.
type furniturePages struct {
	s     *Server
	kinds []*furnitureKind
}

// registerFurniture adds the furniture pages. Without Options.Furniture and
// Options.Content it adds nothing.
func (s *Server) registerFurniture(mux *http.ServeMux) {
	if s.furn == nil || s.content == nil {
		return
	}
	p := &furniturePages{s: s}
	p.kinds = []*furnitureKind{p.menuKind(), p.bannerKind(), p.blockKind(), p.aboutKind(), p.pageKind(), p.leaderKind(), p.accessInfoKind()}
	for _, k := range p.kinds {
		page := func(pattern string, h func(http.ResponseWriter, *http.Request, *account, *furnitureKind) error) {
			mux.Handle(pattern, s.requireUser(s.requireCan(k.action, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
				return h(w, r, accountFrom(r.Context()), k)
			}))))
		}
		page("GET "+k.path, p.show)
		page("POST "+k.path, p.post)
		if !k.single {
			page("GET "+k.path+"/{id}", p.show)
			page("POST "+k.path+"/{id}", p.post)
		}
		if !k.single && !k.fixed {
			page("POST "+k.path+"/{id}/{op}", p.op)
		}
	}
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy mục bạn yêu cầu.")
	}
	return id, nil
}

func (p *furniturePages) show(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	v, err := k.values(r.Context(), acc.Site.ID, id)
	if err != nil {
		return err
	}
	pg, err := p.page(r.Context(), acc, k, id, v, Form{})
	if err != nil {
		return err
	}
	switch {
	case r.URL.Query().Has("da-luu"):
		pg.Notice = "Đã lưu thay đổi. Trang công khai đã được cập nhật."
	case r.URL.Query().Has("da-xoa"):
		pg.Notice = "Đã xóa."
	}
	return p.s.render(w, http.StatusOK, "furniture", pg)
}

// page builds the page of k, its form showing v and form's problems.
func (p *furniturePages) page(ctx context.Context, acc *account, k *furnitureKind, id int64, v url.Values, form Form) (FurniturePage, error) {
	pg := FurniturePage{Layout: p.s.layout(acc, k.label, k.path), Form: form, Heading: k.label, Intro: k.intro,
		PublicURL: k.public, Links: k.links, List: !k.single, FormAction: k.path, Submit: "Lưu", FormHeading: k.addHead}
	if !k.single {
		rows, err := k.rows(ctx, acc.Site.ID)
		if err != nil {
			return pg, err
		}
		for i := range rows {
			rows[i].Fixed = k.fixed
		}
		pg.Rows, pg.ListHeading, pg.Empty, pg.Fixed = rows, "Danh sách", "Chưa có mục nào.", k.fixed
		for _, r := range rows {
			if n := len(pg.RowGroups); r.Group != "" && (n == 0 || pg.RowGroups[n-1].Heading != r.Group) {
				pg.RowGroups = append(pg.RowGroups, FurnitureGroup{Heading: r.Group, ID: "nhom-" + strconv.Itoa(n+1)})
			}
			if n := len(pg.RowGroups); n > 0 {
				pg.RowGroups[n-1].Rows = append(pg.RowGroups[n-1].Rows, r)
			}
		}
		pg.Submit = "Thêm"
		if id != 0 {
			pg.FormHeading, pg.Submit, pg.CancelURL = "Sửa mục", "Lưu thay đổi", k.path
			pg.FormAction = k.path + "/" + strconv.FormatInt(id, 10)
		}
	}
	fields, err := k.fields(ctx, acc.Site.ID, v)
	if err != nil {
		return pg, err
	}
	for i := range fields {
		f := &fields[i]
		pg.Form.Order = append(pg.Form.Order, f.Name)
	}
	for i := range fields {
		f := &fields[i]
		f.Error = pg.Form.Error(f.Name)
		var hints []string
		if f.Hint != "" {
			hints = append(hints, f.HintID())
		}
		f.Describe = pg.Form.Describe(f.Name, hints...)
		f.Focus = pg.Form.FocusFirst(f.Name)
	}
	pg.Fields = fields
	if k.stale != nil && id != 0 {
		pg.Version = v.Get("phien-ban")
	}
	return pg, nil
}

func (p *furniturePages) post(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	ctx := r.Context()
	var uploadErr error
	if k.upload != "" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := p.readPhoto(w, r, acc, k); err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				return err
			}
			uploadErr = err
		}
	} else if err := parseForm(w, r); err != nil {
		if !httpx.IsFormNotUTF8(err) {
			return err
		}
		uploadErr = err
	}
	action := k.object + ".update"
	if id == 0 && !k.single {
		action = k.object + ".create"
	}
	err := uploadErr
	if err == nil {
		err = k.save(ctx, acc.Site.ID, id, r.PostForm, p.s.auditEntry(r, acc, action, "", nil))
	}
	if k.stale != nil && errors.Is(err, k.stale) {
		return p.staleAgain(w, r, acc, k, id, err)
	}
	var ae *apperr.Error
	if apperr.Is(err, apperr.Invalid) && errors.As(err, &ae) {
		form := Form{Errors: map[string]string{}}
		for f, msg := range ae.Fields {
			form.Errors[f] = msg
		}
		if len(form.Errors) == 0 {
			form.Alert = ae.Message
		}
		pg, perr := p.page(ctx, acc, k, id, r.PostForm, form)
		if perr != nil {
			return perr
		}
		return p.s.render(w, http.StatusUnprocessableEntity, "furniture", pg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, k.path+"?da-luu", http.StatusSeeOther)
	return nil
}

// staleAgain answers a save over an item changed since its form was
// shown (err, k.stale): 409, the form showing what was typed with the
// edit version now stored, so that saving again overwrites.
func (p *furniturePages) staleAgain(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind, id int64, err error) error {
	cur, verr := k.values(r.Context(), acc.Site.ID, id)
	if verr != nil {
		return verr
	}
	v := url.Values{}
	for name, vs := range r.PostForm {
		v[name] = vs
	}
	v.Set("phien-ban", cur.Get("phien-ban"))
	pg, perr := p.page(r.Context(), acc, k, id, v, Form{Alert: apperr.MessageOf(err)})
	if perr != nil {
		return perr
	}
	return p.s.render(w, http.StatusConflict, "furniture", pg)
}

func (p *furniturePages) op(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	switch op := r.PathValue("op"); op {
	case "len", "xuong":
		delta := -1
		if op == "xuong" {
			delta = 1
		}
		a := p.s.auditEntry(r, acc, k.object+".move", "", map[string]string{"direction": map[int]string{-1: "up", 1: "down"}[delta]})
		if err := k.move(ctx, acc.Site.ID, id, delta, a); err != nil {
			return err
		}
		http.Redirect(w, r, k.path+"?da-luu", http.StatusSeeOther)
	case "xoa":
		if err := k.del(ctx, acc.Site.ID, id, p.s.auditEntry(r, acc, k.object+".delete", "", nil)); err != nil {
			return err
		}
		http.Redirect(w, r, k.path+"?da-xoa", http.StatusSeeOther)
	default:
		return apperr.New(apperr.NotFound, "Không tìm thấy thao tác bạn yêu cầu.")
	}
	return nil
}

// named gives the entry a of a save a few words naming the item.
func named(a *audit.Entry, item string) {
	a.Detail = map[string]string{"item": strings.TrimSpace(item)}
}

// readPhoto reads a multipart form of k and, when a photo was sent,
// stores it in the media library and picks it in the form's values. A
// refused photo is an Invalid error on its field; the rest of the form is
// then shown again as typed.
func (p *furniturePages) readPhoto(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind) error {
	s := p.s
	if err := s.parsePhotoForm(w, r); err != nil {
		return err
	}
	field := k.upload + "_file"
	file, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || err == nil && hdr.Size == 0 {
		return nil // no photo sent: keep the one picked
	}
	if err != nil {
		return apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	defer file.Close()
	if s.media == nil {
		return invalid(map[string]string{field: msgMediaOff})
	}
	it, err := s.media.UploadImage(r.Context(), acc.Site.ID, acc.User.ID, file, clip(k.uploadAlt(r.PostForm), 250), s.uploadAudit(r, acc, hdr.Filename))
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.TooLarge) {
		msg := apperr.MessageOf(err)
		return invalid(map[string]string{field: msg})
	}
	if err != nil {
		return err
	}
	r.PostForm.Set(k.upload, itoa(it.ID))
	return nil
}

// imageOptions lists the site's photos for a picker, selected marked.
func (p *furniturePages) imageOptions(ctx context.Context, siteID int64, selected string) ([]Option, error) {
	opts := []Option{{Value: "", Label: "(Không có ảnh)", Selected: selected == "" || selected == "0"}}
	if p.s.media == nil {
		return opts, nil
	}
	items, err := p.s.media.List(ctx, siteID, 200, 0)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Kind != media.KindImage {
			continue
		}
		label := it.Alt
		if label == "" {
			label = it.FileName
		}
		if label == "" {
			label = "Ảnh số " + strconv.FormatInt(it.ID, 10)
		}
		v := strconv.FormatInt(it.ID, 10)
		opts = append(opts, Option{Value: v, Label: label, Selected: v == selected})
	}
	return opts, nil
}

// imageURL resolves a photo of the library picked in a form ("" or "0":
// none) for field.
func (p *furniturePages) imageURL(ctx context.Context, siteID int64, value, field string) (int64, string, error) {
	if value == "" || value == "0" {
		return 0, "", nil
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err == nil && p.s.media != nil {
		var it media.Item
		if it, err = p.s.media.Find(ctx, siteID, id); err == nil && it.Kind == media.KindImage && it.URL() != "" {
			return id, it.URL(), nil
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return 0, "", err
		}
	}
	return 0, "", &apperr.Error{Code: apperr.Invalid, Message: "Ảnh đã chọn không còn trong thư viện.", Fields: map[string]string{field: "Ảnh đã chọn không còn trong thư viện. Vui lòng chọn ảnh khác."}}
}

// invalid reports form problems found before the service is asked.
func invalid(fields map[string]string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "Thông tin chưa hợp lệ, vui lòng kiểm tra lại các trường được đánh dấu.", Fields: fields}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// retarget moves a field problem the service names from to the form's
// field to (a form may have several inputs for one value).
func retarget(err error, from, to string) error {
	var ae *apperr.Error
	if apperr.Is(err, apperr.Invalid) && errors.As(err, &ae) {
		if msg, ok := ae.Fields[from]; ok {
			fields := map[string]string{to: msg}
			for k, v := range ae.Fields {
				if k != from {
					fields[k] = v
				}
			}
			return &apperr.Error{Code: ae.Code, Message: ae.Message, Fields: fields}
		}
	}
	return err
}

func notFoundItem() error {
	return apperr.New(apperr.NotFound, "Không tìm thấy mục bạn yêu cầu.")
}

// parsePhotoForm reads a multipart form carrying at most one photo
// upload's size, its text checked for UTF-8.
func (s *Server) parsePhotoForm(w http.ResponseWriter, r *http.Request) error {
	limit := s.imageBodyLimit()
	if r.ContentLength > limit {
		return apperr.New(apperr.TooLarge, "")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if httpx.IsTooLarge(err) {
			return apperr.Wrap(apperr.TooLarge, "", err)
		}
		return apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	return httpx.CheckFormUTF8(r)
}
