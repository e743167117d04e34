package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// The role × action × site matrix over three sites (issue 11, item 6):
// every kind of account (each role held on site A only, on A and B, a
// mix, a platform administrator, an account without a role, a visitor)
// does every action (read drafts, open, edit, pass to approval, publish,
// withdraw, users, settings, media, documents, questions, the JSON API's
// reads and writes, search) on sites A, B and C, and the answers are
// checked for their status and their content: nothing unpublished and
// nothing of another site ever shows, on the admin pages, the API, the
// search, the feeds and the sitemaps.
//
// What may be done is an independent table (mxMay, from the roles'
// descriptions), not user.Can: the matrix checks the code against it.
//
// Every item carries a marker "mtx<site letter><what>" in its title (or
// subject, abstract), so a page is scanned for every marker it holds.

// mxMay lists, per action, the site roles that may do it on the site
// they hold the role on; a platform administrator may do every action
// on every site.
var mxMay = map[string][]user.Role{
	"list":       {user.RoleReporter, user.RoleEditor, user.RoleApprover},
	"open-other": {user.RoleEditor, user.RoleApprover},
	"edit-other": {user.RoleEditor, user.RoleApprover},
	"pass":       {user.RoleEditor, user.RoleApprover},
	"publish":    {user.RoleApprover},
	"withdraw":   {user.RoleApprover},
	"users":      {user.RoleSiteAdmin},
	"settings":   {user.RoleSiteAdmin},
	"audit":      {user.RoleSiteAdmin},
	"categories": {user.RoleSiteAdmin},
	"media":      {user.RoleReporter, user.RoleEditor, user.RoleApprover},
	"documents":  {user.RoleEditor, user.RoleApprover},
	"doc-publ":   {user.RoleApprover},
	"questions":  {user.RoleEditor, user.RoleApprover},
}

// mxPlatformWide are the area's pages that show a platform administrator
// the whole platform, on any site's host, by design: the audit log (every
// entry, each with its site's name).
var mxPlatformWide = map[string]bool{"/quan-tri/nhat-ky": true}

// mxWho is a kind of account.
type mxWho struct {
	name  string
	roles map[string]user.Role // site letter → role
	admin bool                 // platform administrator
	anon  bool                 // no session at all
	token string               // the session's cookie value
}

func (w mxWho) may(action, letter string) bool {
	if _, ok := mxMay[action]; !ok {
		panic("matrix: unknown action " + action)
	}
	if w.admin {
		return true
	}
	r, ok := w.roles[letter]
	return ok && slices.Contains(mxMay[action], r)
}

// signedIn reports whether the account is in the area at all.
func (w mxWho) signedIn() bool { return !w.anon }

func mxWhos() []*mxWho {
	var out []*mxWho
	for _, r := range []user.Role{user.RoleReporter, user.RoleEditor, user.RoleApprover, user.RoleSiteAdmin} {
		out = append(out,
			&mxWho{name: string(r) + " trên A", roles: map[string]user.Role{"a": r}},
			&mxWho{name: string(r) + " trên A và B", roles: map[string]user.Role{"a": r, "b": r}})
	}
	return append(out,
		&mxWho{name: "reporter trên A, approver trên B", roles: map[string]user.Role{"a": user.RoleReporter, "b": user.RoleApprover}},
		&mxWho{name: "quản trị hệ thống", admin: true},
		&mxWho{name: "tài khoản không vai trò"},
		&mxWho{name: "khách", anon: true})
}

// mxSite is one of the three sites with its content.
type mxSite struct {
	letter string
	site   *content.Site
	host   string
	cat    content.Category
	author user.User
	// articles by their marker's tail: pub, draft, sub, appr, sched, wd.
	arts             map[string]content.Article
	docPub, docDraft document.Document
	qPub, qNew       question.Question
	publicTails      []string // what the public may see of it
	staffTails       []string // what its staff see in the area
	caseNo           int
}

func (s *mxSite) marker(tail string) string { return "mtx" + s.letter + tail }

// secret is a word only the item's text holds (not its marker, which a
// search page repeats from the query): searching for it finds the item,
// whose marker then shows if the item is listed.
func (s *mxSite) secret(tail string) string { return "bm" + s.letter + tail }

var mxMarker = regexp.MustCompile(`mtx([abc])([a-z0-9]+)`)

type mxEnv struct {
	t      *testing.T
	app    *testApp
	sites  []*mxSite
	byL    map[string]*mxSite
	whos   []*mxWho
	ip     atomic.Int64
	checks int
}

type mxRes struct {
	status int
	loc    string
	body   string
	ctype  string
}

// do sends one request straight to the program's handler, as the
// browser of who would on host (every request from its own address, so
// the search allowance is not what is tested).
func (e *mxEnv) do(who *mxWho, method, host, target string, body []byte, ctype string) mxRes {
	e.t.Helper()
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, target, bytes.NewReader(body))
		r.Header.Set("Content-Type", ctype)
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.Host = host
	n := e.ip.Add(1)
	r.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", n>>16&255, n>>8&255, n&255)
	if method != http.MethodGet && method != http.MethodHead {
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if who != nil && who.token != "" {
		// A browser sends the cookie to /quan-tri/ only; it is sent
		// everywhere here, to show that it unlocks nothing public.
		r.AddCookie(&http.Cookie{Name: "tt_phien", Value: who.token})
	}
	rec := httptest.NewRecorder()
	e.app.handler.ServeHTTP(rec, r)
	e.checks++
	return mxRes{status: rec.Code, loc: rec.Header().Get("Location"), body: rec.Body.String(), ctype: rec.Header().Get("Content-Type")}
}

// wideLeaks is leaks for a page of A's province view, which lists what
// A, B and C published and nothing else.
func (e *mxEnv) wideLeaks(body string) []string {
	var out []string
	for _, l := range leaks(body, "", nil) {
		m := mxMarker.FindStringSubmatch(l)
		if !slices.Contains(e.byL[m[1]].publicTails, m[2]) {
			out = append(out, l)
		}
	}
	return out
}

// leaks returns the markers of body that are not among allowed (letter
// and tails) — everything of another site, and whatever of the site
// that must not show.
func leaks(body, letter string, allowed []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range mxMarker.FindAllStringSubmatch(strings.ToLower(body), -1) {
		if seen[m[0]] {
			continue
		}
		seen[m[0]] = true
		if m[1] != letter || allowed != nil && !slices.Contains(allowed, m[2]) {
			out = append(out, m[0])
		}
	}
	sort.Strings(out)
	return out
}

// refused checks the answer to an action who may not do: the sign-in
// page for a visitor, else 403 (or, for what the site's staff may reach
// but not that record, 404) with the Vietnamese page.
func (e *mxEnv) refused(who *mxWho, what string, res mxRes, notFoundOK bool) {
	e.t.Helper()
	switch {
	case who.anon:
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.loc, "/quan-tri/dang-nhap") {
			e.t.Errorf("%s – %s: %d → %q, want the sign-in page", who.name, what, res.status, res.loc)
		}
	case res.status == http.StatusForbidden:
		if !strings.Contains(res.body, "Không có quyền truy cập") && !strings.Contains(res.body, "không có quyền") {
			e.t.Errorf("%s – %s: 403 without the Vietnamese page", who.name, what)
		}
	case res.status == http.StatusNotFound && notFoundOK:
	default:
		e.t.Errorf("%s – %s: %d → %q, want it refused\n%s", who.name, what, res.status, res.loc, mxExcerpt(res.body))
	}
}

func mxExcerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 800)]
}

// TestRoleActionSiteMatrix runs the matrix on both stores.
func TestRoleActionSiteMatrix(t *testing.T) { eachStore(t, testRoleActionSiteMatrix) }

func testRoleActionSiteMatrix(t *testing.T, cfg config.Config) {
	cfg.NoDemo = true
	app := startApp(t, cfg)
	e := &mxEnv{t: t, app: app, byL: map[string]*mxSite{}, whos: mxWhos()}
	e.setup()
	e.publicReads()
	e.apiWrites()
	e.adminReads()
	e.adminWrites()
	e.afterwards()
	t.Logf("%d accounts × %d sites: %d requests checked", len(e.whos), len(e.sites), e.checks)
}

func (e *mxEnv) setup() {
	t, app := e.t, e.app
	ctx := context.Background()
	var batch []content.NewSite
	for _, l := range []string{"a", "b", "c"} {
		// A is the province portal above B and C: its province-wide
		// search and "Tin từ cơ sở" list theirs (published only).
		s := &content.Site{Key: "xa-" + l, Name: "Trang thông tin điện tử xã Ma Trận " + strings.ToUpper(l), Kind: content.KindCommune, Host: l + ".matran.test"}
		parent := "xa-a"
		if l == "a" {
			s.Kind, parent = content.KindProvince, ""
		}
		batch = append(batch, content.NewSite{Site: s, ParentKey: parent})
		ms := &mxSite{letter: l, site: s, host: s.Host, arts: map[string]content.Article{}}
		e.sites = append(e.sites, ms)
		e.byL[l] = ms
	}
	if err := content.NewSites(app.db).Add(ctx, batch, audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	for _, s := range e.sites {
		cats, err := app.db.FindCategories(ctx, s.site.ID)
		if err != nil || len(cats) == 0 {
			t.Fatalf("site %s has no categories: %v", s.letter, err)
		}
		s.cat = content.Category{SiteID: s.site.ID, Name: "Ma trận " + s.marker("cat"), Slug: "ma-tran-" + s.marker("cat")}
		if err := app.db.CreateCategory(ctx, &s.cat, nil); err != nil {
			t.Fatal(err)
		}
		s.author = e.account(s.marker("author")+"@matran.test", "Tác giả "+strings.ToUpper(s.letter), map[int64]user.Role{s.site.ID: user.RoleReporter}, false)
		for _, st := range []struct {
			tail   string
			status content.Status
			at     time.Time
		}{
			{"pub", content.StatusPublished, past},
			{"draft", content.StatusDraft, time.Time{}},
			{"sub", content.StatusSubmitted, time.Time{}},
			{"appr", content.StatusApproval, time.Time{}},
			{"sched", content.StatusScheduled, time.Now().Add(30 * 24 * time.Hour)},
			{"wd", content.StatusWithdrawn, past},
		} {
			s.arts[st.tail] = e.article(s, "Ma trận "+s.marker(st.tail), st.status, st.at)
		}
		actor := document.Actor{UserID: s.author.ID, Name: "test"}
		newDoc := func(number, tail string) document.Document {
			d, err := app.docs.Create(ctx, actor, s.site.ID, document.Input{Type: "Quyết định", Number: number, Issuer: "UBND xã",
				Abstract: "Ma trận " + s.marker(tail) + " " + s.secret(tail), IssuedOn: "2025-03-01"})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		s.docDraft = newDoc("1"+s.letter+"/QĐ-UBND", "docdraft")
		s.docPub = newDoc("2"+s.letter+"/QĐ-UBND", "docpub")
		d, err := app.docs.Publish(ctx, actor, s.site.ID, s.docPub.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.docPub = d
		newQ := func(tail string) question.Question {
			q, _, err := app.questions.Submit(ctx, s.site.ID, question.Input{Name: "Người hỏi", Phone: "0912 111 222", Field: question.Fields[1],
				Subject: "Ma trận " + s.marker(tail), Body: "Xin hỏi về thủ tục " + s.secret(tail) + " ở xã mình như thế nào ạ?"})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		s.qNew = newQ("qnew")
		s.qPub = newQ("qpub")
		qa := question.Actor{User: s.author, Can: func(user.Action) bool { return true }}
		for _, a := range []question.Action{{Kind: "accept"}, {Kind: "answer", Answer: "Trả lời " + s.marker("qpub"), AnsweredBy: "UBND xã"}, {Kind: "publish"}} {
			if s.qPub, err = app.questions.Apply(ctx, s.site.ID, s.qPub.ID, a, qa); err != nil {
				t.Fatalf("question %s: %v", a.Kind, err)
			}
		}
		s.publicTails = []string{"pub", "docpub", "qpub", "cat"}
		s.staffTails = nil // any marker of the site
	}
	for i, w := range e.whos {
		if w.anon {
			continue
		}
		roles := map[int64]user.Role{}
		for l, r := range w.roles {
			roles[e.byL[l].site.ID] = r
		}
		u := e.account(fmt.Sprintf("ai-%d@matran.test", i), w.name, roles, w.admin)
		token, _, err := app.users.StartSession(ctx, u, "192.0.2.1", "matrix")
		if err != nil {
			t.Fatal(err)
		}
		w.token = token
	}
}

// account creates an account with roles, without a usable password
// (sessions are started directly: the matrix is not about signing in).
func (e *mxEnv) account(email, name string, roles map[int64]user.Role, admin bool) user.User {
	e.t.Helper()
	ctx := context.Background()
	now := time.Now()
	u := user.User{Email: email, Name: name, CreatedAt: now, UpdatedAt: now}
	var first *user.Membership
	if admin {
		first = &user.Membership{Role: user.RoleAdmin}
	}
	if err := e.app.db.CreateUser(ctx, &u, first, nil); err != nil {
		e.t.Fatal(err)
	}
	for siteID, r := range roles {
		if err := e.app.db.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: siteID, Role: r}, nil); err != nil {
			e.t.Fatal(err)
		}
	}
	return u
}

func (e *mxEnv) article(s *mxSite, title string, st content.Status, at time.Time) content.Article {
	e.t.Helper()
	a := content.Article{SiteID: s.site.ID, CategoryID: s.cat.ID, Title: title, Summary: "Tóm tắt " + title,
		Body:   "<p>Nội dung " + title + ", " + strings.Replace(strings.TrimPrefix(title, "Ma trận "), "mtx", "bm", 1) + ".</p>",
		Author: "Kim Thoả", Status: st, OwnerID: s.author.ID, PublishedAt: at}
	if err := e.app.svc.SaveArticle(context.Background(), &a); err != nil {
		e.t.Fatalf("article %q: %v", title, err)
	}
	return a
}

// newCase makes a fresh article of s in status st for one action.
func (e *mxEnv) newCase(s *mxSite, st content.Status) content.Article {
	s.caseNo++
	at := time.Time{}
	if st == content.StatusPublished {
		at = time.Now().Add(-time.Minute)
	}
	return e.article(s, "Ma trận "+s.marker("case"+strconv.Itoa(s.caseNo)), st, at)
}

func (e *mxEnv) find(s *mxSite, id int64) content.Article {
	e.t.Helper()
	a, err := e.app.db.FindArticleByID(context.Background(), s.site.ID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// mxPage is a public address that lists content; wide: of A's province
// view, where B's and C's published items belong too.
type mxPage struct {
	path, want string
	wide       bool
}

// publicPages are the public addresses of site s that list content, and
// its search for each secret word of every site, on its own and (on A)
// across the province.
func (e *mxEnv) publicPages(s *mxSite) []mxPage {
	pub := s.marker("pub")
	var searches []mxPage
	for _, y := range e.sites {
		for _, tail := range []string{"pub", "draft", "sub", "appr", "sched", "wd", "docpub", "docdraft", "qpub", "qnew"} {
			want, wideWant := "", ""
			if slices.Contains(y.publicTails, tail) {
				if y == s {
					want, wideWant = y.marker(tail), y.marker(tail)
				} else if s.letter == "a" {
					wideWant = y.marker(tail)
				}
			}
			kind := ""
			switch {
			case strings.HasPrefix(tail, "doc"):
				kind = "&loai=van-ban"
			case strings.HasPrefix(tail, "q"):
				kind = "&loai=hoi-dap"
			}
			searches = append(searches,
				mxPage{"/tim-kiem?q=" + y.secret(tail), want, false},
				mxPage{"/tim-kiem?q=" + y.secret(tail) + kind, want, false},
				mxPage{"/api/v1/search?q=" + y.secret(tail), want, false},
				mxPage{"/api/v1/search?q=" + y.secret(tail) + "&site=all", wideWant, true})
			if s.letter == "a" || y == s {
				searches = append(searches, mxPage{"/api/v1/search?q=" + y.secret(tail) + "&site=" + y.site.Key, wideWant, true})
			}
			if s.letter == "a" {
				searches = append(searches, mxPage{"/tim-kiem?q=" + y.secret(tail) + "&pham-vi=toan-tinh", wideWant, true},
					mxPage{"/tim-kiem?q=" + y.secret(tail) + kind + "&pham-vi=toan-tinh", wideWant, true})
			}
		}
	}
	if s.letter == "a" {
		searches = append(searches, mxPage{"/tin-tu-co-so", "mtxbpub", true}, mxPage{"/tin-tu-co-so/rss", "mtxcpub", true},
			mxPage{"/tim-kiem?q=ma+tr%E1%BA%ADn&pham-vi=toan-tinh", "mtxbpub", true})
	}
	return append(searches, []mxPage{
		{"/", pub, false},
		{"/chuyen-muc/" + s.cat.Slug, pub, false},
		{"/rss", pub, false},
		{"/chuyen-muc/" + s.cat.Slug + "/rss", pub, false},
		{"/sitemap.xml", s.arts["pub"].Slug, false},
		{"/so-do-cong", "", false},
		{"/tim-kiem?q=ma+tr%E1%BA%ADn", pub, false},
		{"/tim-kiem?q=ma+tr%E1%BA%ADn&loai=van-ban", s.marker("docpub"), false},
		{"/tim-kiem?q=ma+tr%E1%BA%ADn&loai=hoi-dap", s.marker("qpub"), false},
		{"/van-ban", s.marker("docpub"), false},
		{"/hoi-dap", s.marker("qpub"), false},
		{"/api/v1/articles", pub, false},
		{"/api/v1/articles?per_page=100&updated_since=2000-01-01T00:00:00Z", pub, false},
		{"/api/v1/search?q=ma+tr%E1%BA%ADn", pub, false},
		{"/api/v1/search?q=ma+tr%E1%BA%ADn&site=all", pub, true},
		{"/api/v1/documents", s.marker("docpub"), false},
		{"/api/v1/questions", s.marker("qpub"), false},
	}...)
}

// publicReads: the public pages, feeds, sitemaps, search and API of each
// site show its published items only, whoever asks and with whatever
// cookie; no address of one site serves another's item or an
// unpublished one.
func (e *mxEnv) publicReads() {
	for _, who := range e.whos {
		// The public side is asked by the accounts with the most (and
		// no) rights: the others hold less of the same.
		if !who.anon && !who.admin && len(who.roles) > 0 && who.roles["b"] != user.RoleApprover && who.roles["a"] != user.RoleEditor {
			continue
		}
		for _, x := range e.sites {
			for _, pg := range e.publicPages(x) {
				res := e.do(who, http.MethodGet, x.host, pg.path, nil, "")
				what := fmt.Sprintf("%s – GET %s%s", who.name, x.host, pg.path)
				if res.status != http.StatusOK {
					e.t.Errorf("%s: %d", what, res.status)
					continue
				}
				if pg.want != "" && !strings.Contains(strings.ToLower(res.body), pg.want) {
					e.t.Errorf("%s: lacks %s", what, pg.want)
				}
				l := leaks(res.body, x.letter, x.publicTails)
				if pg.wide && x.letter == "a" {
					l = e.wideLeaks(res.body)
				}
				if len(l) > 0 {
					e.t.Errorf("%s: LEAK %v", what, l)
				}
			}
			// Each item of every site, asked for on x's host.
			for _, y := range e.sites {
				for tail, a := range y.arts {
					public := y == x && tail == "pub"
					for _, path := range []string{content.ArticlePath(a.Slug), content.ArticlePath(a.Slug) + "/tai-ve", "/api/v1/articles/" + strconv.FormatInt(a.ID, 10)} {
						e.wantPublic(who, x, path, public, y.marker(tail))
					}
				}
				e.wantPublic(who, x, "/chuyen-muc/"+y.cat.Slug, y == x, y.marker("cat"))
				e.wantPublic(who, x, "/chuyen-muc/"+y.cat.Slug+"/rss", y == x, y.marker("pub"))
				if y != x && x.letter != "a" {
					// A site outside x's province view, asked for by key.
					for _, path := range []string{"/api/v1/search?q=ma+tr%E1%BA%ADn&site=" + y.site.Key, "/tim-kiem?q=ma+tr%E1%BA%ADn&pham-vi=toan-tinh&don-vi=" + y.site.Key} {
						res := e.do(who, http.MethodGet, x.host, path, nil, "")
						if l := leaks(res.body, x.letter, x.publicTails); len(l) > 0 || res.status >= 500 {
							e.t.Errorf("%s – GET %s%s: %d, LEAK %v", who.name, x.host, path, res.status, l)
						}
					}
				}
				e.wantPublic(who, x, y.docPub.Path(), y == x, y.marker("docpub"))
				e.wantPublic(who, x, y.docDraft.Path(), false, y.marker("docdraft"))
				e.wantPublic(who, x, "/api/v1/documents/"+strconv.FormatInt(y.docDraft.ID, 10), false, y.marker("docdraft"))
				e.wantPublic(who, x, "/api/v1/documents/"+strconv.FormatInt(y.docPub.ID, 10), y == x, y.marker("docpub"))
				e.wantPublic(who, x, "/hoi-dap/"+strconv.FormatInt(y.qPub.ID, 10), y == x, y.marker("qpub"))
				e.wantPublic(who, x, "/hoi-dap/"+strconv.FormatInt(y.qNew.ID, 10), false, y.marker("qnew"))
				e.wantPublic(who, x, "/api/v1/questions/"+strconv.FormatInt(y.qNew.ID, 10), false, y.marker("qnew"))
				e.wantPublic(who, x, "/api/v1/questions/"+strconv.FormatInt(y.qPub.ID, 10), y == x, y.marker("qpub"))
			}
		}
	}
}

// wantPublic checks one item's address on x's host: 200 with it when
// public, else 404 (never a redirect to it, never its text).
func (e *mxEnv) wantPublic(who *mxWho, x *mxSite, path string, public bool, marker string) {
	e.t.Helper()
	res := e.do(who, http.MethodGet, x.host, path, nil, "")
	what := fmt.Sprintf("%s – GET %s%s", who.name, x.host, path)
	if public {
		if res.status != http.StatusOK || !strings.Contains(strings.ToLower(res.body), marker) {
			e.t.Errorf("%s: %d, want 200 with %s", what, res.status, marker)
		}
	} else if res.status != http.StatusNotFound && res.status != http.StatusGone {
		e.t.Errorf("%s: %d → %q, want 404", what, res.status, res.loc)
	}
	if l := leaks(res.body, x.letter, x.publicTails); len(l) > 0 {
		e.t.Errorf("%s: LEAK %v", what, l)
	}
}

// apiWrites: the API is read-only for everyone, a session included.
func (e *mxEnv) apiWrites() {
	form := []byte(`{"title":"Ma trận mtxahacked","status":"published"}`)
	for _, who := range e.whos {
		for _, x := range e.sites {
			for _, y := range e.sites {
				for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
					for _, path := range []string{"/api/v1/articles", "/api/v1/articles/" + strconv.FormatInt(y.arts["draft"].ID, 10),
						"/api/v1/search?q=matran", "/api/v1/documents/" + strconv.FormatInt(y.docDraft.ID, 10)} {
						res := e.do(who, m, x.host, path, form, "application/json")
						if res.status != http.StatusNotFound && res.status != http.StatusMethodNotAllowed {
							e.t.Errorf("%s – %s %s%s: %d, want 404 or 405", who.name, m, x.host, path, res.status)
						}
						if l := leaks(res.body, x.letter, x.publicTails); len(l) > 0 {
							e.t.Errorf("%s – %s %s%s: LEAK %v", who.name, m, x.host, path, l)
						}
					}
				}
				if a := e.find(y, y.arts["draft"].ID); a.Title != y.arts["draft"].Title || a.Status != content.StatusDraft {
					e.t.Errorf("an API write changed %s's draft: %+v", y.letter, a)
				}
			}
		}
	}
}

// adminReads: the area's pages of x show x's records only, to whom x's
// roles allow.
func (e *mxEnv) adminReads() {
	for _, who := range e.whos {
		for _, x := range e.sites {
			get := func(path string) mxRes { return e.do(who, http.MethodGet, x.host, path, nil, "") }
			what := func(path string) string { return fmt.Sprintf("GET %s%s", x.host, path) }
			// shows: allowed → 200 with every want and nothing of another
			// site; else refused.
			shows := func(action, path string, wants ...string) {
				e.t.Helper()
				res := get(path)
				if who.may(action, x.letter) {
					if res.status != http.StatusOK {
						e.t.Errorf("%s – %s: %d → %q, want 200\n%s", who.name, what(path), res.status, res.loc, mxExcerpt(res.body))
						return
					}
					for _, w := range wants {
						if !strings.Contains(strings.ToLower(res.body), w) {
							e.t.Errorf("%s – %s: lacks %s", who.name, what(path), w)
						}
					}
				} else {
					e.refused(who, what(path), res, false)
				}
				if l := leaks(res.body, x.letter, x.staffTails); len(l) > 0 && !(who.admin && mxPlatformWide[path]) {
					e.t.Errorf("%s – %s: LEAK %v", who.name, what(path), l)
				}
			}
			// The dashboard: open to anyone signed in, x's things only.
			res := get("/quan-tri/")
			if who.signedIn() != (res.status == http.StatusOK) {
				e.t.Errorf("%s – %s: %d", who.name, what("/quan-tri/"), res.status)
			}
			if l := leaks(res.body, x.letter, x.staffTails); len(l) > 0 {
				e.t.Errorf("%s – %s: LEAK %v", who.name, what("/quan-tri/"), l)
			}

			drafts := []string{x.marker("draft"), x.marker("sub"), x.marker("appr"), x.marker("sched"), x.marker("wd"), x.marker("pub")}
			shows("list", "/quan-tri/bai-viet", drafts...)
			// The list's search reaches unpublished articles, of x only.
			shows("list", "/quan-tri/bai-viet?q=ma+tr%E1%BA%ADn", drafts...)
			shows("list", "/quan-tri/bai-viet?q=mtx&trang-thai=draft", x.marker("draft"))
			shows("list", "/quan-tri/hop-thu")
			shows("list", "/quan-tri/bai-viet/moi", x.marker("cat"))
			shows("categories", "/quan-tri/chuyen-muc", x.marker("cat"))
			shows("open-other", "/quan-tri/bai-viet/"+strconv.FormatInt(x.arts["draft"].ID, 10), x.marker("draft"))
			shows("open-other", "/quan-tri/bai-viet/"+strconv.FormatInt(x.arts["sched"].ID, 10)+"/xem-truoc", x.marker("sched"))
			shows("open-other", "/quan-tri/bai-viet/"+strconv.FormatInt(x.arts["appr"].ID, 10)+"/phien-ban")
			if who.admin {
				// A platform administrator's list is every account.
				if res := get("/quan-tri/nguoi-dung?q=matran"); res.status != http.StatusOK || !strings.Contains(res.body, "mtxbauthor") {
					e.t.Errorf("%s – %s: %d", who.name, what("/quan-tri/nguoi-dung"), res.status)
				}
			} else {
				shows("users", "/quan-tri/nguoi-dung", x.author.Email)
				shows("users", "/quan-tri/nguoi-dung?q=matran", x.author.Email)
			}
			shows("settings", "/quan-tri/thong-tin-trang", strings.ToLower(x.site.Name))
			shows("audit", "/quan-tri/nhat-ky")
			shows("documents", "/quan-tri/van-ban", x.marker("docdraft"), x.marker("docpub"))
			shows("documents", "/quan-tri/van-ban/"+strconv.FormatInt(x.docDraft.ID, 10), x.marker("docdraft"))
			shows("questions", "/quan-tri/hoi-dap", x.marker("qnew"))
			shows("questions", "/quan-tri/hoi-dap/"+strconv.FormatInt(x.qNew.ID, 10), x.marker("qnew"))

			// Another site's records by their id on x's host: not found
			// for x's staff, refused for the others; never shown.
			for _, y := range e.sites {
				if y == x {
					continue
				}
				for _, c := range []struct{ action, path string }{
					{"list", "/quan-tri/bai-viet/" + strconv.FormatInt(y.arts["draft"].ID, 10)},
					{"list", "/quan-tri/bai-viet/" + strconv.FormatInt(y.arts["appr"].ID, 10) + "/xem-truoc"},
					{"list", "/quan-tri/bai-viet/" + strconv.FormatInt(y.arts["sub"].ID, 10) + "/phien-ban"},
					{"documents", "/quan-tri/van-ban/" + strconv.FormatInt(y.docDraft.ID, 10)},
					{"questions", "/quan-tri/hoi-dap/" + strconv.FormatInt(y.qNew.ID, 10)},
					{"users", "/quan-tri/nguoi-dung/" + strconv.FormatInt(y.author.ID, 10)},
				} {
					res := get(c.path)
					if who.admin && c.action == "users" {
						// A platform administrator manages every account,
						// from any site's host (to give it a role there).
						if res.status != http.StatusOK {
							e.t.Errorf("%s – %s (of %s): %d, want 200", who.name, what(c.path), y.letter, res.status)
						}
						continue
					}
					if who.may(c.action, x.letter) {
						if res.status != http.StatusNotFound {
							e.t.Errorf("%s – %s (of %s): %d, want 404", who.name, what(c.path), y.letter, res.status)
						}
					} else {
						e.refused(who, what(c.path), res, true)
					}
					if l := leaks(res.body, x.letter, x.staffTails); len(l) > 0 || strings.Contains(res.body, y.author.Email) {
						e.t.Errorf("%s – %s: LEAK %v", who.name, what(c.path), l)
					}
				}
			}
		}
	}
}

// post sends a form to x's area as who.
func (e *mxEnv) post(who *mxWho, x *mxSite, path string, form url.Values) mxRes {
	return e.do(who, http.MethodPost, x.host, path, []byte(form.Encode()), "application/x-www-form-urlencoded")
}

// adminWrites: each workflow step on a fresh article of x, and the same
// on another site's article through x's host.
func (e *mxEnv) adminWrites() {
	png := mxPNG(e.t)
	for _, who := range e.whos {
		for _, x := range e.sites {
			for _, c := range []struct {
				action, suffix string
				from, to       content.Status
				form           url.Values
			}{
				{"edit-other", "", content.StatusDraft, content.StatusDraft, nil},
				{"pass", "/chuyen-duyet", content.StatusSubmitted, content.StatusApproval, url.Values{}},
				{"publish", "/dang", content.StatusApproval, content.StatusPublished, url.Values{}},
				{"withdraw", "/go-bo", content.StatusPublished, content.StatusWithdrawn, url.Values{"withdraw_reason": {"Thông tin chưa chính xác."}}},
			} {
				a := e.newCase(x, c.from)
				form := c.form
				newTitle := ""
				if form == nil {
					newTitle = "Ma trận " + x.marker("edited"+strconv.Itoa(x.caseNo))
					form = url.Values{"title": {newTitle}, "category": {strconv.FormatInt(x.cat.ID, 10)}, "body": {"<p>Đã sửa.</p>"},
						"summary": {"Tóm tắt."}, "author": {"Kim Thoả"}}
				}
				path := "/quan-tri/bai-viet/" + strconv.FormatInt(a.ID, 10) + c.suffix
				what := fmt.Sprintf("%s – POST %s%s (%s)", who.name, x.host, path, c.action)
				res := e.post(who, x, path, form)
				after := e.find(x, a.ID)
				if who.may(c.action, x.letter) {
					if res.status != http.StatusSeeOther || !strings.HasPrefix(res.loc, "/quan-tri/bai-viet/"+strconv.FormatInt(a.ID, 10)+"?xong=") {
						e.t.Errorf("%s: %d → %q\n%s", what, res.status, res.loc, mxExcerpt(res.body))
					}
					if after.Status != c.to || newTitle != "" && after.Title != newTitle {
						e.t.Errorf("%s: the article is %q %q, want %q", what, after.Status, after.Title, c.to)
					}
				} else {
					e.refused(who, what, res, false)
					if after.Status != c.from || after.Title != a.Title || after.Version != a.Version {
						e.t.Errorf("%s: refused, yet the article changed: %q %q", what, after.Status, after.Title)
					}
				}
				// The same step on another site's article, through x's host.
				for _, y := range e.sites {
					if y == x {
						continue
					}
					b := e.newCase(y, c.from)
					path := "/quan-tri/bai-viet/" + strconv.FormatInt(b.ID, 10) + c.suffix
					res := e.post(who, x, path, form)
					if who.may("list", x.letter) {
						if res.status != http.StatusNotFound {
							e.t.Errorf("%s – POST %s%s (%s of %s): %d, want 404", who.name, x.host, path, c.action, y.letter, res.status)
						}
					} else {
						e.refused(who, "POST "+x.host+path, res, true)
					}
					if got := e.find(y, b.ID); got.Status != b.Status || got.Title != b.Title || got.Version != b.Version {
						e.t.Errorf("%s – POST %s%s: %s's article changed through %s's host", who.name, x.host, path, y.letter, x.letter)
					}
				}
			}

			// Documents: publishing a draft of x; another site's, never.
			for _, y := range e.sites {
				d, err := e.app.docs.Create(context.Background(), document.Actor{Name: "test"}, y.site.ID, document.Input{Type: "Quyết định",
					Number: fmt.Sprintf("%d%s/QĐ-UBND", e.checks, y.letter), Issuer: "UBND xã", Abstract: "Ma trận " + y.marker("doccase"), IssuedOn: "2025-03-01"})
				if err != nil {
					e.t.Fatal(err)
				}
				path := "/quan-tri/van-ban/" + strconv.FormatInt(d.ID, 10) + "/cong-bo"
				res := e.post(who, x, path, url.Values{"phien-ban": {strconv.FormatInt(d.Version, 10)}})
				got, err := e.app.docs.Store().FindDocumentByID(context.Background(), y.site.ID, d.ID)
				if err != nil {
					e.t.Fatal(err)
				}
				switch {
				case y == x && who.may("doc-publ", x.letter):
					if res.status != http.StatusSeeOther || got.Status != document.StatusPublished {
						e.t.Errorf("%s – POST %s%s: %d, document %q", who.name, x.host, path, res.status, got.Status)
					}
				case y != x && who.may("doc-publ", x.letter):
					if res.status != http.StatusNotFound || got.Status != d.Status {
						e.t.Errorf("%s – POST %s%s (of %s): %d, document %q", who.name, x.host, path, y.letter, res.status, got.Status)
					}
				default:
					e.refused(who, "POST "+x.host+path, res, y != x)
					if got.Status != d.Status {
						e.t.Errorf("%s – POST %s%s: refused, yet the document is %q", who.name, x.host, path, got.Status)
					}
				}
			}

			// Media: a photo upload.
			body, ct := mxMultipart(e.t, "anh.png", png)
			res := e.do(who, http.MethodPost, x.host, "/quan-tri/anh", body, ct)
			if who.may("media", x.letter) {
				if res.status != http.StatusOK && res.status != http.StatusCreated {
					e.t.Errorf("%s – upload on %s: %d %s", who.name, x.host, res.status, res.body)
				}
			} else if who.anon {
				e.refused(who, "upload on "+x.host, res, false)
			} else if res.status != http.StatusForbidden {
				e.t.Errorf("%s – upload on %s: %d, want 403", who.name, x.host, res.status)
			}
		}
	}
}

// afterwards: once every step ran (articles published, withdrawn, edited,
// notices sent to the inboxes), the public side shows what is published
// now and nothing else, and each site's area still only its own.
func (e *mxEnv) afterwards() {
	ctx := context.Background()
	for _, x := range e.sites {
		arts, err := e.app.db.FindArticles(ctx, content.ArticleFilter{SiteID: x.site.ID, Status: content.StatusPublished, Limit: 1000})
		if err != nil {
			e.t.Fatal(err)
		}
		x.publicTails = []string{"pub", "docpub", "qpub", "doccase", "cat"}
		for _, a := range arts {
			if m := mxMarker.FindStringSubmatch(strings.ToLower(a.Title)); m != nil {
				x.publicTails = append(x.publicTails, m[2])
			}
		}
	}
	for _, who := range e.whos {
		for _, x := range e.sites {
			for _, path := range []string{"/", "/rss", "/sitemap.xml", "/tim-kiem?q=ma+tr%E1%BA%ADn", "/api/v1/articles?per_page=100",
				"/api/v1/search?q=ma+tr%E1%BA%ADn&per_page=50", "/api/v1/documents"} {
				res := e.do(who, http.MethodGet, x.host, path, nil, "")
				if l := leaks(res.body, x.letter, x.publicTails); res.status != http.StatusOK || len(l) > 0 {
					e.t.Errorf("%s – GET %s%s afterwards: %d, LEAK %v", who.name, x.host, path, res.status, l)
				}
			}
			for _, path := range []string{"/quan-tri/", "/quan-tri/hop-thu", "/quan-tri/bai-viet", "/quan-tri/nhat-ky", "/quan-tri/van-ban"} {
				res := e.do(who, http.MethodGet, x.host, path, nil, "")
				if l := leaks(res.body, x.letter, nil); len(l) > 0 && !(who.admin && mxPlatformWide[path]) {
					e.t.Errorf("%s – GET %s%s afterwards: LEAK %v", who.name, x.host, path, l)
				}
			}
		}
	}
}

func mxPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mxMultipart(t *testing.T, name string, data []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}
