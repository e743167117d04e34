package main

import (
	"context"
	"sync"
	"time"

	"trangtin/internal/jobs"
	"trangtin/internal/mail"
)

// wireMail turns on the e-mail copy of inbox notices when an SMTP server
// is configured: the workflow queues each notice's mail in its own
// transaction, and runMail sends the queue in the background.
func (a *app) wireMail() {
	if !a.cfg.MailEnabled() {
		return
	}
	a.newsroom.SetMail(true)
	a.mailer = mail.NewDispatcher(a.db, mail.Config{Addr: a.cfg.SMTPAddr, From: a.cfg.SMTPFrom, User: a.cfg.SMTPUser,
		Password: a.cfg.SMTPPassword, StartTLS: a.cfg.MailStartTLS(), SiteURL: a.cfg.SiteURL}, a.log)
	if a.cfg.MailRetry > 0 {
		a.mailer.Retry = a.cfg.MailRetry
	}
	a.log.Info("notices are also sent by e-mail", "smtp", a.cfg.SMTPAddr, "starttls", a.cfg.MailStartTLS())
}

// mailPrefs lets users turn the e-mail copy off, when there is one.
func (a *app) mailPrefs() mail.Prefs {
	if a.mailer == nil {
		return nil
	}
	return a.db
}

// keepSentMail is how long sent and given-up messages stay in the outbox
// (for looking into a complaint); the notices themselves stay in the inbox.
const keepSentMail = 30 * 24 * time.Hour

// runMail sends queued notice e-mail until ctx ends, in goroutines of bg.
func (a *app) runMail(ctx context.Context, bg *sync.WaitGroup) {
	if a.mailer == nil {
		return
	}
	poll := a.cfg.MailPoll
	if poll <= 0 {
		poll = 5 * time.Second
	}
	bg.Go(func() { jobs.Every(ctx, poll, "send notice e-mail", a.log, a.mailer.RunOnce) })
	bg.Go(func() {
		jobs.Every(ctx, time.Hour, "prune sent notice e-mail", a.log, func(ctx context.Context) (int, error) {
			return a.db.PruneMail(ctx, time.Now().Add(-keepSentMail))
		})
	})
}
