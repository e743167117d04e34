package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// approvedArticle writes an article through the workflow up to approval,
// as three people of the demo site would.
func approvedArticle(t *testing.T, app *testApp, title string) content.Article {
	t.Helper()
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := app.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")
	if err != nil {
		t.Fatal(err)
	}
	actor := func(id int64, role user.Role) newsroom.Actor {
		return newsroom.Actor{UserID: id, Name: string(role), Memberships: []user.Membership{{UserID: id, SiteID: site.ID, Role: role}}}
	}
	reporter, editor := actor(101, user.RoleReporter), actor(102, user.RoleEditor)
	a, err := app.newsroom.Create(ctx, reporter, site.ID, newsroom.Draft{CategoryID: cat.ID, Title: title, Body: "<p>Nội dung hẹn giờ.</p>", Author: "Kim Thoả", Unit: "Trung tâm VHTT&TT huyện"})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() (content.Article, error){
		func() (content.Article, error) { return app.newsroom.Submit(ctx, reporter, site.ID, a.ID) },
		func() (content.Article, error) { return app.newsroom.PassToApproval(ctx, editor, site.ID, a.ID) },
	} {
		if a, err = step(); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

var approver = func(siteID int64) newsroom.Actor {
	return newsroom.Actor{UserID: 103, Name: "approver", Memberships: []user.Membership{{UserID: 103, SiteID: siteID, Role: user.RoleApprover}}}
}

// TestScheduledWhileDownGoesLiveAfterRestart: an article falls due while
// the server is stopped; within seconds of the next start it is public,
// with no visitor needed to trigger it.
func TestScheduledWhileDownGoesLiveAfterRestart(t *testing.T) {
	cfg := config.Config{DataDir: t.TempDir()}
	app := startApp(t, cfg)
	a := approvedArticle(t, app, "Thông báo lịch tiếp công dân tháng 12")
	due := time.Now().Add(1500 * time.Millisecond)
	if _, err := app.newsroom.Schedule(context.Background(), approver(a.SiteID), a.SiteID, a.ID, due); err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, app.URL+content.ArticlePath(a.Slug)); res.StatusCode != 404 {
		t.Fatalf("scheduled article answered %d before its time", res.StatusCode)
	}
	app.Stop()
	time.Sleep(time.Until(due) + time.Second) // it falls due while nothing runs

	app = startApp(t, cfg)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, body := get(t, app.URL+content.ArticlePath(a.Slug))
		if res.StatusCode == 200 && strings.Contains(body, "Nội dung hẹn giờ.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the restart the article still answers %d", res.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, home := get(t, app.URL+"/"); !strings.Contains(home, a.Title) {
		t.Error("the home page does not list the article published by the scheduler")
	}
	if res, body := get(t, app.URL+"/healthz?chi-tiet"); res.StatusCode != 200 || !strings.Contains(body, "overdue scheduled articles: 0") {
		t.Errorf("healthz after catching up: %d %q", res.StatusCode, body)
	}
}

// TestOverdueShowsInHealthz: an article overdue by more than the grace
// period (the scheduler cannot have run) makes /healthz fail with details.
func TestOverdueShowsInHealthz(t *testing.T) {
	app := startApp(t, config.Config{DataDir: t.TempDir()})
	a := approvedArticle(t, app, "Bài quá hạn")
	// Write the overdue state directly, as if the scheduler had been down
	// for a minute while this server kept answering.
	a.Status, a.PublishedAt = content.StatusScheduled, time.Now().Add(-time.Minute)
	if err := app.db.UpdateArticle(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, app.URL+"/healthz")
	if res.StatusCode != 200 && res.StatusCode != 503 {
		t.Fatalf("healthz %d", res.StatusCode)
	}
	// The running scheduler publishes it within a second; until then (or
	// if it could not), healthz names it.
	if res.StatusCode == 503 && !strings.Contains(body, "Bài quá hạn") {
		t.Errorf("healthz 503 without naming the article: %q", body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if res, _ := get(t, app.URL+content.ArticlePath(a.Slug)); res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduler did not publish the overdue article")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestWithdrawnArticle: 410 with the reason, or a redirect to its replacement.
func TestWithdrawnArticle(t *testing.T) {
	app := startApp(t, config.Config{DataDir: t.TempDir()})
	ctx := context.Background()
	for _, c := range []struct{ title, replacement string }{{"Bài sai số liệu", ""}, {"Bài có bản thay thế", "/tin-tuc/ban-dinh-chinh"}} {
		a := approvedArticle(t, app, c.title)
		ap := approver(a.SiteID)
		if _, err := app.newsroom.Publish(ctx, ap, a.SiteID, a.ID); err != nil {
			t.Fatal(err)
		}
		if res, _ := get(t, app.URL+content.ArticlePath(a.Slug)); res.StatusCode != 200 {
			t.Fatalf("published: %d", res.StatusCode)
		}
		if _, err := app.newsroom.Withdraw(ctx, ap, a.SiteID, a.ID, "Số liệu chưa chính xác", c.replacement); err != nil {
			t.Fatal(err)
		}
		res, body := get(t, app.URL+content.ArticlePath(a.Slug))
		if c.replacement == "" {
			if res.StatusCode != 410 || !strings.Contains(body, "Số liệu chưa chính xác") {
				t.Errorf("withdrawn: %d, want 410 with the reason", res.StatusCode)
			}
		} else if res.StatusCode != 301 || res.Header.Get("Location") != c.replacement {
			t.Errorf("withdrawn with a replacement: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	}
}
