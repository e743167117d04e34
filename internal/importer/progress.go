package importer

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// Progress shows how far an import is: one self-overwriting line on a
// terminal, at most ten times a second; elsewhere a plain line every
// Every records (and none when Every is 0).
type Progress struct {
	w     io.Writer
	total int
	tty   bool
	last  time.Time
	Every int
}

// NewProgress draws on w for a run of total records (0: unknown).
func NewProgress(w io.Writer, total int) *Progress {
	f, ok := w.(*os.File)
	return &Progress{w: w, total: total, tty: ok && term.IsTerminal(int(f.Fd())), Every: 1000}
}

// Show reports that done records are through, with r's counts.
func (p *Progress) Show(done int, r *Report) {
	switch {
	case p.tty:
		if time.Since(p.last) < 100*time.Millisecond {
			return
		}
		p.last = time.Now()
		fmt.Fprintf(p.w, "\r%s", p.line(done, r))
	case p.Every > 0 && done > 0 && done%p.Every == 0:
		fmt.Fprintln(p.w, p.line(done, r))
	}
}

func (p *Progress) line(done int, r *Report) string {
	pct := ""
	if p.total > 0 {
		pct = fmt.Sprintf("%5.1f%%  ", 100*float64(done)/float64(p.total))
	}
	return fmt.Sprintf("%s%d/%d  mới %d · cập nhật %d · bỏ qua %d", pct, done, p.total,
		r.N("", Imported), r.N("", Updated), r.N("", Skipped))
}

// Clear removes the line from a terminal before other output.
func (p *Progress) Clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// SetTotal sets the number of records of the run, once known; off a
// terminal a line is then written every 1% (every 100 records at least).
func (p *Progress) SetTotal(total int) {
	p.total = total
	p.Every = max(100, total/100)
}
