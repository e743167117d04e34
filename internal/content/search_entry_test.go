package content

import "testing"

// TestSearchEntry: an entry computed ahead serves its article, the same
// fields as computed on the spot, and no article whose texts changed.
func TestSearchEntry(t *testing.T) {
	a := &Article{Title: "Lễ hội đình làng", Summary: "Tóm tắt", Body: "<p>Nội dung <b>bài</b></p>", Keywords: "lễ hội", Author: "Kim Thoả"}
	e := NewSearchEntry(a)
	text, f, ok := e.For(a)
	if !ok || text != "Tóm tắt Nội dung bài lễ hội" || f == nil || f.TitleFolded != " le hoi dinh lang " {
		t.Fatalf("For(a) = %q, %+v, %v", text, f, ok)
	}
	for name, change := range map[string]func(*Article){
		"title": func(b *Article) { b.Title += " mới" }, "summary": func(b *Article) { b.Summary = "" },
		"body": func(b *Article) { b.Body = "<p>Khác</p>" }, "key words": func(b *Article) { b.Keywords = "" },
		"byline": func(b *Article) { b.Unit = "UBND xã" },
	} {
		b := *a
		change(&b)
		if _, _, ok := e.For(&b); ok {
			t.Errorf("For serves an article whose %s changed", name)
		}
	}
	if _, _, ok := (*SearchEntry)(nil).For(a); ok {
		t.Error("a nil entry serves")
	}
}
