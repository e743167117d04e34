package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/vi"
)

// The documents register, read-only:
//
//	GET /api/v1/documents        ?type=&issuer=&field=&year=&validity=&updated_since=&page=&per_page=
//	GET /api/v1/documents/{id}
//
// Only published documents are listed. With updated_since the list is in
// order of change, oldest first, for harvesting; without it, newest issue
// date first.

func (s *Server) registerDocuments(mux *http.ServeMux) {
	if s.docs == nil {
		return
	}
	mux.Handle("GET /api/v1/documents", cors(s.adapt.Handle(s.documents)))
	mux.Handle("GET /api/v1/documents/{id}", cors(s.adapt.Handle(s.document)))
}

// Document is one document of the register.
type Document struct {
	ID            int64          `json:"id"`
	Type          string         `json:"type"`
	Number        string         `json:"number"`
	Title         string         `json:"title"`
	Citation      string         `json:"citation"`
	Issuer        string         `json:"issuer"`
	Signer        string         `json:"signer"`
	Field         string         `json:"field"`
	Abstract      string         `json:"abstract"`
	IssuedOn      string         `json:"issued_on"`
	EffectiveOn   *string        `json:"effective_on"`
	ExpiresOn     *string        `json:"expires_on"`
	Validity      string         `json:"validity"`
	ValidityLabel string         `json:"validity_label"`
	ReplacedBy    *int64         `json:"replaced_by"`
	URL           string         `json:"url"`
	Files         []DocumentFile `json:"files"`
	PublishedAt   time.Time      `json:"published_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// DocumentFile is an attachment.
type DocumentFile struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	URL         string `json:"url"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// DocumentList is the body of GET /api/v1/documents.
type DocumentList = List[Document]

func dateOrNil(d vi.Day) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// documentFiles reads the attachments of docs in one query.
func (s *Server) documentFiles(ctx context.Context, siteID int64, docs ...document.Document) (map[int64]media.Item, error) {
	if s.media == nil {
		return nil, nil
	}
	var ids []int64
	for _, d := range docs {
		ids = append(ids, d.FileIDs...)
	}
	return s.media.Files(ctx, siteID, ids)
}

// documentJSON is d as the API shows it; files holds its attachments (see
// documentFiles).
func documentJSON(base string, d document.Document, today vi.Day, files map[int64]media.Item) Document {
	val := d.ValidityOn(today)
	out := Document{ID: d.ID, Type: d.Type, Number: d.Number, Title: d.Title(), Citation: d.Citation(), Issuer: d.Issuer, Signer: d.Signer,
		Field: d.Field, Abstract: d.Abstract, IssuedOn: document.DateString(d.IssuedOn), EffectiveOn: dateOrNil(d.EffectiveOn),
		ExpiresOn: dateOrNil(d.ExpiresOn), Validity: string(val), ValidityLabel: val.Label(), URL: base + d.Path(), Files: []DocumentFile{},
		PublishedAt: d.PublishedAt, UpdatedAt: d.UpdatedAt}
	if d.ReplacedByID != 0 {
		id := d.ReplacedByID
		out.ReplacedBy = &id
	}
	for _, fid := range d.FileIDs {
		if it, ok := files[fid]; ok {
			out.Files = append(out.Files, DocumentFile{ID: it.ID, Name: it.FileName, URL: base + it.URL(), ContentType: it.ContentType, Size: it.Size})
		}
	}
	return out
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	p, err := parseList(v, "type", "issuer", "field", "year", "validity")
	if err != nil {
		return err
	}
	f := document.Filter{SiteID: site.ID, Status: document.StatusPublished, Today: s.docs.Today(),
		Issuer: strings.TrimSpace(v.Get("issuer")), Field: strings.TrimSpace(v.Get("field")), UpdatedSince: p.UpdatedSince}
	if t := v.Get("type"); t != "" {
		if !document.KnownType(t) {
			return apperr.New(apperr.Invalid, "Tham số type không phải hình thức văn bản đã biết.")
		}
		f.Type = t
	}
	if y := v.Get("year"); y != "" {
		if f.Year, err = intParam(y, 0, 1945, 2200, "year"); err != nil {
			return err
		}
	}
	if x := v.Get("validity"); x != "" {
		if !document.Validity(x).Valid() {
			return apperr.New(apperr.Invalid, "Tham số validity phải là con-hieu-luc, chua-hieu-luc, het-hieu-luc hoặc bi-thay-the.")
		}
		f.Validity = document.Validity(x)
	}
	ctx := r.Context()
	body := DocumentList{Items: []Document{}, Page: p.Page, PerPage: p.PerPage}
	if body.Total, err = s.docs.Store().CountDocuments(ctx, f); err != nil {
		return err
	}
	f.Limit, f.Offset = p.PerPage, p.offset()
	docs, err := s.docs.Store().FindDocuments(ctx, f)
	if err != nil {
		return err
	}
	files, err := s.documentFiles(ctx, site.ID, docs...)
	if err != nil {
		return err
	}
	for _, d := range docs {
		body.Items = append(body.Items, documentJSON(s.origin(r, site), d, f.Today, files))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
	}
	d, err := s.docs.Public(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	files, err := s.documentFiles(r.Context(), site.ID, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, documentJSON(s.origin(r, site), d, s.docs.Today(), files))
	return nil
}
