package config

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// observeFlags registers the operations options of serve: the metrics
// listener, the access log, the log file, the shutdown bound, the
// scheduled backups and the load shedding.
func (c *Config) observeFlags(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("TRANGTIN_METRICS_ADDR", ""), "address of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9090 (TRANGTIN_METRICS_ADDR); default off")
	fs.BoolFunc("access-log", "one JSON line per request in the log, true or false (TRANGTIN_ACCESS_LOG; default true)", c.flagSet("access-log", c.setAccessLog))
	c.fromEnv("access-log", "TRANGTIN_ACCESS_LOG", c.setAccessLog)
	fs.StringVar(&c.LogFile, "log-file", env("TRANGTIN_LOG_FILE", ""), "append the log to this file instead of standard error; SIGHUP reopens it, for logrotate (TRANGTIN_LOG_FILE)")
	fs.Func("shutdown-timeout", "on SIGTERM or Ctrl-C, how long requests under way may take to finish before their connections are cut, e.g. 15s (TRANGTIN_SHUTDOWN_TIMEOUT; default 15s)", c.flagSet("shutdown-timeout", c.setShutdownTimeout))
	c.fromEnv("shutdown-timeout", "TRANGTIN_SHUTDOWN_TIMEOUT", c.setShutdownTimeout)
	fs.StringVar(&c.BackupDir, "backup-dir", env("TRANGTIN_BACKUP_DIR", ""), "write a backup archive (as trangtin backup does) into this existing folder every --backup-every (TRANGTIN_BACKUP_DIR); default off")
	fs.Func("backup-every", "time between two scheduled backups, at least 1m (TRANGTIN_BACKUP_EVERY; default 24h)", c.flagSet("backup-every", c.setBackupEvery))
	c.fromEnv("backup-every", "TRANGTIN_BACKUP_EVERY", c.setBackupEvery)
	fs.Func("backup-keep", "how many scheduled backup archives to keep, the newest (TRANGTIN_BACKUP_KEEP; default 14)", c.flagSet("backup-keep", c.setBackupKeep))
	c.fromEnv("backup-keep", "TRANGTIN_BACKUP_KEEP", c.setBackupKeep)
	fs.Func("max-requests", "requests handled at once; as many more wait up to a second, and any beyond are answered 503 with Retry-After (TRANGTIN_MAX_REQUESTS; default 32 per CPU)", c.flagSet("max-requests", c.setMaxRequests))
	c.fromEnv("max-requests", "TRANGTIN_MAX_REQUESTS", c.setMaxRequests)
}

func (c *Config) setMaxRequests(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 100000 {
		return fmt.Errorf("%q: want a number of requests from 1 to 100000", v)
	}
	c.MaxRequests = n
	return nil
}

// MaxInFlight is MaxRequests, or its default: 32 per CPU the process may
// use.
func (c *Config) MaxInFlight() int {
	if c.MaxRequests > 0 {
		return c.MaxRequests
	}
	return 32 * runtime.GOMAXPROCS(0)
}

func (c *Config) setBackupEvery(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < time.Minute {
		return fmt.Errorf("%q: want a duration of at least 1m, e.g. 24h or 6h", v)
	}
	c.BackupEvery = d
	return nil
}

func (c *Config) setBackupKeep(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 10000 {
		return fmt.Errorf("%q: want a number of archives from 1 to 10000", v)
	}
	c.BackupKeep = n
	return nil
}

func (c *Config) setShutdownTimeout(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 || d > 10*time.Minute {
		return fmt.Errorf("%q: want a duration from 0s to 10m, e.g. 15s", v)
	}
	c.ShutdownTimeout = d
	return nil
}

func (c *Config) setAccessLog(v string) error {
	b, err := ParseBool(v)
	if err == nil {
		c.NoAccessLog = !b
	}
	return err
}
