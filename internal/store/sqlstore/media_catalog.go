package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/media"
)

var _ media.CatalogStore = (*DB)(nil)

var (
	qDeleteMediaRefs = Q(`DELETE FROM media_refs WHERE owner_kind = ? AND owner_id = ?`)
	qInsertMediaRefs = Q(`INSERT INTO media_refs (owner_kind, owner_id, media_id, site_id, public)
		SELECT ?, ?, m.id, m.site_id, ? FROM media m
		WHERE m.site_id = ? AND (m.id = ? OR m.blob_key IN ({texts}) OR m.file_key IN ({texts}))
		ON CONFLICT DO NOTHING`)
	// qMediaUses lists the owners of records: articles and pages by
	// media_refs, documents and consultations by media_uses.
	qMediaUses = Q(`SELECT r.media_id, r.owner_kind, r.owner_id, COALESCE(a.title, p.title, ''), COALESCE(a.slug, p.slug, ''), r.public
		FROM media_refs r
		LEFT JOIN articles a ON r.owner_kind = 'article' AND a.id = r.owner_id
		LEFT JOIN pages p ON r.owner_kind = 'page' AND p.id = r.owner_id
		WHERE r.site_id = ? AND r.media_id IN ({ints})
		UNION ALL
		SELECT u.media_id, u.owner_kind, u.owner_id, COALESCE(d.number || ' ' || d.abstract, c.title, ''), '', u.public
		FROM media_uses u
		LEFT JOIN documents d ON u.owner_kind = 'document' AND d.id = u.owner_id
		LEFT JOIN consultations c ON u.owner_kind = 'consultation' AND c.id = u.owner_id
		WHERE u.site_id = ? AND u.media_id IN ({ints})
		ORDER BY 1, 2, 3`)
	qUpdateMediaDetails = Q(`UPDATE media SET alt = ?, caption = ? WHERE site_id = ? AND id = ?`)
	qMediaPublicUse     = Q(`SELECT EXISTS (SELECT 1 FROM media_refs WHERE media_id = ? AND site_id = ? AND public = TRUE)
		OR EXISTS (SELECT 1 FROM media_uses WHERE media_id = ? AND site_id = ? AND public = TRUE)`)
	// qMediaInBodies looks for a photo's or attachment's address in the
	// published articles and the pages of its site: those saved before
	// media_refs existed have no rows there.
	qMediaInBodies = Q(`SELECT EXISTS (SELECT 1 FROM articles WHERE site_id = ? AND status = 'published' AND (body LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\'))
		OR EXISTS (SELECT 1 FROM pages WHERE site_id = ? AND (body LIKE ? ESCAPE '\' OR body LIKE ? ESCAPE '\'))`)
	qDeleteMedia         = Q(`DELETE FROM media WHERE site_id = ? AND id = ?`)
	qDeleteMediaRefsOfID = Q(`DELETE FROM media_refs WHERE media_id = ? AND site_id = ?`)
	qDeleteMediaUsesOfID = Q(`DELETE FROM media_uses WHERE media_id = ? AND site_id = ? AND public = FALSE`)
	qFindMediaForDelete  = Q(`SELECT ` + mediaCols + ` FROM media WHERE site_id = ? AND id = ?{forupdate}`)
)

// setMediaRefs rewrites, in the transaction that writes an owner, the
// media records it shows: the featured photo photoID (0: none) and the
// photos and attachments whose addresses body holds.
func (d *Dialect) setMediaRefs(ctx context.Context, tx *sql.Tx, kind string, ownerID, siteID int64, public bool, photoID int64, body string) error {
	if _, err := tx.ExecContext(ctx, d.q(qDeleteMediaRefs), kind, ownerID); err != nil {
		return err
	}
	images, files := content.MediaRefs(body)
	if photoID == 0 && len(images) == 0 && len(files) == 0 {
		return nil
	}
	ij, err := json.Marshal(append([]string{}, images...))
	if err != nil {
		return err
	}
	fj, err := json.Marshal(append([]string{}, files...))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, d.q(qInsertMediaRefs), kind, ownerID, public, siteID, photoID, string(ij), string(fj))
	return err
}

// setArticleRefs is setMediaRefs for an article as just written.
func (d *Dialect) setArticleRefs(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	return d.setMediaRefs(ctx, tx, media.UseArticle, a.ID, a.SiteID, a.Status == content.StatusPublished, a.Photo.ID, a.Body)
}

// setPageRefs is setMediaRefs for a static page, always public.
func (d *Dialect) setPageRefs(ctx context.Context, tx *sql.Tx, p *content.Page) error {
	return d.setMediaRefs(ctx, tx, media.UsePage, p.ID, p.SiteID, true, 0, p.Body)
}

func (db *DB) SearchMedia(ctx context.Context, f media.Filter) ([]media.Item, int, error) {
	a := db.args()
	conds := []string{"site_id = " + a.add(f.SiteID)}
	if f.Kind != "" {
		conds = append(conds, "kind = "+a.add(f.Kind))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := LikePattern(q)
		conds = append(conds, "(lower(file_name) {ilike} "+a.add(pat)+` ESCAPE '\' OR lower(alt) {ilike} `+a.add(pat)+
			` ESCAPE '\' OR lower(caption) {ilike} `+a.add(pat)+` ESCAPE '\')`)
	}
	if u := strings.TrimSpace(f.Uploader); u != "" {
		pat := LikePattern(u)
		conds = append(conds, "created_by IN (SELECT id FROM users WHERE name_lower LIKE "+a.add(pat)+` ESCAPE '\' OR email LIKE `+a.add(pat)+` ESCAPE '\')`)
	}
	if !f.From.IsZero() {
		conds = append(conds, "created_at >= "+a.add(db.t(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "created_at < "+a.add(db.t(f.To)))
	}
	where := strings.Join(conds, " AND ")
	ilike := "LIKE"
	if db.d.Kind == Postgres {
		ilike = "ILIKE"
	}
	where = strings.ReplaceAll(where, "{ilike}", ilike)
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM media WHERE `+where, a.v...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err, whatMedia)
	}
	if total == 0 {
		return nil, 0, nil
	}
	q := `SELECT ` + mediaCols + ` FROM media WHERE ` + where + ` ORDER BY id DESC LIMIT ` + a.add(f.Limit) + ` OFFSET ` + a.add(f.Offset)
	items, err := listSQL(db, ctx, whatMedia, db.scanMedia, q, a.v...)
	return items, total, err
}

func (db *DB) FindMediaUses(ctx context.Context, siteID int64, ids []int64) ([]media.Use, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return list(db, ctx, whatMedia, func(row scanner) (media.Use, error) {
		var u media.Use
		err := row.Scan(&u.MediaID, &u.Kind, &u.OwnerID, &u.Title, &u.Slug, &u.Public)
		return u, err
	}, qMediaUses, siteID, string(b), siteID, string(b))
}

func (db *DB) UpdateMediaDetails(ctx context.Context, siteID, id int64, alt, caption string, a *audit.Entry) error {
	return db.audited(ctx, whatMedia, a, siteID, func(tx *sql.Tx) (string, error) {
		return object("media", id), db.execOne(ctx, tx, whatMedia, qUpdateMediaDetails, alt, caption, siteID, id)
	})
}

func (db *DB) DeleteMedia(ctx context.Context, siteID, id int64, a *audit.Entry) (media.Item, error) {
	var it media.Item
	err := db.audited(ctx, whatMedia, a, siteID, func(tx *sql.Tx) (string, error) {
		var err error
		it, err = db.scanMedia(tx.QueryRowContext(ctx, db.q(qFindMediaForDelete), siteID, id))
		if err != nil {
			return "", err
		}
		var used bool
		if err := tx.QueryRowContext(ctx, db.q(qMediaPublicUse), id, siteID, id, siteID).Scan(&used); err != nil {
			return "", err
		}
		if !used {
			p1, p2 := mediaAddressPatterns(it)
			if err := tx.QueryRowContext(ctx, db.q(qMediaInBodies), siteID, p1, p2, siteID, p1, p2).Scan(&used); err != nil {
				return "", err
			}
		}
		if used {
			return "", media.ErrInUse
		}
		for _, q := range []Query{qDeleteMediaRefsOfID, qDeleteMediaUsesOfID} {
			if _, err := tx.ExecContext(ctx, db.q(q), id, siteID); err != nil {
				return "", err
			}
		}
		if a != nil {
			if a.Detail == nil {
				a.Detail = map[string]string{}
			}
			a.Detail["kind"], a.Detail["key"] = it.Kind, it.BlobKey
			if it.FileName != "" {
				a.Detail["name"] = it.FileName
			}
		}
		return object("media", id), db.execOne(ctx, tx, whatMedia, qDeleteMedia, siteID, id)
	})
	if err != nil {
		return media.Item{}, err
	}
	return it, nil
}

// mediaAddressPatterns are the LIKE patterns of a record's addresses in a
// body: a photo's variants (/anh/<base>-…), a video's poster or file, or
// an attachment's file key.
func mediaAddressPatterns(it media.Item) (string, string) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	if it.Kind == media.KindImage {
		p := "%" + esc.Replace(media.ImagePathPrefix+it.BlobKey+"-") + "%"
		return p, p
	}
	if it.Kind == media.KindVideo {
		return "%" + esc.Replace(media.ImagePathPrefix+it.BlobKey+"-") + "%", "%" + esc.Replace(media.VideoURL(it.BlobKey)) + "%"
	}
	return "%" + esc.Replace(media.FilePathPrefix+it.FileKey) + "%", "%" + esc.Replace("/quan-tri/tep/"+it.FileKey) + "%"
}
