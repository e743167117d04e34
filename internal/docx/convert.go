package docx

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"trangtin/internal/vi"
)

// style is what the converter uses of a style of styles.xml.
type style struct {
	name, basedOn string
	outline       int // heading level from w:outlineLvl (1-based), 0 none
	numID, ilvl   string
	hasNum        bool
	rPr           *node
}

// runProps are the run properties that survive the conversion.
type runProps struct {
	bold, italic bool
	font         string
}

// seg is a piece of a paragraph's content.
type seg struct {
	text         string
	bold, italic bool
	href         string
	br           bool
	img          int // index in Doc.Images, or -1
}

type rel struct {
	target   string
	external bool
}

type converter struct {
	z   *reader
	lim Limits
	doc *Doc

	rels       map[string]rel
	styles     map[string]*style
	defPara    string // the default paragraph style's ID
	defRPr     *node  // docDefaults' run properties
	numFmt     map[string]map[string]string
	imageIndex map[string]int // part name → index in doc.Images

	cur       strings.Builder
	htmlBytes int
	lists     []string // open lists, outermost first: "ul" or "ol"
	started   bool     // a block was emitted or taken as the title
	tooMany   bool     // the pictures' limit was reached
	err       error
}

func (c *converter) run() error {
	if err := c.readRels(); err != nil {
		return err
	}
	if err := c.readStyles(); err != nil {
		return err
	}
	if err := c.readNumbering(); err != nil {
		return err
	}
	rc, err := c.z.part("word/document.xml", c.lim.MaxPartBytes)
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := parseXML(rc, c.lim.MaxDepth, "body", func(n *node) error {
		c.block(n)
		return c.err
	}); err != nil {
		return err
	}
	c.closeLists()
	c.flush()
	if c.err != nil {
		return c.err
	}
	if c.doc.Title == "" {
		core, err := c.readPart("docProps/core.xml")
		if err != nil {
			return err
		}
		if t := core.find("title"); t != nil {
			c.doc.Title = cleanText(t.text)
		}
	}
	return nil
}

func (c *converter) readRels() error {
	c.rels = map[string]rel{}
	root, err := c.readPart("word/_rels/document.xml.rels")
	if err != nil || root == nil {
		return err
	}
	rs := root.kid("Relationships")
	if rs == nil {
		return nil
	}
	for _, r := range rs.kids {
		if r.name == "Relationship" {
			c.rels[r.attr("Id")] = rel{target: r.attr("Target"), external: strings.EqualFold(r.attr("TargetMode"), "External")}
		}
	}
	return nil
}

func (c *converter) readStyles() error {
	c.styles = map[string]*style{}
	root, err := c.readPart("word/styles.xml")
	if err != nil || root == nil {
		return err
	}
	ss := root.kid("styles")
	if ss == nil {
		return nil
	}
	if dd := ss.kid("docDefaults"); dd != nil {
		c.defRPr = dd.kid("rPrDefault").kid("rPr")
	}
	for _, s := range ss.kids {
		if s.name != "style" {
			continue
		}
		id := s.attr("styleId")
		st := &style{name: strings.ToLower(strings.TrimSpace(s.kid("name").attr("val"))), basedOn: s.kid("basedOn").attr("val"), rPr: s.kid("rPr")}
		if ppr := s.kid("pPr"); ppr != nil {
			if o := ppr.kid("outlineLvl"); o != nil {
				if n, err := strconv.Atoi(o.attr("val")); err == nil && n >= 0 && n < 9 {
					st.outline = n + 1
				}
			}
			if np := ppr.kid("numPr"); np != nil {
				st.hasNum, st.numID, st.ilvl = true, np.kid("numId").attr("val"), np.kid("ilvl").attr("val")
			}
		}
		c.styles[id] = st
		if d := s.attr("default"); s.attr("type") == "paragraph" && (d == "1" || d == "true" || d == "on") {
			c.defPara = id
		}
	}
	return nil
}

func (c *converter) readNumbering() error {
	c.numFmt = map[string]map[string]string{}
	root, err := c.readPart("word/numbering.xml")
	if err != nil || root == nil {
		return err
	}
	nb := root.kid("numbering")
	if nb == nil {
		return nil
	}
	abstract := map[string]map[string]string{}
	for _, a := range nb.kids {
		if a.name != "abstractNum" {
			continue
		}
		lv := map[string]string{}
		for _, l := range a.kids {
			if l.name == "lvl" {
				lv[l.attr("ilvl")] = l.kid("numFmt").attr("val")
			}
		}
		abstract[a.attr("abstractNumId")] = lv
	}
	for _, n := range nb.kids {
		if n.name == "num" {
			if lv, ok := abstract[n.kid("abstractNumId").attr("val")]; ok {
				c.numFmt[n.attr("numId")] = lv
			}
		}
	}
	return nil
}

// chain is the style id and the styles it is based on, the base last
// (at most 20, against loops).
func (c *converter) chain(id string) []*style {
	var out []*style
	for i := 0; i < 20 && id != ""; i++ {
		st := c.styles[id]
		if st == nil {
			break
		}
		out = append(out, st)
		id = st.basedOn
	}
	return out
}

// write appends HTML to the body.
func (c *converter) write(s string) {
	c.htmlBytes += len(s)
	if c.htmlBytes > c.lim.MaxHTMLBytes && c.err == nil {
		c.err = tooBig(fmt.Sprintf("nội dung dài hơn %s", sizeText(int64(c.lim.MaxHTMLBytes))))
	}
	c.cur.WriteString(s)
}

func (c *converter) flush() {
	if c.cur.Len() > 0 {
		c.doc.parts = append(c.doc.parts, part{html: c.cur.String(), img: -1})
		c.cur.Reset()
	}
}

func (c *converter) writeImage(i int) {
	c.flush()
	c.doc.parts = append(c.doc.parts, part{img: i})
}

// block converts a child of the body, a table cell or a content control.
func (c *converter) block(n *node) {
	if c.err != nil {
		return
	}
	switch n.name {
	case "p":
		c.paragraph(n)
	case "tbl":
		c.closeLists()
		c.table(n)
	case "sdt":
		for _, k := range n.kid("sdtContent").kids {
			c.block(k)
		}
	case "customXml", "ins", "moveTo":
		for _, k := range n.kids {
			c.block(k)
		}
	case "AlternateContent":
		if ch := n.kid("Choice"); ch != nil {
			for _, k := range ch.kids {
				c.block(k)
			}
		}
	}
}

// paragraph converts a w:p: a heading, a list item or a paragraph, with
// its pictures after its text.
func (c *converter) paragraph(p *node) {
	ppr := p.kid("pPr")
	styleID := ppr.kid("pStyle").attr("val")
	if styleID == "" {
		styleID = c.defPara
	}
	chain := c.chain(styleID)
	level, title := 0, false
	if o := ppr.kid("outlineLvl"); o != nil {
		if n, err := strconv.Atoi(o.attr("val")); err == nil && n >= 0 && n < 9 {
			level = n + 1
		}
	}
	for _, st := range chain {
		if st.name == "title" {
			title = true
		}
		if level == 0 && strings.HasPrefix(st.name, "heading ") {
			if n, err := strconv.Atoi(strings.TrimPrefix(st.name, "heading ")); err == nil && n >= 1 && n <= 9 {
				level = n
			}
		}
		if level == 0 && st.outline > 0 {
			level = st.outline
		}
	}
	numID, ilvl, hasNum := "", "", false
	if np := ppr.kid("numPr"); np != nil {
		numID, ilvl, hasNum = np.kid("numId").attr("val"), np.kid("ilvl").attr("val"), true
	} else {
		for _, st := range chain {
			if st.hasNum {
				numID, ilvl, hasNum = st.numID, st.ilvl, true
				break
			}
		}
	}
	var pStyles []*node
	for i := len(chain) - 1; i >= 0 && !title && level == 0; i-- { // a heading's style is the heading's own
		pStyles = append(pStyles, chain[i].rPr)
	}
	var segs []seg
	c.inline(p, pStyles, "", &segs)
	text := render(segs, title || level > 0)
	hasText := strings.TrimSpace(strings.ReplaceAll(text, "<br>", "")) != ""

	// The first block of the document is its title when it looks like one.
	if !c.started && hasText && (title || level == 1) && c.doc.Title == "" {
		c.started = true
		c.doc.Title = cleanText(plain(segs))
		c.images(segs)
		return
	}
	if !hasText && !hasImage(segs) {
		return
	}
	c.started = true
	switch {
	case title || level > 0:
		c.closeLists()
		h := "h2"
		switch {
		case title || level == 1:
		case level == 2:
			h = "h3"
		default:
			h = "h4"
		}
		if hasText {
			c.write("<" + h + ">" + text + "</" + h + ">\n")
		}
		c.images(segs)
	case hasNum && numID != "" && numID != "0" && c.numFmt[numID] != nil:
		lvl, _ := strconv.Atoi(ilvl)
		lvl = min(max(lvl, 0), 8)
		tag := "ol"
		if c.numFmt[numID][strconv.Itoa(lvl)] == "bullet" || c.numFmt[numID][strconv.Itoa(lvl)] == "none" {
			tag = "ul"
		}
		c.listItem(lvl, tag)
		c.write(text)
		c.images(segs)
	default:
		c.closeLists()
		if hasText {
			c.write("<p>" + text + "</p>\n")
		}
		c.images(segs)
	}
}

func hasImage(segs []seg) bool {
	for _, s := range segs {
		if s.img >= 0 {
			return true
		}
	}
	return false
}

func (c *converter) images(segs []seg) {
	for _, s := range segs {
		if s.img >= 0 {
			c.writeImage(s.img)
		}
	}
}

// listItem opens a list item at level lvl (0-based) of a list of kind tag,
// closing and opening lists as needed; the item stays open until the next
// item or the end of the lists.
func (c *converter) listItem(lvl int, tag string) {
	for len(c.lists) > lvl+1 {
		c.closeList()
	}
	if len(c.lists) == lvl+1 && c.lists[lvl] != tag {
		c.closeList()
	}
	if len(c.lists) == lvl+1 {
		c.write("</li>\n<li>")
		return
	}
	for len(c.lists) < lvl+1 {
		c.write("<" + tag + ">\n<li>")
		c.lists = append(c.lists, tag)
	}
}

func (c *converter) closeList() {
	tag := c.lists[len(c.lists)-1]
	c.lists = c.lists[:len(c.lists)-1]
	c.write("</li>\n</" + tag + ">\n")
}

func (c *converter) closeLists() {
	for len(c.lists) > 0 {
		c.closeList()
	}
}

// inline collects the content of a paragraph (or of an element inside
// one) into segs; href is the link around it.
func (c *converter) inline(n *node, pStyles []*node, href string, segs *[]seg) {
	for _, k := range n.kids {
		switch k.name {
		case "r":
			c.runContent(k, pStyles, href, segs)
		case "hyperlink":
			h := href
			if r, ok := c.rels[k.attr("id")]; ok && r.external && safeURL(r.target) {
				h = r.target
			}
			c.inline(k, pStyles, h, segs)
		case "ins", "moveTo", "smartTag", "customXml", "fldSimple", "bdo", "dir":
			c.inline(k, pStyles, href, segs)
		case "sdt":
			c.inline(k.kid("sdtContent"), pStyles, href, segs)
		case "AlternateContent":
			c.inline(k.kid("Choice"), pStyles, href, segs)
		}
	}
}

func safeURL(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}

// props resolves a run's properties: the document defaults, then the
// paragraph's style, the run's style, the run's own.
func (c *converter) props(r *node, pStyles []*node) runProps {
	var p runProps
	apply := func(rpr *node) {
		if rpr == nil {
			return
		}
		for _, k := range rpr.kids {
			switch k.name {
			case "b":
				p.bold = on(k)
			case "i":
				p.italic = on(k)
			case "rFonts":
				if f := k.attr("ascii"); f != "" {
					p.font = f
				} else if f := k.attr("hAnsi"); f != "" {
					p.font = f
				}
			}
		}
	}
	apply(c.defRPr)
	for _, s := range pStyles {
		apply(s)
	}
	rpr := r.kid("rPr")
	if rs := rpr.kid("rStyle").attr("val"); rs != "" {
		ch := c.chain(rs)
		for i := len(ch) - 1; i >= 0; i-- {
			apply(ch[i].rPr)
			switch ch[i].name {
			case "strong":
				p.bold = true
			case "emphasis":
				p.italic = true
			}
		}
	}
	apply(rpr)
	return p
}

// legacy returns the converter of a legacy Vietnamese font, or nil.
func legacy(font string) (func(string) string, string) {
	f := strings.ToLower(strings.TrimSpace(font))
	switch {
	case strings.HasPrefix(f, ".vn"):
		if strings.HasSuffix(f, "h") {
			// .VnTimeH, .VnArialH: capitals stored with the small codes.
			return func(s string) string { return strings.ToUpper(vi.FromTCVN3(s)) }, "tcvn3"
		}
		return vi.FromTCVN3, "tcvn3"
	case strings.HasPrefix(f, "vni-") || strings.HasPrefix(f, "vni "):
		return vi.FromVNI, "vni"
	}
	return nil, ""
}

// runContent collects a w:r: its text, breaks and pictures.
func (c *converter) runContent(r *node, pStyles []*node, href string, segs *[]seg) {
	p := c.props(r, pStyles)
	conv, kind := legacy(p.font)
	add := func(s string) {
		if conv != nil {
			s = conv(s)
		}
		if n := len(*segs); n > 0 {
			last := &(*segs)[n-1]
			if last.img < 0 && !last.br && last.bold == p.bold && last.italic == p.italic && last.href == href {
				last.text += s
				return
			}
		}
		*segs = append(*segs, seg{text: s, bold: p.bold, italic: p.italic, href: href, img: -1})
	}
	counted := false
	for _, k := range r.kids {
		switch k.name {
		case "t":
			if k.text == "" {
				continue
			}
			add(k.text)
			if conv != nil && !counted {
				counted = true
				if kind == "tcvn3" {
					c.doc.TCVN3Runs++
				} else {
					c.doc.VNIRuns++
				}
			}
		case "tab", "ptab":
			add(" ")
		case "noBreakHyphen":
			add("-")
		case "br", "cr":
			if t := k.attr("type"); t == "page" || t == "column" {
				continue
			}
			*segs = append(*segs, seg{br: true, img: -1})
		case "drawing":
			c.drawing(k, segs)
		case "pict", "object":
			if im := k.find("imagedata"); im != nil {
				c.picture(im.attr("id"), im.attr("title"), segs)
			}
		case "AlternateContent":
			ch := k.kid("Choice")
			if ch != nil {
				c.runContent(&node{name: "r", kids: append([]*node{r.kid("rPr")}, ch.kids...)}, pStyles, href, segs)
			}
		}
	}
}

// drawing adds the picture of a w:drawing (DrawingML), with its Alt Text.
func (c *converter) drawing(d *node, segs *[]seg) {
	blip := d.find("blip")
	if blip == nil {
		return
	}
	alt := ""
	if pr := d.find("docPr"); pr != nil {
		alt = pr.attr("descr")
	}
	id := blip.attr("embed")
	if id == "" && blip.attr("link") != "" {
		c.note("Một ảnh trong tài liệu chỉ là liên kết tới tệp bên ngoài, không có trong tệp Word nên không nhập được.")
		return
	}
	c.picture(id, alt, segs)
}

// picture adds the picture of relationship id.
func (c *converter) picture(id, alt string, segs *[]seg) {
	r, ok := c.rels[id]
	if !ok || r.external {
		return
	}
	name := r.target
	if strings.HasPrefix(name, "/") {
		name = strings.TrimPrefix(path.Clean(name), "/")
	} else {
		name = path.Clean("word/" + name)
	}
	f := c.z.files[name]
	if f == nil {
		return
	}
	i, ok := c.imageIndex[name]
	if !ok {
		if len(c.doc.Images) >= c.lim.MaxImages {
			if !c.tooMany {
				c.tooMany = true
				c.note(fmt.Sprintf(msgTooManyImgs, c.lim.MaxImages, c.lim.MaxImages))
			}
			return
		}
		i = len(c.doc.Images)
		c.imageIndex[name] = i
		c.doc.Images = append(c.doc.Images, Image{Name: path.Base(name), Alt: cleanText(alt), f: f, max: c.lim.MaxImageBytes, z: c.z})
	}
	*segs = append(*segs, seg{img: i})
}

func (c *converter) note(s string) {
	for _, n := range c.doc.Notes {
		if n == s {
			return
		}
	}
	c.doc.Notes = append(c.doc.Notes, s)
}

// render writes segs as inline HTML (pictures left out); in a heading,
// bold is the heading's own and is not marked.
func render(segs []seg, heading bool) string {
	var b strings.Builder
	for _, s := range segs {
		if s.img >= 0 {
			continue
		}
		if s.br {
			b.WriteString("<br>")
			continue
		}
		bold := s.bold && !heading
		if s.href != "" {
			b.WriteString(`<a href="` + escape(s.href) + `">`)
		}
		if bold {
			b.WriteString("<strong>")
		}
		if s.italic {
			b.WriteString("<em>")
		}
		b.WriteString(escape(s.text))
		if s.italic {
			b.WriteString("</em>")
		}
		if bold {
			b.WriteString("</strong>")
		}
		if s.href != "" {
			b.WriteString("</a>")
		}
	}
	return strings.TrimSpace(b.String())
}

// plain is the text of segs.
func plain(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.br {
			b.WriteByte(' ')
		}
		b.WriteString(s.text)
	}
	return b.String()
}

// cleanText collapses whitespace and normalises to NFC.
func cleanText(s string) string {
	return vi.NFC(strings.Join(strings.Fields(s), " "))
}

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
