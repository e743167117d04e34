// Command trangtin runs the electronic information portal of a Vietnamese
// state body: `trangtin serve` (the default), `trangtin migrate` and
// `trangtin import jsonl`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/guard"
	"trangtin/internal/mail"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/rating"
	"trangtin/internal/redirect"
	"trangtin/internal/report"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/sitemerge"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
	"trangtin/internal/visits"
)

const usage = `trangtin: trang thông tin điện tử cho cơ quan nhà nước

Usage:
  trangtin [serve] [--addr 127.0.0.1:8080] [--data ./data] [--db sqlite://…|postgres://…] [--media s3://BUCKET?endpoint=…]
  trangtin migrate [--data DIR|--db URL]
  trangtin import jsonl [--data DIR|--db URL] --site SITE FILE
  trangtin import nukeviet [--data DIR|--db URL] --dsn 'user:pass@tcp(host:3306)/db' --site SITE [--prefix nv4] [--lang vi] [--uploads DIR] [--report FILE.csv] [--dry-run]
  trangtin import crawl [--data DIR|--db URL] --from URL --site SITE [--profile nukeviet|liferay|FILE.json] [--rate 1] [--max-pages N] [--contact URL|EMAIL] [--dry-run] [--report FILE.csv]
  trangtin reindex [--data DIR|--db URL]
  trangtin audit verify [--data DIR|--db URL]
  trangtin user add [--data DIR|--db URL] --site SITE --role ROLE --email EMAIL --name NAME  (password on stdin)
  trangtin site add|list|show|set|host|merge [--data DIR|--db URL] …  (sites of the platform; "trangtin site -h")
  trangtin backup [--data DIR|--db URL] --to FILE
  trangtin backup verify FILE
  trangtin restore FILE --data DIR [--db URL]
  trangtin copy --from sqlite://PATH|postgres://… --to sqlite://PATH|postgres://… [--data DIR]

Run "trangtin COMMAND -h" for the options of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdin, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "trangtin:", err)
		os.Exit(2)
	}
}

// helpShown carries the usage a command printed for -h, for run to put on
// stdout: asking for help is not an error.
type helpShown struct{ text string }

func (h *helpShown) Error() string { return "help requested" }
func (h *helpShown) Unwrap() error { return flag.ErrHelp }

// isHelp reports whether a command-line word asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// run dispatches to a subcommand; tests call it directly. A request for
// help (-h, --help or help, of the program or of a command) prints the
// usage on stdout and returns nil; a bad flag returns an error (exit 2).
func run(ctx context.Context, stdin io.Reader, args []string, stdout, stderr io.Writer) error {
	err := dispatch(ctx, stdin, args, stdout, stderr)
	if h, ok := errors.AsType[*helpShown](err); ok {
		io.WriteString(stdout, h.text)
		return nil
	}
	return err
}

func dispatch(ctx context.Context, stdin io.Reader, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		if len(args) == 1 || isHelp(args[1]) {
			return &helpShown{usage}
		}
		// trangtin help COMMAND [SUBCOMMAND]: the options of that command.
		args = append(args[1:len(args):len(args)], "-h")
	}
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "reindex":
		return reindexCmd(ctx, args, stdout, stderr)
	case "audit":
		return auditCmd(ctx, args, stdout, stderr)
	case "site":
		return siteCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdin, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, args, stdout, stderr)
	case "copy":
		return copyCmd(ctx, args, stdout, stderr)
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// parse parses a subcommand's flags into cfg and validates it.
func parse(name string, args []string, stderr io.Writer, server bool, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	var cfg config.Config
	fs := flag.NewFlagSet("trangtin "+name, flag.ContinueOnError)
	cfg.Flags(fs, server)
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: trangtin %s [options]\n\nOptions:\n", name)
		fs.PrintDefaults()
	}
	// The flag package prints the usage both for -h and for a bad flag:
	// the first belongs on stdout (run puts it there), the second on stderr.
	var out strings.Builder
	fs.SetOutput(&out)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return cfg, fs, &helpShown{out.String()}
	case err != nil:
		io.WriteString(stderr, out.String())
		return cfg, fs, err
	}
	return cfg, fs, cfg.Validate()
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level)) // validated by Config.Validate
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// store is an open database: the content store plus its Close.
type store interface {
	content.Store
	content.FurnitureStore
	search.Index
	search.Reindexer
	audit.Store
	newsroom.Store
	media.RecordStore
	document.Store
	user.UserStore
	user.SessionStore
	user.LoginAttemptStore
	schedule.Store
	rating.Store
	visits.Store
	visits.ViewStore
	user.PolicyStore
	audit.Finder
	question.Store
	question.UnitStore
	question.ReminderStore
	report.Store
	consultation.Store
	contactform.Store
	guard.Store
	mail.Store
	mail.Prefs
	content.SiteRegistry
	redirect.Store
	sitemerge.Store
	content.HealthStore
	mail.Queue
	syndication.Store
	Close() error
}

// openStore opens (and migrates) the database the config names.
func openStore(ctx context.Context, cfg config.Config) (store, error) {
	driver, dsn := cfg.Database()
	switch driver {
	case "postgres":
		return postgres.Open(ctx, dsn)
	default:
		if cfg.DB == "" {
			if err := ensureDataDir(cfg.DataDir); err != nil {
				return nil, err
			}
		} else if err := folderExists(filepath.Dir(dsn)); err != nil {
			return nil, fmt.Errorf("--db %s: %w", cfg.DB, err)
		}
		return sqlite.Open(ctx, dsn)
	}
}

// ensureDataDir creates the data folder (--data, ./data by default) when
// it is missing but its parent folder exists: a fresh clone or a fresh
// server starts without a step. Nothing deeper is created, so a mistyped
// path is refused rather than becoming a new, empty portal.
func ensureDataDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("--data %s: đây là một tệp, không phải thư mục", dir)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("--data %s: %w", dir, err)
	}
	if err := folderExists(filepath.Dir(filepath.Clean(dir))); err != nil {
		return fmt.Errorf("--data %s: %w", dir, err)
	}
	if err := os.Mkdir(dir, 0o750); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("--data %s: %w", dir, err)
	}
	return nil
}

// folderExists explains, for an operator, a folder that is not there.
func folderExists(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("thư mục %s không tồn tại; hãy kiểm tra lại đường dẫn, hoặc tạo thư mục trước (mkdir -p %s) nếu đúng là muốn dùng nơi này", dir, dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s là một tệp, không phải thư mục", dir)
	}
	return nil
}

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parse("migrate", args, stderr, false, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "Cơ sở dữ liệu đã được cập nhật.")
	return nil
}
