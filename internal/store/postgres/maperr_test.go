package postgres

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// TestDiskFullIsUnavailableWithAMessage: PostgreSQL's disk_full (SQLSTATE
// 53100, "could not extend file") is apperr.Unavailable with the message
// saying the server is out of space, not the generic "busy" one.
func TestDiskFullIsUnavailableWithAMessage(t *testing.T) {
	full := &pgconn.PgError{Severity: "ERROR", Code: "53100", Message: `could not extend file "base/16384/16385": No space left on device`}
	for _, err := range []error{full, fmt.Errorf("insert article: %w", full)} {
		got := mapErr(err, content.ErrArticleNotFound)
		if !apperr.Is(got, apperr.Unavailable) || apperr.MessageOf(got) != apperr.MsgStorageFull {
			t.Errorf("mapErr(%v) = %v, want Unavailable with %q", err, got, apperr.MsgStorageFull)
		}
	}
	// Other lack of resources stays the generic "try later".
	busy := mapErr(&pgconn.PgError{Code: "53300"}, content.ErrArticleNotFound) // too_many_connections
	if !apperr.Is(busy, apperr.Unavailable) || apperr.MessageOf(busy) == apperr.MsgStorageFull {
		t.Errorf("too many connections: %v", busy)
	}
}
