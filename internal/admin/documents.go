package admin

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// The documents register's pages (văn bản):
//
//	GET  /quan-tri/van-ban                      list, filters trang-thai, loai, nam, trang
//	GET  /quan-tri/van-ban/moi                  form, new document
//	POST /quan-tri/van-ban/moi                  create a draft
//	GET  /quan-tri/van-ban/{id}                 form and actions
//	POST /quan-tri/van-ban/{id}                 save corrections
//	POST /quan-tri/van-ban/{id}/cong-bo         publish              (ActionDocumentPublish)
//	POST /quan-tri/van-ban/{id}/go-bo           withdraw, with reason (ActionDocumentPublish)
//	POST /quan-tri/van-ban/{id}/thay-the        replaced by another   (ActionDocumentPublish)
//	POST /quan-tri/van-ban/{id}/tep             attach a file (multipart "file")
//	POST /quan-tri/van-ban/{id}/tep/{fid}/bo    detach a file (the file itself is kept)
//
// Entering and correcting need ActionDocumentEdit. Every change is audited
// by the store in the transaction that makes it.
const (
	pathDocuments    = "/quan-tri/van-ban"
	pathNewDocument  = pathDocuments + "/moi"
	docListPerPage   = 25
	docReplaceChoice = 300 // how many published documents the "replaced by" menu offers
)

// DocumentRow is a document in the list.
type DocumentRow struct {
	URL       string
	Title     string
	Abstract  string
	Status    string
	StatusKey string
	Issued    string
	Validity  string
	Updated   When
}

// DocumentListPage is /quan-tri/van-ban.
type DocumentListPage struct {
	Layout
	Statuses []Option
	Types    []Option
	Years    []Option
	Filtered bool
	Error    string
	Rows     []DocumentRow
	Total    int
	Pager    Pager
}

// DocumentFile is an attachment as the form lists it.
type DocumentFile struct {
	ID        int64
	Name      string
	URL       string
	DetachURL string
}

// DocumentEditPage is the form of a new (ID 0) or existing document.
type DocumentEditPage struct {
	Layout
	Form
	ID           int64
	Heading      string
	Notice       string
	In           document.Input
	Types        []Option
	Version      string
	Status       string
	StatusKey    string
	Validity     string
	PublicURL    string
	Citation     string
	Withdrawn    string
	Editable     bool
	CanPublish   bool
	Published    bool
	Files        []DocumentFile
	Replacements []Option
	Reason       string // a withdrawal reason as typed, kept after an error
	SaveURL      string
	ActionURL    string // prefix of the action URLs
}

// registerDocuments adds the register's pages when the program has one.
func (s *Server) registerDocuments(mux *http.ServeMux) {
	if s.docs == nil {
		return
	}
	page := func(pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
		mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
			return h(w, r, accountFrom(r.Context()))
		}))))
	}
	edit, publish := user.ActionDocumentEdit, user.ActionDocumentPublish
	page("GET "+pathDocuments, edit, s.documentList)
	page("GET "+pathDocuments+"/{$}", edit, s.documentList)
	page("GET "+pathNewDocument, edit, s.documentNew)
	page("POST "+pathNewDocument, edit, s.documentCreate)
	page("GET "+pathDocuments+"/{id}", edit, s.documentEdit)
	page("POST "+pathDocuments+"/{id}", edit, s.documentSave)
	page("POST "+pathDocuments+"/{id}/cong-bo", publish, s.documentPublish)
	page("POST "+pathDocuments+"/{id}/go-bo", publish, s.documentWithdraw)
	page("POST "+pathDocuments+"/{id}/thay-the", publish, s.documentSupersede)
	page("POST "+pathDocuments+"/{id}/tep", edit, s.documentAttach)
	page("POST "+pathDocuments+"/{id}/tep/{fid}/bo", edit, s.documentDetach)
}

func adminDocumentURL(id int64) string { return pathDocuments + "/" + strconv.FormatInt(id, 10) }

func (s *Server) docActor(r *http.Request, acc *account) document.Actor {
	return document.Actor{UserID: acc.User.ID, Name: acc.User.Email, IP: s.clientIP(r)}
}

func docStatusOptions(sel string) []Option {
	out := []Option{{Value: "", Label: "Tất cả", Selected: sel == ""}}
	for _, st := range []document.Status{document.StatusDraft, document.StatusPublished, document.StatusWithdrawn} {
		out = append(out, Option{Value: string(st), Label: st.Label(), Selected: string(st) == sel})
	}
	return out
}

func docTypeOptions(sel string, any string) []Option {
	out := []Option{{Value: "", Label: any, Selected: sel == ""}}
	for _, t := range document.Types {
		out = append(out, Option{Value: t, Label: t, Selected: t == sel})
	}
	return out
}

// docListFilter reads the list's query (status, type, year, page); problem
// is the Vietnamese message for the last value that does not parse.
func docListFilter(siteID int64, v url.Values) (f document.Filter, page int, problem string) {
	f = document.Filter{SiteID: siteID}
	st, typ, year := v.Get("trang-thai"), v.Get("loai"), v.Get("nam")
	if st != "" {
		if !document.Status(st).Valid() {
			problem = "Trạng thái không hợp lệ."
		}
		f.Status = document.Status(st)
	}
	if typ != "" {
		if !document.KnownType(typ) {
			problem = "Hình thức văn bản không hợp lệ."
		}
		f.Type = typ
	}
	if year != "" {
		y, err := strconv.Atoi(year)
		if err != nil || y < 1945 || y > 2200 {
			problem = "Năm ban hành không hợp lệ."
		}
		f.Year = y
	}
	page = 1
	if q := v.Get("trang"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 100000 {
			problem = "Số trang không hợp lệ."
		}
		page = n
	}
	return f, page, problem
}

func (s *Server) documentList(w http.ResponseWriter, r *http.Request, acc *account) error {
	ctx := r.Context()
	v := r.URL.Query()
	st, typ, year := v.Get("trang-thai"), v.Get("loai"), v.Get("nam")
	p := DocumentListPage{Layout: s.layout(acc, "Văn bản", pathDocuments), Statuses: docStatusOptions(st), Types: docTypeOptions(typ, "Tất cả")}
	facets, err := s.docs.Store().DocumentFacets(ctx, acc.Site.ID, "")
	if err != nil {
		return err
	}
	p.Years = []Option{{Value: "", Label: "Tất cả", Selected: year == ""}}
	for _, y := range facets.Years {
		ys := strconv.Itoa(y)
		p.Years = append(p.Years, Option{Value: ys, Label: ys, Selected: ys == year})
	}
	f, page, problem := docListFilter(acc.Site.ID, v)
	p.Filtered = st != "" || typ != "" || year != ""
	if problem != "" {
		p.Error = problem
		return s.render(w, http.StatusBadRequest, "documents", p)
	}
	if p.Total, err = s.docs.Store().CountDocuments(ctx, f); err != nil {
		return err
	}
	pages := max(1, (p.Total+docListPerPage-1)/docListPerPage)
	page = min(page, pages)
	f.Limit, f.Offset = docListPerPage, (page-1)*docListPerPage
	docs, err := s.docs.Store().FindDocuments(ctx, f)
	if err != nil {
		return err
	}
	today := s.docs.Today()
	for _, d := range docs {
		p.Rows = append(p.Rows, DocumentRow{URL: adminDocumentURL(d.ID), Title: d.Title(), Abstract: d.Abstract, Status: d.Status.Label(),
			StatusKey: string(d.Status), Issued: d.IssuedOn.Numeric(), Validity: d.ValidityOn(today).Label(), Updated: when(d.UpdatedAt)})
	}
	q := url.Values{}
	for _, k := range []string{"trang-thai", "loai", "nam"} {
		if v.Get(k) != "" {
			q.Set(k, v.Get(k))
		}
	}
	link := func(n int) string {
		q.Set("trang", strconv.Itoa(n))
		return pathDocuments + "?" + q.Encode()
	}
	p.Pager = Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Pager.PrevURL = link(page - 1)
	}
	if page < pages {
		p.Pager.NextURL = link(page + 1)
	}
	return s.render(w, http.StatusOK, "documents", p)
}

// docFormOrder is the order of the form's fields, for the error summary.
var docFormOrder = []string{"type", "number", "issuer", "signer", "issued_on", "effective_on", "expires_on", "field", "abstract", "files", "reason", "replaced_by"}

func readDocumentForm(r *http.Request) document.Input {
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return document.Input{Type: g("type"), Number: g("number"), Issuer: g("issuer"), Signer: g("signer"), Field: g("field"),
		Abstract: r.PostFormValue("abstract"), IssuedOn: g("issued_on"), EffectiveOn: g("effective_on"), ExpiresOn: g("expires_on")}
}

func (s *Server) documentNew(w http.ResponseWriter, r *http.Request, acc *account) error {
	return s.documentForm(w, r, acc, nil, document.Input{Issuer: acc.Site.Agency}, http.StatusOK, nil, "")
}

func (s *Server) documentCreate(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := readDocumentForm(r)
	d, err := s.docs.Create(r.Context(), s.docActor(r, acc), acc.Site.ID, in)
	if apperr.Is(err, apperr.Invalid) {
		return s.documentForm(w, r, acc, nil, in, http.StatusUnprocessableEntity, err, "")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, adminDocumentURL(d.ID)+"?da-luu", http.StatusSeeOther)
	return nil
}

func (s *Server) findDocument(r *http.Request, acc *account) (document.Document, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return document.Document{}, apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
	}
	return s.docs.Store().FindDocumentByID(r.Context(), acc.Site.ID, id)
}

func (s *Server) documentEdit(w http.ResponseWriter, r *http.Request, acc *account) error {
	d, err := s.findDocument(r, acc)
	if err != nil {
		return err
	}
	notice := ""
	for k, msg := range map[string]string{"da-luu": "Đã lưu văn bản.", "da-cong-bo": "Đã công bố văn bản.", "da-go": "Đã gỡ văn bản khỏi trang.",
		"da-thay-the": "Đã cập nhật văn bản thay thế.", "da-dinh-kem": "Đã đính kèm tệp.", "da-bo-tep": "Đã bỏ tệp khỏi văn bản."} {
		if r.URL.Query().Has(k) {
			notice = msg
		}
	}
	return s.documentForm(w, r, acc, &d, document.InputOf(d), http.StatusOK, nil, notice)
}

// documentForm renders the form; problem, when set, is shown on the
// fields it names (or as the alert) with status.
func (s *Server) documentForm(w http.ResponseWriter, r *http.Request, acc *account, d *document.Document, in document.Input, status int, problem error, notice string) error {
	p := DocumentEditPage{Layout: s.layout(acc, "Văn bản mới", pathDocuments), Heading: "Văn bản mới", In: in, Types: docTypeOptions(in.Type, "Chọn hình thức"),
		Editable: true, SaveURL: pathNewDocument, Notice: notice}
	p.Form.Order = docFormOrder
	if problem != nil {
		var e *apperr.Error
		if errors.As(problem, &e) && len(e.Fields) > 0 {
			p.Form.Errors = e.Fields
		} else {
			p.Form.Alert = apperr.MessageOf(problem)
		}
		// Keep the withdrawal reason typed, whatever the problem (a stale
		// page included).
		p.Reason = r.PostFormValue("reason")
	}
	if d != nil {
		ctx := r.Context()
		p.ID = d.ID
		p.Heading = d.Title()
		p.Layout.Title = d.Title()
		p.Version = strconv.FormatInt(d.Version, 10)
		p.Status, p.StatusKey = d.Status.Label(), string(d.Status)
		p.Validity = d.ValidityOn(s.docs.Today()).Label()
		p.Citation = d.Citation()
		p.Withdrawn = d.WithdrawnReason
		p.Editable = d.Status != document.StatusWithdrawn
		p.Published = d.Status == document.StatusPublished
		p.CanPublish = s.can(acc, user.ActionDocumentPublish)
		p.SaveURL = adminDocumentURL(d.ID)
		p.ActionURL = adminDocumentURL(d.ID)
		if p.Published {
			p.PublicURL = d.Path()
		}
		var files map[int64]media.Item
		if s.media != nil {
			var err error
			if files, err = s.media.Files(ctx, acc.Site.ID, d.FileIDs); err != nil {
				return err
			}
		}
		for _, fid := range d.FileIDs {
			f := DocumentFile{ID: fid, Name: "Tệp #" + strconv.FormatInt(fid, 10),
				DetachURL: adminDocumentURL(d.ID) + "/tep/" + strconv.FormatInt(fid, 10) + "/bo"}
			if it, ok := files[fid]; ok {
				f.Name, f.URL = it.FileName, FileDownloadURL(it.FileKey)
			}
			p.Files = append(p.Files, f)
		}
		if p.CanPublish && p.Editable {
			others, err := s.docs.Store().FindDocuments(ctx, document.Filter{SiteID: acc.Site.ID, Status: document.StatusPublished, ExcludeID: d.ID, Limit: docReplaceChoice})
			if err != nil {
				return err
			}
			chosen := strconv.FormatInt(d.ReplacedByID, 10)
			if v, ok := r.PostForm["replaced_by"]; ok && problem != nil && len(v) > 0 {
				chosen = v[0] // as picked, when the form is shown again
			}
			p.Replacements = []Option{{Value: "0", Label: "Không bị thay thế", Selected: chosen == "0"}}
			for _, o := range others {
				v := strconv.FormatInt(o.ID, 10)
				p.Replacements = append(p.Replacements, Option{Value: v, Label: o.Title() + " (" + o.IssuedOn.Numeric() + ")", Selected: v == chosen})
			}
		}
	}
	return s.render(w, status, "document", p)
}

// again re-reads the document and shows its form with problem.
func (s *Server) documentAgain(w http.ResponseWriter, r *http.Request, acc *account, in *document.Input, problem error) error {
	d, err := s.findDocument(r, acc)
	if err != nil {
		return err
	}
	shown := document.InputOf(d)
	if in != nil {
		shown = *in
		shown.FileIDs = d.FileIDs
	}
	status := http.StatusUnprocessableEntity
	if apperr.Is(problem, apperr.Conflict) {
		status = http.StatusConflict
	}
	return s.documentForm(w, r, acc, &d, shown, status, problem, "")
}

func (s *Server) documentSave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d, err := s.findDocument(r, acc)
	if err != nil {
		return err
	}
	in := readDocumentForm(r)
	in.FileIDs = d.FileIDs
	_, err = s.docs.Update(r.Context(), s.docActor(r, acc), acc.Site.ID, d.ID, formVersion(r), in)
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		return s.documentAgain(w, r, acc, &in, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, adminDocumentURL(d.ID)+"?da-luu", http.StatusSeeOther)
	return nil
}

// documentStep runs one workflow action and redirects with notice, or
// shows the form with the problem.
func (s *Server) documentStep(w http.ResponseWriter, r *http.Request, acc *account, notice string, step func(id int64) error) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d, err := s.findDocument(r, acc)
	if err != nil {
		return err
	}
	err = step(d.ID)
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		return s.documentAgain(w, r, acc, nil, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, adminDocumentURL(d.ID)+"?"+notice, http.StatusSeeOther)
	return nil
}

func (s *Server) documentPublish(w http.ResponseWriter, r *http.Request, acc *account) error {
	return s.documentStep(w, r, acc, "da-cong-bo", func(id int64) error {
		_, err := s.docs.Publish(r.Context(), s.docActor(r, acc), acc.Site.ID, id, formVersion(r))
		return err
	})
}

func (s *Server) documentWithdraw(w http.ResponseWriter, r *http.Request, acc *account) error {
	return s.documentStep(w, r, acc, "da-go", func(id int64) error {
		_, err := s.docs.Withdraw(r.Context(), s.docActor(r, acc), acc.Site.ID, id, formVersion(r), r.PostFormValue("reason"))
		return err
	})
}

func (s *Server) documentSupersede(w http.ResponseWriter, r *http.Request, acc *account) error {
	return s.documentStep(w, r, acc, "da-thay-the", func(id int64) error {
		by, err := strconv.ParseInt(r.PostFormValue("replaced_by"), 10, 64)
		if err != nil || by < 0 {
			msg := "Vui lòng chọn văn bản thay thế trong danh sách."
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"replaced_by": msg}}
		}
		_, err = s.docs.Supersede(r.Context(), s.docActor(r, acc), acc.Site.ID, id, formVersion(r), by)
		if e := (*apperr.Error)(nil); errors.As(err, &e) && e.Code == apperr.Invalid && len(e.Fields) == 0 {
			return &apperr.Error{Code: apperr.Invalid, Message: e.Message, Fields: map[string]string{"replaced_by": e.Message}}
		}
		return err
	})
}

func (s *Server) documentAttach(w http.ResponseWriter, r *http.Request, acc *account) error {
	if s.media == nil {
		return apperr.New(apperr.Unavailable, msgMediaOff)
	}
	d, err := s.findDocument(r, acc)
	if err != nil {
		return err
	}
	file, hdr, err := readUpload(w, r, s.fileBodyLimit(), msgNoAttachment,
		"Tệp đính kèm quá lớn: dung lượng tối đa là "+sizeText(s.limits().MaxAttachmentBytes)+".")
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.TooLarge) {
		return s.documentForm(w, r, acc, &d, document.InputOf(d), http.StatusUnprocessableEntity,
			&apperr.Error{Code: apperr.Invalid, Message: apperr.MessageOf(err), Fields: map[string]string{"files": apperr.MessageOf(err)}}, "")
	}
	if err != nil {
		return err
	}
	defer file.Close()
	if formVersion(r) != d.Version {
		// Checked before the file is stored; SetFiles checks again.
		return s.documentAgain(w, r, acc, nil, document.ErrStale)
	}
	if err := document.CanAttach(d); err != nil {
		return s.documentAgain(w, r, acc, nil, err)
	}
	it, err := s.media.UploadFile(r.Context(), acc.Site.ID, acc.User.ID, hdr.Filename, file, s.uploadAudit(r, acc, hdr.Filename))
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.TooLarge) {
		return s.documentAgain(w, r, acc, nil, &apperr.Error{Code: apperr.Invalid, Message: apperr.MessageOf(err), Fields: map[string]string{"files": apperr.MessageOf(err)}})
	}
	if err != nil {
		return err
	}
	ids := append(slices.Clone(d.FileIDs), it.ID)
	if _, err := s.docs.SetFiles(r.Context(), s.docActor(r, acc), acc.Site.ID, d.ID, d.Version, ids, "attach", it.ID); err != nil {
		if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
			return s.documentAgain(w, r, acc, nil, err)
		}
		return err
	}
	http.Redirect(w, r, adminDocumentURL(d.ID)+"?da-dinh-kem", http.StatusSeeOther)
	return nil
}

func (s *Server) documentDetach(w http.ResponseWriter, r *http.Request, acc *account) error {
	fid, err := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy tệp đính kèm.")
	}
	return s.documentStep(w, r, acc, "da-bo-tep", func(id int64) error {
		d, err := s.docs.Store().FindDocumentByID(r.Context(), acc.Site.ID, id)
		if err != nil {
			return err
		}
		i := slices.Index(d.FileIDs, fid)
		if i < 0 {
			return apperr.New(apperr.NotFound, "Không tìm thấy tệp đính kèm.")
		}
		_, err = s.docs.SetFiles(r.Context(), s.docActor(r, acc), acc.Site.ID, id, formVersion(r), slices.Delete(slices.Clone(d.FileIDs), i, i+1), "detach", fid)
		return err
	})
}
