package sqlstore

import (
	"context"
	"database/sql"

	"trangtin/internal/contactform"
)

var _ contactform.Store = (*DB)(nil)

const contactCols = `id, site_id, name, phone, email, subject, body, created_at`

var qCreateContact = Q(`INSERT INTO contact_messages (site_id, name, phone, email, subject, body, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)

func (d *Dialect) scanContact(row scanner) (contactform.Message, error) {
	var m contactform.Message
	err := row.Scan(&m.ID, &m.SiteID, &m.Name, &m.Phone, &m.Email, &m.Subject, &m.Body, d.TimeDest(&m.CreatedAt))
	return m, err
}

// CreateContactMessage writes the message, its inbox notices (about no
// article) and their e-mail copies in one transaction.
func (db *DB) CreateContactMessage(ctx context.Context, m *contactform.Message, notify []int64, notice string, mail bool) error {
	return db.writeTx(ctx, contactform.ErrNotFound, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.q(qCreateContact), m.SiteID, m.Name, m.Phone, m.Email, m.Subject, m.Body, db.t(m.CreatedAt)).Scan(&m.ID); err != nil {
			return err
		}
		for _, uid := range notify {
			var id int64
			if err := tx.QueryRowContext(ctx, db.q(qCreateNotice), m.SiteID, uid, 0, notice, db.t(m.CreatedAt)).Scan(&id); err != nil {
				return err
			}
			if mail {
				if _, err := tx.ExecContext(ctx, db.q(qQueueMail), db.t(m.CreatedAt), db.t(m.CreatedAt), id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (db *DB) FindContactMessages(ctx context.Context, siteID int64, limit, offset int) ([]contactform.Message, int, error) {
	a := db.args()
	return page(db, ctx, contactform.ErrNotFound, "contact_messages", contactCols, "site_id = "+a.add(siteID), "id DESC", a, limit, offset, db.d.scanContact)
}
