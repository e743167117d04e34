package content

import (
	"context"
	"net"
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

// Refresh reloads the sites when any site was added or changed.
func (d *Directory) Refresh(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	versions, err := d.store.SiteVersions(ctx)
	if err != nil {
		return err
	}
	if t := d.current.Load(); t != nil && t.matches(versions) {
		return nil
	}
	start := time.Now()
	sites, err := d.store.FindSites(ctx)
	if err != nil {
		return err
	}
	aliases, err := d.store.FindSiteAliases(ctx)
	if err != nil {
		return err
	}
	t := &directoryTable{byHost: map[string]*Site{}, aliases: map[string]*Site{}, byID: map[int64]*Site{}, below: map[int64][]*Site{}}
	for i := range sites {
		s := &sites[i]
		t.byID[s.ID] = s
		if s.ParentID != 0 {
			t.below[s.ParentID] = append(t.below[s.ParentID], s) // in id order, as FindSites gives them
		}
		if s.Host != "" {
			t.byHost[s.Host] = s
		}
		if s.IsDefault {
			t.def = s
		}
	}
	for _, s := range t.byID {
		if succ := t.byID[s.SuccessorID]; succ != nil && s.Archived() {
			s.Versions.Successor = succ.Versions.Site
		}
	}
	for _, a := range aliases {
		if s := t.byID[a.SiteID]; s != nil && s.Host != "" {
			t.aliases[a.Host] = s
		}
	}
	if t.looks, err = loadLooks(ctx, d.store); err != nil {
		return err
	}
	d.current.Store(t)
	d.loadNS.Store(int64(time.Since(start)))
	return nil
}

// LastLoad is how long the last full load of the sites took: their
// records, hosts and looks, read after a version moved (the version
// check itself, made on every Refresh, is not counted).
func (d *Directory) LastLoad() time.Duration { return time.Duration(d.loadNS.Load()) }

func (t *directoryTable) matches(versions map[int64]int64) bool {
	if len(t.byID) != len(versions) {
		return false
	}
	for id, v := range versions {
		if s := t.byID[id]; s == nil || s.Version != v {
			return false
		}
	}
	return true
}

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
