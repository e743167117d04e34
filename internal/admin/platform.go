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
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/mail"
	"trangtin/internal/sitemerge"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// The platform area, /quan-tri/nen-tang, for platform administrators
// only: every site with its health at a glance (and as CSV), a new site
// with its first administrator, a site's name, kind, parent and hosts,
// archiving and reopening, merging. Every action goes through the same
// services as the command line (content.Sites, sitemerge, user's
// MakeSiteAdmin), each writing its audit entry in the transaction of the
// change.

const (
	pathPlatform      = "/quan-tri/nen-tang"
	pathPlatformNew   = pathPlatform + "/them"
	pathPlatformCSV   = pathPlatform + "/tuan-thu.csv"
	pathPlatformMerge = pathPlatform + "/sap-nhap"
	pathPlatformSite  = pathPlatform + "/trang/"
	platformPageSize  = 50
	maxPlatformQuery  = 100
)

// Platform is what the platform area works with; nil in Options leaves
// the area out.
type Platform struct {
	Sites  *content.Sites           // required: creates and changes sites
	Store  content.SiteStore        // required: reads the sites and their hosts
	Health content.HealthStore      // required: the figures of every site
	Merge  *sitemerge.Service       // nil: no merging from the area
	Mail   mail.Queue               // nil: no e-mail; a new administrator's one-time password is shown once
	Backup func() (time.Time, bool) // the last good backup; nil: the server makes none
}

// msgPlatformOnly is the answer to anyone else.
const msgPlatformOnly = "Khu vực nền tảng chỉ dành cho quản trị viên nền tảng (quản trị toàn hệ thống). Nếu bạn cần quản lý các trang thông tin, hãy liên hệ quản trị viên nền tảng."

// platformPage registers a page of the area behind sign-in and the
// platform administrator's role.
func (s *Server) platformPage(mux *http.ServeMux, pattern string, h func(http.ResponseWriter, *http.Request, *account) error) {
	mux.Handle(pattern, s.requireUser(s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		acc := accountFrom(r.Context())
		if acc == nil || !isPlatformAdmin(acc.Memberships) {
			return apperr.New(apperr.Forbidden, msgPlatformOnly)
		}
		return h(w, r, acc)
	})))
}

func (s *Server) registerPlatform(mux *http.ServeMux) {
	if s.platform == nil {
		return
	}
	s.platformPage(mux, "GET "+pathPlatform, s.platformList)
	s.platformPage(mux, "GET "+pathPlatformCSV, s.platformCSV)
	s.platformPage(mux, "GET "+pathPlatformNew, s.platformNewForm)
	s.platformPage(mux, "POST "+pathPlatformNew, s.platformCreate)
	s.platformPage(mux, "GET "+pathPlatformSite+"{key}", s.platformSite)
	s.platformPage(mux, "POST "+pathPlatformSite+"{key}", s.platformSiteForm(s.platformEdit))
	s.platformPage(mux, "POST "+pathPlatformSite+"{key}/ten-mien", s.platformSiteForm(s.platformHostAdd))
	s.platformPage(mux, "POST "+pathPlatformSite+"{key}/ten-mien/go", s.platformSiteForm(s.platformHostRemove))
	s.platformPage(mux, "POST "+pathPlatformSite+"{key}/luu-tru", s.platformSiteForm(s.platformArchive))
	s.platformPage(mux, "POST "+pathPlatformSite+"{key}/mo-lai", s.platformSiteForm(s.platformReopen))
	if s.platform.Merge != nil {
		s.platformPage(mux, "GET "+pathPlatformMerge, s.platformMergeForm)
		s.platformPage(mux, "POST "+pathPlatformMerge, s.platformMerge)
	}
}

// platformActor is the audit template of a platform action: who and from
// where; the services fill in the action, the site and the details.
func (s *Server) platformActor(r *http.Request, acc *account) audit.Entry {
	return audit.Entry{At: s.now(), ActorID: acc.User.ID, Actor: acc.User.Email, IP: s.clientIP(r)}
}

// platformSites reads every site (fresh from the store, not the
// directory's copy) with its aliases, by ID and by key.
type platformSites struct {
	all     []content.Site
	byID    map[int64]*content.Site
	byKey   map[string]*content.Site
	aliases map[int64][]string
}

func (s *Server) loadPlatformSites(ctx context.Context) (*platformSites, error) {
	all, err := s.platform.Store.FindSites(ctx)
	if err != nil {
		return nil, err
	}
	hosts, err := s.platform.Store.FindSiteAliases(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b content.Site) int { return strings.Compare(a.Key, b.Key) })
	p := &platformSites{all: all, byID: map[int64]*content.Site{}, byKey: map[string]*content.Site{}, aliases: map[int64][]string{}}
	for i := range all {
		p.byID[all[i].ID], p.byKey[all[i].Key] = &all[i], &all[i]
	}
	for _, h := range hosts {
		p.aliases[h.SiteID] = append(p.aliases[h.SiteID], h.Host)
	}
	return p, nil
}

func (p *platformSites) name(id int64) string {
	if s := p.byID[id]; s != nil {
		return s.Name
	}
	return ""
}

// siteOptions lists the sites as choices, first "none" (label empty: no
// first choice), the site skip left out.
func (p *platformSites) siteOptions(first, selected string, skip int64, keep func(*content.Site) bool) []Option {
	var out []Option
	if first != "" {
		out = append(out, Option{Value: "", Label: first, Selected: selected == ""})
	}
	for i := range p.all {
		st := &p.all[i]
		if st.ID == skip || keep != nil && !keep(st) {
			continue
		}
		out = append(out, Option{Value: st.Key, Label: st.Name + " (" + st.Key + ")", Selected: st.Key == selected})
	}
	return out
}

func kindOptions(first, selected string) []Option {
	var out []Option
	if first != "" {
		out = append(out, Option{Value: "", Label: first, Selected: selected == ""})
	}
	for _, k := range content.Kinds {
		out = append(out, Option{Value: string(k), Label: k.Label(), Selected: string(k) == selected})
	}
	return out
}

var platformStates = []content.State{content.StateActive, content.StateArchived, content.StateMerged}

// platformFilter is the list's filter, every value checked.
type platformFilter struct {
	Kind   content.Kind
	Parent string // a site's key; "" any
	State  content.State
	Query  string
	Page   int
}

func parsePlatformFilter(q url.Values, sites *platformSites) (platformFilter, error) {
	f := platformFilter{Page: 1}
	bad := func(msg string) (platformFilter, error) {
		return platformFilter{}, apperr.New(apperr.Invalid, msg+" Hãy chọn lại trong bộ lọc của trang Nền tảng.")
	}
	if v := q.Get("loai"); v != "" {
		k, err := content.ParseKind(v)
		if err != nil {
			return bad(fmt.Sprintf("Loại trang %q không có.", clip(v, 40)))
		}
		f.Kind = k
	}
	if v := q.Get("cap-tren"); v != "" {
		if sites.byKey[v] == nil {
			return bad(fmt.Sprintf("Không có trang cấp trên mã %q.", clip(v, 40)))
		}
		f.Parent = v
	}
	if v := q.Get("trang-thai"); v != "" {
		if !slices.Contains(platformStates, content.State(v)) {
			return bad(fmt.Sprintf("Trạng thái %q không có.", clip(v, 40)))
		}
		f.State = content.State(v)
	}
	f.Query = strings.Join(strings.Fields(strings.ToValidUTF8(q.Get("q"), "")), " ")
	if utf8.RuneCountInString(f.Query) > maxPlatformQuery {
		return bad(fmt.Sprintf("Từ khoá tìm kiếm dài quá %d ký tự.", maxPlatformQuery))
	}
	if v := q.Get("trang"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return bad("Số trang của danh sách không hợp lệ.")
		}
		f.Page = n
	}
	return f, nil
}

// query is the filter as a URL query, page p (0: none).
func (f platformFilter) query(p int) url.Values {
	v := url.Values{}
	if f.Kind != "" {
		v.Set("loai", string(f.Kind))
	}
	if f.Parent != "" {
		v.Set("cap-tren", f.Parent)
	}
	if f.State != "" {
		v.Set("trang-thai", string(f.State))
	}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if p > 1 {
		v.Set("trang", strconv.Itoa(p))
	}
	return v
}

func (f platformFilter) match(st *content.Site, aliases []string) bool {
	switch {
	case f.Kind != "" && st.Kind != f.Kind, f.State != "" && st.State != f.State:
		return false
	}
	if f.Query == "" {
		return true
	}
	q := vi.Fold(f.Query)
	for _, t := range append([]string{st.Key, st.Name, st.Host}, aliases...) {
		if strings.Contains(vi.Fold(t), q) {
			return true
		}
	}
	return false
}

// PlatformRow is one site of the list, with its health.
type PlatformRow struct {
	Key, Name, Kind, State, Host string
	Parent                       string // the parent's name
	URL                          string // the site's page in the area
	Public                       string // the site's public home page
	Archived, Merged             bool
	LastPublished                string // "" when nothing published
	LastPublishedISO             string
	ThisMonth                    int
	OverdueQuestions             int
	OverdueScheduled             int
	Missing                      []string // required footer fields left empty
	Storage                      string
	StorageBytes                 int64
}

// Problems counts what needs attention.
func (r PlatformRow) Problems() bool {
	return r.OverdueQuestions > 0 || r.OverdueScheduled > 0 || len(r.Missing) > 0
}

// PlatformListPage is /quan-tri/nen-tang.
type PlatformListPage struct {
	Layout
	Kinds, Parents, States []Option
	Query                  string
	Rows                   []PlatformRow
	Total, All             int // rows matching, sites in all
	Month                  string
	Backup                 string
	CSVURL                 string
	Pager                  Pager
	CanMerge               bool
}

// platformRows reads the sites matching f with their health: four
// grouped queries whatever the number of sites.
func (s *Server) platformRows(r *http.Request, sites *platformSites, f platformFilter) ([]PlatformRow, error) {
	now := s.now()
	local := now.In(vi.Zone)
	since := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, vi.Zone)
	health, err := s.platform.Health.SitesHealth(r.Context(), now, since)
	if err != nil {
		return nil, err
	}
	scheme := httpx.Scheme(r)
	var rows []PlatformRow
	for i := range sites.all {
		st := &sites.all[i]
		if f.Parent != "" && (sites.byID[st.ParentID] == nil || sites.byID[st.ParentID].Key != f.Parent) {
			continue
		}
		if !f.match(st, sites.aliases[st.ID]) {
			continue
		}
		h := health[st.ID]
		row := PlatformRow{Key: st.Key, Name: st.Name, Kind: st.Kind.Label(), State: st.State.Label(), Host: st.Host,
			Parent: sites.name(st.ParentID), URL: pathPlatformSite + url.PathEscape(st.Key), Public: s.sites.Origin(st, scheme) + "/",
			Archived: st.State == content.StateArchived, Merged: st.State == content.StateMerged,
			ThisMonth: h.PublishedSince, OverdueQuestions: h.OverdueQuestions, OverdueScheduled: h.OverdueScheduled,
			Storage: formatBytes(h.MediaBytes), StorageBytes: h.MediaBytes}
		if !h.LastPublished.IsZero() {
			t := h.LastPublished.In(vi.Zone)
			row.LastPublished, row.LastPublishedISO = t.Format("02/01/2006 15:04"), t.Format(time.RFC3339)
		}
		for _, m := range content.MissingFooter(st) {
			row.Missing = append(row.Missing, m.Label)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// backupLine is the last backup as the list and the CSV show it.
func (s *Server) backupLine() string {
	if s.platform.Backup == nil {
		return "chưa có (máy chủ này không tự sao lưu: chưa đặt --backup-dir)"
	}
	at, ok := s.platform.Backup()
	if !ok {
		return "chưa có"
	}
	return at.In(vi.Zone).Format("02/01/2006 15:04")
}

func (s *Server) platformList(w http.ResponseWriter, r *http.Request, acc *account) error {
	sites, err := s.loadPlatformSites(r.Context())
	if err != nil {
		return err
	}
	f, err := parsePlatformFilter(r.URL.Query(), sites)
	if err != nil {
		return err
	}
	rows, err := s.platformRows(r, sites, f)
	if err != nil {
		return err
	}
	p := PlatformListPage{Layout: s.layout(acc, "Nền tảng: các trang thông tin", pathPlatform),
		Kinds: kindOptions("Mọi loại", string(f.Kind)), Query: f.Query, Total: len(rows), All: len(sites.all),
		Parents: sites.siteOptions("Mọi trang cấp trên", f.Parent, 0, nil), Backup: s.backupLine(), CanMerge: s.platform.Merge != nil}
	p.States = append(p.States, Option{Value: "", Label: "Mọi trạng thái", Selected: f.State == ""})
	for _, st := range platformStates {
		p.States = append(p.States, Option{Value: string(st), Label: st.Label(), Selected: st == f.State})
	}
	local := s.now().In(vi.Zone)
	p.Month = fmt.Sprintf("tháng %d/%d", local.Month(), local.Year())
	csvQuery := f.query(0)
	p.CSVURL = pathPlatformCSV
	if len(csvQuery) > 0 {
		p.CSVURL += "?" + csvQuery.Encode()
	}
	pages := max(1, (len(rows)+platformPageSize-1)/platformPageSize)
	page := min(f.Page, pages)
	p.Pager = Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Pager.PrevURL = pathPlatform + "?" + f.query(page-1).Encode()
	}
	if page < pages {
		p.Pager.NextURL = pathPlatform + "?" + f.query(page+1).Encode()
	}
	p.Rows = rows[(page-1)*platformPageSize : min(len(rows), page*platformPageSize)]
	return s.render(w, http.StatusOK, "platform", p)
}

// formatBytes writes a size the Vietnamese way: "1,5 MB".
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1) + " " + [...]string{"KB", "MB", "GB", "TB"}[i]
}

// siteFormErr puts a site rule's error on the form f: its fields, else
// the alert; NotFound (an unknown parent or successor) is input too. Any
// other error is returned.
func siteFormErr(f *Form, err error) error {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code {
	case apperr.Invalid, apperr.Conflict, apperr.NotFound:
	default:
		return err
	}
	for _, name := range f.Order {
		if msg, ok := e.Fields[name]; ok {
			f.add(name, msg)
		}
	}
	if len(f.Errors) == 0 {
		f.Alert = e.Message
	}
	return nil
}

// formText is a posted field, spaces collapsed, at most n characters.
func formText(r *http.Request, name string, n int) string {
	return clip(strings.Join(strings.Fields(strings.ToValidUTF8(r.PostFormValue(name), "")), " "), n)
}

// PlatformNewPage is the new site form, /quan-tri/nen-tang/them.
type PlatformNewPage struct {
	Layout
	Form
	Key, Name, Kind, Parent, Host, AdminEmail string
	Kinds, Parents                            []Option
	MailOn                                    bool
}

var platformNewFields = []string{"key", "name", "kind", "parent", "host", "email"}

func (s *Server) platformNewPage(acc *account, sites *platformSites, p PlatformNewPage) PlatformNewPage {
	p.Layout = s.layout(acc, "Tạo trang thông tin mới", pathPlatform)
	p.Form.Order = platformNewFields
	p.Kinds = kindOptions("", p.Kind)
	p.Parents = sites.siteOptions("Không có trang cấp trên", p.Parent, 0, func(st *content.Site) bool { return st.State != content.StateMerged })
	p.MailOn = s.platform.Mail != nil
	return p
}

func (s *Server) platformNewForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	sites, err := s.loadPlatformSites(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "platform-new", s.platformNewPage(acc, sites, PlatformNewPage{Kind: string(content.KindCommune)}))
}

// PlatformCreatedPage is the answer to a site created.
type PlatformCreatedPage struct {
	Layout
	Created    content.Site // the new site (not Site: that is the layout's, the site of the area)
	Public     string       // its home page
	Login      string       // its sign-in page
	AdminEmail string
	Existing   bool   // the account existed: it got the role
	Mailed     bool   // the one-time password went by the mail queue
	Password   string // shown once when not mailed
	MailFailed bool   // queueing failed: shown instead
}

func (s *Server) platformCreate(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	sites, err := s.loadPlatformSites(ctx)
	if err != nil {
		return err
	}
	p := PlatformNewPage{Key: formText(r, "key", 100), Name: formText(r, "name", 300), Kind: formText(r, "kind", 20),
		Parent: formText(r, "parent", 100), Host: formText(r, "host", 300), AdminEmail: formText(r, "email", maxAuditEmail+10)}
	p = s.platformNewPage(acc, sites, p)
	again := func(err error) error {
		if err := siteFormErr(&p.Form, err); err != nil {
			return err
		}
		return s.render(w, http.StatusUnprocessableEntity, "platform-new", p)
	}
	// Checked first: a bad address must not leave a site without its
	// administrator.
	email := ""
	if p.AdminEmail != "" {
		if email, err = user.NormalizeEmail(p.AdminEmail); err != nil {
			return again(err)
		}
	}
	kind, err := content.ParseKind(p.Kind)
	if err != nil {
		return again(err)
	}
	site := &content.Site{Key: p.Key, Name: p.Name, Kind: kind, Host: p.Host}
	if err := s.platform.Sites.Add(ctx, []content.NewSite{{Site: site, ParentKey: p.Parent}}, s.platformActor(r, acc)); err != nil {
		return again(err)
	}
	if err := s.sites.Refresh(ctx); err != nil {
		s.log.ErrorContext(ctx, "refresh sites", "err", err)
	}
	scheme := httpx.Scheme(r)
	out := PlatformCreatedPage{Layout: s.layout(acc, "Đã tạo trang thông tin", pathPlatform), Created: *site,
		Public: s.sites.Origin(site, scheme) + "/", Login: s.sites.Origin(site, scheme) + pathLogin, AdminEmail: email}
	if email != "" {
		a := s.platformActor(r, acc)
		u, pw, err := s.users.MakeSiteAdmin(ctx, email, "Quản trị "+site.Name, site.ID, &a)
		if err != nil {
			return fmt.Errorf("trang %s đã được tạo nhưng chưa giao được quản trị cho %s: %w", site.Key, email, err)
		}
		out.Existing = pw == ""
		if pw != "" && s.platform.Mail != nil {
			err := s.platform.Mail.QueueLetter(ctx, mail.Letter{SiteID: site.ID, UserID: u.ID,
				Message: "Tài khoản quản trị " + site.Name, Body: firstAdminLetter(u, site, out.Login, pw)})
			if err == nil {
				out.Mailed = true
			} else {
				s.log.ErrorContext(ctx, "queue the new administrator's letter", "site", site.Key, "err", err)
				out.MailFailed = true
			}
		}
		if pw != "" && !out.Mailed {
			out.Password = pw
		}
	}
	return s.render(w, http.StatusCreated, "platform-created", out)
}

// firstAdminLetter is the e-mail a new site's first administrator gets.
func firstAdminLetter(u user.User, site *content.Site, login, password string) string {
	return fmt.Sprintf(`Kính gửi %s,

Anh/chị được giao quản trị %s (%s).

Đăng nhập tại: %s
Thư điện tử: %s
Mật khẩu dùng một lần: %s

Mật khẩu này chỉ dùng cho lần đăng nhập đầu tiên: hệ thống sẽ yêu cầu anh/chị đặt mật khẩu mới ngay sau khi đăng nhập. Nếu anh/chị không chờ thư này, vui lòng báo cho quản trị viên nền tảng.

Thư này được gửi tự động; vui lòng không trả lời thư này.
`, u.Name, site.Name, site.Host, login, u.Email, password)
}
