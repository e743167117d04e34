// Package backup writes and reads trangtin's backup archives: one
// gzip-compressed tar file holding a snapshot of the database
// (database/trangtin.db for SQLite, database/trangtin.pgdump, pg_dump's
// custom format, for PostgreSQL), every uploaded file under media/, and
// manifest.json, the last entry, with the format and schema versions, the
// time, the sites and the size and SHA-256 of every other entry.
//
// The package knows nothing of databases: cmd/trangtin takes the
// snapshot and hands the file over.
package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// FormatVersion is the version of the archive layout this package writes
// and reads.
const FormatVersion = 1

// Names of the entries.
const (
	ManifestName = "manifest.json"
	SQLiteName   = "database/trangtin.db"
	PostgresName = "database/trangtin.pgdump"
	MediaPrefix  = "media/"
)

// maxManifest bounds the manifest read from an archive: a million files
// take about 150 MB of JSON, far beyond a portal's uploads.
const maxManifest = 256 << 20

// The archive ends with a seal: a second, empty gzip member (gzip and tar
// read it as nothing) whose comment is "trangtin-sha256:" and the SHA-256,
// in hex, of every byte before it. A deflate stream can hide a flipped bit
// (padding bits, the length of a code never used) and the gzip header is
// not checksummed, so the entries' checksums alone would miss some flipped
// bytes; the seal, compared byte for byte with the one rebuilt from its
// hash, misses none.
const sealComment = "trangtin-sha256:"

// seal returns the sealing member for a hex SHA-256.
func seal(hexSum string) []byte {
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	gz.Comment = sealComment + hexSum
	gz.Close()
	return b.Bytes()
}

var (
	sealLen = len(seal(strings.Repeat("0", 64)))
	// sealPrefixAt is where the hash starts: after the 10-byte header
	// and the comment's prefix.
	sealPrefixAt = 10 + len(sealComment)
)

// Manifest describes an archive.
type Manifest struct {
	Format        int       `json:"format"`
	Store         string    `json:"store"` // "sqlite" or "postgres"
	SchemaVersion int       `json:"schema_version"`
	Created       time.Time `json:"created"`
	Sites         []Site    `json:"sites"`
	Files         []File    `json:"files"`
}

// Site names one site of the backed-up database.
type Site struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Host string `json:"host,omitempty"`
}

// File is one entry of the archive besides the manifest.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Writer writes an archive to a temporary file beside its destination,
// renamed into place by Commit, so a failed backup leaves no partial
// archive under the destination's name.
type Writer struct {
	dst, tmp string
	f        *os.File
	sum      hash.Hash // of every byte written to f
	gz       *gzip.Writer
	tw       *tar.Writer
	files    []File
	seen     map[string]bool
	done     bool
}

// Create starts an archive that Commit will write to dst. dst must not
// exist: a backup never overwrites a file.
func Create(dst string) (*Writer, error) {
	if _, err := os.Lstat(dst); err == nil {
		return nil, fmt.Errorf("tệp %s đã có: hãy chọn tên khác, bản sao lưu không ghi đè tệp nào", dst)
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".tmp-"+filepath.Base(dst)+"-")
	if err != nil {
		return nil, fmt.Errorf("không tạo được tệp sao lưu %s: %w", dst, err)
	}
	sum := sha256.New()
	gz, _ := gzip.NewWriterLevel(io.MultiWriter(f, sum), gzip.DefaultCompression)
	return &Writer{dst: dst, tmp: f.Name(), f: f, sum: sum, gz: gz, tw: tar.NewWriter(gz), seen: map[string]bool{}}, nil
}

// AddFile copies the regular file src into the archive as name.
func (w *Writer) AddFile(name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	return w.add(name, f)
}

func (w *Writer) add(name string, f *os.File) error {
	if err := checkName(name); err != nil {
		return err
	}
	if w.seen[name] {
		return fmt.Errorf("backup: %s added twice", name)
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("backup: %s is not a regular file", f.Name())
	}
	hdr := &tar.Header{Name: name, Mode: 0o644, Size: fi.Size(), ModTime: fi.ModTime().UTC().Truncate(time.Second), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	// Exactly the size announced: a file that grew meanwhile is cut at the
	// size it had, one that shrank fails the backup.
	if _, err := io.CopyN(io.MultiWriter(w.tw, h), f, fi.Size()); err != nil {
		return fmt.Errorf("backup: copy %s: %w", f.Name(), err)
	}
	w.seen[name] = true
	w.files = append(w.files, File{Path: name, Size: fi.Size(), SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// AddTree copies every regular file under dir into the archive below
// prefix ("media"), in lexical order. Temporary files (names starting with
// ".tmp-") are left out, and so is a file removed while the walk runs.
// A missing dir adds nothing.
func (w *Writer) AddTree(prefix, dir string) error {
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()
	return fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".tmp-") || !d.Type().IsRegular() {
			return nil
		}
		f, err := root.Open(filepath.FromSlash(p))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		defer f.Close()
		return w.add(path.Join(prefix, p), f)
	})
}

// Commit writes the manifest (with the files added), closes the archive,
// makes it durable and renames it to its destination.
func (w *Writer) Commit(m Manifest) error {
	if w.done {
		return errors.New("backup: archive already finished")
	}
	m.Format = FormatVersion
	m.Files = w.files
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	err = w.tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o644, Size: int64(len(data)), ModTime: m.Created.UTC().Truncate(time.Second), Typeflag: tar.TypeReg, Format: tar.FormatPAX})
	if err == nil {
		_, err = w.tw.Write(data)
	}
	if err == nil {
		err = w.tw.Close()
	}
	if err == nil {
		err = w.gz.Close()
	}
	if err == nil {
		_, err = w.f.Write(seal(hex.EncodeToString(w.sum.Sum(nil))))
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp, w.dst)
	}
	w.done = true
	if err != nil {
		os.Remove(w.tmp)
		return fmt.Errorf("không ghi được tệp sao lưu %s: %w", w.dst, err)
	}
	if d, err := os.Open(filepath.Dir(w.dst)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort discards an archive not committed; after Commit it does nothing.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.tmp)
}

// checkName accepts the entry names this package writes: a clean,
// relative, slash-separated path without "." or ".." segments, under
// database/ or media/.
func checkName(name string) error {
	if name == "" || path.Clean(name) != name || path.IsAbs(name) || strings.Contains(name, "\\") {
		return fmt.Errorf("tên mục %q không hợp lệ", name)
	}
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("tên mục %q không hợp lệ", name)
		}
	}
	if name != SQLiteName && name != PostgresName && !strings.HasPrefix(name, MediaPrefix) {
		return fmt.Errorf("tên mục %q không hợp lệ", name)
	}
	return nil
}

// Corrupt is the error of an archive that is damaged or not one of ours.
type Corrupt struct{ Reason string }

func (e *Corrupt) Error() string {
	return "tệp sao lưu hỏng hoặc không hợp lệ: " + e.Reason
}

func corrupt(format string, args ...any) error {
	return &Corrupt{Reason: fmt.Sprintf(format, args...)}
}

// Read reads the archive at file, checks every entry's size and SHA-256
// against the manifest, and returns the manifest. fn, when not nil, gets
// each entry other than the manifest as it is read, before the entry has
// been checked: a caller that writes entries out must treat them as
// unverified until Read returns nil (or read the archive twice, the first
// time with a nil fn). Every damage to the archive, a flipped byte
// included, makes Read fail with a *Corrupt error.
func Read(file string, fn func(name string, r io.Reader) error) (Manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return Manifest{}, fmt.Errorf("không mở được tệp sao lưu: %w", err)
	}
	defer f.Close()
	body, want, err := readSeal(f)
	if err != nil {
		return Manifest{}, err
	}
	sum := sha256.New()
	counted := &io.LimitedReader{R: f, N: body}
	gz, err := gzip.NewReader(io.TeeReader(counted, sum))
	if err != nil {
		return Manifest{}, corrupt("không phải tệp gzip (%v)", err)
	}
	gz.Multistream(false)
	m, got, err := readEntries(tar.NewReader(gz), fn)
	if err != nil {
		return Manifest{}, err
	}
	// The gzip trailer's CRC is checked only at its end: read to it.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return Manifest{}, corrupt("%v", err)
	}
	if counted.N != 0 {
		return Manifest{}, corrupt("có %d byte lạ trước dấu niêm phong", counted.N)
	}
	if hex.EncodeToString(sum.Sum(nil)) != want {
		return Manifest{}, corrupt("tổng kiểm SHA-256 của cả tệp không khớp: tệp đã bị thay đổi hoặc hỏng")
	}
	if m == nil {
		return Manifest{}, corrupt("thiếu manifest.json")
	}
	return *m, checkManifest(m, got)
}

// readSeal checks the seal, the last sealLen bytes of f: an empty gzip
// member whose comment is the SHA-256 of every byte before it. It returns
// the length of what the seal covers and that SHA-256 in hex.
func readSeal(f *os.File) (body int64, want string, err error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, "", err
	}
	body = fi.Size() - int64(sealLen)
	if body < 20 {
		return 0, "", corrupt("tệp quá ngắn (%d byte)", fi.Size())
	}
	tail := make([]byte, sealLen)
	if _, err := f.ReadAt(tail, body); err != nil {
		return 0, "", corrupt("%v", err)
	}
	want = string(tail[sealPrefixAt : sealPrefixAt+64])
	if !bytes.Equal(seal(want), tail) {
		return 0, "", corrupt("thiếu hoặc hỏng dấu niêm phong ở cuối tệp")
	}
	return body, want, nil
}

// readEntries reads every entry of tr, giving each but the manifest to fn
// (when not nil), and returns the manifest (nil when there is none) and
// the size and SHA-256 of every other entry, by name. The manifest must
// come last.
func readEntries(tr *tar.Reader, fn func(name string, r io.Reader) error) (*Manifest, map[string]File, error) {
	got := map[string]File{}
	var m *Manifest
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return m, got, nil
		}
		if err != nil {
			return nil, nil, corrupt("%v", err)
		}
		if m != nil {
			return nil, nil, corrupt("có mục %q sau manifest.json", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, nil, corrupt("mục %q không phải tệp thường", hdr.Name)
		}
		if hdr.Name == ManifestName {
			if m, err = readManifest(tr, hdr.Size); err != nil {
				return nil, nil, err
			}
			continue
		}
		if err := checkName(hdr.Name); err != nil {
			return nil, nil, corrupt("%v", err)
		}
		if _, dup := got[hdr.Name]; dup {
			return nil, nil, corrupt("mục %q có hai lần", hdr.Name)
		}
		h := sha256.New()
		var r io.Reader = io.TeeReader(tr, h)
		if fn != nil {
			if err := fn(hdr.Name, r); err != nil {
				return nil, nil, err
			}
		}
		if _, err := io.Copy(io.Discard, r); err != nil { // what fn left unread
			return nil, nil, corrupt("%s: %v", hdr.Name, err)
		}
		got[hdr.Name] = File{Path: hdr.Name, Size: hdr.Size, SHA256: hex.EncodeToString(h.Sum(nil))}
	}
}

// readManifest decodes the manifest entry, of the given size, from r.
func readManifest(r io.Reader, size int64) (*Manifest, error) {
	if size > maxManifest {
		return nil, corrupt("manifest.json quá lớn (%d byte)", size)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, corrupt("manifest.json: %v", err)
	}
	m := new(Manifest)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, corrupt("manifest.json: %v", err)
	}
	return m, nil
}

// checkManifest checks m's format and store, and that the entries read,
// got, are exactly the files m lists, with their sizes and SHA-256, the
// database among them.
func checkManifest(m *Manifest, got map[string]File) error {
	if m.Format != FormatVersion {
		return corrupt("định dạng %d, chương trình này đọc định dạng %d", m.Format, FormatVersion)
	}
	if m.Store != "sqlite" && m.Store != "postgres" {
		return corrupt("loại cơ sở dữ liệu %q không rõ", m.Store)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		have, ok := got[want.Path]
		switch {
		case !ok:
			return corrupt("thiếu tệp %s", want.Path)
		case have.Size != want.Size:
			return corrupt("%s dài %d byte, manifest ghi %d", want.Path, have.Size, want.Size)
		case have.SHA256 != want.SHA256:
			return corrupt("%s: mã băm SHA-256 không khớp với manifest", want.Path)
		}
		listed[want.Path] = true
	}
	for _, name := range slices.Sorted(mapsKeys(got)) {
		if !listed[name] {
			return corrupt("tệp %s không có trong manifest", name)
		}
	}
	dbName := SQLiteName
	if m.Store == "postgres" {
		dbName = PostgresName
	}
	if !listed[dbName] {
		return corrupt("thiếu cơ sở dữ liệu %s", dbName)
	}
	return nil
}

func mapsKeys(m map[string]File) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
