package wordpress

import (
	"bufio"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Attachment is what the first pass keeps of an attachment item: enough
// to bring its file in when a post needs it, whatever the order.
type Attachment struct {
	ID      int64
	URL     string // wp:attachment_url
	File    string // the path under wp-content/uploads ("2024/01/a.png")
	Link    string // its attachment page
	Title   string
	Alt     string
	Caption string
}

// Index is what the first pass collects: the site, its authors and terms
// (a few hundred records at most) and its attachments (a few hundred bytes
// each, however big the bodies).
type Index struct {
	Channel     Channel
	Authors     []Author
	Categories  []Term // each slug once, in file order
	Tags        []Term
	Attachments map[int64]*Attachment
	ByFile      map[string]*Attachment // by File
	Items       int
	Types       map[string]int // items of each post type
	// DatedLinks: every published post's permalink is
	// /%year%/%monthnum%/%day%/%postname%/, so a scheduled post will
	// have one too once published (its <link> is still ?p=).
	DatedLinks bool
	dated      [2]int // published posts whose link is dated, all published posts
}

// Scan reads the whole file at path (the first pass). Any error is an
// *Error or the error opening the file: nothing has been written yet.
func Scan(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x := &Index{Attachments: map[int64]*Attachment{}, ByFile: map[string]*Attachment{}, Types: map[string]int{}}
	seen := map[string]bool{}
	r := NewReader(bufio.NewReaderSize(f, 64<<10))
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch v := rec.(type) {
		case *Author:
			x.Authors = append(x.Authors, *v)
		case *Term:
			if k := v.Taxonomy + "/" + v.Slug; !seen[k] && v.Slug != "" {
				seen[k] = true
				switch v.Taxonomy {
				case "category":
					x.Categories = append(x.Categories, *v)
				case "post_tag":
					x.Tags = append(x.Tags, *v)
				}
			}
		case *Item:
			x.Items++
			x.Types[v.Type]++
			if v.Type == "post" && v.Status == "publish" {
				x.dated[1]++
				if d := datedPath(v); d != "" && strings.HasSuffix(strings.TrimRight(v.Link, "/"), strings.TrimRight(d, "/")) {
					x.dated[0]++
				}
			}
			if v.Type == "attachment" {
				a := attachmentOf(v, r.Channel)
				x.Attachments[a.ID] = a
				if a.File != "" {
					x.ByFile[a.File] = a
				}
			}
		}
	}
	x.Channel = r.Channel
	x.DatedLinks = x.dated[1] > 0 && x.dated[0] == x.dated[1]
	return x, nil
}

// datedPath is an item's permalink in the /%year%/%monthnum%/%day%/%postname%/
// structure ("" without a date or a name).
func datedPath(it *Item) string {
	d := strings.TrimSpace(it.PostDate)
	name := strings.TrimSpace(it.Name)
	if len(d) < 10 || name == "" || d[:4] == "0000" {
		return ""
	}
	return "/" + d[:4] + "/" + d[5:7] + "/" + d[8:10] + "/" + name + "/"
}

func attachmentOf(it *Item, ch Channel) *Attachment {
	a := &Attachment{ID: it.ID, URL: strings.TrimSpace(it.AttachmentURL), Link: strings.TrimSpace(it.Link),
		Title: it.Title, Alt: it.MetaValue("_wp_attachment_image_alt"), Caption: it.Excerpt}
	a.File = strings.TrimPrefix(it.MetaValue("_wp_attached_file"), "/")
	if a.File == "" {
		a.File, _ = uploadFile(a.URL)
	}
	return a
}

// uploadFile returns the path under wp-content/uploads of an address of
// the old site's uploads, decoded ("2024/01/a.png").
func uploadFile(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", false
	}
	_, rest, ok := strings.Cut(u.Path, "/wp-content/uploads/")
	if !ok || rest == "" {
		return "", false
	}
	return rest, true
}

// sizeSuffix cuts WordPress's size suffix off an upload's path:
// "2024/04/a-300x119.png" is "2024/04/a.png" at width 300; "a-scaled.jpg"
// is "a.jpg".
func sizeSuffix(file string) (base string, width int, ok bool) {
	dot := strings.LastIndexByte(file, '.')
	if dot < 0 {
		return "", 0, false
	}
	stem, ext := file[:dot], file[dot:]
	if s, found := strings.CutSuffix(stem, "-scaled"); found {
		return s + ext, 0, true
	}
	dash := strings.LastIndexByte(stem, '-')
	if dash < 0 {
		return "", 0, false
	}
	w, h, found := strings.Cut(stem[dash+1:], "x")
	wn, err1 := strconv.Atoi(w)
	_, err2 := strconv.Atoi(h)
	if !found || err1 != nil || err2 != nil {
		return "", 0, false
	}
	return stem[:dash] + ext, wn, true
}
