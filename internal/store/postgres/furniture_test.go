package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestFurnitureConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunFurniture(t, func(t *testing.T) storetest.FurnitureStore { return openStore(t, freshSchema(t)) })
}
