package docx

import "strconv"

// cell is a table cell placed on the table's grid.
type cell struct {
	n       *node
	span    int
	rowspan int
	skip    bool // a continuation of a vertical merge
	header  bool
}

// table converts a w:tbl; cells merged vertically (w:vMerge) become one
// cell with a rowspan, cells spanning columns (w:gridSpan) a colspan, and
// rows repeated as header (w:tblHeader) header cells.
func (c *converter) table(t *node) {
	var rows [][]*cell
	above := map[int]*cell{} // grid column → the cell a merge continues
	for _, tr := range t.kids {
		if tr.name != "tr" {
			continue
		}
		header := false
		if h := tr.kid("trPr").kid("tblHeader"); h != nil && on(h) {
			header = true
		}
		var row []*cell
		col := 0
		for _, tc := range tr.kids {
			if tc.name != "tc" {
				continue
			}
			pr := tc.kid("tcPr")
			span, _ := strconv.Atoi(pr.kid("gridSpan").attr("val"))
			span = min(max(span, 1), 1000)
			ce := &cell{n: tc, span: span, rowspan: 1, header: header}
			if vm := pr.kid("vMerge"); vm != nil {
				if vm.attr("val") == "restart" {
					above[col] = ce
				} else if a := above[col]; a != nil {
					a.rowspan++
					ce.skip = true
				}
			} else {
				delete(above, col)
			}
			row = append(row, ce)
			col += span
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return
	}
	heads := 0
	for heads < len(rows) && len(rows[heads]) > 0 && rows[heads][0].header {
		heads++
	}
	c.write("<table>\n")
	if heads > 0 {
		c.write("<thead>\n")
		c.rows(rows[:heads])
		c.write("</thead>\n")
	}
	if heads < len(rows) {
		c.write("<tbody>\n")
		c.rows(rows[heads:])
		c.write("</tbody>\n")
	}
	c.write("</table>\n")
}

func (c *converter) rows(rows [][]*cell) {
	for _, row := range rows {
		c.write("<tr>")
		for _, ce := range row {
			if ce.skip {
				continue
			}
			tag := "td"
			attrs := ""
			if ce.header {
				tag, attrs = "th", ` scope="col"`
			}
			if ce.span > 1 {
				attrs += ` colspan="` + strconv.Itoa(ce.span) + `"`
			}
			if ce.rowspan > 1 {
				attrs += ` rowspan="` + strconv.Itoa(ce.rowspan) + `"`
			}
			c.write("<" + tag + attrs + ">")
			c.cellContent(ce.n)
			c.write("</" + tag + ">")
		}
		c.write("</tr>\n")
		if c.err != nil {
			return
		}
	}
}

// cellContent converts a cell: a single paragraph as bare inline text,
// several as paragraphs, lists and tables inside as they are.
func (c *converter) cellContent(tc *node) {
	outer, started := c.lists, c.started
	c.lists, c.started = nil, true
	var ps []*node
	simple := true
	for _, k := range tc.kids {
		switch k.name {
		case "p":
			ps = append(ps, k)
		case "tcPr":
		default:
			simple = false
		}
	}
	if simple && len(ps) == 1 && ps[0].kid("pPr").kid("numPr") == nil {
		var segs []seg
		c.inline(ps[0], nil, "", &segs)
		c.write(render(segs, false))
		c.images(segs)
	} else {
		for _, k := range tc.kids {
			c.block(k)
		}
		c.closeLists()
	}
	c.lists, c.started = outer, started
}
