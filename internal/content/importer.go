package content

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/vi"
)

// ImportRecord is one article in the JSON Lines import format
// (shared/corpus/articles.jsonl).
type ImportRecord struct {
	URL      string  `json:"url"`
	Site     string  `json:"site"`
	Title    string  `json:"title"`
	Date     *string `json:"date"`
	Author   *string `json:"author"`
	Category *string `json:"category"`
	Body     string  `json:"body"`
}

// DefaultCategoryName is where imported articles without a category go.
const DefaultCategoryName = "Tin tức - Sự kiện"

// ParseImportLine decodes and checks one line of an import file. The error
// says in Vietnamese what is wrong with the line.
func ParseImportLine(line []byte) (ImportRecord, error) {
	var rec ImportRecord
	dec := json.NewDecoder(strings.NewReader(string(line)))
	if err := dec.Decode(&rec); err != nil {
		return rec, apperr.Wrap(apperr.Invalid, "dòng không phải JSON hợp lệ", err)
	}
	if dec.More() {
		return rec, apperr.New(apperr.Invalid, "dòng có dữ liệu thừa sau đối tượng JSON")
	}
	var problems []string
	if u, err := url.Parse(rec.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, "thiếu hoặc sai trường url")
	}
	if strings.TrimSpace(rec.Title) == "" {
		problems = append(problems, "thiếu tiêu đề (title)")
	}
	if strings.TrimSpace(rec.Body) == "" {
		problems = append(problems, "thiếu nội dung (body)")
	}
	if rec.Date != nil {
		if _, err := time.Parse(time.DateOnly, *rec.Date); err != nil {
			problems = append(problems, fmt.Sprintf("ngày %q không đúng dạng yyyy-mm-dd", *rec.Date))
		}
	}
	if len(problems) > 0 {
		return rec, apperr.New(apperr.Invalid, strings.Join(problems, "; "))
	}
	return rec, nil
}

// ImportOutcome says what Import did with a record.
type ImportOutcome int

const (
	Imported ImportOutcome = iota + 1 // a new article
	Updated                           // an article with the same URL existed
)

// Importer imports records into one site, creating categories by name as
// needed. It is not safe for concurrent use.
type Importer struct {
	svc      *Service
	siteID   int64
	defaultC Category
	bySlug   map[string]Category
}

// NewImporter prepares an import into site, creating its default category
// ("Tin tức - Sự kiện") when missing.
func (s *Service) NewImporter(ctx context.Context, siteID int64) (*Importer, error) {
	cats, err := s.store.FindCategories(ctx, siteID)
	if err != nil {
		return nil, err
	}
	im := &Importer{svc: s, siteID: siteID, bySlug: map[string]Category{}}
	for _, c := range cats {
		im.bySlug[c.Slug] = c
	}
	im.defaultC, err = im.category(ctx, DefaultCategoryName, 0)
	return im, err
}

// category finds a category by the slug of name, creating it under parent.
func (im *Importer) category(ctx context.Context, name string, parent int64) (Category, error) {
	slug := vi.Slug(name)
	if c, ok := im.bySlug[slug]; ok {
		return c, nil
	}
	c := Category{SiteID: im.siteID, ParentID: parent, Name: name, Slug: slug, Position: len(im.bySlug) + 1}
	if err := im.svc.SaveCategory(ctx, &c, nil); err != nil {
		return Category{}, err
	}
	im.bySlug[slug] = c
	return c, nil
}

// Import stores rec as a published article, updating the article with the
// same source URL when there is one.
func (im *Importer) Import(ctx context.Context, rec ImportRecord) (ImportOutcome, error) {
	cat := im.defaultC
	if rec.Category != nil && strings.TrimSpace(*rec.Category) != "" && vi.Slug(*rec.Category) != "" {
		var err error
		// Unknown sections become sub-categories of the default one,
		// so an import never floods the main menu.
		if cat, err = im.category(ctx, strings.TrimSpace(*rec.Category), im.defaultC.ID); err != nil {
			return 0, err
		}
	}
	a, err := im.svc.store.FindArticleBySourceURL(ctx, im.siteID, rec.URL)
	outcome := Updated
	switch {
	case apperr.Is(err, apperr.NotFound):
		outcome = Imported
		a = Article{SiteID: im.siteID, SourceURL: rec.URL, Status: StatusPublished}
	case err != nil:
		return 0, err
	}
	a.Title = rec.Title
	a.Body = TextToHTML(rec.Body)
	a.CategoryID = cat.ID
	a.Author = ""
	if rec.Author != nil {
		a.Author = *rec.Author
	}
	if rec.Date != nil {
		d, _ := time.ParseInLocation(time.DateOnly, *rec.Date, vi.Zone) // checked by ParseImportLine
		a.PublishedAt = d
	}
	if err := im.svc.SaveArticle(ctx, &a); err != nil {
		return 0, err
	}
	return outcome, nil
}
