package web

import (
	"errors"
	"net/http"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
	"trangtin/internal/question"
)

// A citizen's question may carry one photo or PDF (the form's
// "attachment"), checked and stored by media.Library.UploadPrivate as a
// private file that only the staff open; MaxAskBody lets it through the
// program's cap on public bodies.

// MaxAskBody caps the body of the question form: the attachment and the
// text around it.
const MaxAskBody = media.DefaultMaxPrivateBytes + 1<<20

// AskPath is where the question form is sent.
const AskPath = "/hoi-dap/dat-cau-hoi"

// submitQuestion stores the attachment of r, if any, then the question
// with it; a refused attachment is a field error of the form (the text
// typed is shown again), and a question that cannot be stored takes its
// attachment with it.
func (s *Server) submitQuestion(r *http.Request, siteID int64, in question.Input) (question.Question, string, error) {
	var att media.Item
	if r.MultipartForm != nil && len(r.MultipartForm.File["attachment"]) > 0 && r.MultipartForm.File["attachment"][0].Size > 0 {
		if s.media == nil {
			return question.Question{}, "", apperr.New(apperr.Unavailable, "Trang chưa nhận được tệp đính kèm. Vui lòng gửi câu hỏi không kèm tệp.")
		}
		fh := r.MultipartForm.File["attachment"][0]
		f, err := fh.Open()
		if err != nil {
			return question.Question{}, "", apperr.Wrap(apperr.Invalid, "Không đọc được tệp đính kèm. Vui lòng chọn lại tệp.", err)
		}
		att, err = s.media.UploadPrivate(r.Context(), siteID, fh.Filename, f, media.DefaultMaxPrivateBytes, nil)
		f.Close()
		var ae *apperr.Error
		if errors.As(err, &ae) && (ae.Code == apperr.Invalid || ae.Code == apperr.TooLarge) {
			return question.Question{}, "", &apperr.Error{Code: apperr.Invalid, Message: ae.Message, Fields: map[string]string{"attachment": ae.Message}, Err: err}
		}
		if err != nil {
			return question.Question{}, "", err
		}
		in.AttachmentID = att.ID
	}
	q, code, err := s.qa.questions.Submit(r.Context(), siteID, in)
	if err != nil && att.ID != 0 {
		_, _ = s.media.Delete(r.Context(), siteID, att.ID, nil) // best effort: an orphan private file is never shown
	}
	return q, code, err
}
