package main

import (
	"context"
	"sync"
	"time"

	"trangtin/internal/jobs"
)

// Several nodes on one PostgreSQL: the singletons run on one node at a
// time, and every node follows the others' changes.

// cluster is what a store shared by several nodes (PostgreSQL) offers
// them: news of the other nodes' changes, and the lead of the singletons.
type cluster interface {
	WatchChanges(ctx context.Context, onChange func(), onError func(error))
	Lead(ctx context.Context, retry time.Duration, work func(ctx context.Context), onState func(leading bool, err error))
}

// leadRetry is how often a node without the lead tries to take it, and
// how often the leader checks that it still holds it: a dead leader's
// work is taken over within about this long after PostgreSQL sees its
// connection closed (README: within 5 s).
const leadRetry = time.Second

// runSingletons runs, in goroutines of bg until ctx ends, the background
// work of which exactly one node must run at a time: the scheduler, the
// mail queue and the pruning jobs. On SQLite this process is the only
// node; on PostgreSQL the node holding the leader's lock runs them (see
// postgres.DB.Lead).
func (a *app) runSingletons(ctx context.Context, bg *sync.WaitGroup) {
	work := func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() { a.scheduler.Run(ctx) })
		wg.Go(func() {
			jobs.Every(ctx, time.Hour, "prune working revisions", a.log, func(ctx context.Context) (int, error) {
				return a.newsroom.PruneRevisions(ctx, a.cfg.KeepDrafts)
			})
		})
		wg.Go(func() {
			jobs.Every(ctx, time.Hour, "purge expired sessions", a.log, func(ctx context.Context) (int, error) {
				return 0, a.users.PurgeExpired(ctx)
			})
		})
		wg.Go(func() {
			jobs.Every(ctx, 10*time.Minute, "forget stale rate-limit hits", a.log, func(ctx context.Context) (int, error) {
				n, err := a.guard.Prune(ctx)
				return int(n), err
			})
		})
		wg.Go(func() {
			// The questions' deadline reminders: once per question and
			// threshold, however often this runs (question.RemindDue).
			jobs.Every(ctx, 10*time.Minute, "remind of question deadlines", a.log, a.questions.RemindDue)
		})
		a.runMail(ctx, &wg)
		wg.Wait()
	}
	c, ok := a.db.(cluster)
	if !ok {
		a.leading.Store(true)
		bg.Go(func() { work(ctx) })
		return
	}
	bg.Go(func() {
		c.Lead(ctx, leadRetry, work, func(leading bool, err error) {
			a.leading.Store(leading)
			switch {
			case leading:
				a.log.Info("this node now runs the scheduler, the mail queue and the other singletons")
			case err != nil:
				a.log.Warn("this node no longer runs the singletons", "err", err)
			}
		})
	})
}

// siteSafetyPoll is how often a node that hears the other nodes' changes
// (PostgreSQL's notifications) still reads the sites' versions, in case a
// notification were lost without the connection failing.
const siteSafetyPoll = 10 * time.Second

// watchSites keeps the site directory, and with it every cache keyed by
// the sites' versions, up to date with changes made by other processes:
// on PostgreSQL at once through notifications (with a catch-up on each
// reconnection) and a slow poll as the safety net; on SQLite by polling
// every second (a command run beside the server).
func (a *app) watchSites(ctx context.Context, bg *sync.WaitGroup) {
	warn := func(err error) { a.log.Warn("reload sites", "err", err) }
	poll := time.Second
	if c, ok := a.db.(cluster); ok {
		poll = siteSafetyPoll
		bg.Go(func() {
			c.WatchChanges(ctx, func() {
				if err := a.sites.Refresh(ctx); err != nil && ctx.Err() == nil {
					warn(err)
				}
			}, warn)
		})
	}
	bg.Go(func() { a.sites.Watch(ctx, poll, warn) })
}
