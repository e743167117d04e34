package main

import (
	"context"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

func TestUserAddCommand(t *testing.T) {
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	add := func(password string, args ...string) (string, error) {
		var out, errb strings.Builder
		err := run(context.Background(), strings.NewReader(password), append([]string{"user", "add", "--data", cfg.DataDir}, args...), &out, &errb)
		return out.String(), err
	}
	out, err := add("mat-khau-rat-dai-2026\n", "--site", "giavien", "--role", "reporter", "--email", "PhongVien@GiaVien.gov.vn", "--name", "Kim Thoả")
	if err != nil || !strings.Contains(out, "phongvien@giavien.gov.vn") {
		t.Fatalf("add reporter: %v %q", err, out)
	}
	if _, err := add("mat-khau-rat-dai-2026\n", "--site", "giavien", "--role", "reporter", "--email", "phongvien@giavien.gov.vn", "--name", "X"); err == nil {
		t.Error("a second account with the same email was accepted")
	}
	if _, err := add("ngan\n", "--site", "giavien", "--role", "editor", "--email", "btv@giavien.gov.vn", "--name", "Biên Tập"); err == nil || !strings.Contains(err.Error(), "Mật khẩu phải có ít nhất 10 ký tự") {
		t.Errorf("short password: %v, want a Vietnamese password message", err)
	}
	for _, bad := range [][]string{{"--site", "khong-co", "--role", "editor", "--email", "a@b.vn", "--name", "A"}, {"--site", "giavien", "--role", "boss", "--email", "a@b.vn", "--name", "A"}, {"--role", "editor", "--email", "a@b.vn", "--name", "A"}} {
		if _, err := add("mat-khau-rat-dai-2026\n", bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if _, err := add("mat-khau-quan-tri-2026\n", "--role", "admin", "--email", "qt@ninhbinh.gov.vn", "--name", "Quản trị"); err != nil {
		t.Errorf("add platform admin: %v", err)
	}
	// The new reporter can sign in with that password.
	db, err := openStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := user.NewService(db, db, db, nil).Authenticate(context.Background(), "phongvien@giavien.gov.vn", "mat-khau-rat-dai-2026", "127.0.0.1")
	if err != nil || u.Name != "Kim Thoả" {
		t.Fatalf("sign-in with the new account: %v", err)
	}
	ms := testenv.Must(db.FindMemberships(context.Background(), u.ID)).Get(t)
	if len(ms) != 1 || ms[0].Role != user.RoleReporter {
		t.Errorf("memberships %+v", ms)
	}
}
