package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/importer/crawl"
	"trangtin/internal/media"
)

const crawlUsage = "usage: trangtin import crawl [--data DIR|--db URL] --from URL --site SITE [--profile nukeviet|liferay|FILE.json] [--rate 1] [--max-pages N] [--contact URL|EMAIL] [--dry-run] [--report FILE.csv]"

// crawlFailAfter makes the crawl stop after that many articles written,
// as a crash would (tests only; 0: never).
var crawlFailAfter int

// importCrawlCmd: trangtin import crawl --from URL --site SITE …
func importCrawlCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var siteKey, from, profile, reportPath, contact string
	var rate float64
	var maxPages int
	var dry bool
	cfg, fs, err := parse("import crawl", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&siteKey, "site", "", "key of the site to import into")
		fs.StringVar(&from, "from", "", "the old site's address, e.g. https://xaanbinh.example.vn/")
		fs.StringVar(&profile, "profile", "nukeviet", "nukeviet, liferay or a profile file (JSON)")
		fs.Float64Var(&rate, "rate", 1, "requests a second to the old site")
		fs.IntVar(&maxPages, "max-pages", 20000, "at most this many article pages")
		fs.BoolVar(&dry, "dry-run", false, "write nothing, print what would be done")
		fs.StringVar(&reportPath, "report", "", "where to write the report as CSV (default: nhap-crawl-SITE.csv)")
		fs.StringVar(&contact, "contact", "", "an address or e-mail for the old site's keepers, in the User-Agent (default: https://HOST/ of the site)")
	})
	if err != nil {
		return err
	}
	if siteKey == "" || from == "" || fs.NArg() != 0 {
		return errors.New(crawlUsage)
	}
	u, err := crawlFlags(from, rate, maxPages)
	if err != nil {
		return err
	}
	prof, err := crawl.LoadProfile(profile)
	if err != nil {
		return err
	}
	db, site, err := openImportSite(ctx, cfg, siteKey)
	if err != nil {
		return err
	}
	defer db.Close()
	if reportPath == "" {
		reportPath = "nhap-crawl-" + siteKey + ".csv"
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
	cs, ok := db.(crawl.Store)
	if !ok {
		return errors.New("cơ sở dữ liệu này không hỗ trợ nhập từ trang cũ")
	}
	if contact == "" && site.Host != "" {
		contact = "https://" + site.Host + "/"
	}
	rep := importer.New(out)
	deps := crawl.Deps{Content: content.NewService(db), Store: cs, Blobs: blobs, Limits: media.Limits{}}
	opts := crawl.Options{Site: site, From: u, Profile: prof, Rate: rate, DryRun: dry, Limits: crawl.Limits{Pages: maxPages},
		Contact: contact, FailAfter: crawlFailAfter, ProgressTo: stderr}
	runErr := crawl.Run(ctx, deps, opts, rep)
	var unreachable *crawl.UnreachableError
	if errors.As(runErr, &unreachable) {
		return runErr
	}
	if err := rep.Flush(); err != nil && runErr == nil {
		runErr = fmt.Errorf("ghi báo cáo: %w", err)
	}
	printCrawlReport(stdout, rep, dry, reportPath)
	if runErr != nil {
		return fmt.Errorf("nhập dừng giữa chừng (chạy lại lệnh để nhập tiếp): %w", runErr)
	}
	if n := rep.N("", importer.Skipped); n > 0 {
		return fmt.Errorf("%d mục bị bỏ qua, xem lý do trong %s", n, reportPath)
	}
	return nil
}

// crawlFlags checks --from, --rate and --max-pages.
func crawlFlags(from string, rate float64, maxPages int) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(from))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--from %q: cần địa chỉ đầy đủ của trang cũ, ví dụ https://xaanbinh.example.vn/", from)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if rate <= 0 || rate > 100 {
		return nil, fmt.Errorf("--rate %v: cần số yêu cầu mỗi giây, lớn hơn 0 và không quá 100", rate)
	}
	if maxPages <= 0 {
		return nil, fmt.Errorf("--max-pages %d: cần số dương", maxPages)
	}
	return u, nil
}

func printCrawlReport(w io.Writer, rep *importer.Report, dry bool, reportPath string) {
	if dry {
		fmt.Fprintln(w, "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu. Sẽ làm như sau:")
	}
	fmt.Fprint(w, rep.Summary())
	fmt.Fprintf(w, "Tổng cộng: %d nhập mới, %d cập nhật, %d không đổi, %d bỏ qua, %d cảnh báo, %d sẽ nhập. Báo cáo chi tiết: %s\n",
		rep.N("", importer.Imported), rep.N("", importer.Updated), rep.N("", importer.Unchanged), rep.N("", importer.Skipped),
		rep.N("", importer.Warning), rep.N("", importer.Planned), reportPath)
}
