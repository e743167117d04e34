package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestHandoffConformance(t *testing.T) {
	storetest.RunHandoffs(t, func(t *testing.T) storetest.HandoffStores { return open(t).(*sqlite.DB) })
}
