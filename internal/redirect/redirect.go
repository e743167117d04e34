// Package redirect keeps the old addresses of a site alive: a permanent
// table from an old address (on any host of a site) to its new address,
// filled by the importers (a NukeViet, WordPress or crawled site's
// articles, categories, feeds) and by a merge of sites, and read by the
// public site, which answers 301 for an address it has no route for.
//
// An old address is kept as a Key: its path, decoded, without a trailing
// slash, "/index.php" read as "/", and only the query parameters that name
// an item (?p=12, ?nv=news&op=…) sorted; every other parameter (a
// tracking tag, a page number of a list) is ignored, so a link that
// carries one still finds its entry.
package redirect

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"trangtin/internal/apperr"
)

// An Entry sends one old address of a site to a new one.
type Entry struct {
	SiteID   int64  // the site on whose hosts the old address is asked
	From     string // the old address as a Key
	ToSiteID int64  // the site of the new address (SiteID for an import)
	To       string // the new address: a path, with its query if any
	Source   string // where the entry came from, e.g. "wordpress:post:12", "merge:huyen-a"
}

// ErrNotFound: no entry for any of the keys asked.
var ErrNotFound = apperr.New(apperr.NotFound, "Không tìm thấy địa chỉ cũ này.")

// Store keeps the entries. PutRedirects adds or replaces (on SiteID and
// From) the entries in one transaction; FindRedirect returns the entry of
// the first key of keys that has one, or ErrNotFound.
type Store interface {
	PutRedirects(ctx context.Context, entries []Entry) error
	FindRedirect(ctx context.Context, siteID int64, keys []string) (Entry, error)
}

// Finder is the read side, what the public site needs.
type Finder interface {
	FindRedirect(ctx context.Context, siteID int64, keys []string) (Entry, error)
}

// identifying are the query parameters that name an item on the portals
// we import from (lower case): WordPress's ?p=, ?page_id=, ?cat=, …;
// NukeViet's ?nv=&op= (not its ?language=, which links to the default
// language leave out); the ?id= family of vendor portals.
var identifying = map[string]bool{
	"p": true, "page_id": true, "attachment_id": true, "cat": true, "tag": true, "m": true,
	"author": true, "feed": true, "post_type": true,
	"nv": true, "op": true,
	"id": true, "itemid": true, "newsid": true, "catid": true, "cid": true, "articleid": true, "docid": true,
}

// MaxKey bounds a key: longer addresses are never looked up (nothing an
// importer stores is that long, and a stranger's address is not worth a
// query).
const MaxKey = 2000

// Key is the form an old address is kept and looked up in. raw is a path
// with an optional query ("/news/a-12.html", "/?p=12") or a whole URL,
// whose scheme and host are dropped.
func Key(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	return KeyOf(u), nil
}

// KeyOf is Key of a parsed address.
func KeyOf(u *url.URL) string {
	return keyWith(u.Path, u.Query())
}

// Candidates are the keys a request's address may be kept under, the most
// specific first: its Key, then its bare path when the Key has a query.
// Nil when the address is too long to look up.
func Candidates(u *url.URL) []string {
	if len(u.Path)+len(u.RawQuery) > MaxKey {
		return nil
	}
	full, bare := keyWith(u.Path, u.Query()), keyWith(u.Path, nil)
	if full == bare {
		return []string{full}
	}
	return []string{full, bare}
}

func keyWith(path string, q url.Values) string {
	if path == "" || path == "/index.php" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
		if path == "" {
			path = "/"
		}
	}
	var names []string
	for name := range q {
		l := strings.ToLower(name)
		if identifying[l] {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return path
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(path)
	for i, name := range names {
		for j, v := range q[name] {
			if i == 0 && j == 0 {
				b.WriteByte('?')
			} else {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(strings.ToLower(name)))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}
