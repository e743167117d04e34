package sqlite_test

import (
	"testing"

	"trangtin/internal/media"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestMediaConformance(t *testing.T) {
	storetest.RunMedia(t, func(t *testing.T) media.RecordStore { return open(t).(*sqlite.DB) })
}

func TestMediaAccessConformance(t *testing.T) {
	storetest.RunMediaAccess(t, func(t *testing.T) storetest.MediaAccessStore { return open(t).(*sqlite.DB) })
}

func TestMediaCatalogConformance(t *testing.T) {
	storetest.RunMediaCatalog(t, func(t *testing.T) storetest.MediaCatalogStore { return open(t).(*sqlite.DB) })
}
