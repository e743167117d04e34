package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

// Users and their roles on the site.
//
//	GET  /quan-tri/nguoi-dung                           list (?q=, ?trang=)
//	GET  /quan-tri/nguoi-dung/moi                       new account form
//	POST /quan-tri/nguoi-dung/moi                       create; shows the one-time password once
//	GET  /quan-tri/nguoi-dung/{id}                      an account: roles, state, actions
//	POST /quan-tri/nguoi-dung/{id}/vai-tro              set the roles on this site
//	POST /quan-tri/nguoi-dung/{id}/vo-hieu-hoa          disable
//	POST /quan-tri/nguoi-dung/{id}/kich-hoat            enable
//	POST /quan-tri/nguoi-dung/{id}/mo-khoa              lift a sign-in lockout
//	POST /quan-tri/nguoi-dung/{id}/dat-lai-mat-khau     new one-time password, shown once
//
// Least privilege: a site administrator sees and acts on the accounts that
// hold a role on their site, never on a platform administrator, and grants
// every role but RoleAdmin there. Disabling and resetting the password act
// on the whole account, so a site administrator may do them only to
// accounts whose every role is on their site. Nobody removes their own
// last administrator role or disables themselves.

const usersPerPage = 50

func (s *Server) registerUsers(mux *http.ServeMux) {
	a := user.ActionUserManage
	s.adminPage(mux, "GET "+pathUsers, a, s.userList)
	s.adminPage(mux, "GET "+pathUsers+"/{$}", a, s.userList)
	s.adminPage(mux, "GET "+pathUsers+"/moi", a, s.userNewForm)
	s.adminPage(mux, "POST "+pathUsers+"/moi", a, s.userCreate)
	s.adminPage(mux, "GET "+pathUsers+"/{id}", a, s.userView)
	s.adminPage(mux, "POST "+pathUsers+"/{id}/{action}", a, s.userAction)
}

func userURL(id int64) string { return pathUsers + "/" + strconv.FormatInt(id, 10) }

// siteRoles are the roles given per site, in the order of the forms.
var siteRoles = []user.Role{user.RoleReporter, user.RoleEditor, user.RoleApprover, user.RoleSiteAdmin}

// userList lists the accounts of the site (every account, for a platform
// administrator), with their roles here and their state.
func (s *Server) userList(w http.ResponseWriter, r *http.Request, acc *account) error {
	ctx := r.Context()
	q := strings.TrimSpace(clip(r.URL.Query().Get("q"), 100))
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("trang"))
	pageNo = max(pageNo, 1)
	all := isPlatformAdmin(acc.Memberships)
	f := user.UserFilter{Query: q, Limit: usersPerPage + 1, Offset: (pageNo - 1) * usersPerPage}
	if !all {
		f.SiteID = acc.Site.ID
	}
	us, err := s.users.FindUsers(ctx, f)
	if err != nil {
		return err
	}
	p := UserListPage{Layout: s.layout(acc, "Người dùng", pathUsers), Query: q, AllSites: all, Pager: Pager{Page: pageNo, Pages: pageNo}}
	if len(us) > usersPerPage {
		us = us[:usersPerPage]
		p.Pager.Pages = pageNo + 1
	}
	for _, u := range us {
		row, err := s.userRow(ctx, acc, u)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, row)
	}
	pageURL := func(n int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if n > 1 {
			v.Set("trang", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return pathUsers
		}
		return pathUsers + "?" + v.Encode()
	}
	if pageNo > 1 {
		p.Pager.PrevURL = pageURL(pageNo - 1)
	}
	if p.Pager.Pages > pageNo {
		p.Pager.NextURL = pageURL(pageNo + 1)
	}
	return s.render(w, http.StatusOK, "users", p)
}

// userRow is an account as the list and the account page show it.
func (s *Server) userRow(ctx context.Context, acc *account, u user.User) (UserRow, error) {
	ms, err := s.users.FindMemberships(ctx, u.ID)
	if err != nil {
		return UserRow{}, err
	}
	locked, err := s.users.LockedUntil(ctx, u.ID)
	if err != nil {
		return UserRow{}, err
	}
	row := UserRow{ID: u.ID, URL: userURL(u.ID), Name: u.Name, Email: u.Email, Disabled: u.Disabled, TOTP: u.HasTOTP(),
		MustChange: u.MustChangePassword, Roles: roleLabels(ms, acc.Site.ID), Self: u.ID == acc.User.ID}
	if !locked.IsZero() {
		row.LockedUntil = when(locked)
	}
	for _, m := range ms {
		if m.SiteID != 0 && m.SiteID != acc.Site.ID {
			row.OtherSites++
		}
	}
	return row, nil
}

// target loads the account of the path's {id} and checks that acc may act
// on it: a platform administrator on anyone, a site administrator on the
// accounts with a role on the site that are not platform administrators.
// Others' accounts answer 404, as if they did not exist.
func (s *Server) target(r *http.Request, acc *account) (user.User, []user.Membership, error) {
	notFound := apperr.New(apperr.NotFound, "Không tìm thấy tài khoản trên trang này.")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return user.User{}, nil, notFound
	}
	u, err := s.users.FindUserByID(r.Context(), id)
	if apperr.Is(err, apperr.NotFound) {
		return u, nil, notFound
	}
	if err != nil {
		return u, nil, err
	}
	ms, err := s.users.FindMemberships(r.Context(), id)
	if err != nil {
		return u, nil, err
	}
	if isPlatformAdmin(acc.Memberships) {
		return u, ms, nil
	}
	if isPlatformAdmin(ms) {
		return u, ms, apperr.New(apperr.Forbidden, "Tài khoản này là quản trị hệ thống: chỉ quản trị hệ thống khác được xem và thay đổi.")
	}
	if !slices.ContainsFunc(ms, func(m user.Membership) bool { return m.SiteID == acc.Site.ID }) {
		return u, ms, notFound
	}
	return u, ms, nil
}

// wholeAccount checks that acc may change the account as a whole (disable,
// reset its password): a site administrator only when every role of the
// account is on their site.
func (s *Server) wholeAccount(acc *account, ms []user.Membership) error {
	if isPlatformAdmin(acc.Memberships) {
		return nil
	}
	for _, m := range ms {
		if m.SiteID != acc.Site.ID {
			return apperr.New(apperr.Forbidden, "Tài khoản này còn có vai trò trên trang khác, nên chỉ quản trị hệ thống được khoá hoặc đặt lại mật khẩu.")
		}
	}
	return nil
}

// roleChoices are the roles acc may give or take away on the site, with
// the target's current ones checked.
func (s *Server) roleChoices(acc *account, ms []user.Membership, checked map[user.Role]bool) []RoleChoice {
	var out []RoleChoice
	has := func(role user.Role) bool {
		if checked != nil {
			return checked[role]
		}
		return slices.ContainsFunc(ms, func(m user.Membership) bool {
			return m.Role == role && (m.SiteID == acc.Site.ID || role.PlatformWide() && m.SiteID == 0)
		})
	}
	for _, role := range append(slices.Clone(siteRoles), user.RoleAdmin) {
		siteID := acc.Site.ID
		if role.PlatformWide() {
			siteID = 0
		}
		if !user.CanGrant(acc.Memberships, siteID, role) {
			continue
		}
		out = append(out, RoleChoice{Value: string(role), Label: role.Label(), Checked: has(role), ID: "vai-tro-" + string(role)})
	}
	return out
}

func (s *Server) userView(w http.ResponseWriter, r *http.Request, acc *account) error {
	u, ms, err := s.target(r, acc)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, acc, u, ms, http.StatusOK, nil, Form{})
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, acc *account, u user.User, ms []user.Membership, status int, checked map[user.Role]bool, form Form) error {
	row, err := s.userRow(r.Context(), acc, u)
	if err != nil {
		return err
	}
	p := UserPage{Layout: s.layout(acc, u.Name, pathUsers), Form: form, Account: row, Roles: s.roleChoices(acc, ms, checked),
		WholeAccount: s.wholeAccount(acc, ms) == nil, Version: u.Version}
	switch r.URL.Query().Get("xong") {
	case "vai-tro":
		p.Notice = "Đã lưu vai trò."
	case "vo-hieu-hoa":
		p.Notice = "Đã vô hiệu hoá tài khoản. Các phiên đăng nhập của tài khoản đã kết thúc."
	case "kich-hoat":
		p.Notice = "Đã kích hoạt lại tài khoản."
	case "mo-khoa":
		p.Notice = "Đã mở khoá đăng nhập."
	}
	return s.render(w, status, "user", p)
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	p := UserNewPage{Layout: s.layout(acc, "Thêm người dùng", pathUsers), Roles: s.roleChoices(acc, nil, map[user.Role]bool{user.RoleReporter: true})}
	p.Form.Order = userNewFields
	return s.render(w, http.StatusOK, "user-new", p)
}

var userNewFields = []string{"name", "email", "role"}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, email := clip(r.PostFormValue("name"), user.MaxName+10), clip(r.PostFormValue("email"), user.MaxEmail+10)
	role := user.Role(r.PostFormValue("role"))
	p := UserNewPage{Layout: s.layout(acc, "Thêm người dùng", pathUsers), Name: name, Email: email,
		Roles: s.roleChoices(acc, nil, map[user.Role]bool{role: true})}
	p.Form.Order = userNewFields
	siteID := acc.Site.ID
	if role.PlatformWide() {
		siteID = 0
	}
	if !role.Valid() || !user.CanGrant(acc.Memberships, siteID, role) {
		p.Form.add("role", "Vui lòng chọn một vai trò bạn được phép cấp.")
		return s.render(w, http.StatusUnprocessableEntity, "user-new", p)
	}
	// The store names the new account in the entry it writes with it.
	a := s.auditEntry(r, acc, "user.create", "", map[string]string{"email": email, "role": string(role), "site": strconv.FormatInt(siteID, 10)})
	u, pw, err := s.users.CreateUserOneTime(r.Context(), email, name, role, siteID, a)
	if err != nil {
		if err := formErr(&p.Form, err); err != nil {
			return err
		}
		return s.render(w, http.StatusUnprocessableEntity, "user-new", p)
	}
	return s.render(w, http.StatusOK, "user-password", UserPasswordPage{
		Layout: s.layout(acc, "Đã tạo tài khoản", pathUsers), Heading: "Đã tạo tài khoản",
		Name: u.Name, Email: u.Email, Password: pw, URL: userURL(u.ID), Created: true,
	})
}

// userAction serves the account page's POSTs.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	u, ms, err := s.target(r, acc)
	if err != nil {
		return err
	}
	ctx := r.Context()
	object := "user:" + strconv.FormatInt(u.ID, 10)
	action := r.PathValue("action")
	version := formVersion(r)
	switch action {
	case "vai-tro":
		return s.userRoles(w, r, acc, u, ms, version)
	case "vo-hieu-hoa", "kich-hoat":
		if err := s.wholeAccount(acc, ms); err != nil {
			return err
		}
		disable := action == "vo-hieu-hoa"
		if disable && u.ID == acc.User.ID {
			return apperr.New(apperr.Conflict, "Bạn không thể tự vô hiệu hoá tài khoản của mình.")
		}
		a := "user.enable"
		if disable {
			a = "user.disable"
		}
		err := s.users.SetDisabled(ctx, u.ID, version, disable, s.auditEntry(r, acc, a, object, map[string]string{"email": u.Email}))
		if err != nil {
			return s.userStale(w, r, acc, nil, err)
		}
	case "mo-khoa":
		// A lockout guards the whole account, as disabling does.
		if err := s.wholeAccount(acc, ms); err != nil {
			return err
		}
		if err := s.users.Unlock(ctx, u.ID, s.auditEntry(r, acc, "user.unlock", object, map[string]string{"email": u.Email})); err != nil {
			return err
		}
	case "dat-lai-mat-khau":
		if err := s.wholeAccount(acc, ms); err != nil {
			return err
		}
		if u.ID == acc.User.ID {
			return apperr.New(apperr.Conflict, "Để đổi mật khẩu của chính mình, hãy dùng trang Đổi mật khẩu.")
		}
		pw, err := s.users.ResetPassword(ctx, u.ID, version, s.auditEntry(r, acc, "user.password_reset", object, map[string]string{"email": u.Email}))
		if err != nil {
			return s.userStale(w, r, acc, nil, err)
		}
		return s.render(w, http.StatusOK, "user-password", UserPasswordPage{
			Layout: s.layout(acc, "Đã đặt lại mật khẩu", pathUsers), Heading: "Đã đặt lại mật khẩu",
			Name: u.Name, Email: u.Email, Password: pw, URL: userURL(u.ID),
		})
	default:
		return apperr.New(apperr.NotFound, "Không tìm thấy thao tác này.")
	}
	http.Redirect(w, r, userURL(u.ID)+"?xong="+action, http.StatusSeeOther)
	return nil
}

// userStale shows the account page again, as now stored, when err is
// user.ErrStale (someone changed the account since acc's page was shown):
// 409 with the message, the roles form keeping checked (nil: the stored
// roles). Any other err is returned as is.
func (s *Server) userStale(w http.ResponseWriter, r *http.Request, acc *account, checked map[user.Role]bool, err error) error {
	if !errors.Is(err, user.ErrStale) {
		return err
	}
	u, ms, terr := s.target(r, acc)
	if terr != nil {
		return terr
	}
	return s.renderUser(w, r, acc, u, ms, http.StatusConflict, checked, Form{Alert: apperr.MessageOf(err)})
}

// userRoles sets the account's roles on the site to the checked ones,
// among those acc may grant, if the account is still at version (the
// one its page showed).
func (s *Server) userRoles(w http.ResponseWriter, r *http.Request, acc *account, u user.User, ms []user.Membership, version int64) error {
	ctx := r.Context()
	want := map[user.Role]bool{}
	for _, v := range r.PostForm["role"] {
		role := user.Role(v)
		if !role.Valid() {
			return apperr.New(apperr.Invalid, "Vai trò không hợp lệ.")
		}
		want[role] = true
	}
	// The rules of a role change are the user package's.
	plan, err := user.PlanRoles(acc.User.ID, acc.Memberships, u.ID, ms, acc.Site.ID, want)
	if apperr.Is(err, apperr.Invalid) {
		return s.renderUser(w, r, acc, u, ms, http.StatusUnprocessableEntity, want, Form{Alert: apperr.MessageOf(err)})
	}
	if err != nil {
		return err
	}
	var added, removed []string
	for _, m := range plan.Add {
		added = append(added, string(m.Role))
	}
	for _, m := range plan.Remove {
		removed = append(removed, string(m.Role))
	}
	a := s.auditEntry(r, acc, "user.role", "user:"+strconv.FormatInt(u.ID, 10), map[string]string{
		"email": u.Email, "added": strings.Join(added, ","), "removed": strings.Join(removed, ","),
		"site": strconv.FormatInt(acc.Site.ID, 10),
	})
	// All the changes in one transaction, over the version the form showed.
	err = s.users.SetRoles(ctx, u.ID, version, plan.Add, plan.Remove, a)
	if errors.Is(err, user.ErrStale) {
		return s.userStale(w, r, acc, want, err)
	}
	if apperr.Is(err, apperr.Conflict) {
		return s.renderUser(w, r, acc, u, ms, http.StatusUnprocessableEntity, want, Form{Alert: apperr.MessageOf(err)})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, userURL(u.ID)+"?xong=vai-tro", http.StatusSeeOther)
	return nil
}

// UserRow is an account in the list.
type UserRow struct {
	ID          int64
	URL         string
	Name, Email string
	Roles       []string // labels of the roles on this site (platform-wide included)
	OtherSites  int      // roles on other sites
	Disabled    bool
	LockedUntil When // zero when not locked
	TOTP        bool
	MustChange  bool // still on a one-time password
	Self        bool
}

// State is the account's state in words.
func (u UserRow) State() string {
	var parts []string
	if u.Disabled {
		parts = append(parts, "Đã vô hiệu hoá")
	} else {
		parts = append(parts, "Đang hoạt động")
	}
	if u.LockedUntil.ISO != "" {
		parts = append(parts, fmt.Sprintf("bị khoá đăng nhập đến %s %s", u.LockedUntil.Clock, u.LockedUntil.Date))
	}
	if u.MustChange {
		parts = append(parts, "chưa đổi mật khẩu cấp lần đầu")
	}
	return strings.Join(parts, "; ")
}

// RoleChoice is one role checkbox or radio button.
type RoleChoice struct {
	ID, Value, Label string
	Checked          bool
}

// UserListPage is /quan-tri/nguoi-dung.
type UserListPage struct {
	Layout
	Query    string
	AllSites bool // a platform administrator sees every account
	Rows     []UserRow
	Pager    Pager
}

// UserPage is /quan-tri/nguoi-dung/{id}.
type UserPage struct {
	Layout
	Form
	Account      UserRow // not User: that is Layout's signed-in user
	Roles        []RoleChoice
	WholeAccount bool // may disable and reset the password
	Notice       string
	Version      int64 // the account's edit version, carried by its forms
}

// UserNewPage is /quan-tri/nguoi-dung/moi.
type UserNewPage struct {
	Layout
	Form
	Name, Email string
	Roles       []RoleChoice
}

// UserPasswordPage shows a one-time password, once.
type UserPasswordPage struct {
	Layout
	Heading     string
	Name, Email string
	Password    string
	URL         string
	Created     bool
}
