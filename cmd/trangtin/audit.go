package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"trangtin/internal/audit"
)

// auditCmd: trangtin audit verify [--data DIR|--db URL]
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{"usage: trangtin audit verify [--data DIR|--db URL]\n"}
	}
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: trangtin audit verify [--data DIR|--db URL]")
	}
	cfg, _, err := parse("audit verify", args[1:], stderr, false, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, problem, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if problem != nil {
		fmt.Fprintf(stdout, "Nhật ký KHÔNG toàn vẹn: %s (đã kiểm tra %d mục trước đó).\n", problem.Error(), n)
		return fmt.Errorf("audit log tampered at entry %d", problem.ID)
	}
	fmt.Fprintf(stdout, "Nhật ký toàn vẹn: %d mục, chuỗi băm khớp.\n", n)
	return nil
}
