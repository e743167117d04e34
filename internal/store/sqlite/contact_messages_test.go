package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestContactMessagesConformance(t *testing.T) {
	storetest.RunContactMessages(t, func(t *testing.T) storetest.ContactStore { return open(t).(*sqlite.DB) })
}
