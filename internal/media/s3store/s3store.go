// Package s3store implements media.BlobStore on an S3-compatible object
// store (Amazon S3, MinIO, SeaweedFS, Ceph…) through minio-go, so that
// several nodes share the uploads (README, "Several nodes").
//
// The store is named by a URL, s3://BUCKET?endpoint=HOST:PORT (options
// below); the credentials come from the environment only
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), never
// from the URL, which ends up in process lists and logs. A store that
// cannot be reached gives apperr.Unavailable with a Vietnamese message:
// an editor reads what happened, and nothing already saved is touched.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
)

// MsgUnavailable is what an editor reads when the store cannot be
// reached: the upload is not kept, the article being written is.
const MsgUnavailable = "Kho lưu trữ ảnh và tệp đang không truy cập được nên chưa lưu được tệp này. Bài viết của bạn không bị mất; vui lòng thử tải tệp lên lại sau ít phút hoặc báo quản trị hệ thống."

const msgNotFound = "Không tìm thấy tệp."

// Config is a parsed s3:// URL.
type Config struct {
	Bucket   string
	Endpoint string // host:port
	Secure   bool   // https (the default) or http
	Region   string // empty: the server's default
	Prefix   string // prepended to every key, e.g. "trangtin/"
	// PathStyle addresses the bucket in the path (http://host/bucket/key),
	// as local servers need; otherwise minio-go chooses (virtual hosts on
	// Amazon).
	PathStyle bool
}

// ParseURL reads s3://BUCKET?endpoint=HOST:PORT[&secure=false][&region=R][&prefix=P][&path-style=true].
// endpoint may carry its scheme instead of secure (http://127.0.0.1:8333);
// without endpoint, Amazon S3 (s3.amazonaws.com). Credentials in the URL
// are refused: they come from the environment.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" {
		return Config{}, fmt.Errorf("--media %q: want s3://BUCKET?endpoint=HOST:PORT", raw)
	}
	if u.User != nil {
		return Config{}, errors.New("--media: do not put credentials in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
	}
	c := Config{Bucket: u.Host, Secure: true, Endpoint: "s3.amazonaws.com"}
	if c.Bucket == "" {
		return Config{}, fmt.Errorf("--media %q: the bucket is missing (s3://BUCKET?endpoint=…)", raw)
	}
	q := u.Query()
	if ep := q.Get("endpoint"); ep != "" {
		if strings.Contains(ep, "://") {
			eu, err := url.Parse(ep)
			if err != nil || eu.Host == "" || (eu.Scheme != "http" && eu.Scheme != "https") {
				return Config{}, fmt.Errorf("--media: endpoint %q: want HOST:PORT or http(s)://HOST:PORT", ep)
			}
			c.Endpoint, c.Secure = eu.Host, eu.Scheme == "https"
			c.PathStyle = true
		} else {
			c.Endpoint = ep
			c.PathStyle = true
		}
	}
	if v := q.Get("secure"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("--media: secure=%q: want true or false", v)
		}
		c.Secure = b
	}
	if v := q.Get("path-style"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("--media: path-style=%q: want true or false", v)
		}
		c.PathStyle = b
	}
	c.Region = q.Get("region")
	c.Prefix = strings.Trim(q.Get("prefix"), "/")
	if c.Prefix != "" {
		if err := media.CheckKey(c.Prefix); err != nil {
			return Config{}, fmt.Errorf("--media: prefix %q: letters a-z, digits, '/', '.', '_' and '-' only", c.Prefix)
		}
		c.Prefix += "/"
	}
	return c, nil
}

// Store is a media.BlobStore on one bucket. It is safe for concurrent use.
type Store struct {
	c      *minio.Client
	cfg    Config
	putMax time.Duration // bound of one Put
	getMax time.Duration // bound of opening one Get
}

var _ media.BlobStore = (*Store)(nil)

// Open connects to the store named by rawURL with the credentials of
// getenv (os.Getenv) and checks that the bucket exists, so a wrong name
// or a store down stops the start with a message rather than the first
// upload.
func Open(ctx context.Context, rawURL string, getenv func(string) string) (*Store, error) {
	cfg, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	id, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if id == "" || secret == "" {
		return nil, errors.New("--media s3://…: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(id, secret, getenv("AWS_SESSION_TOKEN")),
		Secure:       cfg.Secure,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    transport,
		// A store that is down is said at once, not after minutes of
		// retries: the editor is waiting.
		MaxRetries: 2,
	})
	if err != nil {
		return nil, fmt.Errorf("--media: %w", err)
	}
	s := &Store{c: c, cfg: cfg, putMax: 60 * time.Second, getMax: 15 * time.Second}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	ok, err := c.BucketExists(cctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("--media: reach bucket %s at %s: %w", cfg.Bucket, cfg.Endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("--media: bucket %s does not exist at %s", cfg.Bucket, cfg.Endpoint)
	}
	return s, nil
}

// Close releases nothing: the client's connections close when idle.
func (s *Store) Close() error { return nil }

// String names the store for logs (no credentials).
func (s *Store) String() string {
	return "s3://" + s.cfg.Bucket + "/" + s.cfg.Prefix + " at " + s.cfg.Endpoint
}

// Put stores data under key; S3 replaces an object whole, so a
// concurrent Get sees the old bytes or the new.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := media.CheckKey(key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.putMax)
	defer cancel()
	_, err := s.c.PutObject(ctx, s.cfg.Bucket, s.cfg.Prefix+key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType, DisableMultipart: true})
	if err != nil {
		return s.mapErr(ctx, "put", key, err)
	}
	return nil
}

// Get opens the value under key.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, media.Meta, error) {
	if err := media.CheckKey(key); err != nil {
		return nil, media.Meta{}, err
	}
	sctx, cancel := context.WithTimeout(ctx, s.getMax)
	defer cancel()
	// The object is read with the caller's ctx (a large file streams for
	// longer than getMax); the Stat that opens it is bounded.
	info, err := s.c.StatObject(sctx, s.cfg.Bucket, s.cfg.Prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return nil, media.Meta{}, s.mapErr(sctx, "get", key, err)
	}
	obj, err := s.c.GetObject(ctx, s.cfg.Bucket, s.cfg.Prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, media.Meta{}, s.mapErr(ctx, "get", key, err)
	}
	ct := info.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	return obj, media.Meta{ContentType: ct, Size: info.Size, ModTime: info.LastModified}, nil
}

// Delete removes the value under key; a missing key is apperr.NotFound,
// as with the local folder.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := media.CheckKey(key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.getMax)
	defer cancel()
	if _, err := s.c.StatObject(ctx, s.cfg.Bucket, s.cfg.Prefix+key, minio.StatObjectOptions{}); err != nil {
		return s.mapErr(ctx, "delete", key, err)
	}
	if err := s.c.RemoveObject(ctx, s.cfg.Bucket, s.cfg.Prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return s.mapErr(ctx, "delete", key, err)
	}
	return nil
}

// mapErr turns a client error into the application's: a missing object
// is NotFound; anything else (the store down, refusing, too slow) is
// Unavailable with the editors' message, the cause kept for the log.
func (s *Store) mapErr(ctx context.Context, op, key string, err error) error {
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound && resp.Code != "NoSuchBucket":
		return apperr.New(apperr.NotFound, msgNotFound)
	case errors.Is(err, context.Canceled) && ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded):
		return err // the request went away
	}
	return apperr.Wrap(apperr.Unavailable, MsgUnavailable, fmt.Errorf("s3store: %s %s in %s: %w", op, key, s.cfg.Bucket, err))
}
