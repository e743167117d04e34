package wordpress

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/importer"
	"trangtin/internal/media"
	"trangtin/internal/redirect"
)

// pictures brings the old site's uploads in through the media library
// (checked, re-encoded into the site's sizes, EXIF and GPS gone), each
// once: a picture is found again by its old address, which is recorded
// with it in one transaction.
type pictures struct {
	im   *Importer
	root *os.Root // the --uploads folder; nil: none given
	lib  *media.Library
	rec  *mediaRecords
	done map[string]media.Item // by upload file
	bad  map[string]string     // upload files that could not be brought in: why
	new  map[string]bool       // upload files brought in by this run
}

// mediaRecords is the library's record store, writing a new record with
// the old addresses of its picture.
type mediaRecords struct {
	media.RecordStore
	st      Store
	entries func(it *media.Item) []redirect.Entry
}

func (m *mediaRecords) CreateMedia(ctx context.Context, it *media.Item, a *audit.Entry) error {
	return m.st.ImportMedia(ctx, it, a, m.entries(it))
}

func newPictures(im *Importer, root *os.Root) *pictures {
	rec := &mediaRecords{RecordStore: im.d.Store, st: im.d.Store}
	return &pictures{im: im, root: root, rec: rec, lib: media.NewLibrary(rec, im.d.Blobs, im.d.Limits),
		done: map[string]media.Item{}, bad: map[string]string{}, new: map[string]bool{}}
}

var imageExt = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true}

// original is the upload file a reference names: itself when it is an
// attachment's, else the file its size suffix was cut from.
func (p *pictures) original(file string) (string, *Attachment) {
	if a := p.im.x.ByFile[file]; a != nil {
		return file, a
	}
	if base, _, ok := sizeSuffix(file); ok {
		if a := p.im.x.ByFile[base]; a != nil {
			return base, a
		}
		if p.root != nil {
			if _, err := p.root.Stat(base); err == nil {
				return base, nil
			}
		}
	}
	return file, nil
}

// get returns the picture of an upload file, bringing it in when it is
// not there yet; problem says why not when ok is false.
func (p *pictures) get(ctx context.Context, file string) (it media.Item, problem string, ok bool) {
	file, att := p.original(file)
	if it, ok := p.done[file]; ok {
		return it, "", true
	}
	if why, ok := p.bad[file]; ok {
		return media.Item{}, why, false
	}
	it, err := p.bring(ctx, file, att)
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.TooLarge) && !errors.Is(err, errMissing) {
			p.im.fatal = err
		}
		why := "không nhập được ảnh " + file + ": " + apperr.MessageOf(err)
		if errors.Is(err, errMissing) {
			why = "thiếu tệp ảnh " + file + " trong thư mục --uploads"
		}
		p.bad[file] = why
		return media.Item{}, why, false
	}
	p.done[file] = it
	return it, "", true
}

var errMissing = apperr.New(apperr.NotFound, "thiếu tệp")

func (p *pictures) bring(ctx context.Context, file string, att *Attachment) (media.Item, error) {
	if it, err := p.find(ctx, file); err == nil || !apperr.Is(err, apperr.NotFound) {
		return it, err
	}
	p.new[file] = true
	if !imageExt[strings.ToLower(path.Ext(file))] {
		return media.Item{}, apperr.New(apperr.Invalid, "chỉ nhập được ảnh (JPEG, PNG, GIF, WebP)")
	}
	if p.root == nil {
		return media.Item{}, errMissing
	}
	f, err := p.root.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return media.Item{}, errMissing
	} else if err != nil { // a path out of the folder, a file not readable
		return media.Item{}, apperr.Wrap(apperr.Invalid, "không đọc được tệp trong thư mục --uploads", err)
	}
	defer f.Close()
	if p.im.o.DryRun {
		return media.Item{Kind: media.KindImage, Variants: []media.StoredVariant{{Key: "moi/" + file}}}, nil
	}
	alt := ""
	if att != nil {
		alt = firstNonEmpty(att.Alt, plainText(att.Caption))
	}
	if len([]rune(alt)) > media.MaxAltRunes {
		alt = string([]rune(alt)[:media.MaxAltRunes])
	}
	p.rec.entries = func(it *media.Item) []redirect.Entry { return p.entries(file, att, it) }
	return p.lib.UploadImage(ctx, p.im.site.ID, 0, f, alt, nil)
}

// find returns the picture an earlier run brought in for file.
func (p *pictures) find(ctx context.Context, file string) (media.Item, error) {
	key, err := redirect.Key(p.im.oldPath("/wp-content/uploads/" + file))
	if err != nil {
		return media.Item{}, apperr.New(apperr.NotFound, "")
	}
	e, err := p.im.d.Store.FindRedirect(ctx, p.im.site.ID, []string{key})
	if err != nil {
		return media.Item{}, err
	}
	vkey := strings.TrimPrefix(e.To, media.ImagePathPrefix)
	i := strings.LastIndexByte(vkey, '-')
	if i <= 0 {
		return media.Item{}, apperr.New(apperr.NotFound, "")
	}
	it, err := p.im.d.Store.FindMediaByKey(ctx, vkey[:i])
	if err == nil && it.SiteID != p.im.site.ID {
		return media.Item{}, apperr.New(apperr.NotFound, "")
	}
	return it, err
}

// entries are the old addresses of a picture: its file and the sizes
// WordPress made of it, its attachment page and ?attachment_id=.
func (p *pictures) entries(file string, att *Attachment, it *media.Item) []redirect.Entry {
	src := "wordpress:file:" + file
	var froms []string
	add := func(raw string, width int) {
		froms = append(froms, raw+"\x00"+strconv.Itoa(width))
	}
	add(p.im.oldPath("/wp-content/uploads/"+file), 0)
	if att != nil {
		src = "wordpress:attachment:" + strconv.FormatInt(att.ID, 10)
		add("/?attachment_id="+strconv.FormatInt(att.ID, 10), 0)
		if att.Link != "" {
			add(att.Link, 0)
		}
	}
	dir, name := path.Split(file)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if list, err := fs.ReadDir(p.root.FS(), strings.TrimSuffix(firstNonEmpty(dir, "."), "/")); err == nil {
		for _, de := range list {
			if base, w, ok := sizeSuffix(de.Name()); ok && base == stem+ext && de.Name() != name {
				add(p.im.oldPath("/wp-content/uploads/"+dir+de.Name()), w)
			}
		}
	}
	var out []redirect.Entry
	for _, f := range froms {
		raw, w, _ := strings.Cut(f, "\x00")
		width, _ := strconv.Atoi(w)
		if key, err := redirect.Key(raw); err == nil {
			out = append(out, redirect.Entry{SiteID: p.im.site.ID, From: key, ToSiteID: p.im.site.ID, To: variantURL(*it, width), Source: src})
		}
	}
	return out
}

// variantURL is the address of the smallest variant of it at least width
// wide (the largest when 0 or none is).
func variantURL(it media.Item, width int) string {
	if len(it.Variants) == 0 {
		return ""
	}
	if width > 0 {
		for _, v := range it.Variants {
			if v.Width >= width {
				return media.ImageURL(v.Key)
			}
		}
	}
	return media.ImageURL(it.Variants[len(it.Variants)-1].Key)
}

// rewrite is the rewriter of a post's body.
func (p *pictures) rewrite(ctx context.Context, problems *[]string) importer.Rewriter {
	return func(old string, width int) (string, string, bool, bool) {
		file, ok := uploadFile(old)
		if !ok {
			return "", "", false, false
		}
		it, why, found := p.get(ctx, file)
		if !found {
			*problems = append(*problems, why)
			return "", "", true, false
		}
		if _, w, ok := sizeSuffix(file); ok && width == 0 {
			width = w
		}
		return variantURL(it, width), it.Srcset(), true, true
	}
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
