package content

import "time"

// ListItem is one entry of a public list (a category, the search results,
// "Bài viết khác", Tin từ cơ sở), shown by the template "item"
// (ui/templates/_item.html) the same way everywhere: the photo on the
// left, the title, the date and the lead (sapo). An entry without a photo
// takes the whole width. The template reads the fields by name, so a
// list with marked-up titles (search results: web.SearchItem) passes a
// type of the same shape whose Title and Lead are HTML.
type ListItem struct {
	URL   string
	Title string
	Date  time.Time // zero: no date shown
	Photo Photo     // the zero Photo: none
	Lead  string    // the sapo
	Site  string    // another site's name (the province view); "" for this site
	Label string    // what the entry is, before its date ("Văn bản ban hành"); "" for an article
	// Heading is the level of the title's heading: 2 under the page's
	// title, 3 under a section's heading (any other value).
	Heading int
}

// ArticleItem is a's entry in a list whose titles are headings of the
// given level (2 or 3).
func ArticleItem(a Article, heading int) ListItem {
	return ListItem{URL: ArticlePath(a.Slug), Title: a.Title, Date: a.PublishedAt, Photo: a.Photo, Lead: a.Summary, Heading: heading}
}
