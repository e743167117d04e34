package content

import (
	"cmp"
	"context"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"trangtin/internal/apperr"
)

// Directory answers "which site is this host?" from memory, and knows each
// site's content version for cache checks. It reloads when a site's
// version moves: at once for changes made through the Service, and within
// the Watch interval for changes made by another process or node.
type Directory struct {
	store   SiteStore
	mu      sync.Mutex // one reload at a time
	current atomic.Pointer[directoryTable]
	origin  atomic.Pointer[fallbackOrigin]
	loadNS  atomic.Int64 // how long the last full load took
}

// fallbackOrigin is where the absolute links of a site without a host
// point: url when the operator gave one (--site-url), else host with the
// request's scheme.
type fallbackOrigin struct{ url, host string }

type directoryTable struct {
	byHost  map[string]*Site // primary hosts
	aliases map[string]*Site // alias hosts, answered with a redirect
	byID    map[int64]*Site
	below   map[int64][]*Site // children of a site, in id order
	def     *Site             // marked IsDefault; nil: unknown hosts get a 404
	looks   map[int64]*siteLook
	// aliasList are the alias hosts as read, kept for a reload that
	// reads no site's hosts.
	aliasList []SiteHost
}

// NewDirectory loads the sites of svc's store and follows svc's changes.
func NewDirectory(ctx context.Context, svc *Service, onError func(error)) (*Directory, error) {
	d := &Directory{store: svc.Store()}
	if err := d.Refresh(ctx); err != nil {
		return nil, err
	}
	svc.OnChange(func(int64) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := d.Refresh(ctx); err != nil && onError != nil {
			onError(err)
		}
	})
	return d, nil
}

// Refresh follows the sites' versions. It reads what changed only: the
// record, hosts and look of a site whose layout version (Versions.Site)
// moved or that is new, the articles marked since for a site whose
// Pages counter moved (see PageMark); a site whose other counters moved
// gets them in a copy of its record, read from nothing but the versions.
// A removed site, or a first load, reads everything.
func (d *Directory) Refresh(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	versions, err := d.store.SiteVersions(ctx)
	if err != nil {
		return err
	}
	old := d.current.Load()
	if old == nil {
		return d.loadAll(ctx, versions)
	}
	var changed []int64 // sites to read again: new, or their layout version moved
	moved := false
	for id, v := range versions {
		s := old.byID[id]
		switch {
		case s == nil || s.Versions.Site != v.Site:
			changed = append(changed, id)
		case s.Version != v.Sum():
			moved = true
		}
	}
	if len(versions) != len(old.byID)+countNew(old, versions) {
		return d.loadAll(ctx, versions) // a site was removed
	}
	if len(changed) == 0 && !moved {
		return nil
	}
	start := time.Now()
	sites := make([]*Site, 0, len(versions))
	looks := old.looks
	aliases := old.aliasList
	if len(changed) > 0 {
		looks = maps.Clone(old.looks)
		if aliases, err = d.store.FindSiteAliases(ctx); err != nil {
			return err
		}
	}
	for id, v := range versions {
		prev := old.byID[id]
		var s Site
		if prev == nil || prev.Versions.Site != v.Site {
			if s, err = d.store.FindSiteByID(ctx, id); err != nil {
				return err
			}
			l, err := loadLook(ctx, d.store, id)
			if err != nil {
				return err
			}
			setLook(looks, id, l)
		} else {
			s = *prev
			s.Versions, s.Version = v, v.Sum()
		}
		if prev == nil {
			s.Marks = &PageMarks{Floor: s.Versions.Pages}
		} else if s.Marks, err = nextMarks(ctx, d.store, prev, s.Versions.Pages); err != nil {
			return err
		}
		sites = append(sites, &s)
	}
	d.current.Store(newTable(sites, aliases, looks))
	d.loadNS.Store(int64(time.Since(start)))
	return nil
}

// countNew is the number of sites in versions that t does not hold.
func countNew(t *directoryTable, versions map[int64]Versions) int {
	n := 0
	for id := range versions {
		if t.byID[id] == nil {
			n++
		}
	}
	return n
}

// loadAll reads every site, its hosts and its look.
func (d *Directory) loadAll(ctx context.Context, versions map[int64]Versions) error {
	start := time.Now()
	found, err := d.store.FindSites(ctx)
	if err != nil {
		return err
	}
	aliases, err := d.store.FindSiteAliases(ctx)
	if err != nil {
		return err
	}
	looks, err := loadLooks(ctx, d.store)
	if err != nil {
		return err
	}
	old := d.current.Load()
	sites := make([]*Site, len(found))
	for i := range found {
		s := &found[i]
		s.Marks = &PageMarks{Floor: s.Versions.Pages}
		if prev := old.site(s.ID); prev != nil {
			if s.Marks, err = nextMarks(ctx, d.store, prev, s.Versions.Pages); err != nil {
				return err
			}
		}
		sites[i] = s
	}
	d.current.Store(newTable(sites, aliases, looks))
	d.loadNS.Store(int64(time.Since(start)))
	return nil
}

// site is the site with id in t (nil when t is nil).
func (t *directoryTable) site(id int64) *Site {
	if t == nil {
		return nil
	}
	return t.byID[id]
}

// newTable indexes sites (which it keeps, and which must not be modified
// after), their aliases and their looks.
func newTable(sites []*Site, aliases []SiteHost, looks map[int64]*siteLook) *directoryTable {
	slices.SortFunc(sites, func(a, b *Site) int { return cmp.Compare(a.ID, b.ID) })
	t := &directoryTable{byHost: map[string]*Site{}, aliases: map[string]*Site{}, byID: map[int64]*Site{}, below: map[int64][]*Site{},
		aliasList: aliases, looks: looks}
	for _, s := range sites {
		t.byID[s.ID] = s
		if s.ParentID != 0 {
			t.below[s.ParentID] = append(t.below[s.ParentID], s) // in id order
		}
		if s.Host != "" {
			t.byHost[s.Host] = s
		}
		if s.IsDefault {
			t.def = s
		}
	}
	for _, s := range sites {
		s.Versions.Successor = 0
		if succ := t.byID[s.SuccessorID]; succ != nil && s.Archived() {
			s.Versions.Successor = succ.Versions.Site
		}
	}
	for _, a := range aliases {
		if s := t.byID[a.SiteID]; s != nil && s.Host != "" {
			t.aliases[a.Host] = s
		}
	}
	return t
}

// LastLoad is how long the last load of the sites took: of all of them
// at start (or after a site was removed), else of what changed (the
// version check itself, made on every Refresh, is not counted).
func (d *Directory) LastLoad() time.Duration { return time.Duration(d.loadNS.Load()) }

// Watch refreshes every interval until ctx ends.
func (d *Directory) Watch(ctx context.Context, interval time.Duration, onError func(error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := d.Refresh(ctx); err != nil && ctx.Err() == nil && onError != nil {
				onError(err)
			}
		}
	}
}

// ForHost returns the site for a request's host (a port is ignored): the
// site whose primary host or alias it is, else the site marked default,
// else NotFound. The Site must not be modified.
func (d *Directory) ForHost(host string) (*Site, error) {
	s, _ := d.Resolve(host)
	if s == nil {
		return nil, apperr.New(apperr.NotFound, "Không có trang thông tin nào ở địa chỉ này.")
	}
	return s, nil
}

// Resolve returns the site a request's host (a port is ignored) belongs
// to, and whether host is one of its aliases, to be answered with a
// redirect to its primary host. An unknown host gets the site marked
// default, or nil. It keeps nothing of a host it does not know.
func (d *Directory) Resolve(host string) (site *Site, alias bool) {
	t := d.current.Load()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	if s := t.lookup(host); s != nil {
		return s, false
	}
	if s := t.aliasLookup(host); s != nil {
		return s, true
	}
	return t.def, false
}

// lookup and aliasLookup find host, which may be in any case: a name
// already in lower case (nearly every request) is looked up as it is.
func (t *directoryTable) lookup(host string) *Site {
	if s := t.byHost[host]; s != nil || !hasUpper(host) {
		return s
	}
	return t.byHost[strings.ToLower(host)]
}

func (t *directoryTable) aliasLookup(host string) *Site {
	if len(t.aliases) == 0 {
		return nil
	}
	if s := t.aliases[host]; s != nil || !hasUpper(host) {
		return s
	}
	return t.aliases[strings.ToLower(host)]
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// ByID returns the site with id, or nil. The Site must not be modified.
func (d *Directory) ByID(id int64) *Site { return d.current.Load().byID[id] }

// Size is the number of sites and of hosts (primary and aliases) the
// directory holds: it grows only with sites and hosts an operator adds.
func (d *Directory) Size() (sites, hosts int) {
	t := d.current.Load()
	return len(t.byID), len(t.byHost) + len(t.aliases)
}

// SetFallbackOrigin sets where the absolute links of a site without a host
// of its own point: siteURL (scheme and host of --site-url, e.g.
// "https://giavien.gov.vn") when not empty, else listenHost (the address
// the server listens on, e.g. "127.0.0.1:8080") with the request's
// scheme. Call it before serving.
func (d *Directory) SetFallbackOrigin(siteURL, listenHost string) {
	d.origin.Store(&fallbackOrigin{url: strings.TrimRight(siteURL, "/"), host: listenHost})
}

// Origin is the scheme and host of a site's absolute links (canonical
// addresses, feeds, sitemaps, the API), never taken from the request's
// Host header, which any client can set: the site's own host with scheme
// (the request's, "http" or "https"; a host under .localhost with the
// port the server listens on, unless --site-url is set), else the
// fallback origin (see SetFallbackOrigin), else "localhost".
func (d *Directory) Origin(s *Site, scheme string) string {
	if s.Host != "" {
		// A host under .localhost (the demo province) is this machine,
		// served by this process directly: on the port it listens on.
		if f := d.origin.Load(); f != nil && f.url == "" && strings.HasSuffix(s.Host, ".localhost") {
			if _, port, err := net.SplitHostPort(f.host); err == nil {
				return scheme + "://" + net.JoinHostPort(s.Host, port)
			}
		}
		return scheme + "://" + s.Host
	}
	if f := d.origin.Load(); f != nil {
		if f.url != "" {
			return f.url
		}
		if f.host != "" {
			return scheme + "://" + f.host
		}
	}
	return scheme + "://localhost"
}
