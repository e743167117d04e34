package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

// tinyMP4 is the fixture of testdata/README.md.
func tinyMP4(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/tiny.mp4")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// box is an ISO BMFF box of type typ around payload.
func box(typ string, payload []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
	return append(append(b, typ...), payload...)
}

func TestCheckVideo(t *testing.T) {
	mp4 := tinyMP4(t)
	got, err := CheckVideo("Lễ hội.mp4", bytes.NewReader(mp4), Limits{})
	if err != nil || !bytes.Equal(got, mp4) {
		t.Fatalf("the fixture is refused (%v) or changed", err)
	}
	if _, err := CheckVideo("", bytes.NewReader(mp4), Limits{}); err != nil {
		t.Errorf("a name without extension: %v", err)
	}
	quicktime := append(box("ftyp", []byte("qt  \x00\x00\x02\x00qt  ")), box("moov", nil)...)
	noMoov := box("ftyp", []byte("isom\x00\x00\x02\x00isommp41"))
	moovAfter := append(append([]byte{}, noMoov...), box("moov", nil)...)
	if !isMP4(moovAfter) {
		t.Fatal("a minimal ftyp+moov file is refused")
	}
	tests := []struct {
		name, file string
		data       []byte
		code       apperr.Code
		want       string
	}{
		{"HTML named .mp4", "video.mp4", []byte("<html><script>alert(1)</script></html>"), apperr.Invalid, msgVideoType},
		{"QuickTime .mov", "video.mp4", quicktime, apperr.Invalid, msgVideoType},
		{"no moov box", "video.mp4", noMoov, apperr.Invalid, msgVideoType},
		{"truncated", "video.mp4", mp4[:len(mp4)/2], apperr.Invalid, msgVideoType},
		{"a JPEG", "video.mp4", []byte("\xff\xd8\xff\xe0 JFIF"), apperr.Invalid, msgVideoType},
		{"extension .avi", "video.avi", mp4, apperr.Invalid, msgVideoType},
		{"empty", "video.mp4", nil, apperr.Invalid, msgVideoEmpty},
		{"too large", "video.mp4", append(append([]byte{}, mp4...), make([]byte, 1<<20)...), apperr.TooLarge, "Video quá lớn: dung lượng tối đa là 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckVideo(tt.file, bytes.NewReader(tt.data), Limits{MaxVideoBytes: 1 << 20})
			if msg := wantCode(t, err, tt.code); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want %q", msg, tt.want)
			}
		})
	}
}

func TestUploadVideo(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	poster := encodeJPEG(t, gradient(1200, 675), 85)
	it, err := f.lib.UploadVideo(ctx, VideoUpload{SiteID: 1, UserID: 7, Name: "Lễ hội Trường Yên.mp4",
		Video: bytes.NewReader(tinyMP4(t)), Poster: bytes.NewReader(poster), Alt: " Đoàn rước  kiệu ", Caption: "Video: Minh Anh"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if it.Kind != KindVideo || it.ID == 0 || it.Alt != "Đoàn rước kiệu" || it.Caption != "Video: Minh Anh" || it.FileName != "Lễ hội Trường Yên.mp4" {
		t.Errorf("record %+v", it)
	}
	if it.URL() != VideoURL(it.BlobKey) || !strings.HasPrefix(it.PosterURL(), ImagePathPrefix+it.BlobKey+"-") || it.Srcset() == "" || it.Width != 1200 {
		t.Errorf("addresses: %q %q %q width %d", it.URL(), it.PosterURL(), it.Srcset(), it.Width)
	}
	_, rc, meta, err := f.lib.OpenVideo(ctx, strings.TrimPrefix(it.URL(), VideoPathPrefix))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, tinyMP4(t)) || meta.ContentType != VideoContentType {
		t.Errorf("OpenVideo gave %d bytes of %q", len(got), meta.ContentType)
	}
	// The poster is served like a photo; the video is not an image.
	if _, rc, _, err := f.lib.OpenImage(ctx, strings.TrimPrefix(it.PosterURL(), ImagePathPrefix)); err != nil {
		t.Errorf("poster: %v", err)
	} else {
		rc.Close()
	}
	for _, k := range []string{it.BlobKey + ".mp4", it.BlobKey} {
		if _, _, _, err := f.lib.OpenImage(ctx, k); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("OpenImage(%q) = %v", k, err)
		}
	}
	for _, k := range []string{it.BlobKey, it.BlobKey + ".pdf", strings.TrimPrefix(it.PosterURL(), ImagePathPrefix), "../x.mp4"} {
		if _, _, _, err := f.lib.OpenVideo(ctx, k); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("OpenVideo(%q) = %v", k, err)
		}
	}
	if n := len(f.blobs.files(t)); n != 2*(len(it.Variants)+1) { // each with its .meta file
		t.Errorf("%d blobs for %d poster variants and the video", n, len(it.Variants))
	}
	if _, err := f.lib.records.(*memRecords).FindMedia(ctx, 1, it.ID); err != nil {
		t.Fatal(err)
	}
	// Deleting the record removes every blob (memRecords has no catalogue;
	// the keys are what Delete discards).
	f.lib.discard(ctx, it.blobKeys())
	if files := f.blobs.files(t); len(files) != 0 {
		t.Errorf("blobs left after deleting: %v", files)
	}
}

// TestRefusedVideoStoresNothing: a bad video, a missing or bad poster, a
// missing description or a failing store leave no blob and no record.
func TestRefusedVideoStoresNothing(t *testing.T) {
	ctx := context.Background()
	mp4, poster := tinyMP4(t), encodeJPEG(t, gradient(800, 450), 85)
	tests := []struct {
		name          string
		video, poster []byte
		alt           string
		failPut       int
		failCreate    bool
		code          apperr.Code
		want          string
	}{
		{"text as video", []byte("không phải video"), poster, "Mô tả", 0, false, apperr.Invalid, msgVideoType},
		{"no poster", mp4, nil, "Mô tả", 0, false, apperr.Invalid, msgNoPoster},
		{"HTML as poster", mp4, []byte("<html></html>"), "Mô tả", 0, false, apperr.Invalid, msgNotImage},
		{"no description", mp4, poster, "  ", 0, false, apperr.Invalid, msgVideoAlt},
		{"the video's put fails", mp4, poster, "Mô tả", 2, false, apperr.Internal, msgStoreFailed},
		{"the record fails", mp4, poster, "Mô tả", 0, true, apperr.Internal, msgStoreFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLib(t)
			f.blobs.failPut, f.records.failCreate = tt.failPut, tt.failCreate
			u := VideoUpload{SiteID: 1, UserID: 1, Name: "v.mp4", Video: bytes.NewReader(tt.video), Alt: tt.alt}
			if tt.poster != nil {
				u.Poster = bytes.NewReader(tt.poster)
			}
			_, err := f.lib.UploadVideo(ctx, u, nil)
			if msg := wantCode(t, err, tt.code); msg != tt.want {
				t.Errorf("message %q, want %q", msg, tt.want)
			}
			f.wantNothingStored(t)
		})
	}
}

// TestUploadPrivate: a citizen's photo or PDF is stored as a private
// attachment (never Public, the photo re-encoded without its EXIF data);
// anything else, or too large, is refused with nothing stored.
func TestUploadPrivate(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	jpg := withExif(encodeJPEG(t, gradient(800, 600), 90), 1)
	if !bytes.Contains(jpg, gpsLat) {
		t.Fatal("fixture lacks GPS data")
	}
	it, err := f.lib.UploadPrivate(ctx, 1, "ảnh giấy tờ.jpg", bytes.NewReader(jpg), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if it.Kind != KindFile || it.ContentType != "image/jpeg" || it.FileName != "ảnh giấy tờ.jpg" || it.Public {
		t.Errorf("photo stored as %+v", it)
	}
	if _, _, _, err := f.lib.OpenPublicFile(ctx, 1, it.FileKey); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("visitors open the attachment: %v", err)
	}
	_, rc, _, err := f.lib.OpenFile(ctx, 1, it.FileKey)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if bytes.Contains(got, gpsLat) || !bytes.HasPrefix(got, []byte{0xFF, 0xD8}) {
		t.Error("the stored photo keeps its GPS data or is not a JPEG")
	}
	pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
	if it, err := f.lib.UploadPrivate(ctx, 1, "don.pdf", bytes.NewReader(pdf), 0, nil); err != nil || it.ContentType != "application/pdf" {
		t.Errorf("PDF: %+v, %v", it, err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		code apperr.Code
		want string
	}{
		{"a Word file", []byte("PK\x03\x04 word/document.xml"), apperr.Invalid, msgPrivateType},
		{"an HTML page", []byte("<html><script>x</script></html>"), apperr.Invalid, msgPrivateType},
		{"an MP4", tinyMP4(t), apperr.Invalid, msgPrivateType},
		{"too large", append([]byte("%PDF-1.7\n"), make([]byte, 2<<20)...), apperr.TooLarge, "Tệp đính kèm quá lớn: dung lượng tối đa là 2 MB"},
	} {
		g := newLib(t)
		_, err := g.lib.UploadPrivate(ctx, 1, "tep", bytes.NewReader(tt.data), 2<<20, nil)
		if msg := wantCode(t, err, tt.code); !strings.HasPrefix(msg, tt.want) {
			t.Errorf("%s: %q", tt.name, msg)
		}
		g.wantNothingStored(t)
	}
}
