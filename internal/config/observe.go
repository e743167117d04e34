package config

import "flag"

// observeFlags registers the operations options of serve: the metrics
// listener, the access log and the log file.
func (c *Config) observeFlags(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("TRANGTIN_METRICS_ADDR", ""), "address of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9090 (TRANGTIN_METRICS_ADDR); default off")
	fs.BoolFunc("access-log", "one JSON line per request in the log, true or false (TRANGTIN_ACCESS_LOG; default true)", c.flagSet("access-log", c.setAccessLog))
	c.fromEnv("access-log", "TRANGTIN_ACCESS_LOG", c.setAccessLog)
	fs.StringVar(&c.LogFile, "log-file", env("TRANGTIN_LOG_FILE", ""), "append the log to this file instead of standard error; SIGHUP reopens it, for logrotate (TRANGTIN_LOG_FILE)")
}

func (c *Config) setAccessLog(v string) error {
	b, err := ParseBool(v)
	if err == nil {
		c.NoAccessLog = !b
	}
	return err
}
