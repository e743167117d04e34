package crawl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/andybalholm/cascadia"
)

// A Profile says where an old portal keeps the parts of an article page
// and how its lists of articles link on, as CSS selectors. The built-in
// ones are NukeViet 4's news module and a Liferay "Cổng TTĐT"; another
// portal is described by a small JSON file of the same fields.
type Profile struct {
	Name string `json:"name"`
	// Article matches the path (and query) of an article page of the old
	// site; an address found that does not match is not an article.
	Article string `json:"article"`
	// The parts of an article page. Title and Body are required.
	Title    string `json:"title"`
	Date     string `json:"date"`     // text or datetime/content attribute: "Thứ hai, 05/12/2026 - 08:30"
	Lead     string `json:"lead"`     // the sapo
	Body     string `json:"body"`     // its inner HTML is the article
	Photo    string `json:"photo"`    // an <img> (or its container) outside the body: the featured photo
	Category string `json:"category"` // the links of the breadcrumb: the last one is the category
	Remove   string `json:"remove"`   // inside the body: what is the old site's furniture (share buttons …)
	// Lists of articles: the links to articles on a list page, its link
	// to the next page, and the links from the start page to the lists
	// (the menu).
	Links     string   `json:"links"`
	Next      string   `json:"next"`
	Lists     string   `json:"lists"`
	Feeds     []string `json:"feeds"`     // RSS addresses of the old site (paths), read besides its sitemap
	Sitemaps  []string `json:"sitemaps"`  // sitemap paths tried besides robots.txt's (default /sitemap.xml)
	Furniture []string `json:"furniture"` // texts of breadcrumb links that are no category ("Trang chủ")

	article *regexp.Regexp
	sel     map[string]cascadia.SelectorGroup
}

// Builtin are the profiles named by --profile.
var Builtin = map[string]Profile{
	// NukeViet 4.x, theme default, module news: /news/<cat>/<alias>-<id>.html,
	// a category /news/<cat>/ with pages /news/<cat>/page-2.
	"nukeviet": {
		Name:      "nukeviet",
		Article:   `^(/[a-z]{2})?/news/([^/?]+/)+[^/?]+-[0-9]+\.html$|[?&]op=[^&]+/[^&]+-[0-9]+`,
		Title:     `.news_column h1.title, [itemprop=headline]`,
		Date:      `.news_column .panel-body > .row span.h5, [itemprop=datePublished]`,
		Lead:      `.news_column .hometext`,
		Body:      `#news-bodyhtml`,
		Photo:     `.news_column figure.article img`,
		Category:  `.breadcrumbs a, ol.breadcrumb a`,
		Remove:    `script, style, .fb-like, .zalo-share-button`,
		Links:     `.news_column h3 a, .news_column h2 a, .viewcat a[href$=".html"]`,
		Next:      `.pagination a[rel=next], .pagination li.active + li a`,
		Lists:     `#menu-site-default a, .nav.navbar-nav a, .menu a`,
		Feeds:     []string{"/news/rss/", "/rss/"},
		Furniture: []string{"Trang nhất", "Trang chủ", "Tin Tức", "Tin tức"},
	},
	// Liferay 6.2/7 with the journal and asset publisher portlets, as the
	// provinces' "Cổng TTĐT" run it: an article at
	// /web/<site>/<page>/-/asset_publisher/<id>/content/<url-title>.
	"liferay": {
		Name:      "liferay",
		Article:   `/-/asset_publisher/[^/]+/content/[^/?]+|/-/journal_content/|/-/[^/]+/[^/]+/content/[^/?]+`,
		Title:     `.asset-full-content .header-title, .asset-full-content h1, .journal-content-article h1.title`,
		Date:      `.asset-full-content .date, .asset-full-content .asset-metadata .metadata-publish-date, .journal-content-article .date`,
		Lead:      `.asset-full-content .sapo, .asset-full-content .asset-summary`,
		Body:      `.asset-full-content .journal-content-article .content, .asset-full-content .asset-content .journal-content-article`,
		Photo:     `.asset-full-content .asset-small-image img`,
		Category:  `.breadcrumb a, ul.breadcrumb li a`,
		Remove:    `script, style, .taglib-social-bookmarks, .print-action, .asset-links`,
		Links:     `.asset-abstract .asset-title a, .asset-publisher .asset-title a`,
		Next:      `.lfr-pagination a[rel=next], .pager li.next a, ul.pagination li.next a`,
		Lists:     `#navigation a, nav.navbar a`,
		Sitemaps:  []string{"/sitemap.xml"},
		Furniture: []string{"Trang chủ", "Trang chu", "Home"},
	},
}

// selectorFields are the selector fields of a profile, by JSON name.
func (p *Profile) selectorFields() []struct {
	name     string
	val      *string
	required bool
} {
	return []struct {
		name     string
		val      *string
		required bool
	}{
		{"title", &p.Title, true}, {"body", &p.Body, true}, {"date", &p.Date, false}, {"lead", &p.Lead, false},
		{"photo", &p.Photo, false}, {"category", &p.Category, false}, {"remove", &p.Remove, false},
		{"links", &p.Links, false}, {"next", &p.Next, false}, {"lists", &p.Lists, false},
	}
}

// compile checks every field, compiling the selectors and the pattern;
// the error names the field and what is wrong, in Vietnamese.
func (p *Profile) compile() error {
	var problems []string
	p.sel = map[string]cascadia.SelectorGroup{}
	for _, f := range p.selectorFields() {
		s := strings.TrimSpace(*f.val)
		if s == "" {
			if f.required {
				problems = append(problems, fmt.Sprintf("thiếu trường %q (bộ chọn CSS)", f.name))
			}
			continue
		}
		g, err := cascadia.ParseGroup(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("trường %q: bộ chọn CSS %q không hợp lệ (%v)", f.name, s, err))
			continue
		}
		p.sel[f.name] = g
	}
	if strings.TrimSpace(p.Article) == "" {
		problems = append(problems, `thiếu trường "article" (biểu thức chính quy khớp đường dẫn của trang bài viết)`)
	} else if re, err := regexp.Compile(p.Article); err != nil {
		problems = append(problems, fmt.Sprintf("trường \"article\": biểu thức chính quy không hợp lệ (%v)", err))
	} else {
		p.article = re
	}
	for _, list := range [][]string{p.Feeds, p.Sitemaps} {
		for _, path := range list {
			if !strings.HasPrefix(path, "/") {
				problems = append(problems, fmt.Sprintf("đường dẫn %q của feeds/sitemaps phải bắt đầu bằng /", path))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// maxProfileBytes bounds a profile file.
const maxProfileBytes = 64 << 10

// LoadProfile returns the built-in profile named name, or reads the JSON
// file at name. Every error is a Vietnamese sentence naming what is
// wrong.
func LoadProfile(name string) (*Profile, error) {
	if p, ok := Builtin[name]; ok {
		if err := p.compile(); err != nil {
			return nil, fmt.Errorf("hồ sơ %s: %w", name, err)
		}
		return &p, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("--profile %q: không phải hồ sơ có sẵn (nukeviet, liferay) và không mở được tệp: %w", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxProfileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("hồ sơ %s: không đọc được: %w", name, err)
	}
	if len(data) > maxProfileBytes {
		return nil, fmt.Errorf("hồ sơ %s: tệp lớn quá %d KB", name, maxProfileBytes>>10)
	}
	var p Profile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n")) + 1
			return nil, fmt.Errorf("hồ sơ %s, dòng %d: không phải JSON hợp lệ (%v)", name, line, err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("hồ sơ %s: trường %q phải là %s", name, te.Field, te.Type)
		}
		return nil, fmt.Errorf("hồ sơ %s: %v", name, err)
	}
	if p.Name == "" {
		p.Name = name
	}
	if err := p.compile(); err != nil {
		return nil, fmt.Errorf("hồ sơ %s: %w", name, err)
	}
	return &p, nil
}

// IsArticle reports whether the path and query of an address of the old
// site are an article page's.
func (p *Profile) IsArticle(pathQuery string) bool { return p.article.MatchString(pathQuery) }
