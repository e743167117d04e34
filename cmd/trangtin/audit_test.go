package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/config"
)

// TestAuditVerifyCommand: `trangtin audit verify` passes on an untouched
// log and names the first bad entry after a row is edited or deleted
// directly in the database.
func TestAuditVerifyCommand(t *testing.T) {
	for _, c := range []struct {
		name, tamper string
		want         string
	}{
		{"untouched", "", "Nhật ký toàn vẹn: 6 mục"},
		{"edited", "UPDATE audit_log SET action = 'login.fail' WHERE id = 4", "mục nhật ký 4: nội dung đã bị sửa"},
		{"deleted", "DELETE FROM audit_log WHERE id = 2", "mục nhật ký 2: đã bị xóa"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := config.Config{DataDir: dir}
			db, err := openStore(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 6; i++ {
				if err := db.AppendAudit(context.Background(), &audit.Entry{Action: "login.ok", Actor: "admin@localhost", IP: "127.0.0.1"}); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			if c.tamper != "" {
				raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "trangtin.db"))
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete", c.tamper} {
					if _, err := raw.Exec(q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				raw.Close()
			}
			var out, errb strings.Builder
			err = run(context.Background(), nil, []string{"audit", "verify", "--data", dir}, &out, &errb)
			if (err == nil) != (c.tamper == "") {
				t.Errorf("exit error %v for %s", err, c.name)
			}
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("output %q, want %q", out.String(), c.want)
			}
		})
	}
}
