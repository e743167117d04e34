package main

import (
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"trangtin/internal/config"
)

// The table-by-table comparison of two databases, shared by the tests of
// a command killed half-way and run again (site merge, import wordpress,
// import nukeviet) and of a command that must write nothing (a bad file,
// a dry run).

// tableDump is every table of a database: its rows printed, sorted.
type tableDump map[string][]string

// dumpOptions say how a table is read.
type dumpOptions struct {
	// queries read a table through a query of one text column instead of
	// its rows: what a value names rather than the value (an ID a
	// sequence gave differently).
	queries map[string]string
	// volatile names the columns whose values are masked (times of
	// writing); nil: none.
	volatile *regexp.Regexp
	// masked are more columns masked, as "table.column".
	masked map[string]bool
	// skip names the tables left out; nil: none.
	skip *regexp.Regexp
	// media: compareDatabases compares the files of the media folders
	// too (an import killed between a picture's files and its record
	// leaves files no record names, harmless, so imports do not).
	media bool
}

var (
	randomKey = regexp.MustCompile(`[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}|[0-9a-f]{32}`)

	// importDump is how the tests of an import compare databases: the
	// times of writing, random file keys, the search index (its engine's
	// own tables) and the rate limiter's key (random, made when a server
	// starts) left out.
	importDump = dumpOptions{
		volatile: regexp.MustCompile(`(^|_)(at|time|hash|prev_hash|expires|seen|last_used)$|_at$|_from$|^created|^updated`),
		skip:     regexp.MustCompile(`search|^guard_secret$`),
	}
)

// dumpTables reads every table of cfg's database.
func dumpTables(t *testing.T, cfg config.Config, o dumpOptions) tableDump {
	t.Helper()
	db := openRaw(t, cfg)
	out := tableDump{}
	for _, name := range tableNames(t, db, cfg.DB != "") {
		if o.skip != nil && o.skip.MatchString(name) {
			continue
		}
		if q, ok := o.queries[name]; ok {
			rows := queryStrings(t, db, q)
			slices.Sort(rows)
			out[name] = rows
			continue
		}
		out[name] = dumpRows(t, db, name, o)
	}
	return out
}

// dumpRows is every row of table, printed "column=value|…", sorted.
func dumpRows(t *testing.T, db *sql.DB, table string, o dumpOptions) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		var b strings.Builder
		for i, c := range cols {
			v := vals[i].String
			if !vals[i].Valid {
				v = "NULL"
			}
			if o.volatile != nil {
				if o.volatile.MatchString(c) {
					v = "·"
				}
				v = randomKey.ReplaceAllString(v, "KEY")
			}
			if o.masked[table+"."+c] {
				v = "·"
			}
			fmt.Fprintf(&b, "%s=%s|", c, v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// compareDumps reports every table that differs between a and b, named
// for the messages (e.g. "one clean run", "a killed run finished"), with
// its first differing row.
func compareDumps(t *testing.T, a, b tableDump, aName, bName string) {
	t.Helper()
	var names []string
	for name := range a {
		names = append(names, name)
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		x, y := a[name], b[name]
		if slices.Equal(x, y) {
			continue
		}
		t.Errorf("table %s differs: %d rows after %s, %d after %s", name, len(x), aName, len(y), bName)
		for i := range max(len(x), len(y)) {
			var rx, ry string
			if i < len(x) {
				rx = x[i]
			}
			if i < len(y) {
				ry = y[i]
			}
			if rx != ry {
				t.Errorf("first difference:\n%s: %.400s\n%s: %.400s", aName, differing(rx, ry), bName, differing(ry, rx))
				break
			}
		}
	}
}

// compareDatabases compares every table of a and b, and with o.media the
// files of their media folders.
func compareDatabases(t *testing.T, a, b config.Config, o dumpOptions, aName, bName string) {
	t.Helper()
	da, db := dumpTables(t, a, o), dumpTables(t, b, o)
	if len(da) < 10 {
		t.Fatalf("only %d tables", len(da))
	}
	compareDumps(t, da, db, aName, bName)
	if !o.media {
		return
	}
	var fsA, fsB []string
	for dir, out := range map[string]*[]string{a.DataDir: &fsA, b.DataDir: &fsB} {
		fs.WalkDir(os.DirFS(filepath.Join(dir, "media")), ".", func(p string, d fs.DirEntry, err error) error {
			*out = append(*out, p)
			return err
		})
	}
	slices.Sort(fsA)
	slices.Sort(fsB)
	if !slices.Equal(fsA, fsB) {
		t.Errorf("the media folders differ: %d files after %s, %d after %s", len(fsA), aName, len(fsB), bName)
	}
}

// differing is the columns of row x ("column=value|…") that row y has
// otherwise, or x itself when the rows are not of one table's columns.
func differing(x, y string) string {
	cx, cy := strings.Split(x, "|"), strings.Split(y, "|")
	if len(cx) != len(cy) {
		return x
	}
	var out []string
	for i := range cx {
		if cx[i] != cy[i] || i == 0 {
			out = append(out, cx[i])
		}
	}
	return strings.Join(out, "|")
}
