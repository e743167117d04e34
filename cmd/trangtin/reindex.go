package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// reindexCmd: trangtin reindex [--data DIR|--db URL]
func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parse("reindex", args, stderr, false, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	bar := newProgress(stderr, 0)
	n := 0
	err = db.Reindex(ctx, func(done, total int) {
		n = done
		if bar.on && time.Since(bar.last) >= 100*time.Millisecond {
			bar.last = time.Now()
			fmt.Fprintf(bar.w, "\rĐang lập chỉ mục: %d/%d", done, total)
		}
	})
	bar.clear()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã lập lại chỉ mục tìm kiếm cho %d mục trong %s.\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
