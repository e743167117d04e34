package media

import (
	"context"
	"encoding/binary"
	"io"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Videos: an MP4 file stored as uploaded (no transcoding) with a poster
// frame, a photo that goes through the photo pipeline. One record of
// KindVideo holds both: BlobKey is the base key, the video is the blob
// BlobKey+".mp4" (served at VideoURL), the poster's variants are
// BlobKey+"-<width>.<ext>" (served at ImageURL like a photo's, so a body
// showing the video names the record as one showing a photo does). The
// poster's alternative text is required: it says what the video shows.

// KindVideo is an uploaded MP4 video with its poster.
const KindVideo = "video"

// VideoPathPrefix is where visitors play videos: /video/<base key>.mp4.
const VideoPathPrefix = "/video/"

// VideoContentType is the type every stored video is served with.
const VideoContentType = "video/mp4"

const videoExt = ".mp4"

// DefaultMaxVideoBytes bounds an uploaded video: with a poster at its
// limit the request stays under the 60 MiB nginx lets through.
const DefaultMaxVideoBytes = 35 << 20

// Messages of video uploads.
const (
	msgVideoType   = "Chỉ chấp nhận video định dạng MP4 (tệp .mp4). Tệp bạn chọn không phải video MP4; hãy xuất lại video dạng MP4 (H.264) rồi tải lên."
	msgVideoEmpty  = "Tệp video rỗng. Vui lòng chọn lại tệp."
	msgVideoAlt    = "Vui lòng nhập mô tả video (nội dung chính của video) cho người không xem được video."
	msgNoPoster    = "Vui lòng chọn ảnh bìa cho video (ảnh hiện trước khi bấm xem)."
	msgNoVideo     = "Không tìm thấy video."
	maxFtypBoxSize = 4096
)

// mp4Brands are the ISO BMFF brands of an MP4 file that browsers play;
// QuickTime (qt), 3GPP and others are refused.
var mp4Brands = map[string]bool{
	"isom": true, "iso2": true, "iso3": true, "iso4": true, "iso5": true, "iso6": true,
	"mp41": true, "mp42": true, "avc1": true, "M4V ": true, "dash": true,
}

// VideoURL is the public address of the video whose base key is base.
func VideoURL(base string) string { return VideoPathPrefix + base + videoExt }

// PosterURL is the largest variant of a video's poster ("" for other
// kinds).
func (it Item) PosterURL() string {
	if it.Kind != KindVideo || len(it.Variants) == 0 {
		return ""
	}
	return ImageURL(it.Variants[len(it.Variants)-1].Key)
}

// CheckVideo reads a video of at most lim.MaxVideoBytes and checks from
// its bytes that it is an MP4 file: an ISO BMFF file whose first box is
// "ftyp" with an MP4 brand, whose top-level boxes tile the file and
// include the "moov" box players need. A name with an extension other
// than .mp4 is refused.
func CheckVideo(name string, r io.Reader, lim Limits) ([]byte, error) {
	lim = lim.withDefaults()
	if ext := nameExt(name); ext != "" && ext != "mp4" {
		return nil, apperr.New(apperr.Invalid, msgVideoType)
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxVideoBytes+1))
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	if int64(len(data)) > lim.MaxVideoBytes {
		return nil, apperr.Errorf(apperr.TooLarge,
			"Video quá lớn: dung lượng tối đa là %s. Hãy giảm độ phân giải hoặc cắt ngắn video rồi tải lên lại.", formatSize(lim.MaxVideoBytes))
	}
	if len(data) == 0 {
		return nil, apperr.New(apperr.Invalid, msgVideoEmpty)
	}
	if !isMP4(data) {
		return nil, apperr.New(apperr.Invalid, msgVideoType)
	}
	return data, nil
}

// isMP4 walks the top-level boxes of data (see CheckVideo).
func isMP4(data []byte) bool {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(data))
	if size < 16 || size > maxFtypBoxSize || size > len(data) || (size-16)%4 != 0 {
		return false
	}
	brand := mp4Brands[string(data[8:12])]
	for i := 16; i < size; i += 4 {
		brand = brand || mp4Brands[string(data[i:i+4])]
	}
	if !brand {
		return false
	}
	moov := false
	for off := uint64(0); off < uint64(len(data)); {
		rest := uint64(len(data)) - off
		if rest < 8 {
			return false
		}
		n, typ := uint64(binary.BigEndian.Uint32(data[off:])), data[off+4:off+8]
		hdr := uint64(8)
		switch n {
		case 0: // the box runs to the end of the file
			n = rest
		case 1: // a 64-bit size follows the type
			if rest < 16 {
				return false
			}
			n, hdr = binary.BigEndian.Uint64(data[off+8:]), 16
		}
		if n < hdr || n > rest {
			return false
		}
		for _, c := range typ {
			if c < 0x20 || c > 0x7e {
				return false
			}
		}
		moov = moov || string(typ) == "moov"
		off += n
	}
	return moov
}

// VideoUpload is what UploadVideo stores.
type VideoUpload struct {
	SiteID, UserID int64
	Name           string    // the video file's name, kept (cleaned) for the library's search
	Video          io.Reader // the MP4 file
	Poster         io.Reader // the poster photo, nil for none (refused)
	Alt, Caption   string    // what the video shows (required); the line under it
}

// UploadVideo checks a video (CheckVideo) and its poster (ProcessImage),
// stores both under one fresh base key and records them as one KindVideo
// record, with a in the same transaction. Nothing is kept of an upload
// refused or failed at any step.
func (l *Library) UploadVideo(ctx context.Context, u VideoUpload, a *audit.Entry) (Item, error) {
	alt, err := CleanAlt(u.Alt)
	if err != nil {
		return Item{}, err
	}
	if alt == "" {
		return Item{}, &apperr.Error{Code: apperr.Invalid, Message: msgVideoAlt, Fields: map[string]string{"alt": msgVideoAlt}}
	}
	caption, err := CleanCaption(u.Caption)
	if err != nil {
		return Item{}, err
	}
	video, err := CheckVideo(u.Name, u.Video, l.lim)
	if err != nil {
		return Item{}, err
	}
	if u.Poster == nil {
		return Item{}, &apperr.Error{Code: apperr.Invalid, Message: msgNoPoster, Fields: map[string]string{"poster": msgNoPoster}}
	}
	pdata, err := io.ReadAll(io.LimitReader(u.Poster, l.lim.MaxImageBytes+1))
	if err != nil {
		return Item{}, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	if len(pdata) == 0 {
		return Item{}, &apperr.Error{Code: apperr.Invalid, Message: msgNoPoster, Fields: map[string]string{"poster": msgNoPoster}}
	}
	img, err := l.processLimited(ctx, pdata)
	if err != nil {
		return Item{}, err
	}
	base := NewKey()
	it := Item{
		SiteID: u.SiteID, Kind: KindVideo, BlobKey: base, FileName: SafeFileName(u.Name, "mp4"),
		ContentType: VideoContentType, Size: int64(len(video)),
		Width: img.Largest().Width, Height: img.Largest().Height,
		Alt: alt, Caption: caption, CreatedBy: u.UserID, CreatedAt: l.now(),
	}
	var written []string
	for _, v := range img.Variants {
		key := base + "-" + strconv.Itoa(v.Width) + img.Ext()
		if err := l.blobs.Put(ctx, key, v.Data, img.ContentType()); err != nil {
			l.discard(ctx, written)
			return Item{}, storeFailed(err)
		}
		written = append(written, key)
		it.Variants = append(it.Variants, StoredVariant{Width: v.Width, Height: v.Height, Key: key})
		it.Size += int64(len(v.Data))
	}
	if err := l.blobs.Put(ctx, base+videoExt, video, VideoContentType); err != nil {
		l.discard(ctx, written)
		return Item{}, storeFailed(err)
	}
	written = append(written, base+videoExt)
	if err := l.records.CreateMedia(ctx, &it, describe(a, it)); err != nil {
		l.discard(ctx, written)
		return Item{}, storeFailed(err)
	}
	return it, nil
}

// OpenVideo opens the video stored under key (as in VideoURL: the base key
// and ".mp4"), with its record. Any other key is NotFound. The reader
// seeks (a file, or an S3 object read by ranges), so players can ask for
// ranges.
func (l *Library) OpenVideo(ctx context.Context, key string) (Item, io.ReadCloser, Meta, error) {
	notFound := apperr.New(apperr.NotFound, msgNoVideo)
	base, ok := strings.CutSuffix(key, videoExt)
	if !ok || CheckKey(key) != nil {
		return Item{}, nil, Meta{}, notFound
	}
	it, err := l.records.FindMediaByKey(ctx, base)
	if apperr.Is(err, apperr.NotFound) {
		return Item{}, nil, Meta{}, notFound
	}
	if err != nil {
		return Item{}, nil, Meta{}, err
	}
	if it.Kind != KindVideo {
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

// blobKeys lists every blob of a record: a photo's variants, a video's
// poster variants and the video, an attachment's file.
func (it Item) blobKeys() []string {
	var keys []string
	switch it.Kind {
	case KindImage, KindVideo:
		for _, v := range it.Variants {
			keys = append(keys, v.Key)
		}
		if it.Kind == KindVideo {
			keys = append(keys, it.BlobKey+videoExt)
		}
	default:
		keys = append(keys, it.BlobKey)
	}
	return keys
}
