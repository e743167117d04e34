package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/rating"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
	"trangtin/internal/visits"
)

func open(t *testing.T) content.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	storetest.WantReopenKeeps(t, func() (*sqlite.DB, error) { return sqlite.Open(context.Background(), path) })
}

func TestSearchConformance(t *testing.T) {
	storetest.RunSearch(t, func(t *testing.T) storetest.SearchStore { return open(t).(*sqlite.DB) })
}

func TestUserConformance(t *testing.T) {
	storetest.RunUsers(t, func(t *testing.T) storetest.UserStores { return open(t).(*sqlite.DB) })
}

func TestScheduleConformance(t *testing.T) {
	storetest.RunSchedule(t, func(t *testing.T) storetest.ScheduleStore { return open(t).(*sqlite.DB) })
}

func TestRatingConformance(t *testing.T) {
	storetest.RunRatings(t, func(t *testing.T) rating.Store { return open(t).(*sqlite.DB) })
}

func TestVisitConformance(t *testing.T) {
	storetest.RunVisits(t, func(t *testing.T) visits.Store { return open(t).(*sqlite.DB) })
}

func TestSiteAdminConformance(t *testing.T) {
	storetest.RunSiteAdmin(t, func(t *testing.T) storetest.SiteAdminStore { return open(t).(*sqlite.DB) })
}

func TestRedirectsConformance(t *testing.T) {
	storetest.RunRedirects(t, func(t *testing.T) storetest.RedirectStore { return open(t).(*sqlite.DB) })
}

func TestMergeConformance(t *testing.T) {
	storetest.RunMerge(t, func(t *testing.T) storetest.MergeStore { return open(t).(*sqlite.DB) })
}

func TestHealthConformance(t *testing.T) {
	storetest.RunHealth(t, func(t *testing.T) storetest.HealthStore { return open(t).(*sqlite.DB) })
}

func TestSyndicationConformance(t *testing.T) {
	storetest.RunSyndication(t, func(t *testing.T) storetest.SyndicationStore { return open(t).(*sqlite.DB) })
}
