package syndication_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
)

var ctx = context.Background()

type fixture struct {
	db                 *sqlite.DB
	svc                *syndication.Service
	cs                 *content.Service
	nr                 *newsroom.Service
	dir                *content.Directory
	prov, xa, xa2, top content.Site // top: a site with no parent
	provCat, xaCat     content.Category
}

func actor(id int64, site int64, role user.Role) newsroom.Actor {
	return newsroom.Actor{UserID: id, Name: "u" + string(rune('0'+id)), Memberships: []user.Membership{{UserID: id, SiteID: site, Role: role}}}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, cs: content.NewService(db)}
	f.prov = content.Site{Key: "tinh", Name: "Cổng thông tin tỉnh", Kind: content.KindProvince, Host: "tinh.test"}
	f.top = content.Site{Key: "khac", Name: "Trang khác", Host: "khac.test"}
	for _, s := range []*content.Site{&f.prov, &f.top} {
		must(t, db.CreateSite(ctx, s))
	}
	f.xa = content.Site{Key: "xa", Name: "Xã Gia Phong", Kind: content.KindCommune, Host: "xa.test", ParentID: f.prov.ID}
	f.xa2 = content.Site{Key: "xa2", Name: "Xã Gia Vân", Kind: content.KindCommune, Host: "xa2.test", ParentID: f.prov.ID}
	for _, s := range []*content.Site{&f.xa, &f.xa2} {
		must(t, db.CreateSite(ctx, s))
	}
	f.provCat = content.Category{SiteID: f.prov.ID, Name: "Tin từ cơ sở", Slug: "tin-tu-co-so"}
	f.xaCat = content.Category{SiteID: f.xa.ID, Name: "Tin tức", Slug: "tin-tuc"}
	for _, c := range []*content.Category{&f.provCat, &f.xaCat} {
		must(t, f.cs.SaveCategory(ctx, c, nil))
	}
	dir, err := content.NewDirectory(ctx, f.cs, nil)
	must(t, err)
	f.nr = newsroom.New(db, f.cs, db, nil)
	f.svc = syndication.New(db, f.cs, dir, db, nil)
	f.dir = dir
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) article(t *testing.T, site, cat int64, title string, st content.Status) content.Article {
	t.Helper()
	a := content.Article{SiteID: site, CategoryID: cat, Title: title, Body: content.TextToHTML("Nội dung " + title), Status: st,
		PublishedAt: time.Now().Add(-time.Hour)}
	must(t, f.cs.SaveArticle(ctx, &a))
	return a
}

func wantErr(t *testing.T, err error, code apperr.Code, sentinel error, what string) {
	t.Helper()
	if !apperr.Is(err, code) || sentinel != nil && !errors.Is(err, sentinel) {
		t.Fatalf("%s: got %v (code %q), want code %q %v", what, err, apperr.CodeOf(err), code, sentinel)
	}
	if apperr.MessageOf(err) == "" {
		t.Fatalf("%s: no message for the user", what)
	}
}

func (f *fixture) auditCount(t *testing.T) int {
	t.Helper()
	_, n, err := f.db.FindAudit(ctx, audit.Filter{Action: "syndication.", Limit: 1})
	must(t, err)
	return n
}

// TestProposeUpAndDecide: an approver proposes a published article to
// the parent; the parent's board refuses one with a comment and accepts
// another into its category; each bad request is refused with a message
// and writes nothing.
func TestProposeUpAndDecide(t *testing.T) {
	f := newFixture(t)
	xaBoard, xaEditor := actor(1, f.xa.ID, user.RoleApprover), actor(2, f.xa.ID, user.RoleEditor)
	provBoard, otherBoard := actor(3, f.prov.ID, user.RoleApprover), actor(4, f.xa2.ID, user.RoleApprover)
	pub := f.article(t, f.xa.ID, f.xaCat.ID, "Lễ hội hoa sen", content.StatusPublished)
	pub2 := f.article(t, f.xa.ID, f.xaCat.ID, "Tin trùng lặp", content.StatusPublished)
	draft := f.article(t, f.xa.ID, f.xaCat.ID, "Bản nháp", content.StatusDraft)

	_, err := f.svc.Propose(ctx, xaEditor, f.xa.ID, pub.ID)
	wantErr(t, err, apperr.Forbidden, nil, "an editor proposes")
	_, err = f.svc.Propose(ctx, xaBoard, f.xa.ID, draft.ID)
	wantErr(t, err, apperr.Conflict, syndication.ErrNotPublished, "propose a draft")
	_, err = f.svc.Propose(ctx, xaBoard, f.xa.ID, pub.ID+1000)
	wantErr(t, err, apperr.NotFound, nil, "propose an unknown article")
	_, err = f.svc.Propose(ctx, actor(5, f.top.ID, user.RoleApprover), f.top.ID, pub.ID)
	wantErr(t, err, apperr.Invalid, nil, "propose from a site without a parent")
	_, err = f.svc.Propose(ctx, xaBoard, f.prov.ID, pub.ID)
	wantErr(t, err, apperr.Forbidden, nil, "propose for another site")
	if n := f.auditCount(t); n != 0 {
		t.Fatalf("refused proposals wrote %d audit entries", n)
	}

	syn, err := f.svc.Propose(ctx, xaBoard, f.xa.ID, pub.ID)
	must(t, err)
	_, err = f.svc.Propose(ctx, xaBoard, f.xa.ID, pub.ID)
	wantErr(t, err, apperr.Conflict, syndication.ErrDuplicate, "propose twice")
	syn2, err := f.svc.Propose(ctx, xaBoard, f.xa.ID, pub2.ID)
	must(t, err)

	if n, err := f.svc.Pending(ctx, f.prov.ID); err != nil || n != 2 {
		t.Fatalf("pending on the province = %d, %v", n, err)
	}
	in, err := f.svc.Incoming(ctx, provBoard, f.prov.ID, syndication.Proposed, 10)
	if err != nil || len(in) != 2 {
		t.Fatalf("incoming = %v, %v", in, err)
	}
	_, err = f.svc.Incoming(ctx, xaBoard, f.prov.ID, "", 10)
	wantErr(t, err, apperr.Forbidden, nil, "another site's inbox")

	// Refusing needs a comment; another site's board cannot decide.
	before := f.auditCount(t)
	_, err = f.svc.Refuse(ctx, provBoard, f.prov.ID, syn2.ID, "  ")
	wantErr(t, err, apperr.Invalid, nil, "refuse without a comment")
	_, err = f.svc.Refuse(ctx, otherBoard, f.xa2.ID, syn2.ID, "Không phù hợp")
	wantErr(t, err, apperr.NotFound, syndication.ErrNotFound, "refuse another site's offer")
	_, err = f.svc.Accept(ctx, otherBoard, f.prov.ID, syn.ID, f.provCat.ID)
	wantErr(t, err, apperr.Forbidden, nil, "accept for a site one has no role on")
	_, err = f.svc.Accept(ctx, provBoard, f.prov.ID, syn.ID, f.xaCat.ID)
	wantErr(t, err, apperr.Invalid, nil, "accept into another site's category")
	if f.auditCount(t) != before {
		t.Fatal("refused decisions wrote audit entries")
	}
	_, err = f.svc.Refuse(ctx, provBoard, f.prov.ID, syn2.ID, "Tin này trùng với bài đã đăng.")
	must(t, err)
	out, err := f.svc.Outgoing(ctx, xaBoard, f.xa.ID, 10)
	must(t, err)
	if len(out) != 2 || out[0].State != syndication.Refused || out[0].Comment != "Tin này trùng với bài đã đăng." {
		t.Fatalf("the proposing site sees %+v", out)
	}
	_, err = f.svc.Accept(ctx, provBoard, f.prov.ID, syn2.ID, f.provCat.ID)
	wantErr(t, err, apperr.Conflict, syndication.ErrHandled, "accept a refused offer")

	acc, err := f.svc.Accept(ctx, provBoard, f.prov.ID, syn.ID, f.provCat.ID)
	must(t, err)
	cp, err := f.cs.PublicArticleByID(ctx, f.prov.ID, acc.CopyArticleID)
	must(t, err)
	if cp.Title != pub.Title || cp.CategoryID != f.provCat.ID || cp.OwnerID != provBoard.UserID {
		t.Fatalf("copy = %+v", cp)
	}
	src, site, ok, err := f.svc.CopySource(ctx, f.prov.ID, cp.ID)
	if err != nil || !ok || site.ID != f.xa.ID || src.Slug != pub.Slug {
		t.Fatalf("CopySource = %+v %v %v %v", src, site, ok, err)
	}
	_, err = f.svc.Refuse(ctx, provBoard, f.prov.ID, syn.ID, "Muộn")
	wantErr(t, err, apperr.Conflict, syndication.ErrHandled, "refuse an accepted offer")
	// Notices: the province's board was told nothing (no users stored),
	// the proposer's inbox has the answers.
	notices, err := f.db.FindInbox(ctx, xaBoard.UserID, 10)
	must(t, err)
	if len(notices) != 2 || !strings.Contains(notices[1].Message, "từ chối") || !strings.Contains(notices[0].Message, "đã nhận") {
		t.Fatalf("proposer's notices = %+v", notices)
	}
}

// TestPushDownOptInAndPropagation: a push reaches a child that opted in
// at once (in its "Tin tỉnh" category) and waits in the other child's
// inbox; a correction of the source reaches the copies, a withdrawal
// withdraws them; a child that is not below cannot be chosen.
func TestPushDownOptInAndPropagation(t *testing.T) {
	f := newFixture(t)
	provBoard := actor(3, f.prov.ID, user.RoleApprover)
	xaAdmin, xaBoard := actor(6, f.xa.ID, user.RoleSiteAdmin), actor(1, f.xa.ID, user.RoleApprover)
	xa2Board := actor(4, f.xa2.ID, user.RoleApprover)
	art := f.article(t, f.prov.ID, f.provCat.ID, "Chỉ thị về phòng chống bão", content.StatusPublished)

	wantErr(t, f.svc.SetReceiving(ctx, xaBoard, f.xa.ID, syndication.Receiving{On: true}), apperr.Forbidden, nil, "an approver sets the opt-in")
	wantErr(t, f.svc.SetReceiving(ctx, xaAdmin, f.xa.ID, syndication.Receiving{On: true, CategoryID: f.provCat.ID}), apperr.Invalid, nil, "opt in with another site's category")
	must(t, f.svc.SetReceiving(ctx, xaAdmin, f.xa.ID, syndication.Receiving{On: true}))

	_, err := f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, []int64{f.top.ID}, false)
	wantErr(t, err, apperr.Invalid, nil, "push to a site not below")
	_, err = f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, nil, false)
	wantErr(t, err, apperr.Invalid, nil, "push to nobody")
	_, err = f.svc.Push(ctx, xaBoard, f.xa.ID, art.ID, nil, true)
	wantErr(t, err, apperr.Invalid, nil, "push from a site without children")
	res, err := f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, nil, true)
	must(t, err)
	if len(res.Copied) != 1 || res.Copied[0].ID != f.xa.ID || len(res.Proposed) != 1 || res.Proposed[0].ID != f.xa2.ID {
		t.Fatalf("push = %+v", res)
	}
	recv, err := f.svc.Received(ctx, f.xa.ID, 5)
	must(t, err)
	if len(recv) != 1 {
		t.Fatalf("received on the commune = %+v", recv)
	}
	cat, err := f.db.FindCategoryBySlug(ctx, f.xa.ID, "tin-tinh")
	if err != nil || recv[0].CategoryID != cat.ID || cat.Name != syndication.CategoryName {
		t.Fatalf("the copy's category: %+v %v", cat, err)
	}
	if got, _ := f.svc.Received(ctx, f.xa2.ID, 5); len(got) != 0 {
		t.Fatalf("a child that did not opt in shows %+v without its board", got)
	}
	_, err = f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, []int64{f.xa2.ID}, false)
	wantErr(t, err, apperr.Conflict, syndication.ErrDuplicate, "push twice")
	_, err = f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, nil, true)
	wantErr(t, err, apperr.Conflict, nil, "push to all when all have it")
	late := content.Site{Key: "xa3", Name: "Xã mới", Kind: content.KindCommune, Host: "xa3.test", ParentID: f.prov.ID}
	must(t, f.db.CreateSite(ctx, &late))
	must(t, f.dir.Refresh(ctx))
	if res, err := f.svc.Push(ctx, provBoard, f.prov.ID, art.ID, nil, true); err != nil || len(res.Proposed) != 1 || res.Proposed[0].ID != late.ID {
		t.Fatalf("push to all after a new child came: %+v %v", res, err)
	}
	in, err := f.svc.Incoming(ctx, xa2Board, f.xa2.ID, syndication.Proposed, 5)
	if err != nil || len(in) != 1 || in[0].Direction != syndication.Down {
		t.Fatalf("the other child's inbox = %+v %v", in, err)
	}
	xa2Cat := content.Category{SiteID: f.xa2.ID, Name: "Tin tỉnh về", Slug: "tin-tinh-ve"}
	must(t, f.cs.SaveCategory(ctx, &xa2Cat, nil))
	acc, err := f.svc.Accept(ctx, xa2Board, f.xa2.ID, in[0].ID, xa2Cat.ID)
	must(t, err)

	// A correction through the workflow reaches both copies.
	pubAgain := func(title string) {
		t.Helper()
		_, err := f.nr.Save(ctx, provBoard, f.prov.ID, art.ID, newsroom.Draft{CategoryID: f.provCat.ID, Title: title, Body: art.Body}, "")
		must(t, err)
		_, err = f.nr.ForcePublish(ctx, provBoard, f.prov.ID, art.ID, "Đính chính số liệu theo báo cáo mới")
		must(t, err)
	}
	pubAgain("Chỉ thị về phòng chống bão (đính chính)")
	for _, id := range []struct{ site, art int64 }{{f.xa.ID, recv[0].ID}, {f.xa2.ID, acc.CopyArticleID}} {
		cp, err := f.cs.PublicArticleByID(ctx, id.site, id.art)
		if err != nil || cp.Title != "Chỉ thị về phòng chống bão (đính chính)" {
			t.Fatalf("copy on site %d after the correction: %q %v", id.site, cp.Title, err)
		}
	}
	if _, err := f.nr.Withdraw(ctx, provBoard, f.prov.ID, art.ID, "Văn bản bị thu hồi", ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range []struct{ site, art int64 }{{f.xa.ID, recv[0].ID}, {f.xa2.ID, acc.CopyArticleID}} {
		cp, err := f.db.FindArticleByID(ctx, id.site, id.art)
		if err != nil || cp.Status != content.StatusWithdrawn || !strings.Contains(cp.WithdrawnReason, "Văn bản bị thu hồi") {
			t.Fatalf("copy on site %d after the withdrawal: %s %q %v", id.site, cp.Status, cp.WithdrawnReason, err)
		}
	}
	if got, _ := f.svc.Received(ctx, f.xa.ID, 5); len(got) != 0 {
		t.Fatalf("a withdrawn copy is still in the Tin tỉnh block: %+v", got)
	}
	// Offering a withdrawn article is refused.
	_, err = f.svc.Propose(ctx, provBoard, f.prov.ID, art.ID)
	wantErr(t, err, apperr.Invalid, nil, "propose from the province, which has no parent")
}
