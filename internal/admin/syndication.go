package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
)

// Syndication between a site and its parent (internal/syndication): the
// editorial board's page of offers (/quan-tri/lien-thong: those waiting
// for it, to accept into a category or refuse with a comment, and those
// it made, with the answers), one published article's page (propose it to
// the parent, push it to children) and the site administrator's opt-in
// to what the parent pushes (/quan-tri/lien-thong/nhan-tin).

const (
	pathSyndication        = "/quan-tri/lien-thong"
	pathSyndicationReceive = "/quan-tri/lien-thong/nhan-tin"
	syndicationListSize    = 50
)

// SyndicationPage is /quan-tri/lien-thong.
type SyndicationPage struct {
	Layout
	Form
	Notice     string
	ParentName string // "" when the site has no parent
	Children   int    // active sites directly below
	Incoming   []OfferRow
	Decided    []OfferRow
	Outgoing   []OfferRow
	Articles   []ArticleLink // the newest published articles, to offer
	Receive    bool          // the user may set the opt-in
}

// OfferRow is an offer as the pages show it.
type OfferRow struct {
	ID         int64
	Title      string
	URL        string // the original's public address
	SiteName   string // the other site
	Direction  string
	State      string
	StateKey   string
	Comment    string
	At         When
	CopyURL    string // the accepted copy in this site's editor
	Categories []Option
	Typed      string // the refusal comment typed, kept on an error
}

// ArticleLink is a published article with its syndication page.
type ArticleLink struct {
	Title string
	URL   string
	At    When
}

func (s *Server) registerSyndication(mux *http.ServeMux) {
	if s.syn == nil || s.content == nil {
		return
	}
	s.adminPage(mux, "GET "+pathSyndication, user.ActionArticlePublish, s.syndicationList)
	s.adminPage(mux, "POST "+pathSyndication+"/{id}/nhan", user.ActionArticlePublish, s.syndicationAccept)
	s.adminPage(mux, "POST "+pathSyndication+"/{id}/tu-choi", user.ActionArticlePublish, s.syndicationRefuse)
	s.adminPage(mux, "GET "+pathSyndication+"/bai/{id}", user.ActionArticlePublish, s.syndicationArticle)
	s.adminPage(mux, "POST "+pathSyndication+"/bai/{id}/de-xuat", user.ActionArticlePublish, s.syndicationPropose)
	s.adminPage(mux, "POST "+pathSyndication+"/bai/{id}/chuyen", user.ActionArticlePublish, s.syndicationPush)
	s.adminPage(mux, "GET "+pathSyndicationReceive, user.ActionSiteSettings, s.syndicationReceive)
	s.adminPage(mux, "POST "+pathSyndicationReceive, user.ActionSiteSettings, s.syndicationReceiveSave)
}

func (s *Server) synActor(r *http.Request, acc *account) newsroom.Actor {
	return newsroom.Actor{UserID: acc.User.ID, Name: acc.User.Email, IP: s.clientIP(r), Memberships: acc.Memberships}
}

// publicURL is an article's address on its site's host.
func (s *Server) publicURL(siteID int64, slug string) string {
	site := s.sites.ByID(siteID)
	if site == nil {
		return ""
	}
	return s.sites.Origin(site, "https") + content.ArticlePath(slug)
}

func (s *Server) siteName(id int64) string {
	if site := s.sites.ByID(id); site != nil {
		return site.Name
	}
	return "(đơn vị không còn)"
}

func (s *Server) offerRow(o syndication.Syndication, incoming bool) OfferRow {
	row := OfferRow{ID: o.ID, Title: o.SourceTitle, State: o.State.Label(), StateKey: string(o.State), Comment: o.Comment, At: when(o.ProposedAt)}
	if o.SourceStatus == content.StatusPublished {
		row.URL = s.publicURL(o.SourceSiteID, o.SourceSlug)
	}
	if incoming {
		row.SiteName = s.siteName(o.SourceSiteID)
		row.Direction = "Đề xuất từ đơn vị cấp dưới"
		if o.Direction == syndication.Down {
			row.Direction = "Chuyển từ đơn vị cấp trên"
		}
		if o.CopyArticleID != 0 {
			row.CopyURL = articleURL(o.CopyArticleID)
		}
	} else {
		row.SiteName = s.siteName(o.TargetSiteID)
		row.Direction = "Đề xuất lên đơn vị cấp trên"
		if o.Direction == syndication.Down {
			row.Direction = "Chuyển xuống đơn vị cấp dưới"
		}
	}
	return row
}

// syndicationPage reads the board's page of acc's site.
func (s *Server) syndicationPage(ctx context.Context, r *http.Request, acc *account) (SyndicationPage, error) {
	p := SyndicationPage{Layout: s.layout(acc, "Liên thông tin bài", pathSyndication), Receive: s.can(acc, user.ActionSiteSettings)}
	if acc.Site.ParentID != 0 {
		p.ParentName = s.siteName(acc.Site.ParentID)
	}
	p.Children = len(s.syn.Children(acc.Site.ID))
	a := s.synActor(r, acc)
	in, err := s.syn.Incoming(ctx, a, acc.Site.ID, "", syndicationListSize)
	if err != nil {
		return p, err
	}
	cats, err := s.content.Store().FindCategories(ctx, acc.Site.ID)
	if err != nil {
		return p, err
	}
	for _, o := range in {
		row := s.offerRow(o, true)
		if o.State == syndication.Proposed {
			row.Categories = categoryOptions(cats, 0)
			p.Incoming = append(p.Incoming, row)
		} else {
			p.Decided = append(p.Decided, row)
		}
	}
	out, err := s.syn.Outgoing(ctx, a, acc.Site.ID, syndicationListSize)
	if err != nil {
		return p, err
	}
	for _, o := range out {
		p.Outgoing = append(p.Outgoing, s.offerRow(o, false))
	}
	if p.ParentName != "" || p.Children > 0 {
		arts, err := s.content.Store().FindArticles(ctx, content.ArticleFilter{SiteID: acc.Site.ID, PublicAt: s.now(), Limit: 20})
		if err != nil {
			return p, err
		}
		for _, art := range arts {
			p.Articles = append(p.Articles, ArticleLink{Title: art.Title, URL: pathSyndication + "/bai/" + strconv.FormatInt(art.ID, 10), At: when(art.PublishedAt)})
		}
	}
	return p, nil
}

func (s *Server) syndicationList(w http.ResponseWriter, r *http.Request, acc *account) error {
	p, err := s.syndicationPage(r.Context(), r, acc)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("xong") {
	case "da-nhan":
		p.Notice = "Đã nhận bài: bản liên thông đã được đăng trên trang."
	case "da-tu-choi":
		p.Notice = "Đã từ chối; đơn vị gửi tin sẽ thấy lý do."
	}
	return s.render(w, http.StatusOK, "syndication", p)
}

func synPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy mục bạn yêu cầu.")
	}
	return id, nil
}

// decisionFailed shows the board's page again with the problem of the
// offer id's form and what was typed there.
func (s *Server) decisionFailed(w http.ResponseWriter, r *http.Request, acc *account, id int64, field, typed string, cat int64, cause error) error {
	p, err := s.syndicationPage(r.Context(), r, acc)
	if err != nil {
		return err
	}
	name := field + "-" + strconv.FormatInt(id, 10)
	p.Form.Order = []string{name}
	var e *apperr.Error
	if !errors.As(cause, &e) || e.Code != apperr.Invalid && e.Code != apperr.Conflict && e.Code != apperr.NotFound {
		return cause
	}
	if msg, ok := e.Fields[field]; ok {
		p.Form.add(name, msg)
	} else {
		p.Form.Alert = e.Message
	}
	for i := range p.Incoming {
		if p.Incoming[i].ID == id {
			p.Incoming[i].Typed = typed
			for j := range p.Incoming[i].Categories {
				p.Incoming[i].Categories[j].Selected = p.Incoming[i].Categories[j].Value == strconv.FormatInt(cat, 10)
			}
		}
	}
	status := http.StatusUnprocessableEntity
	if e.Code == apperr.Conflict {
		status = http.StatusConflict
	} else if e.Code == apperr.NotFound {
		status = http.StatusNotFound
	}
	return s.render(w, status, "syndication", p)
}

func (s *Server) syndicationAccept(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := synPathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	cat, _ := strconv.ParseInt(r.PostFormValue("chuyen-muc"), 10, 64) // not a number: 0, refused below with its message
	if _, err := s.syn.Accept(r.Context(), s.synActor(r, acc), acc.Site.ID, id, cat); err != nil {
		return s.decisionFailed(w, r, acc, id, "chuyen-muc", "", cat, err)
	}
	http.Redirect(w, r, pathSyndication+"?xong=da-nhan", http.StatusSeeOther)
	return nil
}

func (s *Server) syndicationRefuse(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := synPathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	comment := r.PostFormValue("ly-do")
	if _, err := s.syn.Refuse(r.Context(), s.synActor(r, acc), acc.Site.ID, id, comment); err != nil {
		return s.decisionFailed(w, r, acc, id, "ly-do", comment, 0, err)
	}
	http.Redirect(w, r, pathSyndication+"?xong=da-tu-choi", http.StatusSeeOther)
	return nil
}

// pendingOffers counts the offers waiting for acc's board on its site, -1
// when there is no syndication or the user is not on the board.
func (s *Server) pendingOffers(ctx context.Context, acc *account) (int, error) {
	if s.syn == nil || !s.can(acc, user.ActionArticlePublish) {
		return -1, nil
	}
	return s.syn.Pending(ctx, acc.Site.ID)
}

// syndicationLink is the syndication page of a published article for a
// board member of a site with a parent or children, else "".
func (s *Server) syndicationLink(acc *account, a content.Article) string {
	if s.syn == nil || a.Status != content.StatusPublished || !s.can(acc, user.ActionArticlePublish) ||
		acc.Site.ParentID == 0 && len(s.syn.Children(acc.Site.ID)) == 0 {
		return ""
	}
	return pathSyndication + "/bai/" + strconv.FormatInt(a.ID, 10)
}
