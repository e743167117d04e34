package sqlite_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestHarvestConformance(t *testing.T) { storetest.RunHarvest(t, open) }
