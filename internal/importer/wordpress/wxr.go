// Package wordpress imports a WordPress eXtended RSS export (WXR 1.0 to
// 1.2, what Tools → Export writes) into a site: posts, pages, categories,
// tags, authors, attachments and the old addresses of all of them. The
// file is read as a stream, one record at a time (Reader), twice: a first
// pass checks the whole file and collects the small things every post
// needs (authors, terms, attachments); only then does the second pass
// write, so a broken file writes nothing.
package wordpress

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Channel is what the export says about the site it came from.
type Channel struct {
	Title       string
	Link        string
	BaseSiteURL string
	BaseBlogURL string
	Version     string // wxr_version: 1.0, 1.1 or 1.2
}

// Author is a <wp:author>. A WXR file carries no password and no role.
type Author struct {
	ID          string `xml:"author_id"`
	Login       string `xml:"author_login"`
	Email       string `xml:"author_email"`
	DisplayName string `xml:"author_display_name"`
	FirstName   string `xml:"author_first_name"`
	LastName    string `xml:"author_last_name"`
}

// Term is a <wp:category>, <wp:tag> or <wp:term> of the channel.
type Term struct {
	Taxonomy string // "category", "post_tag" or the term's own
	ID       string
	Slug     string // category_nicename, tag_slug or term_slug
	Parent   string // the parent's slug (categories)
	Name     string
}

type rawTerm struct {
	ID           string `xml:"term_id"`
	CatNicename  string `xml:"category_nicename"`
	CatParent    string `xml:"category_parent"`
	CatName      string `xml:"cat_name"`
	TagSlug      string `xml:"tag_slug"`
	TagName      string `xml:"tag_name"`
	TermTaxonomy string `xml:"term_taxonomy"`
	TermSlug     string `xml:"term_slug"`
	TermParent   string `xml:"term_parent"`
	TermName     string `xml:"term_name"`
}

// ItemTerm is a category or tag of an item.
type ItemTerm struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

// Meta is a custom field of an item.
type Meta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

type nsText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// Item is an <item>: a post, a page, an attachment or anything else
// WordPress keeps as a post (menu items, blocks …).
type Item struct {
	Line  int `xml:"-"` // where the item starts in the file
	Index int `xml:"-"` // its number among the items, from 1

	Title         string     `xml:"title"`
	Link          string     `xml:"link"`
	Creator       string     `xml:"creator"`
	GUID          string     `xml:"guid"`
	Encoded       []nsText   `xml:"encoded"`
	RawID         string     `xml:"post_id"`
	PostDate      string     `xml:"post_date"`
	PostDateGMT   string     `xml:"post_date_gmt"`
	Name          string     `xml:"post_name"`
	Status        string     `xml:"status"`
	RawParent     string     `xml:"post_parent"`
	RawMenuOrder  string     `xml:"menu_order"`
	Type          string     `xml:"post_type"`
	Password      string     `xml:"post_password"`
	Sticky        string     `xml:"is_sticky"`
	AttachmentURL string     `xml:"attachment_url"`
	Terms         []ItemTerm `xml:"category"`
	Meta          []Meta     `xml:"postmeta"`

	ID        int64  `xml:"-"`
	Parent    int64  `xml:"-"`
	MenuOrder int    `xml:"-"`
	Content   string `xml:"-"` // content:encoded
	Excerpt   string `xml:"-"` // excerpt:encoded
}

// MetaValue returns the item's custom field key ("" when absent).
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// Where names the item for a person: its number, its ID and its line.
func (it *Item) Where() string {
	if it.ID != 0 {
		return fmt.Sprintf("mục thứ %d (ID %d, dòng %d)", it.Index, it.ID, it.Line)
	}
	return fmt.Sprintf("mục thứ %d (dòng %d)", it.Index, it.Line)
}

// MaxRecord bounds one author, term or item of the file (a post's body
// with its custom fields): a bigger one stops the reading.
const MaxRecord = 32 << 20

// Error is a problem with the file, in Vietnamese, with where it is.
type Error struct {
	Line int    // 0: unknown
	Item string // Item.Where of the item being read, if any
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tệp WXR không hợp lệ")
	if e.Item != "" {
		b.WriteString(", " + e.Item)
	}
	if e.Line > 0 {
		b.WriteString(", dòng " + strconv.Itoa(e.Line))
	}
	return b.String() + ": " + e.Msg
}

// Reader reads a WXR file one record at a time.
type Reader struct {
	dec     *xml.Decoder
	src     *limitedReader
	Channel Channel
	state   int // 0 before <rss>, 1 in <rss>, 2 in <channel>, 3 after </rss>
	items   int
}

// NewReader reads the WXR file r.
func NewReader(r io.Reader) *Reader {
	src := &limitedReader{r: r}
	dec := xml.NewDecoder(src)
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("bảng mã %q không được hỗ trợ, tệp xuất của WordPress luôn là UTF-8", label)
	}
	return &Reader{dec: dec, src: src}
}

// Next returns the next record, an *Author, a *Term or an *Item, and
// io.EOF after the end of a whole, well-formed file. Any other error is an
// *Error.
func (r *Reader) Next() (any, error) {
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			if r.state != 3 {
				return nil, r.fail("", "tệp kết thúc giữa chừng (bị cắt cụt?): thiếu thẻ đóng </rss>")
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, r.syntax(err, "")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			rec, err := r.start(t)
			if rec != nil || err != nil {
				return rec, err
			}
		case xml.EndElement:
			switch {
			case r.state == 2 && t.Name.Local == "channel":
				r.state = 1
			case r.state == 1 && t.Name.Local == "rss":
				r.state = 3
			}
		case xml.CharData:
			if r.state == 0 && len(strings.TrimSpace(string(t))) > 0 {
				return nil, r.fail("", "không phải tệp XML xuất từ WordPress (có chữ trước phần tử gốc)")
			}
		}
	}
}

// start handles an opening tag at the current level.
func (r *Reader) start(t xml.StartElement) (any, error) {
	switch r.state {
	case 0:
		if t.Name.Local != "rss" {
			return nil, r.fail("", fmt.Sprintf("không phải tệp xuất WordPress (WXR): phần tử gốc là <%s>, cần <rss>", t.Name.Local))
		}
		r.state = 1
		return nil, nil
	case 1:
		if t.Name.Local == "channel" {
			r.state = 2
			return nil, nil
		}
	case 2:
		return r.channelChild(t)
	}
	return nil, r.skip(t)
}

func (r *Reader) channelChild(t xml.StartElement) (any, error) {
	wp := strings.HasPrefix(t.Name.Space, "http://wordpress.org/export/")
	switch {
	case wp && t.Name.Local == "wxr_version":
		v, err := r.text(t)
		if err == nil && v != "1.0" && v != "1.1" && v != "1.2" {
			err = r.fail("", fmt.Sprintf("phiên bản WXR %q chưa được hỗ trợ (hỗ trợ 1.0, 1.1, 1.2)", v))
		}
		r.Channel.Version = v
		return nil, err
	case wp && t.Name.Local == "base_site_url":
		return nil, r.into(t, &r.Channel.BaseSiteURL)
	case wp && t.Name.Local == "base_blog_url":
		return nil, r.into(t, &r.Channel.BaseBlogURL)
	case t.Name.Space == "" && t.Name.Local == "title":
		return nil, r.into(t, &r.Channel.Title)
	case t.Name.Space == "" && t.Name.Local == "link":
		return nil, r.into(t, &r.Channel.Link)
	case wp && t.Name.Local == "author":
		if err := r.needVersion(); err != nil {
			return nil, err
		}
		var a Author
		return &a, r.decode(t, &a, "")
	case wp && (t.Name.Local == "category" || t.Name.Local == "tag" || t.Name.Local == "term"):
		if err := r.needVersion(); err != nil {
			return nil, err
		}
		return r.term(t)
	case t.Name.Local == "item":
		if err := r.needVersion(); err != nil {
			return nil, err
		}
		return r.item(t)
	}
	return nil, r.skip(t)
}

func (r *Reader) needVersion() error {
	if r.Channel.Version == "" {
		return r.fail("", "không phải tệp xuất WordPress (WXR): thiếu <wp:wxr_version> trước nội dung")
	}
	return nil
}

func (r *Reader) term(t xml.StartElement) (any, error) {
	var raw rawTerm
	if err := r.decode(t, &raw, ""); err != nil {
		return nil, err
	}
	switch t.Name.Local {
	case "category":
		return &Term{Taxonomy: "category", ID: raw.ID, Slug: raw.CatNicename, Parent: raw.CatParent, Name: raw.CatName}, nil
	case "tag":
		return &Term{Taxonomy: "post_tag", ID: raw.ID, Slug: raw.TagSlug, Name: raw.TagName}, nil
	}
	return &Term{Taxonomy: raw.TermTaxonomy, ID: raw.ID, Slug: raw.TermSlug, Parent: raw.TermParent, Name: raw.TermName}, nil
}

func (r *Reader) item(t xml.StartElement) (any, error) {
	r.items++
	line, _ := r.dec.InputPos()
	it := &Item{Line: line, Index: r.items}
	where := it.Where()
	if err := r.decode(t, it, where); err != nil {
		return nil, err
	}
	for _, e := range it.Encoded {
		switch {
		case e.XMLName.Space == "http://purl.org/rss/1.0/modules/content/":
			it.Content = e.Text
		case strings.Contains(e.XMLName.Space, "excerpt"):
			it.Excerpt = e.Text
		}
	}
	it.Encoded = nil
	var err error
	if it.ID, err = strconv.ParseInt(strings.TrimSpace(it.RawID), 10, 64); err != nil || it.ID <= 0 {
		return nil, newError(line, where, fmt.Sprintf("<wp:post_id> %q không phải số", it.RawID))
	}
	if p := strings.TrimSpace(it.RawParent); p != "" {
		it.Parent, _ = strconv.ParseInt(p, 10, 64) // a broken parent is no parent
	}
	it.MenuOrder, _ = strconv.Atoi(strings.TrimSpace(it.RawMenuOrder))
	return it, nil
}

// decode reads the element t into v, within MaxRecord bytes.
func (r *Reader) decode(t xml.StartElement, v any, where string) error {
	r.src.limit = r.dec.InputOffset() + MaxRecord
	defer func() { r.src.limit = 0 }()
	if err := r.dec.DecodeElement(v, &t); err != nil {
		return r.syntax(err, where)
	}
	return nil
}

func (r *Reader) text(t xml.StartElement) (string, error) {
	var s string
	err := r.decode(t, &s, "")
	return strings.TrimSpace(s), err
}

func (r *Reader) into(t xml.StartElement, dst *string) error {
	s, err := r.text(t)
	*dst = s
	return err
}

func (r *Reader) skip(t xml.StartElement) error {
	r.src.limit = r.dec.InputOffset() + MaxRecord
	defer func() { r.src.limit = 0 }()
	if err := r.dec.Skip(); err != nil {
		return r.syntax(err, "")
	}
	return nil
}

func (r *Reader) fail(where, msg string) *Error {
	line, _ := r.dec.InputPos()
	return newError(line, where, msg)
}

// newError makes an *Error. Its texts may quote the file (the XML decoder
// quotes the bytes it stopped at, an ID is quoted as found): bytes that
// are not UTF-8 are replaced, so the message can be printed and shown in
// a page.
func newError(line int, where, msg string) *Error {
	return &Error{Line: line, Item: strings.ToValidUTF8(where, "\uFFFD"), Msg: strings.ToValidUTF8(msg, "\uFFFD")}
}

// syntax turns an error of the XML decoder into an *Error in Vietnamese.
func (r *Reader) syntax(err error, where string) error {
	var se *xml.SyntaxError
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, errTooLarge):
		return r.fail(where, fmt.Sprintf("một mục dài quá %d MB", MaxRecord>>20))
	case errors.As(err, &se):
		msg := se.Msg
		switch {
		case msg == "unexpected EOF" || errors.Is(err, io.ErrUnexpectedEOF):
			msg = "tệp kết thúc giữa chừng (bị cắt cụt?)"
		case strings.Contains(msg, "invalid UTF-8"):
			msg = "có byte không phải UTF-8 (tệp hỏng hoặc sai bảng mã)"
		case strings.Contains(msg, "illegal character code"):
			msg = "có ký tự không được phép trong XML (" + msg + ")"
		default:
			msg = "XML không hợp lệ: " + msg
		}
		if r.state == 0 {
			msg = "không phải tệp XML xuất từ WordPress: " + msg
		}
		return newError(se.Line, where, msg)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return r.fail(where, "tệp kết thúc giữa chừng (bị cắt cụt?)")
	}
	return r.fail(where, "không đọc được tệp: "+err.Error())
}

var errTooLarge = errors.New("record too large")

// limitedReader stops with errTooLarge past limit (when not 0) bytes.
type limitedReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.limit > 0 && l.n >= l.limit {
		return 0, errTooLarge
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
