package web

import (
	"sync"
	"time"

	"trangtin/internal/vi"
)

// The top bar's date ("Thứ hai, 07/12/2026", Vietnam time) is rendered on
// the server into every page, cached ones included, so it reads without
// JavaScript and on a browser whose clock is wrong. A cached page keeps
// what it was rendered with; so at midnight in Vietnam a timer empties the
// page cache (pageCache.clear), and a page whose render began before the
// clear is not kept after it (put checks the generation). A cache hit does
// no work for the date: no clock read, no comparison. The ETag follows the
// body, so a browser revalidating yesterday's page gets today's.

// dayClock is the timer that empties the page cache when the day changes.
type dayClock struct {
	mu    sync.Mutex
	day   vi.Day
	timer *time.Timer
}

// startDayClock arms the timer for the next midnight in Vietnam.
func (s *Server) startDayClock() {
	now := s.now()
	s.day.mu.Lock()
	defer s.day.mu.Unlock()
	s.day.day = vi.DayOf(now)
	s.day.timer = time.AfterFunc(untilNextDay(now), s.dayChanged)
}

// dayChanged empties the page cache if the day in Vietnam changed since
// the last call, and arms the timer for the next midnight. A timer that
// fires early (the wall clock was set back) only re-arms.
func (s *Server) dayChanged() {
	now := s.now()
	s.day.mu.Lock()
	defer s.day.mu.Unlock()
	if d := vi.DayOf(now); d != s.day.day {
		s.day.day = d
		s.cache.clear()
	}
	if s.day.timer != nil {
		s.day.timer.Reset(untilNextDay(now))
	}
}

// Close stops the timer of the day change.
func (s *Server) Close() {
	s.day.mu.Lock()
	defer s.day.mu.Unlock()
	if s.day.timer != nil {
		s.day.timer.Stop()
	}
}

// untilNextDay is the time from now to the next midnight in Vietnam (at
// least a second, so a clock at midnight exactly does not spin).
func untilNextDay(now time.Time) time.Duration {
	y, m, d := now.In(vi.Zone).Date()
	return max(time.Date(y, m, d+1, 0, 0, 0, 0, vi.Zone).Sub(now), time.Second)
}

// today is the top bar's date and its machine-readable form.
func (s *Server) today() (text, iso string) {
	now := s.now()
	return vi.LocalDate(now), now.In(vi.Zone).Format(time.DateOnly)
}
