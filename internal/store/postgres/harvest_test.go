package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestHarvestConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunHarvest(t, open)
}
