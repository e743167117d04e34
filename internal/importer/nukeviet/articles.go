package nukeviet

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// Articles are imported a page of the source at a time (articlePage, 500):
// the page's articles are prepared side by side (texts converted and
// sanitised, pictures brought into the library), looked up and given
// their slugs with a few queries for the whole page, then written with
// their search entries and old addresses in one transaction. A page is
// thus whole or absent after a kill, and a second run finds each article
// again by its source address (Article.SourceURL), the identity its
// redirect entries are written with.

// pageArticle is an article of a page on its way in.
type pageArticle struct {
	na      Article
	source  string
	a       *content.Article
	old     content.Article // zero when new
	notes   notes           // what preparing it reported, replayed in order
	skip    string          // why it is skipped ("" when not)
	entries []redirect.Entry
	same    bool // unchanged since the last run: not written again
	// search is a's search entry, extracted and folded while preparing
	// (on the preparing goroutines), not in the write transaction.
	search *content.SearchEntry
}

func (im *run) importArticles(ctx context.Context) error {
	var err error
	im.featured, _, err = im.src.Featured(ctx)
	if err != nil {
		return err
	}
	total, done := 0, 0
	if err := im.src.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+im.src.table("%s_news_rows")).Scan(&total); err != nil {
		return err
	}
	if im.p != nil {
		im.p.SetTotal(total)
	}
	// A page is read and prepared while the one before it is written:
	// the writing (one transaction, the search entries) is one goroutine's
	// work at a time, the preparing is spread over the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []*pageArticle, 1)
	var readErr error
	go func() {
		defer close(pages)
		readErr = im.src.Articles(ctx, func(page []Article) error {
			items, err := im.preparePage(ctx, page)
			if err != nil {
				return err
			}
			select {
			case pages <- items:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for items := range pages {
		if err = ctx.Err(); err == nil {
			err = im.writePage(ctx, items)
		}
		if err == nil {
			err = im.flushFiles(ctx)
		}
		if err != nil {
			cancel()
			for range pages { // the reader stops at its next page
			}
			break
		}
		done += len(items)
		if im.p != nil {
			im.p.Show(done, im.r)
		}
	}
	if err == nil {
		err = readErr // the reader is done: pages is closed
	}
	if im.p != nil {
		im.p.Clear()
	}
	return err
}

// preparePage reads what an earlier run made of a page's articles and
// prepares them (while the page before is written).
func (im *run) preparePage(ctx context.Context, page []Article) ([]*pageArticle, error) {
	items := make([]*pageArticle, len(page))
	urls := make([]string, 0, len(page))
	for i, na := range page {
		items[i] = &pageArticle{na: na, source: im.src.Identity("%s_news_rows", na.ID)}
		urls = append(urls, im.src.SourceURL(na.ID))
	}
	existing, err := im.t.Store.FindArticlesBySourceURL(ctx, im.t.Site.ID, urls)
	if err != nil {
		return nil, err
	}
	// Prepare side by side: converting, sanitising and above all the
	// pictures (decoded, resized, written to disk) are most of the work.
	// The pictures' records are still created in the order of the
	// articles (the turnstile), so a run gives each the same id as any
	// other run would.
	work := make(chan int)
	var wg sync.WaitGroup
	var failMu sync.Mutex
	var fail error
	ts := newTurnstile()
	for range prepWorkers() {
		wg.Go(func() {
			for i := range work {
				err := im.prepareArticle(context.WithValue(ctx, turnKey{}, turnOf{ts, i}), items[i], existing)
				if err != nil {
					failMu.Lock()
					if fail == nil {
						fail = err
					}
					failMu.Unlock()
					ts.abort()
				}
				ts.done(i)
			}
		})
	}
	for i := range items {
		work <- i
	}
	close(work)
	wg.Wait()
	return items, fail
}

// writePage gives a prepared page's new articles their slugs and writes
// the page in one transaction, then reports each article.
func (im *run) writePage(ctx context.Context, items []*pageArticle) error {
	if im.t.DryRun {
		for _, it := range items {
			it.notes.replay(im.r)
			if it.skip != "" {
				im.r.Skipped(KindArticle, it.source, it.skip)
			} else {
				im.outcome(KindArticle, it.source, it.a.Slug, it.old.ID == 0)
			}
		}
		return nil
	}
	if err := im.freeSlugs(ctx, items); err != nil {
		return err
	}
	var write []*content.Article
	var pre []*content.SearchEntry
	var entries []redirect.Entry
	for _, it := range items {
		if it.skip != "" {
			continue
		}
		it.entries = im.articleEntries(it)
		entries = append(entries, it.entries...)
		it.same = it.old.ID != 0 && sameArticle(it.old, *it.a)
		if !it.same {
			write = append(write, it.a)
			pre = append(pre, it.search)
		}
	}
	if len(write) > 0 || len(entries) > 0 {
		err := im.t.Store.ImportArticles(ctx, write, entries, pre...)
		if err != nil && isAboutRecord(err) {
			// One article the store refuses (a slug taken meanwhile by
			// another writer …): one transaction each, to tell which.
			return im.writeOneByOne(ctx, items)
		}
		if err != nil {
			return err
		}
		im.count(len(entries))
		im.t.Content.NotifyChanged(im.t.Site.ID)
	}
	for _, it := range items {
		im.finish(it)
	}
	return nil
}

// isAboutRecord: err is a record's problem (invalid, conflicting), not the
// store's failure.
func isAboutRecord(err error) bool {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.TooLarge:
		return true
	}
	return errors.Is(err, content.ErrSlugTaken)
}

// writeOneByOne writes a page's articles each in a transaction of its own,
// skipping the ones the store refuses.
func (im *run) writeOneByOne(ctx context.Context, items []*pageArticle) error {
	for _, it := range items {
		if it.skip == "" && !it.same {
			if err := im.t.Store.ImportArticles(ctx, []*content.Article{it.a}, it.entries, it.search); err != nil {
				if !isAboutRecord(err) {
					return err
				}
				if errors.Is(err, content.ErrSlugTaken) {
					it.skip = fmt.Sprintf("đường dẫn /tin-tuc/%s đã có bài khác dùng", it.a.Slug)
				} else {
					it.skip = describe(err)
				}
			}
		} else if it.skip == "" && len(it.entries) > 0 {
			if err := im.t.Store.PutRedirects(ctx, it.entries); err != nil {
				return err
			}
		}
		if it.skip == "" {
			im.count(len(it.entries))
		}
	}
	im.t.Content.NotifyChanged(im.t.Site.ID)
	for _, it := range items {
		im.finish(it)
	}
	return nil
}

// finish reports what became of it, after what preparing it reported.
func (im *run) finish(it *pageArticle) {
	it.notes.replay(im.r)
	if it.skip != "" {
		im.r.Skipped(KindArticle, it.source, it.skip)
		return
	}
	im.outcome(KindArticle, it.source, content.ArticlePath(it.a.Slug), it.old.ID == 0)
}

func (im *run) count(entries int) {
	if entries > 0 {
		im.r.Count("địa chỉ cũ chuyển hướng 301", entries)
	}
}

// prepWorkers is how many articles are prepared at once: one a processor,
// and one more to work while another waits for the disk.
func prepWorkers() int { return runtime.GOMAXPROCS(0) + 1 }

// prepareArticle makes it.a from the source row, or sets it.skip.
func (im *run) prepareArticle(ctx context.Context, it *pageArticle, existing map[string]content.Article) error {
	na, source := it.na, it.source
	switch {
	case na.Bad != "":
		it.skip = na.Bad
		return nil
	case !na.HasDetail:
		it.skip = "không có nội dung (thiếu dòng trong bảng " + im.src.table("%s_news_detail") + ")"
		return nil
	}
	catID, ok := im.cats[na.CatID]
	if !ok {
		it.skip = fmt.Sprintf("chuyên mục %d không có hoặc không nhập được", na.CatID)
		return nil
	}
	w := &it.notes
	im.clean(w, []*string{&na.Title, &na.Hometext, &na.Body}, &na.Author, &na.ImageAlt)
	na.Source = importer.FromLegacy(importer.DetectLegacy(na.Source), na.Source) // a row of the sources table
	url := im.src.SourceURL(na.ID)
	it.old = existing[url]
	a := it.old
	if it.old.ID == 0 {
		a = content.Article{SiteID: im.t.Site.ID, SourceURL: url, Slug: slugOf(na.Alias, na.Title)}
	}
	a.CategoryID, a.Title, a.Summary, a.Author, a.Unit = catID, na.Title, plain(na.Hometext), na.Author, na.Source
	a.Status, a.WithdrawnReason = statusOf(na, im.t.Now().Unix())
	a.PublishedAt, a.Featured, a.OwnerID = unixTime(na.Publ), im.featured[na.ID], im.users[na.AdminID]
	it.a = &a
	if na.Exp > 0 && a.Status != content.StatusWithdrawn {
		w.Warn(KindArticle, source, "hết hạn đăng ngày "+vi.LocalDate(unixTime(na.Exp))+" trên trang cũ: trangtin không tự gỡ bài, cần gỡ bằng tay")
	}
	if na.Files != "" {
		w.Warn(KindArticle, source, "tệp đính kèm của bài viết không được nhập (trangtin chỉ công khai tệp đính kèm của văn bản): "+na.Files)
	}
	if im.t.DryRun {
		if a.Title == "" {
			it.skip = "thiếu tiêu đề"
		}
		return nil
	}
	a.Body = importer.DropEmptyParagraphs(content.SanitizeHTML(im.rewriteImages(ctx, w, source, na.Body)))
	a.Photo = content.Photo{}
	if na.Image != "" {
		a.Photo = im.articlePhoto(ctx, w, source, na)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := im.t.Content.PrepareArticle(ctx, it.a); err != nil {
		if !isAboutRecord(err) {
			return err
		}
		it.skip = describe(err)
		return nil
	}
	if it.old.ID == 0 || !sameArticle(it.old, *it.a) {
		it.search = content.NewSearchEntry(it.a)
	}
	return nil
}

// freeSlugs gives each new article of a page a slug no other article of
// the site holds, nor another of the page: its alias, else the alias
// numbered (-2, -3 …), as content.Service.FreeSlug would, with a query
// for the whole page at each number.
func (im *run) freeSlugs(ctx context.Context, items []*pageArticle) error {
	claimed := map[string]bool{}
	var need []*pageArticle
	for _, it := range items {
		if it.skip != "" {
			continue
		}
		if it.old.ID != 0 {
			claimed[it.a.Slug] = true
			continue
		}
		if it.a.Slug == "" {
			it.a.Slug = vi.Slug(it.a.Title)
		}
		if it.a.Slug == "" {
			it.a.Slug = "bai-viet"
		}
		need = append(need, it)
	}
	base := make(map[*pageArticle]string, len(need))
	for _, it := range need {
		base[it] = it.a.Slug
	}
	for n := 1; len(need) > 0; n++ {
		if n > 1000 {
			for _, it := range need {
				it.skip = "không tạo được đường dẫn riêng cho bài viết"
			}
			return nil
		}
		slugs := make([]string, len(need))
		for i, it := range need {
			slugs[i] = vi.NumberedSlug(base[it], n)
		}
		owners, err := im.t.Store.ArticleSlugOwners(ctx, im.t.Site.ID, slugs)
		if err != nil {
			return err
		}
		var again []*pageArticle
		for i, it := range need {
			if _, taken := owners[slugs[i]]; taken || claimed[slugs[i]] {
				again = append(again, it)
				continue
			}
			claimed[slugs[i]] = true
			it.a.Slug = slugs[i]
		}
		need = again
	}
	return nil
}

// articleEntries are the old addresses of a public (or once public)
// article.
func (im *run) articleEntries(it *pageArticle) []redirect.Entry {
	switch it.a.Status {
	case content.StatusPublished, content.StatusScheduled, content.StatusWithdrawn:
	default:
		return nil
	}
	op := fmt.Sprintf("%s/%s-%d", im.catAlias[it.na.CatID], it.na.Alias, it.na.ID)
	e, err := im.entries(it.source, content.ArticlePath(it.a.Slug), im.oldAddrs(im.news, op, ".html"))
	if err != nil {
		it.notes.Warn(KindArticle, it.source, err.Error())
	}
	return e
}

// sameArticle: what an import writes of a is what old already holds.
func sameArticle(old, a content.Article) bool {
	return old.Title == a.Title && old.Slug == a.Slug && old.Summary == a.Summary && old.Body == a.Body &&
		old.Author == a.Author && old.Unit == a.Unit && old.Status == a.Status && old.CategoryID == a.CategoryID &&
		old.Featured == a.Featured && old.Photo == a.Photo && old.PublishedAt.Equal(a.PublishedAt) &&
		old.OwnerID == a.OwnerID && old.WithdrawnReason == a.WithdrawnReason && old.SourceURL == a.SourceURL
}

// reporter is where preparing a record reports: the run's report, or the
// notes of one record prepared beside others.
type reporter interface {
	Warn(kind, source, reason string)
	Count(name string, n int)
}

// notes keep what preparing one record reported, to be replayed into the
// report in the order of the records.
type notes struct {
	warnings []importer.Entry
	counts   []counted
}

type counted struct {
	name string
	n    int
}

func (n *notes) Warn(kind, source, reason string) {
	n.warnings = append(n.warnings, importer.Entry{Kind: kind, Source: source, Outcome: importer.Warning, Reason: reason})
}

func (n *notes) Count(name string, k int) { n.counts = append(n.counts, counted{name, k}) }

func (n *notes) replay(r *importer.Report) {
	for _, c := range n.counts {
		r.Count(c.name, c.n)
	}
	for _, e := range n.warnings {
		r.Add(e)
	}
	*n = notes{}
}

// turnstile lets the records of a page's pictures be created in the order
// of its articles while the articles are prepared side by side: the
// article i creates its pictures' records once every article before it is
// prepared.
type turnstile struct {
	mu       sync.Mutex
	cond     *sync.Cond
	next     int // every article before it is done
	finished map[int]bool
	aborted  bool
}

func newTurnstile() *turnstile {
	t := &turnstile{finished: map[int]bool{}}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// wait returns once every article before i is prepared (or the page was
// given up).
func (t *turnstile) wait(i int) {
	t.mu.Lock()
	for t.next < i && !t.aborted {
		t.cond.Wait()
	}
	t.mu.Unlock()
}

// done records that article i is prepared.
func (t *turnstile) done(i int) {
	t.mu.Lock()
	t.finished[i] = true
	for t.finished[t.next] {
		delete(t.finished, t.next)
		t.next++
	}
	t.mu.Unlock()
	t.cond.Broadcast()
}

// abort releases every waiter: the page is given up.
func (t *turnstile) abort() {
	t.mu.Lock()
	t.aborted = true
	t.mu.Unlock()
	t.cond.Broadcast()
}

type turnKey struct{}

type turnOf struct {
	ts *turnstile
	i  int
}

// orderedRecords is the media library's record store of an import: a
// record made while an article of a page is prepared waits for its turn.
type orderedRecords struct {
	media.RecordStore
}

func (o orderedRecords) CreateMedia(ctx context.Context, it *media.Item, a *audit.Entry) error {
	if t, ok := ctx.Value(turnKey{}).(turnOf); ok {
		t.ts.wait(t.i)
	}
	return o.RecordStore.CreateMedia(ctx, it, a)
}
