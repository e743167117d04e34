package main

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/guard"
	"trangtin/internal/question"
	"trangtin/internal/workday"
)

// wireCitizen builds the citizens' services (Hỏi đáp, Lấy ý kiến dự thảo)
// and the public forms' limiter over the store.
func (a *app) wireCitizen() error {
	cal, err := workday.ParseCalendar(a.cfg.Holidays)
	if err != nil {
		return fmt.Errorf("--holidays: %w", err)
	}
	a.questions = question.NewService(a.db, cal, nil)
	a.questions.SetMail(a.mailer != nil)
	a.questions.OnChange(a.svc.NotifyChanged) // the answered questions block of cached pages
	a.contact = contactform.NewService(a.db, a.db, a.mailer != nil, nil)
	a.consultations = consultation.NewService(a.db, nil)
	a.guard = guard.NewLimiter(a.db, guard.DefaultLimit, guard.DefaultWindow, nil)
	// The limiter's key is read (or made) now, not at the first search: a
	// search is a read and must keep working on a full disk, where making
	// the key would fail. A start on a full disk goes on without it; the
	// first form or search then tries again.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.guard.Warm(ctx); err != nil {
		a.log.Warn("rate-limit key not loaded at start", "err", err)
	}
	if _, shared := a.db.(cluster); shared {
		// Several nodes: the search allowance is counted in the database,
		// as the forms' are, or each node would grant its own.
		r := a.guard.Rule(guard.FormSearch)
		r.Memory = false
		a.guard.SetRule(guard.FormSearch, r)
	}
	return nil
}
