package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
)

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		body string
		n    int
		want string
	}{
		{"", 10, ""},
		{"<p>Ngắn gọn.</p>", 200, "Ngắn gọn."},
		{"<p>Sáng ngày 10/3,</p><p>UBND huyện tổ chức hội nghị</p>", 20, "Sáng ngày 10/3, UBND…"},
		{"<p>Mộtchữrấtdàikhôngcókhoảngtrắng</p>", 5, "Mộtchữrấtdàikhôngcókhoảngtrắng"},
		{"<script>x</script><p>a &amp; b</p>", 50, "x a & b"},
	} {
		if got := excerpt(c.body, c.n); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", c.body, c.n, got, c.want)
		}
	}
}

// TestLinkedDataEscapes: nothing a title holds can end the script element
// or a JavaScript line, and the JSON still reads back the same.
func TestLinkedDataEscapes(t *testing.T) {
	title := "Tin </script><!-- \u2028 \u2029 & \"x\""
	l := Layout{Site: content.Site{Name: "Trang", Agency: "UBND"}, Origin: "https://x.vn", Path: "/tin-tuc/a", Title: title,
		Crumbs: []Crumb{{Name: "Tin tức", URL: "/chuyen-muc/tin-tuc"}, {Name: title}},
		Meta:   Meta{Type: "article", Published: time.Date(2023, 3, 10, 3, 0, 0, 0, time.UTC), Creator: "Kim Thoả"}}
	js := string(l.LinkedData())
	for _, bad := range []string{"<", ">", "\u2028", "\u2029"} {
		if strings.Contains(js, bad) {
			t.Errorf("JSON-LD holds %q: %s", bad, js)
		}
	}
	var g struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(js), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Graph) != 3 || g.Graph[2]["headline"] != title || g.Graph[2]["datePublished"] != "2023-03-10T10:00:00+07:00" {
		t.Errorf("graph: %v", g.Graph)
	}
	if (Layout{}).LinkedData() != "" {
		t.Error("a layout without an origin (error pages) has JSON-LD")
	}
}
