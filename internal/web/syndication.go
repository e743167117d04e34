package web

import (
	"context"
	"strings"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// CopyOrigin is what the page of a copy received from another site says
// of its original: "Nguồn: <site>" linked to it, and when a correction of
// the original last reached the copy.
type CopyOrigin struct {
	SiteName   string
	URL        string // the original's address on its own host
	Updated    string // "14:05, 07/12/2026", "" when never corrected
	UpdatedISO string
}

// copyOrigin is the origin of a when it is a copy (nil otherwise), and
// makes the page's canonical address the original's.
func (s *Server) copyOrigin(ctx context.Context, site *content.Site, l *Layout, a content.Article) (*CopyOrigin, error) {
	if s.syn == nil {
		return nil, nil
	}
	src, srcSite, ok, err := s.syn.CopySource(ctx, site.ID, a.ID)
	if err != nil || !ok {
		return nil, err
	}
	scheme, _, found := strings.Cut(l.Origin, "://")
	if !found {
		scheme = "https"
	}
	c := &CopyOrigin{SiteName: srcSite.Name, URL: s.sites.Origin(srcSite, scheme) + content.ArticlePath(src.Slug)}
	if !src.UpdatedAt.IsZero() {
		t := src.UpdatedAt.In(vi.Zone)
		c.Updated, c.UpdatedISO = correctedAt(t)
	}
	l.CanonicalURL = c.URL
	return c, nil
}

// withProvinceBlock adds the "Tin tỉnh" block after the newest articles
// to a home page laid out by default: it shows only on a site that has
// received articles from above.
func withProvinceBlock(blocks []content.HomeBlock) []content.HomeBlock {
	out := make([]content.HomeBlock, 0, len(blocks)+1)
	added := false
	for _, b := range blocks {
		out = append(out, b)
		if b.Kind == content.BlockLatest && !added {
			out = append(out, content.HomeBlock{ID: -1, Kind: content.BlockProvince, Count: 5})
			added = true
		}
	}
	if !added {
		out = append(out, content.HomeBlock{ID: -1, Kind: content.BlockProvince, Count: 5})
	}
	return out
}

// provinceBlock adds the "Tin tỉnh" section: the newest articles the site
// received from above, when it has any.
func (s *Server) provinceBlock(ctx context.Context, site content.Site, b content.HomeBlock, h *homeBuilder) error {
	if s.syn == nil {
		return nil
	}
	as, err := s.syn.Received(ctx, site.ID, max(b.Count, 1))
	if err != nil || len(as) == 0 {
		return err
	}
	h.out = append(h.out, HomeSection{Kind: "latest", ID: h.uniqueID("tin-tinh"), Title: or(b.Title, "Tin tỉnh"), Articles: as})
	return nil
}

// correctedAt formats when an article's public text was last corrected,
// as its page shows it ("14:05, 12/12/2026", Vietnam time) and for
// <time datetime>.
func correctedAt(t time.Time) (string, string) {
	t = t.In(vi.Zone)
	return t.Format("15:04, 02/01/2006"), t.Format("2006-01-02T15:04:05Z07:00")
}
