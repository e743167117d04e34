package docx

import (
	"fmt"
	"path"
	"strings"

	"trangtin/internal/vi"
)

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
