package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestDocumentsConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunDocuments(t, func(t *testing.T) storetest.DocumentStore { return openStore(t, freshSchema(t)) })
}
