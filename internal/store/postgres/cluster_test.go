package postgres_test

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// terminate ends the server processes of this database whose
// application_name is name and that match extra (SQL over pg_stat_activity
// a, "TRUE" for all), as a node's death would, and returns how many.
func terminate(t *testing.T, raw *sql.DB, name, extra string) int {
	t.Helper()
	var n int
	err := raw.QueryRow(`SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a
		WHERE a.datname = current_database() AND a.application_name = $1 AND `+extra, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWatchChangesHearsOtherNodes: a node hears a change committed by
// another node at once, through LISTEN/NOTIFY, and catches up after its
// listening connection is lost (a notification sent meanwhile is lost,
// so the catch-up call is what keeps its pages fresh).
func TestWatchChangesHearsOtherNodes(t *testing.T) {
	dsn := freshSchema(t)
	writer := openStore(t, dsn)
	watcher := openStore(t, dsn)
	raw := testenv.Must(sql.Open("pgx", dsn)).Get(t)
	defer raw.Close()
	site := content.Site{Key: "tinh", Name: "Tỉnh", Host: "tinh.example.vn"}
	if err := writer.CreateSite(context.Background(), &site); err != nil {
		t.Fatal(err)
	}
	calls := make(chan time.Time, 16)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		watcher.WatchChanges(ctx, func() { calls <- time.Now() }, func(err error) { t.Logf("watch: %v", err) })
	})
	defer func() { cancel(); wg.Wait() }()
	next := func(what string) time.Time {
		t.Helper()
		select {
		case at := <-calls:
			return at
		case <-time.After(10 * time.Second):
			t.Fatalf("no call %s within 10 s", what)
			return time.Time{}
		}
	}
	next("on connecting (the catch-up)")
	// Another schema's changes are not this installation's.
	other := openStore(t, freshSchema(t))
	if err := other.CreateSite(context.Background(), &content.Site{Key: "khac", Name: "Khác", Host: "khac.example.vn"}); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) func() error {
		return func() error { _, err := raw.Exec(q); return err }
	}
	for _, step := range []struct {
		what   string
		change func() error
	}{
		{"after a change of the site's version", exec(`UPDATE sites SET version = version + 1`)},
		{"after a change of its articles' version", exec(`UPDATE sites SET articles_version = articles_version + 1`)},
		{"after a new site", func() error {
			return writer.CreateSite(context.Background(), &content.Site{Key: "xa", Name: "Xã", Host: "xa.example.vn"})
		}},
	} {
		start := time.Now()
		if err := step.change(); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		at := next(step.what)
		t.Logf("heard %s %s after the commit", step.what, at.Sub(start))
		select {
		case extra := <-calls:
			t.Errorf("a second call at %s for one change (or one from the other schema)", extra)
		case <-time.After(50 * time.Millisecond): // a stray call arrives at once; this is no wait for an event
		}
	}
	// A bookkeeping change of a site (no version moves) is not a change
	// of its pages.
	if _, err := raw.Exec(`UPDATE sites SET edit_version = edit_version + 1`); err != nil {
		t.Fatal(err)
	}
	select {
	case at := <-calls:
		t.Errorf("a call at %s for a change no page shows", at)
	case <-time.After(100 * time.Millisecond):
	}
	// The listening connection dies: the watcher connects again and calls
	// once to catch up, with no change made since.
	if n := terminate(t, raw, "trangtin listen", "TRUE"); n != 1 {
		t.Fatalf("terminated %d listening connections, want 1", n)
	}
	next("after reconnecting (the catch-up)")
	if _, err := raw.Exec(`UPDATE sites SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	next("after a change made once listening again")
}

// TestLeadOneNodeAtATime: of three nodes, one at a time runs the
// singletons; when it stops, or its connection dies as with a killed
// process, another takes over within the 5 s the README promises.
func TestLeadOneNodeAtATime(t *testing.T) {
	dsn := freshSchema(t)
	raw := testenv.Must(sql.Open("pgx", dsn)).Get(t)
	defer raw.Close()
	var running, overlap atomic.Int32
	leaders := make(chan int, 16)
	type node struct {
		cancel context.CancelFunc
		done   chan struct{}
	}
	nodes := make([]node, 3)
	for i := range nodes {
		db := openStore(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		nodes[i] = node{cancel, make(chan struct{})}
		go func() {
			defer close(nodes[i].done)
			db.Lead(ctx, 200*time.Millisecond, func(ctx context.Context) {
				if running.Add(1) > 1 {
					overlap.Add(1)
				}
				leaders <- i
				<-ctx.Done()
				running.Add(-1)
			}, nil)
		}()
	}
	defer func() {
		for _, n := range nodes {
			n.cancel()
			<-n.done
		}
	}()
	takeover := func(what string) int {
		t.Helper()
		start := time.Now()
		select {
		case i := <-leaders:
			t.Logf("node %d leads %s, after %s", i, what, time.Since(start))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the lead was taken %s after %s, over the 5 s promised", d, what)
			}
			return i
		case <-time.After(30 * time.Second):
			t.Fatalf("no node leads %s within 30 s", what)
			return -1
		}
	}
	takeover("at start")
	if n := overlap.Load(); n != 0 {
		t.Errorf("%d times two nodes ran the singletons at once", n)
	}
	// The leader's connection dies (its process killed): the server
	// releases the lock, the leader notices and stops its work, another
	// node takes the lock.
	if n := terminate(t, raw, "trangtin lead", `a.pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 7214102 AND granted)`); n != 1 {
		t.Fatalf("terminated %d leaders, want 1", n)
	}
	second := takeover("after the leader's connection died")
	// The old leader learns of its loss at its next check (within the
	// retry interval), so the two may overlap that long; from then on
	// one runs at a time again.
	for deadline := time.Now().Add(10 * time.Second); running.Load() != 1; {
		if time.Now().After(deadline) {
			t.Fatalf("%d nodes still run the singletons 10 s after the takeover", running.Load())
		}
		time.Sleep(10 * time.Millisecond) // polling a counter the old leader's next check lowers
	}
	overlap.Store(0)
	nodes[second].cancel()
	<-nodes[second].done
	third := takeover("after the leader stopped")
	if third == second {
		t.Errorf("node %d leads again after stopping", third)
	}
	if n := overlap.Load(); n != 0 {
		t.Errorf("%d times two nodes ran the singletons at once", n)
	}
}
