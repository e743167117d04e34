package content

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// ErrSiteArchived is the answer to a change asked of an archived site: it
// is a public record, read-only until a platform administrator reopens it.
var ErrSiteArchived = apperr.New(apperr.Conflict, "Trang thông tin này đã chuyển sang lưu trữ nên không nhận thay đổi. Quản trị viên nền tảng có thể mở lại trang nếu cần.")

// Archived reports whether s is a read-only public record.
func (s Site) Archived() bool { return s.State == StateArchived }

// ArchivePlan is what archiving a site would do, for --dry-run and for
// Archive itself.
type ArchivePlan struct {
	Site      Site  // the site as it will be
	Successor *Site // nil: none named
}

// PlanArchive checks archiving the site key, since the day since (zero:
// today), with the site successor (a key, "" for none) taking over: the
// site must not be merged, the successor must be another site, active.
// An archived site may be archived again to change its successor or date.
func (m *Sites) PlanArchive(ctx context.Context, key, successor string, since vi.Day) (ArchivePlan, error) {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return ArchivePlan{}, err
	}
	site, err := x.find(key)
	if err != nil {
		return ArchivePlan{}, err
	}
	if site.State == StateMerged {
		return ArchivePlan{}, siteErr(apperr.Conflict, "key", fmt.Sprintf("Trang %q đã sáp nhập vào trang khác, không lưu trữ được.", site.Key))
	}
	p := ArchivePlan{Site: *site}
	p.Site.State, p.Site.SuccessorID = StateArchived, 0
	if successor != "" {
		succ, err := x.find(successor)
		if err != nil {
			return ArchivePlan{}, siteErr(apperr.NotFound, "successor", fmt.Sprintf("Không có trang kế nhiệm mã %q.", successor))
		}
		switch {
		case succ.ID == site.ID:
			return ArchivePlan{}, siteErr(apperr.Invalid, "successor", "Trang kế nhiệm phải là một trang khác.")
		case succ.State != StateActive:
			return ArchivePlan{}, siteErr(apperr.Invalid, "successor", fmt.Sprintf("Trang kế nhiệm %q đang %s: chọn một trang đang hoạt động.", succ.Key, succ.State.Label()))
		}
		p.Successor, p.Site.SuccessorID = succ, succ.ID
	}
	if since.IsZero() {
		since = vi.DayOf(time.Now())
	}
	p.Site.EndedOn = since.String()
	return p, nil
}

// Archive makes the site key a read-only public record (see PlanArchive).
func (m *Sites) Archive(ctx context.Context, key, successor string, since vi.Day, a audit.Entry) (Site, error) {
	p, err := m.PlanArchive(ctx, key, successor, since)
	if err != nil {
		return Site{}, err
	}
	s := p.Site
	a.SiteID, a.Action, a.Detail = s.ID, "site.archive", map[string]string{"ended_on": s.EndedOn}
	if p.Successor != nil {
		a.Detail["successor"] = p.Successor.Key
	}
	return s, m.store.UpdateSite(ctx, &s, &a)
}

// Reopen makes the archived site key active again.
func (m *Sites) Reopen(ctx context.Context, key string, a audit.Entry) (Site, error) {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return Site{}, err
	}
	site, err := x.find(key)
	if err != nil {
		return Site{}, err
	}
	if site.State != StateArchived {
		return Site{}, siteErr(apperr.Invalid, "key", fmt.Sprintf("Trang %q đang %s, không phải trang lưu trữ.", site.Key, site.State.Label()))
	}
	s := *site
	s.State, s.SuccessorID, s.EndedOn = StateActive, 0, ""
	a.SiteID, a.Action = s.ID, "site.reopen"
	return s, m.store.UpdateSite(ctx, &s, &a)
}

// ArchiveNotice is what every public page of an archived site says.
type ArchiveNotice struct {
	Name          string // the site's name
	EndedOn       string // "01/07/2025"; "" when not known
	SuccessorName string // "" when none named
	Successor     *Site
}

// Notice returns the notice of s when it is archived, else nil; byID
// finds its successor.
func (s *Site) Notice(byID func(int64) *Site) *ArchiveNotice {
	if !s.Archived() {
		return nil
	}
	n := &ArchiveNotice{Name: s.Name}
	if d, err := vi.ParseDay(s.EndedOn); err == nil {
		n.EndedOn = d.Numeric()
	}
	if succ := byID(s.SuccessorID); s.SuccessorID != 0 && succ != nil {
		n.SuccessorName, n.Successor = succ.Name, succ
	}
	return n
}
