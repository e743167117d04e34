package admin

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/vi"
)

// The compliance view as CSV, /quan-tri/nen-tang/tuan-thu.csv: one row per
// site matching the list's filter (every page of it), the same figures.
// UTF-8 with a byte order mark, so that Excel reads Vietnamese; a cell a
// spreadsheet would take for a formula is written as text.

var platformCSVHeader = []string{"Mã trang", "Tên trang", "Loại", "Trang cấp trên", "Trạng thái", "Tên miền",
	"Đăng gần nhất", "Bài đăng trong tháng", "Câu hỏi quá hạn trả lời", "Bài hẹn giờ quá hạn",
	"Thông tin chân trang còn thiếu", "Dung lượng tệp (byte)", "Sao lưu gần nhất"}

// csvCell keeps a value a spreadsheet would run as a formula (starting
// with = + - @, or a tab or carriage return that some strip first) as
// text, with a leading apostrophe (OWASP's advice).
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) platformCSV(w http.ResponseWriter, r *http.Request, acc *account) error {
	sites, err := s.loadPlatformSites(r.Context())
	if err != nil {
		return err
	}
	f, err := parsePlatformFilter(r.URL.Query(), sites)
	if err != nil {
		return err
	}
	rows, err := s.platformRows(r, sites, f)
	if err != nil {
		return err
	}
	backup := s.backupLine()
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if err := cw.Write(platformCSVHeader); err != nil {
		return err
	}
	for _, row := range rows {
		last := ""
		if row.LastPublishedISO != "" {
			last = row.LastPublished
		}
		rec := []string{row.Key, row.Name, row.Kind, row.Parent, row.State, row.Host, last,
			strconv.Itoa(row.ThisMonth), strconv.Itoa(row.OverdueQuestions), strconv.Itoa(row.OverdueScheduled),
			strings.Join(row.Missing, "; "), strconv.FormatInt(row.StorageBytes, 10), backup}
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := "tuan-thu-" + s.now().In(vi.Zone).Format(time.DateOnly) + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}
