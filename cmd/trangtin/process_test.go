package main

import (
	"bufio"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the real trangtin binary into a folder of t's.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "trangtin")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serverProcess is `trangtin serve` run as a process of its own.
type serverProcess struct {
	cmd        *exec.Cmd
	URL        string
	MetricsURL string        // with --metrics-addr
	done       chan struct{} // closed once the process has exited and its output is read
	err        error         // cmd.Wait's, once done

	mu     sync.Mutex
	stderr strings.Builder
	lines  chan struct{} // a line was logged, for waitLog
}

// startProcess runs bin with args and waits for the line saying where it
// serves. The process is killed at the end of t if still running.
func startProcess(t *testing.T, bin string, args ...string) *serverProcess {
	t.Helper()
	p := &serverProcess{cmd: exec.Command(bin, append([]string{"serve"}, args...)...), done: make(chan struct{}), lines: make(chan struct{}, 1)}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	out := make(chan string, 16)
	var readers sync.WaitGroup
	readers.Go(func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case out <- sc.Text():
			default: // past the start-up lines
			}
		}
		io.Copy(io.Discard, stdout)
	})
	readers.Go(func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- struct{}{}:
			default: // a wake-up is already pending
			}
		}
		io.Copy(io.Discard, stderr)
	})
	go func() {
		readers.Wait()
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	wantMetrics := slices.Contains(args, "--metrics-addr")
	urlRe := regexp.MustCompile(`http://[0-9.:]+`)
	timeout := time.After(60 * time.Second)
	for p.URL == "" || (wantMetrics && p.MetricsURL == "") {
		select {
		case line := <-out:
			switch {
			case strings.Contains(line, "trangtin đang chạy tại"):
				p.URL = urlRe.FindString(line)
			case strings.Contains(line, "/metrics"):
				p.MetricsURL = urlRe.FindString(line) + "/metrics"
			}
		case <-p.done:
			t.Fatalf("the server ended before serving: %v\n%s", p.err, p.Stderr())
		case <-timeout:
			t.Fatalf("no start-up lines in 60 s:\n%s", p.Stderr())
		}
	}
	return p
}

// Stderr is what the process logged so far.
func (p *serverProcess) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// waitLog waits for the log to contain want.
func (p *serverProcess) waitLog(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for !strings.Contains(p.Stderr(), want) {
		select {
		case <-p.lines:
		case <-p.done:
			if strings.Contains(p.Stderr(), want) {
				return
			}
			t.Fatalf("the process ended (%v) without logging %q:\n%s", p.err, want, p.Stderr())
		case <-deadline:
			t.Fatalf("no log line with %q in %s:\n%s", want, within, p.Stderr())
		}
	}
}

// signal sends sig to the process.
func (p *serverProcess) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// wait waits for the process to exit and returns its exit code (-1:
// killed by a signal).
func (p *serverProcess) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("still running after %s:\n%s", within, p.Stderr())
	}
	if exit, ok := errors.AsType[*exec.ExitError](p.err); ok {
		return exit.ExitCode()
	}
	if p.err != nil {
		t.Fatal(p.err)
	}
	return 0
}
