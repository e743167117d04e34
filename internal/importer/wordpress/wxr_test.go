package wordpress

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"trangtin/internal/testenv"
)

func exportFile(t *testing.T) string { return testenv.Path(t, "wordpress/xaanbinh.wordpress.xml") }

// readAll reads every record of data.
func readAll(data []byte) (authors []*Author, terms []*Term, items []*Item, ch Channel, err error) {
	r := NewReader(bytes.NewReader(data))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return authors, terms, items, r.Channel, nil
		}
		if err != nil {
			return authors, terms, items, r.Channel, err
		}
		switch v := rec.(type) {
		case *Author:
			authors = append(authors, v)
		case *Term:
			terms = append(terms, v)
		case *Item:
			items = append(items, v)
		}
	}
}

// TestReadExport: the real export of WordPress 6.1.9 reads whole, with
// what its README says is in it.
func TestReadExport(t *testing.T) {
	data := testenv.Must(os.ReadFile(exportFile(t))).Get(t)
	authors, terms, items, ch, err := readAll(data)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Version != "1.2" || ch.BaseSiteURL != "https://xaanbinh.example.vn" {
		t.Errorf("channel %+v", ch)
	}
	if len(authors) != 4 || authors[0].Login != "bientap" || authors[0].DisplayName != "Nguyễn Thị Biên Tập" || authors[0].Email != "bientap@xa.example.vn" {
		t.Errorf("authors %+v", authors)
	}
	cats := map[string]bool{} // WXR 1.2 lists each category twice: <wp:category> and <wp:term>
	for _, tm := range terms {
		if tm.Taxonomy == "category" {
			cats[tm.Slug] = true
			if tm.Slug == "kinh-te" && (tm.Parent != "tin-tuc-su-kien" || tm.Name != "Kinh tế") {
				t.Errorf("category %+v", tm)
			}
		}
	}
	if len(cats) != 7 {
		t.Errorf("%d categories, want 7", len(cats))
	}
	count := map[string]int{}
	for _, it := range items {
		count[it.Type+"/"+it.Status]++
		if it.ID == 439 {
			if it.Status != "future" || it.MetaValue("_thumbnail_id") != "389" || !strings.Contains(it.Content, "<figcaption") || it.PostDateGMT != "2027-04-02 01:00:00" {
				t.Errorf("item 439: %+v", it)
			}
		}
		if it.ID == 386 && (it.AttachmentURL != "https://xaanbinh.example.vn/wp-content/uploads/2024/01/anh-hoat-dong-1.png" || it.Excerpt != "Ảnh: Phóng viên xã (1)" || it.MetaValue("_wp_attachment_image_alt") != "Quang cảnh hoạt động số 1") {
			t.Errorf("attachment 386: %+v", it)
		}
	}
	want := map[string]int{"post/publish": 151, "post/draft": 6, "post/pending": 6, "post/future": 5, "post/private": 4, "page/publish": 3, "page/draft": 1, "attachment/inherit": 5}
	if fmt.Sprint(count) != fmt.Sprint(want) {
		t.Errorf("items %v, want %v", count, want)
	}
}

// TestReadWXR11: the 1.1 form (its own namespaces, no CDATA around short
// values, comments inside items) reads as well.
func TestReadWXR11(t *testing.T) {
	authors, terms, items, ch, err := readAll(testenv.Must(os.ReadFile("testdata/wxr11.xml")).Get(t))
	if err != nil {
		t.Fatal(err)
	}
	if ch.Version != "1.1" || len(authors) != 1 || authors[0].Login != "admin" || len(terms) != 2 || terms[1].Taxonomy != "post_tag" || terms[1].Name != "lễ hội" {
		t.Fatalf("channel %+v authors %+v terms %+v", ch, authors, terms)
	}
	if len(items) != 5 || items[0].ID != 12 || !strings.Contains(items[0].Content, "[caption") || items[1].Excerpt != "Đình làng ngày hội" || items[1].Parent != 12 {
		t.Fatalf("items %+v", items)
	}
	if len(items[0].Terms) != 2 || items[0].Terms[1].Domain != "post_tag" || items[0].Terms[1].Nicename != "le-hoi" {
		t.Errorf("terms %+v", items[0].Terms)
	}
}

// TestReadBadFiles: a truncated export, a file that is not XML, an XML
// file that is not an export and an item with bytes that are not UTF-8
// each stop the reading with a Vietnamese message naming where.
func TestReadBadFiles(t *testing.T) {
	data := testenv.Must(os.ReadFile(exportFile(t))).Get(t)
	cut := data[:len(data)/2]
	badUTF8 := bytes.Replace(data, []byte("Trung tâm Bảo trợ xã hội tỉnh: Kỷ niệm"), []byte("Trung t\xe2m B\xe1o trợ xã hội tỉnh: Kỷ niệm"), 1)
	if bytes.Equal(badUTF8, data) {
		t.Fatal("the title to break is not in the export")
	}
	for _, c := range []struct {
		name string
		data []byte
		want []string
	}{
		{"truncated", cut, []string{"bị cắt cụt", "dòng "}},
		{"truncated after an item", data[:bytes.Index(data, []byte("</channel>"))], []string{"bị cắt cụt"}},
		{"not XML", []byte("Đây là một tệp văn bản, không phải XML.\n"), []string{"không phải tệp XML", "dòng "}},
		{"HTML", []byte("<!DOCTYPE html><html><body><p>Trang chủ</p></body></html>"), []string{"phần tử gốc là <html>"}},
		{"RSS without WXR", []byte(`<?xml version="1.0"?><rss><channel><title>x</title><item><title>a</title></item></channel></rss>`), []string{"thiếu <wp:wxr_version>"}},
		{"invalid UTF-8 in an item", badUTF8, []string{"không phải UTF-8", "mục thứ 9 (dòng 640)"}},
		{"empty", nil, []string{"bị cắt cụt"}},
	} {
		_, _, _, _, err := readAll(c.data)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v, want an *Error", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
	}
}

// genExport writes an export of n posts of about 2 KB each to w.
func genExport(w io.Writer, n int) error {
	wxr11, err := os.ReadFile("testdata/wxr11.xml")
	if err != nil {
		return err
	}
	head := strings.SplitN(string(wxr11), "<item>", 2)[0]
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	body := strings.Repeat("<p>Nội dung bài viết về hoạt động của xã, có dấu tiếng Việt đầy đủ.</p>\n", 28)
	for i := 1; i <= n; i++ {
		_, err := fmt.Fprintf(w, `<item><title>Bài số %d</title><link>http://xacu.example.vn/?p=%d</link><dc:creator>admin</dc:creator>
<guid isPermaLink="false">http://xacu.example.vn/?p=%d</guid><content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date>2020-01-01 08:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 01:00:00</wp:post_date_gmt>
<wp:post_name>bai-so-%d</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type><category domain="category" nicename="tin-tuc"><![CDATA[Tin tức]]></category></item>
`, i, i+100, i+100, body, i+100, i)
		if err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "</channel>\n</rss>\n")
	return err
}

// TestReadLargeExport: 20,000 posts (about 45 MB) stream through the
// reader in bounded memory: the live heap stays far below the file's size.
func TestReadLargeExport(t *testing.T) {
	const n = 20000
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(genExport(pw, n)) }()
	r := NewReader(pr)
	var peak uint64
	var ms runtime.MemStats
	items := 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rec.(*Item); ok {
			items++
			if items%500 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
	}
	t.Logf("%d items streamed, peak live heap %.1f MB", items, float64(peak)/(1<<20))
	if items != n || peak > 16<<20 {
		t.Errorf("%d items, peak live heap %d bytes; want %d items within 16 MB", items, peak, n)
	}
}
