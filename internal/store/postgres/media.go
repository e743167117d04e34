package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
)

var _ media.RecordStore = (*DB)(nil)

const (
	whatMedia    = "ảnh hoặc tệp đính kèm"
	msgMediaKind = "Loại tệp lưu trữ không hợp lệ."
	// mediaCols ends with Item.Public: whether a public owner of the
	// same site lists the record (media_uses, kept by the owners' stores).
	mediaCols = `id, site_id, kind, blob_key, file_key, file_name, content_type, size, width, height, variants, alt, created_by, created_at,
		EXISTS (SELECT 1 FROM media_uses u WHERE u.media_id = media.id AND u.site_id = media.site_id AND u.public)`
)

func scanMedia(row interface{ Scan(...any) error }) (media.Item, error) {
	var it media.Item
	var variants string
	if err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.BlobKey, &it.FileKey, &it.FileName, &it.ContentType, &it.Size,
		&it.Width, &it.Height, &variants, &it.Alt, &it.CreatedBy, timeDest{&it.CreatedAt}, &it.Public); err != nil {
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
		return nil, fmt.Errorf("postgres: media variants: %w", err)
	}
	if len(vs) == 0 {
		return nil, nil
	}
	return vs, nil
}

func (db *DB) CreateMedia(ctx context.Context, it *media.Item) error {
	if it.Kind != media.KindImage && it.Kind != media.KindFile {
		return apperr.New(apperr.Invalid, msgMediaKind)
	}
	variants, err := encodeVariants(it.Variants)
	if err != nil {
		return err
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = now()
	}
	it.CreatedAt = utcMicro(it.CreatedAt)
	if it.FileKey == "" {
		it.FileKey = media.NewFileKey()
	}
	err = db.db.QueryRowContext(ctx, `INSERT INTO media (site_id, kind, blob_key, file_key, file_name, content_type, size, width, height,
		variants, alt, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		it.SiteID, it.Kind, it.BlobKey, it.FileKey, it.FileName, it.ContentType, it.Size, it.Width, it.Height,
		variants, it.Alt, it.CreatedBy, ts(it.CreatedAt)).Scan(&it.ID)
	return mapErr(err, whatMedia)
}

func (db *DB) FindMedia(ctx context.Context, siteID, id int64) (media.Item, error) {
	it, err := scanMedia(db.db.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 AND id = $2`, siteID, id))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaByIDs(ctx context.Context, siteID int64, ids []int64) ([]media.Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return db.mediaRows(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 AND id = ANY($2)`, siteID, ids)
}

func (db *DB) FindMediaByFileKey(ctx context.Context, siteID int64, key string) (media.Item, error) {
	it, err := scanMedia(db.db.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 AND file_key = $2`, siteID, key))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaByKey(ctx context.Context, key string) (media.Item, error) {
	it, err := scanMedia(db.db.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE blob_key = $1`, key))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaList(ctx context.Context, siteID int64, limit, offset int) ([]media.Item, error) {
	var lim any // NULL: no limit
	if limit > 0 {
		lim = limit
	}
	return db.mediaRows(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
		siteID, lim, max(offset, 0))
}

// mediaRows runs a query of mediaCols.
func (db *DB) mediaRows(ctx context.Context, query string, args ...any) ([]media.Item, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapErr(err, whatMedia)
	}
	defer rows.Close()
	var out []media.Item
	for rows.Next() {
		it, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, mapErr(rows.Err(), whatMedia)
}

func (db *DB) UpdateMediaAlt(ctx context.Context, siteID, id int64, alt string) error {
	return execOne(ctx, db.db, whatMedia, `UPDATE media SET alt = $1 WHERE site_id = $2 AND id = $3`, alt, siteID, id)
}

// Owner kinds of media_uses.
const (
	useDocument     = "document"
	useConsultation = "consultation"
)

// setMediaUses records, in the transaction that saves an owner, the media
// records it lists (files, a JSON array of IDs) and whether it is public;
// mediaCols reads them back as Item.Public.
func setMediaUses(ctx context.Context, tx *sql.Tx, kind string, ownerID, siteID int64, files string, public bool) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM media_uses WHERE owner_kind = $1 AND owner_id = $2`, kind, ownerID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
		SELECT $1, $2, j.value::bigint, $3, $4 FROM jsonb_array_elements_text($5::jsonb) AS j(value)
		ON CONFLICT DO NOTHING`, kind, ownerID, siteID, public, files)
	return err
}
