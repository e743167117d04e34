package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"trangtin/internal/sitemerge"
)

// mergeFlags: site merge --from A,B --into X [--category NAME] [--dry-run].
type mergeFlags struct {
	from, into, category string
	dryRun               bool
}

func (c *siteCLI) mergeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.mf.from, "from", "", "keys of the dissolved sites, comma-separated")
	fs.StringVar(&c.mf.into, "into", "", "key of the site that took over")
	fs.StringVar(&c.mf.category, "category", "", `the category of the target every source goes under (default "Lưu trữ <source name>", created when missing)`)
	fs.BoolVar(&c.mf.dryRun, "dry-run", false, "show what would be done, change nothing")
}

// merge merges the sources into the target, one transaction a source,
// printing the counts before and after and each source as it is done.
func (c *siteCLI) merge(ctx context.Context) error {
	from := splitList(c.mf.from)
	if len(from) == 0 || strings.TrimSpace(c.mf.into) == "" {
		return errors.New("thiếu tham số: cần --from A,B,… (các trang giải thể) và --into X (trang tiếp nhận).\n" + siteUsage)
	}
	svc := sitemerge.New(c.db)
	req := sitemerge.Request{From: from, Into: c.mf.into, Category: c.mf.category, DryRun: c.mf.dryRun, Actor: cliActor}
	plans, already, err := svc.Check(ctx, req)
	if err != nil {
		return err
	}
	for _, key := range already {
		fmt.Fprintf(c.stdout, "Trang %s đã sáp nhập vào %s trước đó: bỏ qua.\n", key, c.mf.into)
	}
	if len(plans) == 0 {
		fmt.Fprintf(c.stdout, "Không có gì để làm: mọi trang nguồn đã sáp nhập vào %s.\n", c.mf.into)
		return nil
	}
	into := plans[0].Into
	keys := []string{}
	ids := []int64{}
	for _, p := range plans {
		keys, ids = append(keys, p.From.Key), append(ids, p.From.ID)
	}
	keys, ids = append(keys, into.Key), append(ids, into.ID)
	if req.DryRun {
		fmt.Fprintln(c.stdout, "Chạy thử (--dry-run): không có gì được thay đổi.")
	}
	fmt.Fprintln(c.stdout, "Trước khi sáp nhập:")
	if err := c.printCounts(ctx, svc, keys, ids, nil); err != nil {
		return err
	}
	var last map[int64]sitemerge.Counts
	_, err = svc.Merge(ctx, req, func(r sitemerge.Result) {
		c.printResult(r, req.DryRun)
		if last == nil {
			last = map[int64]sitemerge.Counts{}
		}
		for _, p := range plans {
			if p.From.Key == r.From {
				last[p.From.ID] = r.After.From
			}
		}
		last[into.ID] = r.After.Into
	})
	if err != nil {
		return fmt.Errorf("%w\nCác trang đã báo sáp nhập xong ở trên giữ nguyên; các trang còn lại chưa bị thay đổi. Chạy lại cùng lệnh để tiếp tục.", plainError(err))
	}
	if req.DryRun {
		fmt.Fprintln(c.stdout, "Sau khi sáp nhập (dự kiến):")
		return c.printCounts(ctx, svc, keys, ids, last)
	}
	fmt.Fprintln(c.stdout, "Sau khi sáp nhập:")
	return c.printCounts(ctx, svc, keys, ids, nil)
}

// printCounts prints a table of what each site holds: from the database,
// or from known (a dry run's figures) when it has the site.
func (c *siteCLI) printCounts(ctx context.Context, svc *sitemerge.Service, keys []string, ids []int64, known map[int64]sitemerge.Counts) error {
	w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "TRANG\tBÀI VIẾT\tPHIÊN BẢN\tCHUYÊN MỤC\tTRANG TĨNH\tVĂN BẢN\tHỎI ĐÁP\tDỰ THẢO\tÝ KIẾN\tTỆP\t")
	var total sitemerge.Counts
	for i, id := range ids {
		n, ok := known[id]
		if !ok {
			var err error
			if n, err = svc.Counts(ctx, id); err != nil {
				return err
			}
		}
		total = total.Add(n)
		writeCounts(w, keys[i], n)
	}
	writeCounts(w, "cộng", total)
	return w.Flush()
}

func writeCounts(w io.Writer, name string, n sitemerge.Counts) {
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", name, n.Articles, n.Revisions, n.Categories, n.Pages,
		n.Documents, n.Questions, n.Consultations, n.Comments, n.Media)
}

var renameKinds = map[string]string{"article": "bài viết", "category": "chuyên mục", "page": "trang tĩnh"}

func (c *siteCLI) printResult(r sitemerge.Result, dry bool) {
	if r.Already {
		fmt.Fprintf(c.stdout, "Trang %s đã sáp nhập vào %s trước đó: bỏ qua.\n", r.From, r.Into)
		return
	}
	verb := "Đã sáp nhập"
	if dry {
		verb = "Sẽ sáp nhập"
	}
	n := r.Before.From
	fmt.Fprintf(c.stdout, "%s %s vào %s: %d bài viết (%d phiên bản), %d chuyên mục, %d trang tĩnh, %d văn bản, %d câu hỏi, %d dự thảo (%d ý kiến), %d tệp; %d địa chỉ cũ chuyển hướng.\n",
		verb, r.From, r.Into, n.Articles, n.Revisions, n.Categories, n.Pages, n.Documents, n.Questions, n.Consultations, n.Comments, n.Media, r.Redirects)
	state := "có sẵn"
	if r.Category.Created {
		state = "tạo mới, ẩn khỏi menu"
	}
	fmt.Fprintf(c.stdout, "  Chuyên mục trên %s: %q (/chuyen-muc/%s, %s); cây chuyên mục của %s nằm bên dưới.\n", r.Into, r.Category.Name, r.Category.Slug, state, r.From)
	if len(r.Renamed) > 0 {
		fmt.Fprintf(c.stdout, "  Đổi đường dẫn vì %s đã có (địa chỉ cũ vẫn chuyển hướng đúng): %d\n", r.Into, len(r.Renamed))
		for _, rn := range r.Renamed {
			fmt.Fprintf(c.stdout, "    %s %s → %s\n", renameKinds[rn.Kind], rn.Old, rn.New)
		}
	}
	if r.SourceURLsCleared > 0 {
		fmt.Fprintf(c.stdout, "  %d bài viết bỏ địa chỉ nguồn nhập (source_url) vì %s đã có bài cùng địa chỉ nguồn.\n", r.SourceURLsCleared, r.Into)
	}
}
