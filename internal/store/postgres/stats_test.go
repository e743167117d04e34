package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestMailQueueAndStats(t *testing.T) {
	storetest.RunMailQueue(t, func(t *testing.T) storetest.MonitoredStore { return openStore(t, freshSchema(t)) })
}
