package admin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/user"
)

// TestInboxOfOneSiteIsNotCrowdedOutByAnother: an editor of A and B gets
// many notices on B after one on A; A's inbox still shows A's notice
// (and only A's), and marking all read on A leaves B's unread.
func TestInboxOfOneSiteIsNotCrowdedOutByAnother(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	both := f.addUser("bt.hai.trang@giavien.gov.vn", "Biên Tập Hai Trang", user.RoleEditor, f.siteA.ID)
	if err := f.db.SetMembership(ctx, user.Membership{UserID: both.ID, SiteID: f.siteB.ID, Role: user.RoleEditor}, nil); err != nil {
		t.Fatal(err)
	}
	repB := f.addUser("pv@hoalu.gov.vn", "Phóng Viên Hoa Lư", user.RoleReporter, f.siteB.ID)

	submit := func(site content.Site, cat content.Category, owner user.User, title string) {
		t.Helper()
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Body: "<p>Nội dung " + title + ".</p>",
			Summary: "Tóm tắt.", Author: "Kim Thoả", Status: content.StatusDraft, OwnerID: owner.ID}
		if err := f.content.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if _, err := f.news.Submit(ctx, f.actor(owner), site.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	submit(f.siteA, f.cat, f.reporter, "Bài của Gia Viễn chờ biên tập")
	for i := range inboxSize + 5 {
		submit(f.siteB, f.catB, repB, fmt.Sprintf("Bài số %d của Hoa Lư", i))
	}

	a := f.client("a.test")
	a.mustLogin(both.Email, pathHome)
	res := a.get(pathInbox)
	if res.status != http.StatusOK {
		t.Fatalf("inbox on A: %d", res.status)
	}
	if !strings.Contains(res.body, "Bài của Gia Viễn chờ biên tập") || !strings.Contains(res.body, pathInbox+"/da-doc") {
		t.Errorf("A's inbox does not show A's notice, crowded out by B's:\n%s", excerpt(res.body))
	}
	if strings.Contains(res.body, "của Hoa Lư") {
		t.Error("A's inbox shows B's notices")
	}
	if res := a.post(pathInbox+"/da-doc", nil); res.status != http.StatusSeeOther {
		t.Fatalf("mark all read on A: %d", res.status)
	}
	b := f.client("b.test")
	b.mustLogin(both.Email, pathHome)
	if res := b.get(pathInbox); !strings.Contains(res.body, pathInbox+"/da-doc") {
		t.Error("marking all read on A marked B's notices read")
	}
}
