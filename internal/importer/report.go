// Package importer holds what the importers from other portals share
// (trangtin import nukeviet, import wordpress, import crawl): the report
// of a run, its CSV form, the progress line, the cleaning of legacy text
// and the rewriting of a body's links. It knows no source format and no store.
package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Outcome is what happened to one source record.
type Outcome string

const (
	Imported Outcome = "imported" // new in trangtin
	Updated  Outcome = "updated"  // there from an earlier run, brought up to date
	Skipped  Outcome = "skipped"  // not imported; Reason says why
	Warning  Outcome = "warning"  // imported, with something to look at (a missing file …)
	Planned  Outcome = "planned"  // --dry-run: would be imported or updated
	// Unchanged: there from an earlier run and the same at its source,
	// left as it is (import crawl).
	Unchanged Outcome = "unchanged"
)

// Label is the outcome in Vietnamese, as the CSV and the summary write it.
func (o Outcome) Label() string {
	switch o {
	case Imported:
		return "nhập mới"
	case Updated:
		return "cập nhật"
	case Skipped:
		return "bỏ qua"
	case Warning:
		return "cảnh báo"
	case Planned:
		return "sẽ nhập"
	case Unchanged:
		return "không đổi"
	}
	return string(o)
}

// Entry is one line of the report: a source record (Kind and Source, the
// old portal's identity, e.g. "article", "nv4_vi_news_rows#123"), what
// happened to it and, for a skip or a warning, why.
type Entry struct {
	Kind    string
	Source  string
	Outcome Outcome
	Target  string // what it became (an address, an id); may be empty
	Reason  string // in Vietnamese, for Skipped and Warning
}

// maxKept bounds how many skips and warnings a report keeps in memory for
// its summary; every entry still reaches the CSV.
const maxKept = 10000

// Report collects the outcome of every record of an import run. Entries go
// straight to the CSV writer given to New (none: nil), so a run of any size
// stays bounded in memory; the report keeps counts, the first skips and
// warnings, and named counters (legacy fonts converted …). It is safe for
// concurrent use.
type Report struct {
	mu       sync.Mutex
	csv      *csv.Writer
	err      error // the first error writing the CSV
	counts   map[Outcome]int
	byKind   map[string]map[Outcome]int
	kept     []Entry
	dropped  int
	counters map[string]int
}

// CSVHeader is the first line of the CSV form of a report.
var CSVHeader = []string{"loai", "nguon", "ket_qua", "dich", "ly_do"}

// New starts a report writing its CSV form to w (nil: no CSV).
func New(w io.Writer) *Report {
	r := &Report{counts: map[Outcome]int{}, byKind: map[string]map[Outcome]int{}, counters: map[string]int{}}
	if w != nil {
		r.csv = csv.NewWriter(w)
		r.err = r.csv.Write(CSVHeader)
	}
	return r
}

// Add records e.
func (r *Report) Add(e Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[e.Outcome]++
	k := r.byKind[e.Kind]
	if k == nil {
		k = map[Outcome]int{}
		r.byKind[e.Kind] = k
	}
	k[e.Outcome]++
	if e.Outcome == Skipped || e.Outcome == Warning {
		if len(r.kept) < maxKept {
			r.kept = append(r.kept, e)
		} else {
			r.dropped++
		}
	}
	if r.csv != nil && r.err == nil {
		r.err = r.csv.Write([]string{e.Kind, e.Source, string(e.Outcome), e.Target, e.Reason})
	}
}

// Imported, Updated, Skipped and Warn are Add for one outcome.
func (r *Report) Imported(kind, source, target string) {
	r.Add(Entry{Kind: kind, Source: source, Outcome: Imported, Target: target})
}

func (r *Report) Updated(kind, source, target string) {
	r.Add(Entry{Kind: kind, Source: source, Outcome: Updated, Target: target})
}

func (r *Report) Skipped(kind, source, reason string) {
	r.Add(Entry{Kind: kind, Source: source, Outcome: Skipped, Reason: reason})
}

func (r *Report) Warn(kind, source, reason string) {
	r.Add(Entry{Kind: kind, Source: source, Outcome: Warning, Reason: reason})
}

// Count adds n to the named counter (e.g. "TCVN3 → Unicode").
func (r *Report) Count(name string, n int) {
	r.mu.Lock()
	r.counters[name] += n
	r.mu.Unlock()
}

// Counter returns the named counter.
func (r *Report) Counter(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counters[name]
}

// N returns how many records had outcome o; of kind only when kind is not "".
func (r *Report) N(kind string, o Outcome) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if kind == "" {
		return r.counts[o]
	}
	return r.byKind[kind][o]
}

// Problems returns the skips and warnings kept (the first 10,000).
func (r *Report) Problems() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Entry(nil), r.kept...)
}

// Flush writes out the CSV and returns the first error writing it.
func (r *Report) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.csv == nil {
		return nil
	}
	r.csv.Flush()
	if r.err == nil {
		r.err = r.csv.Error()
	}
	return r.err
}

// maxShownWarnings bounds the warnings Summary lists (the CSV has them all).
const maxShownWarnings = 100

// Summary is the report for a person, in Vietnamese: a line per kind with
// its counts, the counters, every skip kept, then the first warnings.
func (r *Report) Summary() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	kinds := make([]string, 0, len(r.byKind))
	for k := range r.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := r.byKind[k]
		fmt.Fprintf(&b, "%s: %d nhập mới, %d cập nhật, %d bỏ qua, %d cảnh báo", k, c[Imported], c[Updated], c[Skipped], c[Warning])
		if c[Planned] > 0 {
			fmt.Fprintf(&b, ", %d sẽ nhập", c[Planned])
		}
		if c[Unchanged] > 0 {
			fmt.Fprintf(&b, ", %d không đổi", c[Unchanged])
		}
		b.WriteByte('\n')
	}
	names := make([]string, 0, len(r.counters))
	for n := range r.counters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "%s: %d\n", n, r.counters[n])
	}
	warned, more := 0, r.dropped
	for _, o := range []Outcome{Skipped, Warning} {
		for _, e := range r.kept {
			switch {
			case e.Outcome != o:
			case o == Warning && warned >= maxShownWarnings:
				more++
			default:
				if o == Warning {
					warned++
				}
				fmt.Fprintf(&b, "%s %s %s: %s\n", e.Outcome.Label(), e.Kind, e.Source, e.Reason)
			}
		}
	}
	if more > 0 {
		b.WriteString("… và " + strconv.Itoa(more) + " dòng nữa trong tệp CSV\n")
	}
	return b.String()
}
