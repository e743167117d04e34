package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
)

// HealthStore is a store that reads the platform area's figures.
type HealthStore interface {
	MergeStore
	content.HealthStore
}

// RunHealth checks SitesHealth: per site, the newest publication, the
// publications since a day, the open questions past their deadline, the
// scheduled articles left unpublished past their time and the bytes of
// uploads; drafts, answered questions, future schedules and other sites'
// records are not counted, and a site with nothing is absent.
func RunHealth(t *testing.T, open func(t *testing.T) HealthStore) {
	s := open(t)
	a, b := newSite(t, s, "xa-a"), newSite(t, s, "xa-b")
	empty := newSite(t, s, "xa-trong")
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	since := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 1/12 in Vietnam
	n := 0
	article := func(site content.Site, status content.Status, at time.Time) {
		t.Helper()
		n++
		cat := newCategory(t, s, site.ID, fmt.Sprintf("c-%d", n), 0, 1)
		art := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Bài %d", n), Slug: fmt.Sprintf("bai-%d", n),
			Body: "<p>Bài</p>", Status: status, PublishedAt: at}
		must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &art}), "ApplyChange")
	}
	article(a, content.StatusPublished, since.Add(-time.Hour))    // last month
	article(a, content.StatusPublished, since)                    // this month, at its start
	article(a, content.StatusPublished, now.Add(-2*time.Hour))    // this month, the newest
	article(a, content.StatusDraft, now.Add(-time.Hour))          // not public
	article(a, content.StatusScheduled, now.Add(-time.Minute))    // overdue
	article(a, content.StatusScheduled, now.Add(time.Hour))       // not yet due
	article(b, content.StatusPublished, since.Add(-48*time.Hour)) // last month only
	article(b, content.StatusScheduled, now.Add(-72*time.Hour))
	article(b, content.StatusScheduled, now.Add(-time.Hour))
	question1 := func(site content.Site, st question.Status, due time.Time) {
		t.Helper()
		n++
		q := question.Question{SiteID: site.ID, CodeHash: fmt.Sprintf("%064d", n), Name: "Bình", Subject: "Hỏi", Body: "Hỏi",
			Status: st, ReceivedAt: due.Add(-21 * 24 * time.Hour), DueAt: due, UpdatedAt: due}
		if st == question.StatusAnswered {
			q.Answer, q.AnsweredAt = "Đáp", due
		}
		must(t, s.CreateQuestion(ctx, &q), "CreateQuestion")
	}
	question1(a, question.StatusNew, now.Add(-time.Hour))
	question1(a, question.StatusAccepted, now.Add(-24*time.Hour))
	question1(a, question.StatusNew, now.Add(time.Hour))          // not yet due
	question1(a, question.StatusAnswered, now.Add(-48*time.Hour)) // answered late: closed
	question1(b, question.StatusRejected, now.Add(-48*time.Hour)) // closed
	createMedia(t, s, mediaFile(a.ID, "d1/d1/d1d1000000000000000000000000000001.pdf"))
	createMedia(t, s, mediaImage(a.ID, "d1/d1/d1d1000000000000000000000000000002"))
	createMedia(t, s, mediaFile(b.ID, "d1/d1/d1d1000000000000000000000000000003.pdf"))

	got, err := s.SitesHealth(ctx, now, since)
	must(t, err, "SitesHealth")
	for id, h := range got {
		h.LastPublished = h.LastPublished.UTC()
		got[id] = h
	}
	want := map[int64]content.SiteHealth{
		a.ID: {LastPublished: now.Add(-2 * time.Hour), PublishedSince: 2, OverdueQuestions: 2, OverdueScheduled: 1, MediaBytes: 98765 + 123456},
		b.ID: {LastPublished: since.Add(-48 * time.Hour), OverdueScheduled: 2, MediaBytes: 98765},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("SitesHealth (-want +got):\n%s", d)
	}
	if _, ok := got[empty.ID]; ok {
		t.Errorf("a site with nothing has figures: %+v", got[empty.ID])
	}
}
