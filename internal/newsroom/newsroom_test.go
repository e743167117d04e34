package newsroom_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

var ctx = context.Background()

// store is what the tests need of a database: both stores offer it.
type store interface {
	content.Store
	newsroom.Store
	newsroom.People
	audit.Store
	CreateUser(ctx context.Context, u *user.User, grant *user.Membership, a *audit.Entry) error
	SetMembership(ctx context.Context, m user.Membership, a *audit.Entry) error
}

// opener returns a fresh, empty store closed when the test ends.
type opener func(t *testing.T) store

func openSQLite(t *testing.T) store {
	t.Helper()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const envDSN = "TRANGTIN_TEST_POSTGRES"

// openPostgres returns a store in a fresh schema of the server named by
// TRANGTIN_TEST_POSTGRES, dropped when the test ends. Without it the test
// is skipped, except in CI, which must run it.
func openPostgres(t *testing.T) store {
	t.Helper()
	dsn := testenv.Postgres(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	// Cleanups run last-in first-out: the store closes before the drop.
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("parse %s: %v", envDSN, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	} else {
		dsn = strings.TrimSpace(dsn + " search_path=" + schema)
	}
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// onEachStore runs test on SQLite and on PostgreSQL.
func onEachStore(t *testing.T, test func(t *testing.T, open opener)) {
	for _, s := range []struct {
		name string
		open opener
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		t.Run(s.name, func(t *testing.T) { test(t, s.open) })
	}
}

type fixture struct {
	db        store
	cs        *content.Service
	nr        *newsroom.Service
	site      content.Site
	other     content.Site
	cat       content.Category
	now       time.Time
	reporter  newsroom.Actor
	editor    newsroom.Actor
	approver  newsroom.Actor
	approver2 newsroom.Actor
	outsider  newsroom.Actor // an approver of another site
}

func setup(t *testing.T, open opener, policy user.Policy) *fixture {
	t.Helper()
	db := open(t)
	f := &fixture{db: db, cs: content.NewService(db), now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	f.site = content.Site{Key: "giavien", Name: "Gia Viễn"}
	f.other = content.Site{Key: "giahoa", Name: "Gia Hòa"}
	for _, s := range []*content.Site{&f.site, &f.other} {
		if err := f.cs.SaveSite(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.cat = content.Category{SiteID: f.site.ID, Name: "Tin tức - Sự kiện"}
	if err := f.cs.SaveCategory(ctx, &f.cat, nil); err != nil {
		t.Fatal(err)
	}
	f.nr = newsroom.New(db, f.cs, db, func(int64) user.Policy { return policy })
	f.nr.SetClock(func() time.Time { return f.now })
	mk := func(email, name string, role user.Role, siteID int64) newsroom.Actor {
		u := user.User{Email: email, Name: name, PasswordHash: "x"}
		if err := db.CreateUser(ctx, &u, nil, nil); err != nil {
			t.Fatal(err)
		}
		m := user.Membership{UserID: u.ID, SiteID: siteID, Role: role}
		if err := db.SetMembership(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
		return newsroom.Actor{UserID: u.ID, Name: name, IP: "127.0.0.1", Memberships: []user.Membership{m}}
	}
	f.reporter = mk("pv@gv.vn", "Kim Thoả", user.RoleReporter, f.site.ID)
	f.editor = mk("btv@gv.vn", "Biên Tập", user.RoleEditor, f.site.ID)
	f.approver = mk("duyet@gv.vn", "Trưởng Ban", user.RoleApprover, f.site.ID)
	f.approver2 = mk("duyet2@gv.vn", "Phó Ban", user.RoleApprover, f.site.ID)
	f.outsider = mk("xa@gh.vn", "Xã khác", user.RoleApprover, f.other.ID)
	return f
}

func (f *fixture) draft(title string) newsroom.Draft {
	return newsroom.Draft{CategoryID: f.cat.ID, Title: title, Body: "<p>Nội dung.</p><script>alert(1)</script>", Author: "Kim Thoả", Unit: "Trung tâm VHTT&TT huyện"}
}

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
	if apperr.MessageOf(err) == "" {
		t.Fatalf("%s: no message", what)
	}
}

func (f *fixture) public(t *testing.T, slug string) (content.Article, error) {
	t.Helper()
	return f.cs.PublicArticle(ctx, f.site.ID, slug)
}

func TestFullWorkflowWithScheduling(t *testing.T) { onEachStore(t, testFullWorkflowWithScheduling) }

func testFullWorkflowWithScheduling(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Hội nghị bảo trợ xã hội"))).Get(t)
	if a.Status != content.StatusDraft || a.OwnerID != f.reporter.UserID || strings.Contains(a.Body, "script") {
		t.Fatalf("created %+v", a)
	}
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	_, err := f.nr.Return(ctx, f.editor, f.site.ID, a.ID, "  ")
	wantCode(t, err, apperr.Invalid, "return without a comment")
	a = testenv.Must(f.nr.Return(ctx, f.editor, f.site.ID, a.ID, "Bổ sung số liệu tháng 02/2023.")).Get(t)
	if a.Status != content.StatusReturned || a.ReviewNote != "Bổ sung số liệu tháng 02/2023." {
		t.Fatalf("after return %+v", a)
	}
	inbox := testenv.Must(f.nr.Inbox(ctx, f.reporter, 10)).Get(t)
	if len(inbox) != 1 || !strings.Contains(inbox[0].Message, "Bổ sung số liệu") {
		t.Errorf("reporter's inbox %+v", inbox)
	}
	d := f.draft("Hội nghị thực hiện chính sách bảo trợ xã hội")
	a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "đã bổ sung")).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	if in := testenv.Must(f.nr.Inbox(ctx, f.editor, 10)).Get(t); len(in) != 2 {
		t.Errorf("editor got %d notices, want 2 (two submissions)", len(in))
	}
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	_, err = f.nr.Schedule(ctx, f.approver, f.site.ID, a.ID, f.now.Add(-time.Minute))
	wantCode(t, err, apperr.Invalid, "schedule in the past")
	at := f.now.Add(2 * time.Second)
	a = testenv.Must(f.nr.Schedule(ctx, f.approver, f.site.ID, a.ID, at)).Get(t)
	if a.Status != content.StatusScheduled || !a.PublishedAt.Equal(at) {
		t.Fatalf("scheduled %+v", a)
	}
	if _, err := f.public(t, a.Slug); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("scheduled article public early: %v", err)
	}
	if n := testenv.Must(f.nr.RunDue(ctx)).Get(t); n != 0 {
		t.Fatalf("RunDue before the time published %d", n)
	}
	f.now = f.now.Add(3 * time.Second)
	if over := testenv.Must(f.nr.Overdue(ctx, 0)).Get(t); len(over) != 1 {
		t.Errorf("overdue list %d, want 1 before the run", len(over))
	}
	if n := testenv.Must(f.nr.RunDue(ctx)).Get(t); n != 1 {
		t.Fatalf("RunDue published %d, want 1", n)
	}
	pub, err := f.cs.Store().FindArticleByID(ctx, f.site.ID, a.ID)
	if err != nil || pub.Status != content.StatusPublished || pub.Title != d.Title || !pub.PublishedAt.Equal(at) {
		t.Fatalf("after RunDue %+v %v", pub, err)
	}
	if n := testenv.Must(f.nr.RunDue(ctx)).Get(t); n != 0 {
		t.Errorf("second RunDue published %d again", n)
	}
	revs := testenv.Must(f.nr.Revisions(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	// create, the reporter's fix, and the text as scheduled to go live
	if len(revs) != 3 || revs[0].Number != 3 || revs[0].Stage != content.StatusScheduled || revs[1].Note != "đã bổ sung" || revs[2].Number != 1 {
		t.Errorf("revisions %+v", revs)
	}
	// The audit log holds every step, in order, and verifies.
	n, problem, err := audit.Verify(ctx, f.db)
	if err != nil || problem != nil {
		t.Fatalf("audit verify: %v %v", problem, err)
	}
	entries := testenv.Must(f.db.AuditEntries(ctx, 0, 100)).Get(t)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Object != "article:"+strconv.FormatInt(a.ID, 10) {
			t.Errorf("audit object %q", e.Object)
		}
	}
	want := "article.create article.submit article.return article.save article.submit article.pass_to_approval article.schedule article.publish_scheduled"
	if strings.Join(actions, " ") != want || n != 8 {
		t.Errorf("audit actions %q, want %q", strings.Join(actions, " "), want)
	}
}

func TestRolesCanDoExactlyTheirPart(t *testing.T) { onEachStore(t, testRolesCanDoExactlyTheirPart) }

func testRolesCanDoExactlyTheirPart(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	anon := newsroom.Actor{Name: "Khách"}
	_, err := f.nr.Create(ctx, anon, f.site.ID, f.draft("x"))
	wantCode(t, err, apperr.Forbidden, "anonymous create")
	_, err = f.nr.Create(ctx, f.outsider, f.site.ID, f.draft("x"))
	wantCode(t, err, apperr.Forbidden, "another site's approver creates")
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Tin của phóng viên"))).Get(t)

	// Nobody but the owner (or an editor) submits; nobody skips a stage.
	_, err = f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)
	wantCode(t, err, apperr.Conflict, "pass a draft")
	_, err = f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)
	wantCode(t, err, apperr.Conflict, "publish a draft")
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	_, err = f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft("Sửa khi đang chờ"), "")
	wantCode(t, err, apperr.Conflict, "reporter edits a submitted article")
	_, err = f.nr.PassToApproval(ctx, f.reporter, f.site.ID, a.ID)
	wantCode(t, err, apperr.Forbidden, "reporter passes to approval")
	_, err = f.nr.Publish(ctx, f.editor, f.site.ID, a.ID)
	wantCode(t, err, apperr.Forbidden, "editor publishes")
	testenv.Must(f.nr.Save(ctx, f.editor, f.site.ID, a.ID, f.draft("Biên tập sửa"), "sửa tiêu đề")).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	_, err = f.nr.Publish(ctx, f.reporter, f.site.ID, a.ID)
	wantCode(t, err, apperr.Forbidden, "reporter publishes")
	_, err = f.nr.Publish(ctx, f.outsider, f.site.ID, a.ID)
	wantCode(t, err, apperr.Forbidden, "another site's approver publishes")
	a = testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	if _, err := f.public(t, a.Slug); err != nil {
		t.Fatalf("published article not public: %v", err)
	}
	_, err = f.nr.Withdraw(ctx, f.editor, f.site.ID, a.ID, "sai", "")
	wantCode(t, err, apperr.Forbidden, "editor withdraws")
	_, err = f.nr.Withdraw(ctx, f.approver, f.site.ID, a.ID, "", "")
	wantCode(t, err, apperr.Invalid, "withdraw without a reason")
	_, err = f.nr.Withdraw(ctx, f.approver, f.site.ID, a.ID, "Sai số liệu", "javascript:alert(1)")
	wantCode(t, err, apperr.Invalid, "withdraw to a script address")
	testenv.Must(f.nr.Withdraw(ctx, f.approver, f.site.ID, a.ID, "Sai số liệu", "/tin-tuc/ban-dinh-chinh")).Get(t)
	if _, err := f.public(t, a.Slug); !apperr.Is(err, apperr.Gone) {
		t.Errorf("withdrawn article: %v, want Gone", err)
	}
}

func TestSelfApprovalAndForcePublish(t *testing.T) { onEachStore(t, testSelfApprovalAndForcePublish) }

func testSelfApprovalAndForcePublish(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.approver, f.site.ID, f.draft("Bài của trưởng ban"))).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	_, err := f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)
	wantCode(t, err, apperr.Forbidden, "approving one's own article")
	_, err = f.nr.Schedule(ctx, f.approver, f.site.ID, a.ID, f.now.Add(time.Hour))
	wantCode(t, err, apperr.Forbidden, "scheduling one's own article")
	testenv.Must(f.nr.Publish(ctx, f.approver2, f.site.ID, a.ID)).Get(t)

	b := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Tin khẩn"))).Get(t)
	_, err = f.nr.ForcePublish(ctx, f.approver, f.site.ID, b.ID, "gấp")
	wantCode(t, err, apperr.Invalid, "force-publish with a short reason")
	_, err = f.nr.ForcePublish(ctx, f.editor, f.site.ID, b.ID, "Thông báo khẩn về bão số 3")
	wantCode(t, err, apperr.Forbidden, "editor force-publishes")
	b = testenv.Must(f.nr.ForcePublish(ctx, f.approver, f.site.ID, b.ID, "Thông báo khẩn về bão số 3")).Get(t)
	if b.Status != content.StatusPublished || !b.Flagged {
		t.Errorf("force-published %+v", b)
	}
	entries := testenv.Must(f.db.AuditEntries(ctx, 0, 100)).Get(t)
	last := entries[len(entries)-1]
	if last.Action != "article.force_publish" || last.Detail["reason"] != "Thông báo khẩn về bão số 3" {
		t.Errorf("force-publish audit %+v", last)
	}

	// A site that allows self-approval lets the approver publish their own.
	g := setup(t, open, user.Policy{AllowSelfApproval: true})
	c := testenv.Must(g.nr.Create(ctx, g.approver, g.site.ID, g.draft("Tự duyệt"))).Get(t)
	testenv.Must(g.nr.Submit(ctx, g.approver, g.site.ID, c.ID)).Get(t)
	testenv.Must(g.nr.PassToApproval(ctx, g.approver, g.site.ID, c.ID)).Get(t)
	// … with a second confirmation: without it, nothing is published.
	if _, err := g.nr.Publish(ctx, g.approver, g.site.ID, c.ID); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("self-approval without the confirmation: %v, want Invalid", err)
	}
	c = testenv.Must(g.nr.PublishOwn(ctx, g.approver, g.site.ID, c.ID)).Get(t)
	if c.Status != content.StatusPublished {
		t.Fatalf("self-approved article is %s", c.Status)
	}
	// Marked in the audit log and in the revision that went live.
	entries = testenv.Must(g.db.AuditEntries(ctx, 0, 100)).Get(t)
	if last := entries[len(entries)-1]; last.Action != "article.publish_own" || last.Detail["self_approval"] != "true" {
		t.Errorf("self-approval audit %+v", last)
	}
	revs := testenv.Must(g.nr.Revisions(ctx, g.approver, g.site.ID, c.ID)).Get(t)
	if revs[0].Stage != content.StatusPublished || revs[0].Note != newsroom.SelfApprovalNote {
		t.Errorf("self-approved revision %+v", revs[0])
	}
}

func TestEditOfPublishedArticleNeedsApprovalAndKeepsLiveText(t *testing.T) {
	onEachStore(t, testEditOfPublishedArticleNeedsApprovalAndKeepsLiveText)
}

func testEditOfPublishedArticleNeedsApprovalAndKeepsLiveText(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Tiêu đề gốc"))).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	a = testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	firstPublished := a.PublishedAt

	d := f.draft("Tiêu đề đính chính")
	a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "đính chính")).Get(t)
	if a.PendingRevisionID == 0 || a.PendingStage != content.StatusDraft || a.Status != content.StatusPublished {
		t.Fatalf("after editing a published article %+v", a)
	}
	live := testenv.Must(f.public(t, a.Slug)).Get(t)
	if live.Title != "Tiêu đề gốc" {
		t.Fatalf("the live text changed before approval: %q", live.Title)
	}
	_, err := f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "")
	if err != nil {
		t.Fatalf("owner re-saves a pending draft: %v", err)
	}
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	if live := testenv.Must(f.public(t, a.Slug)).Get(t); live.Title != "Tiêu đề gốc" {
		t.Fatalf("the live text changed while awaiting approval: %q", live.Title)
	}
	a = testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	live = testenv.Must(f.public(t, a.Slug)).Get(t)
	if live.Title != "Tiêu đề đính chính" || live.PendingRevisionID != 0 || !live.PublishedAt.Equal(firstPublished) {
		t.Errorf("after approving the edit %+v", live)
	}
}

func TestRevisionRetention(t *testing.T) { onEachStore(t, testRevisionRetention) }

// testRevisionRetention: old working revisions go, the newest, the pending
// one and every published text stay.
func testRevisionRetention(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Bản 1"))).Get(t)
	for i := 2; i <= 4; i++ {
		a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft(fmt.Sprintf("Bản %d", i)), "")).Get(t)
	}
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t) // revision 5: published
	a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft("Đính chính 1"), "")).Get(t)
	a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft("Đính chính 2"), "")).Get(t) // pending: revision 7
	b := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Bài khác"))).Get(t)            // only revision: kept
	if n := testenv.Must(f.nr.PruneRevisions(ctx, 90*24*time.Hour)).Get(t); n != 0 {
		t.Fatalf("pruned %d revisions younger than 90 days", n)
	}
	f.now = f.now.Add(100 * 24 * time.Hour)
	if n := testenv.Must(f.nr.PruneRevisions(ctx, 0)).Get(t); n != 0 {
		t.Fatalf("keep 0 (keep all) pruned %d", n)
	}
	n := testenv.Must(f.nr.PruneRevisions(ctx, 90*24*time.Hour)).Get(t)
	if n != 5 {
		t.Errorf("pruned %d, want 5 (drafts 1-4 and the first correction)", n)
	}
	var left []string
	for _, r := range testenv.Must(f.nr.Revisions(ctx, f.reporter, f.site.ID, a.ID)).Get(t) {
		left = append(left, fmt.Sprintf("%d:%s", r.Number, r.Stage))
	}
	if strings.Join(left, " ") != "7:draft 5:published" {
		t.Errorf("revisions left %v, want the pending one and the published one", left)
	}
	if revs := testenv.Must(f.nr.Revisions(ctx, f.reporter, f.site.ID, b.ID)).Get(t); len(revs) != 1 {
		t.Errorf("an article's only revision was pruned: %v", revs)
	}
}

// failOne is a store whose ApplyChange fails for one article: a row the
// database refuses (a broken trigger, a corrupt page) for whatever reason.
type failOne struct {
	store
	id int64
}

func (s failOne) ApplyChange(ctx context.Context, c *newsroom.Change) error {
	if c.Article != nil && c.Article.ID == s.id {
		return fmt.Errorf("disk I/O error writing article %d", s.id)
	}
	return s.store.ApplyChange(ctx, c)
}

// TestRunDueGoesOnPastAFailingArticle: an article that cannot be published
// must not hold up the ones due after it; the failure is reported.
func TestRunDueGoesOnPastAFailingArticle(t *testing.T) {
	onEachStore(t, testRunDueGoesOnPastAFailingArticle)
}

func testRunDueGoesOnPastAFailingArticle(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	schedule := func(title string, at time.Time) content.Article {
		a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft(title))).Get(t)
		testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
		testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
		return testenv.Must(f.nr.Schedule(ctx, f.approver, f.site.ID, a.ID, at)).Get(t)
	}
	bad := schedule("Bài hẹn giờ không đăng được", f.now.Add(time.Second))
	good := schedule("Bài hẹn giờ sau đó", f.now.Add(2*time.Second))
	f.now = f.now.Add(time.Minute)

	nr := newsroom.New(failOne{f.db, bad.ID}, f.cs, f.db, nil)
	nr.SetClock(func() time.Time { return f.now })
	n, err := nr.RunDue(ctx)
	if n != 1 {
		t.Errorf("RunDue published %d, want 1 (the article after the failing one)", n)
	}
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("article %d", bad.ID)) {
		t.Errorf("RunDue error %v, want one naming article %d", err, bad.ID)
	}
	if a, err := f.cs.Store().FindArticleByID(ctx, f.site.ID, good.ID); err != nil || a.Status != content.StatusPublished {
		t.Errorf("the later article: %v %v, want published", a.Status, err)
	}
	if a, err := f.cs.Store().FindArticleByID(ctx, f.site.ID, bad.ID); err != nil || a.Status != content.StatusScheduled {
		t.Errorf("the failing article: %v %v, want still scheduled", a.Status, err)
	}
	if over := testenv.Must(nr.Overdue(ctx, 0)).Get(t); len(over) != 1 || over[0].ID != bad.ID {
		t.Errorf("overdue %+v, want the failing article only", over)
	}
}

// TestWorkflowTable takes an article to every stage and tries every step
// from there: each lands where the matrix below (written out here,
// independently of the service's table) says, or is refused as out of
// order, and newsroom.Next agrees.
func TestWorkflowTable(t *testing.T) { onEachStore(t, testWorkflowTable) }

func testWorkflowTable(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	const (
		D  = content.StatusDraft
		Su = content.StatusSubmitted
		R  = content.StatusReturned
		A  = content.StatusApproval
		Sc = content.StatusScheduled
		P  = content.StatusPublished
		W  = content.StatusWithdrawn
	)
	stages := []content.Status{D, Su, R, A, Sc, P, W}
	want := map[newsroom.Step]map[content.Status]content.Status{
		newsroom.StepSubmit:         {D: Su, R: Su},
		newsroom.StepReturn:         {Su: R, A: R},
		newsroom.StepPassToApproval: {Su: A},
		newsroom.StepPublish:        {A: P},
		newsroom.StepSchedule:       {A: Sc},
		newsroom.StepForcePublish:   {D: P, Su: P, R: P, A: P, Sc: P},
		newsroom.StepWithdraw:       {P: W},
	}
	run := map[newsroom.Step]func(id int64) (content.Article, error){
		newsroom.StepSubmit: func(id int64) (content.Article, error) { return f.nr.Submit(ctx, f.approver, f.site.ID, id) },
		newsroom.StepReturn: func(id int64) (content.Article, error) {
			return f.nr.Return(ctx, f.approver, f.site.ID, id, "Cần sửa lại đoạn mở đầu.")
		},
		newsroom.StepPassToApproval: func(id int64) (content.Article, error) { return f.nr.PassToApproval(ctx, f.approver, f.site.ID, id) },
		newsroom.StepPublish:        func(id int64) (content.Article, error) { return f.nr.Publish(ctx, f.approver, f.site.ID, id) },
		newsroom.StepSchedule: func(id int64) (content.Article, error) {
			return f.nr.Schedule(ctx, f.approver, f.site.ID, id, f.now.Add(2*time.Hour))
		},
		newsroom.StepForcePublish: func(id int64) (content.Article, error) {
			return f.nr.ForcePublish(ctx, f.approver, f.site.ID, id, "Tin khẩn cấp cần đăng ngay.")
		},
		newsroom.StepWithdraw: func(id int64) (content.Article, error) {
			return f.nr.Withdraw(ctx, f.approver, f.site.ID, id, "Thông tin đã cũ.", "")
		},
	}
	n := 0
	for step, moves := range want {
		for _, from := range stages {
			n++
			art, err := f.nr.Create(ctx, f.reporter, f.site.ID, f.draft(fmt.Sprintf("Bài %d", n)))
			if err != nil {
				t.Fatal(err)
			}
			art.Status = from
			switch from {
			case Sc:
				art.PublishedAt = f.now.Add(time.Hour)
			case P, W:
				art.PublishedAt = f.now.Add(-time.Hour)
			}
			if err := f.db.ApplyChange(ctx, &newsroom.Change{Article: &art}); err != nil {
				t.Fatalf("put article in %s: %v", from, err)
			}
			to, ok := moves[from]
			if next, nok := newsroom.Next(step, from); next != to || nok != ok {
				t.Errorf("Next(%s, %s) = %s, %v; want %s, %v", step, from, next, nok, to, ok)
			}
			got, err := run[step](art.ID)
			switch {
			case !ok && !apperr.Is(err, apperr.Conflict):
				t.Errorf("%s from %s: %v, want Conflict", step, from, err)
			case ok && err != nil:
				t.Errorf("%s from %s: %v, want → %s", step, from, err, to)
			case ok && got.Status != to:
				t.Errorf("%s from %s: → %s, want → %s", step, from, got.Status, to)
			}
			stored, err := f.db.FindArticleByID(ctx, f.site.ID, art.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]content.Status{true: to, false: from}[ok]; stored.Status != want {
				t.Errorf("%s from %s: stored %s, want %s", step, from, stored.Status, want)
			}
		}
	}
}

// TestScheduledArticleWaitsOnArchivedSite: an archived site is a read-only
// record, so the scheduler leaves its scheduled articles scheduled (and
// does not count them overdue) until a platform administrator reopens it.
func TestScheduledArticleWaitsOnArchivedSite(t *testing.T) {
	onEachStore(t, testScheduledArticleWaitsOnArchivedSite)
}

func testScheduledArticleWaitsOnArchivedSite(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Bài hẹn giờ của trang sắp lưu trữ"))).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.Schedule(ctx, f.approver, f.site.ID, a.ID, f.now.Add(time.Second))).Get(t)
	sites := content.NewSites(f.db.(content.SiteRegistry))
	testenv.Must(sites.Archive(ctx, f.site.Key, "", vi.Day{}, audit.Entry{Actor: "test"})).Get(t)
	f.now = f.now.Add(time.Minute)
	if n := testenv.Must(f.nr.RunDue(ctx)).Get(t); n != 0 {
		t.Errorf("RunDue published %d articles of an archived site", n)
	}
	if over := testenv.Must(f.nr.Overdue(ctx, 0)).Get(t); len(over) != 0 {
		t.Errorf("overdue %+v: an archived site's scheduled article is not late, it waits", over)
	}
	if got, err := f.cs.Store().FindArticleByID(ctx, f.site.ID, a.ID); err != nil || got.Status != content.StatusScheduled {
		t.Errorf("after RunDue on the archived site: %v %v, want still scheduled", got.Status, err)
	}
	testenv.Must(sites.Reopen(ctx, f.site.Key, audit.Entry{Actor: "test"})).Get(t)
	if n := testenv.Must(f.nr.RunDue(ctx)).Get(t); n != 1 {
		t.Errorf("RunDue after reopening published %d, want 1", n)
	}
}
