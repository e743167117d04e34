// Package nukeviet imports a NukeViet 4.x site from its MySQL or MariaDB
// database into a trangtin site, through the modules' services: news
// categories, articles with their pictures, block groups, static pages,
// legal documents (the laws module), questions and answers (the faq
// module) and the administrators with their password hashes. It is
// idempotent on the old site's identities (a second run updates), and
// reports every record in an importer.Report.
package nukeviet

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// Source is an open NukeViet database.
type Source struct {
	db     *sql.DB
	name   string // the database's name
	prefix string // "nv4"
	lang   string // "vi"
	tables map[string]bool
}

var (
	validPrefix = regexp.MustCompile(`^[a-z][a-z0-9]{0,19}$`)
	validLang   = regexp.MustCompile(`^[a-z]{2}$`)
)

// Open connects to the NukeViet database of dsn (go-sql-driver/mysql's
// form, user:pass@tcp(host:port)/db) and checks that it holds the news
// module of prefix and lang. Its errors say in Vietnamese what is wrong.
func Open(ctx context.Context, dsn, prefix, lang string) (*Source, error) {
	if !validPrefix.MatchString(prefix) {
		return nil, fmt.Errorf("--prefix %q không hợp lệ: tiền tố bảng của NukeViet gồm chữ thường và chữ số, ví dụ nv4", prefix)
	}
	if !validLang.MatchString(lang) {
		return nil, fmt.Errorf("--lang %q không hợp lệ: mã ngôn ngữ gồm hai chữ thường, ví dụ vi", lang)
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("--dsn không đúng dạng user:mật-khẩu@tcp(máy:cổng)/tên-cơ-sở-dữ-liệu: %v", err)
	}
	if cfg.DBName == "" {
		return nil, errors.New("--dsn thiếu tên cơ sở dữ liệu sau dấu /, ví dụ user:mật-khẩu@tcp(127.0.0.1:3306)/nukeviet")
	}
	cfg.ParseTime = false
	where := cfg.User + "@" + cfg.Addr + "/" + cfg.DBName
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("--dsn: %v", err)
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(2)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("không kết nối được cơ sở dữ liệu NukeViet %s: %v", where, err)
	}
	s := &Source{db: db, name: cfg.DBName, prefix: prefix, lang: lang, tables: map[string]bool{}}
	if err := s.readTables(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("đọc danh sách bảng của %s: %v", where, err)
	}
	if err := s.check(); err != nil {
		db.Close()
		return nil, fmt.Errorf("cơ sở dữ liệu %s: %w", where, err)
	}
	return s, nil
}

// Close closes the connection.
func (s *Source) Close() error { return s.db.Close() }

func (s *Source) readTables(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		s.tables[strings.ToLower(name)] = true
	}
	return rows.Err()
}

// required are the tables without which there is nothing to import.
var required = []string{"users", "authors", "%s_news_cat", "%s_news_rows", "%s_news_detail"}

// check refuses a database without the news module of the prefix and
// language, naming the prefixes and languages it has.
func (s *Source) check() error {
	var missing []string
	for _, r := range required {
		if name := s.table(r); !s.tables[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var found []string
	for name := range s.tables {
		if p, rest, ok := strings.Cut(name, "_"); ok && strings.HasSuffix(rest, "_news_rows") {
			found = append(found, fmt.Sprintf("--prefix %s --lang %s", p, strings.TrimSuffix(rest, "_news_rows")))
		}
	}
	msg := fmt.Sprintf("không có bảng %s của NukeViet", strings.Join(missing, ", "))
	if len(found) > 0 {
		return fmt.Errorf("%s; cơ sở dữ liệu này có: %s", msg, strings.Join(found, "; "))
	}
	return fmt.Errorf("%s, và không có bảng tin tức (…_news_rows) nào: đây không phải cơ sở dữ liệu NukeViet 4", msg)
}

// table names a table: "%s_news_rows" is the news table of the language,
// "users" a table of the whole site.
func (s *Source) table(name string) string {
	if strings.Contains(name, "%s") {
		name = fmt.Sprintf(name, s.lang)
	}
	return s.prefix + "_" + name
}

// Has reports whether the site has the table (a module may be missing).
func (s *Source) Has(name string) bool { return s.tables[s.table(name)] }

// Identity is the old site's identity of the row id of table, as the
// import ledger and the report name it: "nv4_vi_news_rows#123".
func (s *Source) Identity(table string, id int64) string {
	return fmt.Sprintf("%s#%d", s.table(table), id)
}
