package content

import (
	"strings"
	"testing"
)

// TestSanitizeKeepsCaptionsGalleriesAndVideoLinks: a photo's caption, a
// gallery and a video link (the editor's blocks) survive the sanitiser,
// marked by the only classes it keeps; frames, scripts and any other
// class still go.
func TestSanitizeKeepsCaptionsGalleriesAndVideoLinks(t *testing.T) {
	in := `<figure><img src="/anh/ab/cd/x-960.jpg" alt="Lễ hội"><figcaption>Ảnh: Kim Thoả</figcaption></figure>` +
		`<figure class="gallery"><figure><img src="/anh/ab/cd/y-480.jpg" alt="Một"><figcaption>Ảnh 1</figcaption></figure>` +
		`<figure><img src="/anh/ab/cd/z-480.jpg" alt="Hai"><figcaption>Ảnh 2</figcaption></figure></figure>` +
		`<figure class="video"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Xem video trên YouTube</a><figcaption>Video: Lễ hội</figcaption></figure>` +
		`<figure class="evil" onclick="x()"><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe><p class="gallery">p</p></figure>` +
		`<script>alert(1)</script>`
	got := SanitizeHTML(in)
	for _, k := range []string{
		`<figcaption>Ảnh: Kim Thoả</figcaption>`,
		`<figure class="gallery"><figure><img src="/anh/ab/cd/y-480.jpg" alt="Một"><figcaption>Ảnh 1</figcaption></figure>`,
		`<figure class="video"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`,
		`<figcaption>Video: Lễ hội</figcaption>`,
	} {
		if !strings.Contains(got, k) {
			t.Errorf("lost %q:\n%s", k, got)
		}
	}
	for _, d := range []string{"<iframe", "evil", "onclick", "<script", `<p class`} {
		if strings.Contains(got, d) {
			t.Errorf("kept %q:\n%s", d, got)
		}
	}
}

func TestMediaRefs(t *testing.T) {
	body := `<img src="/anh/ab/cd/abcd1-960.jpg" srcset="/anh/ab/cd/abcd1-480.jpg 480w, /anh/ab/cd/abcd1-960.jpg 960w">` +
		`<img src="/anh/ef/01/ef01-1600.png"><a href="/tep/0123456789abcdef0123456789abcdef/qd.pdf">QĐ</a>` +
		`<a href="/quan-tri/tep/fedcba9876543210fedcba9876543210">nháp</a><a href="/tep/12/cu.pdf">cũ</a><a href="/anh/">trống</a>`
	imgs, files := MediaRefs(body)
	if strings.Join(imgs, ",") != "ab/cd/abcd1,ef/01/ef01" {
		t.Errorf("images %q", imgs)
	}
	if strings.Join(files, ",") != "0123456789abcdef0123456789abcdef,fedcba9876543210fedcba9876543210" {
		t.Errorf("files %q", files)
	}
	var many strings.Builder
	for i := range 300 {
		many.WriteString(`<img src="/anh/k` + strings.Repeat("a", i%26+1) + `x` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `-480.jpg">`)
	}
	if imgs, _ := MediaRefs(many.String()); len(imgs) != maxMediaRefs {
		t.Errorf("%d keys from 300 photos, want the bound %d", len(imgs), maxMediaRefs)
	}
}

// TestSanitizeVideos: an uploaded video of the site stays, in its only
// allowed form (controls, preload none, the poster, one MP4 source of
// /video/); autoplay, event handlers, remote posters or sources, nested
// players and other types go.
func TestSanitizeVideos(t *testing.T) {
	const poster, src = "/anh/ab/cd/abcd-960.jpg", "/video/ab/cd/abcd.mp4"
	tests := []struct{ name, in, want string }{
		{"the editor's form",
			`<figure><video controls preload="none" poster="` + poster + `" aria-label="Lễ rước"><source src="` + src + `" type="video/mp4"></video><figcaption>Video: Minh Anh</figcaption></figure>`,
			`<figure><video controls preload="none" poster="` + poster + `" aria-label="Lễ rước"><source src="` + src + `" type="video/mp4"></video><figcaption>Video: Minh Anh</figcaption></figure>`},
		{"autoplay, preload, handlers, src on video",
			`<video autoplay muted loop preload="auto" onplay="x()" src="https://evil.example/a.mp4" poster="` + poster + `"><source src="` + src + `"></video>`,
			`<video controls preload="none" poster="` + poster + `"><source src="` + src + `" type="video/mp4"></video>`},
		{"remote poster: the whole player goes",
			`<p>a</p><video controls poster="https://evil.example/p.jpg"><source src="` + src + `" type="video/mp4">chữ</video><p>b</p>`,
			`<p>a</p><p>b</p>`},
		{"script poster", `<video controls poster="javascript:alert(1)"><source src="` + src + `"></video>x`, `x`},
		{"no poster", `<video controls><source src="` + src + `"></video>x`, `x`},
		{"remote, relative-up and other-type sources",
			`<video poster="` + poster + `"><source src="https://evil.example/a.mp4" type="video/mp4"><source src="/video/../tep/a.mp4"><source src="/video/ab/cd/abcd.webm" type="video/webm"><source src="//evil.example/video/a.mp4"></video>`,
			`<video controls preload="none" poster="` + poster + `"></video>`},
		{"a source outside a video", `<source src="` + src + `" type="video/mp4"><p>x</p>`, `<p>x</p>`},
		{"a video in a video", `<video poster="` + poster + `"><video poster="` + poster + `"><source src="` + src + `"></video></video>y`,
			`<video controls preload="none" poster="` + poster + `"></video>y`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeHTML(tt.in); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	imgs, _ := MediaRefs(`<video poster="/anh/ab/cd/p1-960.jpg"><source src="/video/ef/01/v2.mp4" type="video/mp4"></video>`)
	if strings.Join(imgs, ",") != "ab/cd/p1,ef/01/v2" {
		t.Errorf("MediaRefs of a video: %q", imgs)
	}
}
