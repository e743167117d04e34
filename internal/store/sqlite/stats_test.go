package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestMailQueueAndStats(t *testing.T) {
	storetest.RunMailQueue(t, func(t *testing.T) storetest.MonitoredStore { return open(t).(*sqlite.DB) })
}
