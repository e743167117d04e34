package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
)

// The columns of a site as a record of the platform (migration 0026):
// kind, parent, state; read after siteCols' others, written by CreateSite
// and UpdateSite.
const (
	siteRecordCols   = `kind, COALESCE(parent_id, 0), state, COALESCE(successor_id, 0), ended_on, COALESCE(merged_into_id, 0)`
	siteRecordSet    = `kind, parent_id, state, successor_id, ended_on, merged_into_id`
	siteRecordVals   = `?, ?, ?, ?, ?, ?`
	siteRecordUpdate = `kind = ?, parent_id = ?, state = ?, successor_id = ?, ended_on = ?, merged_into_id = ?`
)

var (
	qSiteAliases     = Q(`SELECT site_id, host FROM site_hosts WHERE NOT is_primary ORDER BY site_id, host`)
	qAddSiteHost     = Q(`INSERT INTO site_hosts (host, site_id, is_primary) VALUES (?, ?, FALSE)`)
	qRemoveSiteHost  = Q(`DELETE FROM site_hosts WHERE site_id = ? AND host = ? AND NOT is_primary`)
	qBumpSite        = Q(`UPDATE sites SET version = version + 1 WHERE id = ?`)
	qClearDefault    = Q(`UPDATE sites SET is_default = FALSE, version = version + 1 WHERE is_default AND id <> ?`)
	qSetDefault      = Q(`UPDATE sites SET is_default = TRUE, version = version + 1 WHERE id = ?`)
	qSiteParentByKey = Q(`SELECT id FROM sites WHERE key = ?`)
)

// siteRecordArgs are the values of siteRecordSet for s; an unset kind
// becomes khac and an unset state active (in s too), an unset site
// reference NULL.
func siteRecordArgs(s *content.Site) []any {
	if s.Kind == "" {
		s.Kind = content.KindOther
	}
	if s.State == "" {
		s.State = content.StateActive
	}
	return []any{string(s.Kind), NullID(s.ParentID), string(s.State), NullID(s.SuccessorID), s.EndedOn, NullID(s.MergedIntoID)}
}

// FindSiteAliases returns every site's alias hosts.
func (db *DB) FindSiteAliases(ctx context.Context) ([]content.SiteHost, error) {
	return list(db, ctx, content.ErrSiteNotFound, func(row scanner) (content.SiteHost, error) {
		var h content.SiteHost
		return h, row.Scan(&h.SiteID, &h.Host)
	}, qSiteAliases)
}

// CreateSites creates the sites of batch in order, each with its aliases
// and its audit entry, in one transaction.
func (db *DB) CreateSites(ctx context.Context, batch []content.NewSite) error {
	return db.writeTx(ctx, content.ErrSiteNotFound, func(tx *sql.Tx) error {
		for _, n := range batch {
			s := n.Site
			if n.ParentKey != "" {
				if err := tx.QueryRowContext(ctx, db.q(qSiteParentByKey), n.ParentKey).Scan(&s.ParentID); err != nil {
					if errors.Is(err, sql.ErrNoRows) {
						return apperr.New(apperr.NotFound, "parent site "+n.ParentKey)
					}
					return err
				}
			}
			s.UpdatedAt = Now()
			err := tx.QueryRowContext(ctx, db.q(qCreateSite),
				append([]any{s.Key, s.Name, s.Banner, s.Agency, s.Address, s.Phone, s.Email, s.Responsible, s.Licence, s.Host, s.IsDefault, db.t(s.UpdatedAt), s.Description}, siteRecordArgs(s)...)...,
			).Scan(&s.ID, &s.Versions.Site, &s.Versions.Articles, &s.Versions.Documents, &s.Versions.Schedule, &s.Versions.Questions, &s.Versions.Pages)
			if err != nil {
				return err
			}
			if err := db.seedSite(ctx, tx, n); err != nil {
				return err
			}
			s.Version, s.EditVersion = s.Versions.Sum(), 1
			for _, h := range n.Aliases {
				if _, err := tx.ExecContext(ctx, db.q(qAddSiteHost), h, s.ID); err != nil {
					return err
				}
			}
			if err := db.audit(ctx, tx, n.Audit, object("site", s.ID), s.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetDefaultSite marks site id as the answer for unknown hosts and
// unmarks any other.
func (db *DB) SetDefaultSite(ctx context.Context, id int64, a *audit.Entry) error {
	return db.audited(ctx, content.ErrSiteNotFound, a, id, func(tx *sql.Tx) (string, error) {
		if _, err := tx.ExecContext(ctx, db.q(qClearDefault), id); err != nil {
			return "", err
		}
		return object("site", id), db.execOne(ctx, tx, content.ErrSiteNotFound, qSetDefault, id)
	})
}

// AddSiteHost adds an alias host to site siteID; a host any site already
// answers on is a Conflict.
func (db *DB) AddSiteHost(ctx context.Context, siteID int64, host string, a *audit.Entry) error {
	return db.audited(ctx, content.ErrSiteNotFound, a, siteID, func(tx *sql.Tx) (string, error) {
		if _, err := tx.ExecContext(ctx, db.q(qAddSiteHost), host, siteID); err != nil {
			return "", err
		}
		return object("site", siteID), db.execOne(ctx, tx, content.ErrSiteNotFound, qBumpSite, siteID)
	})
}

// RemoveSiteHost removes the alias host of site siteID.
func (db *DB) RemoveSiteHost(ctx context.Context, siteID int64, host string, a *audit.Entry) error {
	return db.audited(ctx, content.ErrSiteNotFound, a, siteID, func(tx *sql.Tx) (string, error) {
		if err := db.execOne(ctx, tx, content.ErrSiteNotFound, qRemoveSiteHost, siteID, host); err != nil {
			return "", err
		}
		return object("site", siteID), db.execOne(ctx, tx, content.ErrSiteNotFound, qBumpSite, siteID)
	})
}
