package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestDocumentsConformance(t *testing.T) {
	storetest.RunDocuments(t, func(t *testing.T) storetest.DocumentStore { return open(t).(*sqlite.DB) })
}
