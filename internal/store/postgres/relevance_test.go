package postgres_test

import (
	"testing"

	"trangtin/internal/demo"
	"trangtin/internal/store/storetest"
)

// TestRelevance runs the relevance evaluation (storetest.RunRelevance):
//
//	TRANGTIN_TEST_POSTGRES=… go test -run TestRelevance -v ./internal/store/postgres
func TestRelevance(t *testing.T) {
	testDSN(t)
	storetest.RunRelevance(t, func(t *testing.T) storetest.SearchStore { return openStore(t, freshSchema(t)) },
		storetest.Demo{Ensure: demo.Ensure, SiteKey: demo.SiteKey, SeedTitle: demo.Seed.Title})
}
