package hitpath

import (
	"testing"

	"trangtin/internal/search"
)

// TestHitPath: the search index holds kinds and ids, and the public
// address of each kind is built from them.
func TestHitPath(t *testing.T) {
	for _, c := range []struct {
		doc  search.Doc
		want string
	}{
		{search.Doc{Kind: search.KindArticle, RefID: 7, Slug: "hoi-nghi"}, "/tin-tuc/hoi-nghi"},
		{search.Doc{Kind: search.KindPage, RefID: 8, Slug: "gioi-thieu"}, "/trang/gioi-thieu"},
		{search.Doc{Kind: search.KindDocument, RefID: 12, Code: "123/QĐ-UBND"}, "/van-ban/12-123-qd-ubnd"},
		{search.Doc{Kind: search.KindQuestion, RefID: 42}, "/hoi-dap/42"},
	} {
		if got := Of(c.doc); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.doc.Kind, c.doc.RefID, got, c.want)
		}
	}
}
