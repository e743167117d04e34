package audit

import (
	"context"
	"time"
)

// Filter selects entries for the audit log viewer. The zero value of each
// field means "any".
type Filter struct {
	// SiteID restricts to one site's entries (> 0). 0 means every site and
	// the platform's own entries: only for platform administrators.
	SiteID int64
	// Action matches the action exactly, or, when it ends with ".", every
	// action starting with it ("user." finds "user.create", "user.role"…).
	Action string
	// Actor is part of the actor's recorded name, case-insensitive.
	Actor string
	From  time.Time // At >= From
	To    time.Time // At < To
	Limit int       // 0 means 50
	// Offset skips that many of the newest matching entries.
	Offset int
}

// Finder searches the log, newest first. Stores that keep the log
// implement it beside Store.
type Finder interface {
	// FindAudit returns at most f.Limit entries matching f, newest first,
	// and how many match in all.
	FindAudit(ctx context.Context, f Filter) ([]Entry, int, error)
}
