package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storecopy"
)

const copyUsage = `usage:
  trangtin copy --from sqlite://PATH|postgres://… --to sqlite://PATH|postgres://… [--data DIR]

Chép toàn bộ dữ liệu của một cơ sở dữ liệu sang một cơ sở dữ liệu khác, SQLite
hay PostgreSQL theo cả hai chiều: cách chuyển một cổng lên PostgreSQL khi một
máy không còn đủ (hoặc về lại SQLite).

  --from  cơ sở dữ liệu nguồn; mặc định là cơ sở dữ liệu của --data (DIR/trangtin.db)
          hoặc --db, như các lệnh khác.
          Nguồn chỉ được đọc (một ảnh chụp nhất quán), cổng có thể vẫn đang chạy
          trên nó; nó phải ở cùng phiên bản lược đồ với chương trình này.
  --to    cơ sở dữ liệu đích: một tệp SQLite chưa có (thư mục phải có sẵn) hoặc
          một cơ sở dữ liệu PostgreSQL trống (CREATE DATABASE …). Đích được tạo
          lược đồ rồi nhận mọi dòng trong một giao dịch: nếu có lỗi, đích vẫn trống.

Tệp tải lên (ảnh, tệp đính kèm) không được chép: chúng nằm trong thư mục dữ
liệu (DIR/media), dùng chung cho mọi loại cơ sở dữ liệu. Chạy cổng trên bản sao
với cùng --data: trangtin serve --data DIR --db URL-ĐÍCH. Chỉ mục tìm kiếm được
lập lại trên đích; nhật ký kiểm toán của đích được kiểm tra sau khi chép.
`

// copyCmd: trangtin copy --from URL --to URL [--data DIR].
func copyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{copyUsage}
	}
	var from, to string
	cfg, fset, err := parse("copy", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the database to copy: sqlite://PATH or postgres://… (default: SQLite in --data)")
		fs.StringVar(&to, "to", "", "the empty database to copy into: sqlite://PATH or postgres://…")
	})
	if h, ok := errors.AsType[*helpShown](err); ok {
		return &helpShown{copyUsage + "\n" + h.text}
	}
	if err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("thừa đối số %q\n%s", fset.Arg(0), copyUsage)
	}
	if from == "" {
		driver, dsn := cfg.Database()
		if driver == "sqlite" {
			from = "sqlite://" + dsn
		} else {
			from = dsn
		}
	}
	if to == "" {
		return errors.New("thiếu --to URL: cơ sở dữ liệu đích (ví dụ --to postgres://trangtin@db.example.vn/trangtin)\n" + copyUsage)
	}
	bar := newProgress(stderr, 0)
	rep, err := copyDatabases(ctx, from, to, func(table string, done, total int64) error {
		if bar.on && time.Since(bar.last) >= 100*time.Millisecond {
			bar.last = time.Now()
			fmt.Fprintf(bar.w, "\r\033[KĐang chép %s: %d/%d", table, done, total)
		}
		return nil
	})
	bar.clear()
	if err != nil {
		return err
	}
	rep.print(stdout)
	fmt.Fprintf(stdout, "Tệp tải lên không được chép: chúng ở thư mục dữ liệu (%s), dùng chung cho mọi loại cơ sở dữ liệu. Chạy cổng trên bản sao: trangtin serve --data %s --db %s\n",
		filepath.Join(cfg.DataDir, "media"), cfg.DataDir, redactURL(to))
	return nil
}

// storeURL is a parsed --from or --to.
type storeURL struct {
	flag   string // "--from" or "--to", for messages
	raw    string
	driver string // "sqlite" or "postgres"
	dsn    string // the file path, or the PostgreSQL URL
}

func parseStoreURL(flag, s string) (storeURL, error) {
	u := storeURL{flag: flag, raw: s}
	switch {
	case strings.HasPrefix(s, "sqlite://"):
		u.driver, u.dsn = "sqlite", strings.TrimPrefix(s, "sqlite://")
		if u.dsn == "" {
			return u, fmt.Errorf("%s %q: thiếu đường dẫn tệp sau sqlite://", flag, s)
		}
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		u.driver, u.dsn = "postgres", s
		if _, err := pgx.ParseConfig(s); err != nil {
			return u, fmt.Errorf("%s %s: địa chỉ PostgreSQL không hợp lệ: %v", flag, redactURL(s), err)
		}
	default:
		return u, fmt.Errorf("%s %q: cần sqlite://ĐƯỜNG-DẪN hoặc postgres://…", flag, redactURL(s))
	}
	return u, nil
}

func (u storeURL) kind() storecopy.Kind {
	if u.driver == "postgres" {
		return storecopy.Postgres
	}
	return storecopy.SQLite
}

func (u storeURL) String() string { return redactURL(u.raw) }

// redactURL hides a password written in a URL.
func redactURL(s string) string {
	if p, err := url.Parse(s); err == nil && p.User != nil {
		return p.Redacted()
	}
	return s
}

// sameDatabase reports whether a and b name the same database: the same
// file, or the same server and database name.
func sameDatabase(a, b storeURL) bool {
	if a.driver != b.driver {
		return false
	}
	if a.driver == "sqlite" {
		fa, errA := os.Stat(a.dsn)
		fb, errB := os.Stat(b.dsn)
		if errA == nil && errB == nil {
			return os.SameFile(fa, fb)
		}
		pa, errA := filepath.Abs(a.dsn)
		pb, errB := filepath.Abs(b.dsn)
		return errA == nil && errB == nil && pa == pb
	}
	ca, errA := pgx.ParseConfig(a.dsn)
	cb, errB := pgx.ParseConfig(b.dsn)
	if errA != nil || errB != nil {
		return a.dsn == b.dsn
	}
	return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
}

// copyReport is what a copy did.
type copyReport struct {
	from, to       storeURL
	version        int
	tables         []storecopy.CopiedTable
	copied, reindx time.Duration
	audited        int64
}

func (r copyReport) print(w io.Writer) {
	var rows int64
	for _, t := range r.tables {
		rows += t.Rows
	}
	fmt.Fprintf(w, "Đã chép %d bảng, %d dòng (lược đồ phiên bản %d) từ %s sang %s trong %s; lập lại chỉ mục tìm kiếm trong %s.\n",
		len(r.tables), rows, r.version, r.from, r.to, r.copied.Round(time.Millisecond), r.reindx.Round(time.Millisecond))
	for _, t := range r.tables {
		if t.Rows > 0 {
			fmt.Fprintf(w, "  %-24s %9d\n", t.Name, t.Rows)
		}
	}
	fmt.Fprintf(w, "Số dòng từng bảng khớp giữa nguồn và đích; nhật ký kiểm toán của đích toàn vẹn: %d mục, chuỗi băm khớp.\n", r.audited)
}

// copyDatabases copies the database from into the empty database to,
// then rebuilds the target's search index and verifies it. Bad input
// (the same database twice, an address that does not answer, a source at
// another schema version, a target that holds data) is refused before
// the target is touched; a copy that fails leaves the target empty.
func copyDatabases(ctx context.Context, fromURL, toURL string, progress storecopy.CopyProgress) (copyReport, error) {
	var rep copyReport
	from, err := parseStoreURL("--from", fromURL)
	if err != nil {
		return rep, err
	}
	to, err := parseStoreURL("--to", toURL)
	if err != nil {
		return rep, err
	}
	rep.from, rep.to = from, to
	if sameDatabase(from, to) {
		return rep, fmt.Errorf("--from và --to cùng chỉ tới một cơ sở dữ liệu (%s): hãy chép sang một cơ sở dữ liệu khác", from)
	}
	latest, err := sqlite.LatestVersion()
	if to.driver == "postgres" {
		latest, err = postgres.LatestVersion()
	}
	if err != nil {
		return rep, err
	}

	src, err := openSource(ctx, from)
	if err != nil {
		return rep, err
	}
	defer src.Close()
	var version int
	if err := src.QueryRowContext(ctx, `SELECT COALESCE(max(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return rep, fmt.Errorf("--from %s: không phải cơ sở dữ liệu của trangtin (không đọc được phiên bản lược đồ: %v)", from, err)
	}
	rep.version = version
	switch {
	case version < latest:
		return rep, fmt.Errorf("--from %s ở phiên bản lược đồ %d, còn chương trình này ở phiên bản %d: hãy chạy trangtin một lần trên nguồn để cập nhật nó (trangtin migrate --db %s), rồi chép lại", from, version, latest, from)
	case version > latest:
		return rep, fmt.Errorf("--from %s ở phiên bản lược đồ %d, mới hơn chương trình này (phiên bản %d): hãy chép bằng bản trangtin đang chạy trên nguồn", from, version, latest)
	}

	created, err := checkCopyTarget(ctx, to)
	if err != nil {
		return rep, err
	}
	fail := func(err error) (copyReport, error) {
		if created {
			for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
				os.Remove(to.dsn + suffix)
			}
		}
		return rep, fmt.Errorf("chép thất bại, đích vẫn trống: %w", err)
	}
	// Opening the target as a store brings it to the current schema.
	db, err := openStore(ctx, config.Config{DB: toStoreDB(to)})
	if err != nil {
		return fail(err)
	}
	db.Close()
	dst, err := openTarget(ctx, to)
	if err != nil {
		return fail(err)
	}
	start := time.Now()
	rep.tables, err = storecopy.CopyTables(ctx, storecopy.CopyEnd{Kind: from.kind(), DB: src}, storecopy.CopyEnd{Kind: to.kind(), DB: dst}, progress)
	rep.copied = time.Since(start)
	if err != nil {
		dst.Close()
		return fail(copyError(err))
	}
	if err := verifyCopy(ctx, dst, to, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// verifyCopy checks, after the commit, that every table of the target
// holds the rows the source had, rebuilds its search index and walks its
// audit chain. dst is closed.
func verifyCopy(ctx context.Context, dst *sql.DB, to storeURL, rep *copyReport) error {
	for _, t := range rep.tables {
		var n int64
		if err := dst.QueryRowContext(ctx, `SELECT count(*) FROM "`+t.Name+`"`).Scan(&n); err != nil {
			dst.Close()
			return err
		}
		if n != t.Rows {
			dst.Close()
			return fmt.Errorf("bảng %s của đích có %d dòng, nguồn có %d", t.Name, n, t.Rows)
		}
	}
	dst.Close()
	db, err := openStore(ctx, config.Config{DB: toStoreDB(to)})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Reindex(ctx, nil); err != nil {
		return fmt.Errorf("đã chép dữ liệu nhưng chưa lập được chỉ mục tìm kiếm (chạy lại: trangtin reindex --db %s): %w", to, err)
	}
	rep.reindx = time.Since(start)
	n, problem, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if problem != nil {
		return fmt.Errorf("nhật ký kiểm toán của đích KHÔNG toàn vẹn sau khi chép: %s", problem.Error())
	}
	rep.audited = n
	return nil
}

// toStoreDB is u as --db names it.
func toStoreDB(u storeURL) string {
	if u.driver == "sqlite" {
		return "sqlite://" + u.dsn
	}
	return u.dsn
}

// openSource opens the source for reading, without migrating it.
func openSource(ctx context.Context, u storeURL) (*sql.DB, error) {
	if u.driver == "sqlite" {
		fi, err := os.Stat(u.dsn)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("--from %s: không có tệp cơ sở dữ liệu %s", u, u.dsn)
		case err != nil:
			return nil, fmt.Errorf("--from %s: %w", u, err)
		case fi.IsDir():
			return nil, fmt.Errorf("--from %s: %s là một thư mục, không phải tệp cơ sở dữ liệu", u, u.dsn)
		}
		db, err := sql.Open("sqlite", "file:"+u.dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := sql.Open("pgx", u.dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("--from %s: không kết nối được: %v", u, err)
	}
	return db, nil
}

// openTarget opens the (migrated) target for the copy's one transaction.
func openTarget(ctx context.Context, u storeURL) (*sql.DB, error) {
	if u.driver == "sqlite" {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "foreign_keys(1)")
		q.Set("_txlock", "immediate")
		db, err := sql.Open("sqlite", "file:"+u.dsn+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(1)
		return db, nil
	}
	db, err := sql.Open("pgx", u.dsn)
	if err != nil {
		return nil, err
	}
	return db, db.PingContext(ctx)
}

// checkCopyTarget refuses a target that holds data: it must be a missing
// SQLite file (in a folder that exists), or a database without tables, or
// one that trangtin created and holds no rows (a copy that failed). It
// reports whether the copy will create the SQLite file.
func checkCopyTarget(ctx context.Context, u storeURL) (created bool, err error) {
	var db *sql.DB
	if u.driver == "sqlite" {
		if err := folderExists(filepath.Dir(u.dsn)); err != nil {
			return false, fmt.Errorf("--to %s: %w", u, err)
		}
		if _, err := os.Lstat(u.dsn); errors.Is(err, fs.ErrNotExist) {
			return true, nil
		} else if err != nil {
			return false, fmt.Errorf("--to %s: %w", u, err)
		}
		db, err = sql.Open("sqlite", "file:"+u.dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			return false, err
		}
	} else {
		n, err := postgres.UserTables(ctx, u.dsn)
		if err != nil {
			return false, fmt.Errorf("--to %s: không kết nối được: %v", u, err)
		}
		if n == 0 {
			return false, nil
		}
		if db, err = sql.Open("pgx", u.dsn); err != nil {
			return false, err
		}
	}
	defer db.Close()
	table, rows, err := storecopy.FirstNonEmpty(ctx, db, u.kind())
	if err != nil {
		return false, fmt.Errorf("--to %s: %w", u, copyError(err))
	}
	if table != "" {
		return false, fmt.Errorf("--to %s không trống (bảng %s có %d dòng): chỉ chép vào một cơ sở dữ liệu trống (một tệp SQLite chưa có, hoặc CREATE DATABASE … trên PostgreSQL), để không trộn lẫn hay ghi đè dữ liệu đang có", u, table, rows)
	}
	return false, nil
}
