package main

import (
	"context"
	"flag"
	"fmt"

	"trangtin/internal/vi"
)

// archiveCLI is `site archive KEY [--successor KEY] [--since DATE]
// [--dry-run]` and `site reopen KEY`.
type archiveCLI struct {
	*siteCLI
	successor, since string
	dryRun           bool
}

func (c *archiveCLI) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.successor, "successor", "", "key of the site that took over (linked from every page of the archived site)")
	fs.StringVar(&c.since, "since", "", "the day the unit ended, YYYY-MM-DD (default: today)")
	fs.BoolVar(&c.dryRun, "dry-run", false, "print what would change, change nothing")
}

func (c *archiveCLI) archive(ctx context.Context) error {
	var since vi.Day
	if c.since != "" {
		d, err := vi.ParseDay(c.since)
		if err != nil {
			return fmt.Errorf("--since %q không phải một ngày (viết YYYY-MM-DD, ví dụ 2025-07-01)", c.since)
		}
		since = d
	}
	key := c.args[0]
	p, err := c.sites.PlanArchive(ctx, key, c.successor, since)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("trang %s (%s) thành trang lưu trữ, kết thúc hoạt động từ %s", p.Site.Key, p.Site.Name, p.Site.EndedOn)
	if p.Successor != nil {
		what += fmt.Sprintf(", trang kế nhiệm %s (%s)", p.Successor.Key, p.Successor.Name)
	}
	if c.dryRun {
		fmt.Fprintf(c.stdout, "Chạy thử, không thay đổi gì: sẽ chuyển %s.\n", what)
		return nil
	}
	if _, err := c.sites.Archive(ctx, key, c.successor, since, cliActor); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Đã chuyển %s. Trang chỉ còn đọc: mọi biểu mẫu đóng, khu vực quản trị không nhận thay đổi (mở lại: trangtin site reopen %s).\n", what, p.Site.Key)
	return nil
}

func (c *archiveCLI) reopen(ctx context.Context) error {
	s, err := c.sites.Reopen(ctx, c.args[0], cliActor)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Đã mở lại trang %s: trang hoạt động trở lại.\n", s.Key)
	return nil
}
