package content

// Public addresses of content, shared by the pages, the API and feeds.

// ArticlePath is where an article is read.
func ArticlePath(slug string) string { return "/tin-tuc/" + slug }

// CategoryPath is a category's listing.
func CategoryPath(slug string) string { return "/chuyen-muc/" + slug }

// PagePath is where a static page is read.
func PagePath(slug string) string { return "/trang/" + slug }
