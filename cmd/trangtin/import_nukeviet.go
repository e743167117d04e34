package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/importer"
	"trangtin/internal/importer/nukeviet"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

const usageImportNukeviet = "usage: trangtin import nukeviet [--data DIR|--db URL] --dsn 'user:pass@tcp(127.0.0.1:3306)/db' --site SITE [--prefix nv4] [--lang vi] [--uploads DIR] [--report FILE.csv] [--dry-run]\n"

// importNukevietCmd: trangtin import nukeviet …, reading a NukeViet 4.x
// database into a site. The report goes to standard output and, as CSV, to
// --report; the exit is non-zero when any record was skipped.
func importNukevietCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{usageImportNukeviet}
	}
	var dsn, prefix, lang, siteKey, uploads, reportPath string
	var dryRun bool
	cfg, fs, err := parse("import nukeviet", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&dsn, "dsn", "", "the NukeViet database, user:pass@tcp(host:3306)/db")
		fs.StringVar(&prefix, "prefix", "nv4", "NukeViet's table prefix")
		fs.StringVar(&lang, "lang", "vi", "the language of the NukeViet data to import")
		fs.StringVar(&siteKey, "site", "", "key of the site to import into, e.g. giavien")
		fs.StringVar(&uploads, "uploads", "", "a copy of the old site's uploads folder")
		fs.StringVar(&reportPath, "report", "", "where to write the report as CSV (default nhap-nukeviet-SITE.csv)")
		fs.BoolVar(&dryRun, "dry-run", false, "read everything and report what would happen, writing nothing")
	})
	if err != nil {
		return err
	}
	if dsn == "" || siteKey == "" || fs.NArg() != 0 {
		return errors.New(usageImportNukeviet)
	}
	if uploads != "" {
		if fi, err := os.Stat(uploads); err != nil || !fi.IsDir() {
			return fmt.Errorf("--uploads %s: không phải một thư mục đọc được", uploads)
		}
	}
	src, err := nukeviet.Open(ctx, dsn, prefix, lang)
	if err != nil {
		return err
	}
	defer src.Close()
	db, site, err := openImportSite(ctx, cfg, siteKey)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := nukevietTarget(cfg, db, site, uploads, dryRun)
	if err != nil {
		return err
	}
	if reportPath == "" {
		reportPath = "nhap-nukeviet-" + siteKey + ".csv"
	}
	out, err := os.Create(reportPath)
	if err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	defer out.Close()
	report := importer.New(out)
	runErr := nukeviet.Run(ctx, src, t, report, importer.NewProgress(stderr, 0))
	if err := report.Flush(); err != nil && runErr == nil {
		runErr = fmt.Errorf("ghi báo cáo %s: %w", reportPath, err)
	}
	if dryRun {
		fmt.Fprintln(stdout, "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu.")
	}
	fmt.Fprint(stdout, report.Summary())
	fmt.Fprintf(stdout, "Báo cáo chi tiết: %s\n", reportPath)
	if runErr != nil {
		return runErr
	}
	if n := report.N("", importer.Skipped); n > 0 {
		return fmt.Errorf("%d bản ghi bị bỏ qua (lý do trong báo cáo)", n)
	}
	return nil
}

// nukevietTarget wires the services an import writes through.
func nukevietTarget(cfg config.Config, db store, site content.Site, uploads string, dryRun bool) (nukeviet.Target, error) {
	ns, ok := db.(nukeviet.Store)
	if !ok {
		return nukeviet.Target{}, errors.New("kho dữ liệu này không nhận được dữ liệu nhập từ NukeViet")
	}
	var blobs media.BlobStore
	if !dryRun {
		b, err := openBlobs(context.Background(), cfg)
		if err != nil {
			return nukeviet.Target{}, err
		}
		blobs = b
	}
	return nukeviet.Target{
		Site: site, Content: content.NewService(&knownCategories{Store: db}), Store: ns, Users: user.NewService(db, db, db, nil),
		Records: db, Blobs: blobs, Documents: document.NewService(db, nil), Questions: db,
		Uploads: uploads, DryRun: dryRun,
	}, nil
}

// knownCategories answers the check that an article's category exists,
// made for every article an import writes, from memory once a category
// was found: an import neither deletes nor moves categories.
type knownCategories struct {
	content.Store
	mu    sync.Mutex
	found map[[2]int64]content.Category
}

func (k *knownCategories) FindCategoryByID(ctx context.Context, siteID, id int64) (content.Category, error) {
	k.mu.Lock()
	c, ok := k.found[[2]int64{siteID, id}]
	k.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := k.Store.FindCategoryByID(ctx, siteID, id)
	if err == nil {
		k.mu.Lock()
		if k.found == nil {
			k.found = map[[2]int64]content.Category{}
		}
		k.found[[2]int64{siteID, id}] = c
		k.mu.Unlock()
	}
	return c, err
}

func (k *knownCategories) UpdateCategory(ctx context.Context, c *content.Category, a *audit.Entry) error {
	k.mu.Lock()
	delete(k.found, [2]int64{c.SiteID, c.ID})
	k.mu.Unlock()
	return k.Store.UpdateCategory(ctx, c, a)
}
