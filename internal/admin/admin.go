// Package admin is the editors' area under /quan-tri/: signing in (with the
// optional TOTP second factor), signing out, the area's layout and the
// permission checks every later page builds on.
//
// Pages are rendered on the server from the templates of package adminui,
// in Vietnamese, without inline scripts or styles (the CSP forbids them),
// and work without JavaScript on a phone. State-changing requests are
// POSTs; the cross-site check is http.CrossOriginProtection, which the
// program wraps around every handler.
package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/httpx"
	"trangtin/internal/mail"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/rating"
	"trangtin/internal/report"
	"trangtin/internal/schedule"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
	"trangtin/internal/visits"
	"trangtin/ui"
	adminui "trangtin/ui/admin"
)

// Paths of the area.
const (
	pathHome      = "/quan-tri/"
	pathLogin     = "/quan-tri/dang-nhap"
	pathLogout    = "/quan-tri/dang-xuat"
	pathCode      = "/quan-tri/xac-thuc-hai-buoc"
	pathSetup     = "/quan-tri/xac-thuc-hai-buoc/thiet-lap"
	pathPassword  = "/quan-tri/doi-mat-khau"
	pathArticles  = "/quan-tri/bai-viet"
	pathInbox     = "/quan-tri/hop-thu"
	pathCategory  = "/quan-tri/chuyen-muc"
	pathUsers     = "/quan-tri/nguoi-dung"
	pathAuditLog  = "/quan-tri/nhat-ky"
	maxFormBytes  = 64 << 10
	maxAuditEmail = 254
)

// Options are what New builds the editors' area from: the required
// services, then the optional ones (nil leaves their pages out). The
// public site (web.Options) and the API (api.Options) are built the same
// way.
type Options struct {
	Users *user.Service      // required
	Sites *content.Directory // required: the site is picked by the request's host
	Log   *slog.Logger       // nil: discard
	// Policy returns a site's account rules (siteID 0: the platform's, for
	// platform administrators) from a table that cannot fail (tests). nil
	// means Policies, or the zero Policy everywhere when that is nil too.
	Policy func(siteID int64) user.Policy
	// Policies, when set, stores the policies the site information page
	// edits; it also serves as Policy when Policy is nil, and a policy it
	// cannot read makes the request fail with 503.
	Policies *user.Policies
	// ThemeDir is the public site's theme folder (config ThemeDir), so the
	// article preview looks exactly like the public page; "" is the default.
	ThemeDir string
	// Audit, when set, records sign-ins, failed sign-ins, second-factor
	// checks, password changes and sign-outs.
	Audit audit.Store
	// ClientIP returns the client's address; nil uses the host part of
	// r.RemoteAddr, which httpx.RealClient has already set to the visitor's
	// address when the server sits behind a trusted proxy.
	ClientIP func(r *http.Request) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// Content and Newsroom drive the article pages; Media the uploads.
	Content  *content.Service
	Newsroom *newsroom.Service
	Media    *media.Library
	// Documents drives the documents register's pages (/quan-tri/van-ban).
	Documents *document.Service

	// Furniture drives the menu, banner links, home blocks, Giới thiệu,
	// leaders and Tiếp cận thông tin pages.
	Furniture *content.Furniture
	// Schedule and Ratings drive the work schedule and ratings pages;
	// Visits adds the visit figures to the latter.
	Schedule *schedule.Service
	Ratings  *rating.Service
	Visits   *visits.Counter
	// Questions and Consultations drive Hỏi đáp and Lấy ý kiến dự thảo.
	Questions     *question.Service
	Consultations *consultation.Service
	// Contact, when set, lists the messages of the public Liên hệ form.
	Contact *contactform.Service
	// MailPrefs, when set (notices also go by e-mail), lets each user turn
	// the e-mail copy off from the inbox.
	MailPrefs mail.Prefs
	// Report, when set, gives the monthly report (/quan-tri/bao-cao).
	Report report.Store
	// Platform drives the platform area (/quan-tri/nen-tang, platform.go);
	// nil leaves it out.
	Platform *Platform
	// Syndication, when set, adds the offers between a site and its
	// parent (/quan-tri/lien-thong, syndication.go).
	Syndication *syndication.Service
}

// Server is the editors' area.
type Server struct {
	users    *user.Service
	sites    *content.Directory
	log      *slog.Logger
	policy   func(int64) (user.Policy, error)
	audit    audit.Store
	clientIP func(*http.Request) string
	now      func() time.Time
	views    *ui.UI
	adapt    httpx.Adapter
	content  *content.Service
	newsroom *newsroom.Service
	media    *media.Library
	docs     *document.Service
	furn     *content.Furniture
	schedule *schedule.Service
	ratings  *rating.Service
	visits   *visits.Counter
	policies *user.Policies
	themeDir string
	chain    chainCheck // the audit log's last verification (audit_log.go)

	questions     *question.Service
	consultations *consultation.Service
	contact       *contactform.Service
	personalData  func(acc *account) bool // nil: the user's ActionPersonalDataView
	mailPrefs     mail.Prefs              // nil: no e-mail
	platform      *Platform               // nil: no platform area
	syn           *syndication.Service    // nil: no syndication pages
	report        report.Store            // nil: no monthly report
}

// New checks the options and parses the area's templates; it fails when
// a required service is missing.
func New(d Options) (*Server, error) {
	if d.Users == nil || d.Sites == nil {
		return nil, errors.New("admin: Options.Users and Sites are required")
	}
	s := &Server{users: d.Users, sites: d.Sites, log: d.Log, audit: d.Audit, clientIP: d.ClientIP, now: d.Now,
		content: d.Content, newsroom: d.Newsroom, media: d.Media, furn: d.Furniture, policies: d.Policies, themeDir: d.ThemeDir}
	s.docs = d.Documents
	s.schedule, s.ratings, s.visits = d.Schedule, d.Ratings, d.Visits
	s.questions, s.consultations, s.contact = d.Questions, d.Consultations, d.Contact
	s.mailPrefs = d.MailPrefs
	if p := d.Platform; p != nil {
		if p.Sites == nil || p.Store == nil || p.Health == nil {
			return nil, errors.New("admin: Options.Platform needs Sites, Store and Health")
		}
		s.platform = p
	}
	s.syn = d.Syndication
	s.report = d.Report
	switch {
	case d.Policy != nil:
		s.policy = func(id int64) (user.Policy, error) { return d.Policy(id), nil }
	case s.policies != nil:
		s.policy = s.policies.Get
	default:
		s.policy = func(int64) (user.Policy, error) { return user.Policy{}, nil }
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.clientIP == nil {
		s.clientIP = remoteIP
	}
	if s.now == nil {
		s.now = time.Now
	}
	v, err := loadViews(adminui.FS(), nil)
	if err != nil {
		return nil, err
	}
	s.views = v
	s.adapt = httpx.Adapter{Log: s.log, Render: s.renderError}
	return s, nil
}

// Adapter renders errors as the area's Vietnamese error page.
func (s *Server) Adapter() httpx.Adapter { return s.adapt }

// Handler serves /quan-tri/…; mount it on "/quan-tri/".
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+staticPrefix, s.views.ServeAsset)

	mux.Handle("GET "+pathLogin, s.adapt.Handle(s.loginForm))
	mux.Handle("POST "+pathLogin, s.adapt.Handle(s.login))
	mux.Handle("POST "+pathLogout, s.adapt.Handle(s.logout))

	mux.Handle("GET "+pathCode, s.withAccount(s.codeForm))
	mux.Handle("POST "+pathCode, s.withAccount(s.verifyCode))
	mux.Handle("GET "+pathSetup, s.withAccount(s.setupForm))
	mux.Handle("POST "+pathSetup, s.withAccount(s.setup))
	mux.Handle("GET "+pathPassword, s.withAccount(s.passwordForm))
	mux.Handle("POST "+pathPassword, s.withAccount(s.changePassword))

	mux.Handle("GET /quan-tri/{$}", s.requireUser(s.adapt.Handle(s.dashboard)))
	s.registerFurniture(mux)
	s.registerIdentity(mux)
	s.registerEngagement(mux)
	s.registerSiteAdmin(mux)
	s.registerPlatform(mux)
	s.registerSwitch(mux)
	s.registerSyndication(mux)
	s.registerContact(mux)
	s.registerUnits(mux)
	s.registerReport(mux)
	if s.media != nil {
		s.registerLibrary(mux)
		s.registerLibraryVideo(mux)
	}
	s.registerWordImport(mux)
	for _, sec := range sections {
		if claimed(mux, sec.path) {
			continue // served by its module
		}
		if (sec.path == pathArticles || sec.path == pathInbox) && s.content != nil && s.newsroom != nil {
			continue // served by registerArticles
		}
		if sec.path == pathDocuments && s.docs != nil {
			continue // served by registerDocuments
		}
		if sec.path == pathQuestions && s.questions != nil || sec.path == pathConsultations && s.consultations != nil {
			continue // served by registerQuestions
		}
		mux.Handle("GET "+sec.path, s.requireUser(s.requireCan(sec.action, s.adapt.Handle(s.section(sec)))))
	}
	s.registerArticles(mux)
	s.registerMedia(mux)
	s.registerDocuments(mux)
	s.registerQuestions(mux)
	mux.Handle("/quan-tri/", s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return apperr.New(apperr.NotFound, "Không tìm thấy trang bạn yêu cầu trong khu vực quản trị.")
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, staticPrefix) {
			// Pages of the area are personal: never cached, never indexed.
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		}
		mux.ServeHTTP(w, r)
	})
}

// siteFor picks the site by the request's host, or the default site.
func (s *Server) siteFor(r *http.Request) (*content.Site, error) { return s.sites.ForHost(r.Host) }

// render executes a page into memory, then writes it with status, so a
// template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := s.views.Page(name)
	if !ok {
		return fmt.Errorf("admin: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderError shows a Vietnamese error page, inside the area's layout with
// its navigation when the user is signed in.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	heading := "Đã có lỗi xảy ra"
	switch status {
	case http.StatusForbidden:
		heading = "Không có quyền truy cập"
	case http.StatusNotFound:
		heading = "Không tìm thấy trang"
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		heading = "Yêu cầu chưa hợp lệ"
	case http.StatusTooManyRequests:
		heading = "Vui lòng thử lại sau"
	case http.StatusRequestEntityTooLarge:
		heading = "Dữ liệu gửi lên quá lớn"
	case http.StatusServiceUnavailable:
		heading = "Hệ thống đang bận"
	}
	w.Header().Set("Cache-Control", "no-store")
	var l Layout
	if acc := accountFrom(r.Context()); acc != nil {
		l = s.layout(acc, heading, "")
	} else if site, err := s.siteFor(r); err == nil {
		l = Layout{Title: heading, Site: *site}
	} else {
		l = Layout{Title: heading, Site: content.Site{Name: "Trang thông tin điện tử"}}
	}
	if err := s.render(w, status, "error", ErrorPage{Layout: l, Heading: heading, Message: msg}); err != nil {
		s.log.Error("render error page", "id", httpx.RequestID(w), "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%s\n%s\n", heading, msg)
	}
}

// parseForm reads a POSTed form, turning a body past the program's limit
// into apperr.TooLarge and text that is not UTF-8 into apperr.Invalid
// (httpx.CheckFormUTF8: the values are repaired, for a form shown again).
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		if httpx.IsTooLarge(err) {
			return apperr.Wrap(apperr.TooLarge, "", err)
		}
		return apperr.Wrap(apperr.Invalid, "Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.", err)
	}
	return httpx.CheckFormUTF8(r)
}

func remoteIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// record appends to the audit log when there is one. A failure to record
// is logged as an error but does not undo what was done: the sign-in
// itself changed nothing that the log would have to explain.
func (s *Server) record(r *http.Request, siteID int64, u user.User, action string, detail map[string]string) {
	if s.audit == nil {
		return
	}
	e := audit.Entry{
		At:      s.now(),
		SiteID:  siteID,
		ActorID: u.ID,
		Actor:   u.Email,
		IP:      s.clientIP(r),
		Action:  action,
		Detail:  detail,
	}
	if u.ID != 0 {
		e.Object = "user:" + strconv.FormatInt(u.ID, 10)
	}
	// The request may be cancelled by the browser once the answer is
	// written; the entry must be kept anyway.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := s.audit.AppendAudit(ctx, &e); err != nil {
		s.log.ErrorContext(ctx, "audit append failed", "method", r.Method, "path", r.URL.Path, "action", action, "err", err)
	}
}

// clip keeps at most n characters of valid UTF-8.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
