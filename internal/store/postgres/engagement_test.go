package postgres_test

import (
	"testing"

	"trangtin/internal/rating"
	"trangtin/internal/store/storetest"
	"trangtin/internal/visits"
)

func TestScheduleConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunSchedule(t, func(t *testing.T) storetest.ScheduleStore { return openStore(t, freshSchema(t)) })
}

func TestRatingConformance(t *testing.T) {
	testDSN(t)
	storetest.RunRatings(t, func(t *testing.T) rating.Store { return openStore(t, freshSchema(t)) })
}

func TestVisitConformance(t *testing.T) {
	testDSN(t)
	storetest.RunVisits(t, func(t *testing.T) visits.Store { return openStore(t, freshSchema(t)) })
}

func TestRedirectsConformance(t *testing.T) {
	storetest.RunRedirects(t, func(t *testing.T) storetest.RedirectStore { return openStore(t, freshSchema(t)) })
}

func TestSyndicationConformance(t *testing.T) {
	storetest.RunSyndication(t, func(t *testing.T) storetest.SyndicationStore { return openStore(t, freshSchema(t)) })
}
