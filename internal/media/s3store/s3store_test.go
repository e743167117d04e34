package s3store_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"trangtin/internal/apperr"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/media/s3store"
	"trangtin/internal/testenv"
)

// bucket makes a bucket on srv and returns its --media URL.
func bucket(t *testing.T, srv *testenv.S3, name string) string {
	t.Helper()
	c, err := minio.New(srv.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
	return "s3://" + name + "?endpoint=http://" + srv.Endpoint
}

func env(srv *testenv.S3) func(string) string {
	return func(k string) string {
		switch k {
		case "AWS_ACCESS_KEY_ID":
			return srv.AccessKey
		case "AWS_SECRET_ACCESS_KEY":
			return srv.SecretKey
		}
		return ""
	}
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want s3store.Config
		bad  string
	}{
		{in: "s3://anh?endpoint=127.0.0.1:8333&secure=false", want: s3store.Config{Bucket: "anh", Endpoint: "127.0.0.1:8333", PathStyle: true}},
		{in: "s3://anh?endpoint=http://10.0.0.5:9000&prefix=tinh/", want: s3store.Config{Bucket: "anh", Endpoint: "10.0.0.5:9000", PathStyle: true, Prefix: "tinh/"}},
		{in: "s3://anh?region=ap-southeast-1", want: s3store.Config{Bucket: "anh", Endpoint: "s3.amazonaws.com", Secure: true, Region: "ap-southeast-1"}},
		{in: "s3://khoa:bimat@anh?endpoint=x:1", bad: "credentials"},
		{in: "s3://?endpoint=x:1", bad: "bucket"},
		{in: "http://anh", bad: "s3://"},
		{in: "s3://anh?endpoint=ftp://x:1", bad: "endpoint"},
		{in: "s3://anh?secure=co", bad: "secure"},
		{in: "s3://anh?prefix=../x", bad: "prefix"},
	} {
		got, err := s3store.ParseURL(tc.in)
		switch {
		case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad)):
			t.Errorf("ParseURL(%q) = %+v, %v; want an error naming %q", tc.in, got, err, tc.bad)
		case tc.bad == "" && (err != nil || got != tc.want):
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestStore runs the blob store contract against a real S3-compatible
// server (SeaweedFS): what one node puts, another reads; missing keys are
// NotFound; a store that went down is Unavailable with the editors'
// Vietnamese message.
func TestStore(t *testing.T) {
	srv := testenv.StartS3(t)
	ctx := context.Background()
	u := bucket(t, srv, "trangtin-media")
	if _, err := s3store.Open(ctx, u, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("Open without credentials: %v, want the environment variables named", err)
	}
	if _, err := s3store.Open(ctx, "s3://khong-co?endpoint=http://"+srv.Endpoint, env(srv)); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open of a missing bucket: %v", err)
	}
	wrong := func(k string) string {
		if k == "AWS_SECRET_ACCESS_KEY" {
			return "sai-khoa-bi-mat"
		}
		return env(srv)(k)
	}
	if s, err := s3store.Open(ctx, u, wrong); err == nil {
		if err := s.Put(ctx, media.NewKey(), []byte("x"), "text/plain"); err == nil {
			t.Error("a wrong secret key is accepted: the server does not check the credentials")
		}
	}
	one := testenv.Must(s3store.Open(ctx, u, env(srv))).Get(t)
	two := testenv.Must(s3store.Open(ctx, u+"&prefix=", env(srv))).Get(t)
	key := media.NewKey() + "-960.jpg"
	data := bytes.Repeat([]byte("ảnh "), 1000)
	if err := one.Put(ctx, key, data, "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	rc, meta, err := two.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got := testenv.Must(io.ReadAll(rc)).Get(t)
	rc.Close()
	if !bytes.Equal(got, data) || meta.ContentType != "image/jpeg" || meta.Size != int64(len(data)) || meta.ModTime.IsZero() {
		t.Errorf("read through another client: %d bytes, %+v", len(got), meta)
	}
	if err := one.Put(ctx, key, []byte("mới"), "image/png"); err != nil {
		t.Fatal(err)
	}
	rc, meta, err = two.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got = testenv.Must(io.ReadAll(rc)).Get(t)
	rc.Close()
	if string(got) != "mới" || meta.ContentType != "image/png" {
		t.Errorf("after a replace: %q %+v", got, meta)
	}
	for _, bad := range []string{"../x", "", ".an"} {
		if err := one.Put(ctx, bad, data, "image/jpeg"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Put(%q): %v, want Invalid", bad, err)
		}
	}
	if _, _, err := one.Get(ctx, "ab/cd/khong-co"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("Get of a missing key: %v, want NotFound", err)
	}
	if err := one.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := two.Get(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("Get after Delete: %v, want NotFound", err)
	}
	if err := one.Delete(ctx, key); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("second Delete: %v, want NotFound", err)
	}
	// The store goes down.
	srv.Stop()
	err = one.Put(ctx, media.NewKey(), data, "image/jpeg")
	if !apperr.Is(err, apperr.Unavailable) || apperr.MessageOf(err) != s3store.MsgUnavailable {
		t.Errorf("Put with the store down: %v, want Unavailable with the message", err)
	}
	if _, _, err := one.Get(ctx, "ab/cd/abcd"); !apperr.Is(err, apperr.Unavailable) {
		t.Errorf("Get with the store down: %v, want Unavailable", err)
	}
}

// TestRangeRead: what Get opens seeks, so the media handlers answer a
// player's Range requests with 206 and the asked bytes from S3 too (each
// seek becomes a ranged GET), not the whole object.
func TestRangeRead(t *testing.T) {
	srv := testenv.StartS3(t)
	ctx := context.Background()
	s := testenv.Must(s3store.Open(ctx, bucket(t, srv, "trangtin-range"), env(srv))).Get(t)
	data := make([]byte, 300_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	key := media.NewKey() + ".mp4"
	if err := s.Put(ctx, key, data, media.VideoContentType); err != nil {
		t.Fatal(err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc, meta, err := s.Get(r.Context(), key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rc.Close()
		if _, ok := rc.(io.ReadSeeker); !ok {
			http.Error(w, "not a ReadSeeker", http.StatusInternalServerError)
			return
		}
		httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
	})
	req := httptest.NewRequest(http.MethodGet, "/video/x.mp4", nil)
	req.Header.Set("Range", "bytes=250000-250099")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), data[250000:250100]) ||
		rec.Header().Get("Content-Range") != "bytes 250000-250099/300000" {
		t.Errorf("range from S3: %d, %d bytes, Content-Range %q: %s", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Range"), rec.Body.Bytes()[:min(rec.Body.Len(), 200)])
	}
}
