package admin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// The audit log viewer, /quan-tri/nhat-ky: newest first, paged, filtered
// by action, actor and date range (Vietnam dates, both ends included). A
// site administrator sees the entries of their site; a platform
// administrator every entry, the platform's own included. The page also
// says whether the hash chain holds (audit.Verify over the whole log).

const auditPerPage = 50

// auditActions are the actions the filter offers, with their Vietnamese
// names; a value ending in "." selects every action of that group.
var auditActions = []Option{
	{Value: "login.", Label: "Đăng nhập (mọi loại)"},
	{Value: "login.ok", Label: "Đăng nhập thành công"},
	{Value: "login.fail", Label: "Đăng nhập thất bại"},
	{Value: "logout", Label: "Đăng xuất"},
	{Value: "password.", Label: "Đổi mật khẩu"},
	{Value: "user.", Label: "Tài khoản và phân quyền (mọi loại)"},
	{Value: "user.create", Label: "Tạo tài khoản"},
	{Value: "user.role", Label: "Thay đổi vai trò"},
	{Value: "user.disable", Label: "Vô hiệu hoá tài khoản"},
	{Value: "user.enable", Label: "Kích hoạt lại tài khoản"},
	{Value: "user.unlock", Label: "Mở khoá đăng nhập"},
	{Value: "user.password_reset", Label: "Đặt lại mật khẩu"},
	{Value: "site.", Label: "Thông tin trang và chính sách (mọi loại)"},
	{Value: "site.settings", Label: "Sửa thông tin trang"},
	{Value: "site.policy", Label: "Đổi chính sách tài khoản"},
	{Value: "category.", Label: "Chuyên mục (mọi thao tác)"},
	{Value: "category.create", Label: "Tạo chuyên mục"},
	{Value: "category.update", Label: "Sửa chuyên mục"},
	{Value: "category.reorder", Label: "Đổi thứ tự chuyên mục"},
	{Value: "category.delete", Label: "Xóa chuyên mục"},
	{Value: "article.", Label: "Bài viết (mọi thao tác)"},
	{Value: "article.publish", Label: "Đăng bài"},
	{Value: "article.force_publish", Label: "Đăng bắt buộc"},
	{Value: "article.publish_own", Label: "Tự duyệt và đăng bài của mình"},
	{Value: "article.quick_fix", Label: "Sửa nhanh bài đang đăng"},
	{Value: "article.withdraw", Label: "Gỡ bỏ bài"},
	{Value: "media.", Label: "Ảnh và tệp"},
}

func (s *Server) registerAuditLog(mux *http.ServeMux) {
	s.adminPage(mux, "GET "+pathAuditLog, user.ActionAuditView, s.auditLog)
	s.adminPage(mux, "GET "+pathAuditLog+"/{$}", user.ActionAuditView, s.auditLog)
}

// readAuditFilter reads the log's filter from the query into p (the form,
// with its errors) and returns it as an audit.Filter: an editor sees their
// site's entries, a platform administrator everyone's.
func readAuditFilter(p *AuditLogPage, q url.Values, acc *account) audit.Filter {
	f := audit.Filter{Limit: auditPerPage}
	if !p.AllSites {
		f.SiteID = acc.Site.ID
	}
	p.Action = q.Get("thao-tac")
	if p.Action != "" && !slices.ContainsFunc(auditActions, func(o Option) bool { return o.Value == p.Action }) {
		p.Action = ""
	}
	f.Action = p.Action
	p.Actor = strings.TrimSpace(clip(q.Get("nguoi"), 100))
	f.Actor = p.Actor
	p.From, p.To = strings.TrimSpace(q.Get("tu-ngay")), strings.TrimSpace(q.Get("den-ngay"))
	// A day as people write it (10/03/2026), or ISO (2026-03-10) as old
	// links have it, in Vietnam time.
	if p.From != "" {
		if d, err := vi.ParseDay(p.From); err != nil {
			p.Form.add("tu-ngay", vi.FieldMessage("Từ ngày", p.From, err))
		} else {
			f.From = d.Start()
		}
	}
	if p.To != "" {
		if d, err := vi.ParseDay(p.To); err != nil {
			p.Form.add("den-ngay", vi.FieldMessage("Đến ngày", p.To, err))
		} else {
			f.To = d.AddDays(1).Start() // the whole last day
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		p.Form.add("den-ngay", "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")
	}
	return f
}

// auditRow is e as the log shows it; names are the sites' names, shown
// when allSites.
func auditRow(e audit.Entry, names map[int64]string, allSites bool) AuditRow {
	row := AuditRow{ID: e.ID, At: when(e.At), Actor: e.Actor, IP: e.IP, Action: actionLabel(e.Action), Object: e.Object}
	if row.Actor == "" {
		row.Actor = "Hệ thống"
	}
	if allSites {
		switch {
		case e.SiteID == 0:
			row.Site = "Toàn hệ thống"
		case names[e.SiteID] != "":
			row.Site = names[e.SiteID]
		default:
			row.Site = "Trang số " + strconv.FormatInt(e.SiteID, 10)
		}
	}
	keys := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if e.Detail[k] != "" {
			row.Detail = append(row.Detail, Fact{Label: auditDetailLabel(k), Value: auditDetailValue(k, e.Detail[k])})
		}
	}
	return row
}

// auditPageURL is page n of the log under p's filter.
func auditPageURL(p *AuditLogPage, n int) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"thao-tac", p.Action}, {"nguoi", p.Actor}, {"tu-ngay", p.From}, {"den-ngay", p.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if n > 1 {
		v.Set("trang", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return pathAuditLog
	}
	return pathAuditLog + "?" + v.Encode()
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, acc *account) error {
	finder, ok := s.audit.(audit.Finder)
	if s.audit == nil || !ok {
		return apperr.New(apperr.Unavailable, "Nhật ký chưa được cấu hình trên máy chủ này.")
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := AuditLogPage{Layout: s.layout(acc, "Nhật ký", pathAuditLog), AllSites: isPlatformAdmin(acc.Memberships)}
	p.Form.Order = []string{"tu-ngay", "den-ngay"}
	f := readAuditFilter(&p, q, acc)
	p.Actions = append([]Option{{Value: "", Label: "Mọi thao tác", Selected: p.Action == ""}}, auditActions...)
	for i := range p.Actions {
		p.Actions[i].Selected = p.Actions[i].Value == p.Action
	}
	p.Filtered = p.Action != "" || p.Actor != "" || p.From != "" || p.To != ""

	status := http.StatusOK
	pageNo, _ := strconv.Atoi(q.Get("trang"))
	pageNo = max(pageNo, 1)
	if !p.Form.OK() {
		status = http.StatusBadRequest
	} else {
		f.Offset = (pageNo - 1) * auditPerPage
		entries, total, err := finder.FindAudit(ctx, f)
		if err != nil {
			return err
		}
		p.Total = total
		pages := max((total+auditPerPage-1)/auditPerPage, 1)
		p.Pager = Pager{Page: pageNo, Pages: pages}
		names := map[int64]string{}
		if p.AllSites && s.content != nil {
			if sites, err := s.content.Store().FindSites(ctx); err == nil {
				for _, st := range sites {
					names[st.ID] = st.Name
				}
			}
		}
		for _, e := range entries {
			row := auditRow(e, names, p.AllSites)
			p.Rows = append(p.Rows, row)
		}
		if pageNo > 1 {
			p.Pager.PrevURL = auditPageURL(&p, pageNo-1)
		}
		if pageNo < pages {
			p.Pager.NextURL = auditPageURL(&p, pageNo+1)
		}
	}

	var err error
	if p.Checked, p.Problem, err = s.chain.verify(ctx, s.audit, s.now()); err != nil {
		return err
	}
	return s.render(w, status, "audit-log", p)
}

// chainVerifyEvery is how long a verification of the whole log is reused:
// walking a large log on every view of the page would be slow.
const chainVerifyEvery = time.Minute

// chainCheck remembers the last verification of the audit log's chain.
type chainCheck struct {
	mu      sync.Mutex
	at      time.Time
	checked int64
	problem string
}

// verify returns the chain's state, verifying it again when the last
// check is older than chainVerifyEvery or found a problem.
func (c *chainCheck) verify(ctx context.Context, s audit.Store, now time.Time) (int64, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && c.problem == "" && now.Sub(c.at) < chainVerifyEvery {
		return c.checked, c.problem, nil
	}
	checked, problem, err := audit.Verify(ctx, s)
	if err != nil {
		return 0, "", err
	}
	c.at, c.checked, c.problem = now, checked, ""
	if problem != nil {
		c.problem = problem.Error()
	}
	return c.checked, c.problem, nil
}

// Fact is a labelled value.
type Fact struct{ Label, Value string }

// AuditRow is one entry of the log.
type AuditRow struct {
	ID     int64
	At     When
	Site   string // only for platform administrators
	Actor  string
	IP     string
	Action string
	Object string
	Detail []Fact
}

// AuditLogPage is /quan-tri/nhat-ky.
type AuditLogPage struct {
	Layout
	Form
	AllSites bool
	Actions  []Option
	Action   string
	Actor    string
	From, To string // as typed, YYYY-MM-DD
	Filtered bool
	Total    int
	Rows     []AuditRow
	Pager    Pager
	Checked  int64  // entries the chain check walked
	Problem  string // the first problem found, "" when the chain holds
}
