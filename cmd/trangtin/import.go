package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/term"

	"trangtin/internal/apperr"
	"trangtin/internal/config"
	"trangtin/internal/content"
)

// importCmd: trangtin import jsonl [--data DIR|--db URL] --site SITE FILE
// batchGC lets the collector of an import run less often, and returns
// what puts the settings back (an import also runs inside the tests'
// process). An import keeps little alive (pages of 500 articles: well
// under 100 MiB), so its collector ran a tenth of its CPU time with
// Go's default (a cycle each time the heap doubles); it now runs when the
// heap is five times what is alive, within a soft limit of 180 MiB,
// unless GOGC or GOMEMLIMIT is set.
func batchGC() (restore func()) {
	gc, limit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		gc = debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(180 << 20)
	}
	return func() {
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{"usage: trangtin import jsonl [--data DIR|--db URL] --site SITE FILE\n"}
	}
	defer batchGC()()
	if len(args) > 0 && args[0] == "wordpress" {
		return importWordpressCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "crawl" {
		return importCrawlCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "nukeviet" {
		return importNukevietCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "jsonl" {
		return errors.New(`usage: trangtin import jsonl [--data DIR|--db URL] --site SITE FILE`)
	}
	var siteKey string
	cfg, fs, err := parse("import jsonl", args[1:], stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&siteKey, "site", "", "key of the site to import into, e.g. giavien")
	})
	if err != nil {
		return err
	}
	if siteKey == "" || fs.NArg() != 1 {
		return errors.New(`usage: trangtin import jsonl [--data DIR|--db URL] --site SITE FILE`)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("không mở được tệp: %w", err)
	}
	defer f.Close()
	db, site, err := openImportSite(ctx, cfg, siteKey)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := content.NewService(db)
	var total int64
	if st, err := f.Stat(); err == nil {
		total = st.Size()
	}
	res, err := importJSONL(ctx, svc, site.ID, f, total, stdout, stderr)
	fmt.Fprintf(stdout, "Đã nhập %d bài mới, cập nhật %d bài, bỏ qua %d dòng lỗi.\n", res.imported, res.updated, res.rejected)
	if err != nil {
		return err
	}
	if res.rejected > 0 {
		return fmt.Errorf("%d dòng không nhập được", res.rejected)
	}
	return nil
}

type importResult struct{ imported, updated, rejected int }

// importJSONL imports every line of r, reporting each bad line with its
// number on stderr and going on with the rest. Progress is drawn on
// stderr when it is a terminal.
func importJSONL(ctx context.Context, svc *content.Service, siteID int64, r io.Reader, size int64, stdout, stderr io.Writer) (importResult, error) {
	var res importResult
	im, err := svc.NewImporter(ctx, siteID)
	if err != nil {
		return res, err
	}
	progress := newProgress(stderr, size)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var read int64
	for line := 1; sc.Scan(); line++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		b := sc.Bytes()
		read += int64(len(b)) + 1
		if len(b) == 0 {
			continue
		}
		rec, err := content.ParseImportLine(b)
		if err == nil {
			var outcome content.ImportOutcome
			outcome, err = im.Import(ctx, rec)
			switch outcome {
			case content.Imported:
				res.imported++
			case content.Updated:
				res.updated++
			}
		}
		if err != nil {
			if code := apperr.CodeOf(err); code != apperr.Invalid && code != apperr.Conflict {
				return res, fmt.Errorf("dòng %d: %w", line, err)
			}
			res.rejected++
			progress.clear()
			fmt.Fprintf(stderr, "dòng %d: %s\n", line, describe(err))
		}
		progress.show(read, res)
	}
	progress.clear()
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("đọc tệp: %w", err)
	}
	return res, nil
}

// describe spells out a validation error with its fields.
func describe(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	msg := e.Message
	for field, m := range e.Fields {
		msg += fmt.Sprintf(" [%s: %s]", field, m)
	}
	return msg
}

// progress draws one self-overwriting line on a terminal, at most ten
// times a second; on anything else it stays silent.
type progress struct {
	w    io.Writer
	size int64
	on   bool
	last time.Time
}

func newProgress(w io.Writer, size int64) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, size: size, on: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) show(read int64, res importResult) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	pct := 0.0
	if p.size > 0 {
		pct = 100 * float64(read) / float64(p.size)
	}
	fmt.Fprintf(p.w, "\r%5.1f%%  mới %d · cập nhật %d · lỗi %d", pct, res.imported, res.updated, res.rejected)
}

func (p *progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// openImportSite opens the store and finds the site key an import writes
// into: an archived or merged site takes no import. The caller closes the
// store.
func openImportSite(ctx context.Context, cfg config.Config, key string) (store, content.Site, error) {
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, content.Site{}, err
	}
	site, err := db.FindSiteByKey(ctx, key)
	switch {
	case apperr.Is(err, apperr.NotFound):
		err = fmt.Errorf("không có trang nào có mã %q", key)
	case err == nil && site.State != content.StateActive:
		err = fmt.Errorf("trang %q đã lưu trữ hoặc sáp nhập: không nhập vào được (mở lại bằng trangtin site reopen %s)", key, key)
	}
	if err != nil {
		db.Close()
		return nil, content.Site{}, err
	}
	return db, site, nil
}
