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
	Site      content.Site
	Content   *content.Service
	Ledger    content.ImportLedger
	Users     *user.Service
	Library   *media.Library
	Documents *document.Service
	// Questions receives the faq module (nil: not imported).
	Questions question.Store
	// Redirects keeps the old site's addresses (nil: none are kept).
	Redirects redirect.Store
	// Uploads is the old site's uploads folder (its files are read from
	// there, nothing is fetched); "" when not given.
	Uploads string
	DryRun  bool
	Now     func() time.Time
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
	src      *Source
	t        Target
	r        *importer.Report
	p        *importer.Progress
	cats     map[int64]int64 // NukeViet catid → category id
	users    map[int64]int64 // NukeViet userid → user id
	featured map[int64]bool
	catAlias map[int64]string // NukeViet catid → its alias, for old addresses
	news     string           // the news module's name in addresses
	pending  []redirect.Entry // old addresses not yet written
}

// Run imports everything src holds into t, recording every record in r and
// drawing progress on p (may be nil). It stops at the first error that is
// not about one record (the target database failing, a cancelled ctx).
func Run(ctx context.Context, src *Source, t Target, r *importer.Report, p *importer.Progress) error {
	if t.Now == nil {
		t.Now = time.Now
	}
	im := &run{src: src, t: t, r: r, p: p, cats: map[int64]int64{}, users: map[int64]int64{}, catAlias: map[int64]string{}}
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

// ledger returns the target of source, 0 when none yet.
func (im *run) ledger(ctx context.Context, source string) (int64, error) {
	id, err := im.t.Ledger.FindImported(ctx, im.t.Site.ID, source)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	return id, err
}

func (im *run) remember(ctx context.Context, source string, id int64) error {
	if im.t.DryRun {
		return nil
	}
	return im.t.Ledger.SaveImported(ctx, im.t.Site.ID, source, id)
}

// clean converts a record's texts from their legacy font to Unicode NFC,
// in place: the font is detected on the main texts together (title, lead,
// body) and applied to every field but one already in Unicode. A record
// converted is counted in the report.
func (im *run) clean(main []*string, others ...*string) {
	vals := make([]string, len(main))
	for i, f := range main {
		vals[i] = *f
	}
	font := importer.DetectLegacy(vals...)
	if font != "" {
		im.r.Count(font+" → Unicode (bản ghi)", 1)
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
		prev, err := im.ledger(ctx, source)
		if err != nil {
			return err
		}
		if im.t.DryRun {
			im.outcome(KindUser, source, a.Email, prev == 0)
			continue
		}
		u, _, err := im.t.Users.ImportAccount(ctx, user.ImportedAccount{
			Email: a.Email, Name: name, Hash: a.Hash, Role: roleOf(a), SiteID: im.t.Site.ID, Disabled: !a.Active || a.Suspended,
		}, nil)
		if err != nil {
			if err := im.skipOrFail(KindUser, source, err); err != nil {
				return err
			}
			continue
		}
		im.users[a.ID] = u.ID
		if err := im.remember(ctx, source, u.ID); err != nil {
			return err
		}
		im.outcome(KindUser, source, u.Email, prev == 0)
	}
	return nil
}
