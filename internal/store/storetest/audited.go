package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/media"
	"trangtin/internal/schedule"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// AuditedStores is what the audited-writes suite needs: the stores whose
// mutating calls take the audit entry, and the log.
type AuditedStores interface {
	content.Store
	schedule.Store
	audit.Store
	user.PolicyStore
	user.UserStore
	user.LoginAttemptStore
	media.RecordStore
	content.FurnitureStore
	mail.Prefs
}

// auditedWrite is one mutating call that takes its audit entry: write
// makes a change named by n (and passes a), made reports whether the
// change named by n is stored.
type auditedWrite struct {
	name  string
	write func(t *testing.T, n string, a *audit.Entry) error
	made  func(t *testing.T, n string) bool
}

// RunAuditedWrites checks that every mutating call given an audit entry
// writes it in the change's own transaction: after the call the entry is
// the log's last, naming the object written; and once the log cannot be
// written (its head row is gone, as after a crash or an intruder), the
// call fails and the change is not made either. So no change is ever left
// without its trace. open is RunAudit's.
func RunAuditedWrites(t *testing.T, open func(t *testing.T) (AuditStore, Tamper)) {
	ctx := context.Background()
	raw, tamper := open(t)
	s := raw.(AuditedStores)
	site := newSite(t, s, "nhatky")
	w, _ := schedule.ParseWeek("2026-W49")
	writes := []auditedWrite{{
		name: "schedule",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			e := schedule.Entry{SiteID: site.ID, Day: w.Monday(), Session: schedule.Morning, Leader: "Nguyễn Văn A", Content: n,
				Status: schedule.Draft}
			if err := s.CreateScheduleEntry(ctx, &e, a); err != nil {
				return err
			}
			e.Content = n + " (sửa)"
			return s.UpdateScheduleEntry(ctx, &e, &audit.Entry{SiteID: site.ID, Action: "schedule.update"})
		},
		made: func(t *testing.T, n string) bool {
			es, err := s.FindScheduleEntries(ctx, schedule.Filter{SiteID: site.ID})
			must(t, err, "FindScheduleEntries")
			for _, e := range es {
				if e.Content == n || e.Content == n+" (sửa)" {
					return true
				}
			}
			return false
		},
	}, {
		name: "category",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			c := content.Category{SiteID: site.ID, Name: n, Slug: vi.Slug(n)}
			if err := s.CreateCategory(ctx, &c, a); err != nil {
				return err
			}
			c.Hidden = true
			return s.UpdateCategory(ctx, &c, &audit.Entry{SiteID: site.ID, Action: "category.update"})
		},
		made: func(t *testing.T, n string) bool {
			_, err := s.FindCategoryBySlug(ctx, site.ID, vi.Slug(n))
			return err == nil
		},
	}, {
		name: "categoryDelete",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			c := content.Category{SiteID: site.ID, Name: n, Slug: "xoa-" + vi.Slug(n)}
			must(t, s.CreateCategory(ctx, &c, nil), "CreateCategory")
			return s.DeleteCategory(ctx, site.ID, c.ID, a)
		},
		made: func(t *testing.T, n string) bool { // deleted
			_, err := s.FindCategoryBySlug(ctx, site.ID, "xoa-"+vi.Slug(n))
			return err != nil
		},
	}, {
		name: "site",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			cur, err := s.FindSiteByID(ctx, site.ID)
			must(t, err, "FindSiteByID")
			cur.Agency = n
			return s.UpdateSite(ctx, &cur, a)
		},
		made: func(t *testing.T, n string) bool {
			cur, err := s.FindSiteByID(ctx, site.ID)
			must(t, err, "FindSiteByID")
			return cur.Agency == n
		},
	}, {
		name: "policy",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			return s.SavePolicy(ctx, site.ID, policyFor(n), a)
		},
		made: func(t *testing.T, n string) bool {
			p, err := s.FindPolicy(ctx, site.ID)
			must(t, err, "FindPolicy")
			return p == policyFor(n)
		},
	}, {
		name: "user",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			u := user.User{Email: emailFor(n), Name: n, PasswordHash: "x"}
			return s.CreateUser(ctx, &u, &user.Membership{SiteID: site.ID, Role: user.RoleEditor}, a)
		},
		made: func(t *testing.T, n string) bool {
			u, err := s.FindUserByEmail(ctx, emailFor(n))
			if err != nil {
				return false
			}
			ms, err := s.FindMemberships(ctx, u.ID)
			must(t, err, "FindMemberships")
			if len(ms) != 1 {
				t.Errorf("memberships %+v, want the grant made with the account", ms)
			}
			return true
		},
	}, {
		name: "role",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			u := user.User{Email: "vaitro." + emailFor(n), Name: n, PasswordHash: "x"}
			must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
			return s.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: site.ID, Role: user.RoleApprover}, a)
		},
		made: func(t *testing.T, n string) bool {
			u, err := s.FindUserByEmail(ctx, "vaitro."+emailFor(n))
			must(t, err, "FindUserByEmail")
			ms, err := s.FindMemberships(ctx, u.ID)
			must(t, err, "FindMemberships")
			return len(ms) == 1
		},
	}, {
		name: "unlock",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			must(t, s.SetLockedUntil(ctx, "khoa:"+n, time.Now().Add(time.Hour), nil), "SetLockedUntil")
			a.Object = "user:1" // a lock's key names no object: the caller names the account
			return s.SetLockedUntil(ctx, "khoa:"+n, time.Time{}, a)
		},
		made: func(t *testing.T, n string) bool {
			until, err := s.FindLockedUntil(ctx, "khoa:"+n)
			must(t, err, "FindLockedUntil")
			return until.IsZero()
		},
	}, {
		name: "passwordReset",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			u := user.User{Email: "matkhau." + emailFor(n), Name: n, PasswordHash: "cu"}
			must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
			u.PasswordHash, u.MustChangePassword = "moi", true
			return s.UpdateUser(ctx, &u, a)
		},
		made: func(t *testing.T, n string) bool {
			u, err := s.FindUserByEmail(ctx, "matkhau."+emailFor(n))
			must(t, err, "FindUserByEmail")
			return u.PasswordHash == "moi"
		},
	}, {
		name: "media",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			it := media.Item{SiteID: site.ID, Kind: media.KindFile, BlobKey: "aa/aa/" + vi.Slug(n) + ".pdf", FileKey: vi.Slug(n),
				FileName: "tep.pdf", ContentType: "application/pdf", Size: 3}
			return s.CreateMedia(ctx, &it, a)
		},
		made: func(t *testing.T, n string) bool {
			_, err := s.FindMediaByFileKey(ctx, site.ID, vi.Slug(n))
			return err == nil
		},
	}, {
		name: "setting",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			cur, err := s.FindSetting(ctx, site.ID, content.KeyAbout)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("FindSetting: %v", err)
			}
			set := content.Setting{SiteID: site.ID, Key: content.KeyAbout, Value: strconv.Quote(n), Revision: cur.Revision}
			return s.SaveSetting(ctx, &set, a)
		},
		made: func(t *testing.T, n string) bool {
			cur, err := s.FindSetting(ctx, site.ID, content.KeyAbout)
			return err == nil && cur.Value == strconv.Quote(n)
		},
	}, {
		name: "page",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			p := content.Page{SiteID: site.ID, Title: n, Slug: "trang-" + vi.Slug(n), Body: "<p>Một</p>"}
			if err := s.CreatePage(ctx, &p, a); err != nil {
				return err
			}
			p.Body = "<p>Hai</p>"
			return s.UpdatePage(ctx, &p, &audit.Entry{SiteID: site.ID, Action: "page.update"})
		},
		made: func(t *testing.T, n string) bool {
			_, err := s.FindPageBySlug(ctx, site.ID, "trang-"+vi.Slug(n))
			return err == nil
		},
	}, {
		name: "userDisable",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			u := user.User{Email: "khoa." + emailFor(n), Name: n, PasswordHash: "x"}
			must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
			u.Disabled = true
			return s.UpdateUser(ctx, &u, a)
		},
		made: func(t *testing.T, n string) bool {
			u, err := s.FindUserByEmail(ctx, "khoa."+emailFor(n))
			must(t, err, "FindUserByEmail")
			return u.Disabled
		},
	}, {
		name: "mailOptOut",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			u := user.User{Email: "thu." + emailFor(n), Name: n, PasswordHash: "x"}
			must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
			return s.SetMailOptOut(ctx, u.ID, true, a)
		},
		made: func(t *testing.T, n string) bool {
			u, err := s.FindUserByEmail(ctx, "thu."+emailFor(n))
			must(t, err, "FindUserByEmail")
			out, err := s.MailOptedOut(ctx, u.ID)
			must(t, err, "MailOptedOut")
			return out
		},
	}}
	if r, ok := raw.(content.SiteRegistry); ok {
		writes = append(writes, siteAuditedWrites(r, site)...)
	}
	for _, c := range writes {
		t.Run(c.name, func(t *testing.T) {
			before, _, err := s.AuditHead(ctx)
			must(t, err, "AuditHead")
			a := &audit.Entry{SiteID: site.ID, ActorID: 1, Actor: "quantri@nhatky.gov.vn", Action: c.name + ".test"}
			must(t, c.write(t, "Ghi lần một", a), c.name)
			if !c.made(t, "Ghi lần một") {
				t.Fatalf("%s: the change is not stored", c.name)
			}
			es, err := s.AuditEntries(ctx, before, 100)
			must(t, err, "AuditEntries")
			if len(es) == 0 || es[0].Action != a.Action || es[0].Object == "" || es[0].SiteID != site.ID {
				t.Fatalf("%s: log after the write = %+v, want the %q entry first, naming what was written", c.name, es, a.Action)
			}
		})
	}
	tamper(t, "DELETE FROM audit_head")
	for _, c := range writes {
		t.Run(c.name+"WithoutLog", func(t *testing.T) {
			a := &audit.Entry{SiteID: site.ID, ActorID: 1, Actor: "quantri@nhatky.gov.vn", Action: c.name + ".test"}
			if err := c.write(t, "Ghi lần hai", a); err == nil {
				t.Fatalf("%s succeeded with no audit log to write to", c.name)
			}
			if c.made(t, "Ghi lần hai") {
				t.Errorf("%s: the change was made though its audit entry could not be written", c.name)
			}
		})
	}
}

// policyFor is a different policy for each write of RunAuditedWrites.
func policyFor(n string) user.Policy {
	return user.Policy{AllowSelfApproval: true, RequireSecondFactor: n != "Ghi lần một"}
}

// emailFor is a distinct address for each write of RunAuditedWrites.
func emailFor(n string) string {
	if n == "Ghi lần một" {
		return "mot@nhatky.gov.vn"
	}
	return "hai@nhatky.gov.vn"
}
