package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"trangtin/internal/audit"
	"trangtin/internal/document"
	"trangtin/internal/search"
	"trangtin/internal/vi"
)

var _ document.Store = (*DB)(nil)

const documentCols = `id, site_id, type, number, issuer, signer, field, abstract, issued_on, effective_on, expires_on,
	COALESCE(replaced_by_id, 0), files, status, withdrawn_reason, published_at, created_by, created_at, updated_at, version`

var (
	qCreateDocument = Q(`INSERT INTO documents (site_id, type, number, issuer, signer, field, abstract, issued_on, effective_on, expires_on,
				replaced_by_id, files, status, withdrawn_reason, published_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateDocument = Q(`UPDATE documents SET type = ?, number = ?, issuer = ?, signer = ?, field = ?, abstract = ?,
				issued_on = ?, effective_on = ?, expires_on = ?, replaced_by_id = ?, files = ?, status = ?, withdrawn_reason = ?,
				published_at = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND site_id = ? AND version = ?`)
	qDocumentExists  = Q(`SELECT EXISTS (SELECT 1 FROM documents WHERE id = ? AND site_id = ?)`)
	qFindDocument    = Q(`SELECT ` + documentCols + ` FROM documents WHERE site_id = ? AND id = ?`)
	qReindexDocument = Q(`SELECT ` + documentCols + ` FROM documents WHERE id > ? ORDER BY id LIMIT ?`)
)

// NullID stores the ID 0 as NULL (no row).
func NullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (d *Dialect) scanDocument(row scanner) (document.Document, error) {
	var doc document.Document
	var issued, effective, expires, files string
	err := row.Scan(&doc.ID, &doc.SiteID, &doc.Type, &doc.Number, &doc.Issuer, &doc.Signer, &doc.Field, &doc.Abstract, &issued, &effective, &expires,
		&doc.ReplacedByID, &files, &doc.Status, &doc.WithdrawnReason, d.TimeDest(&doc.PublishedAt), &doc.CreatedBy,
		d.TimeDest(&doc.CreatedAt), d.TimeDest(&doc.UpdatedAt), &doc.Version)
	if err != nil {
		return doc, err
	}
	if doc.IssuedOn, err = document.ParseDate(issued); err != nil {
		return doc, err
	}
	if doc.EffectiveOn, err = document.ParseDate(effective); err != nil {
		return doc, err
	}
	if doc.ExpiresOn, err = document.ParseDate(expires); err != nil {
		return doc, err
	}
	if err := json.Unmarshal([]byte(files), &doc.FileIDs); err != nil {
		return doc, fmt.Errorf("document %d files: %w", doc.ID, err)
	}
	return doc, nil
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
		Title: d.Title() + " – " + d.Abstract, Text: d.SearchText(),
		Slug: vi.Slug(d.Number), PublishedAt: d.IssuedOn.Midnight(), Code: d.Number,
	}
	if d.Status == document.StatusPublished {
		sd.PublicFrom = d.PublishedAt
	}
	return sd
}

func (db *DB) CreateDocument(ctx context.Context, d *document.Document, e *audit.Entry) error {
	return db.writeTx(ctx, document.ErrNotFound, func(tx *sql.Tx) error {
		d.CreatedAt = Now()
		d.UpdatedAt = d.CreatedAt
		err := tx.QueryRowContext(ctx, db.q(qCreateDocument),
			d.SiteID, d.Type, d.Number, d.Issuer, d.Signer, d.Field, d.Abstract,
			document.DateString(d.IssuedOn), document.DateString(d.EffectiveOn), document.DateString(d.ExpiresOn),
			NullID(d.ReplacedByID), documentFiles(d), string(d.Status), d.WithdrawnReason, db.t(d.PublishedAt), d.CreatedBy,
			db.t(d.CreatedAt), db.t(d.UpdatedAt)).Scan(&d.ID)
		if err != nil {
			return err
		}
		d.Version = 1
		return db.documentWritten(ctx, tx, d, e)
	})
}

func (db *DB) UpdateDocument(ctx context.Context, d *document.Document, e *audit.Entry) error {
	return db.writeTx(ctx, document.ErrNotFound, func(tx *sql.Tx) error {
		upd := Now()
		res, err := tx.ExecContext(ctx, db.q(qUpdateDocument),
			d.Type, d.Number, d.Issuer, d.Signer, d.Field, d.Abstract,
			document.DateString(d.IssuedOn), document.DateString(d.EffectiveOn), document.DateString(d.ExpiresOn),
			NullID(d.ReplacedByID), documentFiles(d), string(d.Status), d.WithdrawnReason, db.t(d.PublishedAt), db.t(upd),
			d.ID, d.SiteID, d.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists bool
			if err := tx.QueryRowContext(ctx, db.q(qDocumentExists), d.ID, d.SiteID).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return document.ErrStale
			}
			return document.ErrNotFound
		}
		d.UpdatedAt = upd
		d.Version++
		return db.documentWritten(ctx, tx, d, e)
	})
}

// documentWritten indexes d, records which attachments it makes public
// and appends e, in the transaction that wrote d.
func (db *DB) documentWritten(ctx context.Context, tx *sql.Tx, d *document.Document, e *audit.Entry) error {
	if err := db.d.Index(ctx, tx, documentDoc(d)); err != nil {
		return err
	}
	if err := db.d.SetMediaUses(ctx, tx, UseDocument, d.ID, d.SiteID, documentFiles(d), d.Public()); err != nil {
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
	return db.d.AppendAudit(ctx, tx, e)
}

func (db *DB) FindDocumentByID(ctx context.Context, siteID, id int64) (document.Document, error) {
	d, err := db.d.scanDocument(db.r.QueryRowContext(ctx, db.q(qFindDocument), siteID, id))
	return d, db.mapErr(err, document.ErrNotFound)
}

// documentWhere builds the WHERE clause for f.
func (db *DB) documentWhere(f document.Filter) (string, *args, error) {
	a := db.args()
	conds := []string{"site_id = " + a.add(f.SiteID)}
	if f.Status != "" {
		conds = append(conds, "status = "+a.add(string(f.Status)))
	}
	if f.Type != "" {
		conds = append(conds, "type = "+a.add(f.Type))
	}
	if f.Issuer != "" {
		conds = append(conds, "issuer = "+a.add(f.Issuer))
	}
	if f.Field != "" {
		conds = append(conds, "field = "+a.add(f.Field))
	}
	if f.Year != 0 {
		conds = append(conds, "issued_on >= "+a.add(fmt.Sprintf("%04d-01-01", f.Year))+" AND issued_on < "+a.add(fmt.Sprintf("%04d-01-01", f.Year+1)))
	}
	if !f.IssuedFrom.IsZero() {
		conds = append(conds, "issued_on >= "+a.add(f.IssuedFrom.String()))
	}
	if !f.IssuedTo.IsZero() {
		conds = append(conds, "issued_on <= "+a.add(f.IssuedTo.String()))
	}
	if f.Validity != "" {
		if f.Today.IsZero() {
			return "", nil, fmt.Errorf("document filter: validity %q without Today", f.Validity)
		}
		t := document.DateString(f.Today)
		switch f.Validity {
		case document.ValidityReplaced:
			conds = append(conds, "replaced_by_id IS NOT NULL")
		case document.ValidityExpired:
			conds = append(conds, "replaced_by_id IS NULL AND expires_on <> '' AND expires_on <= "+a.add(t))
		case document.ValidityPending:
			conds = append(conds, "replaced_by_id IS NULL AND (expires_on = '' OR expires_on > "+a.add(t)+") AND effective_on > "+a.add(t))
		case document.ValidityInForce:
			conds = append(conds, "replaced_by_id IS NULL AND (expires_on = '' OR expires_on > "+a.add(t)+") AND effective_on <= "+a.add(t))
		default:
			return "", nil, fmt.Errorf("document filter: unknown validity %q", f.Validity)
		}
	}
	if !f.UpdatedSince.IsZero() {
		conds = append(conds, "updated_at >= "+a.add(db.t(f.UpdatedSince)))
	}
	if f.ExcludeID != 0 {
		conds = append(conds, "id <> "+a.add(f.ExcludeID))
	}
	return strings.Join(conds, " AND "), a, nil
}

func (db *DB) FindDocuments(ctx context.Context, f document.Filter) ([]document.Document, error) {
	where, a, err := db.documentWhere(f)
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
	q := `SELECT ` + documentCols + ` FROM documents WHERE ` + where + order + ` LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(f.Offset, 0))
	rows, err := db.r.QueryContext(ctx, q, a.v...)
	if err != nil {
		return nil, db.mapErr(err, document.ErrNotFound)
	}
	defer rows.Close()
	var out []document.Document
	for rows.Next() {
		d, err := db.d.scanDocument(rows)
		if err != nil {
			return nil, db.mapErr(err, document.ErrNotFound)
		}
		out = append(out, d)
	}
	return out, db.mapErr(rows.Err(), document.ErrNotFound)
}

func (db *DB) CountDocuments(ctx context.Context, f document.Filter) (int, error) {
	where, a, err := db.documentWhere(f)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.r.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE `+where, a.v...).Scan(&n)
	return n, db.mapErr(err, document.ErrNotFound)
}

func (db *DB) DocumentFacets(ctx context.Context, siteID int64, status document.Status) (document.Facets, error) {
	var f document.Facets
	a := db.args()
	cond := "site_id = " + a.add(siteID)
	if status != "" {
		cond += " AND status = " + a.add(string(status))
	}
	strs := func(col string) ([]string, error) {
		rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT `+col+` FROM documents WHERE `+cond+` AND `+col+` <> '' ORDER BY 1`, a.v...)
		if err != nil {
			return nil, db.mapErr(err, document.ErrNotFound)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, db.mapErr(err, document.ErrNotFound)
			}
			out = append(out, s)
		}
		return out, db.mapErr(rows.Err(), document.ErrNotFound)
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
