package main

import (
	"context"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/rating"
)

// The rating module knows kinds and ids; what may be rated, and where it
// is read, is for the modules that own the items. These resolvers join
// them here, in the wiring, so rating imports neither.

// ratingResolvers returns the resolver of each kind that may be rated.
func ratingResolvers(articles *content.Service, docs *document.Service) map[rating.Kind]rating.Resolver {
	return map[rating.Kind]rating.Resolver{rating.Article: articleResolver(articles), rating.Document: documentResolver(docs)}
}

// articleResolver finds public articles: a draft, a scheduled or a
// withdrawn article cannot be rated.
func articleResolver(svc *content.Service) rating.Resolver {
	return func(ctx context.Context, siteID, id int64) (rating.Item, error) {
		a, err := svc.Store().FindArticleByID(ctx, siteID, id)
		if err != nil {
			return rating.Item{}, err
		}
		if a, err = svc.PublicArticle(ctx, siteID, a.Slug); err != nil {
			if apperr.Is(err, apperr.Gone) {
				return rating.Item{}, apperr.New(apperr.NotFound, "Bài viết này không còn được công bố.")
			}
			return rating.Item{}, err
		}
		return rating.Item{Title: a.Title, URL: content.ArticlePath(a.Slug)}, nil
	}
}

// documentResolver finds published documents of the register: a draft or
// a withdrawn document cannot be rated.
func documentResolver(svc *document.Service) rating.Resolver {
	return func(ctx context.Context, siteID, id int64) (rating.Item, error) {
		d, err := svc.Public(ctx, siteID, id)
		if err != nil {
			if apperr.Is(err, apperr.Gone) {
				return rating.Item{}, apperr.New(apperr.NotFound, "Văn bản này không còn được công bố.")
			}
			return rating.Item{}, err
		}
		return rating.Item{Title: d.Title(), URL: d.Path()}, nil
	}
}
