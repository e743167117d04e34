package main

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLogWriterFlushes(t *testing.T) {
	var out lockedBuffer
	lw := newLogWriter(&out, 20*time.Millisecond)
	lw.Write([]byte("một\n"))
	if out.String() != "" {
		t.Fatal("written through at once; want buffered")
	}
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "một\n" {
		if time.Now().After(deadline) {
			t.Fatal("not flushed by the ticker")
		}
		time.Sleep(5 * time.Millisecond)
	}
	lw.Write([]byte("hai\n"))
	lw.Close()
	if out.String() != "một\nhai\n" {
		t.Fatalf("after Close: %q", out.String())
	}
}
