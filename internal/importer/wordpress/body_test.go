package wordpress

import (
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/importer"
)

// TestClassicBody: classic-editor text without blocks becomes paragraphs
// (a blank line between them, a <br> for a single break) with the
// [caption] shortcode as a figure with its caption; the shortcodes that
// cannot be shown are named.
func TestClassicBody(t *testing.T) {
	in := "Sáng nay, xã tổ chức lễ hội.\n\n[caption id=\"attachment_13\" align=\"aligncenter\" width=\"300\"]<img class=\"size-medium\" src=\"http://x.vn/wp-content/uploads/2012/05/dinh-300x200.jpg\" alt=\"Đình làng\" width=\"300\" height=\"200\" /> Đình làng ngày hội[/caption]\n\nĐông đảo nhân dân tham dự.\nDòng thứ hai.\n\n[gallery ids=\"1,2\"]"
	out, dropped := prepareBody(in)
	for _, want := range []string{
		"<p>Sáng nay, xã tổ chức lễ hội.</p>",
		`<figure><img class="size-medium" src="http://x.vn/wp-content/uploads/2012/05/dinh-300x200.jpg" alt="Đình làng" width="300" height="200" /><figcaption>Đình làng ngày hội</figcaption></figure>`,
		"<p>Đông đảo nhân dân tham dự.<br>\nDòng thứ hai.</p>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("body lacks %q:\n%s", want, out)
		}
	}
	if len(dropped) != 1 || dropped[0] != "gallery" || strings.Contains(out, "[gallery") {
		t.Errorf("dropped %v:\n%s", dropped, out)
	}
}

// TestBlockBody: block-editor markup loses its comments, keeps its HTML
// (no <br> added), and its picture with caption survives the sanitiser once
// its address is the site's own.
func TestBlockBody(t *testing.T) {
	in := "<!-- wp:paragraph -->\n<p>Một.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":389,\"sizeSlug\":\"full\"} -->\n<figure class=\"wp-block-image size-full\"><img src=\"https://x.vn/wp-content/uploads/2024/04/a-300x119.png\" alt=\"Ảnh\" class=\"wp-image-389\" srcset=\"https://x.vn/wp-content/uploads/2024/04/a.png 600w\"/><figcaption class=\"wp-element-caption\">Chú thích</figcaption></figure>\n<!-- /wp:image -->"
	out, _ := prepareBody(in)
	if strings.Contains(out, "wp:") || strings.Contains(out, "<br>") {
		t.Fatalf("block markup left: %s", out)
	}
	var asked []string
	out, lost := importer.RewriteLinks(out, func(old string, width int) (string, string, bool, bool) {
		asked = append(asked, old)
		file, ok := uploadFile(old)
		if base, w, cut := sizeSuffix(file); !ok || !cut || base != "2024/04/a.png" || w != 300 {
			t.Errorf("asked %q: file %q", old, file)
		}
		return "/anh/ab/cd/k-300.png", "/anh/ab/cd/k-300.png 300w, /anh/ab/cd/k-600.png 600w", true, true
	})
	clean := content.SanitizeHTML(out)
	want := `<figure><img src="/anh/ab/cd/k-300.png" alt="Ảnh" srcset="/anh/ab/cd/k-300.png 300w, /anh/ab/cd/k-600.png 600w"/><figcaption>Chú thích</figcaption></figure>`
	if len(lost) != 0 || len(asked) != 1 || !strings.Contains(clean, want) || !strings.Contains(clean, "<p>Một.</p>") {
		t.Errorf("lost %v, asked %v, sanitised:\n%s\nwant %s", lost, asked, clean, want)
	}
}

// TestRewriteLosesForeignAndMissingPictures: a picture of another site and
// one whose file could not be brought in are named, for the report.
func TestRewriteLosesForeignAndMissingPictures(t *testing.T) {
	in := `<p><img src="https://cdn.example.com/b.png" alt="b"><img src="/wp-content/uploads/2012/06/lich.jpg" alt="l"><a href="/wp-content/uploads/x.pdf">tệp</a></p>`
	_, lost := importer.RewriteLinks(in, func(old string, width int) (string, string, bool, bool) {
		_, ok := uploadFile(old)
		return "", "", ok, false
	})
	if strings.Join(lost, " ") != "https://cdn.example.com/b.png /wp-content/uploads/2012/06/lich.jpg" {
		t.Errorf("lost %q", lost)
	}
}

// TestCutByline: the right-aligned last paragraph is the byline, split
// into author and unit; another last paragraph is left alone.
func TestCutByline(t *testing.T) {
	body := "<p>Nội dung.</p>\n\n<p class=\"has-text-align-right\"><strong>Phương Trang – Đài TT Hoằng Hóa</strong></p>\n"
	rest, author, unit := cutByline(body)
	if rest != "<p>Nội dung.</p>" || author != "Phương Trang" || unit != "Đài TT Hoằng Hóa" {
		t.Errorf("cutByline = %q, %q, %q", rest, author, unit)
	}
	for _, b := range []string{"<p>Nội dung.</p><p>Kết thúc.</p>", "<p style=\"text-align: right\">" + strings.Repeat("dài ", 60) + "</p>", "không có đoạn"} {
		if rest, a, u := cutByline(b); rest != b || a != "" || u != "" {
			t.Errorf("cutByline(%q) = %q, %q, %q", b, rest, a, u)
		}
	}
}

// TestSizeSuffix: WordPress's size suffixes and -scaled are cut; other
// names are not.
func TestSizeSuffix(t *testing.T) {
	for in, want := range map[string]string{"2024/04/a-300x119.png": "2024/04/a.png 300", "2024/04/a-scaled.jpg": "2024/04/a.jpg 0",
		"2024/04/hop-mat-2024.jpg": "", "2024/04/a.png": "", "noext": ""} {
		base, w, ok := sizeSuffix(in)
		got := ""
		if ok {
			got = base + " " + strconv.Itoa(w)
		}
		if got != want {
			t.Errorf("sizeSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}
