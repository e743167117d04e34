package admin

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// Videos in the media library: an MP4 file with its poster photo, sent
// by a form of their own on /quan-tri/thu-vien (the multi-file form takes
// photos and documents). A refused upload shows the library again with
// the reason and the description and caption as typed; nothing of it is
// kept (media.Library.UploadVideo).
const (
	pathLibraryVideo = pathLibrary + "/video"
	msgVideoHere     = "Video MP4 được tải lên ở mục «Tải video lên» bên dưới, kèm ảnh bìa và mô tả."
	msgNoVideoFile   = "Vui lòng chọn tệp video MP4 để tải lên."
)

// libraryKinds are the choices of the library's «Loại» filter.
func libraryKinds(kind string) []Option {
	return []Option{{Value: "", Label: "Tất cả", Selected: kind == ""},
		{Value: "anh", Label: "Ảnh", Selected: kind == media.KindImage},
		{Value: "video", Label: "Video", Selected: kind == media.KindVideo},
		{Value: "tep", Label: "Tệp đính kèm", Selected: kind == media.KindFile}}
}

// registerLibraryVideo adds the video upload.
func (s *Server) registerLibraryVideo(mux *http.ServeMux) {
	mux.Handle("POST "+pathLibraryVideo, s.requireUser(s.requireCan(user.ActionMediaUpload, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return s.libraryVideoUpload(w, r, accountFrom(r.Context()))
	}))))
}

// videoBodyLimit bounds the body of a video upload: the video, its poster
// and the form around them.
func (s *Server) videoBodyLimit() int64 {
	return s.limits().MaxVideoBytes + s.limits().MaxImageBytes + uploadEnvelope
}

func (s *Server) libraryVideoUpload(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := s.libraryOn(); err != nil {
		return err
	}
	tooLarge := fmt.Sprintf("Video và ảnh bìa gửi lên quá lớn: video tối đa %s, ảnh bìa tối đa %s.",
		sizeText(s.limits().MaxVideoBytes), sizeText(s.limits().MaxImageBytes))
	if r.ContentLength > s.videoBodyLimit() {
		return s.libraryVideoRefused(w, r, acc, apperr.New(apperr.TooLarge, tooLarge))
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.videoBodyLimit())
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if httpx.IsTooLarge(err) {
			return s.libraryVideoRefused(w, r, acc, apperr.Wrap(apperr.TooLarge, tooLarge, err))
		}
		return apperr.Wrap(apperr.Invalid, msgBadUpload, err)
	}
	defer r.MultipartForm.RemoveAll()
	if err := httpx.CheckFormUTF8(r); err != nil {
		return err
	}
	vf, vh, err := r.FormFile("video")
	if err != nil {
		return s.libraryVideoRefused(w, r, acc, apperr.New(apperr.Invalid, msgNoVideoFile))
	}
	defer vf.Close()
	u := media.VideoUpload{SiteID: acc.Site.ID, UserID: acc.User.ID, Name: vh.Filename, Video: vf,
		Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption")}
	var pf multipart.File
	if pf, _, err = r.FormFile("poster"); err == nil {
		defer pf.Close()
		u.Poster = pf
	}
	it, err := s.media.UploadVideo(r.Context(), u, s.uploadAudit(r, acc, vh.Filename))
	if err != nil {
		return s.libraryVideoRefused(w, r, acc, err)
	}
	http.Redirect(w, r, libraryItemURL(it.ID)+"?da-tai-video", http.StatusSeeOther)
	return nil
}

// libraryVideoRefused shows the library with the reason a video was
// refused next to its form, and what was typed; an internal error goes
// on as one.
func (s *Server) libraryVideoRefused(w http.ResponseWriter, r *http.Request, acc *account, cause error) error {
	var ae *apperr.Error
	if !errors.As(cause, &ae) || ae.Code == apperr.Internal {
		return cause
	}
	items, total, err := s.media.Search(r.Context(), media.Filter{SiteID: acc.Site.ID, Limit: libraryPerPage})
	if err != nil {
		return err
	}
	p := LibraryPage{Layout: s.layout(acc, "Thư viện ảnh và tệp", pathLibrary), Total: total,
		CanUpload: true, MaxFiles: maxLibraryFiles, MaxSize: sizeText(s.limits().MaxImageBytes), MaxVideoSize: sizeText(s.limits().MaxVideoBytes),
		Kinds: libraryKinds(""), VideoError: apperr.MessageOf(cause)}
	if r.MultipartForm != nil {
		p.VideoAlt, p.VideoCaption = clip(strings.TrimSpace(r.PostFormValue("alt")), 300), clip(strings.TrimSpace(r.PostFormValue("caption")), 500)
	}
	if p.Rows, err = s.libraryRows(r, acc, items); err != nil {
		return err
	}
	p.Pager = Pager{Page: 1, Pages: max(1, (total+libraryPerPage-1)/libraryPerPage)}
	if p.Pager.Pages > 1 {
		p.Pager.NextURL = pathLibrary + "?trang=2"
	}
	status := http.StatusUnprocessableEntity
	if ae.Code == apperr.TooLarge {
		status = http.StatusRequestEntityTooLarge
	}
	return s.render(w, status, "library", p)
}
