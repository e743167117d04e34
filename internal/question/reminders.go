package question

import (
	"context"
	"time"

	"trangtin/internal/vi"
	"trangtin/internal/workday"
)

// Reminders: the members of the unit a question is assigned to (or, for a
// question assigned to no unit with members, the site's editors and
// approvers) get an inbox notice, and its e-mail copy, 5 and then 2
// working days before the deadline while it is still open. Each reminder
// goes out once per question and threshold, however many nodes run the
// job and however often: the store records it with the notices, in one
// transaction, and refuses a second.

// ReminderDays are the thresholds, in working days before the deadline,
// largest first.
var ReminderDays = []int{5, 2}

// ReminderStore finds the questions to remind of and records reminders.
type ReminderStore interface {
	// FindQuestionsToRemind lists open questions (new, accepted) of active
	// sites due at or before dueBefore and not yet past due at now, not
	// yet reminded at the smallest threshold, by deadline, at most limit.
	FindQuestionsToRemind(ctx context.Context, now, dueBefore time.Time, limit int) ([]Question, error)
	// RemindQuestion records the reminder of q at days and writes the
	// notices (message, with e-mail copies when mail) to the recipients,
	// in one transaction, unless that reminder was recorded before: then
	// it writes nothing and reports false.
	RemindQuestion(ctx context.Context, q Question, days int, message string, at time.Time, mail bool) (bool, error)
}

// WorkingDaysLeft counts the working days after now's day up to the
// deadline's day (the deadline's own day counted): 0 on the last day.
func WorkingDaysLeft(cal workday.Calendar, now, due time.Time) int {
	d, end := workday.DateOf(now), workday.DateOf(due)
	n := 0
	for d.Before(end) {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// reminderFor returns the threshold whose reminder is due for a question
// with left working days: the smallest threshold at or above left (a
// question found with 2 days left gets the 2-day reminder only), or 0.
func reminderFor(left int) int {
	due := 0
	for _, t := range ReminderDays {
		if left <= t {
			due = t
		}
	}
	return due
}

// RemindDue sends the reminders due at the service's clock and reports how
// many it sent: the deadline job, run by the scheduler.
func (s *Service) RemindDue(ctx context.Context) (int, error) {
	rs, ok := s.store.(ReminderStore)
	if !ok {
		return 0, nil
	}
	now := s.now().UTC()
	// 5 working days are at most 5 + 2×2 weekend days + holidays: a month
	// covers any calendar.
	qs, err := rs.FindQuestionsToRemind(ctx, now, now.AddDate(0, 1, 0), 500)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, q := range qs {
		left := WorkingDaysLeft(s.cal, now, q.DueAt)
		days := reminderFor(left)
		if days == 0 {
			continue
		}
		msg := "Nhắc hạn: câu hỏi " + q.label() + " còn " + itoa(int64(left)) + " ngày làm việc đến hạn trả lời (" + vi.LocalDate(q.DueAt) + ")"
		if q.Unit != "" {
			msg += ", giao " + q.Unit
		}
		msg += "."
		ok, err := rs.RemindQuestion(ctx, q, days, msg, now.Truncate(time.Microsecond), s.mail)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}
