package sitemerge

import (
	"strings"
	"testing"
	"unicode/utf8"

	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// TestRenameSlug: a taken slug becomes slug-KEY, then slug-KEY-2, …, and a
// long one is cut so that the result is still a slug an editor can save.
func TestRenameSlug(t *testing.T) {
	for _, c := range []struct {
		slug string
		n    int
		want string
	}{
		{"le-hoi", 1, "le-hoi-huyen-a"},
		{"le-hoi", 2, "le-hoi-huyen-a-2"},
		{"le-hoi", 12, "le-hoi-huyen-a-12"},
	} {
		if got := RenameSlug(c.slug, "huyen-a", c.n); got != c.want {
			t.Errorf("RenameSlug(%q, %d) = %q, want %q", c.slug, c.n, got, c.want)
		}
	}
	long := vi.Slug(strings.Repeat("hoi nghi ", 30))
	got := RenameSlug(long, "huyen-gia-vien", 3)
	if vi.Slug(got) != got || !strings.HasSuffix(got, "-huyen-gia-vien-3") || !strings.HasPrefix(got, "hoi-nghi-hoi") {
		t.Errorf("RenameSlug of a %d-byte slug = %q", len(long), got)
	}
}

// TestArchiveName: the default category is "Lưu trữ <name>", cut to a
// category name's length.
func TestArchiveName(t *testing.T) {
	if got := ArchiveName(" Huyện Gia Viễn "); got != "Lưu trữ Huyện Gia Viễn" {
		t.Errorf("ArchiveName = %q", got)
	}
	if got := ArchiveName(strings.Repeat("ư", 400)); utf8.RuneCountInString(got) != content.MaxName {
		t.Errorf("ArchiveName of a long name: %d letters", utf8.RuneCountInString(got))
	}
}
