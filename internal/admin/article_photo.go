package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/media"
)

// The featured photo of an article: picked in the editor among the
// photos of the site's media library (radio buttons with thumbnails, so
// it works without JavaScript), stored with the article as a snapshot of
// the photo's variants and description (content.Photo).

// photoChoices is how many of the library's newest photos the editor offers.
const photoChoices = 24

// PhotoChoice is one photo the editor offers as the featured photo.
type PhotoChoice struct {
	ID       string // the radio's value
	InputID  string
	Thumb    string // the smallest variant
	Alt      string // the photo's description, "" when it has none
	Selected bool
}

// photoOf makes the snapshot of the site's photo id (0: none).
func photoOf(it media.Item) content.Photo {
	p := content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt, Caption: it.Caption}
	return p
}

// resolvePhoto reads the "photo" field into in.Photo: a photo of this
// site's library, freshly snapshotted (so a description written in the
// library since is picked up), or none. A bad value is a field error.
func (p *newsroomPages) resolvePhoto(ctx context.Context, siteID int64, in *articleInput) error {
	raw := strings.TrimSpace(in.PhotoRaw)
	if !in.hasDraft {
		return nil
	}
	if raw == "" || raw == "0" {
		in.Photo = content.Photo{}
		return nil
	}
	caption := strings.Join(strings.Fields(in.PhotoCaption), " ")
	if utf8.RuneCountInString(caption) > content.MaxPhotoCaption {
		msg := fmt.Sprintf("Chú thích ảnh quá dài: tối đa %d ký tự.", content.MaxPhotoCaption)
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"photo_caption": msg}}
	}
	msg := "Ảnh đại diện không có trong thư viện ảnh của trang. Hãy chọn lại ảnh."
	bad := &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"photo": msg}}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 || p.s.media == nil {
		return bad
	}
	it, err := p.s.media.Find(ctx, siteID, id)
	if apperr.Is(err, apperr.NotFound) || err == nil && it.Kind != media.KindImage {
		return bad
	}
	if err != nil {
		return err
	}
	in.Photo = photoOf(it)
	if caption != "" { // the editor's own line; none typed: the library's caption
		in.Photo.Caption = caption
	}
	return nil
}

// photoChoicesFor lists the photos the editor offers, the current one
// first when it is not among the newest.
func (p *newsroomPages) photoChoicesFor(ctx context.Context, siteID int64, current content.Photo) ([]PhotoChoice, error) {
	out := []PhotoChoice{{ID: "0", InputID: "photo-0", Selected: current.ID == 0}}
	if p.s.media == nil {
		return out, nil
	}
	items, err := p.s.media.List(ctx, siteID, photoChoices, 0)
	if err != nil {
		return nil, err
	}
	seen := false
	var list []PhotoChoice
	for _, it := range items {
		if it.Kind != media.KindImage || len(it.Variants) == 0 {
			continue
		}
		c := PhotoChoice{ID: strconv.FormatInt(it.ID, 10), InputID: "photo-" + strconv.FormatInt(it.ID, 10),
			Thumb: media.ImageURL(it.Variants[0].Key), Alt: it.Alt, Selected: it.ID == current.ID}
		seen = seen || c.Selected
		list = append(list, c)
	}
	if current.ID != 0 && !seen {
		out = append(out, PhotoChoice{ID: strconv.FormatInt(current.ID, 10), InputID: "photo-" + strconv.FormatInt(current.ID, 10),
			Thumb: current.Src, Alt: current.Alt, Selected: true})
	}
	return append(out, list...), nil
}
