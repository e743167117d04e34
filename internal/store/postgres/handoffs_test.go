package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestHandoffConformance(t *testing.T) {
	testDSN(t)
	storetest.RunHandoffs(t, func(t *testing.T) storetest.HandoffStores { return openStore(t, freshSchema(t)) })
}
