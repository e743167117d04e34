package admin

import (
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
)

// The photo or PDF a citizen attached to a question (question.Question's
// AttachmentID): a private file of the site, shown on the question's page
// and served at /quan-tri/hoi-dap/{id}/tep-dinh-kem to whoever handles the
// question and may see the sender's personal data, or drafts the answer
// in its unit. Visitors never reach it.

const msgNoQuestionFile = "Câu hỏi này không có tệp đính kèm."

// QuestionAttachment is the attachment as the question's page shows it.
type QuestionAttachment struct {
	Name, URL, Size string
	Image           bool
}

func questionAttachmentURL(id int64) string {
	return pathQuestions + "/" + strconv.FormatInt(id, 10) + "/tep-dinh-kem"
}

// questionAttachment fills p.Attachment when the question has one the
// user may see.
func (s *Server) questionAttachment(r *http.Request, p *QuestionPage) error {
	if p.Q.AttachmentID == 0 || s.media == nil || !p.ShowPersonal && !p.CanDraft {
		return nil
	}
	it, err := s.media.Find(r.Context(), p.Q.SiteID, p.Q.AttachmentID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p.Attachment = &QuestionAttachment{Name: it.FileName, URL: questionAttachmentURL(p.Q.ID), Size: fileSizeText(it.Size),
		Image: it.ContentType != "application/pdf"}
	return nil
}

func (s *Server) questionAttachmentFile(w http.ResponseWriter, r *http.Request) error {
	id, err := questionID(r)
	if err != nil {
		return err
	}
	p, err := s.questionPage(r, id)
	if err != nil {
		return err
	}
	if p.Attachment == nil {
		return apperr.New(apperr.NotFound, msgNoQuestionFile)
	}
	it, err := s.media.Find(r.Context(), p.Q.SiteID, p.Q.AttachmentID)
	if err != nil {
		return err
	}
	_, rc, meta, err := s.media.OpenFile(r.Context(), p.Q.SiteID, it.FileKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", it.ContentType)
	h.Set("Content-Disposition", media.ContentDisposition(it.FileName))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
	return nil
}
