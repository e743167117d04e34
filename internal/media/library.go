package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Kinds of stored media.
const (
	KindImage = "image" // a photo, stored as re-encoded variants
	KindFile  = "file"  // an attachment, stored as uploaded
	// KindVideo (video.go) is an MP4 video with its poster photo.
)

// Public address prefixes: photos at /anh/<variant key>, attachments at
// /tep/<file key>/<file name>.
const (
	ImagePathPrefix = "/anh/"
	FilePathPrefix  = "/tep/"
)

// MaxAltRunes bounds the alternative text of a photo.
const MaxAltRunes = 300

// maxConcurrentImages is how many photos are decoded at once: a 40-megapixel
// photo decodes to about 160 MB, so more in parallel would risk the memory
// of a small server for little gain in throughput.
const maxConcurrentImages = 2

// Messages shown to editors.
const (
	msgAltTooLong   = "Mô tả ảnh (văn bản thay thế) quá dài: tối đa 300 ký tự."
	msgImageBusy    = "Máy chủ đang xử lý nhiều ảnh cùng lúc. Vui lòng thử lại sau ít phút."
	msgStoreFailed  = "Không lưu được tệp tải lên. Vui lòng thử lại."
	msgNoImage      = "Không tìm thấy ảnh."
	msgNoFile       = "Không tìm thấy tệp đính kèm."
	defaultListSize = 50
	maxListSize     = 500
)

// Item is the record of a stored photo or attachment.
type Item struct {
	ID     int64
	SiteID int64
	Kind   string // KindImage or KindFile
	// BlobKey is the base key: for a photo, the key its variant keys
	// extend ("ab/cd/…-960.jpg"); for an attachment, the key of the blob
	// itself.
	BlobKey string
	// FileKey is the random key of an attachment's addresses (see
	// FileURL, NewFileKey): 32 lower-case hex characters, unrelated to ID
	// and BlobKey so addresses cannot be guessed or enumerated. Every
	// record has one; only attachments are served by it.
	FileKey     string
	FileName    string // attachments: the safe download name; photos: the uploaded file's name when the library's form kept it, else ""
	ContentType string
	Size        int64 // bytes stored: the attachment, or every variant of a photo
	Width       int   // photos: upright size of the largest variant
	Height      int
	Variants    []StoredVariant // photos: ascending by width; attachments: none
	Alt         string          // photos: alternative text, "" until written
	Caption     string          // photos: the line printed under it, "" until written
	CreatedBy   int64           // user id; 0 for the system
	CreatedAt   time.Time
	// Public reports whether a public owner lists the record: a published
	// document or consultation of the same site. Only then is an
	// attachment served to visitors. The finders fill it in; CreateMedia
	// ignores it.
	Public bool
}

// StoredVariant is one stored size of a photo.
type StoredVariant struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Key    string `json:"key"`
}

// NeedsAlt reports whether the item is a photo still without alternative
// text: an article showing it cannot be submitted until it has one.
func (it Item) NeedsAlt() bool {
	return (it.Kind == KindImage || it.Kind == KindVideo) && strings.TrimSpace(it.Alt) == ""
}

// URL is the public address of the item: the largest variant of a photo,
// a video's MP4 file, or the download address of an attachment.
func (it Item) URL() string {
	if it.Kind == KindVideo {
		return VideoURL(it.BlobKey)
	}
	if it.Kind == KindImage {
		if len(it.Variants) == 0 {
			return ""
		}
		return ImageURL(it.Variants[len(it.Variants)-1].Key)
	}
	return FileURL(it.FileKey, it.FileName)
}

// Srcset is the value of the srcset attribute of a photo or a video's
// poster ("" otherwise).
func (it Item) Srcset() string {
	if it.Kind != KindImage && it.Kind != KindVideo || len(it.Variants) == 0 {
		return ""
	}
	keys := make(map[int]string, len(it.Variants))
	widths := make([]int, len(it.Variants))
	for i, v := range it.Variants {
		widths[i] = v.Width
		keys[v.Width] = v.Key
	}
	return Srcset(widths, func(w int) string { return ImageURL(keys[w]) })
}

// ImageURL is the public address of a photo variant; its content never
// changes, so it may be cached forever.
func ImageURL(key string) string { return ImagePathPrefix + key }

// FileURL is the public download address of the attachment whose FileKey
// is key, under its file name. It answers only while the attachment is
// Public.
func FileURL(key, fileName string) string {
	return FilePathPrefix + key + "/" + url.PathEscape(fileName)
}

// FileKeyLen is the length of a FileKey.
const FileKeyLen = 32

// NewFileKey returns a fresh FileKey: 128 random bits as 32 lower-case hex
// characters.
func NewFileKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// IsFileKey reports whether s has the form of a FileKey (32 lower-case hex
// characters). Legacy addresses carried the sequential ID instead, which
// never has 32 digits.
func IsFileKey(s string) bool {
	if len(s) != FileKeyLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// RecordStore keeps the records of stored media. Implementations return
// apperr.NotFound for a missing record (FindMedia, FindMediaByFileKey and
// UpdateMediaAlt only see the records of siteID) and apperr.Conflict for a
// BlobKey or FileKey taken. Every finder fills in Item.Public.
type RecordStore interface {
	// CreateMedia inserts it, setting its ID, and its FileKey when empty
	// (with NewFileKey), and appends a (when not nil, naming it when it
	// names nothing) to the audit log in the same transaction.
	CreateMedia(ctx context.Context, it *Item, a *audit.Entry) error
	FindMedia(ctx context.Context, siteID, id int64) (Item, error)
	// FindMediaByIDs returns the records of siteID among ids, in any order;
	// unknown ids and those of other sites are left out. One query, so a
	// list of documents reads the files of all its rows at once.
	FindMediaByIDs(ctx context.Context, siteID int64, ids []int64) ([]Item, error)
	// FindMediaByKey finds the record whose BlobKey is key, on any site.
	FindMediaByKey(ctx context.Context, key string) (Item, error)
	// FindMediaByFileKey finds the record of siteID whose FileKey is key.
	FindMediaByFileKey(ctx context.Context, siteID int64, key string) (Item, error)
	// FindMediaList lists a site's media, newest first.
	FindMediaList(ctx context.Context, siteID int64, limit, offset int) ([]Item, error)
	UpdateMediaAlt(ctx context.Context, siteID, id int64, alt string) error
}

// Library stores the uploads of every site: blobs in a BlobStore, records
// in a RecordStore. An upload is stored whole or not at all. It is safe for
// concurrent use; at most two photos are decoded at a time.
type Library struct {
	records RecordStore
	blobs   BlobStore
	lim     Limits
	sem     chan struct{}
	now     func() time.Time
	process func(io.Reader, Limits) (*Image, error) // ProcessImage; replaced in tests
	named   *namedUpload                            // set on the copy UploadNamedImage makes
}

// NewLibrary returns a library over records and blobs, with lim (zero
// fields take their defaults).
func NewLibrary(records RecordStore, blobs BlobStore, lim Limits) *Library {
	return &Library{
		records: records,
		blobs:   blobs,
		lim:     lim.withDefaults(),
		sem:     make(chan struct{}, maxConcurrentImages),
		now:     time.Now,
		process: ProcessImage,
	}
}

// Limits returns the limits in force, defaults filled in.
func (l *Library) Limits() Limits { return l.lim }

// UploadImage checks and re-encodes a photo (see ProcessImage), stores its
// variants under fresh keys and records it for siteID. alt may be empty at
// upload (Item.NeedsAlt then reports it); it is NFC-normalised, its
// whitespace collapsed, and refused beyond MaxAltRunes characters.
func (l *Library) UploadImage(ctx context.Context, siteID, userID int64, r io.Reader, alt string, a *audit.Entry) (Item, error) {
	return l.uploadImage(ctx, siteID, userID, NewKey(), r, alt, a)
}

// uploadImage is UploadImage with the base key of the variants given.
func (l *Library) uploadImage(ctx context.Context, siteID, userID int64, base string, r io.Reader, alt string, a *audit.Entry) (Item, error) {
	alt, err := CleanAlt(alt)
	if err != nil {
		return Item{}, err
	}
	// Read the upload before taking a decoding slot, so a slow client does
	// not hold one. ProcessImage reports an upload past the limit.
	data, err := io.ReadAll(io.LimitReader(r, l.lim.MaxImageBytes+1))
	if err != nil {
		return Item{}, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	img, err := l.processLimited(ctx, data)
	if err != nil {
		return Item{}, err
	}

	it := Item{
		SiteID:      siteID,
		Kind:        KindImage,
		BlobKey:     base,
		ContentType: img.ContentType(),
		Width:       img.Largest().Width,
		Height:      img.Largest().Height,
		Alt:         alt,
		CreatedBy:   userID,
		CreatedAt:   l.now(),
	}
	if l.named != nil {
		it.FileName, it.Caption = l.named.name, l.named.caption
	}
	// The variants are written through one batch where the store has
	// them, and made durable together before the record is committed.
	put, sync := l.blobs.Put, func() error { return nil }
	if sb, ok := l.blobs.(SyncBatcher); ok {
		b := sb.NewBatch()
		put, sync = b.Put, b.Sync
	}
	var written []string
	for _, v := range img.Variants {
		key := base + "-" + strconv.Itoa(v.Width) + img.Ext()
		if err := put(ctx, key, v.Data, img.ContentType()); err != nil {
			l.discard(ctx, written)
			return Item{}, storeFailed(err)
		}
		written = append(written, key)
		it.Variants = append(it.Variants, StoredVariant{Width: v.Width, Height: v.Height, Key: key})
		it.Size += int64(len(v.Data))
	}
	if err := sync(); err != nil {
		l.discard(ctx, written)
		return Item{}, storeFailed(err)
	}
	if err := l.records.CreateMedia(ctx, &it, describe(a, it)); err != nil {
		l.discard(ctx, written)
		return Item{}, storeFailed(err)
	}
	return it, nil
}

// processLimited runs the photo decoder once a slot is free.
func (l *Library) processLimited(ctx context.Context, data []byte) (*Image, error) {
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, apperr.Wrap(apperr.Unavailable, msgImageBusy, ctx.Err())
	}
	defer func() { <-l.sem }()
	return l.process(bytes.NewReader(data), l.lim)
}

// UploadFile checks an attachment (see CheckAttachment) named name, stores
// it as-is and records it for siteID.
func (l *Library) UploadFile(ctx context.Context, siteID, userID int64, name string, r io.Reader, a *audit.Entry) (Item, error) {
	att, err := CheckAttachment(name, r, l.lim)
	if err != nil {
		return Item{}, err
	}
	return l.storeFile(ctx, siteID, userID, NewKey()+"."+att.Type, att, a)
}

// storeFile stores a checked attachment under key and records it.
func (l *Library) storeFile(ctx context.Context, siteID, userID int64, key string, att Attachment, a *audit.Entry) (Item, error) {
	if err := l.blobs.Put(ctx, key, att.Data, att.ContentType); err != nil {
		return Item{}, storeFailed(err)
	}
	it := Item{
		SiteID:      siteID,
		Kind:        KindFile,
		BlobKey:     key,
		FileKey:     NewFileKey(),
		FileName:    att.FileName,
		ContentType: att.ContentType,
		Size:        att.Size(),
		CreatedBy:   userID,
		CreatedAt:   l.now(),
	}
	if err := l.records.CreateMedia(ctx, &it, describe(a, it)); err != nil {
		l.discard(ctx, []string{key})
		return Item{}, storeFailed(err)
	}
	return it, nil
}

// discard deletes blobs of an upload that could not be completed, even
// if the request's context has ended.
func (l *Library) discard(ctx context.Context, keys []string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for _, k := range keys {
		_ = l.blobs.Delete(ctx, k) // best effort: an orphan blob is harmless
	}
}

// storeFailed keeps the code of an application error (a store that is
// busy says so) and hides anything else behind a safe message.
func storeFailed(err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code != apperr.Internal && ae.Code != apperr.Invalid {
		return err
	}
	return apperr.Wrap(apperr.Internal, msgStoreFailed, err)
}

// Find returns a site's item.
func (l *Library) Find(ctx context.Context, siteID, id int64) (Item, error) {
	return l.records.FindMedia(ctx, siteID, id)
}

// List returns a site's items, newest first; limit ≤ 0 means 50, and at
// most 500 are returned.
func (l *Library) List(ctx context.Context, siteID int64, limit, offset int) ([]Item, error) {
	if limit <= 0 {
		limit = defaultListSize
	}
	limit = min(limit, maxListSize)
	return l.records.FindMediaList(ctx, siteID, limit, max(offset, 0))
}

// SetAlt writes the alternative text of a site's photo (cleaned as in
// UploadImage).
func (l *Library) SetAlt(ctx context.Context, siteID, id int64, alt string) error {
	alt, err := CleanAlt(alt)
	if err != nil {
		return err
	}
	return l.records.UpdateMediaAlt(ctx, siteID, id, alt)
}

// OpenImage opens the photo variant stored under key (as in ImageURL),
// with its record: a photo's, or a video's poster's. Any other key, an
// attachment's or a video's included, is NotFound.
func (l *Library) OpenImage(ctx context.Context, key string) (Item, io.ReadCloser, Meta, error) {
	notFound := apperr.New(apperr.NotFound, msgNoImage)
	if CheckKey(key) != nil {
		return Item{}, nil, Meta{}, notFound
	}
	i := strings.LastIndexByte(key, '-')
	if i <= 0 {
		return Item{}, nil, Meta{}, notFound
	}
	it, err := l.records.FindMediaByKey(ctx, key[:i])
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, nil, Meta{}, notFound
	}
	if err != nil {
		return Item{}, nil, Meta{}, err
	}
	if it.Kind != KindImage && it.Kind != KindVideo || !hasVariant(it, key) { // a photo, or a video's poster
		return Item{}, nil, Meta{}, notFound
	}
	rc, meta, err := l.blobs.Get(ctx, key)
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, nil, Meta{}, notFound
	}
	if err != nil {
		return Item{}, nil, Meta{}, err
	}
	return it, rc, meta, nil
}

func hasVariant(it Item, key string) bool {
	for _, v := range it.Variants {
		if v.Key == key {
			return true
		}
	}
	return false
}

// Files returns the attachments of siteID among ids, by ID: photos,
// unknown ids and other sites' records are left out. It reads them in one
// query whatever the number of ids, so callers gather the ids of a whole
// list first.
func (l *Library) Files(ctx context.Context, siteID int64, ids []int64) (map[int64]Item, error) {
	out := make(map[int64]Item, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	items, err := l.records.FindMediaByIDs(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Kind == KindFile {
			out[it.ID] = it
		}
	}
	return out, nil
}

// OpenFile opens the attachment of siteID whose FileKey is key, with its
// record, whether or not it is public: for signed-in staff. A photo, an
// attachment of another site or an unknown key is NotFound.
func (l *Library) OpenFile(ctx context.Context, siteID int64, key string) (Item, io.ReadCloser, Meta, error) {
	return l.openFile(ctx, siteID, key, false)
}

// OpenPublicFile is OpenFile for visitors: an attachment that is not Public
// (its document or consultation is a draft or withdrawn, or nothing lists
// it) is NotFound too, with the same message as an unknown key.
func (l *Library) OpenPublicFile(ctx context.Context, siteID int64, key string) (Item, io.ReadCloser, Meta, error) {
	return l.openFile(ctx, siteID, key, true)
}

func (l *Library) openFile(ctx context.Context, siteID int64, key string, public bool) (Item, io.ReadCloser, Meta, error) {
	notFound := apperr.New(apperr.NotFound, msgNoFile)
	if !IsFileKey(key) {
		return Item{}, nil, Meta{}, notFound
	}
	it, err := l.records.FindMediaByFileKey(ctx, siteID, key)
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, nil, Meta{}, notFound
	}
	if err != nil {
		return Item{}, nil, Meta{}, err
	}
	if it.Kind != KindFile || public && !it.Public {
		return Item{}, nil, Meta{}, notFound
	}
	rc, meta, err := l.blobs.Get(ctx, it.BlobKey)
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, nil, Meta{}, notFound
	}
	if err != nil {
		return Item{}, nil, Meta{}, err
	}
	return it, rc, meta, nil
}

// PublicFileByID finds a Public attachment of siteID by its sequential ID,
// the key of the addresses used before FileKey (/tep/<id>/<name>), so that
// links already published can be redirected. Anything else, a draft's
// attachment included, is NotFound.
func (l *Library) PublicFileByID(ctx context.Context, siteID, id int64) (Item, error) {
	notFound := apperr.New(apperr.NotFound, msgNoFile)
	it, err := l.records.FindMedia(ctx, siteID, id)
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, notFound
	}
	if err != nil {
		return Item{}, err
	}
	if it.Kind != KindFile || !it.Public {
		return Item{}, notFound
	}
	return it, nil
}

// CleanAlt normalises alternative text: valid UTF-8, NFC, control
// characters dropped, whitespace collapsed and trimmed. Text longer than
// MaxAltRunes is refused.
func CleanAlt(alt string) (string, error) {
	alt = norm.NFC.String(strings.ToValidUTF8(alt, ""))
	var b strings.Builder
	space := false
	for _, r := range alt {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	alt = b.String()
	if utf8.RuneCountInString(alt) > MaxAltRunes {
		return "", &apperr.Error{Code: apperr.Invalid, Message: msgAltTooLong, Fields: map[string]string{"alt": msgAltTooLong}}
	}
	return alt, nil
}

// describe adds to the audit entry a (when not nil) what only the library
// knows of the stored upload: its kind, size, blob key and, for a photo,
// whether it has its alternative text.
func describe(a *audit.Entry, it Item) *audit.Entry {
	if a == nil {
		return nil
	}
	if a.Detail == nil {
		a.Detail = map[string]string{}
	}
	a.Detail["kind"], a.Detail["size"], a.Detail["key"] = it.Kind, strconv.FormatInt(it.Size, 10), it.BlobKey
	if it.Kind == KindImage || it.Kind == KindVideo {
		a.Detail["has_alt"] = strconv.FormatBool(!it.NeedsAlt())
	}
	return a
}
