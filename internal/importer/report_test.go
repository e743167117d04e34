package importer

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestReportCountsAndCSV(t *testing.T) {
	var buf bytes.Buffer
	r := New(&buf)
	r.Imported("article", "rows#1", "/tin-tuc/a")
	r.Updated("article", "rows#2", "/tin-tuc/b")
	r.Skipped("article", "rows#3", "tiêu đề trống")
	r.Warn("article", "rows#4", "thiếu tệp ảnh uploads/news/x.jpg")
	r.Imported("user", "users#7", "a@b.vn")
	r.Count("TCVN3 → Unicode", 2)
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	if r.N("", Imported) != 2 || r.N("article", Imported) != 1 || r.N("article", Skipped) != 1 || r.N("user", Updated) != 0 {
		t.Errorf("counts wrong: %s", r.Summary())
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != "loai,nguon,ket_qua,dich,ly_do" || strings.Join(rows[3], ",") != "article,rows#3,skipped,,tiêu đề trống" {
		t.Errorf("csv = %q", rows)
	}
	s := r.Summary()
	for _, want := range []string{"article: 1 nhập mới, 1 cập nhật, 1 bỏ qua, 1 cảnh báo", "TCVN3 → Unicode: 2", "bỏ qua article rows#3: tiêu đề trống"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestReportKeepsBoundedProblems(t *testing.T) {
	r := New(nil)
	for i := 0; i < maxKept+5; i++ {
		r.Skipped("article", "x", "lỗi")
	}
	if len(r.Problems()) != maxKept || r.N("", Skipped) != maxKept+5 || !strings.Contains(r.Summary(), "… và 5 dòng nữa") {
		t.Errorf("kept %d problems", len(r.Problems()))
	}
}

func TestSummaryListsSkipsFirstAndBoundsWarnings(t *testing.T) {
	r := New(nil)
	for i := 0; i < maxShownWarnings+7; i++ {
		r.Warn("article", "x", "ảnh thiếu")
	}
	r.Skipped("page", "p#4", "trang ẩn")
	s := r.Summary()
	if !strings.Contains(s, "bỏ qua page p#4: trang ẩn") || strings.Index(s, "bỏ qua page") > strings.Index(s, "cảnh báo article") {
		t.Errorf("the skip is not listed before the warnings:\n%.300s", s)
	}
	if strings.Count(s, "cảnh báo article x") != maxShownWarnings || !strings.Contains(s, "… và 7 dòng nữa") {
		t.Errorf("warnings not bounded:\n%.300s", s[len(s)-200:])
	}
}
