package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// The site's information and account policy, /quan-tri/thong-tin-trang:
// what the public footer shows (name, banner, governing agency, address,
// phone, email, the person responsible, the licence line) and the account
// Policy (self-approval, mandatory second factor). A platform
// administrator also sets the platform's own policy (site 0), which
// applies to platform administrators everywhere. Every change is audited
// with the fields that changed.

func (s *Server) registerSiteSettings(mux *http.ServeMux) {
	s.adminPage(mux, "GET "+pathSiteSettings, user.ActionSiteSettings, s.siteSettingsForm)
	s.adminPage(mux, "POST "+pathSiteSettings, user.ActionSiteSettings, s.siteSettingsSave)
}

var siteSettingsFields = []string{"name", "description", "banner", "agency", "responsible", "address", "phone", "email", "licence"}

func (s *Server) siteSettingsPage(acc *account) (SiteSettingsPage, error) {
	st := acc.Site
	p := SiteSettingsPage{Layout: s.layout(acc, "Thông tin trang", pathSiteSettings), Platform: isPlatformAdmin(acc.Memberships),
		Name: st.Name, Description: st.Description, Banner: st.Banner, Agency: st.Agency, Responsible: st.Responsible, Address: st.Address,
		Phone: st.Phone, Email: st.Email, Licence: st.Licence, CanSave: s.content != nil && s.policies != nil, Version: st.EditVersion}
	p.Form.Order = siteSettingsFields
	pol, err := s.policy(acc.Site.ID)
	if err != nil {
		return p, err
	}
	plat, err := s.policy(0)
	if err != nil {
		return p, err
	}
	p.AllowSelfApproval, p.RequireSecondFactor = pol.AllowSelfApproval, pol.RequireSecondFactor
	p.PlatformSecondFactor = plat.RequireSecondFactor
	p.NoTOTPYet = !acc.User.HasTOTP()
	return p, nil
}

func (s *Server) siteSettingsForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	p, err := s.siteSettingsPage(acc)
	if err != nil {
		return err
	}
	if r.URL.Query().Has("xong") {
		p.Notice = "Đã lưu thông tin trang."
	}
	return s.render(w, http.StatusOK, "site-settings", p)
}

// readSiteSettingsForm reads the posted form into p, spaces collapsed;
// the site's rules (content.PrepareSite) check it before it is saved.
func readSiteSettingsForm(p *SiteSettingsPage, r *http.Request) {
	val := func(name string) string {
		return strings.Join(strings.Fields(strings.ToValidUTF8(r.PostFormValue(name), "")), " ")
	}
	p.Name, p.Description, p.Banner, p.Agency, p.Responsible = val("name"), val("description"), val("banner"), val("agency"), val("responsible")
	p.Address, p.Phone, p.Email, p.Licence = val("address"), val("phone"), val("email"), val("licence")
	p.AllowSelfApproval = r.PostFormValue("allow_self_approval") == "1"
	p.RequireSecondFactor = r.PostFormValue("require_second_factor") == "1"
	if p.Platform {
		p.PlatformSecondFactor = r.PostFormValue("platform_second_factor") == "1"
	}
}

// saveSitePolicies saves the site's account policy, and the platform's
// for a platform administrator, when they changed, and records each change.
func (s *Server) saveSitePolicies(r *http.Request, acc *account, p SiteSettingsPage) error {
	ctx := r.Context()
	oldPol, err := s.policies.Find(ctx, acc.Site.ID)
	if err != nil {
		return err
	}
	newPol := user.Policy{AllowSelfApproval: p.AllowSelfApproval, RequireSecondFactor: p.RequireSecondFactor}
	if newPol != oldPol {
		a := s.auditEntry(r, acc, "site.policy", "site:"+strconv.FormatInt(acc.Site.ID, 10), map[string]string{
			"allow_self_approval":   strconv.FormatBool(newPol.AllowSelfApproval),
			"require_second_factor": strconv.FormatBool(newPol.RequireSecondFactor),
		})
		if err := s.policies.Save(ctx, acc.Site.ID, newPol, a); err != nil {
			return err
		}
	}
	if p.Platform {
		oldPlat, err := s.policies.Find(ctx, 0)
		if err != nil {
			return err
		}
		if oldPlat.RequireSecondFactor != p.PlatformSecondFactor {
			oldPlat.RequireSecondFactor = p.PlatformSecondFactor
			e := *acc
			e.Site.ID = 0
			a := s.auditEntry(r, &e, "site.policy", "platform", map[string]string{
				"require_second_factor": strconv.FormatBool(oldPlat.RequireSecondFactor),
			})
			if err := s.policies.Save(ctx, 0, oldPlat, a); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) siteSettingsSave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if s.content == nil || s.policies == nil {
		return apperr.New(apperr.Unavailable, "Chức năng lưu thông tin trang chưa được cấu hình trên máy chủ này.")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.siteSettingsPage(acc)
	if err != nil {
		return err
	}
	readSiteSettingsForm(&p, r)

	site, err := s.content.Store().FindSiteByID(ctx, acc.Site.ID)
	if err != nil {
		return err
	}
	old := site
	site.EditVersion = formVersion(r)
	site.Name, site.Description, site.Banner, site.Agency, site.Responsible = p.Name, p.Description, p.Banner, p.Agency, p.Responsible
	site.Address, site.Phone, site.Email, site.Licence = p.Address, p.Phone, p.Email, p.Licence
	// The site's rules, checked before anything is compared or saved.
	if err := content.PrepareSite(&site); err != nil {
		if err := formErr(&p.Form, err); err != nil {
			return err
		}
		return s.render(w, http.StatusUnprocessableEntity, "site-settings", p)
	}
	changed := map[string]string{}
	for _, c := range []struct{ name, before, after string }{
		{"name", old.Name, site.Name}, {"description", old.Description, site.Description}, {"banner", old.Banner, site.Banner}, {"agency", old.Agency, site.Agency},
		{"responsible", old.Responsible, site.Responsible}, {"address", old.Address, site.Address},
		{"phone", old.Phone, site.Phone}, {"email", old.Email, site.Email}, {"licence", old.Licence, site.Licence},
	} {
		if c.before != c.after {
			changed[c.name] = clip(c.after, 200)
		}
	}
	if len(changed) > 0 {
		if err := s.content.SaveSite(ctx, &site, s.auditEntry(r, acc, "site.settings", "site:"+strconv.FormatInt(site.ID, 10), changed)); err != nil {
			return s.siteSettingsAgain(w, r, acc, p, err)
		}
	}

	if err := s.saveSitePolicies(r, acc, p); err != nil {
		return err
	}
	http.Redirect(w, r, pathSiteSettings+"?xong=1", http.StatusSeeOther)
	return nil
}

// siteSettingsAgain shows the form p again, as typed, with err: a stale
// save (content.ErrSiteStale) answers 409 and carries the edit version
// now stored, so that saving again overwrites it; a problem with the
// input answers 422. Any other err is returned as is.
func (s *Server) siteSettingsAgain(w http.ResponseWriter, r *http.Request, acc *account, p SiteSettingsPage, err error) error {
	if errors.Is(err, content.ErrSiteStale) {
		cur, ferr := s.content.Store().FindSiteByID(r.Context(), acc.Site.ID)
		if ferr != nil {
			return ferr
		}
		p.Version, p.Form.Alert = cur.EditVersion, apperr.MessageOf(err)
		return s.render(w, http.StatusConflict, "site-settings", p)
	}
	if err := formErr(&p.Form, err); err != nil {
		return err
	}
	return s.render(w, http.StatusUnprocessableEntity, "site-settings", p)
}

// SiteSettingsPage is /quan-tri/thong-tin-trang.
type SiteSettingsPage struct {
	Layout
	Form
	Notice                                         string
	Name, Description, Banner, Agency, Responsible string
	Address, Phone                                 string
	Email, Licence                                 string
	AllowSelfApproval, RequireSecondFactor         bool
	Platform                                       bool // a platform administrator: the platform's policy too
	PlatformSecondFactor                           bool
	CanSave                                        bool
	Version                                        int64 // the site's edit version, carried by the form
	NoTOTPYet                                      bool  // the administrator has not turned on the second factor
}
