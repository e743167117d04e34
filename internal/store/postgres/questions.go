package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/guard"
	"trangtin/internal/question"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlstore"
)

var (
	_ question.Store     = (*DB)(nil)
	_ consultation.Store = (*DB)(nil)
	_ guard.Store        = (*DB)(nil)
)

// tIn converts a time for storage; tOut scans it back.
func tIn(t time.Time) any { return ts(t) }

func tOut(t *time.Time) any { return timeDest{t} }

// lockRateKey serialises TakeRateSlot per key across every node until the
// transaction ends.
func lockRateKey(ctx context.Context, tx *sql.Tx, key string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7214102, hashtext($1))`, key)
	return err
}

// reader is the pool for reads.
func (db *DB) reader() *sql.DB { return db.db }

// rebind turns ? placeholders into $1, $2, …; the queries of this file
// have no ? inside literals.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// inList returns "(?, ?, …)" for n values.
func inList(n int) string { return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")" }

const questionCols = `id, site_id, code_hash, name, phone, email, address, show_name, subject, body, field,
	status, reject_reason, unit, answer, answered_by, received_at, due_at, answered_at, published_at, updated_at`

func scanQuestion(row interface{ Scan(...any) error }) (question.Question, error) {
	var q question.Question
	err := row.Scan(&q.ID, &q.SiteID, &q.CodeHash, &q.Name, &q.Phone, &q.Email, &q.Address, &q.ShowName, &q.Subject, &q.Body, &q.Field,
		&q.Status, &q.RejectReason, &q.Unit, &q.Answer, &q.AnsweredBy, tOut(&q.ReceivedAt), tOut(&q.DueAt), tOut(&q.AnsweredAt), tOut(&q.PublishedAt), tOut(&q.UpdatedAt))
	return q, err
}

func (db *DB) CreateQuestion(ctx context.Context, q *question.Question) error {
	return db.writeTx(ctx, "câu hỏi", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, rebind(`INSERT INTO questions (site_id, code_hash, name, phone, email, address, show_name, subject, body, field,
			status, reject_reason, unit, answer, answered_by, received_at, due_at, answered_at, published_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			q.SiteID, q.CodeHash, q.Name, q.Phone, q.Email, q.Address, q.ShowName, q.Subject, q.Body, q.Field,
			string(q.Status), q.RejectReason, q.Unit, q.Answer, q.AnsweredBy, tIn(q.ReceivedAt), tIn(q.DueAt), tIn(q.AnsweredAt), tIn(q.PublishedAt), tIn(q.UpdatedAt)).Scan(&q.ID); err != nil {
			return err
		}
		return index(ctx, tx, questionDoc(q))
	})
}

func (db *DB) FindQuestionByID(ctx context.Context, siteID, id int64) (question.Question, error) {
	q, err := scanQuestion(db.reader().QueryRowContext(ctx, rebind(`SELECT `+questionCols+` FROM questions WHERE site_id = ? AND id = ?`), siteID, id))
	return q, mapErr(err, "câu hỏi")
}

func (db *DB) FindQuestionByCode(ctx context.Context, siteID int64, codeHash string) (question.Question, error) {
	q, err := scanQuestion(db.reader().QueryRowContext(ctx, rebind(`SELECT `+questionCols+` FROM questions WHERE site_id = ? AND code_hash = ?`), siteID, codeHash))
	return q, mapErr(err, "câu hỏi")
}

func (db *DB) FindQuestions(ctx context.Context, f question.Filter) ([]question.Question, int, error) {
	where := "site_id = ?"
	args := []any{f.SiteID}
	if len(f.Statuses) > 0 {
		where += " AND status IN " + inList(len(f.Statuses))
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if !f.UpdatedSince.IsZero() {
		where += " AND updated_at >= ?"
		args = append(args, tIn(f.UpdatedSince))
	}
	var total int
	if err := db.reader().QueryRowContext(ctx, rebind(`SELECT count(*) FROM questions WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err, "câu hỏi")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.reader().QueryContext(ctx, rebind(`SELECT `+questionCols+` FROM questions WHERE `+where+`
		ORDER BY CASE WHEN status IN ('new', 'accepted') THEN 0 ELSE 1 END,
		CASE WHEN status IN ('new', 'accepted') THEN due_at END, published_at DESC, received_at DESC, id DESC
		LIMIT ? OFFSET ?`), append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, mapErr(err, "câu hỏi")
	}
	defer rows.Close()
	var out []question.Question
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, q)
	}
	return out, total, mapErr(rows.Err(), "câu hỏi")
}

func (db *DB) UpdateQuestion(ctx context.Context, q *question.Question, e *audit.Entry) error {
	return db.writeTx(ctx, "câu hỏi", func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "câu hỏi", rebind(`UPDATE questions SET subject = ?, body = ?, status = ?, reject_reason = ?, unit = ?, answer = ?, answered_by = ?,
			answered_at = ?, published_at = ?, updated_at = ? WHERE site_id = ? AND id = ?`),
			q.Subject, q.Body, string(q.Status), q.RejectReason, q.Unit, q.Answer, q.AnsweredBy, tIn(q.AnsweredAt), tIn(q.PublishedAt), tIn(q.UpdatedAt), q.SiteID, q.ID); err != nil {
			return err
		}
		if err := index(ctx, tx, questionDoc(q)); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return dialect.AppendAudit(ctx, tx, e)
	})
}

// Consultations.

const consultationCols = `id, site_id, title, summary, agency, files, opens_at, closes_at, status, report, report_published,
	created_at, updated_at, published_at`

func scanConsultation(row interface{ Scan(...any) error }) (consultation.Consultation, error) {
	var c consultation.Consultation
	var files string
	err := row.Scan(&c.ID, &c.SiteID, &c.Title, &c.Summary, &c.Agency, &files, tOut(&c.OpensAt), tOut(&c.ClosesAt), &c.Status, &c.Report, &c.ReportPublished,
		tOut(&c.CreatedAt), tOut(&c.UpdatedAt), tOut(&c.PublishedAt))
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
	return db.writeTx(ctx, "dự thảo", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, rebind(`INSERT INTO consultations (site_id, title, summary, agency, files, opens_at, closes_at, status, report, report_published,
			created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.SiteID, c.Title, c.Summary, c.Agency, filesJSON(c.Files), tIn(c.OpensAt), tIn(c.ClosesAt), string(c.Status), c.Report, c.ReportPublished,
			tIn(c.CreatedAt), tIn(c.UpdatedAt), tIn(c.PublishedAt)).Scan(&c.ID); err != nil {
			return err
		}
		if err := dialect.SetMediaUses(ctx, tx, sqlstore.UseConsultation, c.ID, c.SiteID, filesJSON(c.Files), c.Public()); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		if e.Object == "" {
			e.Object = "consultation:" + itoa(c.ID)
		}
		return dialect.AppendAudit(ctx, tx, e)
	})
}

func (db *DB) UpdateConsultation(ctx context.Context, c *consultation.Consultation, e *audit.Entry) error {
	return db.writeTx(ctx, "dự thảo", func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "dự thảo", rebind(`UPDATE consultations SET title = ?, summary = ?, agency = ?, files = ?, opens_at = ?, closes_at = ?,
			status = ?, report = ?, report_published = ?, updated_at = ?, published_at = ? WHERE site_id = ? AND id = ?`),
			c.Title, c.Summary, c.Agency, filesJSON(c.Files), tIn(c.OpensAt), tIn(c.ClosesAt), string(c.Status), c.Report, c.ReportPublished,
			tIn(c.UpdatedAt), tIn(c.PublishedAt), c.SiteID, c.ID); err != nil {
			return err
		}
		if err := dialect.SetMediaUses(ctx, tx, sqlstore.UseConsultation, c.ID, c.SiteID, filesJSON(c.Files), c.Public()); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return dialect.AppendAudit(ctx, tx, e)
	})
}

func (db *DB) FindConsultationByID(ctx context.Context, siteID, id int64) (consultation.Consultation, error) {
	c, err := scanConsultation(db.reader().QueryRowContext(ctx, rebind(`SELECT `+consultationCols+` FROM consultations WHERE site_id = ? AND id = ?`), siteID, id))
	return c, mapErr(err, "dự thảo")
}

func (db *DB) FindConsultations(ctx context.Context, f consultation.Filter) ([]consultation.Consultation, int, error) {
	where := "site_id = ?"
	args := []any{f.SiteID}
	if len(f.Statuses) > 0 {
		where += " AND status IN " + inList(len(f.Statuses))
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if !f.UpdatedSince.IsZero() {
		where += " AND updated_at >= ?"
		args = append(args, tIn(f.UpdatedSince))
	}
	var total int
	if err := db.reader().QueryRowContext(ctx, rebind(`SELECT count(*) FROM consultations WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err, "dự thảo")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.reader().QueryContext(ctx, rebind(`SELECT `+consultationCols+` FROM consultations WHERE `+where+`
		ORDER BY closes_at DESC, id DESC LIMIT ? OFFSET ?`), append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, mapErr(err, "dự thảo")
	}
	defer rows.Close()
	var out []consultation.Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, mapErr(rows.Err(), "dự thảo")
}

func (db *DB) CreateComment(ctx context.Context, c *consultation.Comment) error {
	return db.writeTx(ctx, "góp ý", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, rebind(`INSERT INTO consultation_comments (site_id, consultation_id, name, email, phone, show_name, body, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.SiteID, c.ConsultationID, c.Name, c.Email, c.Phone, c.ShowName, c.Body, string(c.Status), tIn(c.CreatedAt), tIn(c.UpdatedAt)).Scan(&c.ID)
	})
}

func (db *DB) FindComments(ctx context.Context, siteID, consultationID int64, statuses ...consultation.CommentStatus) ([]consultation.Comment, error) {
	where := "site_id = ? AND consultation_id = ?"
	args := []any{siteID, consultationID}
	if len(statuses) > 0 {
		where += " AND status IN " + inList(len(statuses))
		for _, s := range statuses {
			args = append(args, string(s))
		}
	}
	rows, err := db.reader().QueryContext(ctx, rebind(`SELECT id, site_id, consultation_id, name, email, phone, show_name, body, status, created_at, updated_at
		FROM consultation_comments WHERE `+where+` ORDER BY id`), args...)
	if err != nil {
		return nil, mapErr(err, "góp ý")
	}
	defer rows.Close()
	var out []consultation.Comment
	for rows.Next() {
		var c consultation.Comment
		if err := rows.Scan(&c.ID, &c.SiteID, &c.ConsultationID, &c.Name, &c.Email, &c.Phone, &c.ShowName, &c.Body, &c.Status, tOut(&c.CreatedAt), tOut(&c.UpdatedAt)); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err(), "góp ý")
}

func (db *DB) CountComments(ctx context.Context, siteID, consultationID int64) (map[consultation.CommentStatus]int, error) {
	rows, err := db.reader().QueryContext(ctx, rebind(`SELECT status, count(*) FROM consultation_comments WHERE site_id = ? AND consultation_id = ? GROUP BY status`), siteID, consultationID)
	if err != nil {
		return nil, mapErr(err, "góp ý")
	}
	defer rows.Close()
	out := map[consultation.CommentStatus]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[consultation.CommentStatus(s)] = n
	}
	return out, mapErr(rows.Err(), "góp ý")
}

func (db *DB) SetCommentStatus(ctx context.Context, siteID, id int64, st consultation.CommentStatus, at time.Time, e *audit.Entry) error {
	return db.writeTx(ctx, "góp ý", func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, "góp ý", rebind(`UPDATE consultation_comments SET status = ?, updated_at = ? WHERE site_id = ? AND id = ?`),
			string(st), tIn(at), siteID, id); err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		return dialect.AppendAudit(ctx, tx, e)
	})
}

// The rate limiter.

func (db *DB) TakeRateSlot(ctx context.Context, key string, at, since time.Time, limit int) (bool, error) {
	ok := false
	err := db.writeTx(ctx, "lượt gửi", func(tx *sql.Tx) error {
		if err := lockRateKey(ctx, tx, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, rebind(`DELETE FROM rate_hits WHERE key = ? AND at < ?`), key, tIn(since)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, rebind(`SELECT count(*) FROM rate_hits WHERE key = ?`), key).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return nil
		}
		ok = true
		// The hit counts until at + (at - since): its own window, so that
		// DeleteExpiredRateSlots keeps the hits of longer windows.
		_, err := tx.ExecContext(ctx, rebind(`INSERT INTO rate_hits (key, at, expires_at) VALUES (?, ?, ?)`), key, tIn(at), tIn(at.Add(at.Sub(since))))
		return err
	})
	return ok && err == nil, err
}

func (db *DB) DeleteExpiredRateSlots(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := db.writeTx(ctx, "lượt gửi", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, rebind(`DELETE FROM rate_hits WHERE expires_at < ?`), tIn(now))
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
	err := db.writeTx(ctx, "khoá", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, rebind(`INSERT INTO guard_secret (one, secret) VALUES (1, ?) ON CONFLICT DO NOTHING`), candidate); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT secret FROM guard_secret WHERE one = 1`).Scan(&s)
	})
	return s, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

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

// reindexQuestions reads up to n questions with IDs above after, as
// search docs.
func reindexQuestions(ctx context.Context, tx *sql.Tx, after int64, n int) ([]search.Doc, error) {
	rows, err := tx.QueryContext(ctx, rebind(`SELECT `+questionCols+` FROM questions WHERE id > ? ORDER BY id LIMIT ?`), after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []search.Doc
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, questionDoc(&q))
	}
	return docs, rows.Err()
}
