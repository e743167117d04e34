package newsroom_test

import (
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

func TestSubmitNeedsAltText(t *testing.T) { onEachStore(t, testSubmitNeedsAltText) }

// testSubmitNeedsAltText: the rule lives in the workflow, so every path
// (the admin area, an import, a future API) is held to it, for a new
// article and for the edit of a published one.
func testSubmitNeedsAltText(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	d := f.draft("Lễ hội chùa Bái Đính")
	d.Body = `<p>Ảnh: <img src="/anh/2026/11/le-hoi-960.jpg"><img src="/anh/2026/11/ok.jpg" alt="Đoàn rước"><img src="/anh/2026/11/cho-que.jpg" alt=" "></p>`
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, d)).Get(t)
	_, err := f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)
	wantCode(t, err, apperr.Invalid, "submit with images without alt")
	msg := apperr.MessageOf(err)
	if !strings.Contains(msg, "le-hoi-960.jpg") || !strings.Contains(msg, "cho-que.jpg") || strings.Contains(msg, "ok.jpg") {
		t.Errorf("message does not name exactly the images without alt: %s", msg)
	}
	if got := testenv.Must(f.db.FindArticleByID(ctx, f.site.ID, a.ID)).Get(t); got.Status != content.StatusDraft {
		t.Fatalf("refused submit changed the status to %s", got.Status)
	}
	d.Body = `<p><img src="/anh/2026/11/le-hoi-960.jpg" alt="Lễ hội"></p>`
	testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "")).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	a = testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)

	// An edit of the published article is checked on its pending text,
	// featured photo included; the revision keeps the photo.
	d.Body = `<p><img src="/anh/2026/11/moi.png" alt="Mới"></p>`
	d.Photo = content.Photo{ID: 9, Src: "/anh/2026/11/dai-dien-960.jpg", Srcset: "/anh/2026/11/dai-dien-480.jpg 480w", Width: 960, Height: 640}
	a = testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "")).Get(t)
	if rev := testenv.Must(f.db.FindRevision(ctx, f.site.ID, a.PendingRevisionID)).Get(t); rev.Draft.Photo != d.Photo {
		t.Errorf("revision photo %+v", rev.Draft.Photo)
	}
	_, err = f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)
	wantCode(t, err, apperr.Invalid, "submit an edit with a featured photo without alt")
	if !strings.Contains(apperr.MessageOf(err), "dai-dien-960.jpg") {
		t.Errorf("featured photo: %s", apperr.MessageOf(err))
	}
	d.Photo.Alt = "Cổng chùa"
	d.Body = `<p><img src="/anh/2026/11/moi.png"></p>`
	testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "")).Get(t)
	_, err = f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)
	wantCode(t, err, apperr.Invalid, "submit an edit with an image without alt")
	if !strings.Contains(apperr.MessageOf(err), "moi.png") {
		t.Errorf("edit: %s", apperr.MessageOf(err))
	}
	// A photo from elsewhere cannot be stored as the featured photo.
	d.Photo = content.Photo{ID: 3, Src: "https://tracker.example.com/p.gif", Alt: "x"}
	_, err = f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, d, "")
	wantCode(t, err, apperr.Invalid, "remote featured photo")
}

func TestImagesWithoutAlt(t *testing.T) {
	got := newsroom.ImagesWithoutAlt(`<img src="/anh/a.jpg?v=2"><img src="/anh/a.jpg"><img alt="x" src="/anh/b.jpg"><img>`)
	if strings.Join(got, "|") != "a.jpg|(ảnh không có địa chỉ)" {
		t.Errorf("got %q", got)
	}
	if newsroom.AltError(`<p>Không ảnh</p>`) != nil {
		t.Error("no image, but an error")
	}
}
