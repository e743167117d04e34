package newsroom

import (
	"context"
	"path"
	"strings"

	"golang.org/x/net/html"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// ImagesWithoutAlt names the images of an article body that have no
// description (alt text): the file name of each, in order, once each.
func ImagesWithoutAlt(body string) []string {
	if !strings.Contains(body, "<img") {
		return nil
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var out []string
	seen := map[string]bool{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if name, _ := z.TagName(); string(name) != "img" {
			continue
		}
		var src, alt string
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			switch string(k) {
			case "src":
				src = string(v)
			case "alt":
				alt = string(v)
			}
		}
		if strings.TrimSpace(alt) != "" {
			continue
		}
		name := path.Base(strings.SplitN(src, "?", 2)[0])
		if name == "." || name == "/" || name == "" {
			name = "(ảnh không có địa chỉ)"
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
}

// AltError is the error for a body whose images lack a description, naming
// them; nil when every image has one.
func AltError(body string) error {
	names := ImagesWithoutAlt(body)
	if len(names) == 0 {
		return nil
	}
	msg := "Ảnh chưa có mô tả (văn bản thay thế): " + strings.Join(names, ", ") +
		". Mỗi ảnh cần có mô tả trước khi gửi biên tập: hãy chèn lại ảnh bằng nút «Chèn ảnh» và nhập mô tả."
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"body": msg}}
}

// checkAlt refuses to submit a working text (the article's, or its pending
// edit's) with an image without a description.
func (s *Service) checkAlt(ctx context.Context, art content.Article) error {
	body, photo := art.Body, art.Photo
	if art.PendingRevisionID != 0 {
		rev, err := s.store.FindRevision(ctx, art.SiteID, art.PendingRevisionID)
		if err != nil {
			return err
		}
		body, photo = rev.Draft.Body, rev.Draft.Photo
	}
	if photo.ID != 0 && strings.TrimSpace(photo.Alt) == "" {
		msg := "Ảnh đại diện (" + path.Base(photo.Src) + ") chưa có mô tả (văn bản thay thế): hãy nhập mô tả cho ảnh trong thư viện ảnh trước khi gửi biên tập."
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"photo": msg}}
	}
	return AltError(body)
}
