package admin

import (
	"html"
	"strings"
	"unicode"
)

// The revision diff: both versions are reduced to plain text, split into
// words (with paragraph breaks kept as tokens), and compared with a
// longest-common-subsequence diff. Large bodies are compared paragraph by
// paragraph first, so the table never grows past maxDiffCells.

// DiffSeg is one run of a side of the diff: equal text, or text only on
// this side (deleted on the left, inserted on the right), or a paragraph
// break.
type DiffSeg struct {
	Text string
	Kind string // "", "del", "ins" or "br"
}

// diffOp is one step of an edit script over tokens.
type diffOp struct {
	kind byte // '=', '-', '+'
	tok  string
}

// paraBreak is the token standing for a paragraph break.
const paraBreak = "\n"

// maxDiffCells bounds the LCS table (uint16 cells: 8 MB at most).
const maxDiffCells = 4 << 20

// plainText turns sanitised article HTML into text: block elements and
// <br> become paragraph breaks, other tags vanish, entities are decoded.
func plainText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(s))
			break
		}
		b.WriteString(html.UnescapeString(s[:i]))
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			break // an unclosed tag: drop the rest, it is not text
		}
		if blockTag(s[1:j]) {
			b.WriteString("\n")
		}
		s = s[j+1:]
	}
	return b.String()
}

// blockTag reports whether the inside of a tag ("p", "/li", "br /") ends or
// starts a block, which the diff shows as a paragraph break.
func blockTag(tag string) bool {
	tag = strings.TrimPrefix(strings.TrimSpace(tag), "/")
	if end := strings.IndexFunc(tag, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }); end >= 0 {
		tag = tag[:end]
	}
	switch strings.ToLower(tag) {
	case "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
		"table", "tr", "td", "th", "pre", "hr":
		return true
	}
	return false
}

// words splits text into words and paragraph breaks (never two breaks in
// a row, none at either end).
func words(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		f := strings.Fields(para)
		if len(f) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, paraBreak)
		}
		out = append(out, f...)
	}
	return out
}

// diffTokens returns an edit script turning a into b.
func diffTokens(a, b []string) []diffOp {
	// Common prefix and suffix cost nothing.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, t := range a[:pre] {
		ops = append(ops, diffOp{'=', t})
	}
	ops = append(ops, diffMiddle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, t := range a[len(a)-suf:] {
		ops = append(ops, diffOp{'=', t})
	}
	return ops
}

func diffMiddle(a, b []string) []diffOp {
	switch {
	case len(a) == 0 && len(b) == 0:
		return nil
	case len(a) == 0 || len(b) == 0:
		return replaceOps(a, b)
	case len(a)*len(b) <= maxDiffCells:
		return lcsOps(a, b)
	}
	// Too large for one table: compare paragraphs, then the words of each
	// run of changed paragraphs.
	pa, pb := paragraphs(a), paragraphs(b)
	if len(pa)*len(pb) > maxDiffCells || len(pa) <= 1 && len(pb) <= 1 {
		return replaceOps(a, b)
	}
	ka, kb := make([]string, len(pa)), make([]string, len(pb))
	for i, p := range pa {
		ka[i] = strings.Join(p, " ")
	}
	for i, p := range pb {
		kb[i] = strings.Join(p, " ")
	}
	var ops []diffOp
	var delRun, insRun [][]string
	flush := func() {
		if len(delRun) == 0 && len(insRun) == 0 {
			return
		}
		x, y := joinParagraphs(delRun), joinParagraphs(insRun)
		if len(ops) > 0 {
			ops = append(ops, diffOp{'=', paraBreak})
		}
		if len(x)*len(y) <= maxDiffCells && len(x) > 0 && len(y) > 0 {
			ops = append(ops, lcsOps(x, y)...)
		} else {
			ops = append(ops, replaceOps(x, y)...)
		}
		delRun, insRun = nil, nil
	}
	ia, ib := 0, 0
	for _, op := range lcsOps(ka, kb) {
		switch op.kind {
		case '-':
			delRun = append(delRun, pa[ia])
			ia++
		case '+':
			insRun = append(insRun, pb[ib])
			ib++
		default:
			flush()
			if len(ops) > 0 {
				ops = append(ops, diffOp{'=', paraBreak})
			}
			for _, t := range pa[ia] {
				ops = append(ops, diffOp{'=', t})
			}
			ia++
			ib++
		}
	}
	flush()
	return ops
}

func paragraphs(toks []string) [][]string {
	var out [][]string
	cur := []string{}
	for _, t := range toks {
		if t == paraBreak {
			out = append(out, cur)
			cur = []string{}
			continue
		}
		cur = append(cur, t)
	}
	return append(out, cur)
}

func joinParagraphs(ps [][]string) []string {
	var out []string
	for i, p := range ps {
		if i > 0 {
			out = append(out, paraBreak)
		}
		out = append(out, p...)
	}
	return out
}

func replaceOps(a, b []string) []diffOp {
	ops := make([]diffOp, 0, len(a)+len(b))
	for _, t := range a {
		ops = append(ops, diffOp{'-', t})
	}
	for _, t := range b {
		ops = append(ops, diffOp{'+', t})
	}
	return ops
}

// lcsOps is the classic dynamic-programming LCS: the table holds, for each
// suffix pair, the length of their longest common subsequence; walking it
// from the start gives the script. Callers keep len(a)*len(b) within
// maxDiffCells, which also keeps every length below 65536.
func lcsOps(a, b []string) []diffOp {
	n, m := len(a), len(b)
	w := m + 1
	t := make([]uint16, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			case t[(i+1)*w+j] >= t[i*w+j+1]:
				t[i*w+j] = t[(i+1)*w+j]
			default:
				t[i*w+j] = t[i*w+j+1]
			}
		}
	}
	ops := make([]diffOp, 0, n+m)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{'=', a[i]})
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			ops = append(ops, diffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, diffOp{'-', a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, diffOp{'+', b[j]})
	}
	return ops
}

// sides turns an edit script into the two columns of a side-by-side view:
// the old text with deletions marked, the new one with insertions marked.
// Neighbouring words of the same kind are joined into one segment.
func sides(ops []diffOp) (left, right []DiffSeg) {
	add := func(col []DiffSeg, tok, kind string) []DiffSeg {
		if tok == paraBreak {
			return append(col, DiffSeg{Kind: "br"})
		}
		if n := len(col); n > 0 && col[n-1].Kind == kind {
			col[n-1].Text += " " + tok
			return col
		}
		if n := len(col); n > 0 && col[n-1].Kind != "br" {
			// The space between two runs belongs to the unchanged text.
			if kind == "" {
				tok = " " + tok
			} else if col[n-1].Kind == "" {
				col[n-1].Text += " "
			} else {
				col = append(col, DiffSeg{Text: " "})
			}
		}
		return append(col, DiffSeg{Text: tok, Kind: kind})
	}
	for _, op := range ops {
		switch op.kind {
		case '=':
			left = add(left, op.tok, "")
			right = add(right, op.tok, "")
		case '-':
			if op.tok == paraBreak {
				left = add(left, op.tok, "br")
			} else {
				left = add(left, op.tok, "del")
			}
		case '+':
			if op.tok == paraBreak {
				right = add(right, op.tok, "br")
			} else {
				right = add(right, op.tok, "ins")
			}
		}
	}
	return left, right
}

// wordDiff compares two plain texts word by word.
func wordDiff(old, new string) (left, right []DiffSeg, changed bool) {
	ops := diffTokens(words(old), words(new))
	for _, op := range ops {
		if op.kind != '=' {
			changed = true
			break
		}
	}
	left, right = sides(ops)
	return left, right, changed
}
