package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// Upload endpoints. Both take a multipart/form-data POST with the file in
// the "file" field (and, for a photo, its alternative text in "alt" and
// its caption in "caption") and
// answer JSON, for the editor's script. Staff download attachments, public
// or not, at PathFileUpload + "/" + media.Item.FileKey (FileDownloadURL).
const (
	PathImageUpload = "/quan-tri/anh"
	PathFileUpload  = "/quan-tri/tep"

	// MaxImageUploadBody caps the body of a photo upload: the largest photo
	// (media.DefaultMaxImageBytes, 20 MiB) with room for the multipart
	// envelope and the alternative text.
	MaxImageUploadBody = 25 << 20
	// uploadEnvelope is the room left for the envelope of an attachment.
	uploadEnvelope = 1 << 20
	// uploadMemory is how much of an upload is kept in memory while the
	// request is read; the rest waits in a temporary file.
	uploadMemory = 1 << 20
	maxAuditName = 200
	// uploadTimeout is how long the body of an upload may take to arrive.
	uploadTimeout = 10 * time.Minute
)

const (
	msgMediaOff     = "Chức năng tải ảnh và tệp đính kèm chưa được bật trên máy chủ này. Vui lòng báo quản trị hệ thống."
	msgNoImageFile  = "Vui lòng chọn một tệp ảnh để tải lên."
	msgNoAttachment = "Vui lòng chọn một tệp đính kèm để tải lên."
	msgBadUpload    = "Yêu cầu tải lên không hợp lệ. Vui lòng tải lại trang rồi thử lại."
	msgNoFile       = "Không tìm thấy tệp đính kèm này trên trang của bạn."
)

// registerMedia adds the upload endpoints, for signed-in users who may
// upload on the site of the request's host.
func (s *Server) registerMedia(mux *http.ServeMux) {
	mux.Handle("POST "+PathImageUpload, s.requireUser(s.requireCan(user.ActionMediaUpload, s.jsonHandler(s.uploadImage))))
	mux.Handle("POST "+PathFileUpload, s.requireUser(s.requireCan(user.ActionMediaUpload, s.jsonHandler(s.uploadFile))))
	mux.Handle("GET "+PathFileUpload+"/{key}", s.requireUser(s.adapt.Handle(s.downloadFile)))
}

// FileDownloadURL is the staff download address of the attachment whose
// FileKey is key: it answers whether or not the attachment is public.
func FileDownloadURL(key string) string { return PathFileUpload + "/" + key }

// downloadFile serves an attachment of the site to staff, whatever the
// state of the documents or consultations that list it (a draft's, a
// withdrawn document's, an upload not yet attached): to those who manage
// documents or consultations there (document.edit, consultation.manage),
// and to the uploader (media.upload). Other signed-in users are refused;
// an attachment of another site is not found.
func (s *Server) downloadFile(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if acc == nil {
		return apperr.New(apperr.Unauthorized, "")
	}
	manages := s.can(acc, user.ActionDocumentEdit) || s.can(acc, user.ActionConsultationManage)
	if !manages && !s.can(acc, user.ActionMediaUpload) {
		return apperr.Errorf(apperr.Forbidden,
			"Tài khoản của bạn không có quyền tải tệp đính kèm trên %s. Nếu bạn cần quyền này, hãy liên hệ quản trị viên của trang.", acc.Site.Name)
	}
	notFound := apperr.New(apperr.NotFound, msgNoFile)
	if s.media == nil {
		return notFound
	}
	it, rc, meta, err := s.media.OpenFile(r.Context(), acc.Site.ID, r.PathValue("key"))
	if apperr.Is(err, apperr.NotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	if !manages && it.CreatedBy != acc.User.ID {
		return notFound
	}
	h := w.Header()
	h.Set("Content-Type", it.ContentType)
	h.Set("Content-Disposition", media.ContentDisposition(it.FileName))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
	return nil
}

// UploadBodyLimit is the body cap of an upload request (POST to
// PathImageUpload or PathFileUpload), 0 for any other request. The program
// caps bodies at 1 MiB; it lifts the cap to this for the two uploads.
func (s *Server) UploadBodyLimit(r *http.Request) int64 {
	if r.Method != http.MethodPost {
		return 0
	}
	switch r.URL.Path {
	case PathImageUpload:
		return s.imageBodyLimit()
	case PathFileUpload:
		return s.fileBodyLimit()
	case pathLibrary:
		return s.libraryBodyLimit()
	}
	return 0
}

func (s *Server) limits() media.Limits {
	if s.media == nil {
		return media.DefaultLimits()
	}
	return s.media.Limits()
}

func (s *Server) imageBodyLimit() int64 {
	return max(MaxImageUploadBody, s.limits().MaxImageBytes+uploadEnvelope)
}

func (s *Server) fileBodyLimit() int64 { return s.limits().MaxAttachmentBytes + uploadEnvelope }

// UploadedImage is the answer to a photo upload.
type UploadedImage struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Srcset string `json:"srcset"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Alt    string `json:"alt"`
	// Caption is the line printed under the photo ("" when none was sent).
	Caption string `json:"caption"`
	// Thumb is the smallest variant, for the featured photo's choices.
	Thumb string `json:"thumb"`
}

// UploadedFile is the answer to an attachment upload; URL is the staff
// download address (FileDownloadURL): the file is public only once a
// published document or consultation lists it.
type UploadedFile struct {
	ID   int64  `json:"id"`
	URL  string `json:"url"`
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// jsonError is the body of a refused upload.
type jsonError struct {
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

// jsonHandler adapts a handler whose errors are answered as JSON
// {"error":{"message":…}} with the status of their code.
func (s *Server) jsonHandler(h httpx.HandlerFunc) http.Handler {
	a := httpx.Adapter{Log: s.log, Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		var e jsonError
		e.Error.Message = msg
		writeJSON(w, status, e)
	}}
	return a.Handle(h)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // the answers are plain structs: cannot happen
		http.Error(w, "Đã có lỗi xảy ra.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func (s *Server) uploadImage(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if acc == nil {
		return apperr.New(apperr.Unauthorized, "")
	}
	if s.media == nil {
		return apperr.New(apperr.Unavailable, msgMediaOff)
	}
	file, hdr, err := readUpload(w, r, s.imageBodyLimit(), msgNoImageFile,
		fmt.Sprintf("Ảnh quá lớn: dung lượng tối đa là %s. Vui lòng giảm kích thước ảnh rồi tải lên lại.", sizeText(s.limits().MaxImageBytes)))
	if err != nil {
		return err
	}
	defer file.Close()
	it, err := s.media.UploadNamedImage(r.Context(), acc.Site.ID, acc.User.ID, hdr.Filename, file, r.PostFormValue("alt"), r.PostFormValue("caption"), s.uploadAudit(r, acc, hdr.Filename))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, UploadedImage{ID: it.ID, URL: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt,
		Caption: it.Caption, Thumb: media.ImageURL(it.Variants[0].Key)})
	return nil
}

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if acc == nil {
		return apperr.New(apperr.Unauthorized, "")
	}
	if s.media == nil {
		return apperr.New(apperr.Unavailable, msgMediaOff)
	}
	file, hdr, err := readUpload(w, r, s.fileBodyLimit(), msgNoAttachment,
		fmt.Sprintf("Tệp đính kèm quá lớn: dung lượng tối đa là %s.", sizeText(s.limits().MaxAttachmentBytes)))
	if err != nil {
		return err
	}
	defer file.Close()
	it, err := s.media.UploadFile(r.Context(), acc.Site.ID, acc.User.ID, hdr.Filename, file, s.uploadAudit(r, acc, hdr.Filename))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, UploadedFile{ID: it.ID, URL: FileDownloadURL(it.FileKey), Name: it.FileName, Size: it.Size})
	return nil
}

// readUpload reads a multipart body of at most limit bytes (parts past
// uploadMemory wait in temporary files, which net/http removes after the
// request) and returns its "file" part.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64, noFile, tooLarge string) (multipart.File, *multipart.FileHeader, error) {
	if r.ContentLength > limit {
		return nil, nil, apperr.New(apperr.TooLarge, tooLarge)
	}
	// The server's read and write timeouts (30 s, 60 s) suit pages, not a
	// 20 MB photo sent over a commune office's slow line: give a signed-in
	// uploader more time. (Unsupported by test recorders: ignored.)
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTimeout + time.Minute))
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if httpx.IsTooLarge(err) {
			return nil, nil, apperr.Wrap(apperr.TooLarge, tooLarge, err)
		}
		return nil, nil, apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	if err := httpx.CheckFormUTF8(r); err != nil {
		return nil, nil, err
	}
	file, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil, apperr.New(apperr.Invalid, noFile)
	}
	if err != nil {
		return nil, nil, apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	return file, hdr, nil
}

// sizeText renders a byte count in megabytes as Vietnamese writes it:
// "20 MB", "1,5 MB".
func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

// uploadAudit is the audit entry of an upload of the file name, written
// with its record (the library adds what it stored, the store its ID).
func (s *Server) uploadAudit(r *http.Request, acc *account, name string) *audit.Entry {
	return s.auditEntry(r, acc, "media.upload", "", map[string]string{"name": clip(name, maxAuditName)})
}
