package jobs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

type countingPublisher struct {
	calls atomic.Int32
	fail  bool
}

func (p *countingPublisher) RunDue(context.Context) (int, error) {
	p.calls.Add(1)
	if p.fail {
		return 0, errors.New("database is down")
	}
	return 1, nil
}

func TestSchedulerRunsAtOnceAndEveryTick(t *testing.T) {
	pub := &countingPublisher{}
	s := NewScheduler(pub, 10*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for pub.calls.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d runs in 5 s", pub.calls.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if s.LastRun().IsZero() {
		t.Error("LastRun not recorded")
	}
}

func TestFailedRunLeavesLastRun(t *testing.T) {
	pub := &countingPublisher{fail: true}
	s := NewScheduler(pub, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.runOnce(context.Background())
	if pub.calls.Load() != 1 || !s.LastRun().IsZero() {
		t.Errorf("calls %d, last run %v: a failed run must not count as a run", pub.calls.Load(), s.LastRun())
	}
}

func TestEveryStopsWithContext(t *testing.T) {
	var n atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Every(ctx, 5*time.Millisecond, "test", slog.New(slog.NewTextHandler(io.Discard, nil)), func(context.Context) (int, error) {
			n.Add(1)
			return 0, nil
		})
		close(done)
	}()
	for n.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Every did not stop")
	}
}

type partialPublisher struct{}

func (partialPublisher) RunDue(context.Context) (int, error) {
	return 2, errors.New("site 1 article 7: disk I/O error")
}

// TestPartialRunLogsBoth: a run that published some articles and failed on
// another logs both, and still does not count as a completed run.
func TestPartialRunLogsBoth(t *testing.T) {
	var buf bytes.Buffer
	s := NewScheduler(partialPublisher{}, time.Hour, slog.New(slog.NewTextHandler(&buf, nil)))
	s.runOnce(context.Background())
	out := buf.String()
	if !strings.Contains(out, "published scheduled articles") || !strings.Contains(out, "count=2") {
		t.Errorf("the published count is not logged:\n%s", out)
	}
	if !strings.Contains(out, "article 7: disk I/O error") {
		t.Errorf("the failure is not logged:\n%s", out)
	}
	if !s.LastRun().IsZero() {
		t.Error("a run with a failure counted as completed")
	}
}
