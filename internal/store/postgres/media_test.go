package postgres_test

import (
	"testing"

	"trangtin/internal/media"
	"trangtin/internal/store/storetest"
)

func TestMediaConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunMedia(t, func(t *testing.T) media.RecordStore { return openStore(t, freshSchema(t)) })
}

func TestMediaAccessConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunMediaAccess(t, func(t *testing.T) storetest.MediaAccessStore { return openStore(t, freshSchema(t)) })
}

func TestMediaCatalogConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunMediaCatalog(t, func(t *testing.T) storetest.MediaCatalogStore { return openStore(t, freshSchema(t)) })
}
