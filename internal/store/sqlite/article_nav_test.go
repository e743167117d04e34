package sqlite_test

import (
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

func TestArticleNavConformance(t *testing.T) {
	storetest.RunArticleNav(t, func(t *testing.T) storetest.ArticleNavStore { return open(t).(*sqlite.DB) })
}
