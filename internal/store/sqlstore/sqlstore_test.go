package sqlstore

import "testing"

func TestQBuildsBothFormsOnce(t *testing.T) {
	q := Q(`SELECT a FROM t WHERE b = ? AND c <> '?' AND "d?" = ? ORDER BY e{C}{forupdate}`)
	if got, want := q.forms[SQLite], `SELECT a FROM t WHERE b = ? AND c <> '?' AND "d?" = ? ORDER BY e`; got != want {
		t.Errorf("SQLite form:\n got %s\nwant %s", got, want)
	}
	if got, want := q.forms[Postgres], `SELECT a FROM t WHERE b = $1 AND c <> '?' AND "d?" = $2 ORDER BY e COLLATE "C" FOR UPDATE`; got != want {
		t.Errorf("PostgreSQL form:\n got %s\nwant %s", got, want)
	}
}
