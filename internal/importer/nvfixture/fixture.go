// Package nvfixture builds a NukeViet 4.5 site for the tests of
// `trangtin import nukeviet`: its tables (testdata/nukeviet/schema.sql, as
// NukeViet defines them) filled with articles made from the corpus
// (testdata/corpus/articles.jsonl) and an uploads folder. Everything is
// deterministic: the same options give the same rows and files. The
// Fixture keeps what each row means in Unicode, for the tests to compare
// the imported records against.
package nvfixture

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"trangtin/internal/vi"
)

// Options shape a fixture.
type Options struct {
	Prefix   string    // table prefix, "nv4" by default
	Articles int       // news articles (at least 1,000 for the full test)
	Now      time.Time // the import's clock: scheduled and expired articles are relative to it
}

// Category is a news category (nv4_vi_news_cat).
type Category struct {
	ID, ParentID, Weight int
	Title, Alias         string
	Hidden               bool // status 0: hidden from the menus
}

// Article is a news article (nv4_vi_news_rows + nv4_vi_news_detail), with
// its text in Unicode; Legacy says how the row stores it ("", "TCVN3",
// "VNI") and WordHTML whether the body is Word's HTML.
type Article struct {
	ID, CatID, AdminID, Status, Hits int
	Title, Alias, Hometext           string
	Paragraphs                       []string // the body's text, a paragraph each
	Author, Source                   string
	Publ, Edit, Exp                  time.Time // Exp zero: never expires
	Image, ImageAlt                  string    // under uploads/news/; "" none
	ImageMissing                     bool      // the file is not in the uploads folder
	BodyImage                        string    // an <img> of the body, under uploads/news/
	Files                            string    // nv4_vi_news_detail.files
	Legacy                           string
	WordHTML                         bool
}

// Block is a block group (nv4_vi_news_block_cat + _block).
type Block struct {
	ID           int
	Title, Alias string
	ArticleIDs   []int
}

// User is an account (nv4_users) and, with Lev > 0, an administrator
// (nv4_authors: 1 god, 2 super administrator, 3 module administrator).
type User struct {
	ID, Lev                   int
	Username, Email, Password string
	First, Last               string
	Hash                      string // as NukeViet stored it
	Active                    bool
}

// Name is the full name as NukeViet shows it in Vietnamese (last first).
func (u User) Name() string { return strings.TrimSpace(u.Last + " " + u.First) }

// Page is a static page (nv4_vi_page).
type Page struct {
	ID, Weight, Status int
	Title, Alias, Body string
}

// FAQ is a question and answer (nv4_vi_faq).
type FAQ struct {
	ID, CatID, Status         int
	Title, Question, Answer   string
	Added                     time.Time
	CategoryTitle, CatAlias   string
	CategoryID, CategoryOrder int
}

// Law is a legal document (nv4_vi_laws_row) with its names resolved.
type Law struct {
	ID                       int
	Code, Title, Introtext   string
	Type, Issuer, Signer     string
	Areas                    []string
	Publ, StartValid, Exp    time.Time
	Files                    []string // under uploads/laws/
	ReplacedBy               int      // the id of the law replacing it, 0 none
	Status                   int
	CatID, SubjectID, SignID int
}

// Fixture is a whole NukeViet site.
type Fixture struct {
	Prefix     string
	Now        time.Time
	Categories []Category
	Articles   []Article
	Blocks     []Block
	Users      []User
	Pages      []Page
	FAQs       []FAQ
	Laws       []Law
}

type corpusLine struct {
	Title string  `json:"title"`
	Date  *string `json:"date"`
	Body  string  `json:"body"`
}

// ReadCorpus reads the corpus articles (title, date, body) of path.
func ReadCorpus(path string) ([]corpusLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l corpusLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// Build makes the fixture from the corpus.
func Build(corpus []corpusLine, opt Options) *Fixture {
	if opt.Prefix == "" {
		opt.Prefix = "nv4"
	}
	f := &Fixture{Prefix: opt.Prefix, Now: opt.Now.Truncate(time.Second)}
	f.Categories = []Category{
		{ID: 1, Title: "Tin tức - Sự kiện", Alias: "tin-tuc-su-kien", Weight: 1},
		{ID: 2, ParentID: 1, Title: "Chính trị", Alias: "chinh-tri", Weight: 1},
		{ID: 3, ParentID: 1, Title: "Kinh tế", Alias: "kinh-te", Weight: 2},
		{ID: 4, ParentID: 1, Title: "Văn hóa - Xã hội", Alias: "van-hoa-xa-hoi", Weight: 3},
		{ID: 5, Title: "Thông báo", Alias: "thong-bao", Weight: 2},
		{ID: 6, Title: "Lưu trữ", Alias: "luu-tru", Weight: 3, Hidden: true},
	}
	f.Users = users()
	for i := 0; i < opt.Articles; i++ {
		f.Articles = append(f.Articles, f.article(i, corpus[i%len(corpus)], i/len(corpus)))
	}
	f.Blocks = []Block{
		{ID: 1, Title: "Tin nổi bật", Alias: "tin-noi-bat", ArticleIDs: []int{3, 1, 8, 21, 34}},
		{ID: 2, Title: "Tin tiêu điểm", Alias: "tin-tieu-diem", ArticleIDs: []int{5, 13}},
	}
	f.Pages = pages()
	f.FAQs = faqs(f.Now)
	f.Laws = laws(f.Now)
	return f
}

var authors = []string{"Kim Thoả", "Minh Hải", "Phạm Tuấn", "", "Thu Hà"}

func (f *Fixture) article(i int, c corpusLine, round int) Article {
	id := i + 1
	title := vi.NFC(strings.TrimSpace(c.Title))
	if round > 0 {
		title = fmt.Sprintf("%s (kỳ %d)", title, round+1)
	}
	var paras []string
	for _, p := range strings.Split(c.Body, "\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, vi.NFC(p))
		}
	}
	publ := time.Date(2019, 1, 1, 7, 30, 0, 0, vi.Zone).Add(time.Duration(i) * 7 * time.Hour)
	if c.Date != nil && round == 0 {
		if d, err := time.ParseInLocation(time.DateOnly, *c.Date, vi.Zone); err == nil {
			publ = d.Add(8 * time.Hour)
		}
	}
	a := Article{
		ID: id, CatID: []int{2, 3, 4, 5, 2, 3, 6}[i%7], AdminID: []int{3, 4, 2, 3}[i%4], Status: 1,
		Title: title, Alias: aliasOf(title), Hometext: lead(paras), Paragraphs: paras,
		Author: authors[i%len(authors)], Publ: publ, Edit: publ.Add(90 * time.Minute), Hits: (i * 37) % 5000,
	}
	if i%9 == 4 {
		a.Source = "Báo Ninh Bình"
	}
	switch {
	case i%50 == 7: // scheduled: status 2 (hẹn giờ đăng), a week ahead
		a.Status, a.Publ = 2, f.Now.Add(7*24*time.Hour+time.Duration(i)*time.Minute)
		a.Edit = a.Publ.Add(-48 * time.Hour)
	case i%47 == 11: // expired yesterday
		a.Exp = f.Now.Add(-24 * time.Hour)
	case i%61 == 30: // still valid, with an end date ahead
		a.Exp = f.Now.Add(90 * 24 * time.Hour)
	case i%53 == 17:
		a.Status = 4 // lưu tạm: a draft
	}
	if i%5 == 0 {
		a.Image = fmt.Sprintf("%d_%02d/anh-%d.jpg", publ.Year(), publ.Month(), id)
		a.ImageAlt = "Ảnh: " + title
		a.ImageMissing = i%25 == 10
	}
	if i%10 == 3 {
		a.BodyImage = fmt.Sprintf("%d_%02d/noi-dung-%d.jpg", publ.Year(), publ.Month(), id)
	}
	if i%20 == 6 {
		a.Files = fmt.Sprintf("%d_%02d/tai-lieu-%d.pdf", publ.Year(), publ.Month(), id)
	}
	switch {
	case i%17 == 2 && legacyOK(a, encodeTCVN3, vi.FromTCVN3):
		a.Legacy = "TCVN3"
	case i%19 == 5 && legacyOK(a, encodeVNI, vi.FromVNI):
		a.Legacy = "VNI"
	}
	a.WordHTML = i%13 == 1
	return a
}

// lead is the article's hometext: its first paragraph, cut to 300 letters.
func lead(paras []string) string {
	if len(paras) == 0 {
		return ""
	}
	r := []rune(paras[0])
	if len(r) > 300 {
		return strings.TrimSpace(string(r[:300])) + "…"
	}
	return paras[0]
}

// aliasOf is NukeViet's change_alias of a title, which trangtin's slug
// matches for Vietnamese titles.
func aliasOf(title string) string { return vi.Slug(title) }

// BodyHTML is the article's bodyhtml in Unicode: CKEditor's paragraphs, or
// Word's HTML pasted into it, with the body photo after the first paragraph.
func (a Article) BodyHTML() string {
	var b strings.Builder
	for n, p := range a.Paragraphs {
		if a.WordHTML {
			fmt.Fprintf(&b, `<p class="MsoNormal" style="text-align:justify;mso-line-height-alt:12.0pt"><span style="font-size:13.0pt;mso-bidi-font-family:Arial"><font face="Times New Roman">%s</font><o:p></o:p></span></p>`+"\n", esc(p))
		} else {
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		}
		if n == 0 && a.BodyImage != "" {
			fmt.Fprintf(&b, `<p style="text-align:center"><img alt="Hình minh họa" src="/uploads/news/%s" width="600" /></p>`+"\n", a.BodyImage)
		}
	}
	if a.WordHTML {
		b.WriteString(`<p class="MsoNormal"><o:p>&nbsp;</o:p></p>`)
	}
	return b.String()
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// stored returns s as the row stores it: in its legacy font's bytes, read
// back as Latin-1 code points, or as it is.
func (a Article) stored(s string) string {
	switch a.Legacy {
	case "TCVN3":
		return encodeTCVN3(s)
	case "VNI":
		return encodeVNI(s)
	}
	return s
}

// legacyOK reports whether every text of a has a form in the legacy font
// (capitals some fonts lack have none) that comes back the same.
func legacyOK(a Article, enc, dec func(string) string) bool {
	for _, s := range []string{a.Title, a.Hometext, a.BodyHTML(), a.Author, a.ImageAlt} {
		e := enc(s)
		if dec(e) != s || strings.IndexFunc(e, func(r rune) bool { return r > 0xFF }) >= 0 {
			return false
		}
	}
	return true
}

func pages() []Page {
	return []Page{
		{ID: 1, Weight: 1, Status: 1, Title: "Giới thiệu chung", Alias: "gioi-thieu-chung",
			Body: "<p>Xã An Bình nằm ở phía Bắc huyện, có diện tích tự nhiên 12,5 km².</p><table><tr><td>Dân số</td><td>9.812 người</td></tr></table>"},
		{ID: 2, Weight: 2, Status: 1, Title: "Cơ cấu tổ chức", Alias: "co-cau-to-chuc",
			Body: "<ul><li>Đảng ủy xã</li><li>HĐND xã</li><li>UBND xã</li></ul>"},
		{ID: 3, Weight: 3, Status: 1, Title: "Liên hệ", Alias: "lien-he",
			Body: `<p style="mso-margin-top-alt:auto"><font color="red">Điện thoại: 0229 3 123 456</font><o:p></o:p></p>`},
		{ID: 4, Weight: 4, Status: 0, Title: "Trang cũ không dùng", Alias: "trang-cu", Body: "<p>Nội dung cũ.</p>"},
	}
}

func faqs(now time.Time) []FAQ {
	cats := []FAQ{{CategoryID: 1, CategoryTitle: "Thủ tục hành chính", CatAlias: "thu-tuc-hanh-chinh"}, {CategoryID: 2, CategoryTitle: "Đất đai", CatAlias: "dat-dai"}}
	var out []FAQ
	for i := 1; i <= 12; i++ {
		c := cats[i%2]
		q := FAQ{ID: i, CatID: c.CategoryID, CategoryTitle: c.CategoryTitle, CatAlias: c.CatAlias, CategoryOrder: c.CategoryID, Status: 1,
			Title:    fmt.Sprintf("Hỏi về %s số %d", strings.ToLower(c.CategoryTitle), i),
			Question: fmt.Sprintf("<p>Tôi muốn hỏi về %s, trường hợp số %d thì làm thế nào?</p>", strings.ToLower(c.CategoryTitle), i),
			Answer:   fmt.Sprintf("<p>Trả lời: trường hợp số %d, công dân nộp hồ sơ tại Bộ phận một cửa của UBND xã.</p>", i),
			Added:    now.Add(-time.Duration(400-i*20) * 24 * time.Hour)}
		if i == 12 {
			q.Status = 0
		}
		out = append(out, q)
	}
	return out
}
