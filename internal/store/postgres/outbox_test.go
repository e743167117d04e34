package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestOutboxConformance(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) storetest.OutboxStore { return openStore(t, freshSchema(t)) })
}

func TestOutboxLetterConformance(t *testing.T) {
	storetest.RunLetters(t, func(t *testing.T) storetest.OutboxLetterStore { return openStore(t, freshSchema(t)) })
}
