package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/media"
)

var _ media.RecordStore = (*DB)(nil)

var whatMedia = media.ErrNotFound

const (
	// mediaCols ends with Item.Public: whether a public owner of the
	// same site lists the record (media_uses, kept by the owners' stores).
	mediaCols = `id, site_id, kind, blob_key, file_key, file_name, content_type, size, width, height, variants, alt, caption, created_by, created_at,
		EXISTS (SELECT 1 FROM media_uses u WHERE u.media_id = media.id AND u.site_id = media.site_id AND u.public = TRUE)`
)

var (
	qCreateMedia = Q(`INSERT INTO media (site_id, kind, blob_key, file_key, file_name, content_type, size, width, height,
		variants, alt, created_by, created_at, caption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qFindMedia          = Q(`SELECT ` + mediaCols + ` FROM media WHERE site_id = ? AND id = ?`)
	qFindMediaByIDs     = Q(`SELECT ` + mediaCols + ` FROM media WHERE site_id = ? AND id IN ({ints})`)
	qFindMediaByFileKey = Q(`SELECT ` + mediaCols + ` FROM media WHERE site_id = ? AND file_key = ?`)
	qFindMediaByKey     = Q(`SELECT ` + mediaCols + ` FROM media WHERE blob_key = ?`)
	qFindMediaList      = Q(`SELECT ` + mediaCols + ` FROM media WHERE site_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`)
	qUpdateMediaAlt     = Q(`UPDATE media SET alt = ? WHERE site_id = ? AND id = ?`)
	qDeleteMediaUses    = Q(`DELETE FROM media_uses WHERE owner_kind = ? AND owner_id = ?`)
	qInsertMediaUses    = Q(`INSERT INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
		SELECT ?, ?, f.value, ?, ? FROM ({ints}) AS f WHERE TRUE
		ON CONFLICT DO NOTHING`)
)

func (db *DB) scanMedia(row scanner) (media.Item, error) {
	var it media.Item
	var variants string
	if err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.BlobKey, &it.FileKey, &it.FileName, &it.ContentType, &it.Size,
		&it.Width, &it.Height, &variants, &it.Alt, &it.Caption, &it.CreatedBy, db.td(&it.CreatedAt), &it.Public); err != nil {
		return media.Item{}, err
	}
	var err error
	it.Variants, err = decodeVariants(variants)
	return it, err
}

// encodeVariants stores variants as JSON text, an empty list as "[]".
func encodeVariants(vs []media.StoredVariant) (string, error) {
	if len(vs) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(vs)
	return string(b), err
}

// decodeVariants reads the stored JSON, an empty list as nil.
func decodeVariants(s string) ([]media.StoredVariant, error) {
	var vs []media.StoredVariant
	if err := json.Unmarshal([]byte(s), &vs); err != nil {
		return nil, fmt.Errorf("store: media variants: %w", err)
	}
	if len(vs) == 0 {
		return nil, nil
	}
	return vs, nil
}

func (db *DB) CreateMedia(ctx context.Context, it *media.Item, a *audit.Entry) error {
	return db.ImportMedia(ctx, it, a, nil)
}

func (db *DB) FindMedia(ctx context.Context, siteID, id int64) (media.Item, error) {
	it, err := db.scanMedia(db.r.QueryRowContext(ctx, db.q(qFindMedia), siteID, id))
	return it, db.mapErr(err, whatMedia)
}

func (db *DB) FindMediaByIDs(ctx context.Context, siteID int64, ids []int64) ([]media.Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return db.mediaRows(ctx, qFindMediaByIDs, siteID, string(b))
}

func (db *DB) FindMediaByFileKey(ctx context.Context, siteID int64, key string) (media.Item, error) {
	it, err := db.scanMedia(db.r.QueryRowContext(ctx, db.q(qFindMediaByFileKey), siteID, key))
	return it, db.mapErr(err, whatMedia)
}

func (db *DB) FindMediaByKey(ctx context.Context, key string) (media.Item, error) {
	it, err := db.scanMedia(db.r.QueryRowContext(ctx, db.q(qFindMediaByKey), key))
	return it, db.mapErr(err, whatMedia)
}

func (db *DB) FindMediaList(ctx context.Context, siteID int64, limit, offset int) ([]media.Item, error) {
	var lim any = limit
	if limit <= 0 {
		lim = db.d.NoLimit
	}
	return db.mediaRows(ctx, qFindMediaList, siteID, lim, max(offset, 0))
}

// mediaRows runs a query of mediaCols.
func (db *DB) mediaRows(ctx context.Context, query Query, args ...any) ([]media.Item, error) {
	rows, err := db.r.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, db.mapErr(err, whatMedia)
	}
	defer rows.Close()
	var out []media.Item
	for rows.Next() {
		it, err := db.scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, db.mapErr(rows.Err(), whatMedia)
}

func (db *DB) UpdateMediaAlt(ctx context.Context, siteID, id int64, alt string) error {
	return db.execOne(ctx, db.w, whatMedia, qUpdateMediaAlt, alt, siteID, id)
}

// Owner kinds of media_uses.
const (
	UseDocument     = "document"
	UseConsultation = "consultation"
)

// SetMediaUses records, in the transaction that saves an owner, the media
// records it lists (files, a JSON array of IDs) and whether it is public;
// mediaCols reads them back as Item.Public.
func (d *Dialect) SetMediaUses(ctx context.Context, tx *sql.Tx, kind string, ownerID, siteID int64, files string, public bool) error {
	if _, err := tx.ExecContext(ctx, d.q(qDeleteMediaUses), kind, ownerID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, d.q(qInsertMediaUses), kind, ownerID, siteID, public, files)
	return err
}

// UTCMicro is t as stored: UTC, truncated to the microsecond.
func UTCMicro(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}
