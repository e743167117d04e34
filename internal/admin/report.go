package admin

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"trangtin/internal/content"
	"trangtin/internal/report"
	"trangtin/internal/user"
)

// The monthly report to send upward, /quan-tri/bao-cao?thang=2026-11: per
// category and per author, the articles published in the month and the
// month's views; per unit, the questions received, answered and answered
// on time. bao-cao.csv is the same as CSV (UTF-8 with a byte order mark,
// formula-like cells as text), for Excel.

const pathReport = "/quan-tri/bao-cao"

// ReportPage shows one month.
type ReportPage struct {
	Layout
	Form
	Month   string // "2026-11", as the month picker holds it
	Label   string // "tháng 11/2026"
	Report  report.Report
	CSVURL  string
	PrevURL string
	Months  []Option // the month picker: the last 36 months
}

// monthOptions are the months to pick, newest first, m selected.
func (s *Server) monthOptions(m string) []Option {
	var out []Option
	cur := report.MonthOf(s.now())
	for i := 0; i < 36; i++ {
		out = append(out, Option{Value: cur.String(), Label: "Tháng " + strconv.Itoa(int(cur.Month)) + "/" + strconv.Itoa(cur.Year), Selected: cur.String() == m})
		cur = cur.Prev()
	}
	return out
}

func (s *Server) registerReport(mux *http.ServeMux) {
	if s.report == nil {
		return
	}
	s.adminPage(mux, "GET "+pathReport, user.ActionRatingView, s.reportView)
	s.adminPage(mux, "GET "+pathReport+".csv", user.ActionRatingView, s.reportCSV)
}

// reportMonth reads ?thang=, the previous month by default (the one to
// report on).
func (s *Server) reportMonth(r *http.Request) (report.Month, error) {
	if v := r.URL.Query().Get("thang"); v != "" {
		return report.ParseMonth(v)
	}
	return report.MonthOf(s.now()).Prev(), nil
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request, acc *account) error {
	p := ReportPage{Layout: s.layout(acc, "Báo cáo tháng", pathReport)}
	p.Form.Order = []string{"thang"}
	m, err := s.reportMonth(r)
	if err != nil {
		p.Month = r.URL.Query().Get("thang")
		p.Form.add("thang", "Tháng không hợp lệ: hãy chọn tháng, ví dụ 11/2026.")
		p.Months = s.monthOptions("")
		return s.render(w, http.StatusBadRequest, "report", p)
	}
	p.Report, err = report.Build(r.Context(), s.report, acc.Site.ID, m)
	if err != nil {
		return err
	}
	p.Month, p.Label = m.String(), m.Label()
	p.Months = s.monthOptions(p.Month)
	if !slices.ContainsFunc(p.Months, func(o Option) bool { return o.Selected }) {
		p.Months = append([]Option{{Value: p.Month, Label: "Tháng " + strconv.Itoa(int(m.Month)) + "/" + strconv.Itoa(m.Year), Selected: true}}, p.Months...)
	}
	p.CSVURL = pathReport + ".csv?thang=" + url.QueryEscape(m.String())
	p.PrevURL = pathReport + "?thang=" + url.QueryEscape(m.Prev().String())
	return s.render(w, http.StatusOK, "report", p)
}

func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request, acc *account) error {
	m, err := s.reportMonth(r)
	if err != nil {
		return err
	}
	rep, err := report.Build(r.Context(), s.report, acc.Site.ID, m)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	write := func(rec ...string) {
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		cw.Write(rec)
	}
	itoa := strconv.Itoa
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	write("Báo cáo " + m.Label() + " - " + acc.Site.Name)
	write()
	write("Chuyên mục", "Bài đăng trong tháng", "Lượt xem trong tháng")
	for _, c := range rep.Categories {
		write(c.Name, itoa(c.Published), i64(c.Views))
	}
	write("Tổng cộng", itoa(rep.Published), i64(rep.Views))
	write()
	write("Tác giả", "Bài đăng trong tháng", "Lượt xem trong tháng")
	for _, a := range rep.Authors {
		write(authorName(a.Name), itoa(a.Published), i64(a.Views))
	}
	write()
	write("Đơn vị trả lời", "Câu hỏi nhận trong tháng", "Đã trả lời trong tháng", "Trả lời đúng hạn", "Trả lời quá hạn")
	for _, q := range rep.Questions {
		write(unitName(q.Unit), itoa(q.Received), itoa(q.Answered), itoa(q.OnTime), itoa(q.Late()))
	}
	write("Tổng cộng", itoa(rep.Total.Received), itoa(rep.Total.Answered), itoa(rep.Total.OnTime), itoa(rep.Total.Late()))
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="bao-cao-`+m.String()+`.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// authorName and unitName name an empty byline and no unit.
func authorName(s string) string {
	if s == "" {
		return "(Không ghi tác giả)"
	}
	return s
}

func unitName(s string) string {
	if s == "" {
		return "(Chưa giao đơn vị)"
	}
	return s
}

// listViews fills the views of the listed articles (rows[i] is as[i]).
func (s *Server) listViews(ctx context.Context, as []content.Article, rows []ArticleRow) error {
	if s.visits == nil || len(as) == 0 {
		return nil
	}
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	views, err := s.visits.ArticlesViews(ctx, ids)
	if err != nil {
		return err
	}
	for i, a := range as {
		if n := views[a.ID]; n > 0 {
			rows[i].Views = groupDigits(n)
		}
	}
	return nil
}

// groupDigits writes n the Vietnamese way, 1.234.567.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 || len(s) <= 3 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}
