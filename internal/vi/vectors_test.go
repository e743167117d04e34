package vi

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

// readTSV reads every line of a vector file byte for byte, as the README
// prescribes (bufio.Scanner + strings.Split on TAB, no trimming or
// normalisation), and checks the column and row counts. The vectors are
// the repository's testdata/vi, a copy of ../shared/testdata/vi
// (internal/testenv checks that it still is). They are mandatory: a missing
// file fails the test instead of skipping it.
func readTSV(t *testing.T, name string, cols, rows int) [][]string {
	t.Helper()
	path := filepath.Join(testenv.Path(t, "vi"), name)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("test vectors are required: %v", err)
	}
	if bytes.HasPrefix(raw, []byte("\uFEFF")) {
		t.Fatalf("%s: starts with a BOM", path)
	}
	if bytes.IndexByte(raw, '\r') >= 0 {
		t.Fatalf("%s: contains CR; the files must use LF line endings", path)
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	var out [][]string
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.Split(line, "\t")
		if len(f) != cols {
			t.Fatalf("%s row %d: %d columns, want %d: %q", name, n, len(f), cols, line)
		}
		out = append(out, f)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(out) != rows {
		t.Fatalf("%s: %d rows, the README says %d", name, len(out), rows)
	}
	return out
}

func parseISODate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

func TestFoldVectors(t *testing.T) {
	for i, row := range readTSV(t, "fold.tsv", 2, 35) {
		in, want := row[0], row[1]
		if got := Fold(in); got != want {
			t.Errorf("fold.tsv row %d: Fold(%q) = %q, want %q", i+1, in, got, want)
		}
		if got := foldSlow(in); got != want {
			t.Errorf("fold.tsv row %d: foldSlow(%q) = %q, want %q", i+1, in, got, want)
		}
	}
}

func TestSlugVectors(t *testing.T) {
	for i, row := range readTSV(t, "slugs.tsv", 2, 42) {
		in, want := row[0], row[1]
		if got := Slug(in); got != want {
			t.Errorf("slugs.tsv row %d: Slug(%q) = %q, want %q", i+1, in, got, want)
		}
	}
}

func TestDateVectors(t *testing.T) {
	// The calendar date is taken in t's own location, whatever the offset
	// and the time of day.
	locs := []*time.Location{
		time.UTC,
		Zone,
		time.FixedZone("UTC+14", 14*60*60),
		time.FixedZone("UTC-12", -12*60*60),
	}
	for i, row := range readTSV(t, "dates.tsv", 2, 17) {
		in, want := row[0], row[1]
		d := parseISODate(t, in)
		for _, loc := range locs {
			for _, hm := range [][2]int{{0, 0}, {12, 0}, {23, 59}} {
				tm := time.Date(d.Year(), d.Month(), d.Day(), hm[0], hm[1], 0, 0, loc)
				if got := Date(tm); got != want {
					t.Errorf("dates.tsv row %d: Date(%q at %02d:%02d %s) = %q, want %q",
						i+1, in, hm[0], hm[1], loc, got, want)
				}
			}
		}
		if got, wantDay := Weekday(d.Weekday()), strings.SplitN(want, ",", 2)[0]; got != wantDay {
			t.Errorf("dates.tsv row %d: Weekday(%v) = %q, want %q", i+1, d.Weekday(), got, wantDay)
		}
	}
}

func TestDateTimeVectors(t *testing.T) {
	for i, row := range readTSV(t, "datetimes.tsv", 3, 8) {
		in, wantDate, wantClock := row[0], row[1], row[2]
		tm, err := time.Parse(time.RFC3339, in)
		if err != nil {
			t.Fatalf("datetimes.tsv row %d: bad instant %q: %v", i+1, in, err)
		}
		if got := LocalDate(tm); got != wantDate {
			t.Errorf("datetimes.tsv row %d: LocalDate(%q) = %q, want %q", i+1, in, got, wantDate)
		}
		if got := LocalClock(tm); got != wantClock {
			t.Errorf("datetimes.tsv row %d: LocalClock(%q) = %q, want %q", i+1, in, got, wantClock)
		}
		if got, want := LocalDateTime(tm.UTC()), wantDate+" "+wantClock; got != want {
			t.Errorf("datetimes.tsv row %d: LocalDateTime(%q) = %q, want %q", i+1, in, got, want)
		}
		if got, want := HasClock(tm), wantClock != "00:00" || tm.Second() != 0; got != want {
			t.Errorf("datetimes.tsv row %d: HasClock(%q) = %v, want %v", i+1, in, got, want)
		}
		// The same instant expressed in UTC gives the same result.
		if got := LocalDate(tm.UTC()); got != wantDate {
			t.Errorf("datetimes.tsv row %d: LocalDate(%q in UTC) = %q, want %q", i+1, in, got, wantDate)
		}
	}
}

func TestAdminDateVectors(t *testing.T) {
	for i, row := range readTSV(t, "dates_admin.tsv", 2, 8) {
		in, want := row[0], row[1]
		if got := AdminDate(parseISODate(t, in)); got != want {
			t.Errorf("dates_admin.tsv row %d: AdminDate(%q) = %q, want %q", i+1, in, got, want)
		}
	}
}

func TestLegacyVectors(t *testing.T) {
	for i, row := range readTSV(t, "legacy.tsv", 3, 10) {
		enc, in, want := row[0], row[1], row[2]
		var got string
		switch enc {
		case "tcvn3":
			got = FromTCVN3(in)
		case "vni":
			got = FromVNI(in)
		default:
			t.Errorf("legacy.tsv row %d: unknown encoding %q", i+1, enc)
			continue
		}
		if got != want {
			t.Errorf("legacy.tsv row %d: %s(%q) = %q, want %q", i+1, enc, in, got, want)
		}
	}
}
