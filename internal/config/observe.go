package config

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

// observeFlags registers the operations options of serve: the metrics
// listener, the access log, the log file and the shutdown bound.
func (c *Config) observeFlags(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("TRANGTIN_METRICS_ADDR", ""), "address of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9090 (TRANGTIN_METRICS_ADDR); default off")
	fs.BoolFunc("access-log", "one JSON line per request in the log, true or false (TRANGTIN_ACCESS_LOG; default true)", c.flagSet("access-log", c.setAccessLog))
	c.fromEnv("access-log", "TRANGTIN_ACCESS_LOG", c.setAccessLog)
	fs.StringVar(&c.LogFile, "log-file", env("TRANGTIN_LOG_FILE", ""), "append the log to this file instead of standard error; SIGHUP reopens it, for logrotate (TRANGTIN_LOG_FILE)")
	fs.Func("shutdown-timeout", "on SIGTERM or Ctrl-C, how long requests under way may take to finish before their connections are cut, e.g. 15s (TRANGTIN_SHUTDOWN_TIMEOUT; default 15s)", c.flagSet("shutdown-timeout", c.setShutdownTimeout))
	c.fromEnv("shutdown-timeout", "TRANGTIN_SHUTDOWN_TIMEOUT", c.setShutdownTimeout)
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
