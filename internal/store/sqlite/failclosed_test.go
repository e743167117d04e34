package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"trangtin/internal/store/storetest"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/user"
)

// TestOpenRefusesAMissingFolder: a database path in a folder that does not
// exist is refused, and the folder is not created.
func TestOpenRefusesAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo", "dir")
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "x.db"))
	if err == nil {
		db.Close()
		t.Fatal("Open in a missing folder succeeded")
	}
	if _, err := os.Stat(filepath.Dir(dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open created %s (%v)", filepath.Dir(dir), err)
	}
}

// TestFullDatabaseIsUnavailableWithAMessage: a write the disk has no room
// for (SQLITE_FULL, here from max_page_count) is apperr.Unavailable with
// the Vietnamese message, for the article and the session writes alike;
// reads still work.
func TestFullDatabaseIsUnavailableWithAMessage(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site, cat := storetest.SiteWithCategory(t, db, "giavien", "Gia Viễn")
	u := user.User{Email: "a@giavien.gov.vn", Name: "A", PasswordHash: "x"}
	if err := db.CreateUser(ctx, &u, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.LimitPages(ctx, db, 0); err != nil {
		t.Fatal(err)
	}
	body := "<p>" + strings.Repeat("Nội dung bài viết dài. ", 2000) + "</p>"
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Bài", Slug: "bai", Body: body, Status: content.StatusDraft}
	err = db.CreateArticle(ctx, &a)
	if !apperr.Is(err, apperr.Unavailable) || apperr.MessageOf(err) != apperr.MsgStorageFull {
		t.Errorf("article on a full database: %v, want Unavailable with %q", err, apperr.MsgStorageFull)
	}
	for i := 0; i < 200; i++ { // the session table fills up too
		err = db.CreateSession(ctx, user.Session{TokenHash: fmt.Sprintf("%064d", i), UserID: u.ID, CreatedAt: time.Now(),
			LastSeen: time.Now(), ExpiresAt: time.Now().Add(time.Hour), UserAgent: strings.Repeat("x", 400)})
		if err != nil {
			break
		}
	}
	if !apperr.Is(err, apperr.Unavailable) || apperr.MessageOf(err) != apperr.MsgStorageFull {
		t.Errorf("session on a full database: %v, want Unavailable with %q", err, apperr.MsgStorageFull)
	}
	if _, err := db.FindSiteByKey(ctx, "giavien"); err != nil {
		t.Errorf("read on a full database: %v", err)
	}
}
