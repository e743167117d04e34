package admin

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"

	"trangtin/internal/apperr"
)

// FuzzReadUpload: any multipart body gives either the "file" part, no
// bigger than the limit, or a Vietnamese error; never a panic, never more
// than the limit read.
func FuzzReadUpload(f *testing.F) {
	const boundary = "ranh-gioi"
	f.Add([]byte("--ranh-gioi\r\nContent-Disposition: form-data; name=\"file\"; filename=\"quyet-dinh.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--ranh-gioi--\r\n"))
	f.Add([]byte("--ranh-gioi\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nẢnh\r\n--ranh-gioi--\r\n"))
	f.Add([]byte("--ranh-gioi\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\xff.jpg\"\r\n\r\nx\r\n--ranh-gioi"))
	f.Add([]byte("không phải multipart"))
	const limit = 4096
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/quan-tri/thu-vien/tai-len", bytes.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		file, hdr, err := readUpload(httptest.NewRecorder(), req, limit, "Chưa chọn tệp.", "Tệp quá lớn.")
		if err != nil {
			if apperr.MessageOf(err) == "" {
				t.Fatalf("an error without a message: %v", err)
			}
			return
		}
		defer file.Close()
		n, err := io.Copy(io.Discard, file)
		if err != nil || n != hdr.Size || n > limit {
			t.Fatalf("the file part: %d bytes read of %d (%v), limit %d", n, hdr.Size, err, limit)
		}
	})
}
