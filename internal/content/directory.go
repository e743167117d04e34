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
}

// fallbackOrigin is where the absolute links of a site without a host
// point: url when the operator gave one (--site-url), else host with the
// request's scheme.
type fallbackOrigin struct{ url, host string }

type directoryTable struct {
	byHost map[string]*Site
	byID   map[int64]*Site
	def    *Site
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
	sites, err := d.store.FindSites(ctx)
	if err != nil {
		return err
	}
	t := &directoryTable{byHost: map[string]*Site{}, byID: map[int64]*Site{}}
	for i := range sites {
		s := &sites[i]
		t.byID[s.ID] = s
		if s.Host != "" {
			t.byHost[s.Host] = s
		}
		if s.IsDefault || t.def == nil {
			t.def = s
		}
	}
	d.current.Store(t)
	return nil
}

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

// ForHost returns the site for a request's host (a port is ignored), or
// the default site when no site has that host. The Site must not be
// modified.
func (d *Directory) ForHost(host string) (*Site, error) {
	t := d.current.Load()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if s := t.byHost[strings.ToLower(strings.TrimSuffix(host, "."))]; s != nil {
		return s, nil
	}
	if t.def == nil {
		return nil, apperr.New(apperr.Unavailable, "Trang thông tin chưa được khởi tạo.")
	}
	return t.def, nil
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
// (the request's, "http" or "https"), else the fallback origin (see
// SetFallbackOrigin), else "localhost".
func (d *Directory) Origin(s *Site, scheme string) string {
	if s.Host != "" {
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
