package storecopy

import (
	"reflect"
	"testing"
	"time"
)

// TestConvertValue: each value goes into the target column in the form
// that column's type stores, both ways, and what cannot be converted is
// an error naming the type, never a guess.
func TestConvertValue(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 30, 0, 123456000, time.UTC)
	col := func(k Kind, typ string) copyColumn { return copyColumn{name: "c", typ: typ, class: classOf(k, typ)} }
	for _, c := range []struct {
		v    any
		col  copyColumn
		dk   Kind
		want any
	}{
		{at.UnixMicro(), col(Postgres, "timestamp with time zone"), Postgres, at},
		{int64(0), col(Postgres, "timestamp with time zone"), Postgres, "-infinity"},
		{at, col(SQLite, "INTEGER"), SQLite, at.UnixMicro()},
		{"-infinity", col(SQLite, "INTEGER"), SQLite, int64(0)},
		{int64(1), col(Postgres, "boolean"), Postgres, true},
		{int64(0), col(Postgres, "boolean"), Postgres, false},
		{true, col(SQLite, "INTEGER"), SQLite, int64(1)},
		{false, col(SQLite, "INTEGER"), SQLite, int64(0)},
		{int64(42), col(Postgres, "bigint"), Postgres, int64(42)},
		{"xã Gia Viễn", col(Postgres, "text"), Postgres, "xã Gia Viễn"},
		{[]byte("xã"), col(SQLite, "TEXT"), SQLite, "xã"},
		{[]byte{0, 1, 2}, col(Postgres, "bytea"), Postgres, []byte{0, 1, 2}},
		{[]byte{0, 1, 2}, col(SQLite, "BLOB"), SQLite, []byte{0, 1, 2}},
		{nil, col(Postgres, "timestamp with time zone"), Postgres, nil},
	} {
		got, err := convertValue(c.v, c.col, c.dk)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%T %v into %s: %#v, %v; want %#v", c.v, c.v, c.col.typ, got, err, c.want)
		}
	}
	for _, c := range []struct {
		v   any
		col copyColumn
		dk  Kind
	}{
		{"hôm qua", col(Postgres, "timestamp with time zone"), Postgres},
		{"có", col(Postgres, "boolean"), Postgres},
		{"infinity", col(SQLite, "INTEGER"), SQLite},
		{3.5, col(Postgres, "bigint"), Postgres},
	} {
		if got, err := convertValue(c.v, c.col, c.dk); err == nil {
			t.Errorf("%T %v into %s: %#v, want an error", c.v, c.v, c.col.typ, got)
		}
	}
}

// TestCopyOrder: every table comes after the tables its foreign keys
// name; a table naming itself does not hold the order up.
func TestCopyOrder(t *testing.T) {
	cat := map[string]*copyTable{
		"articles":   {name: "articles", refs: []string{"sites", "categories"}},
		"categories": {name: "categories", refs: []string{"sites", "categories"}},
		"sites":      {name: "sites"},
		"revisions":  {name: "revisions", refs: []string{"articles"}},
		"audit_log":  {name: "audit_log"},
	}
	order, err := copyOrder(cat)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, tb := range order {
		pos[tb.name] = i
	}
	if len(order) != len(cat) {
		t.Fatalf("order %v", pos)
	}
	for _, tb := range cat {
		for _, r := range tb.refs {
			if r != tb.name && pos[r] > pos[tb.name] {
				t.Errorf("%s comes before %s, which it names", tb.name, r)
			}
		}
	}
}
