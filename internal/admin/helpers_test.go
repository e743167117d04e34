package admin

import (
	"context"
	"crypto/tls"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/user"
	adminui "trangtin/ui/admin"
)

const testPassword = "Sáng nay trời mưa to lắm"

// fixture is a fresh area on a temp-dir SQLite database with two sites:
// A (a.test, the default) and B (b.test).
type fixture struct {
	t      *testing.T
	db     *sqlite.DB
	users  *user.Service
	sites  *content.Directory
	siteA  content.Site
	siteB  content.Site
	srv    *Server
	h      http.Handler // the area behind http.CrossOriginProtection, as cmd wires it
	mu     sync.Mutex
	policy map[int64]user.Policy
}

func newFixture(t *testing.T, limits ...user.Limits) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "trangtin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	csvc := content.NewService(db)
	f := &fixture{t: t, db: db, policy: map[int64]user.Policy{}}
	f.siteA = content.Site{Key: "giavien", Name: "Trang thông tin điện tử huyện Gia Viễn", Host: "a.test", IsDefault: true}
	f.siteB = content.Site{Key: "hoalu", Name: "Trang thông tin điện tử huyện Hoa Lư", Host: "b.test"}
	for _, s := range []*content.Site{&f.siteA, &f.siteB} {
		if err := csvc.SaveSite(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	if f.sites, err = content.NewDirectory(ctx, csvc, nil); err != nil {
		t.Fatal(err)
	}
	f.users = user.NewService(db, db, db, nil)
	if len(limits) > 0 {
		f.users.SetLimits(limits[0])
	}
	f.srv, err = New(Options{Users: f.users, Sites: f.sites, Audit: db, Policy: f.policyFor})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
	return f
}

func (f *fixture) policyFor(siteID int64) user.Policy {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.policy[siteID]
}

func (f *fixture) setPolicy(siteID int64, p user.Policy) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.policy[siteID] = p
}

// addUser creates an account with testPassword and one role.
func (f *fixture) addUser(email, name string, role user.Role, siteID int64) user.User {
	f.t.Helper()
	u, err := f.users.CreateUser(context.Background(), email, name, testPassword, role, siteID)
	if err != nil {
		f.t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// auditActions lists the actions in the audit log, in order.
func (f *fixture) auditEntries() []audit.Entry {
	f.t.Helper()
	es, err := f.db.AuditEntries(context.Background(), 0, 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	return es
}

// client is a browser on one host: it keeps cookies, does not follow
// redirects, and sends same-origin fetch metadata like a real browser's
// form submission.
type client struct {
	t       *testing.T
	h       http.Handler
	host    string
	tls     bool
	cookies map[string]*http.Cookie
}

func (f *fixture) client(host string) *client {
	return &client{t: f.t, h: f.h, host: host, cookies: map[string]*http.Cookie{}}
}

type response struct {
	status  int
	header  http.Header
	body    string
	cookies []*http.Cookie
}

func (r response) location() string { return r.header.Get("Location") }

func (r response) cookie(name string) *http.Cookie {
	for _, c := range r.cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	req.Host = c.host
	if c.tls {
		req.TLS = &tls.ConnectionState{}
	}
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, header: res.Header, body: string(body), cookies: res.Cookies()}
	for _, ck := range out.cookies {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	return out
}

func (c *client) get(path string) response {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (c *client) post(path string, form url.Values, header ...string) response {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// login posts the sign-in form and returns the answer.
func (c *client) login(email, password, next string) response {
	c.t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	if next != "" {
		form.Set("next", next)
	}
	return c.post(pathLogin, form)
}

// mustLogin signs in and expects to be sent to want.
func (c *client) mustLogin(email, want string) {
	c.t.Helper()
	res := c.login(email, testPassword, "")
	if res.status != http.StatusSeeOther || res.location() != want {
		c.t.Fatalf("sign-in of %s: %d → %q, want 303 → %q\n%s", email, res.status, res.location(), want, res.body)
	}
}

var hiddenSecret = regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`)

func adminFS() fs.FS { return adminui.FS() }

// postFrom posts form to path as the form of page would: with the edit
// version (phien-ban) page carries now, as a browser that just loaded it.
func (c *client) postFrom(page, path string, form url.Values) response {
	c.t.Helper()
	res := c.get(page)
	if res.status != http.StatusOK {
		c.t.Fatalf("GET %s: %d", page, res.status)
	}
	v := url.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("phien-ban", hiddenValue(c.t, res.body, "phien-ban"))
	return c.post(path, v)
}
