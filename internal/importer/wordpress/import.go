package wordpress

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Store is what an import reads and writes beside the services: each
// write of a record carries its old addresses, in one transaction.
type Store interface {
	media.RecordStore
	FindCategories(ctx context.Context, siteID int64) ([]content.Category, error)
	FindArticleBySourceURL(ctx context.Context, siteID int64, url string) (content.Article, error)
	FindPageBySlug(ctx context.Context, siteID int64, slug string) (content.Page, error)
	FindRedirect(ctx context.Context, siteID int64, keys []string) (redirect.Entry, error)
	PutRedirects(ctx context.Context, entries []redirect.Entry) error
	ImportArticle(ctx context.Context, a *content.Article, entries []redirect.Entry) error
	ImportPage(ctx context.Context, p *content.Page, entries []redirect.Entry) error
	ImportMedia(ctx context.Context, it *media.Item, a *audit.Entry, entries []redirect.Entry) error
}

// Deps are the services and stores an import writes through.
type Deps struct {
	Content *content.Service
	Users   *user.Service
	Store   Store
	Blobs   media.BlobStore
	Limits  media.Limits
}

// Options of a run.
type Options struct {
	Site    content.Site
	Uploads string               // the copy of wp-content/uploads; "" for none
	DryRun  bool                 // write nothing, report what would be done
	Roles   map[string]user.Role // by author login; reporter when absent
	// FailAfter stops the run with an error after that many items were
	// written (0: never), as a crash would: for the tests of a resumed run.
	FailAfter int
	// ProgressTo shows the progress (a line redrawn on a terminal, a line
	// every thousand items elsewhere); nil: none.
	ProgressTo io.Writer
}

// Account is an author brought in as an account without a usable
// password: the site's administrator gives each a one-time password.
type Account struct {
	Login, Email, Name string
	Role               user.Role
	New                bool
}

// Importer runs one import.
type Importer struct {
	d     Deps
	o     Options
	x     *Index
	site  content.Site
	rep   *importer.Report
	pics  *pictures
	base  *url.URL // the old site's address
	cats  map[string]content.Category
	users map[string]user.User // by login
	names map[string]string    // display names by login
	def   content.Category     // for posts of no (or an unknown) category
	fatal error                // a store failure met inside a helper
	prog  *importer.Progress
	// Accounts are the authors brought in, for the report.
	Accounts []Account
}

// Run imports the WXR file at path into o.Site, reporting every record to
// rep. It reads the whole file once before writing anything: a broken file
// returns its *Error and writes nothing.
func Run(ctx context.Context, path string, d Deps, o Options, rep *importer.Report) (*Importer, error) {
	x, err := Scan(path)
	if err != nil {
		return nil, err
	}
	im := &Importer{d: d, o: o, x: x, site: o.Site, rep: rep, cats: map[string]content.Category{},
		users: map[string]user.User{}, names: map[string]string{}}
	if im.base, err = url.Parse(firstNonEmpty(x.Channel.BaseBlogURL, x.Channel.BaseSiteURL, x.Channel.Link)); err != nil {
		im.base = &url.URL{}
	}
	var root *os.Root
	if o.Uploads != "" {
		if root, err = os.OpenRoot(o.Uploads); err != nil {
			return nil, fmt.Errorf("không mở được thư mục ảnh --uploads %s: %w", o.Uploads, err)
		}
		defer root.Close()
	}
	im.pics = newPictures(im, root)
	if o.ProgressTo != nil {
		im.prog = importer.NewProgress(o.ProgressTo, x.Items)
		defer im.prog.Clear()
	}
	if err := im.categories(ctx); err != nil {
		return im, err
	}
	if err := im.tags(ctx); err != nil {
		return im, err
	}
	if err := im.authors(ctx); err != nil {
		return im, err
	}
	return im, im.items(ctx, path)
}

// items is the second pass: every item, in file order.
func (im *Importer) items(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := NewReader(bufio.NewReaderSize(f, 64<<10))
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if err == io.EOF {
			return im.siteFeeds(ctx)
		}
		if err != nil {
			return err
		}
		it, ok := rec.(*Item)
		if !ok {
			continue
		}
		if err := im.item(ctx, it); err != nil {
			return fmt.Errorf("%s: %w", it.Where(), err)
		}
		if im.fatal != nil {
			return fmt.Errorf("%s: %w", it.Where(), im.fatal)
		}
		n++
		if im.prog != nil {
			im.prog.Show(n, im.rep)
		}
		if im.o.FailAfter > 0 && n >= im.o.FailAfter {
			return fmt.Errorf("dừng thử sau %d mục", n)
		}
	}
}

// leftOut are the kinds of WordPress record that are the old site's
// machinery, not its content: reported, never imported.
var leftOut = map[string]string{
	"nav_menu_item": "mục trình đơn", "revision": "bản sửa cũ", "custom_css": "CSS tùy biến",
	"customize_changeset": "thay đổi giao diện", "oembed_cache": "bộ đệm nhúng", "user_request": "yêu cầu dữ liệu cá nhân",
	"wp_global_styles": "kiểu giao diện", "wp_template": "khuôn giao diện", "wp_template_part": "khuôn giao diện",
	"wp_navigation": "trình đơn", "wp_block": "khối dùng lại", "wp_font_family": "phông chữ", "wp_font_face": "phông chữ",
}

func (im *Importer) item(ctx context.Context, it *Item) error {
	src := "wordpress:" + it.Type + ":" + strconv.FormatInt(it.ID, 10)
	switch it.Type {
	case "post":
		return im.post(ctx, it, src)
	case "page":
		return im.page(ctx, it, src)
	case "attachment":
		a := im.x.Attachments[it.ID]
		if a == nil || a.File == "" {
			im.rep.Warn("ảnh", src, "tệp đính kèm không có đường dẫn tệp")
			return nil
		}
		pic, why, ok := im.pics.get(ctx, a.File)
		switch {
		case !ok:
			im.rep.Warn("ảnh", src, why)
		case im.o.DryRun:
			im.rep.Add(importer.Entry{Kind: "ảnh", Source: src, Outcome: importer.Planned, Target: a.File})
		case im.pics.new[a.File]:
			im.rep.Imported("ảnh", src, pic.URL())
		default:
			im.rep.Updated("ảnh", src, pic.URL())
		}
		return nil
	}
	if what, ok := leftOut[it.Type]; ok {
		im.rep.Warn("khác", src, "không nhập "+what+" ("+it.Type+") của WordPress")
		return nil
	}
	im.rep.Skipped("khác", src, fmt.Sprintf("loại nội dung %q của WordPress chưa được hỗ trợ (%s)", it.Type, it.Title))
	return nil
}

// authors brings the authors in as accounts of the site, without a usable
// password.
func (im *Importer) authors(ctx context.Context) error {
	for _, a := range im.x.Authors {
		name := firstNonEmpty(a.DisplayName, strings.TrimSpace(a.FirstName+" "+a.LastName), a.Login)
		im.names[a.Login] = name
		role, ok := im.o.Roles[a.Login]
		if !ok {
			role = user.RoleReporter
		}
		src := "wordpress:author:" + a.Login
		if im.o.DryRun {
			im.rep.Add(importer.Entry{Kind: "tài khoản", Source: src, Outcome: importer.Planned, Target: a.Email + " (" + string(role) + ")"})
			continue
		}
		u, outcome, err := im.d.Users.ImportAccount(ctx, user.ImportedAccount{Email: a.Email, Name: name, Role: role, SiteID: im.site.ID}, nil)
		if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
			im.rep.Skipped("tài khoản", src, fmt.Sprintf("tác giả %q (%s): %s", a.Login, a.Email, describe(err)))
			continue
		} else if err != nil {
			return fmt.Errorf("tác giả %q: %w", a.Login, err)
		}
		im.users[a.Login] = u
		im.Accounts = append(im.Accounts, Account{Login: a.Login, Email: u.Email, Name: u.Name, Role: role, New: outcome == user.AccountCreated})
		if outcome == user.AccountCreated {
			im.rep.Imported("tài khoản", src, u.Email)
		} else {
			im.rep.Updated("tài khoản", src, u.Email)
		}
	}
	return nil
}

// describe spells out a validation error with its fields.
func describe(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	msg := e.Message
	for field, m := range e.Fields {
		msg += fmt.Sprintf(" [%s: %s]", field, m)
	}
	return msg
}

// oldPath is an address of the old site, under its base path when it was
// installed in a folder.
func (im *Importer) oldPath(p string) string {
	return strings.TrimRight(im.base.Path, "/") + p
}

// entries are redirect entries from each of froms (old addresses: whole
// URLs or paths) to the new address to.
func (im *Importer) entries(src, to string, froms ...string) []redirect.Entry {
	var out []redirect.Entry
	seen := map[string]bool{}
	for _, f := range froms {
		if strings.TrimSpace(f) == "" {
			continue
		}
		if strings.HasPrefix(f, "/") && !strings.HasPrefix(f, "/?") {
			f = im.oldPath(f)
		}
		key, err := redirect.Key(f)
		if err != nil || seen[key] || key == "/" || len(key) > redirect.MaxKey {
			continue
		}
		seen[key] = true
		out = append(out, redirect.Entry{SiteID: im.site.ID, From: key, ToSiteID: im.site.ID, To: to, Source: src})
	}
	return out
}

// date is when an item was (or is to be) published: post_date_gmt, else
// post_date in the site's time zone (Asia/Ho_Chi_Minh).
func date(it *Item) (time.Time, bool) {
	if t, err := time.Parse(time.DateTime, strings.TrimSpace(it.PostDateGMT)); err == nil && t.Year() > 1 {
		return t.UTC(), true
	}
	if t, err := time.ParseInLocation(time.DateTime, strings.TrimSpace(it.PostDate), vi.Zone); err == nil && t.Year() > 1 {
		return t.UTC(), true
	}
	return time.Time{}, false
}
