package admin

import (
	"errors"
	"net/http"
	"net/url"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// One site in the platform area, /quan-tri/nen-tang/trang/{key}: its
// figures, its name, kind and parent (versioned: a stale form answers
// 409), its alias hosts, archiving (PlanArchive's summary first, then the
// confirmation) and reopening.

// PlatformSitePage is one site in the area: its details, hosts, archive.
type PlatformSitePage struct {
	Layout
	Target                     content.Site
	Row                        PlatformRow
	Notice                     string
	Aliases                    []string
	Version                    int64
	Edit                       Form
	Name, Kind, Parent         string
	Kinds, Parents, Successors []Option
	HostForm                   Form
	NewHost                    string
	ArchiveForm                Form
	Successor, Since           string
	Plan                       *ArchivePreview
	ParentName                 string
	SuccessorName              string
	MergedInto                 string
}

// ArchivePreview is PlanArchive's summary, shown before confirming.
type ArchivePreview struct {
	Name, EndedOn, Successor, SuccessorHost string
	Successorkey                            string
	Since                                   string // as the form carries it
	Again                                   bool   // the site is archived already: successor or date change
}

var (
	platformEditFields    = []string{"name", "kind", "parent"}
	platformHostFields    = []string{"host"}
	platformArchiveFields = []string{"successor", "since"}
)

func (s *Server) platformSitePage(r *http.Request, acc *account, sites *platformSites, st *content.Site) (PlatformSitePage, error) {
	p := PlatformSitePage{Layout: s.layout(acc, st.Name, pathPlatform), Target: *st, Aliases: sites.aliases[st.ID], Version: st.EditVersion,
		Name: st.Name, Kind: string(st.Kind), ParentName: sites.name(st.ParentID), SuccessorName: sites.name(st.SuccessorID), MergedInto: sites.name(st.MergedIntoID)}
	if ps := sites.byID[st.ParentID]; ps != nil {
		p.Parent = ps.Key
	}
	if ss := sites.byID[st.SuccessorID]; ss != nil {
		p.Successor = ss.Key
	}
	if d, err := vi.ParseDay(st.EndedOn); err == nil {
		p.Since = d.String()
	}
	p.Edit.Order, p.HostForm.Order, p.ArchiveForm.Order = platformEditFields, platformHostFields, platformArchiveFields
	rows, err := s.platformRows(r, sites, platformFilter{Query: ""})
	if err != nil {
		return p, err
	}
	for _, row := range rows {
		if row.Key == st.Key {
			p.Row = row
		}
	}
	return p, nil
}

// options fills the page's choices from what it holds.
func (p *PlatformSitePage) options(sites *platformSites) {
	p.Kinds = kindOptions("", p.Kind)
	p.Parents = sites.siteOptions("Không có trang cấp trên", p.Parent, p.Target.ID, func(st *content.Site) bool { return st.State != content.StateMerged })
	p.Successors = sites.siteOptions("Không có trang kế nhiệm", p.Successor, p.Target.ID, func(st *content.Site) bool { return st.State == content.StateActive })
}

// platformTarget reads the sites and the one of the path's key.
func (s *Server) platformTarget(r *http.Request) (*platformSites, *content.Site, error) {
	sites, err := s.loadPlatformSites(r.Context())
	if err != nil {
		return nil, nil, err
	}
	st := sites.byKey[r.PathValue("key")]
	if st == nil {
		return nil, nil, apperr.New(apperr.NotFound, "Không có trang thông tin nào có mã này. Hãy chọn lại trong danh sách của trang Nền tảng.")
	}
	return sites, st, nil
}

// platformSiteForm reads a form posted on a site's page and hands h the
// sites, the site and its page, ready to show again with what was typed.
func (s *Server) platformSiteForm(h func(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error) func(http.ResponseWriter, *http.Request, *account) error {
	return func(w http.ResponseWriter, r *http.Request, acc *account) error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		sites, st, err := s.platformTarget(r)
		if err != nil {
			return err
		}
		p, err := s.platformSitePage(r, acc, sites, st)
		if err != nil {
			return err
		}
		return h(w, r, acc, sites, st, p)
	}
}

func (s *Server) platformSite(w http.ResponseWriter, r *http.Request, acc *account) error {
	sites, st, err := s.platformTarget(r)
	if err != nil {
		return err
	}
	p, err := s.platformSitePage(r, acc, sites, st)
	if err != nil {
		return err
	}
	p.options(sites)
	p.Notice = map[string]string{"sua": "Đã lưu thông tin trang.", "them-ten-mien": "Đã thêm tên miền phụ.", "go-ten-mien": "Đã gỡ tên miền phụ.",
		"luu-tru": "Đã chuyển trang sang lưu trữ.", "mo-lai": "Đã mở lại trang."}[r.URL.Query().Get("xong")]
	return s.render(w, http.StatusOK, "platform-site", p)
}

// platformDone refreshes the directory (the public site and the area
// see the change at once) and shows the site's page with a notice.
func (s *Server) platformDone(w http.ResponseWriter, r *http.Request, key, done string) error {
	if err := s.sites.Refresh(r.Context()); err != nil {
		s.log.ErrorContext(r.Context(), "refresh sites", "err", err)
	}
	http.Redirect(w, r, pathPlatformSite+url.PathEscape(key)+"?xong="+done, http.StatusSeeOther)
	return nil
}

// platformAgain shows the site's page again with what was typed, the
// problem on the form f points at: 409 for a stale edit (with the
// version now stored), 422 for bad input.
func (s *Server) platformAgain(w http.ResponseWriter, r *http.Request, sites *platformSites, p *PlatformSitePage, f *Form, err error) error {
	status := http.StatusUnprocessableEntity
	if errors.Is(err, content.ErrSiteStale) {
		status = http.StatusConflict
		if cur := sites.byKey[p.Target.Key]; cur != nil {
			if fresh, ferr := s.platform.Store.FindSiteByID(r.Context(), cur.ID); ferr == nil {
				p.Version = fresh.EditVersion
			}
		}
		f.Alert = apperr.MessageOf(err)
	} else if err := siteFormErr(f, err); err != nil {
		return err
	}
	p.options(sites)
	return s.render(w, status, "platform-site", *p)
}

// checkVersion refuses a form made on another edit version of st.
func checkVersion(r *http.Request, st *content.Site) error {
	if formVersion(r) != st.EditVersion {
		return content.ErrSiteStale
	}
	return nil
}

func (s *Server) platformEdit(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error {
	p.Name, p.Kind, p.Parent = formText(r, "name", 300), formText(r, "kind", 20), formText(r, "parent", 100)
	p.Version = formVersion(r)
	kind := content.Kind(p.Kind)
	change := content.SiteChange{Name: &p.Name, Kind: &kind, Parent: &p.Parent, EditVersion: p.Version}
	if _, err := s.platform.Sites.Update(r.Context(), st.Key, change, s.platformActor(r, acc)); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.Edit, err)
	}
	return s.platformDone(w, r, st.Key, "sua")
}

func (s *Server) platformHostAdd(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error {
	p.NewHost = formText(r, "host", 300)
	if _, err := s.platform.Sites.AddHost(r.Context(), st.Key, p.NewHost, s.platformActor(r, acc)); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.HostForm, err)
	}
	return s.platformDone(w, r, st.Key, "them-ten-mien")
}

func (s *Server) platformHostRemove(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error {
	if err := s.platform.Sites.RemoveHost(r.Context(), st.Key, formText(r, "host", 300), s.platformActor(r, acc)); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.HostForm, err)
	}
	return s.platformDone(w, r, st.Key, "go-ten-mien")
}

// platformArchive shows PlanArchive's summary first; the confirmation
// (xac-nhan) archives.
func (s *Server) platformArchive(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error {
	p.Successor, p.Since = formText(r, "successor", 100), formText(r, "since", 20)
	p.Version = formVersion(r)
	if err := checkVersion(r, st); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, err)
	}
	var since vi.Day
	if p.Since != "" {
		var err error
		if since, err = vi.ParseDay(p.Since); err != nil {
			msg := "Ngày kết thúc hoạt động không hợp lệ: ghi theo dạng 30/06/2025 hoặc 2025-06-30."
			return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"since": msg}})
		}
	}
	ctx := r.Context()
	if r.PostFormValue("xac-nhan") != "1" {
		plan, err := s.platform.Sites.PlanArchive(ctx, st.Key, p.Successor, since)
		if err != nil {
			return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, err)
		}
		prev := &ArchivePreview{Name: plan.Site.Name, Since: p.Since, Again: st.State == content.StateArchived}
		if d, err := vi.ParseDay(plan.Site.EndedOn); err == nil {
			prev.EndedOn = d.Numeric()
		}
		if plan.Successor != nil {
			prev.Successor, prev.SuccessorHost, prev.Successorkey = plan.Successor.Name, plan.Successor.Host, plan.Successor.Key
		}
		p.Plan = prev
		p.options(sites)
		return s.render(w, http.StatusOK, "platform-site", p)
	}
	if _, err := s.platform.Sites.Archive(ctx, st.Key, p.Successor, since, s.platformActor(r, acc)); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, err)
	}
	return s.platformDone(w, r, st.Key, "luu-tru")
}

func (s *Server) platformReopen(w http.ResponseWriter, r *http.Request, acc *account, sites *platformSites, st *content.Site, p PlatformSitePage) error {
	if err := checkVersion(r, st); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, err)
	}
	if _, err := s.platform.Sites.Reopen(r.Context(), st.Key, s.platformActor(r, acc)); err != nil {
		return s.platformAgain(w, r, sites, &p, &p.ArchiveForm, err)
	}
	return s.platformDone(w, r, st.Key, "mo-lai")
}
