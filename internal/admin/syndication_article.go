package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/syndication"
)

// SyndicationArticlePage is /quan-tri/lien-thong/bai/{id}: one published
// article, the offers made of it, and the forms to propose it to the
// parent and push it to children.
type SyndicationArticlePage struct {
	Layout
	Form
	Notice     string
	Article    content.Article
	PublicURL  string
	EditURL    string
	Action     string // the page's own address, the forms' base
	Published  bool
	ParentName string
	Proposed   bool // already offered to the parent
	Children   []ChildChoice
	Offers     []OfferRow
}

// ChildChoice is a child site in the push form.
type ChildChoice struct {
	ID       int64
	Name     string
	Receives bool // opted in: the copy appears at once
	Offered  bool // the article was already offered to it
	Checked  bool
}

func (s *Server) syndicationArticlePage(r *http.Request, acc *account) (SyndicationArticlePage, error) {
	ctx := r.Context()
	var p SyndicationArticlePage
	id, err := synPathID(r, "id")
	if err != nil {
		return p, err
	}
	art, err := s.content.Store().FindArticleByID(ctx, acc.Site.ID, id)
	if apperr.Is(err, apperr.NotFound) {
		return p, apperr.New(apperr.NotFound, "Không tìm thấy bài viết trên trang này.")
	}
	if err != nil {
		return p, err
	}
	p = SyndicationArticlePage{Layout: s.layout(acc, "Liên thông: "+art.Title, pathSyndication), Article: art, EditURL: articleURL(art.ID),
		Action:    pathSyndication + "/bai/" + strconv.FormatInt(art.ID, 10),
		Published: art.Status == content.StatusPublished && !art.PublishedAt.After(s.now())}
	if p.Published {
		p.PublicURL = s.publicURL(acc.Site.ID, art.Slug)
	}
	offers, err := s.syn.OfArticle(ctx, acc.Site.ID, art.ID)
	if err != nil {
		return p, err
	}
	offered := map[int64]bool{}
	for _, o := range offers {
		offered[o.TargetSiteID] = true
		p.Offers = append(p.Offers, s.offerRow(o, false))
	}
	if acc.Site.ParentID != 0 {
		p.ParentName, p.Proposed = s.siteName(acc.Site.ParentID), offered[acc.Site.ParentID]
	}
	for _, c := range s.syn.Children(acc.Site.ID) {
		rcv, err := s.syn.Receiving(ctx, c.ID)
		if err != nil {
			return p, err
		}
		p.Children = append(p.Children, ChildChoice{ID: c.ID, Name: c.Name, Receives: rcv.On, Offered: offered[c.ID]})
	}
	return p, nil
}

func (s *Server) syndicationArticle(w http.ResponseWriter, r *http.Request, acc *account) error {
	p, err := s.syndicationArticlePage(r, acc)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("xong") {
	case "da-de-xuat":
		p.Notice = "Đã đề xuất bài lên " + p.ParentName + "; Ban biên tập ở đó sẽ nhận hoặc từ chối."
	case "da-chuyen":
		p.Notice = "Đã chuyển bài: " + r.URL.Query().Get("ket-qua")
	}
	return s.render(w, http.StatusOK, "syndication-article", p)
}

// articleFailed shows the article's page again with the problem.
func (s *Server) articleFailed(w http.ResponseWriter, r *http.Request, acc *account, cause error, checked map[int64]bool) error {
	p, err := s.syndicationArticlePage(r, acc)
	if err != nil {
		return err
	}
	var e *apperr.Error
	if !errors.As(cause, &e) || e.Code != apperr.Invalid && e.Code != apperr.Conflict && e.Code != apperr.NotFound {
		return cause
	}
	p.Form.Order = []string{"don-vi"}
	if msg, ok := e.Fields["don-vi"]; ok {
		p.Form.add("don-vi", msg)
	} else {
		p.Form.Alert = e.Message
	}
	for i := range p.Children {
		p.Children[i].Checked = checked[p.Children[i].ID]
	}
	status := http.StatusUnprocessableEntity
	if e.Code == apperr.Conflict {
		status = http.StatusConflict
	} else if e.Code == apperr.NotFound {
		status = http.StatusNotFound
	}
	return s.render(w, status, "syndication-article", p)
}

func (s *Server) syndicationPropose(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := synPathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := s.syn.Propose(r.Context(), s.synActor(r, acc), acc.Site.ID, id); err != nil {
		return s.articleFailed(w, r, acc, err, nil)
	}
	http.Redirect(w, r, pathSyndication+"/bai/"+strconv.FormatInt(id, 10)+"?xong=da-de-xuat", http.StatusSeeOther)
	return nil
}

func (s *Server) syndicationPush(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := synPathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	checked := map[int64]bool{}
	var targets []int64
	for _, v := range r.PostForm["don-vi"] {
		t, err := strconv.ParseInt(v, 10, 64)
		if err != nil || t <= 0 {
			return s.articleFailed(w, r, acc, &apperr.Error{Code: apperr.Invalid, Message: "Đơn vị đã chọn không hợp lệ.", Fields: map[string]string{"don-vi": "Đơn vị đã chọn không hợp lệ."}}, checked)
		}
		if len(targets) < 1000 {
			targets, checked[t] = append(targets, t), true
		}
	}
	res, err := s.syn.Push(r.Context(), s.synActor(r, acc), acc.Site.ID, id, targets, r.PostFormValue("tat-ca") == "1")
	if err != nil {
		return s.articleFailed(w, r, acc, err, checked)
	}
	var parts []string
	if n := len(res.Copied); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" đơn vị đã đăng ngay (đã đăng ký nhận tin)")
	}
	if n := len(res.Proposed); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" đơn vị nhận đề xuất chờ Ban biên tập duyệt")
	}
	q := "?xong=da-chuyen&ket-qua=" + url.QueryEscape(strings.Join(parts, "; ")+".")
	http.Redirect(w, r, pathSyndication+"/bai/"+strconv.FormatInt(id, 10)+q, http.StatusSeeOther)
	return nil
}

// SyndicationReceivePage is /quan-tri/lien-thong/nhan-tin.
type SyndicationReceivePage struct {
	Layout
	Form
	Notice     string
	ParentName string
	On         bool
	Categories []Option // the first: the "Tin tỉnh" category, made when needed
}

func (s *Server) receivePage(r *http.Request, acc *account, rcv syndication.Receiving) (SyndicationReceivePage, error) {
	p := SyndicationReceivePage{Layout: s.layout(acc, "Nhận tin từ đơn vị cấp trên", pathSyndicationReceive), On: rcv.On}
	if acc.Site.ParentID != 0 {
		p.ParentName = s.siteName(acc.Site.ParentID)
	}
	cats, err := s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return p, err
	}
	p.Categories = append([]Option{{Value: "0", Label: "Chuyên mục «" + syndication.CategoryName + "» (tạo khi cần)", Selected: rcv.CategoryID == 0}},
		categoryOptions(cats, rcv.CategoryID)...)
	return p, nil
}

func (s *Server) syndicationReceive(w http.ResponseWriter, r *http.Request, acc *account) error {
	rcv, err := s.syn.Receiving(r.Context(), acc.Site.ID)
	if err != nil {
		return err
	}
	p, err := s.receivePage(r, acc, rcv)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("xong") == "da-luu" {
		p.Notice = "Đã lưu."
	}
	return s.render(w, http.StatusOK, "syndication-receive", p)
}

func (s *Server) syndicationReceiveSave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	rcv := syndication.Receiving{On: r.PostFormValue("nhan-tin") == "1"}
	cat, err := strconv.ParseInt(r.PostFormValue("chuyen-muc"), 10, 64)
	if err != nil && r.PostFormValue("chuyen-muc") != "" || cat < 0 {
		cat = -1 // not a category of the site: refused by the service's check below
	}
	rcv.CategoryID = cat
	if cat == -1 {
		err = &apperr.Error{Code: apperr.Invalid, Message: "Chuyên mục đã chọn không có trong trang.", Fields: map[string]string{"chuyen-muc": "Chọn một chuyên mục có trong trang."}}
	} else {
		err = s.syn.SetReceiving(r.Context(), s.synActor(r, acc), acc.Site.ID, rcv)
	}
	if err != nil {
		p, perr := s.receivePage(r, acc, rcv)
		if perr != nil {
			return perr
		}
		p.On, p.Form.Order = rcv.On, []string{"chuyen-muc"}
		if ferr := formErr(&p.Form, err); ferr != nil {
			return ferr
		}
		return s.render(w, http.StatusUnprocessableEntity, "syndication-receive", p)
	}
	if rcv.On {
		if err := s.ensureProvinceBlock(r, acc); err != nil {
			return err
		}
	}
	http.Redirect(w, r, pathSyndicationReceive+"?xong=da-luu", http.StatusSeeOther)
	return nil
}

// ensureProvinceBlock adds the "Tin tỉnh" block to a home page whose
// blocks the site configured (one laid out by default shows it anyway).
func (s *Server) ensureProvinceBlock(r *http.Request, acc *account) error {
	if s.furn == nil {
		return nil
	}
	blocks, configured, err := s.furn.HomeBlocks(r.Context(), acc.Site.ID)
	if err != nil || !configured {
		return err
	}
	for _, b := range blocks {
		if b.Kind == content.BlockProvince {
			return nil
		}
	}
	b := content.HomeBlock{Kind: content.BlockProvince, Count: 5}
	return s.furn.SaveHomeBlock(r.Context(), acc.Site.ID, &b, func(int64) bool { return false },
		s.auditEntry(r, acc, "home_block.create", "", map[string]string{"kind": string(b.Kind), "by": "syndication.receive"}))
}
