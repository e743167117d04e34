// Package sitemerge merges dissolved sites into the site that took over
// their work (issue 11, item 9: since 1 July 2025 districts are abolished
// and communes merged). A merge moves a source site's articles (with their
// revisions), categories, static pages, documents, citizens' questions,
// drafts for consultation (with their comments) and media into the target
// site, under a category of the target, keeping their IDs, authors and
// dates; it writes every old public address of the source into the
// permanent redirect table (package redirect) and marks the source merged,
// so that its hosts serve only redirects from then on.
//
// Each source is merged in one transaction of the store, audited with its
// counts in that transaction: a source is either fully merged or
// untouched, whatever happens to the process. A source already merged into
// the target is skipped, so running a merge again changes nothing and a
// merge that was stopped half-way continues with the sources it had not
// done.
//
// The source's category tree is moved whole beneath the archive category
// (its top categories become the archive category's children), not
// flattened into it: an old category address then still leads to a list
// of the same articles, and its feed to the same stream, where one
// flattened category would answer every old category address with all of
// the source's articles.
package sitemerge

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// Counts are what a site holds, by kind of record.
type Counts struct {
	Articles      int
	Revisions     int
	Categories    int
	Pages         int
	Documents     int
	Questions     int
	Consultations int
	Comments      int
	Media         int
}

// Add is the sum of c and o.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Articles + o.Articles, c.Revisions + o.Revisions, c.Categories + o.Categories, c.Pages + o.Pages,
		c.Documents + o.Documents, c.Questions + o.Questions, c.Consultations + o.Consultations, c.Comments + o.Comments, c.Media + o.Media}
}

// Fields are the counts as name, value pairs, in a fixed order.
func (c Counts) Fields() [][2]string {
	n := func(v int) string { return strconv.Itoa(v) }
	return [][2]string{{"articles", n(c.Articles)}, {"revisions", n(c.Revisions)}, {"categories", n(c.Categories)},
		{"pages", n(c.Pages)}, {"documents", n(c.Documents)}, {"questions", n(c.Questions)},
		{"consultations", n(c.Consultations)}, {"comments", n(c.Comments)}, {"media", n(c.Media)}}
}

// Item is a moved record known by a slug: an article, a category or a
// static page. NewSlug differs from Slug when the slug was taken on the
// target and the record was renamed.
type Item struct {
	ID      int64
	Slug    string
	NewSlug string
	Public  bool // an article visitors could reach (published or withdrawn)
}

// Doc is a moved document of the register.
type Doc struct {
	ID     int64
	Number string
	Public bool // published or withdrawn: it had a public address
}

// File is a moved attachment that a published owner listed.
type File struct {
	ID   int64
	Key  string
	Name string
}

// Moved is what one merge moves, read by the store inside its transaction
// before the move, for the old addresses.
type Moved struct {
	Articles      []Item
	Categories    []Item
	Pages         []Item
	Documents     []Doc
	Questions     []int64 // published ones
	Consultations []int64 // published ones
	Images        []string
	Files         []File
	// ArchiveSlug is the slug of the target's category the source went
	// under.
	ArchiveSlug string
	// Existing are the entries of the redirect table (of any site) that
	// led to the source: they are pointed at the target.
	Existing []redirect.Entry
}

// Rename is a record renamed because its slug was taken on the target.
type Rename struct {
	Kind string // "article", "category" or "page"
	ID   int64
	Old  string
	New  string
}

// Result is the outcome of merging one source.
type Result struct {
	From, Into string // site keys
	// Already: the source had been merged into the target before; nothing
	// was done.
	Already bool
	// Before and After count the source and the target around the merge.
	Before, After struct{ From, Into Counts }
	Category      struct {
		ID      int64
		Name    string
		Slug    string
		Created bool
	}
	Renamed []Rename
	// SourceURLsCleared counts the articles whose import address
	// (source_url) the target already had for another article: it is
	// dropped from the moved article, whose own addresses stay.
	SourceURLsCleared int
	Redirects         int // entries written to the redirect table
}

// Plan is one source to merge, as the store needs it.
type Plan struct {
	From, Into content.Site
	// Category is the target's top category to put the source under:
	// found by name, else created (hidden from the navigation) with Slug
	// or, when taken, Rename(Slug, n).
	CategoryName, CategorySlug string
	// Rename is the n-th (from 1) candidate for a slug taken on the
	// target: deterministic, so that a merge done again names the same.
	Rename func(slug string, n int) string
	// Redirects are the entries for what moved.
	Redirects func(m *Moved) ([]redirect.Entry, error)
	// Audit is the audit entry of the merge, with its counts.
	Audit func(r *Result) *audit.Entry
}

// Store merges in its transactions.
type Store interface {
	FindSites(ctx context.Context) ([]content.Site, error)
	// SiteCounts counts what site id holds.
	SiteCounts(ctx context.Context, id int64) (Counts, error)
	// MergeSites merges each plan in a transaction of its own, in order,
	// calling done after each commit; with dry, every plan runs in one
	// transaction that is rolled back at the end (done is called for each
	// all the same, with what would be).
	MergeSites(ctx context.Context, plans []Plan, dry bool, done func(Result) error) error
}

// ErrChanged: a site changed state while it was being merged (another
// merge ran at the same time).
var ErrChanged = apperr.New(apperr.Conflict, "Một trang vừa được thay đổi trong lúc sáp nhập; không có gì bị thay đổi ở trang này. Vui lòng chạy lại lệnh.")

// Request is a merge as the command line or the platform area asks it.
type Request struct {
	From     []string // keys of the sources
	Into     string   // key of the target
	Category string   // the target's category for every source; "" for "Lưu trữ <source name>"
	DryRun   bool
	Actor    audit.Entry // who asks (actor, IP): the template of the audit entries
}

// Service checks and runs merges.
type Service struct{ store Store }

// New returns the merge service over store.
func New(store Store) *Service { return &Service{store: store} }

func invalid(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// Check reads the sites of req and returns the plans of the sources still
// to merge and the keys of those already merged into the target; bad
// input is an Invalid, NotFound or Conflict error saying what is wrong.
func (s *Service) Check(ctx context.Context, req Request) (plans []Plan, already []string, err error) {
	sites, err := s.store.FindSites(ctx)
	if err != nil {
		return nil, nil, err
	}
	byKey, byID := map[string]*content.Site{}, map[int64]*content.Site{}
	for i := range sites {
		byKey[sites[i].Key], byID[sites[i].ID] = &sites[i], &sites[i]
	}
	find := func(field, key string) (*content.Site, error) {
		if site := byKey[strings.ToLower(strings.TrimSpace(key))]; site != nil {
			return site, nil
		}
		msg := fmt.Sprintf("Không có trang nào có mã %q.", key)
		return nil, &apperr.Error{Code: apperr.NotFound, Message: msg, Fields: map[string]string{field: msg}}
	}
	if len(req.From) == 0 || strings.TrimSpace(req.Into) == "" {
		return nil, nil, invalid("from", "Cần nêu trang nguồn (--from A,B,…) và trang nhận (--into X).")
	}
	into, err := find("into", req.Into)
	if err != nil {
		return nil, nil, err
	}
	if err := checkTarget(into, byID); err != nil {
		return nil, nil, err
	}
	name := strings.TrimSpace(req.Category)
	if name != "" && vi.Slug(name) == "" {
		return nil, nil, invalid("category", fmt.Sprintf("Tên chuyên mục %q không dùng được: cần có chữ hoặc số.", name))
	}
	if len([]rune(name)) > content.MaxName {
		return nil, nil, invalid("category", "Tên chuyên mục quá dài.")
	}
	seen := map[int64]bool{}
	for _, key := range req.From {
		from, err := find("from", key)
		if err != nil {
			return nil, nil, err
		}
		if seen[from.ID] {
			continue
		}
		seen[from.ID] = true
		switch err := checkSource(from, into, byID); {
		case err == errAlready:
			already = append(already, from.Key)
			continue
		case err != nil:
			return nil, nil, err
		}
		plans = append(plans, s.plan(*from, *into, name, req.Actor))
	}
	return plans, already, nil
}

var errAlready = apperr.New(apperr.Conflict, "already merged")

func checkTarget(into *content.Site, byID map[int64]*content.Site) error {
	switch into.State {
	case content.StateArchived:
		return invalid("into", fmt.Sprintf("Không thể sáp nhập vào trang %q: trang này đã chuyển sang lưu trữ. Chọn trang đang hoạt động.", into.Key))
	case content.StateMerged:
		return invalid("into", fmt.Sprintf("Không thể sáp nhập vào trang %q: trang này đã sáp nhập vào trang %q. Chọn trang đang hoạt động.", into.Key, content.SiteRef(byID, into.MergedIntoID)))
	}
	return nil
}

func checkSource(from, into *content.Site, byID map[int64]*content.Site) error {
	if from.ID == into.ID {
		return invalid("from", fmt.Sprintf("Trang %q vừa là trang nguồn vừa là trang nhận: không thể sáp nhập một trang vào chính nó.", from.Key))
	}
	if from.State == content.StateMerged {
		if from.MergedIntoID == into.ID {
			return errAlready
		}
		return &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("Trang %q đã sáp nhập vào trang %q trước đó.", from.Key, content.SiteRef(byID, from.MergedIntoID))}
	}
	// A source above the target: the target would sit below a site merged
	// into itself. The operator says where it goes first.
	for p, n := byID[into.ParentID], 0; p != nil && n <= len(byID); p, n = byID[p.ParentID], n+1 {
		if p.ID == from.ID {
			return invalid("from", fmt.Sprintf("Trang %q là cấp trên của trang nhận %q: đổi cấp trên của %q trước (trangtin site set %s --parent MÃ hoặc --no-parent), rồi sáp nhập.", from.Key, into.Key, into.Key, into.Key))
		}
	}
	return nil
}

// ArchiveName is the default category of a source: "Lưu trữ <name>",
// within the length of a category name.
func ArchiveName(sourceName string) string {
	n := []rune("Lưu trữ " + strings.TrimSpace(sourceName))
	if len(n) > content.MaxName {
		n = n[:content.MaxName]
	}
	return strings.TrimSpace(string(n))
}

func (s *Service) plan(from, into content.Site, category string, actor audit.Entry) Plan {
	if category == "" {
		category = ArchiveName(from.Name)
	}
	p := Plan{From: from, Into: into, CategoryName: category, CategorySlug: vi.Slug(category)}
	p.Rename = func(slug string, n int) string { return RenameSlug(slug, from.Key, n) }
	p.Redirects = func(m *Moved) ([]redirect.Entry, error) { return Addresses(from, into, m) }
	p.Audit = func(r *Result) *audit.Entry { return auditEntry(actor, from, into, r) }
	return p
}

// RenameSlug is the n-th candidate (from 1) for slug when the target
// already has it: slug-KEY, then slug-KEY-2, …, cut so that it stays a
// slug vi.Slug leaves as it is.
func RenameSlug(slug, key string, n int) string {
	suffix := "-" + key
	if n > 1 {
		suffix += "-" + strconv.Itoa(n)
	}
	base := slug
	for {
		c := strings.TrimRight(base, "-") + suffix
		if vi.Slug(c) == c || base == "" {
			return c
		}
		base = base[:len(base)-1]
	}
}

// maxAuditRenames bounds the renames listed in the audit entry; the
// redirect table holds every one.
const maxAuditRenames = 200

func auditEntry(actor audit.Entry, from, into content.Site, r *Result) *audit.Entry {
	e := actor
	e.SiteID, e.Action, e.Object = into.ID, "site.merge", "site:"+strconv.FormatInt(from.ID, 10)
	d := map[string]string{"from": from.Key, "into": into.Key, "category": r.Category.Slug,
		"redirects": strconv.Itoa(r.Redirects), "renamed": strconv.Itoa(len(r.Renamed))}
	for _, f := range r.Before.From.Fields() {
		d["moved_"+f[0]] = f[1]
	}
	for _, f := range r.After.Into.Fields() {
		d["into_"+f[0]] = f[1]
	}
	var names []string
	for i, rn := range r.Renamed {
		if i == maxAuditRenames {
			names = append(names, fmt.Sprintf("… (+%d)", len(r.Renamed)-i))
			break
		}
		names = append(names, rn.Kind+":"+rn.Old+"→"+rn.New)
	}
	if len(names) > 0 {
		d["renames"] = strings.Join(names, " ")
	}
	if r.SourceURLsCleared > 0 {
		d["source_urls_cleared"] = strconv.Itoa(r.SourceURLsCleared)
	}
	e.Detail = d
	return &e
}

// Outcome is what Merge did: the results of the sources merged (or, with
// DryRun, that would be) and the keys of those merged before.
type Outcome struct {
	Results []Result
	Already []string
}

// Merge checks req and merges its sources in order, each in a transaction
// of its own; done (may be nil) is called after each source. On an error
// the sources done before it stay merged and the rest untouched: running
// the same merge again continues.
func (s *Service) Merge(ctx context.Context, req Request, done func(Result)) (Outcome, error) {
	plans, already, err := s.Check(ctx, req)
	out := Outcome{Already: already}
	if err != nil || len(plans) == 0 {
		return out, err
	}
	err = s.store.MergeSites(ctx, plans, req.DryRun, func(r Result) error {
		out.Results = append(out.Results, r)
		if done != nil {
			done(r)
		}
		return nil
	})
	return out, err
}

// Counts counts what the site id holds.
func (s *Service) Counts(ctx context.Context, id int64) (Counts, error) {
	return s.store.SiteCounts(ctx, id)
}
