package content

import (
	"strings"
	"time"

	"trangtin/internal/vi"
)

// PageFuncs are the functions the public templates call: the public site
// (web.Funcs) and the editors' preview of an article, which renders the
// same article template, both take them from here. The values suit
// html/template's FuncMap.
func PageFuncs() map[string]any {
	return map[string]any{
		"date": vi.LocalDate,
		// clock is the time of day of a publication, "08:30", or "" when
		// none is known (an imported date: midnight exactly).
		"clock": func(t time.Time) string {
			if !vi.HasClock(t) {
				return ""
			}
			return vi.LocalClock(t)
		},
		"isoTime":     func(t time.Time) string { return t.In(vi.Zone).Format(time.RFC3339) },
		"articleURL":  func(a Article) string { return ArticlePath(a.Slug) },
		"categoryURL": func(c Category) string { return CategoryPath(c.Slug) },
		// item is an article's entry in a list (ListItem, the "item"
		// template), its title a heading of the given level.
		"item": ArticleItem,
		"telHref": func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == '+' || r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, s)
		},
	}
}
