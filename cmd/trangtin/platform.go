package main

import (
	"time"

	"trangtin/internal/admin"
	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/sitemerge"
)

// platformArea is what the admin's platform area (/quan-tri/nen-tang)
// works with: the same site, merge and account services as `trangtin
// site`, the mail queue when e-mail is on, the scheduled backups' last
// success when the server makes them.
func (a *app) platformArea() *admin.Platform {
	p := &admin.Platform{Sites: content.NewSites(a.db), Store: a.db, Health: a.db, Merge: sitemerge.New(a.db)}
	if a.mailer != nil {
		var q mail.Queue = a.db
		p.Mail = q
	}
	if a.backups != nil {
		p.Backup = func() (time.Time, bool) { return a.backups.LastOK() }
	}
	return p
}
