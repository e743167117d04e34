package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/guard"
	"trangtin/internal/question"
	"trangtin/internal/search"
)

var (
	_ question.Store     = (*DB)(nil)
	_ consultation.Store = (*DB)(nil)
	_ guard.Store        = (*DB)(nil)
)

const questionCols = `id, site_id, code_hash, name, phone, email, address, show_name, subject, body, field,
	status, reject_reason, unit, answer, answered_by, received_at, due_at, answered_at, published_at, updated_at, version, code_year, code_seq, unit_id, attachment_id`

const consultationCols = `id, site_id, title, summary, agency, files, opens_at, closes_at, status, report, report_published,
	created_at, updated_at, published_at, version`

const commentCols = `id, site_id, consultation_id, name, email, phone, show_name, body, status, created_at, updated_at, version`

var (
	qCreateQuestion = Q(`INSERT INTO questions (site_id, code_hash, name, phone, email, address, show_name, subject, body, field,
			status, reject_reason, unit, answer, answered_by, received_at, due_at, answered_at, published_at, updated_at, code_year, code_seq, unit_id, attachment_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	// The next number of the site's year: the row lock (PostgreSQL) or the
	// single writer (SQLite) gives concurrent questions distinct numbers.
	qNextQuestionSeq = Q(`INSERT INTO question_seq (site_id, year, last) VALUES (?, ?, 1)
			ON CONFLICT (site_id, year) DO UPDATE SET last = question_seq.last + 1 RETURNING last`)
	qQuestionsByShortCode = Q(`SELECT ` + questionCols + ` FROM questions WHERE site_id = ? AND code_year = ? AND code_seq = ? ORDER BY id LIMIT 10`)
	qQuestionByID         = Q(`SELECT ` + questionCols + ` FROM questions WHERE site_id = ? AND id = ?`)
	qQuestionByCode       = Q(`SELECT ` + questionCols + ` FROM questions WHERE site_id = ? AND code_hash = ?`)
	qUpdateQuestion       = Q(`UPDATE questions SET subject = ?, body = ?, status = ?, reject_reason = ?, unit = ?, unit_id = ?, answer = ?, answered_by = ?,
			answered_at = ?, published_at = ?, updated_at = ?, version = version + 1 WHERE site_id = ? AND id = ? AND version = ?`)
	qQuestionExists     = Q(`SELECT EXISTS (SELECT 1 FROM questions WHERE site_id = ? AND id = ?)`)
	qReindexQuestions   = Q(`SELECT ` + questionCols + ` FROM questions WHERE id > ? ORDER BY id LIMIT ?`)
	qCreateConsultation = Q(`INSERT INTO consultations (site_id, title, summary, agency, files, opens_at, closes_at, status, report, report_published,
			created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qUpdateConsultation = Q(`UPDATE consultations SET title = ?, summary = ?, agency = ?, files = ?, opens_at = ?, closes_at = ?,
			status = ?, report = ?, report_published = ?, updated_at = ?, published_at = ?, version = version + 1
			WHERE site_id = ? AND id = ? AND version = ?`)
	qConsultationExists = Q(`SELECT EXISTS (SELECT 1 FROM consultations WHERE site_id = ? AND id = ?)`)
	qConsultationByID   = Q(`SELECT ` + consultationCols + ` FROM consultations WHERE site_id = ? AND id = ?`)
	qCreateComment      = Q(`INSERT INTO consultation_comments (site_id, consultation_id, name, email, phone, show_name, body, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	qCountComments   = Q(`SELECT status, count(*) FROM consultation_comments WHERE site_id = ? AND consultation_id = ? GROUP BY status`)
	qSetComment      = Q(`UPDATE consultation_comments SET status = ?, updated_at = ?, version = version + 1 WHERE site_id = ? AND id = ? AND (? = 0 OR version = ?)`)
	qCommentExists   = Q(`SELECT EXISTS (SELECT 1 FROM consultation_comments WHERE site_id = ? AND id = ?)`)
	qRateForget      = Q(`DELETE FROM rate_hits WHERE key = ? AND at < ?`)
	qRateCount       = Q(`SELECT count(*) FROM rate_hits WHERE key = ?`)
	qRateHit         = Q(`INSERT INTO rate_hits (key, at, expires_at) VALUES (?, ?, ?)`)
	qRateExpired     = Q(`DELETE FROM rate_hits WHERE expires_at < ?`)
	qGuardSecretPut  = Q(`INSERT INTO guard_secret (one, secret) VALUES (1, ?) ON CONFLICT DO NOTHING`)
	qGuardSecretRead = Q(`SELECT secret FROM guard_secret WHERE one = 1`)
)

// Lock namespaces: what a per-key lock serialises (Dialect.Lock).
const (
	LockRate  = 7214102 // TakeRateSlot
	LockLogin = 7214103 // ReserveLoginAttempt
)

// lock serialises the writers of key in ns until tx ends.
func (d *Dialect) lock(ctx context.Context, tx *sql.Tx, ns int, key string) error {
	if d.Lock == nil {
		return nil
	}
	return d.Lock(ctx, tx, ns, key)
}

func (d *Dialect) scanQuestion(row scanner) (question.Question, error) {
	var q question.Question
	t := d.TimeDest
	err := row.Scan(&q.ID, &q.SiteID, &q.CodeHash, &q.Name, &q.Phone, &q.Email, &q.Address, &q.ShowName, &q.Subject, &q.Body, &q.Field,
		&q.Status, &q.RejectReason, &q.Unit, &q.Answer, &q.AnsweredBy, t(&q.ReceivedAt), t(&q.DueAt), t(&q.AnsweredAt), t(&q.PublishedAt), t(&q.UpdatedAt), &q.Version, &q.CodeYear, &q.CodeSeq, &q.UnitID, &q.AttachmentID)
	return q, err
}

func (db *DB) CreateQuestion(ctx context.Context, q *question.Question) error {
	seq := q.CodeSeq
	err := db.writeTx(ctx, question.ErrNotFound, func(tx *sql.Tx) error {
		q.CodeSeq = seq
		if q.CodeYear > 0 && q.CodeSeq == 0 {
			if err := tx.QueryRowContext(ctx, db.q(qNextQuestionSeq), q.SiteID, q.CodeYear).Scan(&q.CodeSeq); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, db.q(qCreateQuestion),
			q.SiteID, q.CodeHash, q.Name, q.Phone, q.Email, q.Address, q.ShowName, q.Subject, q.Body, q.Field,
			string(q.Status), q.RejectReason, q.Unit, q.Answer, q.AnsweredBy, db.t(q.ReceivedAt), db.t(q.DueAt), db.t(q.AnsweredAt), db.t(q.PublishedAt), db.t(q.UpdatedAt),
			q.CodeYear, q.CodeSeq, q.UnitID, q.AttachmentID).Scan(&q.ID); err != nil {
			return err
		}
		q.Version = 1
		if q.Mail != nil {
			if err := db.queueDirect(ctx, tx, q.Mail(*q), q.ReceivedAt); err != nil {
				return err
			}
		}
		return db.d.Index(ctx, tx, questionDoc(q))
	})
	if err != nil {
		q.CodeSeq = seq
	}
	return err
}

func (db *DB) FindQuestionByID(ctx context.Context, siteID, id int64) (question.Question, error) {
	q, err := db.d.scanQuestion(db.r.QueryRowContext(ctx, db.q(qQuestionByID), siteID, id))
	return q, db.mapErr(err, question.ErrNotFound)
}

func (db *DB) FindQuestionsByShortCode(ctx context.Context, siteID int64, year, seq int) ([]question.Question, error) {
	return listSQL(db, ctx, question.ErrNotFound, db.d.scanQuestion, db.q(qQuestionsByShortCode), siteID, year, seq)
}

func (db *DB) FindQuestionByCode(ctx context.Context, siteID int64, codeHash string) (question.Question, error) {
	q, err := db.d.scanQuestion(db.r.QueryRowContext(ctx, db.q(qQuestionByCode), siteID, codeHash))
	return q, db.mapErr(err, question.ErrNotFound)
}

// page counts the rows of table matching where, then lists a page of them.
func page[T any](db *DB, ctx context.Context, what error, table, cols, where, order string, a *args, limit, offset int, scan func(scanner) (T, error)) ([]T, int, error) {
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+where, a.v...).Scan(&total); err != nil {
		return nil, 0, db.mapErr(err, what)
	}
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + cols + ` FROM ` + table + ` WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(offset, 0))
	out, err := listSQL(db, ctx, what, scan, q, a.v...)
	return out, total, err
}

// statusWhere is "site_id = … [AND status IN (…)] [AND updated_at >= …]".
func statusWhere[S ~string](db *DB, siteID int64, statuses []S, since time.Time) (string, *args) {
	a := db.args()
	where := "site_id = " + a.add(siteID)
	if len(statuses) > 0 {
		where += " AND status IN " + in(a, statuses, func(s S) any { return string(s) })
	}
	if !since.IsZero() {
		where += " AND updated_at >= " + a.add(db.t(since))
	}
	return where, a
}

func (db *DB) FindQuestions(ctx context.Context, f question.Filter) ([]question.Question, int, error) {
	where, a := statusWhere(db, f.SiteID, f.Statuses, f.UpdatedSince)
	if f.Field != "" {
		where += " AND field = " + a.add(f.Field)
	}
	if f.Units != nil {
		if len(f.Units) == 0 {
			where += " AND 1 = 0"
		} else {
			where += " AND unit_id > 0 AND unit_id IN " + in(a, f.Units, func(id int64) any { return id })
		}
	}
	return page(db, ctx, question.ErrNotFound, "questions", questionCols, where, `CASE WHEN status IN ('new', 'accepted') THEN 0 ELSE 1 END,
		CASE WHEN status IN ('new', 'accepted') THEN due_at END, published_at DESC, received_at DESC, id DESC`, a, f.Limit, f.Offset, db.d.scanQuestion)
}

// audited runs fn and appends e (when not nil) in one transaction: the
// change and its trace commit together or not at all. fn returns the
// object it wrote, named in an entry that names none; an entry without a
// site gets siteID.
func (db *DB) audited(ctx context.Context, what error, e *audit.Entry, siteID int64, fn func(tx *sql.Tx) (string, error)) error {
	return db.writeTx(ctx, what, func(tx *sql.Tx) error {
		obj, err := fn(tx)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, e, obj, siteID)
	})
}

// updateVersioned runs update, whose WHERE checks the row's version: when
// it touches no row, the row (siteID, id) either exists, and was changed
// since it was read (stale, the domain's sentinel), or not (NotFound).
func (db *DB) updateVersioned(ctx context.Context, tx *sql.Tx, exists Query, stale error, siteID, id int64, update Query, args ...any) error {
	res, err := tx.ExecContext(ctx, db.q(update), args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var ok bool
	if err := tx.QueryRowContext(ctx, db.q(exists), siteID, id).Scan(&ok); err != nil {
		return err
	}
	if ok {
		return stale
	}
	return sql.ErrNoRows
}

// object is the audit name of a row: "kind:id".
func object(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// audit appends e in tx, naming object when e names none.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, e *audit.Entry, object string, siteID int64) error {
	if e == nil {
		return nil
	}
	if e.Object == "" {
		e.Object = object
	}
	if e.SiteID == 0 {
		e.SiteID = siteID
	}
	return db.d.AppendAudit(ctx, tx, e)
}

func (db *DB) UpdateQuestion(ctx context.Context, q *question.Question, e *audit.Entry) error {
	err := db.writeTx(ctx, question.ErrNotFound, func(tx *sql.Tx) error {
		if err := db.updateVersioned(ctx, tx, qQuestionExists, question.ErrStale, q.SiteID, q.ID, qUpdateQuestion,
			q.Subject, q.Body, string(q.Status), q.RejectReason, q.Unit, q.UnitID, q.Answer, q.AnsweredBy, db.t(q.AnsweredAt), db.t(q.PublishedAt), db.t(q.UpdatedAt),
			q.SiteID, q.ID, q.Version); err != nil {
			return err
		}
		if err := db.d.Index(ctx, tx, questionDoc(q)); err != nil {
			return err
		}
		if q.Mail != nil {
			if err := db.queueDirect(ctx, tx, q.Mail(*q), q.UpdatedAt); err != nil {
				return err
			}
		}
		if q.Notice != "" {
			to, err := db.recipients(ctx, tx, q, false)
			if err != nil {
				return err
			}
			if err := db.notify(ctx, tx, q.SiteID, to, q.Notice, q.UpdatedAt, q.NoticeMail); err != nil {
				return err
			}
		}
		if e == nil {
			return nil
		}
		return db.d.AppendAudit(ctx, tx, e)
	})
	if err == nil {
		q.Version++
	}
	return err
}

// Consultations.

func (d *Dialect) scanConsultation(row scanner) (consultation.Consultation, error) {
	var c consultation.Consultation
	var files string
	err := row.Scan(&c.ID, &c.SiteID, &c.Title, &c.Summary, &c.Agency, &files, d.TimeDest(&c.OpensAt), d.TimeDest(&c.ClosesAt), &c.Status, &c.Report, &c.ReportPublished,
		d.TimeDest(&c.CreatedAt), d.TimeDest(&c.UpdatedAt), d.TimeDest(&c.PublishedAt), &c.Version)
	if err == nil {
		json.Unmarshal([]byte(files), &c.Files)
	}
	return c, err
}

func filesJSON(ids []int64) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func (db *DB) CreateConsultation(ctx context.Context, c *consultation.Consultation, e *audit.Entry) error {
	return db.writeTx(ctx, consultation.ErrNotFound, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q(qCreateConsultation),
			c.SiteID, c.Title, c.Summary, c.Agency, filesJSON(c.Files), db.t(c.OpensAt), db.t(c.ClosesAt), string(c.Status), c.Report, c.ReportPublished,
			db.t(c.CreatedAt), db.t(c.UpdatedAt), db.t(c.PublishedAt)).Scan(&c.ID); err != nil {
			return err
		}
		c.Version = 1
		if err := db.d.SetMediaUses(ctx, tx, UseConsultation, c.ID, c.SiteID, filesJSON(c.Files), c.Public()); err != nil {
			return err
		}
		return db.audit(ctx, tx, e, "consultation:"+strconv.FormatInt(c.ID, 10), 0)
	})
}

func (db *DB) UpdateConsultation(ctx context.Context, c *consultation.Consultation, e *audit.Entry) error {
	err := db.writeTx(ctx, consultation.ErrNotFound, func(tx *sql.Tx) error {
		if err := db.updateVersioned(ctx, tx, qConsultationExists, consultation.ErrStale, c.SiteID, c.ID, qUpdateConsultation,
			c.Title, c.Summary, c.Agency, filesJSON(c.Files), db.t(c.OpensAt), db.t(c.ClosesAt), string(c.Status), c.Report, c.ReportPublished,
			db.t(c.UpdatedAt), db.t(c.PublishedAt), c.SiteID, c.ID, c.Version); err != nil {
			return err
		}
		if err := db.d.SetMediaUses(ctx, tx, UseConsultation, c.ID, c.SiteID, filesJSON(c.Files), c.Public()); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return db.d.AppendAudit(ctx, tx, e)
	})
	if err == nil {
		c.Version++
	}
	return err
}

func (db *DB) FindConsultationByID(ctx context.Context, siteID, id int64) (consultation.Consultation, error) {
	c, err := db.d.scanConsultation(db.r.QueryRowContext(ctx, db.q(qConsultationByID), siteID, id))
	return c, db.mapErr(err, consultation.ErrNotFound)
}

func (db *DB) FindConsultations(ctx context.Context, f consultation.Filter) ([]consultation.Consultation, int, error) {
	where, a := statusWhere(db, f.SiteID, f.Statuses, f.UpdatedSince)
	return page(db, ctx, consultation.ErrNotFound, "consultations", consultationCols, where, `closes_at DESC, id DESC`, a, f.Limit, f.Offset, db.d.scanConsultation)
}

func (db *DB) CreateComment(ctx context.Context, c *consultation.Comment) error {
	err := db.writeTx(ctx, consultation.ErrCommentNotFound, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, db.q(qCreateComment),
			c.SiteID, c.ConsultationID, c.Name, c.Email, c.Phone, c.ShowName, c.Body, string(c.Status), db.t(c.CreatedAt), db.t(c.UpdatedAt)).Scan(&c.ID)
	})
	if err == nil {
		c.Version = 1
	}
	return err
}

func (d *Dialect) scanComment(row scanner) (consultation.Comment, error) {
	var c consultation.Comment
	err := row.Scan(&c.ID, &c.SiteID, &c.ConsultationID, &c.Name, &c.Email, &c.Phone, &c.ShowName, &c.Body, &c.Status, d.TimeDest(&c.CreatedAt), d.TimeDest(&c.UpdatedAt), &c.Version)
	return c, err
}

func (db *DB) FindComments(ctx context.Context, siteID, consultationID int64, statuses ...consultation.CommentStatus) ([]consultation.Comment, error) {
	a := db.args()
	where := "site_id = " + a.add(siteID) + " AND consultation_id = " + a.add(consultationID)
	if len(statuses) > 0 {
		where += " AND status IN " + in(a, statuses, func(s consultation.CommentStatus) any { return string(s) })
	}
	return listSQL(db, ctx, consultation.ErrCommentNotFound, db.d.scanComment, `SELECT `+commentCols+` FROM consultation_comments WHERE `+where+` ORDER BY id`, a.v...)
}

func (db *DB) CountComments(ctx context.Context, siteID, consultationID int64) (map[consultation.CommentStatus]int, error) {
	type count struct {
		s string
		n int
	}
	counts, err := list(db, ctx, consultation.ErrCommentNotFound, func(row scanner) (count, error) {
		var c count
		return c, row.Scan(&c.s, &c.n)
	}, qCountComments, siteID, consultationID)
	if err != nil {
		return nil, err
	}
	out := map[consultation.CommentStatus]int{}
	for _, c := range counts {
		out[consultation.CommentStatus(c.s)] = c.n
	}
	return out, nil
}

func (db *DB) SetCommentStatus(ctx context.Context, siteID, id, version int64, st consultation.CommentStatus, at time.Time, e *audit.Entry) error {
	return db.writeTx(ctx, consultation.ErrCommentNotFound, func(tx *sql.Tx) error {
		if err := db.updateVersioned(ctx, tx, qCommentExists, consultation.ErrCommentStale, siteID, id, qSetComment,
			string(st), db.t(at), siteID, id, version, version); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return db.d.AppendAudit(ctx, tx, e)
	})
}

// The rate limiter.

func (db *DB) TakeRateSlot(ctx context.Context, key string, at, since time.Time, limit int) (bool, error) {
	ok := false
	err := db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		if err := db.d.lock(ctx, tx, LockRate, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(qRateForget), key, db.t(since)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, db.q(qRateCount), key).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return nil
		}
		ok = true
		// The hit counts until at + (at - since): its own window, so that
		// DeleteExpiredRateSlots keeps the hits of longer windows.
		_, err := tx.ExecContext(ctx, db.q(qRateHit), key, db.t(at), db.t(at.Add(at.Sub(since))))
		return err
	})
	return ok && err == nil, err
}

func (db *DB) DeleteExpiredRateSlots(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(qRateExpired), db.t(now))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}

func (db *DB) GuardSecret(ctx context.Context, candidate []byte) ([]byte, error) {
	var s []byte
	err := db.writeTx(ctx, nil, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(qGuardSecretPut), candidate); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, db.q(qGuardSecretRead)).Scan(&s)
	})
	return s, err
}

// questionDoc is what the search index holds of a question: while it is
// published, its subject as the title and the question and answer as the
// text (publishing refuses a text that still holds the sender's contact
// details; the sender's name is never indexed); otherwise nothing but its
// number, so no citizen's words wait in the index before publication.
func questionDoc(q *question.Question) search.Doc {
	d := search.Doc{SiteID: q.SiteID, Kind: search.KindQuestion, RefID: q.ID}
	if q.Status == question.StatusPublished {
		d.Title, d.Text, d.Byline = q.Subject, q.Body+"\n\n"+q.Answer, q.AnsweredBy
		d.PublicFrom, d.PublishedAt = q.PublishedAt, q.PublishedAt
	}
	return d
}
