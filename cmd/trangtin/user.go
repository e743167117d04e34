package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

const userUsage = "usage: trangtin user add [--data DIR|--db URL] --site SITE --role reporter|editor|approver|site-admin|admin --email EMAIL --name NAME  (password on standard input)"

// userCmd: trangtin user add …, reading the password from standard input.
func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{userUsage + "\n"}
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New(userUsage)
	}
	var siteKey, roleName, email, name string
	cfg, fs, err := parse("user add", args[1:], stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&siteKey, "site", "", "key of the site the role is on (not needed for admin)")
		fs.StringVar(&roleName, "role", "", "reporter, editor, approver, site-admin or admin")
		fs.StringVar(&email, "email", "", "sign-in email")
		fs.StringVar(&name, "name", "", "full name")
	})
	if err != nil {
		return err
	}
	role, err := user.ParseRole(roleName)
	if err != nil || email == "" || name == "" || fs.NArg() != 0 || (siteKey == "" && role != user.RoleAdmin) {
		return errors.New(userUsage)
	}
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("đọc mật khẩu: %w", err)
	}
	password = strings.TrimRight(password, "\r\n")
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var siteID int64
	if role != user.RoleAdmin {
		site, err := db.FindSiteByKey(ctx, siteKey)
		if err != nil {
			return fmt.Errorf("không có trang nào có mã %q", siteKey)
		}
		siteID = site.ID
	}
	u, err := user.NewService(db, db, db, nil).CreateUser(ctx, email, name, password, role, siteID)
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) {
			msg := e.Message
			for f, m := range e.Fields {
				msg += fmt.Sprintf(" [%s: %s]", f, m)
			}
			return errors.New(msg)
		}
		return err
	}
	fmt.Fprintf(stdout, "Đã tạo tài khoản %s (%s) với vai trò %s.\n", u.Email, u.Name, role.Label())
	return nil
}
