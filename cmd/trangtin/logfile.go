package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// logFile is the log file of --log-file, appended to and reopened on
// SIGHUP, so that logrotate can move it away and the server then writes
// a new file at the same path.
type logFile struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

func openLogFile(path string) (*logFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("--log-file: %w", err)
	}
	return &logFile{path: path, f: f}, nil
}

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Write(p)
}

// Reopen opens the path afresh and closes the old file; on failure the
// old file stays in use.
func (l *logFile) Reopen() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("reopen log file: %w", err)
	}
	l.mu.Lock()
	old := l.f
	l.f = f
	l.mu.Unlock()
	return old.Close()
}

func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// reopenOnHUP makes SIGHUP flush the log and reopen --log-file (file nil:
// the log goes to standard error, and SIGHUP only flushes it; either way
// it no longer stops the server). The returned func stops listening.
func reopenOnHUP(out *logWriter, file *logFile, log *slog.Logger) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-hup:
			}
			out.Flush()
			if file == nil {
				continue
			}
			if err := file.Reopen(); err != nil {
				log.Error("SIGHUP", "err", err)
				continue
			}
			log.Info("reopened the log file", "path", file.path)
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
		<-stopped
	}
}
