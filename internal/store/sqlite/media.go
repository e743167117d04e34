package sqlite

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
		EXISTS (SELECT 1 FROM media_uses u WHERE u.media_id = media.id AND u.site_id = media.site_id AND u.public = 1)`
)

func scanMedia(row interface{ Scan(...any) error }) (media.Item, error) {
	var it media.Item
	var variants string
	var crt int64
	if err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.BlobKey, &it.FileKey, &it.FileName, &it.ContentType, &it.Size,
		&it.Width, &it.Height, &variants, &it.Alt, &it.CreatedBy, &crt, &it.Public); err != nil {
		return media.Item{}, err
	}
	it.CreatedAt = fromMicros(crt)
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
		return nil, fmt.Errorf("sqlite: media variants: %w", err)
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
	err = db.w.QueryRowContext(ctx, `INSERT INTO media (site_id, kind, blob_key, file_key, file_name, content_type, size, width, height,
		variants, alt, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		it.SiteID, it.Kind, it.BlobKey, it.FileKey, it.FileName, it.ContentType, it.Size, it.Width, it.Height,
		variants, it.Alt, it.CreatedBy, micros(it.CreatedAt)).Scan(&it.ID)
	return mapErr(err, whatMedia)
}

func (db *DB) FindMedia(ctx context.Context, siteID, id int64) (media.Item, error) {
	it, err := scanMedia(db.r.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = ? AND id = ?`, siteID, id))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaByIDs(ctx context.Context, siteID int64, ids []int64) ([]media.Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return db.mediaRows(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = ? AND id IN (SELECT value FROM json_each(?))`, siteID, string(b))
}

func (db *DB) FindMediaByFileKey(ctx context.Context, siteID int64, key string) (media.Item, error) {
	it, err := scanMedia(db.r.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = ? AND file_key = ?`, siteID, key))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaByKey(ctx context.Context, key string) (media.Item, error) {
	it, err := scanMedia(db.r.QueryRowContext(ctx, `SELECT `+mediaCols+` FROM media WHERE blob_key = ?`, key))
	return it, mapErr(err, whatMedia)
}

func (db *DB) FindMediaList(ctx context.Context, siteID int64, limit, offset int) ([]media.Item, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return db.mediaRows(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
		siteID, limit, max(offset, 0))
}

// mediaRows runs a query of mediaCols.
func (db *DB) mediaRows(ctx context.Context, query string, args ...any) ([]media.Item, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
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
	return execOne(ctx, db.w, whatMedia, `UPDATE media SET alt = ? WHERE site_id = ? AND id = ?`, alt, siteID, id)
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
	if _, err := tx.ExecContext(ctx, `DELETE FROM media_uses WHERE owner_kind = ? AND owner_id = ?`, kind, ownerID); err != nil {
		return err
	}
	pub := 0
	if public {
		pub = 1
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
		SELECT ?, ?, value, ?, ? FROM json_each(?) WHERE type = 'integer'`, kind, ownerID, siteID, pub, files)
	return err
}
