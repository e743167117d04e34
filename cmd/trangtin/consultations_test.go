package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/testenv"
)

// TestConsultationCommentsAndClosing: a citizen comments on the demo draft,
// the comment shows only once approved (without contact data), and after
// the close date the form closes by itself and refuses comments.
func TestConsultationCommentsAndClosing(t *testing.T) {
	eachStore(t, testConsultationCommentsAndClosing)
}

func testConsultationCommentsAndClosing(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := app.consultations.Store().FindConsultations(ctx, consultation.Filter{SiteID: site.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("demo consultation: %d %v", len(list), err)
	}
	c := list[0]
	path := fmt.Sprintf("/gop-y-du-thao/%d", c.ID)
	if res, body := get(t, app.URL+"/gop-y-du-thao"); res.StatusCode != 200 || !strings.Contains(body, path) {
		t.Fatalf("list: %d", res.StatusCode)
	}
	res, body := get(t, app.URL+path)
	if res.StatusCode != 200 || !strings.Contains(body, `action="`+path+`"`) || !strings.Contains(body, "Đang lấy ý kiến") {
		t.Fatalf("detail: %d, form missing", res.StatusCode)
	}
	comment := url.Values{"name": {"Trần Thị Bình"}, "email": {"binh.rieng@example.vn"}, "body": {"Đề nghị quy định rõ thời hạn cập nhật thông tin."}}
	if st, page := postForm(t, citizen(t), app.URL+path, comment); st != 200 || !strings.Contains(page, "Cảm ơn bạn đã góp ý") || strings.Contains(page, "Đề nghị quy định rõ") {
		t.Fatalf("comment: %d, or shown before moderation", st)
	}
	// Bad input: the form comes back with the message and what was typed.
	bad := url.Values{"name": {"Trần Thị Bình"}, "body": {"Ngắn"}}
	if st, page := postForm(t, nil, app.URL+path, bad); st != http.StatusUnprocessableEntity || !strings.Contains(page, "Vui lòng nhập thư điện tử hoặc số điện thoại") || !strings.Contains(page, ">Ngắn</textarea>") {
		t.Fatalf("bad comment: %d", st)
	}
	// The honeypot.
	trap := url.Values{"name": {"Bot"}, "email": {"bot@example.vn"}, "body": {"Mua hàng giá rẻ tại đây ngay"}, "website": {"http://spam.example"}}
	if st, _ := postForm(t, nil, app.URL+path, trap); st != http.StatusUnprocessableEntity {
		t.Errorf("honeypot: %d", st)
	}
	cms, err := app.consultations.Store().FindComments(ctx, site.ID, c.ID)
	if err != nil || len(cms) != 1 || cms[0].Status != consultation.CommentPending {
		t.Fatalf("stored comments: %+v %v", cms, err)
	}
	if err := app.db.SetCommentStatus(ctx, site.ID, cms[0].ID, cms[0].Version, consultation.CommentApproved, time.Now(), nil); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, app.URL+path)
	if !strings.Contains(body, "Đề nghị quy định rõ") || !strings.Contains(body, "T.T.B.") || strings.Contains(body, "binh.rieng@example.vn") {
		t.Errorf("approved comment: not shown, or shown with contact data")
	}
	_, api := get(t, app.URL+"/api/v1/consultations/"+fmt.Sprint(c.ID))
	if !strings.Contains(api, `"comments_shown":1`) || !strings.Contains(api, `"phase":"open"`) || strings.Contains(api, "binh.rieng") {
		t.Errorf("API: %s", api)
	}

	// Past the close date: decided at request time, no job.
	c.ClosesAt = time.Now().Add(-time.Minute)
	if err := app.db.UpdateConsultation(ctx, &c, nil); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, app.URL+path)
	if !strings.Contains(body, consultation.MsgClosed) || strings.Contains(body, `action="`+path+`"`) {
		t.Errorf("closed draft still shows its form")
	}
	if st, page := postForm(t, nil, app.URL+path, comment); st != http.StatusConflict || !strings.Contains(page, consultation.MsgClosed) {
		t.Errorf("comment after closing: %d", st)
	}
	if cms := testenv.Must(app.consultations.Store().FindComments(ctx, site.ID, c.ID)).Get(t); len(cms) != 1 {
		t.Errorf("%d comments stored, want 1", len(cms))
	}
}
