package api

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/media"
)

// ConsultationJSON is a published draft for comment.
type ConsultationJSON struct {
	ID            int64      `json:"id"`
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	Agency        string     `json:"agency"`
	OpensAt       time.Time  `json:"opens_at"`
	ClosesAt      time.Time  `json:"closes_at"`
	Phase         string     `json:"phase"`
	Files         []FileJSON `json:"files"`
	Report        string     `json:"report"`
	CommentsShown int        `json:"comments_shown"`
	PublishedAt   time.Time  `json:"published_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	URL           string     `json:"url"`
}

// FileJSON is an attached file.
type FileJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

// consultationFiles reads the attachments of cs in one query.
func (c *citizen) consultationFiles(r *http.Request, siteID int64, cs ...consultation.Consultation) (map[int64]media.Item, error) {
	if c.media == nil {
		return nil, nil
	}
	var ids []int64
	for _, x := range cs {
		ids = append(ids, x.Files...)
	}
	return c.media.Files(r.Context(), siteID, ids)
}

// consultationJSON is x as the API shows it; files holds its attachments
// (see consultationFiles).
func (c *citizen) consultationJSON(r *http.Request, x consultation.Consultation, files map[int64]media.Item) (ConsultationJSON, error) {
	out := ConsultationJSON{ID: x.ID, Title: x.Title, Summary: x.Summary, Agency: x.Agency, OpensAt: x.OpensAt, ClosesAt: x.ClosesAt,
		Phase: string(x.PhaseAt(c.consultations.Now())), Files: []FileJSON{}, PublishedAt: x.PublishedAt, UpdatedAt: x.UpdatedAt,
		URL: "/gop-y-du-thao/" + strconv.FormatInt(x.ID, 10)}
	if x.ReportPublished {
		out.Report = x.Report
	}
	for _, id := range x.Files {
		if it, ok := files[id]; ok {
			out.Files = append(out.Files, FileJSON{Name: it.FileName, URL: it.URL(), Size: it.Size})
		}
	}
	counts, err := c.consultations.Store().CountComments(r.Context(), x.SiteID, x.ID)
	if err != nil {
		return out, err
	}
	out.CommentsShown = counts[consultation.CommentApproved]
	return out, nil
}

func (c *citizen) consultationList(w http.ResponseWriter, r *http.Request) error {
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	site, err := c.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	cs, total, err := c.consultations.Store().FindConsultations(r.Context(), consultation.Filter{SiteID: site.ID,
		Statuses: []consultation.Status{consultation.StatusPublished}, UpdatedSince: p.UpdatedSince, Limit: p.PerPage, Offset: p.offset()})
	if err != nil {
		return err
	}
	out := List[ConsultationJSON]{Items: []ConsultationJSON{}, Page: p.Page, PerPage: p.PerPage, Total: total}
	files, err := c.consultationFiles(r, site.ID, cs...)
	if err != nil {
		return err
	}
	for _, x := range cs {
		j, err := c.consultationJSON(r, x, files)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (c *citizen) consultationOne(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	site, err := c.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	x, err := c.consultations.Public(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	files, err := c.consultationFiles(r, site.ID, x)
	if err != nil {
		return err
	}
	j, err := c.consultationJSON(r, x, files)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}
