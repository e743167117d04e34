package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// build writes an archive with a database and two media files.
func build(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "src")
	for name, data := range map[string]string{"db": "SQLite format 3\x00…", "media/ab/cd/abcd.jpg": "jpeg", "media/.meta/ab/cd/abcd.jpg": "image/jpeg", "media/ab/.tmp-123": "half"} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "a.tar.gz")
	w, err := Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddFile(SQLiteName, filepath.Join(src, "db")); err != nil {
		t.Fatal(err)
	}
	if err := w.AddTree("media", filepath.Join(src, "media")); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(Manifest{Store: "sqlite", SchemaVersion: 19, Created: time.Now(), Sites: []Site{{Key: "giavien", Name: "Gia Viễn"}}}); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestWriteRead(t *testing.T) {
	file := build(t, t.TempDir())
	got := map[string]string{}
	m, err := Read(file, func(name string, r io.Reader) error {
		b, err := io.ReadAll(r)
		got[name] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 3 || m.Format != FormatVersion || m.SchemaVersion != 19 || len(m.Sites) != 1 {
		t.Errorf("manifest %+v", m)
	}
	if got["media/ab/cd/abcd.jpg"] != "jpeg" || got["media/.meta/ab/cd/abcd.jpg"] != "image/jpeg" {
		t.Errorf("entries %v", got)
	}
	if _, ok := got["media/ab/.tmp-123"]; ok {
		t.Error("a temporary file was backed up")
	}
	if _, err := Create(file); err == nil {
		t.Error("Create over an existing archive succeeded")
	}
}

// reseal rewrites an archive's entries through edit, with a valid seal, as
// someone who knows the format could: the entries' checksums must catch it.
func reseal(t *testing.T, file string, edit func(hdr *tar.Header, data []byte) []byte) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	gz, err := gzip.NewReader(io.LimitReader(f, fi.Size()-int64(sealLen)))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var buf bytes.Buffer
	sum := sha256.New()
	gw := gzip.NewWriter(io.MultiWriter(&buf, sum))
	tw := tar.NewWriter(gw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		data = edit(hdr, data)
		if data == nil {
			continue
		}
		hdr.Size = int64(len(data))
		tw.WriteHeader(hdr)
		tw.Write(data)
	}
	tw.Close()
	gw.Close()
	buf.Write(seal(hex.EncodeToString(sum.Sum(nil))))
	out := filepath.Join(t.TempDir(), "edited.tar.gz")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadRefusesEditedEntries(t *testing.T) {
	file := build(t, t.TempDir())
	for _, c := range []struct {
		name string
		edit func(*tar.Header, []byte) []byte
		want string
	}{
		{"untouched", func(_ *tar.Header, b []byte) []byte { return b }, ""},
		{"changed", func(h *tar.Header, b []byte) []byte {
			if h.Name == "media/ab/cd/abcd.jpg" {
				return []byte("jpeG")
			}
			return b
		}, "mã băm SHA-256 không khớp"},
		{"removed", func(h *tar.Header, b []byte) []byte {
			if h.Name == "media/ab/cd/abcd.jpg" {
				return nil
			}
			return b
		}, "thiếu tệp media/ab/cd/abcd.jpg"},
		{"escaping", func(h *tar.Header, b []byte) []byte {
			if h.Name == "media/ab/cd/abcd.jpg" {
				h.Name = "media/../../etc/passwd"
			}
			return b
		}, "không hợp lệ"},
		{"no manifest", func(h *tar.Header, b []byte) []byte {
			if h.Name == ManifestName {
				return nil
			}
			return b
		}, "thiếu manifest.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(reseal(t, file, c.edit), nil)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if _, ok := errors.AsType[*Corrupt](err); !ok || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Read: %v, want a *Corrupt error with %q", err, c.want)
			}
		})
	}
}

func TestReadRefusesUnsealed(t *testing.T) {
	file := build(t, t.TempDir())
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.tar.gz")
	if err := os.WriteFile(cut, data[:len(data)-sealLen], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(cut, nil); err == nil || !strings.Contains(err.Error(), "niêm phong") {
		t.Errorf("Read of an archive without its seal: %v", err)
	}
}

func TestFindToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	debianPostgres = t.TempDir()
	t.Cleanup(func() { debianPostgres = "/usr/lib/postgresql" })
	_, err := FindTool("pg_dump")
	if err == nil || !strings.Contains(err.Error(), "postgresql-client") {
		t.Errorf("FindTool without pg_dump: %v, want a message naming postgresql-client", err)
	}
	// Debian's layout, newest version first.
	for _, v := range []string{"9", "15", "13"} {
		p := filepath.Join(debianPostgres, v, "bin", "pg_dump")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got, err := FindTool("pg_dump")
	if err != nil || got != filepath.Join(debianPostgres, "15", "bin", "pg_dump") {
		t.Errorf("FindTool = %q, %v; want version 15's", got, err)
	}
}
