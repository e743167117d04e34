package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/document"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlstore"
	"trangtin/internal/vi"
)

var _ document.Store = (*DB)(nil)

const documentCols = `id, site_id, type, number, issuer, signer, field, abstract, issued_on, effective_on, expires_on,
	COALESCE(replaced_by_id, 0), files, status, withdrawn_reason, published_at, created_by, created_at, updated_at`

func scanDocument(row interface{ Scan(...any) error }) (document.Document, error) {
	var d document.Document
	var issued, effective, expires, files string
	err := row.Scan(&d.ID, &d.SiteID, &d.Type, &d.Number, &d.Issuer, &d.Signer, &d.Field, &d.Abstract, &issued, &effective, &expires,
		&d.ReplacedByID, &files, &d.Status, &d.WithdrawnReason, timeDest{&d.PublishedAt}, &d.CreatedBy, timeDest{&d.CreatedAt}, timeDest{&d.UpdatedAt})
	if err != nil {
		return d, err
	}
	if d.IssuedOn, err = document.ParseDate(issued); err != nil {
		return d, err
	}
	if d.EffectiveOn, err = document.ParseDate(effective); err != nil {
		return d, err
	}
	if d.ExpiresOn, err = document.ParseDate(expires); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(files), &d.FileIDs); err != nil {
		return d, fmt.Errorf("document %d files: %w", d.ID, err)
	}
	return d, nil
}

func documentFiles(d *document.Document) string {
	ids := d.FileIDs
	if ids == nil {
		ids = []int64{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// documentDoc is what the search index holds of a document: its title and
// abstract as the title (so its subject weighs as an article's title
// does), its issuer, field and signer as the text, and its number and
// symbol as Code.
func documentDoc(d *document.Document) search.Doc {
	sd := search.Doc{
		SiteID: d.SiteID, Kind: search.KindDocument, RefID: d.ID,
		Title: d.Title() + " – " + d.Abstract, Text: documentText(d),
		Slug: vi.Slug(d.Number), PublishedAt: d.IssuedOn, Code: d.Number,
	}
	if d.Status == document.StatusPublished {
		sd.PublicFrom = d.PublishedAt
	}
	return sd
}

func documentText(d *document.Document) string {
	parts := []string{d.Citation() + "."}
	if d.Field != "" {
		parts = append(parts, "Lĩnh vực: "+d.Field+".")
	}
	if d.Signer != "" {
		parts = append(parts, "Người ký: "+d.Signer+".")
	}
	return strings.Join(parts, " ")
}

func (db *DB) CreateDocument(ctx context.Context, d *document.Document, e *audit.Entry) error {
	return db.writeTx(ctx, "văn bản", func(tx *sql.Tx) error {
		d.CreatedAt = now()
		d.UpdatedAt = d.CreatedAt
		err := tx.QueryRowContext(ctx, numbered(`INSERT INTO documents (site_id, type, number, issuer, signer, field, abstract, issued_on, effective_on, expires_on,
				replaced_by_id, files, status, withdrawn_reason, published_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			d.SiteID, d.Type, d.Number, d.Issuer, d.Signer, d.Field, d.Abstract,
			document.DateString(d.IssuedOn), document.DateString(d.EffectiveOn), document.DateString(d.ExpiresOn),
			nullID(d.ReplacedByID), documentFiles(d), string(d.Status), d.WithdrawnReason, ts(d.PublishedAt), d.CreatedBy,
			ts(d.CreatedAt), ts(d.UpdatedAt)).Scan(&d.ID)
		if err != nil {
			return err
		}
		return documentWritten(ctx, tx, d, e)
	})
}

// errDocumentStale is a write over a document changed after it was read.
var errDocumentStale = apperr.New(apperr.Conflict, "Văn bản vừa được người khác thay đổi. Vui lòng tải lại và thử lại.")

func (db *DB) UpdateDocument(ctx context.Context, d *document.Document, e *audit.Entry) error {
	return db.writeTx(ctx, "văn bản", func(tx *sql.Tx) error {
		upd := now()
		if !upd.After(d.UpdatedAt) {
			upd = d.UpdatedAt.Add(1000) // two writes in one microsecond still differ
		}
		res, err := tx.ExecContext(ctx, numbered(`UPDATE documents SET type = ?, number = ?, issuer = ?, signer = ?, field = ?, abstract = ?,
				issued_on = ?, effective_on = ?, expires_on = ?, replaced_by_id = ?, files = ?, status = ?, withdrawn_reason = ?,
				published_at = ?, updated_at = ?
			WHERE id = ? AND site_id = ? AND updated_at = ?`),
			d.Type, d.Number, d.Issuer, d.Signer, d.Field, d.Abstract,
			document.DateString(d.IssuedOn), document.DateString(d.EffectiveOn), document.DateString(d.ExpiresOn),
			nullID(d.ReplacedByID), documentFiles(d), string(d.Status), d.WithdrawnReason, ts(d.PublishedAt), ts(upd),
			d.ID, d.SiteID, ts(d.UpdatedAt))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists bool
			if err := tx.QueryRowContext(ctx, numbered(`SELECT EXISTS (SELECT 1 FROM documents WHERE id = ? AND site_id = ?)`), d.ID, d.SiteID).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return errDocumentStale
			}
			return apperr.New(apperr.NotFound, "Không tìm thấy văn bản.")
		}
		d.UpdatedAt = upd
		return documentWritten(ctx, tx, d, e)
	})
}

// documentWritten indexes d, records which attachments it makes public
// and appends e, in the transaction that wrote d.
func documentWritten(ctx context.Context, tx *sql.Tx, d *document.Document, e *audit.Entry) error {
	if err := index(ctx, tx, documentDoc(d)); err != nil {
		return err
	}
	if err := dialect.SetMediaUses(ctx, tx, sqlstore.UseDocument, d.ID, d.SiteID, documentFiles(d), d.Public()); err != nil {
		return err
	}
	if e == nil {
		return nil
	}
	if e.Object == "" {
		e.Object = "document:" + strconv.FormatInt(d.ID, 10)
	}
	if e.SiteID == 0 {
		e.SiteID = d.SiteID
	}
	return dialect.AppendAudit(ctx, tx, e)
}

func (db *DB) FindDocumentByID(ctx context.Context, siteID, id int64) (document.Document, error) {
	d, err := scanDocument(db.db.QueryRowContext(ctx, numbered(`SELECT `+documentCols+` FROM documents WHERE site_id = ? AND id = ?`), siteID, id))
	return d, mapErr(err, "văn bản")
}

// documentWhere builds the WHERE clause for f.
func documentWhere(f document.Filter) (string, []any, error) {
	conds := []string{"site_id = ?"}
	args := []any{f.SiteID}
	add := func(cond string, vs ...any) {
		conds = append(conds, cond)
		args = append(args, vs...)
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Type != "" {
		add("type = ?", f.Type)
	}
	if f.Issuer != "" {
		add("issuer = ?", f.Issuer)
	}
	if f.Field != "" {
		add("field = ?", f.Field)
	}
	if f.Year != 0 {
		add("issued_on >= ? AND issued_on < ?", fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	if f.Validity != "" {
		if f.Today.IsZero() {
			return "", nil, fmt.Errorf("document filter: validity %q without Today", f.Validity)
		}
		t := document.DateString(f.Today)
		switch f.Validity {
		case document.ValidityReplaced:
			add("replaced_by_id IS NOT NULL")
		case document.ValidityExpired:
			add("replaced_by_id IS NULL AND expires_on <> '' AND expires_on <= ?", t)
		case document.ValidityPending:
			add("replaced_by_id IS NULL AND (expires_on = '' OR expires_on > ?) AND effective_on > ?", t, t)
		case document.ValidityInForce:
			add("replaced_by_id IS NULL AND (expires_on = '' OR expires_on > ?) AND effective_on <= ?", t, t)
		default:
			return "", nil, fmt.Errorf("document filter: unknown validity %q", f.Validity)
		}
	}
	if !f.UpdatedSince.IsZero() {
		add("updated_at >= ?", ts(f.UpdatedSince))
	}
	if f.ExcludeID != 0 {
		add("id <> ?", f.ExcludeID)
	}
	return strings.Join(conds, " AND "), args, nil
}

func (db *DB) FindDocuments(ctx context.Context, f document.Filter) ([]document.Document, error) {
	where, args, err := documentWhere(f)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	order := ` ORDER BY issued_on DESC, id DESC`
	if !f.UpdatedSince.IsZero() {
		order = ` ORDER BY updated_at, id`
	}
	rows, err := db.db.QueryContext(ctx, numbered(`SELECT `+documentCols+` FROM documents WHERE `+where+order+` LIMIT ? OFFSET ?`),
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []document.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (db *DB) CountDocuments(ctx context.Context, f document.Filter) (int, error) {
	where, args, err := documentWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.db.QueryRowContext(ctx, numbered(`SELECT count(*) FROM documents WHERE `+where), args...).Scan(&n)
	return n, err
}

func (db *DB) DocumentFacets(ctx context.Context, siteID int64, status document.Status) (document.Facets, error) {
	var f document.Facets
	cond, args := "site_id = ?", []any{siteID}
	if status != "" {
		cond += " AND status = ?"
		args = append(args, string(status))
	}
	strs := func(col string) ([]string, error) {
		rows, err := db.db.QueryContext(ctx, numbered(`SELECT DISTINCT `+col+` FROM documents WHERE `+cond+` AND `+col+` <> '' ORDER BY 1`), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, rows.Err()
	}
	var err error
	if f.Issuers, err = strs("issuer"); err != nil {
		return f, err
	}
	if f.Fields, err = strs("field"); err != nil {
		return f, err
	}
	years, err := strs("substr(issued_on, 1, 4)")
	if err != nil {
		return f, err
	}
	for i := len(years) - 1; i >= 0; i-- {
		if y, err := strconv.Atoi(years[i]); err == nil {
			f.Years = append(f.Years, y)
		}
	}
	return f, nil
}

// reindexDocuments reads up to n documents with IDs above after, as
// search docs.
func reindexDocuments(ctx context.Context, tx *sql.Tx, after int64, n int) ([]search.Doc, error) {
	rows, err := tx.QueryContext(ctx, numbered(`SELECT `+documentCols+` FROM documents WHERE id > ? ORDER BY id LIMIT ?`), after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []search.Doc
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, documentDoc(&d))
	}
	return docs, rows.Err()
}

// numbered rewrites the ? placeholders of query as $1, $2, …
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
