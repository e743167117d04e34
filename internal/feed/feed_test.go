package feed

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var zone = time.FixedZone("ICT", 7*3600)

// seedChannel is the demo site's feed with the reference article first.
func seedChannel() Channel {
	pub := time.Date(2023, 3, 10, 8, 30, 0, 0, zone)
	return Channel{
		Title:       "Trang thông tin điện tử huyện Gia Viễn",
		Link:        "https://giavien.example.vn/",
		Description: "Tin mới của Trang thông tin điện tử huyện Gia Viễn",
		LastBuild:   pub,
		Generator:   "trangtin",
		Items: []Item{
			{
				Title:       "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện",
				Link:        "https://giavien.example.vn/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen",
				Description: "Sáng ngày 10/3, UBND huyện tổ chức Hội nghị thực hiện chính sách bảo trợ xã hội <trên địa bàn> & \"huyện\".",
				Author:      "Kim Thoả - Trung tâm VHTT&TT huyện",
				Categories:  []string{"Tin tức - Sự kiện"},
				PubDate:     pub,
				Enclosure:   &Enclosure{URL: "https://giavien.example.vn/anh/2023/03/hoi-nghi-1280.jpg", Type: "image/jpeg", Length: 123456},
			},
			{
				Title:   "Bài không có tóm tắt\x01",
				Link:    "https://giavien.example.vn/tin-tuc/bai-khong-co-tom-tat",
				GUID:    "tag:giavien.example.vn,2023:bai-42",
				PubDate: pub.Add(-48 * time.Hour),
			},
		},
	}
}

func sitemapURLs(n int) []URL {
	base := time.Date(2023, 3, 10, 1, 30, 0, 0, time.UTC)
	out := []URL{{Loc: "https://giavien.example.vn/", LastMod: base, ChangeFreq: "hourly", Priority: 1}}
	for i := 1; i < n; i++ {
		out = append(out, URL{Loc: fmt.Sprintf("https://giavien.example.vn/tin-tuc/bai-%d?a=1&b=2", i), LastMod: base.Add(-time.Duration(i) * time.Hour)})
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
	}
}

// xmllint validates doc against the schema in testdata. Without xmllint the
// test skips, except under CI where it fails: scripts/test installs it.
func xmllint(t *testing.T, schema string, doc []byte) {
	t.Helper()
	bin := testenv.Command(t, "xmllint", "libxml2-utils")
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--nonet", "--schema", filepath.Join("testdata", schema), f).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s\n%s", schema, err, out, doc)
	}
}

func TestRSS(t *testing.T) {
	out, err := RSS(seedChannel())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "rss.golden.xml", out)
	xmllint(t, "rss-2.0.xsd", out)

	// Round trip: what a reader parses is what went in.
	var doc struct {
		Version string `xml:"version,attr"`
		Channel struct {
			Title         []string `xml:"title"`
			Link          []string `xml:"link"`
			Description   []string `xml:"description"`
			Language      string   `xml:"language"`
			LastBuildDate string   `xml:"lastBuildDate"`
			Items         []struct {
				Title       string   `xml:"title"`
				Link        string   `xml:"link"`
				Description string   `xml:"description"`
				Category    []string `xml:"category"`
				Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
				GUID        struct {
					PermaLink string `xml:"isPermaLink,attr"`
					Value     string `xml:",chardata"`
				} `xml:"guid"`
				PubDate   string `xml:"pubDate"`
				Enclosure *struct {
					URL    string `xml:"url,attr"`
					Length int64  `xml:"length,attr"`
					Type   string `xml:"type,attr"`
				} `xml:"enclosure"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("parse: %v", err)
	}
	c := seedChannel()
	ch := doc.Channel
	if doc.Version != "2.0" || len(ch.Title) != 1 || len(ch.Link) != 1 || len(ch.Description) != 1 {
		t.Fatalf("channel must have version 2.0 and exactly one title, link, description: %+v", ch)
	}
	if ch.Title[0] != c.Title || ch.Link[0] != c.Link || ch.Language != "vi" {
		t.Errorf("channel: %q %q %q", ch.Title[0], ch.Link[0], ch.Language)
	}
	if got, err := time.Parse(time.RFC1123Z, ch.LastBuildDate); err != nil || !got.Equal(c.LastBuild) {
		t.Errorf("lastBuildDate %q: %v", ch.LastBuildDate, err)
	}
	if len(ch.Items) != 2 {
		t.Fatalf("%d items", len(ch.Items))
	}
	it := ch.Items[0]
	want := c.Items[0]
	if it.Title != want.Title || it.Link != want.Link || it.Description != want.Description || it.Creator != want.Author {
		t.Errorf("item 0: %+v", it)
	}
	if it.GUID.Value != want.Link || it.GUID.PermaLink != "true" {
		t.Errorf("item 0 guid: %+v", it.GUID)
	}
	if len(it.Category) != 1 || it.Category[0] != "Tin tức - Sự kiện" {
		t.Errorf("item 0 category: %q", it.Category)
	}
	if it.Enclosure == nil || it.Enclosure.URL != want.Enclosure.URL || it.Enclosure.Type != "image/jpeg" || it.Enclosure.Length != 123456 {
		t.Errorf("item 0 enclosure: %+v", it.Enclosure)
	}
	if got, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil || !got.Equal(want.PubDate) {
		t.Errorf("item 0 pubDate %q: %v", it.PubDate, err)
	}
	it = ch.Items[1]
	if it.Title != "Bài không có tóm tắt" || it.GUID.PermaLink != "false" || it.GUID.Value != "tag:giavien.example.vn,2023:bai-42" || it.Enclosure != nil {
		t.Errorf("item 1: %+v", it)
	}
}

func TestRSSEmptyAndInvalid(t *testing.T) {
	out, err := RSS(Channel{Title: "Chuyên mục trống", Link: "https://giavien.example.vn/chuyen-muc/trong"})
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, "rss-2.0.xsd", out)
	if !bytes.Contains(out, []byte("<description>Chuyên mục trống</description>")) {
		t.Errorf("an empty description falls back to the title:\n%s", out)
	}
	if _, err := RSS(Channel{Title: "x"}); err == nil {
		t.Error("a channel without a link was accepted")
	}
}

// The schema must reject what the specification forbids, or validating
// against it proves nothing.
func TestRSSSchemaRejects(t *testing.T) {
	testenv.Command(t, "xmllint", "libxml2-utils")
	good, err := RSS(seedChannel())
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"ngày sai dạng":      strings.Replace(string(good), "Fri, 10 Mar 2023 08:30:00 +0700", "2023-03-10T08:30:00+07:00", 1),
		"thiếu độ dài ảnh":   strings.Replace(string(good), ` length="123456"`, "", 1),
		"sai phiên bản":      strings.Replace(string(good), `version="2.0"`, `version="0.91"`, 1),
		"phần tử lạ":         strings.Replace(string(good), "<language>", "<ngon-ngu>x</ngon-ngu><language>", 1),
		"liên kết tương đối": strings.Replace(string(good), "<link>https://giavien.example.vn/</link>", "<link>/</link>", 1),
	} {
		if bad == string(good) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		f := filepath.Join(t.TempDir(), "bad.xml")
		os.WriteFile(f, []byte(bad), 0o644)
		if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", "testdata/rss-2.0.xsd", f).CombinedOutput(); err == nil {
			t.Errorf("%s: the schema accepted it:\n%s", name, out)
		}
	}
}

func TestSitemap(t *testing.T) {
	urls := sitemapURLs(3)
	out, err := URLSet(urls)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sitemap.golden.xml", out)
	xmllint(t, "sitemap.xsd", out)

	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc        string `xml:"loc"`
			LastMod    string `xml:"lastmod"`
			ChangeFreq string `xml:"changefreq"`
			Priority   string `xml:"priority"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != sitemapNS || doc.XMLName.Local != "urlset" || len(doc.URLs) != 3 {
		t.Fatalf("parsed %+v", doc)
	}
	for i, u := range doc.URLs {
		if u.Loc != urls[i].Loc {
			t.Errorf("url %d: loc %q, want %q", i, u.Loc, urls[i].Loc)
		}
		if got, err := time.Parse(time.RFC3339, u.LastMod); err != nil || !got.Equal(urls[i].LastMod) {
			t.Errorf("url %d: lastmod %q: %v", i, u.LastMod, err)
		}
	}
	if doc.URLs[0].Priority != "1.0" || doc.URLs[0].ChangeFreq != "hourly" {
		t.Errorf("url 0: %+v", doc.URLs[0])
	}

	if _, err := URLSet(sitemapURLs(MaxURLs + 1)); err == nil {
		t.Error("a sitemap past 50,000 URLs was accepted")
	}
}

func TestSitemapIndex(t *testing.T) {
	urls := sitemapURLs(MaxURLs*2 + 1)
	pages := Pages(urls, 0)
	if len(pages) != 3 || len(pages[0]) != MaxURLs || len(pages[1]) != MaxURLs || len(pages[2]) != 1 {
		t.Fatalf("split into %d files", len(pages))
	}
	var maps []Sitemap
	for i, p := range pages {
		maps = append(maps, Sitemap{Loc: fmt.Sprintf("https://giavien.example.vn/sitemap-%d.xml", i+1), LastMod: LastMod(p)})
	}
	out, err := Index(maps)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sitemapindex.golden.xml", out)
	xmllint(t, "siteindex.xsd", out)
	if !maps[0].LastMod.Equal(urls[0].LastMod) || !maps[2].LastMod.Equal(urls[len(urls)-1].LastMod) {
		t.Errorf("lastmod of the files: %v", maps)
	}
	// A full file of 50,000 URLs still validates.
	full, err := URLSet(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, "sitemap.xsd", full)
	if got := Pages(nil, 10); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("Pages(nil) = %v", got)
	}
}

func TestRobots(t *testing.T) {
	got := string(Robots([]string{"/quan-tri/", "/tim-kiem"}, "https://giavien.example.vn/sitemap.xml"))
	want := "User-agent: *\nDisallow: /quan-tri/\nDisallow: /tim-kiem\n\nSitemap: https://giavien.example.vn/sitemap.xml\n"
	if got != want {
		t.Errorf("robots.txt:\n%s\nwant:\n%s", got, want)
	}
}
