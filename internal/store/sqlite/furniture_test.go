package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestFurnitureConformance(t *testing.T) {
	storetest.RunFurniture(t, func(t *testing.T) storetest.FurnitureStore { return open(t).(*sqlite.DB) })
}
