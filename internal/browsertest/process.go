package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser process: how it is found and started, its output, and the
// wait for it and its helpers to let go of the profile.

// allocatorOptions are the flags Chromium starts with: headless, in the
// profile directory, with its output into out, and with no way to reach
// the network other than through the host resolver rules.
func allocatorOptions(path, profile string, out *tailBuffer) []chromedp.ExecAllocatorOption {
	return append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		// A proxy from the environment would resolve the names itself,
		// past the resolver rules.
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("host-resolver-rules", HostResolverRules),
		// WebRTC could send UDP to an IP address without a name lookup.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(WindowWidth, WindowHeight),
		chromedp.CombinedOutput(out),
	)
}

// findChromium returns the path of the browser to use.
func findChromium() (string, error) {
	if name := os.Getenv(EnvChromium); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("%s=%q: %v", EnvChromium, name, err)
		}
		return path, nil
	}
	for _, name := range candidates {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (tried %s; set %s to the browser binary)",
		strings.Join(candidates, ", "), EnvChromium)
}

// tailBuffer keeps the last max bytes written to it. It is safe for
// concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

// String returns the kept output, without the lines that headless Chromium
// prints on every run in a container (no D-Bus) and the warning of Debian's
// launcher script.
func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keep []string
	for line := range strings.Lines(string(b.buf)) {
		if strings.Contains(line, ":ERROR:dbus/") || strings.Contains(line, "unexpected operator") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "")
}

// waitProfileReleased waits until no process runs with the profile dir, and
// kills the ones that are left after the limit. Only the processes of the
// browser that this package started have this --user-data-dir, because
// profile is a fresh TempDir. It does nothing where /proc does not exist.
func waitProfileReleased(profile string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		pids := processesUsing(profile)
		if len(pids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range pids {
				if proc, err := os.FindProcess(pid); err == nil {
					_ = proc.Kill()
				}
			}
			time.Sleep(50 * time.Millisecond)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// processesUsing returns the ids of the processes whose command line has
// the argument --user-data-dir=profile.
func processesUsing(profile string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	want := []byte("--user-data-dir=" + profile + "\x00")
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if bytes.Contains(append(cmdline, 0), want) {
			pids = append(pids, pid)
		}
	}
	return pids
}
