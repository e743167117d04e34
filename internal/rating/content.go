package rating

import (
	"context"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/document"
)

// ArticleResolver finds public articles: a draft, a scheduled or a
// withdrawn article cannot be rated.
func ArticleResolver(svc *content.Service) Resolver {
	return func(ctx context.Context, siteID, id int64) (Item, error) {
		a, err := svc.Store().FindArticleByID(ctx, siteID, id)
		if err != nil {
			return Item{}, err
		}
		if a, err = svc.PublicArticle(ctx, siteID, a.Slug); err != nil {
			if apperr.Is(err, apperr.Gone) {
				return Item{}, apperr.New(apperr.NotFound, "Bài viết này không còn được công bố.")
			}
			return Item{}, err
		}
		return Item{Title: a.Title, URL: content.ArticlePath(a.Slug)}, nil
	}
}

// DocumentResolver finds published documents of the register: a draft or
// a withdrawn document cannot be rated.
func DocumentResolver(svc *document.Service) Resolver {
	return func(ctx context.Context, siteID, id int64) (Item, error) {
		d, err := svc.Public(ctx, siteID, id)
		if err != nil {
			if apperr.Is(err, apperr.Gone) {
				return Item{}, apperr.New(apperr.NotFound, "Văn bản này không còn được công bố.")
			}
			return Item{}, err
		}
		return Item{Title: d.Title(), URL: d.Path()}, nil
	}
}
