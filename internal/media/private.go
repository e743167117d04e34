package media

import (
	"bytes"
	"context"
	"io"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Private uploads: a citizen's attachment to a question, one photo or one
// PDF. It is stored as an attachment (KindFile) that no owner lists as
// public, so visitors never reach it (OpenPublicFile is NotFound) and only
// signed-in staff open it (OpenFile). A photo goes through the photo
// pipeline first (its largest variant is kept: pixels only, no EXIF or
// GPS data); a PDF is checked from its bytes.

// DefaultMaxPrivateBytes bounds a citizen's attachment.
const DefaultMaxPrivateBytes = 5 << 20

const msgPrivateType = "Tệp đính kèm chỉ nhận một ảnh (JPEG, PNG, GIF, WebP) hoặc một tệp PDF."

// UploadPrivate checks the photo or PDF named name, of at most max bytes
// (≤ 0: DefaultMaxPrivateBytes), stores it and records it for siteID as a
// private attachment, with a in the same transaction. A refused or failed
// upload stores nothing.
func (l *Library) UploadPrivate(ctx context.Context, siteID int64, name string, r io.Reader, max int64, a *audit.Entry) (Item, error) {
	if max <= 0 {
		max = DefaultMaxPrivateBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return Item{}, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	if int64(len(data)) > max {
		return Item{}, apperr.Errorf(apperr.TooLarge, "Tệp đính kèm quá lớn: dung lượng tối đa là %s. Hãy chụp ảnh nhỏ hơn hoặc chọn tệp khác.", formatSize(max))
	}
	if len(data) == 0 {
		return Item{}, apperr.New(apperr.Invalid, msgAttachmentEmpty)
	}
	switch sniffImage(data) {
	case inJPEG, inPNG, inGIF, inWebP:
		img, err := l.processLimited(ctx, data)
		if err != nil {
			return Item{}, err
		}
		big := img.Largest()
		ext := strings.TrimPrefix(img.Ext(), ".")
		att := Attachment{Type: ext, FileName: SafeFileName(name, ext), ContentType: img.ContentType(), Data: big.Data}
		return l.storeFile(ctx, siteID, 0, NewKey()+"."+ext, att, a)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return Item{}, apperr.New(apperr.Invalid, msgPrivateType)
	}
	att, err := CheckAttachment(name, bytes.NewReader(data), Limits{MaxAttachmentBytes: max})
	if err != nil {
		return Item{}, err
	}
	return l.storeFile(ctx, siteID, 0, NewKey()+"."+att.Type, att, a)
}
