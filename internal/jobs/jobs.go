// Package jobs runs the background work of a server: publishing scheduled
// articles on time. It needs no external cron and no visitors: it runs at
// start-up (catching up on anything that fell due while the server was
// down) and then every tick.
package jobs

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"
)

// Publisher publishes what is due and reports how many it published; an
// error may come with a count when some were published and others failed.
type Publisher interface {
	RunDue(ctx context.Context) (int, error)
}

// Scheduler calls a Publisher every interval.
type Scheduler struct {
	pub      Publisher
	interval time.Duration
	log      *slog.Logger
	lastRun  atomic.Int64 // Unix nanoseconds of the last completed run
}

// NewScheduler returns a scheduler; interval 0 means every second.
func NewScheduler(pub Publisher, interval time.Duration, log *slog.Logger) *Scheduler {
	if interval <= 0 {
		interval = time.Second
	}
	return &Scheduler{pub: pub, interval: interval, log: log}
}

// Run works until ctx ends. The first run is immediate.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		s.runOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runOnce publishes what is due. A run in which some articles failed still
// reports the ones it published; it does not count as a completed run, so
// /healthz keeps showing the failures as overdue.
func (s *Scheduler) runOnce(ctx context.Context) {
	n, err := s.pub.RunDue(ctx)
	if n > 0 {
		s.log.Info("published scheduled articles", "count", n)
	}
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("scheduled publishing", "err", err)
		}
		return
	}
	s.lastRun.Store(time.Now().UnixNano())
}

// LastRun is when the scheduler last completed a run (zero: never).
func (s *Scheduler) LastRun() time.Time {
	ns := s.lastRun.Load()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// Every runs fn now and then every interval until ctx ends, logging what
// it did: the maintenance work (revision retention, expired sessions).
func Every(ctx context.Context, interval time.Duration, name string, log *slog.Logger, fn func(ctx context.Context) (int, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := fn(ctx); err != nil && ctx.Err() == nil {
			log.Error(name, "err", err)
		} else if n > 0 {
			log.Info(name, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
