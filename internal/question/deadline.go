package question

import (
	"time"
)

// DueSoonDays is how many working days before its deadline an open
// question counts as due soon ("sắp đến hạn") on the dashboard.
const DueSoonDays = 5

// DueSoon reports whether q is still open, not yet overdue, and due within
// DueSoonDays working days of now.
func (s *Service) DueSoon(q Question, now time.Time) bool {
	if !q.Status.Open() || q.Overdue(now) {
		return false
	}
	limit := s.cal.Deadline(now, DueSoonDays)
	return !q.DueAt.After(limit)
}

// Deadlines sorts open questions by their deadline as of now.
type Deadlines struct {
	Overdue, DueSoon int
}

// CountDeadlines counts, among qs, the overdue and the due-soon ones.
func (s *Service) CountDeadlines(qs []Question, now time.Time) Deadlines {
	var d Deadlines
	for _, q := range qs {
		switch {
		case q.Overdue(now):
			d.Overdue++
		case s.DueSoon(q, now):
			d.DueSoon++
		}
	}
	return d
}
