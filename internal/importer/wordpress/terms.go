package wordpress

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/importer"
	"trangtin/internal/redirect"
	"trangtin/internal/vi"
)

// categories brings the category tree in, parents first. A category whose
// slug the site already has is that category (so a second run, or a site
// that has "Tin tức - Sự kiện" already, gets no copy). WordPress's
// "Uncategorized" becomes the site's default category.
func (im *Importer) categories(ctx context.Context) error {
	have, err := im.d.Store.FindCategories(ctx, im.site.ID)
	if err != nil {
		return err
	}
	bySlug := map[string]content.Category{}
	for _, c := range have {
		bySlug[c.Slug] = c
	}
	if im.def, err = im.category(ctx, bySlug, content.DefaultCategoryName, vi.Slug(content.DefaultCategoryName), 0); err != nil {
		return err
	}
	terms := map[string]Term{}
	for _, t := range im.x.Categories {
		terms[t.Slug] = t
	}
	var place func(t Term, depth int) (content.Category, string, error)
	place = func(t Term, depth int) (content.Category, string, error) {
		if c, ok := im.cats[t.Slug]; ok {
			return c, im.catPath(t, terms), nil
		}
		if t.Slug == "uncategorized" {
			im.cats[t.Slug] = im.def
			return im.def, t.Slug, nil
		}
		var parent int64
		if p, ok := terms[t.Parent]; ok && t.Parent != "" && depth < 20 {
			pc, _, err := place(p, depth+1)
			if err != nil {
				return content.Category{}, "", err
			}
			parent = pc.ID
		}
		slug := vi.Slug(firstNonEmpty(unescape(t.Slug), t.Name))
		c, err := im.category(ctx, bySlug, firstNonEmpty(t.Name, t.Slug), slug, parent)
		im.cats[t.Slug] = c
		return c, im.catPath(t, terms), err
	}
	for _, t := range im.x.Categories {
		c, full, err := place(t, 0)
		if apperr.Is(err, apperr.Invalid) {
			im.rep.Skipped("chuyên mục", "wordpress:category:"+t.Slug, describe(err))
			continue
		} else if err != nil {
			return err
		}
		to := content.CategoryPath(c.Slug)
		e := im.entries("wordpress:category:"+t.Slug, to, "/category/"+full+"/", "/category/"+t.Slug+"/", "/?cat="+t.ID)
		e = append(e, im.entries("wordpress:category:"+t.Slug, to+"/rss", "/category/"+full+"/feed/", "/category/"+t.Slug+"/feed/")...)
		if err := im.put(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// catPath is a category's path in WordPress's category addresses
// ("tin-tuc-su-kien/kinh-te").
func (im *Importer) catPath(t Term, terms map[string]Term) string {
	p := t.Slug
	for i, cur := 0, t; cur.Parent != "" && i < 20; i++ {
		parent, ok := terms[cur.Parent]
		if !ok {
			break
		}
		p = parent.Slug + "/" + p
		cur = parent
	}
	return p
}

// category finds the site's category of slug, creating it under parent.
func (im *Importer) category(ctx context.Context, bySlug map[string]content.Category, name, slug string, parent int64) (content.Category, error) {
	src := "wordpress:category:" + slug
	if c, ok := bySlug[slug]; ok {
		im.rep.Updated("chuyên mục", src, content.CategoryPath(slug))
		return c, nil
	}
	c := content.Category{SiteID: im.site.ID, ParentID: parent, Name: name, Slug: slug, Position: len(bySlug) + 1}
	if im.o.DryRun {
		c.ID = -int64(len(bySlug) + 1)
		im.rep.Add(importer.Entry{Kind: "chuyên mục", Source: src, Outcome: importer.Planned, Target: content.CategoryPath(slug)})
	} else {
		if err := im.d.Content.SaveCategory(ctx, &c, nil); err != nil {
			return c, err
		}
		im.rep.Imported("chuyên mục", src, content.CategoryPath(slug))
	}
	bySlug[slug] = c
	return c, nil
}

// tags: the tag pages and their feeds lead to the search for the tag.
func (im *Importer) tags(ctx context.Context) error {
	for _, t := range im.x.Tags {
		to := "/tim-kiem?q=" + url.QueryEscape(firstNonEmpty(t.Name, t.Slug))
		e := im.entries("wordpress:tag:"+t.Slug, to, "/tag/"+t.Slug+"/", "/tag/"+t.Slug+"/feed/", "/?tag="+t.Slug)
		if err := im.put(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// siteFeeds: the old site's feeds lead to the new one.
func (im *Importer) siteFeeds(ctx context.Context) error {
	return im.put(ctx, im.entries("wordpress:feed", "/rss", "/feed/", "/feed/rss2/", "/feed/atom/", "/feed/rss/", "/?feed=rss2", "/?feed=rss", "/?feed=atom", "/comments/feed/"))
}

func (im *Importer) put(ctx context.Context, e []redirect.Entry) error {
	if im.o.DryRun || len(e) == 0 {
		return nil
	}
	if err := im.d.Store.PutRedirects(ctx, e); err != nil {
		return fmt.Errorf("ghi địa chỉ cũ: %w", err)
	}
	return nil
}

// unescape decodes a slug WordPress stored percent-encoded.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return strings.TrimSpace(u)
	}
	return s
}
