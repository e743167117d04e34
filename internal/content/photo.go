package content

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
)

// Photo is an article's featured photo as the public pages show it: a
// snapshot of a photo of the site's media library (its variants' srcset
// and its description), taken when the article is saved, so listings need
// no lookup. The zero Photo (ID 0) means none.
type Photo struct {
	ID     int64  `json:"id"`
	Src    string `json:"src"`              // the largest variant, under /anh/
	Srcset string `json:"srcset,omitempty"` // every variant with its width
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Alt    string `json:"alt"`
	// Caption is the visible line under the photo on the article page
	// ("Ảnh: …"; the library's caption when the photo is picked there);
	// "" for none. Alt describes the photo for those who cannot see it;
	// the caption is read by everyone.
	Caption string `json:"caption,omitempty"`
}

// MaxPhotoAlt bounds a featured photo's description, in characters;
// MaxPhotoCaption its caption.
const (
	MaxPhotoAlt     = 500
	MaxPhotoCaption = 500
)

// EncodePhoto is how the stores keep a Photo: JSON, or "" for none.
func EncodePhoto(p Photo) string {
	if p.ID == 0 {
		return ""
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return string(b)
}

// DecodePhoto reads what EncodePhoto wrote; anything unreadable is no photo.
func DecodePhoto(s string) Photo {
	var p Photo
	if s == "" || json.Unmarshal([]byte(s), &p) != nil {
		return Photo{}
	}
	return p
}

// cleanPhoto checks a featured photo: a photo of this site's media
// library (every address under /anh/), with a description of sane length.
func cleanPhoto(p *Photo) error {
	if p.ID == 0 {
		*p = Photo{}
		return nil
	}
	p.Alt = strings.Join(strings.Fields(clean(p.Alt)), " ")
	p.Caption = strings.Join(strings.Fields(clean(p.Caption)), " ")
	if utf8.RuneCountInString(p.Caption) > MaxPhotoCaption {
		msg := "Chú thích ảnh quá dài: tối đa 500 ký tự."
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"photo_caption": msg}}
	}
	ok := p.ID > 0 && localImageURL(p.Src) && utf8.RuneCountInString(p.Alt) <= MaxPhotoAlt && p.Width >= 0 && p.Height >= 0
	for _, cand := range strings.Split(p.Srcset, ",") {
		if f := strings.Fields(cand); len(f) > 0 && !localImageURL(f[0]) {
			ok = false
		}
	}
	if !ok {
		msg := "Ảnh đại diện không hợp lệ: hãy chọn một ảnh đã tải lên thư viện ảnh của trang."
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"photo": msg}}
	}
	return nil
}
