package docx

import (
	"fmt"
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

// paraProps is what a paragraph's properties and style make of it.
type paraProps struct {
	level       int  // heading level, 0 for none
	title       bool // the document's Title style
	numID, ilvl string
	hasNum      bool
	rPrs        []*node // the style chain's run properties, base first
}

// paraStyle resolves a paragraph's heading level, list membership and
// the run properties its style gives its text.
func (c *converter) paraStyle(ppr *node) paraProps {
	var pp paraProps
	styleID := ppr.kid("pStyle").attr("val")
	if styleID == "" {
		styleID = c.defPara
	}
	chain := c.chain(styleID)
	if o := ppr.kid("outlineLvl"); o != nil {
		if n, err := strconv.Atoi(o.attr("val")); err == nil && n >= 0 && n < 9 {
			pp.level = n + 1
		}
	}
	for _, st := range chain {
		if st.name == "title" {
			pp.title = true
		}
		if pp.level == 0 && strings.HasPrefix(st.name, "heading ") {
			if n, err := strconv.Atoi(strings.TrimPrefix(st.name, "heading ")); err == nil && n >= 1 && n <= 9 {
				pp.level = n
			}
		}
		if pp.level == 0 && st.outline > 0 {
			pp.level = st.outline
		}
	}
	if np := ppr.kid("numPr"); np != nil {
		pp.numID, pp.ilvl, pp.hasNum = np.kid("numId").attr("val"), np.kid("ilvl").attr("val"), true
	} else {
		for _, st := range chain {
			if st.hasNum {
				pp.numID, pp.ilvl, pp.hasNum = st.numID, st.ilvl, true
				break
			}
		}
	}
	// A heading's look is the heading's own: its style's bold is not kept.
	for i := len(chain) - 1; i >= 0 && !pp.title && pp.level == 0; i-- {
		pp.rPrs = append(pp.rPrs, chain[i].rPr)
	}
	return pp
}

// paragraph converts a w:p: a heading, a list item or a paragraph, with
// its pictures after its text.
func (c *converter) paragraph(p *node) {
	ps := c.paraStyle(p.kid("pPr"))
	level, title, pStyles := ps.level, ps.title, ps.rPrs
	numID, ilvl, hasNum := ps.numID, ps.ilvl, ps.hasNum
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

// cleanText collapses whitespace and normalises to NFC.
func cleanText(s string) string {
	return vi.NFC(strings.Join(strings.Fields(s), " "))
}
