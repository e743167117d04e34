package main

import (
	"fmt"

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
	return nil
}
