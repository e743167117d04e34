package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/search"
	"trangtin/internal/syndication"
)

// SyndicationStore is a store that shares articles between sites.
type SyndicationStore interface {
	content.Store
	newsroom.Store
	syndication.Store
	search.Index
	FindAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error)
}

// RunSyndication checks offers between sites: proposing (once), refusing
// with a comment, accepting into a copy (once, of a text still public and
// unchanged), a push creating the receiving category, the standing
// opt-in, and a correction and a withdrawal of the source reaching the
// copy, its revisions, search entry and audit log in the source change's
// transaction. Every refused write leaves nothing behind.
func RunSyndication(t *testing.T, open func(t *testing.T) SyndicationStore) {
	s := open(t)
	prov := content.Site{Key: "tinh", Name: "Tỉnh Ninh Bình", Kind: content.KindProvince}
	must(t, s.CreateSite(ctx, &prov), "CreateSite tinh")
	xa := content.Site{Key: "xa", Name: "Xã Gia Phong", Kind: content.KindCommune, ParentID: prov.ID}
	must(t, s.CreateSite(ctx, &xa), "CreateSite xa")
	provCat := newCategory(t, s, prov.ID, "tin-tu-co-so", 0, 1)
	xaCat := newCategory(t, s, xa.ID, "tin-tuc", 0, 1)
	actor := &audit.Entry{At: time.Now(), Actor: "bbt@xa", ActorID: 7, Action: "article.publish"}

	publish := func(site, cat int64, title string, status content.Status) content.Article {
		a := content.Article{SiteID: site, CategoryID: cat, Title: title, Slug: strings.ReplaceAll(strings.ToLower(title), " ", "-"),
			Body: "<p>Nội dung " + title + "</p>", Status: status, PublishedAt: time.Now().Add(-time.Minute)}
		e := *actor
		must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &a, Revision: &newsroom.Revision{Draft: newsroom.Draft{CategoryID: cat, Title: title}, Stage: status}, Audit: &e}), "publish "+title)
		return a
	}
	src := publish(xa.ID, xaCat.ID, "Le hoi hoa sen", content.StatusPublished)
	draft := publish(xa.ID, xaCat.ID, "Ban nhap", content.StatusDraft)
	other := publish(xa.ID, xaCat.ID, "Tin khac", content.StatusPublished)

	offer := func(a content.Article, to int64, dir syndication.Direction) *syndication.Syndication {
		return &syndication.Syndication{SourceSiteID: a.SiteID, SourceArticleID: a.ID, TargetSiteID: to, Direction: dir, State: syndication.Proposed, ProposedBy: 7, ProposedAt: time.Now()}
	}
	entry := func(site int64, action string) *audit.Entry {
		return &audit.Entry{At: time.Now(), SiteID: site, ActorID: 7, Actor: "bbt", Action: action, Detail: map[string]string{}}
	}
	auditCount := func(action string) int {
		_, n, err := s.FindAudit(ctx, audit.Filter{Action: action, Limit: 1})
		must(t, err, "FindAudit "+action)
		return n
	}

	// Propose up: written with its audit entry and the notice.
	up := offer(src, prov.ID, syndication.Up)
	must(t, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: up, SourceVersion: src.Version, Audit: entry(xa.ID, "syndication.propose")}},
		Notices: []newsroom.Notice{{SiteID: prov.ID, UserID: 9, Message: "đề xuất"}}}), "propose")
	if up.ID == 0 {
		t.Fatal("propose: no ID")
	}
	got, err := s.FindSyndications(ctx, syndication.Filter{TargetSiteID: prov.ID, State: syndication.Proposed})
	must(t, err, "FindSyndications")
	if len(got) != 1 || got[0].ID != up.ID || got[0].SourceTitle != src.Title || got[0].Direction != syndication.Up || got[0].SourceStatus != content.StatusPublished {
		t.Fatalf("incoming = %+v", got)
	}
	if n, err := s.CountSyndications(ctx, syndication.Filter{TargetSiteID: prov.ID, State: syndication.Proposed}); err != nil || n != 1 {
		t.Fatalf("CountSyndications = %d, %v", n, err)
	}
	if n := auditCount("syndication.propose"); n != 1 {
		t.Fatalf("propose audit entries = %d, want 1", n)
	}

	// Refused writes leave nothing: twice, a draft, an unknown article.
	err = s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: offer(src, prov.ID, syndication.Up), Audit: entry(xa.ID, "syndication.propose")}}})
	wantIs(t, err, syndication.ErrDuplicate, "propose twice")
	err = s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: offer(draft, prov.ID, syndication.Up), Audit: entry(xa.ID, "syndication.propose")}}})
	wantIs(t, err, syndication.ErrNotPublished, "propose a draft")
	err = s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: offer(content.Article{ID: other.ID + 99, SiteID: xa.ID}, prov.ID, syndication.Up), Audit: entry(xa.ID, "syndication.propose")}}})
	wantIs(t, err, syndication.ErrNotPublished, "propose an unknown article")
	// A batch whose second item fails writes neither.
	err = s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{
		{S: offer(other, prov.ID, syndication.Up), Audit: entry(xa.ID, "syndication.propose")},
		{S: offer(draft, prov.ID, syndication.Up), Audit: entry(xa.ID, "syndication.propose")}}})
	wantIs(t, err, syndication.ErrNotPublished, "batch with a draft")
	if n, _ := s.CountSyndications(ctx, syndication.Filter{}); n != 1 {
		t.Fatalf("after refused writes: %d offers, want 1", n)
	}
	if n := auditCount("syndication.propose"); n != 1 {
		t.Fatalf("after refused writes: %d audit entries, want 1", n)
	}

	// Accept: a stale read of the source is refused; then the copy.
	accept := func(syn syndication.Syndication, version int64) (*syndication.Item, error) {
		cp := &content.Article{SiteID: prov.ID, CategoryID: provCat.ID, Title: src.Title, Slug: "ban-sao-" + fmt.Sprint(syn.ID), Body: src.Body,
			Status: content.StatusPublished, PublishedAt: time.Now()}
		syn.State, syn.DecidedBy, syn.DecidedAt = syndication.Accepted, 9, time.Now()
		it := syndication.Item{S: &syn, SourceVersion: version, Copy: cp, Revision: &newsroom.Revision{Stage: content.StatusPublished}, Audit: entry(prov.ID, "syndication.accept")}
		return &it, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{it}})
	}
	_, err = accept(got[0], src.Version+5)
	wantIs(t, err, syndication.ErrSourceChanged, "accept over a stale source")
	it, err := accept(got[0], src.Version)
	must(t, err, "accept")
	cp := it.Copy
	if cp.ID == 0 || it.S.CopyArticleID != cp.ID {
		t.Fatalf("accept: copy %d, offer copy %d", cp.ID, it.S.CopyArticleID)
	}
	_, err = accept(got[0], src.Version)
	wantIs(t, err, syndication.ErrHandled, "accept twice")
	if n, _ := s.CountArticles(ctx, content.ArticleFilter{SiteID: prov.ID}); n != 1 {
		t.Fatalf("province articles after accepting twice = %d, want 1 (no half-written copy)", n)
	}
	srcOf, err := s.FindCopySource(ctx, prov.ID, cp.ID)
	must(t, err, "FindCopySource")
	if srcOf.SiteID != xa.ID || srcOf.ArticleID != src.ID || srcOf.Slug != src.Slug || srcOf.Status != content.StatusPublished || !srcOf.UpdatedAt.IsZero() {
		t.Fatalf("FindCopySource = %+v", srcOf)
	}
	_, err = s.FindCopySource(ctx, xa.ID, cp.ID)
	wantIs(t, err, syndication.ErrNotACopy, "the copy asked on another site")
	_, err = s.FindCopySource(ctx, xa.ID, src.ID)
	wantIs(t, err, syndication.ErrNotACopy, "an original")

	// Refuse another proposal with a comment.
	up2 := offer(other, prov.ID, syndication.Up)
	must(t, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: up2, Audit: entry(xa.ID, "syndication.propose")}}}), "propose other")
	up2.State, up2.Comment, up2.DecidedBy, up2.DecidedAt = syndication.Refused, "Trùng với tin đã đăng", 9, time.Now()
	must(t, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: up2, Audit: entry(prov.ID, "syndication.refuse")}}}), "refuse")
	mine, err := s.FindSyndications(ctx, syndication.Filter{SourceSiteID: xa.ID})
	must(t, err, "outgoing")
	if len(mine) != 2 || mine[0].State != syndication.Refused || mine[0].Comment != "Trùng với tin đã đăng" || mine[1].State != syndication.Accepted {
		t.Fatalf("outgoing = %+v", mine)
	}
	wantIs(t, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{{S: up2, Audit: entry(prov.ID, "syndication.refuse")}}}), syndication.ErrHandled, "refuse twice")

	// A correction of the source reaches the copy in its transaction.
	src, err = s.FindArticleByID(ctx, xa.ID, src.ID)
	must(t, err, "reread source")
	src.Title, src.Body = "Le hoi hoa sen dinh chinh", "<p>Noi dung thuyenrong da dinh chinh</p>"
	e := *actor
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &src, Revision: &newsroom.Revision{Draft: newsroom.Draft{Title: src.Title}, Stage: content.StatusPublished}, Audit: &e}), "correct source")
	copied, err := s.FindArticleByID(ctx, prov.ID, cp.ID)
	must(t, err, "reread copy")
	if copied.Title != src.Title || copied.Body != src.Body || copied.Status != content.StatusPublished || copied.Slug != cp.Slug || copied.CategoryID != provCat.ID {
		t.Fatalf("copy after correction = %+v", copied)
	}
	revs, err := s.FindRevisions(ctx, prov.ID, cp.ID)
	must(t, err, "copy revisions")
	if len(revs) != 2 || revs[0].Draft.Title != src.Title {
		t.Fatalf("copy revisions = %+v", revs)
	}
	q, err := search.Parse("thuyenrong")
	must(t, err, "Parse")
	hits, _, err := s.SearchCandidates(ctx, q, search.Filter{SiteID: prov.ID, Now: time.Now().Add(time.Minute)}, 10)
	must(t, err, "search the copy")
	if len(hits) != 1 || hits[0].RefID != cp.ID {
		t.Fatalf("search on the province = %+v, want the copy", hits)
	}
	if srcOf, err = s.FindCopySource(ctx, prov.ID, cp.ID); err != nil || srcOf.UpdatedAt.IsZero() {
		t.Fatalf("copy source after a correction = %+v, %v (want UpdatedAt set)", srcOf, err)
	}
	if n := auditCount("syndication.correct"); n != 1 {
		t.Fatalf("correct audit entries = %d, want 1", n)
	}
	// A save of a pending edit (not public) reaches nobody.
	src, _ = s.FindArticleByID(ctx, xa.ID, src.ID)
	e = *actor
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &src, Revision: &newsroom.Revision{Draft: newsroom.Draft{Title: "Ban sua chua duyet"}, Stage: content.StatusDraft}, SetPending: true, Audit: &e}), "pending edit")
	if copied, _ = s.FindArticleByID(ctx, prov.ID, cp.ID); copied.Title != "Le hoi hoa sen dinh chinh" {
		t.Fatalf("a pending edit reached the copy: %q", copied.Title)
	}

	// Push down with a category made on first need, and the opt-in.
	must(t, s.SaveReceiving(ctx, xa.ID, syndication.Receiving{On: true}, entry(xa.ID, "syndication.receive")), "receive on")
	rcv, err := s.FindReceiving(ctx, xa.ID)
	if err != nil || !rcv.On || rcv.CategoryID != 0 {
		t.Fatalf("FindReceiving = %+v, %v", rcv, err)
	}
	if rcv, err = s.FindReceiving(ctx, prov.ID); err != nil || rcv.On {
		t.Fatalf("FindReceiving of a site never opted in = %+v, %v", rcv, err)
	}
	provArt := publish(prov.ID, provCat.ID, "Chi thi cua tinh", content.StatusPublished)
	down := offer(provArt, xa.ID, syndication.Down)
	down.State = syndication.Accepted
	pushItem := syndication.Item{S: down, SourceVersion: provArt.Version,
		Copy:     &content.Article{SiteID: xa.ID, Title: provArt.Title, Slug: "chi-thi-cua-tinh", Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Second)},
		Category: &content.Category{SiteID: xa.ID, Name: syndication.CategoryName, Slug: "tin-tinh"}, Revision: &newsroom.Revision{Stage: content.StatusPublished},
		Audit: entry(prov.ID, "syndication.push")}
	must(t, s.WriteSyndication(ctx, &syndication.Write{Items: []syndication.Item{pushItem}}), "push")
	cat, err := s.FindCategoryBySlug(ctx, xa.ID, "tin-tinh")
	must(t, err, "the Tin tỉnh category")
	if pushItem.Copy.CategoryID != cat.ID || down.CategoryID != cat.ID {
		t.Fatalf("pushed copy in category %d, want %d", pushItem.Copy.CategoryID, cat.ID)
	}
	recv, err := s.FindReceived(ctx, xa.ID, time.Now().Add(time.Minute), 10)
	must(t, err, "FindReceived")
	if len(recv) != 1 || recv[0].ID != pushItem.Copy.ID {
		t.Fatalf("received = %+v", recv)
	}
	if recv, _ = s.FindReceived(ctx, prov.ID, time.Now().Add(time.Minute), 10); len(recv) != 0 {
		t.Fatalf("the province received %+v (its copy came from below)", recv)
	}
	must(t, s.SaveReceiving(ctx, xa.ID, syndication.Receiving{}, entry(xa.ID, "syndication.receive")), "receive off")
	if rcv, _ = s.FindReceiving(ctx, xa.ID); rcv.On {
		t.Fatal("receiving still on after turning it off")
	}

	// Withdrawing the source withdraws the copy, audited on its site.
	src, _ = s.FindArticleByID(ctx, xa.ID, src.ID)
	src.Status, src.WithdrawnReason = content.StatusWithdrawn, "Sai số liệu"
	e = *actor
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &src, Audit: &e}), "withdraw source")
	copied, _ = s.FindArticleByID(ctx, prov.ID, cp.ID)
	if copied.Status != content.StatusWithdrawn || !strings.Contains(copied.WithdrawnReason, "Sai số liệu") {
		t.Fatalf("copy after withdrawal = %s %q", copied.Status, copied.WithdrawnReason)
	}
	entries, _, err := s.FindAudit(ctx, audit.Filter{SiteID: prov.ID, Action: "syndication.withdraw"})
	must(t, err, "withdraw audit")
	if len(entries) != 1 || entries[0].Object != fmt.Sprintf("article:%d", cp.ID) || entries[0].Actor != actor.Actor {
		t.Fatalf("withdraw audit = %+v", entries)
	}
	if hits, _, _ = s.SearchCandidates(ctx, q, search.Filter{SiteID: prov.ID, Now: time.Now().Add(time.Minute)}, 10); len(hits) != 0 {
		t.Fatalf("the withdrawn copy is still found: %+v", hits)
	}
	_, err = s.FindSyndication(ctx, up.ID+1000)
	wantCode(t, err, apperr.NotFound, "unknown offer")
}
