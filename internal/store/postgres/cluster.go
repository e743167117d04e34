package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Several nodes on one database (README, "Several nodes"): WatchChanges
// tells a node at once of the changes the others commit, and Lead makes
// one node at a time run the singletons (the scheduler, the mail queue,
// the pruning jobs). Each holds a connection of its own, outside the pool,
// so neither a busy pool nor the pool's recycling of connections touches
// them.

// changesChannel is where migration 0042's trigger notifies a change of a
// site's versions, with the schema as payload.
const changesChannel = "trangtin_changes"

// leadLockClass is the first key of the leader's session advisory lock;
// the second is the hash of the schema, so that installations sharing a
// database in different schemas each have their own leader.
const leadLockClass = 7214102

// Reconnection: the first retry after this, doubling up to reconnectMax.
const (
	reconnectMin = 100 * time.Millisecond
	reconnectMax = 5 * time.Second
)

// connect opens a connection of its own with the pool's settings. The
// server is asked to probe an idle connection after 5 s of silence, so
// that a node that vanished without closing its connection (a power cut,
// a partition) loses its advisory lock within about 10 s, not the
// kernel's default of two hours; a process that dies is seen at once, its
// kernel closing the connection.
func (db *DB) connect(ctx context.Context, name string) (*pgx.Conn, error) {
	cfg := db.cfg.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["tcp_keepalives_idle"] = "5"
	cfg.RuntimeParams["tcp_keepalives_interval"] = "2"
	cfg.RuntimeParams["tcp_keepalives_count"] = "2"
	cfg.RuntimeParams["application_name"] = name
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return pgx.ConnectConfig(cctx, cfg)
}

// backoff waits d (or until ctx ends) and returns the next wait.
func backoff(ctx context.Context, d time.Duration) time.Duration {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
	return min(2*d, reconnectMax)
}

// WatchChanges calls onChange after every committed change of a site's
// versions that any process makes on this database (schema), usually
// within milliseconds of the commit, until ctx ends. It calls onChange
// once after each connection too, the first included: a notification
// sent while the connection was down is lost, so the caller catches up by
// reading the versions again. Calls come one at a time; notifications
// that arrive during a call are folded into one more call. A lost
// connection is reported to onError (nil: not reported) and made again.
func (db *DB) WatchChanges(ctx context.Context, onChange func(), onError func(error)) {
	kick := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-kick:
				onChange()
			}
		}
	}()
	notify := func() {
		select {
		case kick <- struct{}{}:
		default: // a call is already due: it reads every change so far
		}
	}
	wait := reconnectMin
	for ctx.Err() == nil {
		err := db.listen(ctx, notify)
		if ctx.Err() != nil {
			break
		}
		if onError != nil {
			onError(fmt.Errorf("listen for changes: %w", err))
		}
		wait = backoff(ctx, wait)
	}
	<-done
}

// listen holds one connection listening on changesChannel until it fails
// or ctx ends.
func (db *DB) listen(ctx context.Context, notify func()) error {
	conn, err := db.connect(ctx, "trangtin listen")
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	notify() // catch up on what changed while no one listened
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Payload == schema {
			notify()
		}
	}
}

// Lead runs work while this process holds the leader's lock, a session
// advisory lock of the database (schema) taken on a connection of its
// own, so that exactly one node of those sharing the database runs work
// at a time. A node without the lock tries again every retry. The lock
// is held until ctx ends or the connection fails (checked every retry):
// then work's context is cancelled and Lead waits for work to return
// before it lets the lock go or tries again. When the leader's process
// dies, PostgreSQL releases its lock as soon as it sees the connection
// closed, and another node takes it at its next try. onState (nil:
// none) is told each change: true on taking the lock, false on losing
// it, with the error that made it lose it (nil on a clean stop).
func (db *DB) Lead(ctx context.Context, retry time.Duration, work func(ctx context.Context), onState func(leading bool, err error)) {
	if onState == nil {
		onState = func(bool, error) {}
	}
	wait := reconnectMin
	for ctx.Err() == nil {
		conn, err := db.connect(ctx, "trangtin lead")
		if err != nil {
			if ctx.Err() == nil {
				onState(false, fmt.Errorf("leader's connection: %w", err))
			}
			wait = backoff(ctx, wait)
			continue
		}
		wait = reconnectMin
		err = db.leadOn(ctx, conn, retry, work, onState)
		conn.Close(context.WithoutCancel(ctx))
		if ctx.Err() == nil && err != nil {
			onState(false, err)
			wait = backoff(ctx, wait)
		}
	}
}

// leadOn tries for the lock on conn every retry and runs work while it
// holds it; it returns when conn fails or ctx ends.
func (db *DB) leadOn(ctx context.Context, conn *pgx.Conn, retry time.Duration, work func(ctx context.Context), onState func(bool, error)) error {
	const try = "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))"
	for {
		var got bool
		if err := conn.QueryRow(ctx, try, int32(leadLockClass)).Scan(&got); err != nil {
			return err
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
	onState(true, nil)
	wctx, stop := context.WithCancel(ctx)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		work(wctx)
	}()
	tick := time.NewTicker(retry)
	defer tick.Stop()
	var lost error
	for lost == nil {
		select {
		case <-ctx.Done():
			lost = ctx.Err()
		case <-finished:
			lost = errors.New("the leader's work ended")
		case <-tick.C:
			pctx, cancel := context.WithTimeout(ctx, retry+time.Second)
			lost = conn.Ping(pctx)
			cancel()
		}
	}
	stop()
	<-finished
	if ctx.Err() != nil {
		onState(false, nil)
		return nil
	}
	return fmt.Errorf("leader's lock lost: %w", lost)
}
