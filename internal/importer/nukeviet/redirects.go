package nukeviet

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"trangtin/internal/apperr"
	"trangtin/internal/redirect"
)

// The public addresses of a NukeViet 4 site, for the redirect table: each
// item has its plain form (/index.php?language=vi&nv=news&op=…) and its
// rewritten forms (/news/…, and /vi/news/… on a site with several
// languages). redirect.Key keeps ?nv= and ?op= and drops ?language=.

// validModule is a module name as NukeViet allows it in addresses.
var validModule = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,49}$`)

// redirectBatch is how many entries are written in one transaction.
const redirectBatch = 500

// moduleName is the name the site's addresses use for the module whose
// data is data (NukeViet lets an administrator rename a module: "tin-tuc"
// for news), read from …_modules, else data itself.
func (s *Source) moduleName(ctx context.Context, data string) string {
	if !s.Has("%s_modules") {
		return data
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT title FROM `+s.table("%s_modules")+` WHERE module_data = ? ORDER BY weight LIMIT 1`, data).Scan(&name)
	if err != nil || !validModule.MatchString(name) {
		return data
	}
	return name
}

// oldAddrs are the addresses of op in module mod: the plain one and the
// rewritten ones (suffix ".html" for an item, "/" for a list).
func (im *run) oldAddrs(mod, op, suffix string) []string {
	q := url.Values{"language": {im.src.lang}, "nv": {mod}}
	if op != "" {
		q.Set("op", op)
	}
	plain := "/index.php?" + q.Encode()
	rewritten := "/" + mod + "/"
	if op != "" {
		rewritten += op + suffix
	}
	return []string{plain, rewritten, "/" + im.src.lang + rewritten}
}

// entries are the redirect entries from every old address of addrs to to,
// named by source (the old site's identity of the record).
func (im *run) entries(source, to string, addrs []string) ([]redirect.Entry, error) {
	out := make([]redirect.Entry, 0, len(addrs))
	for _, a := range addrs {
		key, err := redirect.Key(a)
		if err != nil {
			return nil, fmt.Errorf("địa chỉ cũ %q: %w", a, err)
		}
		out = append(out, redirect.Entry{SiteID: im.t.Site.ID, From: key, ToSiteID: im.t.Site.ID, To: to, Source: "nukeviet:" + source})
	}
	return out, nil
}

// redirect queues entries from every old address of addrs to to.
func (im *run) redirect(ctx context.Context, source, to string, addrs []string) error {
	if im.t.DryRun {
		return nil
	}
	e, err := im.entries(source, to, addrs)
	if err != nil {
		return err
	}
	im.pending = append(im.pending, e...)
	if len(im.pending) >= redirectBatch {
		return im.flushRedirects(ctx)
	}
	return nil
}

// found returns where the old address addr now leads (per an earlier
// run), "" when nowhere yet.
func (im *run) found(ctx context.Context, addr string) (string, error) {
	key, err := redirect.Key(addr)
	if err != nil {
		return "", nil
	}
	e, err := im.t.Store.FindRedirect(ctx, im.t.Site.ID, []string{key})
	if apperr.Is(err, apperr.NotFound) {
		return "", nil
	}
	if err != nil || e.ToSiteID != im.t.Site.ID {
		return "", err
	}
	return e.To, nil
}

func (im *run) flushRedirects(ctx context.Context) error {
	if err := im.flushFiles(ctx); err != nil {
		return err
	}
	if len(im.pending) == 0 {
		return nil
	}
	if err := im.t.Store.PutRedirects(ctx, im.pending); err != nil {
		return err
	}
	im.r.Count("địa chỉ cũ chuyển hướng 301", len(im.pending))
	im.pending = im.pending[:0]
	return nil
}

// redirectModule records the module-wide addresses: its home and its feed.
func (im *run) redirectModule(ctx context.Context) error {
	news := im.src.moduleName(ctx, "news")
	if err := im.redirect(ctx, "news", "/", im.oldAddrs(news, "", "")); err != nil {
		return err
	}
	return im.redirect(ctx, "news:rss", "/rss", im.oldAddrs(news, "rss", "/"))
}
