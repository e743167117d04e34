package nukeviet

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/importer"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/redirect"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Target is where an import writes: the site and the services of its
// modules. Documents may be nil (the laws module is then not imported).
type Target struct {
	Site    content.Site
	Content *content.Service
	// Store writes the records that carry old addresses together with
	// their redirect entries, in one transaction, and finds them again
	// by those addresses.
	Store Store
	Users *user.Service
	// Records and Blobs receive the pictures and files, through the
	// media library (Blobs nil: none, as in a dry run).
	Records   media.RecordStore
	Blobs     media.BlobStore
	Documents *document.Service
	// Questions receives the faq module (nil: not imported).
	Questions question.Store
	// Uploads is the old site's uploads folder (its files are read from
	// there, nothing is fetched); "" when not given.
	Uploads string
	DryRun  bool
	Now     func() time.Time
}

// Store is what an import reads and writes beside the services. The old
// site's identity of a record with a public address is the redirect entry
// of that address, written in the record's transaction (as the WordPress
// importer does): an article is found again by its source address, a
// static page, a category or a document by where its old address leads.
type Store interface {
	FindRedirect(ctx context.Context, siteID int64, keys []string) (redirect.Entry, error)
	PutRedirects(ctx context.Context, entries []redirect.Entry) error
	FindArticlesBySourceURL(ctx context.Context, siteID int64, urls []string) (map[string]content.Article, error)
	ArticleSlugOwners(ctx context.Context, siteID int64, slugs []string) (map[string]int64, error)
	// ImportArticles writes as (pre: their search entries computed
	// ahead, or none) and entries in one transaction.
	ImportArticles(ctx context.Context, as []*content.Article, entries []redirect.Entry, pre ...*content.SearchEntry) error
	ImportPage(ctx context.Context, p *content.Page, entries []redirect.Entry) error
}

// Kinds of record, as the report names them.
const (
	KindCategory = "chuyên mục"
	KindArticle  = "bài viết"
	KindUser     = "tài khoản"
	KindPage     = "trang tĩnh"
	KindDocument = "văn bản"
	KindFile     = "tệp"
)

// run is one import.
type run struct {
	src       *Source
	t         Target
	r         *importer.Report
	p         *importer.Progress
	cats      map[int64]int64 // NukeViet catid → category id
	users     map[int64]int64 // NukeViet userid → user id
	featured  map[int64]bool
	catAlias  map[int64]string // NukeViet catid → its alias, for old addresses
	lib       *media.Library   // nil in a dry run
	news      string           // the news module's name in addresses
	pending   []redirect.Entry // old addresses not yet written
	uploading keyLock          // upload files being brought in
	files     fileMoves        // their old addresses not yet written
}

// Run imports everything src holds into t, recording every record in r and
// drawing progress on p (may be nil). It stops at the first error that is
// not about one record (the target database failing, a cancelled ctx).
func Run(ctx context.Context, src *Source, t Target, r *importer.Report, p *importer.Progress) error {
	if t.Now == nil {
		t.Now = time.Now
	}
	im := &run{src: src, t: t, r: r, p: p, cats: map[int64]int64{}, users: map[int64]int64{}, catAlias: map[int64]string{}}
	if t.Blobs != nil {
		im.lib = media.NewLibrary(orderedRecords{t.Records}, t.Blobs, media.Limits{})
	}
	im.news = src.moduleName(ctx, "news")
	steps := []struct {
		what string
		fn   func(context.Context) error
	}{
		{"tài khoản", im.importUsers},
		{"chuyên mục", im.importCategories},
		{"bài viết", im.importArticles},
		{"trang tĩnh", im.importPages},
		{"văn bản", im.importLaws},
		{"hỏi đáp", im.importFAQs},
		{"địa chỉ cũ", im.redirectModule},
		{"địa chỉ cũ", im.flushRedirects},
	}
	for _, s := range steps {
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("nhập %s: %w", s.what, err)
		}
	}
	return nil
}

// outcome records what became of a record of kind from source.
func (im *run) outcome(kind, source, target string, isNew bool) {
	switch {
	case im.t.DryRun:
		state := "cập nhật"
		if isNew {
			state = "mới"
		}
		im.r.Add(importer.Entry{Kind: kind, Source: source, Outcome: importer.Planned, Target: state})
	case isNew:
		im.r.Imported(kind, source, target)
	default:
		im.r.Updated(kind, source, target)
	}
}

// skipOrFail reports err as the skip of source when it is about the record
// (invalid, conflicting), and returns it otherwise.
func (im *run) skipOrFail(kind, source string, err error) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
		im.r.Skipped(kind, source, describe(err))
		return nil
	}
	return err
}

// describe spells out a validation error with its fields.
func describe(err error) string {
	var e *apperr.Error
	msg := apperr.MessageOf(err)
	if errors.As(err, &e) {
		for field, m := range e.Fields {
			if m != msg {
				msg += fmt.Sprintf(" [%s: %s]", field, m)
			}
		}
	}
	return msg
}

// clean converts a record's texts from their legacy font to Unicode NFC,
// in place: the font is detected on the main texts together (title, lead,
// body) and applied to every field but one already in Unicode. A record
// converted is counted in the report.
func (im *run) clean(w reporter, main []*string, others ...*string) {
	vals := make([]string, len(main))
	for i, f := range main {
		vals[i] = *f
	}
	font := importer.DetectLegacy(vals...)
	if font != "" {
		w.Count(font+" → Unicode (bản ghi)", 1)
	}
	for _, f := range append(main, others...) {
		if importer.Unicode(*f) {
			*f = importer.FromLegacy("", *f)
		} else {
			*f = importer.FromLegacy(font, *f)
		}
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plain is the text of a bit of HTML, on one line.
func plain(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(s, " "))), " ")
}

// slugOf is alias when it is a valid slug, else the slug of title.
func slugOf(alias, title string) string {
	if a := strings.ToLower(strings.TrimSpace(alias)); a != "" && vi.Slug(a) == a {
		return a
	}
	return vi.Slug(title)
}

func unixTime(sec int64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).In(vi.Zone)
}

// roles maps NukeViet's administrator levels to roles on the site; an
// author who is no administrator is a reporter.
func roleOf(a Account) user.Role {
	switch a.Lev {
	case 1, 2:
		return user.RoleSiteAdmin
	case 3:
		return user.RoleEditor
	}
	return user.RoleReporter
}

func (im *run) importUsers(ctx context.Context) error {
	accounts, members, err := im.src.Accounts(ctx)
	if err != nil {
		return err
	}
	if members > 0 {
		im.r.Count("thành viên không quản trị, không viết bài: không nhập", members)
	}
	for _, a := range accounts {
		source := im.src.Identity("users", a.ID)
		if a.Bad != "" {
			im.r.Skipped(KindUser, source, a.Bad)
			continue
		}
		name := strings.TrimSpace(a.Last + " " + a.First)
		if name == "" {
			name = a.Username
		}
		if !user.IsLegacyHash(a.Hash) {
			im.r.Warn(KindUser, source, fmt.Sprintf("%s: mật khẩu cũ ở dạng không kiểm tra được, cần cấp mật khẩu một lần", a.Email))
		}
		if im.t.DryRun {
			im.r.Add(importer.Entry{Kind: KindUser, Source: source, Outcome: importer.Planned, Target: a.Email})
			continue
		}
		u, outcome, err := im.t.Users.ImportAccount(ctx, user.ImportedAccount{
			Email: a.Email, Name: name, Hash: a.Hash, Role: roleOf(a), SiteID: im.t.Site.ID, Disabled: !a.Active || a.Suspended,
		}, nil)
		if err != nil {
			if err := im.skipOrFail(KindUser, source, err); err != nil {
				return err
			}
			continue
		}
		// An account is found again by its address: no other identity
		// is kept (it has no old public address).
		im.users[a.ID] = u.ID
		im.outcome(KindUser, source, u.Email, outcome == user.AccountCreated)
	}
	return nil
}
