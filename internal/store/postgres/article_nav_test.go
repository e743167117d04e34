package postgres_test

import (
	"testing"

	"trangtin/internal/store/storetest"
)

func TestArticleNavConformance(t *testing.T) {
	testDSN(t) // skips without TRANGTIN_TEST_POSTGRES, fails under CI=true
	storetest.RunArticleNav(t, func(t *testing.T) storetest.ArticleNavStore { return openStore(t, freshSchema(t)) })
}
