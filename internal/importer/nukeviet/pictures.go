package nukeviet

import (
	"context"
	"errors"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
)

// uploadsRel returns the path under the uploads folder that an address of
// the old site names ("/uploads/news/2024_05/a.jpg",
// "https://old.gov.vn/uploads/news/a.jpg", "uploads/news/a.jpg" →
// "news/2024_05/a.jpg"), or false for an address elsewhere.
func uploadsRel(addr string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(html.UnescapeString(addr)))
	if err != nil {
		return "", false
	}
	p := u.Path
	i := strings.Index(p, "uploads/")
	if i < 0 || (i > 0 && p[i-1] != '/') {
		return "", false
	}
	rel := path.Clean(p[i+len("uploads/"):])
	if rel == "." || strings.HasPrefix(rel, "../") || rel == ".." || strings.HasPrefix(rel, "/") {
		return "", false
	}
	return rel, true
}

// upload brings the file rel of the uploads folder into the media library
// (a photo through the photo pipeline: checked, resized, EXIF and GPS
// removed), once per site whatever the number of runs. A missing or
// refused file is warned about with the record that needs it, and gives
// ok false.
func (im *run) upload(ctx context.Context, w reporter, source, rel, alt string, photo bool) (media.Item, bool) {
	if im.t.Uploads == "" {
		w.Warn(KindArticle, source, "không có --uploads: không nhập được tệp uploads/"+rel)
		return media.Item{}, false
	}
	f, err := os.Open(filepath.Join(im.t.Uploads, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		w.Warn(KindFile, source, "thiếu tệp uploads/"+rel+" trong thư mục --uploads")
		return media.Item{}, false
	} else if err != nil {
		w.Warn(KindFile, source, "không đọc được tệp uploads/"+rel+": "+err.Error())
		return media.Item{}, false
	}
	defer f.Close()
	// Two articles prepared side by side may need the same file: it is
	// brought in once, the other finds it.
	unlock := im.uploading.lock(rel)
	defer unlock()
	id := "nukeviet:uploads/" + rel
	var it media.Item
	var found bool
	if photo {
		it, found, err = im.lib.ImportImage(ctx, im.t.Site.ID, id, f, alt)
	} else {
		it, found, err = im.lib.ImportFile(ctx, im.t.Site.ID, id, path.Base(rel), f)
	}
	if err != nil {
		if c := apperr.CodeOf(err); c == apperr.Invalid || c == apperr.TooLarge {
			w.Warn(KindFile, source, "tệp uploads/"+rel+" không nhận được: "+apperr.MessageOf(err))
		} else {
			w.Warn(KindFile, source, "tệp uploads/"+rel+": "+err.Error())
		}
		return media.Item{}, false
	}
	if !found {
		w.Count("tệp đưa vào thư viện", 1)
	}
	im.files.moved(im, rel, it.URL())
	return it, true
}

// fileMoves are the old addresses of the files brought in
// (/uploads/news/2024_05/a.jpg), each entered once a run and written with
// the page of articles being written, or at the end. A file's record is
// committed before its address is entered, so an entry never leads to
// nothing; a run killed before writing it finds the file again the next
// time and enters it then.
type fileMoves struct {
	mu      sync.Mutex
	seen    map[string]bool
	pending []redirect.Entry
}

func (f *fileMoves) moved(im *run, rel, to string) {
	if im.t.DryRun || to == "" {
		return
	}
	key, err := redirect.Key("/uploads/" + rel)
	if err != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	if f.seen[key] {
		return
	}
	f.seen[key] = true
	f.pending = append(f.pending, redirect.Entry{SiteID: im.t.Site.ID, From: key, ToSiteID: im.t.Site.ID, To: to, Source: "nukeviet:uploads/" + rel})
}

// take returns the entries not yet written.
func (f *fileMoves) take() []redirect.Entry {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.pending
	f.pending = nil
	return out
}

// flushFiles writes the old addresses of the files brought in so far.
func (im *run) flushFiles(ctx context.Context) error {
	e := im.files.take()
	if len(e) == 0 {
		return nil
	}
	if err := im.t.Store.PutRedirects(ctx, e); err != nil {
		return err
	}
	im.count(len(e))
	return nil
}

var imgSrc = regexp.MustCompile(`(?i)(<img\b[^>]*?\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)')`)

// rewriteImages brings every photo of the old site that body shows into
// the library and points its <img> at it; a photo that cannot be brought
// is warned about (the sanitiser then drops the <img>, which names no
// photo of this site).
func (im *run) rewriteImages(ctx context.Context, w reporter, source, body string) string {
	return imgSrc.ReplaceAllStringFunc(body, func(tag string) string {
		m := imgSrc.FindStringSubmatch(tag)
		src := m[2] + m[3]
		rel, ok := uploadsRel(src)
		if !ok {
			if !strings.HasPrefix(src, content.LocalImagePrefix) {
				w.Warn(KindArticle, source, "ảnh ở ngoài thư mục uploads không được nhập: "+src)
			}
			return tag
		}
		it, ok := im.upload(ctx, w, source, rel, "", true)
		if !ok {
			return tag
		}
		return m[1] + `"` + it.URL() + `"`
	})
}

// articlePhoto brings an article's picture (homeimgfile, under
// uploads/news/, or an address of another site when homeimgthumb is 3).
func (im *run) articlePhoto(ctx context.Context, w reporter, source string, a Article) content.Photo {
	rel := "news/" + strings.TrimPrefix(a.Image, "/")
	if a.Thumb == 3 || strings.Contains(a.Image, "://") {
		r, ok := uploadsRel(a.Image)
		if !ok {
			w.Warn(KindArticle, source, "ảnh đại diện ở trang khác không được tải về: "+a.Image)
			return content.Photo{}
		}
		rel = r
	}
	it, ok := im.upload(ctx, w, source, rel, a.ImageAlt, true)
	if !ok {
		return content.Photo{}
	}
	alt := a.ImageAlt
	if alt == "" {
		alt = it.Alt
	}
	return content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: alt}
}

// keyLock serialises work on the same key (an upload file) among
// goroutines; a key's lock goes away with its last holder.
type keyLock struct {
	mu sync.Mutex
	m  map[string]*keyed
}

type keyed struct {
	sync.Mutex
	n int
}

func (k *keyLock) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyed{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyed{}
		k.m[key] = l
	}
	l.n++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.n--; l.n == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}
