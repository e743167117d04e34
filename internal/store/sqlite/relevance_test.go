package sqlite_test

import (
	"testing"

	"trangtin/internal/demo"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

// TestRelevance runs the relevance evaluation (storetest.RunRelevance):
//
//	go test -run TestRelevance -v ./internal/store/sqlite
func TestRelevance(t *testing.T) {
	storetest.RunRelevance(t, func(t *testing.T) storetest.SearchStore { return open(t).(*sqlite.DB) },
		storetest.Demo{Ensure: demo.Ensure, SiteKey: demo.SiteKey, SeedTitle: demo.Seed.Title})
}
