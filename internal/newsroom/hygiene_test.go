package newsroom_test

import (
	"testing"

	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestControlCharactersDropped: the workflow's texts (the draft through
// content.PrepareArticle, a return comment) lose their control characters.
func TestControlCharactersDropped(t *testing.T) {
	f := setup(t, openSQLite, user.Policy{})
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft("Hội nghị\x00 bảo trợ\x1b[0m xã hội"))).Get(t)
	if a.Title != "Hội nghị bảo trợ[0m xã hội" {
		t.Errorf("title %q", a.Title)
	}
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	a = testenv.Must(f.nr.Return(ctx, f.editor, f.site.ID, a.ID, "Bổ sung\x07 số liệu\x00.\nXem lại tít.")).Get(t)
	if a.ReviewNote != "Bổ sung số liệu.\nXem lại tít." {
		t.Errorf("review note %q", a.ReviewNote)
	}
}
