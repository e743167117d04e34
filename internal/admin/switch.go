package admin

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// The site switcher: an account with roles on several sites (or a
// platform administrator) goes from one site's area to another's without
// signing in again. The session cookie is per host, so the switch is a
// one-time handoff (user.Service.IssueHandoff): a POST on the current host
// issues a token for the chosen site and sends the browser to that site's
// host with it (SwitchGoPage); a GET there redeems it for a session of that host and
// sends the browser on to a clean address. The token is good once, for
// that site, for a minute, while the session it came from lasts; being in
// the store, it works whichever node answers. Signing out ends the
// session of the current host only: each host has its own.

const pathSwitch = "/quan-tri/chuyen-trang"

// SiteSwitch is the switcher in the area's header.
type SiteSwitch struct {
	Sites []SwitchOption
}

// SwitchOption is a site the account may switch to.
type SwitchOption struct {
	ID       int64
	Name     string
	Archived bool
	Current  bool
}

// SwitchGoPage sends the browser on to the target host. The switch is a
// form, and the area's Content-Security-Policy (form-action 'self') stops
// a form's redirect to another host: the POST answers with this page,
// whose immediate refresh (and link, for a browser that does not follow
// it) is a plain navigation.
type SwitchGoPage struct {
	Layout         // the page's title and the site it leaves
	Target  string // the site's name
	URL     string // the redemption address on its host
	Refresh string // "0; url=" + URL
}

// SwitchRefusedPage is the answer to a handoff that is refused.
type SwitchRefusedPage struct {
	Layout
	Message string
}

func (s *Server) registerSwitch(mux *http.ServeMux) {
	mux.Handle("POST "+pathSwitch, s.requireUser(s.adapt.Handle(s.switchSite)))
	mux.Handle("GET "+pathSwitch, s.adapt.Handle(s.redeemSwitch))
}

// switchTargets lists the sites acc may switch to (the current one
// included), by name: the sites it holds a role on, every site for a
// platform administrator; a merged site, which serves only redirects, is
// left out.
func (s *Server) switchTargets(acc *account) []*content.Site {
	type keyed struct {
		key  string
		site *content.Site
	}
	var ks []keyed
	for _, site := range s.sites.Sites() {
		if site.State != content.StateMerged && user.MayEnter(acc.Memberships, site.ID) {
			ks = append(ks, keyed{vi.Fold(site.Name), site})
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
	out := make([]*content.Site, len(ks))
	for i, k := range ks {
		out[i] = k.site
	}
	return out
}

// siteSwitch is the switcher for acc's pages: only for an account with
// roles on more than one site, or a platform administrator.
func (s *Server) siteSwitch(acc *account) *SiteSwitch {
	sites := map[int64]bool{}
	for _, m := range acc.Memberships {
		sites[m.SiteID] = true
	}
	if len(sites) < 2 && !sites[0] {
		return nil
	}
	targets := s.switchTargets(acc)
	if len(targets) < 2 {
		return nil
	}
	sw := &SiteSwitch{}
	for _, t := range targets {
		sw.Sites = append(sw.Sites, SwitchOption{ID: t.ID, Name: t.Name, Archived: t.Archived(), Current: t.ID == acc.Site.ID})
	}
	return sw
}

// switchSite issues the handoff to the chosen site and sends the browser
// to that site's host with it.
func (s *Server) switchSite(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if acc == nil {
		return apperr.New(apperr.Unauthorized, "")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("trang")), 10, 64)
	target := s.sites.ByID(id)
	if err != nil || target == nil {
		return apperr.New(apperr.Invalid, "Vui lòng chọn một trang thông tin trong danh sách để chuyển sang.")
	}
	if target.ID == acc.Site.ID {
		http.Redirect(w, r, pathHome, http.StatusSeeOther)
		return nil
	}
	if !user.MayEnter(acc.Memberships, target.ID) {
		return apperr.Errorf(apperr.Forbidden,
			"Tài khoản của bạn không có vai trò nào trên %s nên không chuyển sang được. Nếu bạn cần quyền ở đó, hãy liên hệ quản trị viên của trang.", target.Name)
	}
	if target.State == content.StateMerged {
		return apperr.Errorf(apperr.Conflict, "%s đã được sáp nhập vào trang khác: trang này không còn khu vực quản trị.", target.Name)
	}
	token, err := s.users.IssueHandoff(r.Context(), acc.User, acc.Session, acc.Site.ID, target.ID)
	if err != nil {
		return err
	}
	s.record(r, acc.Site.ID, acc.User, "site.switch", map[string]string{"to": target.Key})
	scheme := "http"
	if httpx.IsHTTPS(r) {
		scheme = "https"
	}
	to := s.sites.Origin(target, scheme) + pathSwitch + "?ma=" + url.QueryEscape(token)
	return s.render(w, http.StatusOK, "switch-go", SwitchGoPage{Layout: Layout{Title: "Đang chuyển sang " + target.Name, Site: acc.Site},
		Target: target.Name, URL: to, Refresh: "0; url=" + to})
}

// redeemSwitch redeems a handoff on the site of the request's host: a
// session of this host, then the dashboard (whose gate asks for the
// second factor when this site's policy wants one the session has not
// given). A refused token gets a page saying why, and no session.
func (s *Server) redeemSwitch(w http.ResponseWriter, r *http.Request) error {
	// The address holds the token: keep it out of any Referer.
	w.Header().Set("Referrer-Policy", "no-referrer")
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	cur, err := s.loadSession(w, r)
	if err != nil {
		return err
	}
	var signedIn int64
	if cur != nil {
		signedIn = cur.User.ID
	}
	red, err := s.users.RedeemHandoff(r.Context(), r.URL.Query().Get("ma"), site.ID, signedIn, s.clientIP(r), r.UserAgent())
	if err != nil {
		return s.switchRefused(w, r, site, red, err)
	}
	// A browser switching in drops the session it had on this host.
	if old := sessionToken(r); old != "" {
		_ = s.users.EndSession(r.Context(), old)
	}
	setSessionCookie(w, r, red.Token)
	detail := map[string]string{}
	if from := s.sites.ByID(red.Handoff.FromSiteID); from != nil {
		detail["from"] = from.Key
	}
	s.record(r, site.ID, red.User, "login.switch", detail)
	http.Redirect(w, r, pathHome, http.StatusSeeOther)
	return nil
}

// switchRefused answers a refused handoff: the reason, a link to sign in,
// an audit entry when the token was a real one.
func (s *Server) switchRefused(w http.ResponseWriter, r *http.Request, site *content.Site, red user.Redeemed, err error) error {
	status := 0
	reason := ""
	switch {
	case errors.Is(err, user.ErrHandoffNotFound):
		status, reason = http.StatusBadRequest, "invalid"
	case errors.Is(err, user.ErrHandoffUsed):
		status, reason = http.StatusConflict, "used"
	case errors.Is(err, user.ErrHandoffExpired):
		status, reason = http.StatusGone, "expired"
	case errors.Is(err, user.ErrHandoffOtherSite):
		status, reason = http.StatusForbidden, "other_site"
	case errors.Is(err, user.ErrHandoffNoRole):
		status, reason = http.StatusForbidden, "no_role"
	case errors.Is(err, user.ErrHandoffSessionEnded):
		status, reason = http.StatusUnauthorized, "session_ended"
	case errors.Is(err, user.ErrHandoffOtherAccount):
		status, reason = http.StatusConflict, "other_account"
	case apperr.Is(err, apperr.Forbidden): // a disabled account
		status, reason = http.StatusForbidden, "disabled"
	default:
		return err
	}
	if red.Handoff.UserID != 0 {
		u := red.User
		if u.ID == 0 {
			// Refused before the account was read: name it in the log
			// all the same (best effort).
			u.ID = red.Handoff.UserID
			if found, err := s.users.FindUserByID(r.Context(), u.ID); err == nil {
				u = found
			}
		}
		s.record(r, site.ID, u, "login.switch_fail", map[string]string{"reason": reason})
	}
	p := SwitchRefusedPage{Layout: Layout{Title: "Không chuyển trang được", Site: *site}, Message: apperr.MessageOf(err)}
	return s.render(w, status, "switch-refused", p)
}
