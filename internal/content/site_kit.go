package content

import (
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"trangtin/internal/vi"
)

// A new site is usable at once: Sites.Add gives it, in the transaction
// that creates it, the kit of its kind: a category tree, the pages of its
// Giới thiệu set, the Giới thiệu and Tiếp cận thông tin texts, a main
// menu leading to them, to the categories and to the portal's functions
// (Sơ đồ cổng included), and the module switches of the kind. The kits
// are data (kits/*.json), one per kind.

//go:embed kits/*.json
var kitFiles embed.FS

// SeedCategory is a category a new site starts with; Parent is the
// index in the list of its parent (which comes before it), -1 for a top
// category.
type SeedCategory struct {
	Name, Slug string
	Parent     int
}

// kit is the JSON form of a kind's kit. "{ten}" in a text stands for the
// site's name.
type kit struct {
	About      string   `json:"about"`
	AccessInfo string   `json:"access_info"`
	HowToAsk   string   `json:"how_to_ask"`
	Modules    []Module `json:"modules"`
	Pages      []struct {
		Title string `json:"title"`
		Body  string `json:"body"`
		About bool   `json:"about"`
	} `json:"pages"`
	Categories []kitCategory `json:"categories"`
}

type kitCategory struct {
	Name     string        `json:"name"`
	Children []kitCategory `json:"children"`
}

// loadKit reads the kit of kind k.
func loadKit(k Kind) (*kit, error) {
	b, err := kitFiles.ReadFile("kits/" + string(k) + ".json")
	if err != nil {
		return nil, fmt.Errorf("no site kit for kind %q: %w", k, err)
	}
	var out kit
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("site kit %s: %w", k, err)
	}
	return &out, nil
}

// KitModules are the modules a site of kind k starts with switched on.
func KitModules(k Kind) ([]Module, error) {
	kt, err := loadKit(k)
	if err != nil {
		return nil, err
	}
	return kt.Modules, nil
}

// applyKit fills n's categories, pages and settings from the kit of its
// site's kind.
func applyKit(n *NewSite) error {
	kt, err := loadKit(n.Site.Kind)
	if err != nil {
		return err
	}
	name := html.EscapeString(n.Site.Name)
	text := func(s string) string { return SanitizeHTML(vi.NFC(strings.ReplaceAll(s, "{ten}", name))) }
	n.Categories = nil
	var add func(cs []kitCategory, parent int)
	add = func(cs []kitCategory, parent int) {
		for _, c := range cs {
			n.Categories = append(n.Categories, SeedCategory{Name: vi.NFC(c.Name), Slug: vi.Slug(c.Name), Parent: parent})
			add(c.Children, len(n.Categories)-1)
		}
	}
	add(kt.Categories, -1)
	about := About{Intro: text(kt.About)}
	n.Pages = nil
	for i, p := range kt.Pages {
		body := p.Body
		if body == "" {
			body = "<p>Nội dung đang được cập nhật.</p>"
		}
		pg := Page{Title: vi.NFC(p.Title), Slug: vi.Slug(p.Title), Body: text(body), Position: i + 1}
		n.Pages = append(n.Pages, pg)
		if p.About {
			about.PageSlugs = append(about.PageSlugs, pg.Slug)
		}
	}
	access := AccessInfo{Intro: text(kt.AccessInfo), HowToAsk: text(kt.HowToAsk)}
	settings := []struct {
		key string
		v   any
	}{
		{KeyAbout, about}, {KeyAccessInfo, access}, {KeyMenu, kitMenu(n.Categories)}, {KeyModules, switchesOn(kt.Modules)},
	}
	n.Settings = nil
	for _, s := range settings {
		b, err := json.Marshal(s.v)
		if err != nil {
			return err
		}
		n.Settings = append(n.Settings, Setting{Key: s.key, Value: string(b)})
	}
	return nil
}

// kitMenu is a new site's main menu: Giới thiệu, the top categories with
// their children, every module (a switched-off one is left out when the
// menu is shown), Tiếp cận thông tin, Sơ đồ cổng and Liên hệ.
func kitMenu(cats []SeedCategory) []MenuItem {
	var items []MenuItem
	add := func(parent int64, label string, kind LinkKind, target string) int64 {
		id := int64(len(items) + 1)
		items = append(items, MenuItem{ID: id, ParentID: parent, Label: label, Kind: kind, Target: target})
		return id
	}
	add(0, "Giới thiệu", LinkPath, AboutPath)
	ids := map[int]int64{}
	for i, c := range cats {
		switch {
		case c.Parent < 0:
			ids[i] = add(0, c.Name, LinkCategory, c.Slug)
		case cats[c.Parent].Parent < 0:
			add(ids[c.Parent], c.Name, LinkCategory, c.Slug)
		}
	}
	for _, m := range Modules {
		if len(m.Paths) > 0 && m.Module != ModuleRatings {
			add(0, m.Label, LinkPath, m.Paths[0])
		}
	}
	add(0, "Tiếp cận thông tin", LinkPath, AccessInfoPath)
	add(0, "Sơ đồ cổng", LinkPath, SiteMapPath)
	add(0, "Liên hệ", LinkPath, ContactPath)
	return items
}

// SiteMapPath is the human sitemap (sơ đồ cổng).
const SiteMapPath = "/so-do-cong"

// ContactPath is the Liên hệ page: the agency's address and a form.
const ContactPath = "/lien-he"
