package nvfixture

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Load creates the tables of schemaFile (with the prefix nv4 replaced by
// f.Prefix) in db and fills them.
func (f *Fixture) Load(ctx context.Context, db *sql.DB, schemaFile string) error {
	schema, err := os.ReadFile(schemaFile)
	if err != nil {
		return err
	}
	text := strings.ReplaceAll(string(schema), "nv4_", f.Prefix+"_")
	for _, stmt := range strings.Split(text, ";\n") {
		if strings.TrimSpace(stripComments(stmt)) == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("schema: %w", err)
		}
	}
	for _, step := range []func(context.Context, *sql.DB) error{f.loadUsers, f.loadNews, f.loadBlocks, f.loadPages, f.loadFAQs, f.loadLaws} {
		if err := step(ctx, db); err != nil {
			return err
		}
	}
	return nil
}

func stripComments(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func (f *Fixture) t(name string) string { return f.Prefix + "_" + name }

// batch inserts rows of cols into table, 200 rows a statement.
func batch(ctx context.Context, db *sql.DB, table string, cols []string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 200)
		var q strings.Builder
		fmt.Fprintf(&q, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")")
			args = append(args, r...)
		}
		if _, err := db.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (f *Fixture) loadUsers(ctx context.Context, db *sql.DB) error {
	var us, as [][]any
	for _, u := range f.Users {
		us = append(us, []any{u.ID, u.Username, fmt.Sprintf("%x", u.ID), u.Hash, u.Email, u.First, u.Last, 0, 1546300800, "", boolInt(u.Active)})
		if u.Lev > 0 {
			as = append(as, []any{u.ID, u.Lev, "", 1546300800})
		}
	}
	if err := batch(ctx, db, f.t("users"), []string{"userid", "username", "md5username", "password", "email", "first_name", "last_name", "birthday", "regdate", "question", "active"}, us); err != nil {
		return err
	}
	return batch(ctx, db, f.t("authors"), []string{"admin_id", "lev", "position", "addtime"}, as)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (f *Fixture) loadNews(ctx context.Context, db *sql.DB) error {
	var cats [][]any
	for _, c := range f.Categories {
		status := 1
		if c.Hidden {
			status = 0
		}
		cats = append(cats, []any{c.ID, c.ParentID, c.Title, c.Alias, c.Weight, status, "", ""})
	}
	if err := batch(ctx, db, f.t("vi_news_cat"), []string{"catid", "parentid", "title", "alias", "weight", "status", "keywords", "admins"}, cats); err != nil {
		return err
	}
	if err := batch(ctx, db, f.t("vi_news_sources"), []string{"sourceid", "title", "add_time", "edit_time"}, [][]any{{1, "Báo Ninh Bình", 0, 0}}); err != nil {
		return err
	}
	for start := 0; start < len(f.Articles); start += 1000 {
		var rows, details [][]any
		for _, a := range f.Articles[start:min(start+1000, len(f.Articles))] {
			source := 0
			if a.Source != "" {
				source = 1
			}
			thumb := 0
			if a.Image != "" {
				thumb = 1
			}
			rows = append(rows, []any{a.ID, a.CatID, fmt.Sprint(a.CatID), a.AdminID, a.stored(a.Author), source, unix(a.Publ), unix(a.Edit),
				a.Status, unix(a.Publ), unix(a.Exp), a.stored(a.Title), a.Alias, a.stored(a.Hometext), a.Image, a.stored(a.ImageAlt), thumb, a.Hits})
			details = append(details, []any{a.ID, a.stored(a.BodyHTML()), a.Files, ""})
		}
		if err := batch(ctx, db, f.t("vi_news_rows"), []string{"id", "catid", "listcatid", "admin_id", "author", "sourceid", "addtime", "edittime",
			"status", "publtime", "exptime", "title", "alias", "hometext", "homeimgfile", "homeimgalt", "homeimgthumb", "hitstotal"}, rows); err != nil {
			return err
		}
		if err := batch(ctx, db, f.t("vi_news_detail"), []string{"id", "bodyhtml", "files", "description"}, details); err != nil {
			return err
		}
	}
	return nil
}

func (f *Fixture) loadBlocks(ctx context.Context, db *sql.DB) error {
	var cats, rows [][]any
	for _, b := range f.Blocks {
		cats = append(cats, []any{b.ID, b.Title, b.Alias, b.ID})
		for w, id := range b.ArticleIDs {
			rows = append(rows, []any{b.ID, id, w + 1})
		}
	}
	if err := batch(ctx, db, f.t("vi_news_block_cat"), []string{"bid", "title", "alias", "weight"}, cats); err != nil {
		return err
	}
	return batch(ctx, db, f.t("vi_news_block"), []string{"bid", "id", "weight"}, rows)
}

func (f *Fixture) loadPages(ctx context.Context, db *sql.DB) error {
	var rows [][]any
	for _, p := range f.Pages {
		rows = append(rows, []any{p.ID, p.Title, p.Alias, p.Body, p.Weight, p.Status, 1546300800, 1546300800})
	}
	return batch(ctx, db, f.t("vi_page"), []string{"id", "title", "alias", "bodytext", "weight", "status", "add_time", "edit_time"}, rows)
}

func (f *Fixture) loadFAQs(ctx context.Context, db *sql.DB) error {
	cats := map[int][]any{}
	var rows [][]any
	for _, q := range f.FAQs {
		cats[q.CatID] = []any{q.CatID, 0, q.CategoryTitle, q.CatAlias, "", "", q.CategoryOrder, 1, ""}
		rows = append(rows, []any{q.ID, q.CatID, q.Title, fmt.Sprintf("hoi-dap-%d", q.ID), q.Question, q.Answer, q.ID, q.Status, unix(q.Added)})
	}
	var cs [][]any
	for id := 1; id <= len(cats); id++ {
		cs = append(cs, cats[id])
	}
	if err := batch(ctx, db, f.t("vi_faq_categories"), []string{"id", "parentid", "title", "alias", "description", "groups_view", "weight", "status", "keywords"}, cs); err != nil {
		return err
	}
	return batch(ctx, db, f.t("vi_faq"), []string{"id", "catid", "title", "alias", "question", "answer", "weight", "status", "addtime"}, rows)
}

func (f *Fixture) loadLaws(ctx context.Context, db *sql.DB) error {
	named := map[string]map[int]string{"cat": {}, "subject": {}, "signer": {}}
	areaIDs := map[string]int{}
	var rows, rowAreas, replaces [][]any
	for _, l := range f.Laws {
		named["cat"][l.CatID], named["subject"][l.SubjectID], named["signer"][l.SignID] = l.Type, l.Issuer, l.Signer
		replacement := ""
		for _, o := range f.Laws {
			if o.ReplacedBy == l.ID {
				replacement = fmt.Sprint(o.ID)
				replaces = append(replaces, []any{o.ID, l.ID})
			}
		}
		files := ""
		for i, p := range l.Files {
			if i > 0 {
				files += ","
			}
			files += p
		}
		rows = append(rows, []any{l.ID, replacement, "", l.Title, fmt.Sprintf("van-ban-%d", l.ID), l.Code, l.CatID, l.SubjectID, l.SignID,
			"", l.Introtext, "", "", "6", "6", files, l.Status, 1, unix(l.Publ), unix(l.Publ), unix(l.Publ), unix(l.StartValid), unix(l.Exp)})
		for _, a := range l.Areas {
			if areaIDs[a] == 0 {
				areaIDs[a] = len(areaIDs) + 1
			}
			rowAreas = append(rowAreas, []any{l.ID, areaIDs[a]})
		}
	}
	if err := batch(ctx, db, f.t("vi_laws_row"), []string{"id", "replacement", "relatement", "title", "alias", "code", "cid", "sid", "sgid",
		"note", "introtext", "bodytext", "keywords", "groups_view", "groups_download", "files", "status", "approval", "addtime", "edittime",
		"publtime", "startvalid", "exptime"}, rows); err != nil {
		return err
	}
	var areas [][]any
	for name, id := range areaIDs {
		areas = append(areas, []any{id, fmt.Sprintf("linh-vuc-%d", id), name, "", ""})
	}
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"vi_laws_area", []string{"id", "alias", "title", "introduction", "keywords"}, areas},
		{"vi_laws_row_area", []string{"row_id", "area_id"}, rowAreas},
		{"vi_laws_set_replace", []string{"oid", "nid"}, replaces},
		{"vi_laws_cat", []string{"id", "alias", "title", "introduction", "keywords"}, namedRows(named["cat"], true)},
		{"vi_laws_subject", []string{"id", "alias", "title", "introduction", "keywords"}, namedRows(named["subject"], true)},
		{"vi_laws_signer", []string{"id", "title"}, namedRows(named["signer"], false)},
	}
	for _, s := range steps {
		if err := batch(ctx, db, f.t(s.table), s.cols, s.rows); err != nil {
			return err
		}
	}
	return nil
}

func namedRows(m map[int]string, withAlias bool) [][]any {
	var out [][]any
	for id := 1; id <= len(m); id++ {
		if withAlias {
			out = append(out, []any{id, fmt.Sprintf("muc-%d", id), m[id], "", ""})
		} else {
			out = append(out, []any{id, m[id]})
		}
	}
	return out
}

// WriteUploads writes the old site's uploads folder into dir: every photo
// and attachment the rows name, except those meant to be missing.
func (f *Fixture) WriteUploads(dir string) error {
	write := func(rel string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	for _, a := range f.Articles {
		if a.Image != "" && !a.ImageMissing {
			if err := write("news/"+a.Image, photo(a.ID)); err != nil {
				return err
			}
		}
		if a.BodyImage != "" {
			if err := write("news/"+a.BodyImage, photo(a.ID+7)); err != nil {
				return err
			}
		}
		if a.Files != "" {
			if err := write("news/"+a.Files, pdf(a.ID)); err != nil {
				return err
			}
		}
	}
	for _, l := range f.Laws {
		for _, p := range l.Files {
			if err := write("laws/"+p, pdf(1000+l.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// photo is a small JPEG, different for each n.
func photo(n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	c := color.RGBA{uint8(n * 37), uint8(n * 91), uint8(n * 13), 255}
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			if (x/40+y/40)%2 == 0 {
				img.Set(x, y, c)
			} else {
				img.Set(x, y, color.RGBA{255 - c.R, 255 - c.G, 255 - c.B, 255})
			}
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

func pdf(n int) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%% văn bản %d\ntrailer << /Root 1 0 R >>\n%%%%EOF\n", n))
}
