package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// flakyPolicies is the database's policy table that can be made to fail
// its reads.
type flakyPolicies struct {
	user.PolicyStore
	fail atomic.Bool
}

func (p *flakyPolicies) FindPolicy(ctx context.Context, siteID int64) (user.Policy, error) {
	if p.fail.Load() {
		return user.Policy{}, errors.New("database is locked")
	}
	return p.PolicyStore.FindPolicy(ctx, siteID)
}

const msgPolicyDown = "không đọc được quy định tài khoản"

// TestPolicyReadErrorFailsClosed: when the account policy cannot be read,
// sign-in and the signed-in area answer 503 with a Vietnamese page; they
// never go on under the zero Policy, which drops the second factor the
// site requires.
func TestPolicyReadErrorFailsClosed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.db.SavePolicy(ctx, f.siteA.ID, user.Policy{RequireSecondFactor: true}, nil); err != nil {
		t.Fatal(err)
	}
	store := &flakyPolicies{PolicyStore: f.db}
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policies: user.NewPolicies(store, 0, nil)})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	f.addUser("duyet@giavien.gov.vn", "Trưởng Ban", user.RoleApprover, f.siteA.ID)
	f.addUser("pv@giavien.gov.vn", "Phóng Viên", user.RoleReporter, f.siteA.ID)

	// The policy unreadable from the start: nothing is cached to fall
	// back on.
	store.fail.Store(true)
	approver := f.client("a.test")
	res := approver.login("duyet@giavien.gov.vn", testPassword, "")
	if res.status == http.StatusSeeOther && res.location() == pathHome {
		t.Errorf("sign-in with the policy unreadable skipped the second factor the site requires")
	}
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, msgPolicyDown) || !strings.Contains(res.body, `value="duyet@giavien.gov.vn"`) {
		t.Errorf("sign-in with the policy unreadable: %d → %q, want 503 with the message and the e-mail kept\n%.300s", res.status, res.location(), res.body)
	}
	if res.cookie(CookieName) != nil {
		t.Error("a session was started although the policy could not be read")
	}

	// Readable again: the approver is asked to set up the second factor.
	store.fail.Store(false)
	res = approver.login("duyet@giavien.gov.vn", testPassword, "")
	if res.status != http.StatusSeeOther || res.location() != pathSetup {
		t.Errorf("sign-in with the policy readable: %d → %q, want 303 → %s", res.status, res.location(), pathSetup)
	}
	reporter := f.client("a.test")
	reporter.mustLogin("pv@giavien.gov.vn", pathHome)

	// Unreadable while signed in: every page of the area stops.
	store.fail.Store(true)
	res = reporter.get(pathHome)
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, msgPolicyDown) {
		t.Errorf("the area with the policy unreadable: %d, want 503 with the message", res.status)
	}
	store.fail.Store(false)
	if res := reporter.get(pathHome); res.status != http.StatusOK {
		t.Errorf("the area with the policy readable again: %d", res.status)
	}
	// Signing out needs no policy.
	store.fail.Store(true)
	if res := reporter.post(pathLogout, url.Values{}); res.status != http.StatusSeeOther {
		t.Errorf("sign-out with the policy unreadable: %d", res.status)
	}
}

// errNoSpace is what a store returns when its disk is full (both stores
// map SQLITE_FULL and PostgreSQL's 53100 to it).
var errNoSpace = apperr.Wrap(apperr.Unavailable, apperr.MsgStorageFull,
	errors.New(`ERROR: could not extend file "base/16384/16385": No space left on device (SQLSTATE 53100)`))

// fullDisk makes the writes of the wrapped stores fail as on a full disk.
type fullDisk struct{ on atomic.Bool }

type fullSessions struct {
	user.SessionStore
	disk *fullDisk
}

func (s fullSessions) CreateSession(ctx context.Context, sess user.Session) error {
	if s.disk.on.Load() {
		return errNoSpace
	}
	return s.SessionStore.CreateSession(ctx, sess)
}

type fullNewsroom struct {
	newsroom.Store
	disk *fullDisk
}

func (s fullNewsroom) ApplyChange(ctx context.Context, c *newsroom.Change) error {
	if s.disk.on.Load() {
		return errNoSpace
	}
	return s.Store.ApplyChange(ctx, c)
}

// TestOutOfSpaceKeepsTheForm: when the database has no space left, the
// sign-in form and the article editor answer 503 with the Vietnamese
// message and everything typed, instead of a bare 500 that loses it.
func TestOutOfSpaceKeepsTheForm(t *testing.T) {
	f := newNewsFixture(t)
	disk := &fullDisk{}
	users := user.NewService(f.db, fullSessions{f.db, disk}, f.db, nil)
	news := newsroom.New(fullNewsroom{f.db, disk}, f.content, f.db, f.policyFor)
	srv, err := New(Options{Users: users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: news})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	editor := f.signedIn(&f.reporter)
	disk.on.Store(true)

	res := f.client("a.test").login(f.editor.Email, testPassword, "")
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, apperr.MsgStorageFull) ||
		!strings.Contains(res.body, `value="`+f.editor.Email+`"`) {
		t.Errorf("sign-in out of space: %d, message %v, e-mail kept %v", res.status,
			strings.Contains(res.body, apperr.MsgStorageFull), strings.Contains(res.body, `value="`+f.editor.Email+`"`))
	}

	const title, para = "Thông báo lịch tiếp công dân tháng 12", "Ủy ban nhân dân huyện thông báo lịch tiếp công dân."
	form := draftForm(f.cat.ID, title, "<p>"+para+"</p>")
	a := f.article(f.reporter, content.StatusDraft, "Bài nháp cũ")
	for _, path := range []string{pathNewArticle, articleURL(a.ID), articleURL(a.ID) + "/gui-bien-tap"} {
		res := editor.post(path, form)
		if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, apperr.MsgStorageFull) ||
			!strings.Contains(res.body, `value="`+title+`"`) || !strings.Contains(res.body, para) {
			t.Errorf("POST %s out of space: %d, message %v, title kept %v, body kept %v", path, res.status,
				strings.Contains(res.body, apperr.MsgStorageFull), strings.Contains(res.body, `value="`+title+`"`), strings.Contains(res.body, para))
		}
	}

	disk.on.Store(false)
	if res := editor.post(articleURL(a.ID), form); res.status != http.StatusSeeOther {
		t.Errorf("save with space again: %d", res.status)
	}
	f.client("a.test").mustLogin(f.editor.Email, pathHome)
}
