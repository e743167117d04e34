package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestOutboxConformance(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) storetest.OutboxStore { return open(t).(*sqlite.DB) })
}

func TestOutboxLetterConformance(t *testing.T) {
	storetest.RunLetters(t, func(t *testing.T) storetest.OutboxLetterStore { return open(t).(*sqlite.DB) })
}
