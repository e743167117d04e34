package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// siteRun runs `trangtin site ARGS… --data … [--db …]` as main does and
// returns its standard output and error (any error is exit code 2).
func siteRun(t *testing.T, cfg config.Config, args ...string) (string, error) {
	t.Helper()
	var out, errb strings.Builder
	// Positional words first, then the store's options, then the rest.
	full := []string{"site"}
	i := 0
	for i < len(args) && !strings.HasPrefix(args[i], "-") {
		full, i = append(full, args[i]), i+1
	}
	full = append(full, "--data", cfg.DataDir)
	if cfg.DB != "" {
		full = append(full, "--db", cfg.DB)
	}
	full = append(full, args[i:]...)
	err := run(context.Background(), strings.NewReader(""), full, &out, &errb)
	return out.String(), err
}

// wantRefused checks that a site command failed (exit code 2) with a
// message containing want.
func wantRefused(t *testing.T, cfg config.Config, want string, args ...string) {
	t.Helper()
	out, err := siteRun(t, cfg, args...)
	if err == nil {
		t.Errorf("site %v: accepted (%q), want refused with %q", args, out, want)
		return
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("site %v: %q, want a message containing %q", args, err, want)
	}
}

func wantOK(t *testing.T, cfg config.Config, want string, args ...string) string {
	t.Helper()
	out, err := siteRun(t, cfg, args...)
	if err != nil {
		t.Fatalf("site %v: %v", args, err)
	}
	if !strings.Contains(out, want) {
		t.Errorf("site %v: %q, want %q", args, out, want)
	}
	return out
}

// TestSiteCommands: every site subcommand with good and bad input, on
// both stores; every change is in the audit log, which still verifies.
func TestSiteCommands(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		ctx := context.Background()
		wantOK(t, cfg, "Đã tạo trang ninhbinh", "add", "--key", "ninhbinh", "--name", "Cổng thông tin điện tử tỉnh Ninh Bình", "--kind", "tinh", "--host", "NinhBinh.gov.vn")
		out := wantOK(t, cfg, "Mật khẩu dùng một lần", "add", "--key", "gia-hung", "--name", "Xã Gia Hưng", "--kind", "xa", "--host", "giahung.ninhbinh.gov.vn",
			"--parent", "ninhbinh", "--alias", "giahung.gov.vn", "--admin-email", "QuanTri@GiaHung.gov.vn")
		wantOK(t, cfg, "đã trao vai trò", "add", "--key", "so-tc", "--name", "Sở Tài chính", "--kind", "so", "--host", "stc.ninhbinh.gov.vn",
			"--parent", "ninhbinh", "--admin-email", "quantri@giahung.gov.vn")

		// Bad input: refused with a message naming the problem.
		wantRefused(t, cfg, `Mã trang "gia-hung" đã có`, "add", "--key", "gia-hung", "--name", "X", "--kind", "xa", "--host", "x.gov.vn")
		wantRefused(t, cfg, `Tên miền ninhbinh.gov.vn đã thuộc trang "ninhbinh"`, "add", "--key", "x", "--name", "X", "--kind", "xa", "--host", "ninhbinh.gov.vn")
		wantRefused(t, cfg, `Tên miền giahung.gov.vn đã thuộc trang "gia-hung"`, "add", "--key", "x", "--name", "X", "--kind", "xa", "--host", "GiaHung.gov.vn.")
		wantRefused(t, cfg, `Không có trang cấp trên mã "khong-co"`, "add", "--key", "x", "--name", "X", "--kind", "xa", "--host", "x.gov.vn", "--parent", "khong-co")
		wantRefused(t, cfg, `Loại trang "huyen" không hợp lệ`, "add", "--key", "x", "--name", "X", "--kind", "huyen", "--host", "x.gov.vn")
		for _, h := range []string{"https://x.gov.vn", "x.gov.vn:8080", "x .gov.vn", "-x.gov.vn", "giaviễn.gov.vn", "x..gov.vn"} {
			wantRefused(t, cfg, "Tên miền", "add", "--key", "x", "--name", "X", "--kind", "xa", "--host", h)
		}
		wantRefused(t, cfg, "Mã trang chỉ gồm chữ thường", "add", "--key", "Xã A", "--name", "X", "--kind", "xa", "--host", "x.gov.vn")
		wantRefused(t, cfg, "thiếu tham số", "add", "--key", "x", "--name", "X", "--kind", "xa")
		wantRefused(t, cfg, "Địa chỉ email không hợp lệ", "add", "--key", "x2", "--name", "X", "--kind", "xa", "--host", "x2.gov.vn", "--admin-email", "khong-phai-email")

		// list and show.
		out = wantOK(t, cfg, "gia-hung", "list")
		for _, want := range []string{"ninhbinh", "so-tc", "stc.ninhbinh.gov.vn", "đang hoạt động"} {
			if !strings.Contains(out, want) {
				t.Errorf("site list lacks %q:\n%s", want, out)
			}
		}
		out = wantOK(t, cfg, "Xã Gia Hưng", "show", "gia-hung")
		for _, want := range []string{"xa (xã/phường/đặc khu)", "ninhbinh (Cổng thông tin điện tử tỉnh Ninh Bình)", "giahung.gov.vn", "Trang mặc định:  không"} {
			if !strings.Contains(out, want) {
				t.Errorf("site show lacks %q:\n%s", want, out)
			}
		}
		wantRefused(t, cfg, `không có trang nào có mã "khong-co"`, "show", "khong-co")
		wantRefused(t, cfg, "usage", "show")

		// set.
		wantOK(t, cfg, "Đã cập nhật trang gia-hung", "set", "gia-hung", "--name", "Xã Gia Hưng (mới)")
		wantRefused(t, cfg, `Loại trang "huyen" không hợp lệ`, "set", "gia-hung", "--kind", "huyen")
		wantRefused(t, cfg, "vòng lặp", "set", "ninhbinh", "--parent", "gia-hung")
		wantRefused(t, cfg, "vòng lặp", "set", "ninhbinh", "--parent", "ninhbinh")
		wantRefused(t, cfg, `Không có trang cấp trên mã "khong-co"`, "set", "gia-hung", "--parent", "khong-co")
		wantRefused(t, cfg, `Không có trang nào có mã "khong-co"`, "set", "khong-co", "--name", "X")
		wantRefused(t, cfg, "không có gì để đổi", "set", "gia-hung")
		wantOK(t, cfg, "Đã cập nhật trang so-tc", "set", "so-tc", "--no-parent", "--kind", "khac")
		wantOK(t, cfg, "trả lời mọi tên miền", "set", "gia-hung", "--default")
		wantOK(t, cfg, "Trang mặc định:  có", "show", "gia-hung")
		wantOK(t, cfg, "trả lời mọi tên miền", "set", "ninhbinh", "--default")
		wantOK(t, cfg, "Trang mặc định:  không", "show", "gia-hung")

		// host add and remove.
		wantOK(t, cfg, "Đã thêm tên miền phụ www.ninhbinh.gov.vn", "host", "add", "ninhbinh", "WWW.ninhbinh.gov.vn")
		wantRefused(t, cfg, `đã thuộc trang "ninhbinh"`, "host", "add", "gia-hung", "www.ninhbinh.gov.vn")
		wantRefused(t, cfg, `đã thuộc trang "gia-hung"`, "host", "add", "ninhbinh", "giahung.ninhbinh.gov.vn")
		wantRefused(t, cfg, "Tên miền", "host", "add", "ninhbinh", "http://a.vn/")
		wantRefused(t, cfg, "là tên miền chính", "host", "remove", "ninhbinh", "ninhbinh.gov.vn")
		wantRefused(t, cfg, "không có tên miền phụ giahung.gov.vn", "host", "remove", "ninhbinh", "giahung.gov.vn")
		wantRefused(t, cfg, `Không có trang nào có mã "khong-co"`, "host", "add", "khong-co", "a.vn")
		wantRefused(t, cfg, "usage", "host", "move", "ninhbinh", "a.vn")
		wantOK(t, cfg, "Đã gỡ tên miền phụ giahung.gov.vn", "host", "remove", "gia-hung", "giahung.gov.vn")
		// A new primary host: a free one, or an alias promoted; not another site's.
		wantRefused(t, cfg, `đã thuộc trang "ninhbinh"`, "set", "so-tc", "--host", "www.ninhbinh.gov.vn")
		wantOK(t, cfg, "Đã cập nhật trang so-tc", "set", "so-tc", "--host", "taichinh.ninhbinh.gov.vn")
		wantOK(t, cfg, "Đã thêm tên miền phụ stc.ninhbinh.gov.vn", "host", "add", "so-tc", "stc.ninhbinh.gov.vn")
		wantOK(t, cfg, "Đã cập nhật trang so-tc", "set", "so-tc", "--host", "stc.ninhbinh.gov.vn")
		out = wantOK(t, cfg, "Tên miền chính:  stc.ninhbinh.gov.vn\nTên miền phụ:    \n", "show", "so-tc")
		wantRefused(t, cfg, "usage", "frobnicate")

		// What the store holds.
		db, err := openStore(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		gh := testenv.Must(db.FindSiteByKey(ctx, "gia-hung")).Get(t)
		nb := testenv.Must(db.FindSiteByKey(ctx, "ninhbinh")).Get(t)
		if gh.Name != "Xã Gia Hưng (mới)" || gh.ParentID != nb.ID || gh.Kind != content.KindCommune || gh.IsDefault || !nb.IsDefault || nb.Host != "ninhbinh.gov.vn" {
			t.Errorf("stored: gia-hung %+v, ninhbinh %+v", gh, nb)
		}
		admin := testenv.Must(db.FindUserByEmail(ctx, "quantri@giahung.gov.vn")).Get(t)
		ms := testenv.Must(db.FindMemberships(ctx, admin.ID)).Get(t)
		if len(ms) != 2 || ms[0].Role != user.RoleSiteAdmin || ms[1].Role != user.RoleSiteAdmin || !admin.MustChangePassword {
			t.Errorf("first administrator %+v with roles %+v, want site-admin of two sites and a password to change", admin, ms)
		}
		counts := map[string]int{}
		es := testenv.Must(db.AuditEntries(ctx, 0, 1000)).Get(t)
		for _, e := range es {
			counts[e.Action]++
		}
		want := map[string]int{"site.create": 3, "site.update": 4, "site.default": 2, "site.host.add": 2, "site.host.remove": 1, "user.create": 1, "user.role": 1}
		for a, n := range want {
			if counts[a] != n {
				t.Errorf("audit log has %d %q entries, want %d (all: %v)", counts[a], a, n, counts)
			}
		}
		if _, problem, err := audit.Verify(ctx, db); err != nil || problem != nil {
			t.Errorf("audit verify: %v %v", err, problem)
		}
	})
}

// provinceCSV writes a province of n sites: the province portal, 18
// departments and communes, each below the province, with a header.
func provinceCSV(t *testing.T, n int, extra string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("key,name,kind,host,parent,aliases\n")
	b.WriteString("ninhbinh,Cổng thông tin điện tử tỉnh Ninh Bình,tinh,ninhbinh.gov.vn,,www.ninhbinh.gov.vn\n")
	for i := 1; i < n; i++ {
		if i <= 18 {
			fmt.Fprintf(&b, "so-%02d,Sở số %d,so,so%02d.ninhbinh.gov.vn,ninhbinh,\n", i, i, i)
		} else {
			fmt.Fprintf(&b, "xa-%03d,\"Xã số %d, tỉnh Ninh Bình\",xa,xa%03d.ninhbinh.gov.vn,ninhbinh,xa%03d.gov.vn\n", i, i, i, i)
		}
	}
	b.WriteString(extra)
	p := filepath.Join(t.TempDir(), "tinh.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSiteAddFromCSV: a province of 130 sites in one command and one
// transaction (the time is logged; BENCHMARKS.md has the figure); a file
// with one bad line creates nothing.
func TestSiteAddFromCSV(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		ctx := context.Background()
		// A bad last line: its host is the province's alias. Nothing is created.
		bad := provinceCSV(t, 130, "xa-cuoi,Xã cuối,xa,www.ninhbinh.gov.vn,ninhbinh,\n")
		wantRefused(t, cfg, "Trang thứ 131 (xa-cuoi): Tên miền www.ninhbinh.gov.vn đã thuộc trang \"ninhbinh\"", "add", "--from-csv", bad)
		for _, c := range []struct{ extra, want string }{
			{"xa-x,Xã X,huyen,x.gov.vn,,\n", "dòng 132: Loại trang \"huyen\""},
			{"xa-x,Xã X,xa,x.gov.vn,khong-co,\n", "Không có trang cấp trên mã \"khong-co\""},
			{"xa-019,Xã X,xa,x.gov.vn,,\n", "Mã trang \"xa-019\" đã có"},
			{"xa-x,Xã X,xa,http://x.gov.vn,,\n", "Tên miền"},
		} {
			wantRefused(t, cfg, c.want, "add", "--from-csv", provinceCSV(t, 130, c.extra))
		}
		wantRefused(t, cfg, "thiếu cột \"host\"", "add", "--from-csv", writeTemp(t, "key,name,kind\nx,X,xa\n"))
		wantRefused(t, cfg, "không mở được tệp", "add", "--from-csv", filepath.Join(t.TempDir(), "khong-co.csv"))
		db, err := openStore(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if sites := testenv.Must(db.FindSites(ctx)).Get(t); len(sites) != 0 {
			t.Fatalf("refused files left %d sites", len(sites))
		}
		db.Close()

		good := provinceCSV(t, 130, "")
		start := time.Now()
		wantOK(t, cfg, "Đã tạo 130 trang", "add", "--from-csv", good)
		t.Logf("site add --from-csv of 130 sites: %v (opening the store and migrating included)", time.Since(start))
		db, err = openStore(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		sites := testenv.Must(db.FindSites(ctx)).Get(t)
		aliases := testenv.Must(db.FindSiteAliases(ctx)).Get(t)
		if len(sites) != 130 || len(aliases) != 1+111 {
			t.Errorf("%d sites and %d aliases, want 130 and 112", len(sites), len(aliases))
		}
		x := testenv.Must(db.FindSiteByKey(ctx, "xa-100")).Get(t)
		if x.Name != "Xã số 100, tỉnh Ninh Bình" || x.Kind != content.KindCommune || x.ParentID != sites[0].ID {
			t.Errorf("xa-100 stored as %+v", x)
		}
		es := testenv.Must(db.AuditEntries(ctx, 0, 1000)).Get(t)
		if len(es) != 130 {
			t.Errorf("%d audit entries, want one per site", len(es))
		}
	})
}

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
