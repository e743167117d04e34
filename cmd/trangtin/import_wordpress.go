package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/importer/wordpress"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

const wordpressUsage = "usage: trangtin import wordpress [--data DIR|--db URL] --site SITE [--uploads DIR] [--dry-run] [--report FILE.csv] [--role LOGIN=ROLE,…] FILE.xml"

// wordpressFailAfter makes the import stop after that many items, as a
// crash would (tests only; 0: never).
var wordpressFailAfter int

// importWordpressCmd: trangtin import wordpress … FILE.xml
func importWordpressCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var siteKey, uploads, reportPath, roleList string
	var dry bool
	cfg, fs, err := parse("import wordpress", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&siteKey, "site", "", "key of the site to import into")
		fs.StringVar(&uploads, "uploads", "", "a copy of the old site's wp-content/uploads folder")
		fs.BoolVar(&dry, "dry-run", false, "write nothing, print what would be done")
		fs.StringVar(&reportPath, "report", "", "where to write the report as CSV (default: FILE.xml.bao-cao.csv)")
		fs.StringVar(&roleList, "role", "", "roles of the authors, e.g. bientap=editor,admin=administrator (default: reporter)")
	})
	if err != nil {
		return err
	}
	if siteKey == "" || fs.NArg() != 1 {
		return errors.New(wordpressUsage)
	}
	file := fs.Arg(0)
	roles, err := parseRoles(roleList)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("không mở được tệp: %w", err)
	}
	db, site, err := openImportSite(ctx, cfg, siteKey)
	if err != nil {
		return err
	}
	defer db.Close()
	if reportPath == "" {
		reportPath = file + ".bao-cao.csv"
	}
	out, err := os.Create(reportPath)
	if err != nil {
		return fmt.Errorf("không ghi được báo cáo: %w", err)
	}
	defer out.Close()
	blobs, err := openBlobs(ctx, cfg)
	if err != nil {
		return err
	}
	ws, ok := db.(wordpress.Store)
	if !ok {
		return errors.New("cơ sở dữ liệu này không hỗ trợ nhập từ WordPress")
	}
	rep := importer.New(out)
	deps := wordpress.Deps{Content: content.NewService(db), Users: user.NewService(db, db, db, nil), Store: ws, Blobs: blobs, Limits: media.Limits{}}
	opts := wordpress.Options{Site: site, Uploads: uploads, DryRun: dry, Roles: roles, FailAfter: wordpressFailAfter, ProgressTo: stderr}
	im, runErr := wordpress.Run(ctx, file, deps, opts, rep)
	if err := rep.Flush(); err != nil && runErr == nil {
		runErr = fmt.Errorf("ghi báo cáo: %w", err)
	}
	var fileErr *wordpress.Error
	if errors.As(runErr, &fileErr) {
		return fmt.Errorf("%s: %w; không có gì được ghi", file, runErr)
	}
	printWordpressReport(stdout, im, rep, dry, reportPath)
	if runErr != nil {
		return fmt.Errorf("nhập dừng giữa chừng (chạy lại lệnh để nhập tiếp): %w", runErr)
	}
	if n := rep.N("", importer.Skipped); n > 0 {
		return fmt.Errorf("%d mục bị bỏ qua, xem lý do trong %s", n, reportPath)
	}
	return nil
}

func printWordpressReport(w io.Writer, im *wordpress.Importer, rep *importer.Report, dry bool, reportPath string) {
	if dry {
		fmt.Fprintln(w, "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu. Sẽ làm như sau:")
	}
	fmt.Fprint(w, rep.Summary())
	fmt.Fprintf(w, "Tổng cộng: %d nhập mới, %d cập nhật, %d bỏ qua, %d cảnh báo, %d sẽ nhập. Báo cáo chi tiết: %s\n",
		rep.N("", importer.Imported), rep.N("", importer.Updated), rep.N("", importer.Skipped), rep.N("", importer.Warning), rep.N("", importer.Planned), reportPath)
	if im == nil || len(im.Accounts) == 0 {
		return
	}
	fmt.Fprintln(w, "Tài khoản của các tác giả, chưa có mật khẩu (tệp WordPress không chứa mật khẩu).")
	fmt.Fprintln(w, "Quản trị trang cấp cho từng người một mật khẩu dùng một lần: Quản trị → Người dùng → chọn người → Cấp mật khẩu mới.")
	for _, a := range im.Accounts {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", a.Login, a.Email, a.Name, a.Role.Label())
	}
}

// parseRoles reads --role: LOGIN=ROLE pairs, ROLE a WordPress role
// (administrator, editor, author, contributor) or one of trangtin's.
func parseRoles(list string) (map[string]user.Role, error) {
	out := map[string]user.Role{}
	for _, pair := range strings.Split(list, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		login, name, ok := strings.Cut(pair, "=")
		role, known := wordpressRoles[strings.TrimSpace(name)]
		if !known {
			r, err := user.ParseRole(strings.TrimSpace(name))
			role, known = r, err == nil && r != user.RoleAdmin
		}
		if !ok || strings.TrimSpace(login) == "" || !known {
			return nil, fmt.Errorf("--role %q: cần dạng tên-đăng-nhập=vai-trò (administrator, editor, author, contributor, subscriber hoặc reporter, editor, approver, site-admin)", pair)
		}
		out[strings.TrimSpace(login)] = role
	}
	return out, nil
}

// wordpressRoles maps WordPress's roles to trangtin's (the table in the
// README): an editor publishes others' posts, as the editorial board does.
var wordpressRoles = map[string]user.Role{
	"administrator": user.RoleSiteAdmin,
	"editor":        user.RoleApprover,
	"author":        user.RoleReporter,
	"contributor":   user.RoleReporter,
	"subscriber":    user.RoleReporter,
}
