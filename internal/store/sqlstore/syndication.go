package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/syndication"
)

var _ syndication.Store = (*DB)(nil)

const syndicationCols = `s.id, s.source_site_id, s.source_article_id, s.target_site_id, s.direction, s.state, COALESCE(s.copy_article_id, 0),
	s.category_id, s.comment, s.proposed_by, s.proposed_at, s.decided_by, s.decided_at, s.updated_at, a.title, a.slug, a.status`

var (
	qSyndication       = Q(`SELECT ` + syndicationCols + ` FROM syndications s JOIN articles a ON a.id = s.source_article_id WHERE s.id = ?`)
	qSourceState       = Q(`SELECT status, published_at, version FROM articles WHERE id = ? AND site_id = ?`)
	qSyndicationExists = Q(`SELECT EXISTS (SELECT 1 FROM syndications WHERE source_article_id = ? AND target_site_id = ?)`)
	qCreateSyndication = Q(`INSERT INTO syndications (source_site_id, source_article_id, target_site_id, direction, state, copy_article_id, category_id,
			comment, proposed_by, proposed_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qDecideSyndication = Q(`UPDATE syndications SET state = ?, copy_article_id = ?, category_id = ?, comment = ?, decided_by = ?, decided_at = ?
		WHERE id = ? AND state = 'proposed'`)
	qSetCopy    = Q(`UPDATE syndications SET copy_article_id = ?, category_id = ? WHERE id = ?`)
	qCopySource = Q(`SELECT a.site_id, a.id, a.slug, a.status, s.updated_at FROM syndications s
		JOIN articles c ON c.id = s.copy_article_id JOIN articles a ON a.id = s.source_article_id
		WHERE c.id = ? AND c.site_id = ? AND s.state = 'accepted'`)
	qReceived       = Q(ReceivedSQL)
	qReceiving      = Q(`SELECT category_id FROM syndication_receive WHERE site_id = ?`)
	qReceiveOn      = Q(`INSERT INTO syndication_receive (site_id, category_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET category_id = excluded.category_id, updated_at = excluded.updated_at`)
	qReceiveOff     = Q(`DELETE FROM syndication_receive WHERE site_id = ?`)
	qCopiesOf       = Q(`SELECT copy_article_id FROM syndications WHERE source_article_id = ? AND state = 'accepted' ORDER BY id`)
	qSourceBefore   = Q(`SELECT status FROM articles WHERE id = ? AND EXISTS (SELECT 1 FROM syndications WHERE source_article_id = ? AND state = 'accepted')`)
	qArticleAnySite = Q(`SELECT ` + articleListCols + `, body FROM articles WHERE id = ?`)
	qCopyUpdated    = Q(`UPDATE syndications SET updated_at = ? WHERE copy_article_id = ?`)
)

func (d *Dialect) scanSyndication(row scanner) (syndication.Syndication, error) {
	var s syndication.Syndication
	err := row.Scan(&s.ID, &s.SourceSiteID, &s.SourceArticleID, &s.TargetSiteID, &s.Direction, &s.State, &s.CopyArticleID,
		&s.CategoryID, &s.Comment, &s.ProposedBy, d.TimeDest(&s.ProposedAt), &s.DecidedBy, d.TimeDest(&s.DecidedAt), d.TimeDest(&s.UpdatedAt),
		&s.SourceTitle, &s.SourceSlug, &s.SourceStatus)
	return s, err
}

func (db *DB) FindSyndication(ctx context.Context, id int64) (syndication.Syndication, error) {
	s, err := db.d.scanSyndication(db.r.QueryRowContext(ctx, db.q(qSyndication), id))
	return s, db.mapErr(err, syndication.ErrNotFound)
}

func (db *DB) syndicationWhere(f syndication.Filter) (string, *args) {
	a := db.args()
	conds := []string{"1 = 1"}
	if f.SourceSiteID != 0 {
		conds = append(conds, "s.source_site_id = "+a.add(f.SourceSiteID))
	}
	if f.TargetSiteID != 0 {
		conds = append(conds, "s.target_site_id = "+a.add(f.TargetSiteID))
	}
	if f.SourceArticleID != 0 {
		conds = append(conds, "s.source_article_id = "+a.add(f.SourceArticleID))
	}
	if f.State != "" {
		conds = append(conds, "s.state = "+a.add(string(f.State)))
	}
	return strings.Join(conds, " AND "), a
}

func (db *DB) FindSyndications(ctx context.Context, f syndication.Filter) ([]syndication.Syndication, error) {
	where, a := db.syndicationWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + syndicationCols + ` FROM syndications s JOIN articles a ON a.id = s.source_article_id WHERE ` + where + ` ORDER BY s.id DESC LIMIT ` + a.add(limit)
	return listSQL(db, ctx, syndication.ErrNotFound, db.d.scanSyndication, q, a.v...)
}

func (db *DB) CountSyndications(ctx context.Context, f syndication.Filter) (int, error) {
	where, a := db.syndicationWhere(f)
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM syndications s WHERE `+where, a.v...).Scan(&n)
	return n, db.mapErr(err, syndication.ErrNotFound)
}

// WriteSyndication writes w in one transaction: each item's source is
// checked to be public (and unchanged when a copy is made), its copy,
// category and revision written, the offer inserted or decided (only
// while proposed), then the notices and the audit entries.
func (db *DB) WriteSyndication(ctx context.Context, w *syndication.Write) error {
	return db.writeTx(ctx, syndication.ErrNotFound, func(tx *sql.Tx) error {
		for i := range w.Items {
			if err := db.writeSyndicationItem(ctx, tx, &w.Items[i]); err != nil {
				return err
			}
		}
		for i := range w.Notices {
			n := &w.Notices[i]
			n.CreatedAt = Now()
			if err := tx.QueryRowContext(ctx, db.q(qCreateNotice), n.SiteID, n.UserID, n.ArticleID, n.Message, db.t(n.CreatedAt)).Scan(&n.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) writeSyndicationItem(ctx context.Context, tx *sql.Tx, it *syndication.Item) error {
	s := it.S
	if s.ID == 0 || it.Copy != nil {
		if err := db.checkSource(ctx, tx, s, it.SourceVersion, it.Copy != nil); err != nil {
			return err
		}
	}
	if s.ID == 0 {
		var dup bool
		if err := tx.QueryRowContext(ctx, db.q(qSyndicationExists), s.SourceArticleID, s.TargetSiteID).Scan(&dup); err != nil {
			return err
		}
		if dup {
			return syndication.ErrDuplicate
		}
	}
	if s.ID != 0 {
		// Decided first, so an offer decided meanwhile stops here.
		if err := db.execOne(ctx, tx, syndication.ErrHandled, qDecideSyndication, string(s.State), nil, s.CategoryID,
			s.Comment, s.DecidedBy, db.t(s.DecidedAt), s.ID); err != nil {
			return err
		}
	}
	if it.Copy != nil {
		if err := db.writeCopy(ctx, tx, it); err != nil {
			return err
		}
	}
	if s.ID == 0 {
		if err := tx.QueryRowContext(ctx, db.q(qCreateSyndication), s.SourceSiteID, s.SourceArticleID, s.TargetSiteID, string(s.Direction), string(s.State),
			NullID(s.CopyArticleID), s.CategoryID, s.Comment, s.ProposedBy, db.t(s.ProposedAt), s.DecidedBy, db.t(s.DecidedAt)).Scan(&s.ID); err != nil {
			return err
		}
	} else if it.Copy != nil {
		if _, err := tx.ExecContext(ctx, db.q(qSetCopy), s.CopyArticleID, s.CategoryID, s.ID); err != nil {
			return err
		}
	}
	siteID := s.SourceSiteID
	if it.Audit != nil && it.Audit.SiteID != 0 {
		siteID = it.Audit.SiteID
	}
	return db.audit(ctx, tx, it.Audit, object("syndication", s.ID), siteID)
}

// checkSource refuses an offer of an article that is not public now, and
// a copy of one changed since it was read (version).
func (db *DB) checkSource(ctx context.Context, tx *sql.Tx, s *syndication.Syndication, version int64, copying bool) error {
	var status string
	var at time.Time
	var v int64
	err := tx.QueryRowContext(ctx, db.q(qSourceState), s.SourceArticleID, s.SourceSiteID).Scan(&status, db.td(&at), &v)
	if errors.Is(err, sql.ErrNoRows) {
		return syndication.ErrNotPublished
	}
	if err != nil {
		return err
	}
	if status != string(content.StatusPublished) || at.After(Now()) {
		return syndication.ErrNotPublished
	}
	if copying && version != 0 && v != version {
		return syndication.ErrSourceChanged
	}
	return nil
}

// writeCopy creates the item's copy (in its category, found or created by
// slug when none is set) and its first revision.
func (db *DB) writeCopy(ctx context.Context, tx *sql.Tx, it *syndication.Item) error {
	cp := it.Copy
	if cp.CategoryID == 0 && it.Category != nil {
		c, err := scanCategory(tx.QueryRowContext(ctx, db.q(qCatBySlug), cp.SiteID, it.Category.Slug))
		if errors.Is(err, sql.ErrNoRows) {
			c = *it.Category
			err = tx.QueryRowContext(ctx, db.q(qCreateCat), c.SiteID, NullID(c.ParentID), c.Name, c.Slug, c.Position, c.Hidden).Scan(&c.ID)
			if err == nil && it.Audit != nil {
				it.Audit.Detail["category_created"] = c.Slug
			}
		}
		if err != nil {
			return err
		}
		*it.Category = c
		cp.CategoryID = c.ID
	}
	var taken bool
	if err := tx.QueryRowContext(ctx, db.q(qArticleSlugUsed), cp.SiteID, cp.Slug, 0).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return content.ErrSlugTaken
	}
	if err := db.insertArticle(ctx, tx, cp); err != nil {
		return err
	}
	if r := it.Revision; r != nil {
		r.Draft.CategoryID = cp.CategoryID
		if err := db.insertRevision(ctx, tx, cp, r); err != nil {
			return err
		}
	}
	it.S.CopyArticleID, it.S.CategoryID = cp.ID, cp.CategoryID
	return nil
}

func (db *DB) insertRevision(ctx context.Context, tx *sql.Tx, a *content.Article, r *newsroom.Revision) error {
	r.ArticleID, r.SiteID, r.CreatedAt = a.ID, a.SiteID, Now()
	return tx.QueryRowContext(ctx, db.q(qCreateRevision),
		r.ArticleID, r.SiteID, r.ArticleID, r.Draft.CategoryID, r.Draft.Title, r.Draft.Summary, r.Draft.Body, r.Draft.Author, r.Draft.Unit, r.Draft.Featured,
		string(r.Stage), r.SavedBy, r.Note, db.t(r.CreatedAt), content.EncodePhoto(r.Draft.Photo)).Scan(&r.ID, &r.Number)
}

func (db *DB) FindCopySource(ctx context.Context, siteID, copyID int64) (syndication.Source, error) {
	var s syndication.Source
	err := db.r.QueryRowContext(ctx, db.q(qCopySource), copyID, siteID).Scan(&s.SiteID, &s.ArticleID, &s.Slug, &s.Status, db.td(&s.UpdatedAt))
	return s, db.mapErr(err, syndication.ErrNotACopy)
}

// ReceivedSQL lists the copies a site received, newest first. It reads
// the few accepted syndications first (CROSS JOIN keeps that order in
// SQLite) and each copy by its key: asked as "the site's published
// articles whose id is among them", SQLite walked every published article
// of the site along articles_public, 150 ms of the home page's first
// render with a million articles (issue 16). Exported for the plan test.
const ReceivedSQL = `SELECT ` + articleListCols + ` FROM
	(SELECT copy_article_id FROM syndications WHERE target_site_id = ? AND direction = 'down' AND state = 'accepted') r
	CROSS JOIN articles WHERE id = r.copy_article_id AND site_id = ? AND status = 'published' AND published_at <= ?
	ORDER BY published_at DESC, id DESC LIMIT ?`

func (db *DB) FindReceived(ctx context.Context, siteID int64, publicAt time.Time, limit int) ([]content.Article, error) {
	return list(db, ctx, content.ErrArticleNotFound, db.d.scanArticleList, qReceived, siteID, siteID, db.t(publicAt), limit)
}

func (db *DB) FindReceiving(ctx context.Context, siteID int64) (syndication.Receiving, error) {
	var r syndication.Receiving
	err := db.r.QueryRowContext(ctx, db.q(qReceiving), siteID).Scan(&r.CategoryID)
	if errors.Is(err, sql.ErrNoRows) {
		return syndication.Receiving{}, nil
	}
	r.On = err == nil
	return r, db.mapErr(err, nil)
}

func (db *DB) SaveReceiving(ctx context.Context, siteID int64, r syndication.Receiving, a *audit.Entry) error {
	return db.audited(ctx, nil, a, siteID, func(tx *sql.Tx) (string, error) {
		var err error
		if r.On {
			_, err = tx.ExecContext(ctx, db.q(qReceiveOn), siteID, r.CategoryID, db.t(Now()))
		} else {
			_, err = tx.ExecContext(ctx, db.q(qReceiveOff), siteID)
		}
		return object("site", siteID), err
	})
}

// sourceBefore is the stored status of an article about to be written
// when it has copies on other sites ("" when it has none or is new): what
// propagate needs to tell a withdrawal.
func (db *DB) sourceBefore(ctx context.Context, tx *sql.Tx, a *content.Article) (content.Status, error) {
	if a.ID == 0 {
		return "", nil
	}
	var st content.Status
	err := tx.QueryRowContext(ctx, db.q(qSourceBefore), a.ID, a.ID).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return st, err
}

// propagate carries a change of src to its copies in the change's own
// transaction: a newly published text (rev, stage published) becomes a
// revision of every copy, a withdrawal (before published, now withdrawn)
// withdraws every published copy; each with its audit entry on the copy's
// site and its search entry, and on to the copies of the copies.
func (db *DB) propagate(ctx context.Context, tx *sql.Tx, src content.Article, before content.Status, rev *newsroom.Revision, cause *audit.Entry, depth int) error {
	withdraw := before == content.StatusPublished && src.Status == content.StatusWithdrawn
	correct := before != "" && rev != nil && rev.Stage == content.StatusPublished && src.Status == content.StatusPublished
	if !withdraw && !correct || depth >= syndication.MaxDepth {
		return nil
	}
	rows, err := tx.QueryContext(ctx, db.q(qCopiesOf), src.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		cp, err := db.d.scanArticle(tx.QueryRowContext(ctx, db.q(qArticleAnySite), id), true)
		if err != nil {
			return err
		}
		copyBefore := cp.Status
		var crev *newsroom.Revision
		if withdraw {
			if !syndication.Withdraw(&cp, src) {
				continue
			}
		} else {
			crev = syndication.Correct(&cp, src, Now())
			crev.SavedBy = rev.SavedBy
		}
		if err := db.updateArticle(ctx, tx, &cp, false); err != nil {
			return err
		}
		if crev != nil {
			if err := db.insertRevision(ctx, tx, &cp, crev); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.q(qCopyUpdated), db.t(Now()), cp.ID); err != nil {
				return err
			}
		}
		if err := db.audit(ctx, tx, syndication.PropagationAudit(cause, cp, src, withdraw), object("article", cp.ID), cp.SiteID); err != nil {
			return err
		}
		if err := db.propagate(ctx, tx, cp, copyBefore, crev, cause, depth+1); err != nil {
			return err
		}
	}
	return nil
}
