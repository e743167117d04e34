package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/store/sqlite"
)

// TestLockedDatabaseIsUnavailableOnEveryReadPath: while another process
// holds the database file locked, every read answers apperr.Unavailable
// ("try later", a 503), never the raw SQLITE_BUSY (a 500).
func TestLockedDatabaseIsUnavailableOnEveryReadPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site := content.Site{Key: "k", Name: "N"}
	if err := db.CreateSite(ctx, &site); err != nil {
		t.Fatal(err)
	}
	sqlite.BusyReader(db, busyError(t, path))
	reads := map[string]func() error{
		"AuditEntries": func() error { _, err := db.AuditEntries(ctx, 0, 10); return err },
		"AuditHead":    func() error { _, _, err := db.AuditHead(ctx); return err },
		"FindAudit":    func() error { _, _, err := db.FindAudit(ctx, audit.Filter{}); return err },
		"FindRating": func() error {
			_, err := db.FindRating(ctx, site.ID, rating.Kind("article"), 1)
			return err
		},
		"FindRatings":  func() error { _, err := db.FindRatings(ctx, site.ID, "", 10, 0); return err },
		"CountRatings": func() error { _, err := db.CountRatings(ctx, site.ID, ""); return err },
		"VisitFigures": func() error {
			_, err := db.VisitFigures(ctx, site.ID, "2026-01-01", "2026-01", time.Now())
			return err
		},
		"FindScheduleEntries": func() error {
			_, err := db.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID})
			return err
		},
		"FindScheduleEntry": func() error { _, err := db.FindScheduleEntry(ctx, site.ID, 1); return err },
		"FindSetting":       func() error { _, err := db.FindSetting(ctx, site.ID, "x"); return err },
		"FindPolicy":        func() error { _, err := db.FindPolicy(ctx, site.ID); return err },
	}
	for name, read := range reads {
		if err := read(); !apperr.Is(err, apperr.Unavailable) {
			t.Errorf("%s on a locked database: %v, want apperr.Unavailable", name, err)
		}
	}
}

// busyError is a real SQLITE_BUSY: a second writer that does not wait,
// while another holds the write lock.
func busyError(t *testing.T, path string) error {
	ctx := context.Background()
	conn := func() *sql.Conn {
		p, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		c, err := p.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	a, b := conn(), conn()
	if _, err := a.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer a.ExecContext(ctx, "ROLLBACK")
	_, err := b.ExecContext(ctx, "BEGIN IMMEDIATE")
	if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		t.Fatalf("second writer: %v, want SQLITE_BUSY", err)
	}
	return err
}
