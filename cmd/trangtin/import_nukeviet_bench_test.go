package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// BenchmarkImportNukeviet imports TRANGTIN_BENCH_ARTICLES (100,000) NukeViet
// articles with the real binary, once on SQLite and, when
// TRANGTIN_TEST_POSTGRES is set, once on PostgreSQL, and reports the wall
// time, the CPU time (user + system, less sensitive to a busy machine)
// and the peak resident memory of the import process:
//
//	go test -run '^$' -bench ImportNukeviet -benchtime 1x -timeout 60m ./cmd/trangtin
//
// TRANGTIN_BENCH_BEFORE names another trangtin binary (an older build) run
// the same way just before this one, on a fresh database of its own, for a
// comparison in one run; TRANGTIN_BENCH_STORES=sqlite (or postgres) runs
// one store only.
func BenchmarkImportNukeviet(b *testing.B) {
	n := 100000
	if v := os.Getenv("TRANGTIN_BENCH_ARTICLES"); v != "" {
		n = testenv.Must(strconv.Atoi(v)).Get(b)
	}
	m := testenv.StartMariaDB(b)
	start := time.Now()
	nv := loadNukeviet(b, m, "bench", n)
	b.Logf("fixture of %d articles loaded into MariaDB in %v", n, time.Since(start).Round(time.Second))
	bins := []struct{ name, path string }{{"after", buildBinary(b)}}
	if before := os.Getenv("TRANGTIN_BENCH_BEFORE"); before != "" {
		bins = append([]struct{ name, path string }{{"before", before}}, bins...)
	}
	only := os.Getenv("TRANGTIN_BENCH_STORES")
	stores := []struct {
		name string
		cfg  func() config.Config
	}{{"sqlite", func() config.Config { return config.Config{DataDir: b.TempDir()} }}}
	if os.Getenv(testenv.EnvPostgres) != "" {
		stores = append(stores, struct {
			name string
			cfg  func() config.Config
		}{"postgres", func() config.Config { return config.Config{DataDir: b.TempDir(), DB: freshPostgres(b)} }})
	}
	for _, s := range stores {
		if only != "" && !strings.Contains(only, s.name) {
			continue
		}
		for _, bin := range bins {
			b.Run(s.name+"/"+bin.name, func(b *testing.B) { benchImport(b, s.name, s.cfg(), bin.path, nv, n) })
		}
	}
}

// benchImport runs the import of bin into a fresh demo site on cfg and
// reports its figures.
func benchImport(b *testing.B, store string, cfg config.Config, bin string, nv nvSite, n int) {
	startApp(b, cfg).Stop() // the demo site
	args := []string{"import", "nukeviet", "--data", cfg.DataDir, "--site", "giavien", "--dsn", nv.dsn,
		"--uploads", nv.uploads, "--report", filepath.Join(cfg.DataDir, "report.csv")}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		began := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// The peak resident memory is the process's VmHWM, read while it
		// runs: the rusage's maxrss of a child started by os/exec counts
		// the memory of this test process too (the child shares it until
		// its exec), so it reported this process's fixture, not the
		// import's.
		peak := make(chan int64)
		stop := make(chan struct{})
		go func() { peak <- watchPeakRSS(cmd.Process.Pid, stop) }()
		err := cmd.Wait()
		took := time.Since(began)
		close(stop)
		hwm := <-peak
		if err != nil && !bytes.Contains(out.Bytes(), []byte("1 bản ghi bị bỏ qua")) { // an older build skips the hidden page
			b.Fatalf("import: %v\n%.2000s", err, out.String())
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		b.ReportMetric(took.Seconds(), "s/import")
		b.ReportMetric(cpu.Seconds(), "cpu-s/import")
		b.ReportMetric(float64(hwm)/1024, "MiB-peak-rss")
		b.Logf("%s, %s: %d articles in %v (CPU %v), peak RSS %d MiB", store, bin, n, took.Round(100*time.Millisecond), cpu.Round(100*time.Millisecond), hwm/1024)
	}
}

// watchPeakRSS reads the VmHWM (KiB) of process pid every 100 ms until
// stop is closed, and returns the last value read.
func watchPeakRSS(pid int, stop <-chan struct{}) int64 {
	var last int64
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil && kb > last {
						last = kb
					}
				}
			}
		}
		select {
		case <-stop:
			return last
		case <-tick.C:
		}
	}
}
