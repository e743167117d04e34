package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"

	"trangtin/internal/apperr"
)

// Photos and attachments imported from another portal are stored under a
// key made from the site and the file's identity there (its path in the
// old uploads folder), so importing the same file again finds the record
// made the first time instead of storing a copy. An import killed after
// the blobs were written but before the record was is completed by the
// next run, which writes the same blobs again.

// importKey is the base blob key of the file source of siteID.
func importKey(siteID int64, source string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(siteID, 10) + "\x00" + source))
	h := hex.EncodeToString(sum[:16])
	return h[:2] + "/" + h[2:4] + "/" + h
}

// ImportImage is UploadImage for a photo of another portal, source naming
// it there: when an earlier import stored it already, the record made then
// is returned with found true and r is not read.
func (l *Library) ImportImage(ctx context.Context, siteID int64, source string, r io.Reader, alt string) (it Item, found bool, err error) {
	base := importKey(siteID, source)
	if it, err := l.records.FindMediaByKey(ctx, base); err == nil {
		return it, true, nil
	} else if !apperr.Is(err, apperr.NotFound) {
		return Item{}, false, err
	}
	it, err = l.uploadImage(ctx, siteID, 0, base, r, alt, nil)
	return it, false, err
}

// ImportFile is UploadFile for an attachment of another portal, as
// ImportImage is for a photo.
func (l *Library) ImportFile(ctx context.Context, siteID int64, source, name string, r io.Reader) (it Item, found bool, err error) {
	att, err := CheckAttachment(name, r, l.lim)
	if err != nil {
		return Item{}, false, err
	}
	key := importKey(siteID, source) + "." + att.Type
	if it, err := l.records.FindMediaByKey(ctx, key); err == nil {
		return it, true, nil
	} else if !apperr.Is(err, apperr.NotFound) {
		return Item{}, false, err
	}
	it, err = l.storeFile(ctx, siteID, 0, key, att, nil)
	return it, false, err
}
