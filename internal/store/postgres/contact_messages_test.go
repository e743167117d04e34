package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestContactMessagesConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunContactMessages(t, func(t *testing.T) storetest.ContactStore { return openStore(t, freshSchema(t)) })
}
