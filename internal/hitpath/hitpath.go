// Package hitpath gives a search hit its public address: the search index
// (kernel) knows only kinds and ids, the modules their addresses, and the
// public site and the API both show them.
package hitpath

import (
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/question"
	"trangtin/internal/search"
)

// Of is the public address of the hit d.
func Of(d search.Doc) string {
	switch d.Kind {
	case search.KindPage:
		return content.PagePath(d.Slug)
	case search.KindDocument:
		return document.Path(d.RefID, d.Code)
	case search.KindQuestion:
		return question.Path(d.RefID)
	}
	return content.ArticlePath(d.Slug)
}
