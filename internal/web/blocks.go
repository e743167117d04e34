package web

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/question"
	"trangtin/internal/schedule"
	"trangtin/internal/vi"
)

// The blocks a site administrator arranges in /quan-tri/trang-chu: those
// of the home page's main column and those of the right-hand column, which
// every cached content page (home, article, category, static and Giới
// thiệu pages) shows beside its content on a desktop and below it on a
// phone. Each block costs at most one or two bounded queries on an
// uncached page; the configured list itself is read with the layout's
// furniture (layoutReads), once per change of the site.

// HomeSection is one block of the home page or of the right column, in
// the configured order.
type HomeSection struct {
	// Kind picks the template: "featured", "latest", "blocks" (category
	// blocks side by side), "links", "notices", "documents", "schedule",
	// "questions", "image", "photos", "video" or "visits".
	Kind    string
	ID      string // the heading's id, unique in the page
	Title   string
	MoreURL string // the "Xem thêm" link; "" for none
	// Lead is the featured block's lead story (shown large with its
	// photo); Articles the rest.
	Lead      *content.Article
	Articles  []content.Article
	Blocks    []CategoryBlock
	Links     []LinkItem
	Documents []BlockDocument
	Days      []BlockDay
	Questions []BlockQuestion
	Image     *ImageBanner
	Visits    *VisitFigures
}

// BlockDocument is a document of the "Văn bản mới" block.
type BlockDocument struct {
	URL, Number, Abstract string
	IssuedOn              string // "dd/mm/yyyy"; "" when unknown
	IssuedISO             string
}

// BlockDay is a day of the week's schedule with its entries.
type BlockDay struct {
	Label   string // "Thứ hai, 07/12"
	ISO     string
	Today   bool
	Entries []BlockEntry
}

// BlockEntry is one line of the schedule block.
type BlockEntry struct {
	When    string // "Sáng 08:00"
	Leader  string
	Content string
}

// BlockQuestion is a question of the "Hỏi đáp" block.
type BlockQuestion struct {
	URL, Subject string
	PublishedAt  time.Time
}

// ImageBanner is a picture that is a link ("Dịch vụ công trực tuyến").
// A "video" section has one too: URL is the video's MP4 address, Photo
// its poster, Alt what it shows.
type ImageBanner struct {
	URL, Alt string
	External bool
	Photo    content.Photo
}

// Content areas the blocks may show besides the layout (see deps).
const (
	depQuestions deps = 1 << (iota + 4) // published citizens' questions
	depDay                              // this week's schedule from today on: the stamp carries the day
	depHome                             // the page shows the home's main blocks (not an area)
	depArticle                          // the page shows one article (not an area: see pageStamp)
)

// blockDeps are the areas the blocks of each column show.
type blockDeps struct{ main, side deps }

// depsOfBlocks are the areas the blocks bs show; tree (nil: unknown) are
// the site's categories: a "Thông báo" block without its category shows
// nothing, so publishing an article does not make the pages showing it
// stale.
func depsOfBlocks(bs []content.HomeBlock, tree *content.Tree) blockDeps {
	var d blockDeps
	for _, b := range bs {
		var k deps
		switch b.Kind {
		case content.BlockFeatured, content.BlockLatest, content.BlockCategory, content.BlockAllCats,
			content.BlockProvince, content.BlockPhotos:
			k = depArticles
		case content.BlockNotices:
			if _, ok := noticesCategory(tree, b); ok || tree == nil {
				k = depArticles
			}
		case content.BlockDocuments:
			k = depDocuments
		case content.BlockSchedule:
			k = depSchedule | depDay
		case content.BlockQuestions:
			k = depQuestions
		}
		if b.Column == content.ColumnSide {
			d.side |= k
		} else {
			d.main |= k
		}
	}
	return d
}

// defaultDeps are the areas of the default blocks, for a server without
// configured furniture.
var defaultDeps = depsOfBlocks(withProvinceBlock(content.DefaultHomeBlocks()), nil)

// pageDeps adds to d, the areas a cached page shows itself, those its
// blocks show: the right column's, and the main column's on the home
// page (depHome).
func (s *Server) pageDeps(ctx context.Context, site *content.Site, d deps) (deps, error) {
	bd := defaultDeps
	if s.furn != nil {
		// The hit path: the reads of this version are usually there.
		if v, ok := s.layoutCache.Load(site.ID); ok && v.(*layoutReads).version == site.Versions.Site {
			bd = v.(*layoutReads).deps
		} else {
			f, err := s.layoutFurniture(ctx, *site)
			if err != nil {
				return d, err
			}
			bd = f.deps
		}
	}
	d |= bd.side
	if d&depHome != 0 {
		d |= bd.main
	}
	return d, nil
}

// pageStamp is the version a cached page of site with deps d is valid
// for; article is the article the page shows (0: none), whose own edits
// (its body) make this page stale and no other. Every term only grows,
// so the sum changes exactly when one of them does.
func (s *Server) pageStamp(site *content.Site, d deps, article int64) int64 {
	v := d.stamp(site)
	if article != 0 {
		v += site.PageMark(article)
	}
	if d&depDay != 0 {
		// The day's number only grows, like the counters it is added to.
		v += s.dayNum.index(s.eng.clock())
	}
	return v
}

// dayNumber remembers the number of the current day in Vietnam until the
// day ends, so that a cache hit reads the clock but does no calendar
// arithmetic.
type dayNumber struct{ span atomic.Pointer[daySpan] }

// daySpan is a day: its number since 1 January 1970 and its Unix seconds
// [from, until).
type daySpan struct{ from, until, n int64 }

func (c *dayNumber) index(now time.Time) int64 {
	sec := now.Unix()
	if sp := c.span.Load(); sp != nil && sec >= sp.from && sec < sp.until {
		return sp.n
	}
	n := vi.DayOf(now).Midnight().Unix() / 86400
	// Midnight in Vietnam (UTC+7 all year) is 17:00 UTC the day before.
	from := n*86400 - 7*3600
	c.span.Store(&daySpan{from: from, until: from + 86400, n: n})
	return n
}

// blocksOf returns the site's blocks and, when the layout's reads have
// them, its categories (nil: read them on need).
func (s *Server) blocksOf(ctx context.Context, site content.Site) ([]content.HomeBlock, *content.Tree, error) {
	if s.furn == nil {
		return withProvinceBlock(content.DefaultHomeBlocks()), nil, nil
	}
	f, err := s.layoutFurniture(ctx, site)
	if err != nil {
		return nil, nil, err
	}
	return f.blocks, f.tree, nil
}

// homeSections builds the home page's main column from the site's blocks
// (the default layout when none are configured).
func (s *Server) homeSections(ctx context.Context, site content.Site, l *Layout) ([]HomeSection, error) {
	return s.sections(ctx, site, l, content.ColumnMain)
}

// sections builds the sections of one column.
func (s *Server) sections(ctx context.Context, site content.Site, l *Layout, column string) ([]HomeSection, error) {
	blocks, tree, err := s.blocksOf(ctx, site)
	if err != nil {
		return nil, err
	}
	h := &homeBuilder{s: s, ctx: ctx, site: site, l: l, ids: l.blockIDs, tree: tree}
	if column == content.ColumnSide {
		h.prefix = "cot-"
	}
	if h.ids == nil {
		h.ids = map[string]int{}
		l.blockIDs = h.ids
	}
	for _, b := range blocks {
		if b.Column != column {
			continue
		}
		if err := h.add(b); err != nil {
			return nil, err
		}
	}
	return h.out, nil
}

// homeBuilder gathers the sections of a column.
type homeBuilder struct {
	s    *Server
	ctx  context.Context
	site content.Site
	l    *Layout
	tree *content.Tree  // the categories, read on first need
	ids  map[string]int // the anchors given so far in the page, to keep them unique
	out  []HomeSection
	// prefix starts the anchors of the right column's headings, apart
	// from the content's.
	prefix string
}

func (h *homeBuilder) add(b content.HomeBlock) error {
	s, ctx, site := h.s, h.ctx, h.site
	on := func(path string) bool { return s.sites.Modules(site.ID).PathOn(path) }
	switch b.Kind {
	case content.BlockFeatured:
		as, err := s.svc.FeaturedArticles(ctx, site.ID, b.Count)
		if err != nil {
			return err
		}
		if len(as) == 0 {
			// No article marked featured yet: the newest lead the page.
			if as, err = s.svc.PublicArticles(ctx, site.ID, nil, 0, b.Count, 0); err != nil {
				return err
			}
		}
		if len(as) > 0 {
			sec := HomeSection{Kind: "featured", ID: h.uniqueID("tin-noi-bat"), Title: or(b.Title, "Tin nổi bật")}
			sec.Lead, sec.Articles = leadOf(as)
			h.out = append(h.out, sec)
		}
	case content.BlockLatest:
		as, err := s.svc.PublicArticles(ctx, site.ID, nil, 0, b.Count, 0)
		if err != nil {
			return err
		}
		h.out = append(h.out, HomeSection{Kind: "latest", ID: h.uniqueID("tin-moi"), Title: or(b.Title, "Tin mới nhất"), Articles: as})
	case content.BlockCategory, content.BlockAllCats:
		return h.categoryBlocks(b)
	case content.BlockNotices:
		return h.notices(b)
	case content.BlockProvince:
		return s.provinceBlock(ctx, site, b, h)
	case content.BlockBanners:
		if len(h.l.Links) > 0 {
			h.out = append(h.out, HomeSection{Kind: "links", ID: h.uniqueID("lien-ket"), Title: or(b.Title, "Liên kết website"), Links: h.l.Links})
			h.l.LinksShown = true
		}
	case content.BlockVideo:
		if b.Image.ID != 0 && b.Video != "" {
			h.out = append(h.out, HomeSection{Kind: "video", ID: h.uniqueID("video"), Title: or(b.Title, "Video"),
				Image: &ImageBanner{URL: b.Video, Alt: b.Alt, Photo: b.Image}})
		}
	case content.BlockImage:
		if b.Image.ID != 0 {
			h.out = append(h.out, HomeSection{Kind: "image", Image: &ImageBanner{URL: b.URL, Alt: b.Alt, Photo: b.Image, External: !strings.HasPrefix(b.URL, "/")}})
		}
	case content.BlockDocuments:
		if s.docs == nil || !on(pathDocuments) {
			return nil
		}
		return h.documents(b)
	case content.BlockSchedule:
		if s.eng.schedule == nil || !on(pathSchedule) {
			return nil
		}
		return h.schedule(b)
	case content.BlockQuestions:
		if s.qa.questions == nil || !on("/hoi-dap") {
			return nil
		}
		return h.questions(b)
	case content.BlockPhotos:
		return h.photos(b)
	case content.BlockVisits:
		if h.l.Visits != nil {
			// Shown here rather than in the footer.
			h.out = append(h.out, HomeSection{Kind: "visits", ID: h.uniqueID("luot-truy-cap"), Title: or(b.Title, "Lượt truy cập"), Visits: h.l.Visits})
			h.l.Visits = nil
		}
	}
	return nil
}

// documents adds the newest documents of the register.
func (h *homeBuilder) documents(b content.HomeBlock) error {
	docs, err := h.s.docs.Store().FindDocuments(h.ctx, document.Filter{SiteID: h.site.ID, Status: document.StatusPublished, Limit: b.Count})
	if err != nil {
		return err
	}
	sec := HomeSection{Kind: "documents", ID: h.uniqueID("van-ban-moi"), Title: or(b.Title, "Văn bản mới"), MoreURL: pathDocuments}
	for _, d := range docs {
		bd := BlockDocument{URL: d.Path(), Number: d.Number, Abstract: d.Abstract}
		if !d.IssuedOn.IsZero() {
			bd.IssuedOn, bd.IssuedISO = d.IssuedOn.Numeric(), d.IssuedOn.String()
		}
		sec.Documents = append(sec.Documents, bd)
	}
	if len(sec.Documents) > 0 {
		h.out = append(h.out, sec)
	}
	return nil
}

// questions adds the citizens' questions answered and published last;
// empty, the block still offers to ask one.
func (h *homeBuilder) questions(b content.HomeBlock) error {
	qs, _, err := h.s.qa.questions.Store().FindQuestions(h.ctx, question.Filter{SiteID: h.site.ID, Statuses: []question.Status{question.StatusPublished}, Limit: b.Count})
	if err != nil {
		return err
	}
	sec := HomeSection{Kind: "questions", ID: h.uniqueID("hoi-dap"), Title: or(b.Title, "Hỏi đáp"), MoreURL: "/hoi-dap"}
	for _, q := range qs {
		sec.Questions = append(sec.Questions, BlockQuestion{URL: question.Path(q.ID), Subject: q.Subject, PublishedAt: q.PublishedAt})
	}
	h.out = append(h.out, sec)
	return nil
}

// photos adds the newest articles with a photo, among a bounded number of
// the newest.
func (h *homeBuilder) photos(b content.HomeBlock) error {
	as, err := h.s.svc.PublicArticles(h.ctx, h.site.ID, nil, 0, min(3*b.Count, 60), 0)
	if err != nil {
		return err
	}
	sec := HomeSection{Kind: "photos", ID: h.uniqueID("anh-hoat-dong"), Title: or(b.Title, "Ảnh hoạt động")}
	for _, a := range as {
		if a.Photo.ID != 0 && len(sec.Articles) < b.Count {
			sec.Articles = append(sec.Articles, a)
		}
	}
	if len(sec.Articles) > 0 {
		h.out = append(h.out, sec)
	}
	return nil
}

// leadOf picks the lead story, the first article with a photo (else the
// first), and returns the others in order.
func leadOf(as []content.Article) (*content.Article, []content.Article) {
	i := 0
	for j, a := range as {
		if a.Photo.ID != 0 {
			i = j
			break
		}
	}
	lead := as[i]
	rest := make([]content.Article, 0, len(as)-1)
	rest = append(append(rest, as[:i]...), as[i+1:]...)
	return &lead, rest
}

func (h *homeBuilder) categories() (*content.Tree, error) {
	if h.tree == nil {
		cats, err := h.s.svc.Store().FindCategories(h.ctx, h.site.ID)
		if err != nil {
			return nil, err
		}
		h.tree = content.NewTree(cats)
	}
	return h.tree, nil
}

// uniqueID is base, or base-2, base-3… when base is taken.
func (h *homeBuilder) uniqueID(base string) string {
	base = h.prefix + base
	h.ids[base]++
	if n := h.ids[base]; n > 1 {
		return base + "-" + strconv.Itoa(n)
	}
	return base
}

// categoryBlocks adds the block of one category, or of every root
// category; a category since removed adds nothing.
func (h *homeBuilder) categoryBlocks(b content.HomeBlock) error {
	t, err := h.categories()
	if err != nil {
		return err
	}
	cs := t.Roots()
	if b.Kind == content.BlockCategory {
		c, ok := t.Find(b.CategoryID)
		if !ok {
			return nil // the category was removed since
		}
		cs = []content.Category{c}
	}
	for _, c := range cs {
		as, err := h.s.svc.PublicArticles(h.ctx, h.site.ID, t.Subtree(c.ID), 0, b.Count, 0)
		if err != nil {
			return err
		}
		cb := CategoryBlock{Category: c, Articles: as, Title: c.Name}
		if b.Kind == content.BlockCategory && b.Title != "" {
			cb.Title = b.Title
		}
		h.addBlock(cb)
	}
	return nil
}

// notices adds the "Thông báo" block: the newest articles of the chosen
// category, or of the one with the slug thong-bao.
func (h *homeBuilder) notices(b content.HomeBlock) error {
	t, err := h.categories()
	if err != nil {
		return err
	}
	c, ok := noticesCategory(t, b)
	if !ok {
		return nil
	}
	as, err := h.s.svc.PublicArticles(h.ctx, h.site.ID, t.Subtree(c.ID), 0, b.Count, 0)
	if err != nil || len(as) == 0 {
		return err
	}
	h.out = append(h.out, HomeSection{Kind: "notices", ID: h.uniqueID("thong-bao"), Title: or(b.Title, c.Name), MoreURL: categoryURL(c), Articles: as})
	return nil
}

// noticesCategory is the category a "Thông báo" block shows: the one
// chosen, or the one with the slug thong-bao.
func noticesCategory(t *content.Tree, b content.HomeBlock) (content.Category, bool) {
	if t == nil {
		return content.Category{}, false
	}
	if b.CategoryID != 0 {
		return t.Find(b.CategoryID)
	}
	return t.FindSlug(content.NoticesSlug)
}

// schedule adds this week's work schedule, from today on (the whole week
// once it is over), at most a dozen entries.
func (h *homeBuilder) schedule(b content.HomeBlock) error {
	now := h.s.eng.clock()
	week, today := schedule.WeekOf(now), schedule.DayOf(now)
	entries, err := h.s.eng.schedule.PublicWeek(h.ctx, h.site.ID, week)
	if err != nil {
		return err
	}
	sec := HomeSection{Kind: "schedule", ID: h.uniqueID("lich-cong-tac"), Title: or(b.Title, "Lịch công tác tuần này"), MoreURL: pathSchedule}
	const most = 12
	n := 0
	upcoming := false
	for _, e := range entries {
		if !e.Day.Midnight().Before(today.Midnight()) {
			upcoming = true
			break
		}
	}
	for _, e := range entries {
		if upcoming && e.Day.Midnight().Before(today.Midnight()) || n == most {
			continue
		}
		if k := len(sec.Days); k == 0 || sec.Days[k-1].ISO != e.Day.String() {
			sec.Days = append(sec.Days, BlockDay{Label: e.Day.Weekday() + ", " + e.Day.Short(), ISO: e.Day.String(), Today: e.Day.String() == today.String()})
		}
		when := e.Session.Label()
		if e.Time != "" {
			when += " " + e.Time
		}
		d := &sec.Days[len(sec.Days)-1]
		d.Entries = append(d.Entries, BlockEntry{When: when, Leader: e.Leader, Content: e.Content})
		n++
	}
	h.out = append(h.out, sec) // empty, it says so and links to the page
	return nil
}

// addBlock adds a category's block, next to the previous one when the
// last section is already a row of blocks; an empty block is left out.
func (h *homeBuilder) addBlock(b CategoryBlock) {
	if len(b.Articles) == 0 {
		return
	}
	b.ID = h.uniqueID("khoi-" + b.Category.Slug)
	if n := len(h.out); n > 0 && h.out[n-1].Kind == "blocks" {
		h.out[n-1].Blocks = append(h.out[n-1].Blocks, b)
		return
	}
	h.out = append(h.out, HomeSection{Kind: "blocks", Blocks: []CategoryBlock{b}})
}
