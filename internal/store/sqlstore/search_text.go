package sqlstore

import (
	"context"

	"trangtin/internal/apperr"
	"trangtin/internal/search"
)

// SearchText returns the Text an index Doc holds for the thing d names, as
// the content has it now, or "" when it is gone: for a store that keeps
// that text only in the content, to build the snippets of the hits shown.
func (db *DB) SearchText(ctx context.Context, d search.Doc) (string, error) {
	var text string
	var err error
	switch d.Kind {
	case search.KindArticle:
		a, e := db.FindArticleByID(ctx, d.SiteID, d.RefID)
		text, err = articleDoc(&a, nil).Text, e
	case search.KindPage:
		p, e := db.FindPageBySlug(ctx, d.SiteID, d.Slug)
		text, err = pageDoc(&p).Text, e
	case search.KindDocument:
		x, e := db.FindDocumentByID(ctx, d.SiteID, d.RefID)
		text, err = documentDoc(&x).Text, e
	case search.KindQuestion:
		x, e := db.FindQuestionByID(ctx, d.SiteID, d.RefID)
		text, err = questionDoc(&x).Text, e
	}
	if apperr.Is(err, apperr.NotFound) {
		return "", nil
	}
	return text, err
}
